//! Customers (SPEC §2 step 1, API.md "Customers and locations"): create with name and
//! country required, get, list with `q` and paging, partial update re-validating the whole
//! record; vendor staff have no customers of their own.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::helpers::{TestApp, at_once, id_of, query_value, spawn_app};

/// Every optional field, filled.
fn full_customer() -> Value {
    json!({
        "name": "Hotel Zonneveld",
        "country": "NL",
        "address": "Stationsplein 1",
        "postal_code": "3511 ED",
        "city": "Utrecht",
        "contact_name": "Anna de Vries",
        "email": "anna@zonneveld.example",
        "phone": "+31 30 123 4567",
        "reference_note": "ERP-10042",
    })
}

const OPTIONAL_FIELDS: [&str; 7] = [
    "address",
    "postal_code",
    "city",
    "contact_name",
    "email",
    "phone",
    "reference_note",
];

fn field(error: &Value) -> &str {
    error["error"]["field"].as_str().unwrap_or("<no field>")
}

async fn all_customers(app: &TestApp, token: &str) -> Vec<Value> {
    app.all_pages("/customers", token, 200).await
}

fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(id_of).collect()
}

#[tokio::test]
async fn a_customer_is_created_with_every_field_and_read_back() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let request = full_customer();

    // Act
    let created = app
        .post("/customers", &dealer.token, &request)
        .await
        .expect(201);

    // Assert
    let id = id_of(&created);
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    assert_eq!(created["name"], request["name"]);
    assert_eq!(created["country"], "NL");
    for f in OPTIONAL_FIELDS {
        assert_eq!(created[f], request[f], "{f}");
    }
    assert!(
        created["created_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    let read = app
        .get(&format!("/customers/{id}"), &dealer.token)
        .await
        .expect(200);
    assert_eq!(read, created);
}

#[tokio::test]
async fn name_and_country_are_enough_and_the_rest_is_null() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.dealer().await;

    // Act
    let created = app
        .post(
            "/customers",
            &dealer.token,
            &json!({"name": "  Bakkerij Jansen ", "country": "be"}),
        )
        .await
        .expect(201);

    // Assert
    assert_eq!(created["name"], "Bakkerij Jansen", "trimmed");
    assert_eq!(created["country"], "BE", "stored upper-case");
    for f in OPTIONAL_FIELDS {
        assert!(created[f].is_null(), "{f}: {}", created[f]);
    }
}

#[tokio::test]
async fn country_codes_are_accepted_in_any_case_and_stored_upper_case() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.dealer().await;

    for (given, stored) in [("nl", "NL"), ("De", "DE"), (" us ", "US"), ("GB", "GB")] {
        // Act
        let created = app
            .post(
                "/customers",
                &dealer.token,
                &json!({"name": "Country Test", "country": given}),
            )
            .await
            .expect(201);

        // Assert
        assert_eq!(created["country"], stored, "{given:?}");
        let read = app
            .get(&format!("/customers/{}", id_of(&created)), &dealer.token)
            .await
            .expect(200);
        assert_eq!(read["country"], stored, "{given:?}");
    }
}

#[tokio::test]
async fn invalid_customers_are_refused_naming_the_field_and_nothing_is_stored() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    // (body, status, code, field)
    let cases = [
        (
            json!({"name": "X", "country": "XX"}),
            422,
            "INVALID_FIELD",
            "country",
        ),
        (
            json!({"name": "X", "country": "Netherlands"}),
            422,
            "INVALID_FIELD",
            "country",
        ),
        (
            json!({"name": "X", "country": ""}),
            422,
            "INVALID_FIELD",
            "country",
        ),
        (
            json!({"name": "X", "country": "NL", "email": "not-an-email"}),
            422,
            "INVALID_FIELD",
            "email",
        ),
        (
            json!({"name": "X", "country": "NL", "email": "a@"}),
            422,
            "INVALID_FIELD",
            "email",
        ),
        (
            json!({"name": "   ", "country": "NL"}),
            422,
            "INVALID_FIELD",
            "name",
        ),
        (
            json!({"name": "x".repeat(201), "country": "NL"}),
            422,
            "INVALID_FIELD",
            "name",
        ),
        (
            json!({"name": "X", "country": "NL", "city": "a\u{0}b"}),
            422,
            "INVALID_FIELD",
            "city",
        ),
        (json!({"country": "NL"}), 422, "INVALID_BODY", "name"),
        (json!({"name": "X"}), 422, "INVALID_BODY", "country"),
        (
            json!({"name": "X", "country": "NL", "vat": "NL123"}),
            422,
            "INVALID_BODY",
            "vat",
        ),
        (
            json!({"name": 42, "country": "NL"}),
            422,
            "INVALID_BODY",
            "name",
        ),
    ];

    for (request, status, code, expected_field) in cases {
        // Act
        let reply = app.post("/customers", &dealer.token, &request).await;

        // Assert
        let error = reply.expect_error(status, code);
        assert_eq!(field(&error), format!("/{expected_field}"), "{request}");
    }
    assert!(all_customers(&app, &dealer.token).await.is_empty());
}

