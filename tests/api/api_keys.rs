//! API keys: ERP scripts and the vendor's integration authenticate with `lms_…` keys that
//! act as their creator; a revoked key stops at once; keys are private to their user.

use serde_json::json;

use crate::helpers::spawn_app_with_dealer;

#[tokio::test]
async fn a_key_acts_as_its_creator_until_revoked() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let created = app.api_key(&dealer.token, "ERP sync").await;
    let secret = created["key_secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("lms_") && secret.len() == 44, "{secret}");
    assert!(secret.starts_with(created["prefix"].as_str().unwrap()));

    let me = app.get("/me", &secret).await.expect(200);
    assert_eq!(me["email"], dealer.email);
    let customer = app
        .post(
            "/customers",
            &secret,
            &json!({"name": "From ERP", "country": "NL"}),
        )
        .await
        .expect(201);
    assert_eq!(
        app.get(
            &format!("/customers/{}", customer["id"].as_str().unwrap()),
            &dealer.token
        )
        .await
        .expect(200)["name"],
        "From ERP"
    );

    let listed = app.get("/api-keys", &dealer.token).await.expect(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert!(
        listed["items"][0].get("key_secret").is_none(),
        "the secret is shown once"
    );

    let id = created["id"].as_str().unwrap();
    app.delete(&format!("/api-keys/{id}"), &dealer.token)
        .await
        .expect(204);
    app.get("/me", &secret)
        .await
        .expect_error(401, "UNAUTHENTICATED");
    app.delete(&format!("/api-keys/{id}"), &dealer.token)
        .await
        .expect_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn keys_are_private_and_carry_their_creators_roles() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let other = app.dealer().await;
    let key = app.api_key(&dealer.token, "mine").await;
    let id = key["id"].as_str().unwrap();
    app.delete(&format!("/api-keys/{id}"), &other.token)
        .await
        .expect_error(404, "NOT_FOUND");
    assert_eq!(
        app.get("/api-keys", &other.token).await.expect(200)["items"],
        json!([])
    );
    let secret = key["key_secret"].as_str().unwrap();
    app.get("/admin/partners", secret)
        .await
        .expect_error(403, "FORBIDDEN");

    // The vendor's integration: a key of a vendor admin ships POs.
    let integration = app.api_key(&app.admin_token, "BusinessNet").await;
    app.ship(&dealer, &[("EU917062", 2)])
        .po("BN-1")
        .by(integration["key_secret"].as_str().unwrap())
        .await;
    app.post("/api-keys", &dealer.token, &json!({"name": "  "}))
        .await
        .expect_error(422, "INVALID_FIELD");
    app.get("/me", "lms_notarealkeyatallnotarealkeyatallxxxxxx")
        .await
        .expect_error(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn idempotency_keys_work_with_api_keys() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let key = app.api_key(&dealer.token, "erp").await;
    let secret = key["key_secret"].as_str().unwrap();
    for _ in 0..2 {
        app.post_with_key(
            secret,
            "/customers",
            "order-7",
            &json!({"name": "Once", "country": "NL"}),
        )
        .await
        .expect(201);
    }
    assert_eq!(
        app.get("/customers", &dealer.token).await.expect(200)["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
