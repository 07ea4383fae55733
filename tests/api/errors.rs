//! Bad input gets a JSON error with a stable code, never a 500 or an HTML page.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{Reply, TestApp, spawn_app, spawn_app_with_dealer};

/// POSTs `body` to `/customers` as it is, with `content_type`.
async fn post_customer_raw(app: &TestApp, token: &str, content_type: &str, body: &[u8]) -> Reply {
    app.raw(
        Method::POST,
        "/customers",
        Some(token),
        content_type,
        body.to_vec(),
    )
    .await
}

#[tokio::test]
async fn malformed_json_is_400_with_a_code() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let reply = post_customer_raw(&app, &dealer.token, "application/json", b"{\"name\": ").await;
    assert_eq!(
        (reply.status.as_u16(), reply.code()),
        (400, "MALFORMED_JSON")
    );
}

#[tokio::test]
async fn wrong_types_unknown_and_missing_fields_are_422_naming_the_field() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let t = &dealer.token;
    app.post("/customers", t, &json!({"name": 42, "country": "NL"}))
        .await
        .expect_error(422, "INVALID_BODY");
    let unknown = app
        .post(
            "/customers",
            t,
            &json!({"name": "A", "country": "NL", "partner_id": "x"}),
        )
        .await;
    assert_eq!(
        unknown.expect_error(422, "INVALID_BODY")["error"]["field"],
        "/partner_id"
    );
    let missing = app.post("/customers", t, &json!({"name": "A"})).await;
    assert_eq!(
        missing.expect_error(422, "INVALID_BODY")["error"]["field"],
        "/country"
    );
    let listed = app.get("/customers", t).await.expect(200);
    assert_eq!(
        listed["items"],
        json!([]),
        "nothing was created by the bad requests"
    );
}

#[tokio::test]
async fn wrong_content_type_and_oversized_bodies_are_refused_with_a_code() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let reply = post_customer_raw(&app, &dealer.token, "text/plain", b"{}").await;
    assert_eq!(
        (reply.status.as_u16(), reply.code()),
        (415, "UNSUPPORTED_MEDIA_TYPE")
    );

    let huge = json!({"name": "x".repeat(100_000), "country": "NL"});
    app.post("/customers", &dealer.token, &huge)
        .await
        .expect_error(413, "PAYLOAD_TOO_LARGE");
}

#[tokio::test]
async fn unknown_routes_and_bad_query_strings_answer_json() {
    let app = spawn_app().await;
    let reply = app
        .call(Method::GET, "/no-such-thing", Some(&app.admin_token), None)
        .await;
    reply.expect_error(404, "NOT_FOUND");
    let dealer = app.dealer().await;
    app.get("/customers?limit=abc", &dealer.token)
        .await
        .expect_error(400, "INVALID_QUERY");
    app.get("/customers?limit=0", &dealer.token)
        .await
        .expect_error(400, "INVALID_PAGING");
    app.get("/customers?colour=red", &dealer.token)
        .await
        .expect_error(400, "INVALID_QUERY");
}
