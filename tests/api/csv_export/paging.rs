//! An export holds every matching row once, in the JSON list's order, over many pages of the
//! store; the list's filters apply, its `limit` and `cursor` do not.

use serde_json::{Value, json};

use super::{column, csv_text, export, records};
use crate::helpers::{TestApp, id_of, query_value, spawn_app_with_dealer};

/// More than two of the export's 200-row pages.
const LOCATIONS: usize = 450;

/// `LOCATIONS` SV9100s under one customer, two of each name (the id breaks the tie).
async fn many_locations(app: &TestApp, token: &str, customer: &str) {
    let all: Vec<Value> = (0..LOCATIONS)
        .map(|i| {
            json!({"name": format!("Site {:03}", i / 2), "system_type": "SV9100_CP10",
                   "hwkc": format!("34{:010}", 7_000_000 + i)})
        })
        .collect();
    for chunk in all.chunks(100) {
        let answer = app
            .post(
                &format!("/customers/{customer}/locations/batch"),
                token,
                &json!({"locations": chunk, "all_or_nothing": true}),
            )
            .await
            .expect(200);
        assert_eq!(answer["created"].as_u64(), Some(chunk.len() as u64));
    }
}

#[tokio::test]
async fn every_row_once_in_list_order_whatever_limit_and_cursor_say() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let t = &dealer.token;
    let customer = app.customer(&dealer).await;
    many_locations(&app, t, &customer).await;
    let path = format!("/customers/{customer}/locations");
    let listed: Vec<String> = app
        .all_pages(&path, t, 200)
        .await
        .iter()
        .map(id_of)
        .collect();
    let first = app.get(&format!("{path}?limit=3"), t).await.expect(200);
    let cursor = query_value(first["next_cursor"].as_str().unwrap());

    for query in ["", "?limit=3", &format!("?limit=3&cursor={cursor}")] {
        // Act
        let reply = export(&app, &format!("{path}{query}"), t).await;

        // Assert
        let (_, rows) = records(csv_text(&reply, "customer-locations"));
        assert_eq!(rows.len(), LOCATIONS, "{query}");
        assert_eq!(column(&rows, "id"), listed, "{query}");
    }
}

#[tokio::test]
async fn the_lists_filters_apply_to_the_export() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let t = &dealer.token;
    let customer = app.customer(&dealer).await;
    many_locations(&app, t, &customer).await;
    app.customer(&dealer).named("Zonneveld").await;

    // (path, file, column, what the JSON list has)
    for (path, file, key) in [
        ("/locations?q=site%2012", "locations", "id"),
        ("/locations?q=340007000", "locations", "id"),
        ("/customers?q=zonne", "customers", "name"),
        (
            "/audit-events?subject=nothing-has-this-id",
            "audit-events",
            "id",
        ),
    ] {
        let listed = app.all_pages(path, t, 50).await;
        let expected: Vec<&str> = listed.iter().map(|i| i[key].as_str().unwrap()).collect();

        // Act
        let reply = export(&app, path, t).await;

        // Assert
        let (_, rows) = records(csv_text(&reply, file));
        assert_eq!(column(&rows, key), expected, "{path}");
    }
    // Site 120–129, two of each name.
    let reply = export(&app, "/locations?q=site%2012", t).await;
    assert_eq!(records(&reply.text).1.len(), 20);
}