#[tokio::test]
async fn an_unknown_customer_is_not_found() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let random = uuid::Uuid::new_v4();

    for path in [
        format!("/customers/{random}"),
        "/customers/not-a-uuid".into(),
    ] {
        // Act
        let reply = app.get(&path, &dealer.token).await;

        // Assert
        reply.expect_error(404, "NOT_FOUND");
    }
}

#[tokio::test]
async fn the_list_filters_by_name_or_reference_note_ignoring_case() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.dealer().await;
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
            .post(
                "/customers",
                &dealer.token,
                &json!({"name": name, "country": "NL", "reference_note": note}),
            )
            .await
            .expect(201);
        by_name.insert(name, id_of(&created));
    }
    // "Keyxaccount" matches "y_a" only if `_` were a wildcard; another partner's customer
    // would match every query.
    app.post(
        "/customers",
        &other.token,
        &json!({"name": "Zonneveld ERP Garage 100% key_account", "country": "NL"}),
    )
    .await
    .expect(201);
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
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let mut created = Vec::new();
    for name in [
        "Delta", "Alpha", "Charlie", "Bravo", "Alpha", "Alpha", "Echo",
    ] {
        created.push(app.customer(&dealer.token, name).await);
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
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
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
    let app = spawn_app().await;
    let dealer = app.dealer().await;

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

#[tokio::test]
async fn a_patch_changes_only_the_given_fields_and_null_clears() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let created = app
        .post("/customers", &dealer.token, &full_customer())
        .await
        .expect(201);
    let path = format!("/customers/{}", id_of(&created));

    // Act
    let patched = app
        .patch(
            &path,
            &dealer.token,
            &json!({"city": "Amersfoort", "phone": null, "country": "de"}),
        )
        .await
        .expect(200);

    // Assert
    assert_eq!(patched["city"], "Amersfoort");
    assert!(patched["phone"].is_null());
    assert_eq!(patched["country"], "DE");
    for unchanged in [
        "id",
        "name",
        "address",
        "postal_code",
        "contact_name",
        "email",
        "reference_note",
        "created_at",
    ] {
        assert_eq!(patched[unchanged], created[unchanged], "{unchanged}");
    }
    let read = app.get(&path, &dealer.token).await.expect(200);
    assert_eq!(read, patched);
    // An empty patch changes nothing.
    let same = app
        .patch(&path, &dealer.token, &json!({}))
        .await
        .expect(200);
    for f in ["name", "country", "city", "phone", "email"] {
        assert_eq!(same[f], patched[f], "{f}");
    }
}

#[tokio::test]
async fn every_optional_field_can_be_cleared_with_null() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let created = app
        .post("/customers", &dealer.token, &full_customer())
        .await
        .expect(201);
    let path = format!("/customers/{}", id_of(&created));

    for f in OPTIONAL_FIELDS {
        // Act
        let patched = app
            .patch(&path, &dealer.token, &json!({ f: null }))
            .await
            .expect(200);

        // Assert
        assert!(patched[f].is_null(), "{f} not cleared: {patched}");
    }
    let read = app.get(&path, &dealer.token).await.expect(200);
    for f in OPTIONAL_FIELDS {
        assert!(read[f].is_null(), "{f}");
    }
    assert_eq!(read["name"], created["name"]);
}

