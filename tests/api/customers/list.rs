//! The customer list: `q` on name or reference note, taken literally, and paging through
//! every customer exactly once.

use std::collections::HashSet;

use serde_json::Value;

use super::field;
use crate::helpers::{id_of, item_texts, query_value, spawn_app_with_dealer};

fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(id_of).collect()
}

#[tokio::test]
async fn the_list_filters_by_name_or_reference_note_ignoring_case() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let other = app.dealer().await;
    // (name, reference note)
    let rows = [
        ("Hotel Zonneveld", Some("ERP-10042")),
        ("Zonnebloem Zorg", None),
        ("Bakkerij Jansen", Some("ERP-20001")),
        ("Garage 100% Auto", Some("key_account")),
        ("Keyxaccount Ltd", None),
    ];
    let mut by_name = std::collections::HashMap::new();
    for (name, note) in rows {
        let created = app
            .customer(&dealer)
            .named(name)
            .with("reference_note", note)
            .await;
        by_name.insert(name, created);
    }
    // "Keyxaccount" matches "y_a" only if `_` were a wildcard; another partner's customer
    // would match every query.
    app.customer(&other)
        .named("Zonneveld ERP Garage 100% key_account")
        .await;
    // (q, the names found)
    let queries: [(&str, &[&str]); 9] = [
        ("zonne", &["Hotel Zonneveld", "Zonnebloem Zorg"]),
        ("ZONNEVELD", &["Hotel Zonneveld"]),
        ("erp-", &["Bakkerij Jansen", "Hotel Zonneveld"]),
        ("10042", &["Hotel Zonneveld"]),
        ("z", &["Hotel Zonneveld", "Zonnebloem Zorg"]),
        ("%", &["Garage 100% Auto"]),
        ("_", &["Garage 100% Auto"]),
        ("y_a", &["Garage 100% Auto"]),
        ("nobody", &[]),
    ];

    for (q, names) in queries {
        // Act
        let found = app
            .get(&format!("/customers?q={}", query_value(q)), &dealer.token)
            .await
            .expect(200);

        // Assert
        let found: HashSet<String> = ids(found["items"].as_array().unwrap())
            .into_iter()
            .collect();
        let expected: HashSet<String> = names.iter().map(|n| by_name[n].clone()).collect();
        assert_eq!(found, expected, "q={q:?}");
    }
}

#[tokio::test]
async fn the_list_pages_through_every_customer_exactly_once() {
    // Arrange: some names repeat, so the id must break ties between pages.
    let (app, dealer) = spawn_app_with_dealer().await;
    let mut created = Vec::new();
    for name in [
        "Delta", "Alpha", "Charlie", "Bravo", "Alpha", "Alpha", "Echo",
    ] {
        created.push(app.customer(&dealer).named(name).await);
    }
    let one_page = app
        .get("/customers?limit=200", &dealer.token)
        .await
        .expect(200);
    let one_page = ids(one_page["items"].as_array().unwrap());

    for limit in [1, 2, 3, 7] {
        // Act
        let walked = ids(&app.all_pages("/customers", &dealer.token, limit).await);

        // Assert
        assert_eq!(walked, one_page, "limit={limit}");
    }
    let mut expected = created.clone();
    expected.sort();
    let mut listed = one_page.clone();
    listed.sort();
    assert_eq!(listed, expected, "every customer exactly once");
    // Sorted by name.
    let page = app
        .get("/customers?limit=200", &dealer.token)
        .await
        .expect(200);
    let names = item_texts(&page, "name");
    assert_eq!(
        names,
        [
            "Alpha", "Alpha", "Alpha", "Bravo", "Charlie", "Delta", "Echo"
        ]
    );
    // Paging with a query too.
    let alphas = app.all_pages("/customers?q=alpha", &dealer.token, 1).await;
    assert_eq!(alphas.len(), 3);
}

#[tokio::test]
async fn the_list_refuses_bad_paging() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;

    for (query, expected_field) in [
        ("limit=0", "limit"),
        ("limit=500", "limit"),
        ("cursor=%21%21garbage", "cursor"),
        ("cursor=Zm9v", "cursor"),
    ] {
        // Act
        let reply = app.get(&format!("/customers?{query}"), &dealer.token).await;

        // Assert
        let error = reply.expect_error(400, "INVALID_PAGING");
        assert_eq!(field(&error), expected_field, "{query}");
    }
}
