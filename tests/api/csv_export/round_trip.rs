//! What a customer typed comes back out of the export exactly (commas, quotes, line breaks,
//! any script), read by Python's csv module; only a formula's start gains a `'`.

use serde_json::Value;

use super::{cell, csv_text, export, records};
use crate::helpers::spawn_app_with_dealer;

#[tokio::test]
async fn awkward_text_round_trips_through_pythons_csv_module() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let awkward = [
        ("name", "Bakkerij \"De Molen\", Zoë & Søn — 東京 🍞"),
        ("address", "Dorpsstraat 1,\nUnit \"B\"\n3e verdieping"),
        ("city", "-5 °C, Kiruna"),
        ("contact_name", "@ops, \"Åsa\""),
        ("phone", "+31 30 123 4567"),
        (
            "reference_note",
            "=HYPERLINK(\"http://evil.example\",\"click\")",
        ),
    ];
    let mut customer = app.customer(&dealer);
    for (field, value) in awkward {
        customer = customer.with(field, value);
    }
    customer.await;
    app.customer(&dealer).named("Plain").await;
    let listed = app.get("/customers", &dealer.token).await.expect(200);

    // Act
    let reply = export(&app, "/customers", &dealer.token).await;

    // Assert
    let text = csv_text(&reply, "customers");
    assert!(text.ends_with("\r\n"), "records end in CRLF");
    let (header, rows) = records(text);
    let items = listed["items"].as_array().unwrap();
    assert_eq!(rows.len(), items.len());
    for (row, item) in rows.iter().zip(items) {
        for column in &header {
            assert_eq!(
                row[column].as_str().unwrap(),
                cell(&item[column]),
                "column {column} of {item}"
            );
        }
    }
    // The exact cells, spelled out: nothing lost, formulas defused.
    let odd = &rows[0];
    let text_of = |c: &str| odd[c].as_str().unwrap().to_owned();
    assert_eq!(text_of("name"), awkward[0].1);
    assert_eq!(text_of("address"), awkward[1].1);
    assert_eq!(text_of("city"), "'-5 °C, Kiruna");
    assert_eq!(text_of("contact_name"), "'@ops, \"Åsa\"");
    assert_eq!(text_of("phone"), "'+31 30 123 4567");
    assert_eq!(
        text_of("reference_note"),
        "'=HYPERLINK(\"http://evil.example\",\"click\")"
    );
    assert_eq!(rows[1]["address"], Value::String(String::new()));
}
