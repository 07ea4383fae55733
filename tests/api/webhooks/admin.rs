//! Vendor admins' webhook pages: endpoints (secret shown once, rotation, enable/disable,
//! the configured one read-only) and messages (attempts, redelivery).

use std::time::Duration;

use diesel::prelude::*;
use lms_store::schema::webhook_endpoints;
use serde_json::{Value, json};

use super::delivery::deliver_to;
use super::receiver::{Answer, Receiver, SECRET};
use crate::helpers::{TestApp, id_of, spawn_app_with_pool};

const WAIT: Duration = Duration::from_secs(20);

/// Adds an endpoint for `event_types` delivering to `url`; answers it with its secret.
async fn add_endpoint(app: &TestApp, url: &str, event_types: &[&str]) -> Value {
    app.post(
        "/admin/webhook-endpoints",
        &app.admin_token,
        &json!({"url": url, "event_types": event_types, "description": "Order desk"}),
    )
    .await
    .expect(201)
}

/// Polls `path` until `done` holds for its body.
async fn wait_until(app: &TestApp, path: &str, done: impl Fn(&Value) -> bool) -> Value {
    let start = std::time::Instant::now();
    loop {
        let body = app.get(path, &app.admin_token).await.expect(200);
        if done(&body) {
            return body;
        }
        assert!(start.elapsed() < WAIT, "{path}: {body}");
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

#[tokio::test]
async fn an_endpoint_shows_its_secret_once_and_keeps_it_sealed() {
    // Arrange
    let (app, pool) = spawn_app_with_pool(|_| {}).await;
    let t = &app.admin_token;

    // Act
    let created = add_endpoint(&app, "https://bn.example/hooks", &["swa.shipped"]).await;
    let id = id_of(&created);
    let path = format!("/admin/webhook-endpoints/{id}");

    // Assert
    let secret = created["secret"].as_str().unwrap();
    assert!(secret.starts_with("whsec_"));
    assert_eq!(created["event_types"], json!(["swa.shipped"]));
    assert_eq!(created["enabled"], true);
    assert_eq!(created["managed_by_config"], false);
    let read = app.get(&path, t).await.expect(200);
    assert!(read.get("secret").is_none());
    let listed = app.get("/admin/webhook-endpoints", t).await.expect(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert!(!listed.to_string().contains(secret));
    let sealed: String = webhook_endpoints::table
        .find(&id)
        .select(webhook_endpoints::secret_sealed)
        .first(&mut pool.get().unwrap())
        .unwrap();
    assert!(!sealed.contains(&secret["whsec_".len()..]), "stored sealed");
}

#[tokio::test]
async fn admins_change_rotate_and_delete_endpoints() {
    // Arrange
    let app = crate::helpers::spawn_app().await;
    let t = &app.admin_token;
    let created = add_endpoint(&app, "https://bn.example/hooks", &["swa.shipped"]).await;
    let path = format!("/admin/webhook-endpoints/{}", id_of(&created));

    // Act / Assert: change.
    let changed = app
        .patch(
            &path,
            t,
            &json!({"url": "https://bn.example/v2", "event_types": ["license.shipped", "swa.shipped"],
                    "description": null, "enabled": false}),
        )
        .await
        .expect(200);
    assert_eq!(changed["url"], "https://bn.example/v2");
    assert_eq!(
        changed["event_types"],
        json!(["license.shipped", "swa.shipped"])
    );
    assert_eq!(changed["description"], json!(null));
    assert_eq!(changed["enabled"], false);
    app.patch(&path, t, &json!({"url": "ftp://bn.example/"}))
        .await
        .expect_error(422, "INVALID_FIELD");

    // Rotate: a new secret, once; the previous one still signs for a day.
    let rotated = app
        .post_empty(&format!("{path}/secret-rotation"), t)
        .await
        .expect(200);
    assert_ne!(rotated["secret"], created["secret"]);
    assert!(rotated["previous_secret_until"].is_string());

    // Delete.
    app.delete(&path, t).await.expect(204);
    app.get(&path, t).await.expect_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn answering_a_secret_refuses_an_idempotency_key() {
    let app = crate::helpers::spawn_app().await;
    let t = &app.admin_token;
    let body = json!({"url": "https://bn.example/hooks", "event_types": ["swa.shipped"]});
    app.post_with_key(t, "/admin/webhook-endpoints", "k-1", &body)
        .await
        .expect_error(400, "IDEMPOTENCY_KEY_NOT_ACCEPTED");
    let id = id_of(&add_endpoint(&app, "https://bn.example/hooks", &["swa.shipped"]).await);
    let rotation = format!("/admin/webhook-endpoints/{id}/secret-rotation");
    app.post_with_key(t, &rotation, "k-2", &json!(null))
        .await
        .expect_error(400, "IDEMPOTENCY_KEY_NOT_ACCEPTED");
}

#[tokio::test]
async fn an_endpoint_gets_the_types_it_wants_signed_with_its_secret_and_during_a_rotation_both() {
    // Arrange: an endpoint for SWA shipments only.
    let receiver = Receiver::start(&[]);
    let (app, _pool) = spawn_app_with_pool(|s| {
        s.webhook_poll_interval_ms = 20;
    })
    .await;
    let dealer = app.swa_dealer().await;
    let created = add_endpoint(&app, &receiver.url, &["swa.shipped"]).await;
    let first = created["secret"].as_str().unwrap().to_owned();

    // Act
    app.ship(&dealer, &[("SV9100-IPPORT-8", 1)]).await;
    app.ship_swa(&dealer.id, "SWA-1", 10, "2099-01-01").await;
    let received = receiver.wait_for(1, WAIT).await;
    let rotated = app
        .post_empty(
            &format!(
                "/admin/webhook-endpoints/{}/secret-rotation",
                id_of(&created)
            ),
            &app.admin_token,
        )
        .await
        .expect(200);
    app.ship_swa(&dealer.id, "SWA-2", 10, "2099-01-01").await;
    let after = receiver.wait_for(2, WAIT).await;

    // Assert
    assert_eq!(
        received[0].json()["type"],
        "swa.shipped",
        "not license.shipped"
    );
    assert!(received[0].verifies_with(&first));
    assert!(!received[0].verifies_with(SECRET));
    let second = rotated["secret"].as_str().unwrap();
    assert_eq!(after[1].signature.split(' ').count(), 2);
    assert!(after[1].verifies_with(second));
    assert!(
        after[1].verifies_with(&first),
        "the previous secret still signs"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(receiver.received().len(), 2);
}

#[tokio::test]
async fn a_disabled_endpoint_gets_no_messages() {
    // Arrange
    let receiver = Receiver::start(&[]);
    let (app, _pool) = spawn_app_with_pool(|s| s.webhook_poll_interval_ms = 20).await;
    let dealer = app.dealer().await;
    let id = id_of(&add_endpoint(&app, &receiver.url, &["license.shipped"]).await);
    let path = format!("/admin/webhook-endpoints/{id}");
    app.patch(&path, &app.admin_token, &json!({"enabled": false}))
        .await
        .expect(200);

    // Act
    app.ship(&dealer, &[("SV9100-IPPORT-8", 1)]).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Assert
    assert!(receiver.received().is_empty());
    let messages = app
        .get(
            &format!("/admin/webhook-messages?endpoint_id={id}"),
            &app.admin_token,
        )
        .await
        .expect(200);
    assert_eq!(messages["items"], json!([]));
}

#[tokio::test]
async fn the_configured_endpoint_is_listed_but_changed_only_by_the_configuration() {
    // Arrange
    let receiver = Receiver::start(&[]);
    let app = crate::helpers::spawn_app_with(deliver_to(&receiver)).await;
    let t = &app.admin_token;

    // Act
    let listed = app.get("/admin/webhook-endpoints", t).await.expect(200);

    // Assert
    let endpoint = &listed["items"][0];
    assert_eq!(endpoint["managed_by_config"], true);
    assert_eq!(endpoint["url"], receiver.url.as_str());
    assert_eq!(endpoint["event_types"].as_array().unwrap().len(), 8);
    let path = format!("/admin/webhook-endpoints/{}", id_of(endpoint));
    app.patch(&path, t, &json!({"enabled": false}))
        .await
        .expect_error(409, "ENDPOINT_MANAGED_BY_CONFIGURATION");
    app.post_empty(&format!("{path}/secret-rotation"), t)
        .await
        .expect_error(409, "ENDPOINT_MANAGED_BY_CONFIGURATION");
    app.delete(&path, t)
        .await
        .expect_error(409, "ENDPOINT_MANAGED_BY_CONFIGURATION");
}

#[tokio::test]
async fn admins_see_each_attempt_and_redeliver_with_the_same_webhook_id() {
    // Arrange: the first attempt fails.
    let receiver = Receiver::start(&[Answer::Status(500)]);
    let app = crate::helpers::spawn_app_with(deliver_to(&receiver)).await;
    let dealer = app.dealer().await;
    app.ship(&dealer, &[("SV9100-IPPORT-8", 1)]).await;
    let list = format!("/admin/webhook-messages?partner_id={}", dealer.id);
    let page = wait_until(&app, &format!("{list}&status=delivered"), |b| {
        b["items"].as_array().is_some_and(|i| i.len() == 1)
    })
    .await;
    let message = &page["items"][0];
    let path = format!("/admin/webhook-messages/{}", id_of(message));

    // Act
    let detail = app.get(&path, &app.admin_token).await.expect(200);
    let redelivered = app
        .post_empty(&format!("{path}/redelivery"), &app.admin_token)
        .await
        .expect(202);

    // Assert: what the admin sees.
    assert_eq!(message["event_type"], "license.shipped");
    assert_eq!(message["partner"]["id"], dealer.id.as_str());
    assert_eq!(message["attempt_count"], 2);
    assert_eq!(message["last_response_status"], 204);
    let attempts = detail["attempts"].as_array().unwrap();
    assert_eq!(
        attempts
            .iter()
            .map(|a| (a["response_status"].clone(), a["succeeded"].clone()))
            .collect::<Vec<_>>(),
        [(json!(500), json!(false)), (json!(204), json!(true))]
    );
    let received = receiver.wait_for(2, WAIT).await;
    assert_eq!(detail["payload"], received[1].json());
    assert_eq!(redelivered["status"], "pending");
    assert_eq!(redelivered["attempt_count"], 0);
    // Sent again, same id and body.
    let again = receiver.wait_for(3, WAIT).await;
    assert_eq!(again[2].id, message["event_id"].as_str().unwrap());
    assert_eq!(again[2].body, again[1].body);
    wait_until(&app, &path, |b| b["status"] == "delivered").await;
}
