//! `Idempotency-Key`: a repeated POST answers its first response and does nothing twice.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

async fn post_with_key(
    app: &TestApp,
    token: &str,
    path: &str,
    key: &str,
    body: &Value,
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1{path}")))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_replayed_post_returns_the_first_response_and_creates_nothing_more() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let body = json!({"name": "ERP customer", "country": "DE"});
    let first = post_with_key(&app, &dealer.token, "/customers", "erp-42", &body).await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();

    let again = post_with_key(&app, &dealer.token, "/customers", "erp-42", &body).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    let listed = app.get("/customers", &dealer.token).await.expect(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);

    let other = json!({"name": "Another", "country": "DE"});
    let reused = post_with_key(&app, &dealer.token, "/customers", "erp-42", &other).await;
    assert_eq!(reused.status(), 422);
    assert_eq!(
        reused.json::<Value>().await.unwrap()["error"]["code"],
        "IDEMPOTENCY_KEY_REUSED"
    );

    // Keys belong to their user: another partner's same key is a new request.
    let stranger = app.dealer().await;
    assert_eq!(
        post_with_key(&app, &stranger.token, "/customers", "erp-42", &body)
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn a_replayed_attach_moves_quantity_once() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let shipment = json!({"partner_id": dealer.id, "po_number": "PO-I", "so_number": "SO",
        "lines": [{"part_number": "SV9100-IPPORT-8", "quantity": 5}]});
    let po = app
        .post("/admin/shipments", &app.admin_token, &shipment)
        .await
        .expect(201);
    let line = po["lines"][0]["id"].as_str().unwrap();
    let customer = app.customer(&dealer.token, "C").await;
    let loc = app
        .create_location(
            &dealer.token,
            &customer,
            json!({"name": "L", "system_type": "SV9100_CP10", "hwkc": "340000000042"}),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = json!({"lines": [{"po_line_id": line, "quantity": 2}]});
    for _ in 0..3 {
        let res = post_with_key(
            &app,
            &dealer.token,
            &format!("/locations/{loc}/attachments"),
            "attach-1",
            &body,
        )
        .await;
        assert_eq!(res.status(), 201);
    }
    let bin = app.get("/license-bin", &dealer.token).await.expect(200);
    assert_eq!(bin["items"][0]["lines"][0]["available"], 3);
    let licenses = app
        .get(&format!("/locations/{loc}/licenses"), &dealer.token)
        .await
        .expect(200);
    assert_eq!(licenses["attached"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_oversized_key_is_refused() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let res = post_with_key(
        &app,
        &dealer.token,
        "/customers",
        &"k".repeat(256),
        &json!({"name": "A", "country": "NL"}),
    )
    .await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "INVALID_IDEMPOTENCY_KEY"
    );
}
