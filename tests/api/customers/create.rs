//! Creating and reading a customer: every field, the required ones, country codes, what is
//! refused, and who may create.

use serde_json::{Value, json};

use super::{OPTIONAL_FIELDS, field, full_customer};
use crate::helpers::{TestApp, id_of, spawn_app, spawn_app_with_dealer};

async fn all_customers(app: &TestApp, token: &str) -> Vec<Value> {
    app.all_pages("/customers", token, 200).await
}

#[tokio::test]
async fn a_customer_is_created_with_every_field_and_read_back() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
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
    let (app, dealer) = spawn_app_with_dealer().await;

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
    let (app, dealer) = spawn_app_with_dealer().await;

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
    let (app, dealer) = spawn_app_with_dealer().await;
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
    let (app, dealer) = spawn_app_with_dealer().await;
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
async fn vendor_staff_cannot_create_or_change_customers() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let customer = app.customer(&dealer).named("Dealer's Customer").await;
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