#[tokio::test]
async fn a_patch_is_validated_as_a_whole_and_changes_nothing_when_refused() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let created = app
        .post("/customers", &dealer.token, &full_customer())
        .await
        .expect(201);
    let path = format!("/customers/{}", id_of(&created));
    // (patch, code, field)
    let cases = [
        (
            json!({"city": "Amersfoort", "email": "broken"}),
            "INVALID_FIELD",
            "email",
        ),
        (
            json!({"city": "Amersfoort", "country": "ZZ"}),
            "INVALID_FIELD",
            "country",
        ),
        (json!({"name": ""}), "INVALID_FIELD", "name"),
        (
            json!({"city": "Amersfoort", "vat": "x"}),
            "INVALID_BODY",
            "vat",
        ),
        (json!({"id": uuid::Uuid::new_v4()}), "INVALID_BODY", "id"),
    ];

    for (patch, code, expected_field) in cases {
        // Act
        let reply = app.patch(&path, &dealer.token, &patch).await;

        // Assert
        let error = reply.expect_error(422, code);
        assert_eq!(field(&error), format!("/{expected_field}"), "{patch}");
        let read = app.get(&path, &dealer.token).await.expect(200);
        assert_eq!(read, created, "{patch} changed the customer");
    }
}

#[tokio::test]
async fn vendor_staff_cannot_create_or_change_customers() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let customer = app.customer(&dealer.token, "Dealer's Customer").await;
    let path = format!("/customers/{customer}");
    let before = app.get(&path, &dealer.token).await.expect(200);

    // Act
    let create = app
        .post(
            "/customers",
            &app.admin_token,
            &json!({"name": "Vendor Customer", "country": "NL"}),
        )
        .await;
    let change = app
        .patch(&path, &app.admin_token, &json!({"city": "Vendorville"}))
        .await;

    // Assert
    create.expect_error(403, "PARTNER_REQUIRED");
    change.expect_error(403, "PARTNER_REQUIRED");
    let after = app.get(&path, &dealer.token).await.expect(200);
    assert_eq!(after, before);
    let listed = app
        .get("/customers?q=vendor", &app.admin_token)
        .await
        .expect(200);
    assert_eq!(listed["items"], json!([]), "a vendor customer was stored");
}

#[tokio::test]
async fn customers_need_a_token() {
    // Arrange
    let app = spawn_app().await;
    let body = json!({"name": "X", "country": "NL"});

    for (method, path, body) in [
        (reqwest::Method::GET, "/customers", None),
        (reqwest::Method::POST, "/customers", Some(&body)),
    ] {
        // Act
        let reply = app.call(method, path, None, body).await;

        // Assert
        reply.expect_error(401, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn required_fields_cannot_be_patched_away_with_null() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let created = app
        .post("/customers", &dealer.token, &full_customer())
        .await
        .expect(201);
    let path = format!("/customers/{}", id_of(&created));
    for field in ["name", "country"] {
        let refused = app
            .patch(&path, &dealer.token, &json!({ field: null }))
            .await
            .expect_error(422, "INVALID_FIELD");
        assert_eq!(refused["error"]["field"], format!("/{field}"));
    }
    assert_eq!(app.get(&path, &dealer.token).await.expect(200), created);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_patches_of_different_fields_both_survive() {
    // Arrange
    let app = std::sync::Arc::new(spawn_app().await);
    let dealer = app.dealer().await;
    let customer = app.customer(&dealer.token, "Race").await;
    let path = format!("/customers/{customer}");

    // Act: many pairs of PATCHes, each pair setting a different field at once.
    for round in 0..10 {
        let patches = [
            json!({"city": format!("City {round}")}),
            json!({"phone": format!("+31 {round}")}),
        ];
        let statuses = at_once(2, |i| {
            let (app, token, path, body) = (
                app.clone(),
                dealer.token.clone(),
                path.clone(),
                patches[i].clone(),
            );
            async move { app.patch(&path, &token, &body).await.status.as_u16() }
        })
        .await;
        assert_eq!(statuses, [200, 200]);

        // Assert: neither write lost the other's field.
        let now = app.get(&path, &dealer.token).await.expect(200);
        assert_eq!(
            (&now["city"], &now["phone"]),
            (
                &json!(format!("City {round}")),
                &json!(format!("+31 {round}"))
            ),
            "round {round}: a concurrent PATCH was lost"
        );
    }
}
