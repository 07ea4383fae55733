//! Who may not act as whom: without an allowance, vendor staff, yourself, a disabled user,
//! by a dealer, by an API key, or from inside an impersonation. Nothing is recorded then.

use serde_json::{Value, json};

use super::channel;
use crate::helpers::{PARTNER_PASSWORD, TestApp, id_of, spawn_app};

/// A new vendor admin's e-mail.
async fn vendor_admin(app: &TestApp) -> String {
    let email = format!("staff-{}@vendor.example", uuid::Uuid::new_v4().simple());
    let body = json!({"email": email, "name": "Staff", "password": PARTNER_PASSWORD,
        "partner_id": null, "roles": ["vendor_admin"]});
    app.post("/admin/users", &app.admin_token, &body)
        .await
        .expect(201);
    email
}

/// The `error` of `body` without its message's wording.
fn code_field_details(body: &Value) -> (Value, Value, Value) {
    let e = &body["error"];
    (e["code"].clone(), e["field"].clone(), e["details"].clone())
}

#[tokio::test]
async fn a_distributor_cannot_tell_a_dealer_without_allowance_from_no_user_at_all() {
    // Arrange
    let app = spawn_app().await;
    let c = channel(&app).await;
    let stranger = app.dealer().await;
    let other_distributor = app.distributor().await;
    let disabled = app.dealer().await;
    app.post(
        "/admin/shipping-allowances",
        &app.admin_token,
        &json!({"distributor_id": c.distributor.id, "dealer_id": disabled.id}),
    )
    .await
    .expect(201);
    let disabled_id = app.user_id(&disabled.token).await;
    app.patch(
        &format!("/admin/users/{disabled_id}"),
        &app.admin_token,
        &json!({"disabled": true}),
    )
    .await
    .expect(200);
    let staff = vendor_admin(&app).await;
    let t = &c.distributor.token;

    // Act
    let unknown = app.impersonate(t, "nobody@nowhere.example").await;
    let unknown = unknown.expect_error(403, "NO_SHIPPING_ALLOWANCE");

    // Assert: each answers exactly as an e-mail nobody has.
    for email in [
        &stranger.email,
        &other_distributor.email,
        &disabled.email,
        &staff,
    ] {
        let reply = app.impersonate(t, email).await;
        let body = reply.expect_error(403, "NO_SHIPPING_ALLOWANCE");
        assert_eq!(body, unknown, "{email}");
    }
    assert_eq!(
        code_field_details(&unknown),
        (
            json!("NO_SHIPPING_ALLOWANCE"),
            json!("/user_email"),
            json!({"reason": "no_allowance"})
        )
    );
    let myself = app.impersonate(t, &c.distributor.email).await;
    let myself = myself.expect_error(403, "IMPERSONATION_NOT_ALLOWED");
    assert_eq!(myself["error"]["details"]["reason"], "self");
    app.impersonate(t, "not an e-mail")
        .await
        .expect_error(422, "INVALID_FIELD");
    let events = app.all_pages("/audit-events", t, 200).await;
    assert!(
        events
            .iter()
            .all(|e| !e["action"].as_str().unwrap().starts_with("impersonation.")),
        "a refusal was recorded: {events:?}"
    );
}

#[tokio::test]
async fn dealers_api_keys_and_impersonations_cannot_impersonate_or_make_credentials() {
    // Arrange
    let app = spawn_app().await;
    let c = channel(&app).await;
    let colleague = app.dealer().await;
    let key = app.api_key(&c.distributor.token, "ERP").await["key_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let acting = app.acting_as(&c.distributor.token, &c.dealer).await;

    // Act / Assert
    app.impersonate(&c.dealer.token, &colleague.email)
        .await
        .expect_error(403, "FORBIDDEN");
    app.impersonate(&key, &c.dealer.email)
        .await
        .expect_error(403, "SESSION_REQUIRED");
    let nested = app.impersonate(&acting.token, &c.dealer.email).await;
    let nested = nested.expect_error(403, "IMPERSONATION_NOT_ALLOWED");
    assert_eq!(nested["error"]["details"]["reason"], "impersonating");
    // No credential of the dealer's user may outlive the impersonation.
    app.post("/api-keys", &acting.token, &json!({"name": "Backdoor"}))
        .await
        .expect_error(403, "IMPERSONATION_NOT_ALLOWED");
    let change =
        json!({"current_password": PARTNER_PASSWORD, "new_password": "taken over for good"});
    app.post("/me/password", &acting.token, &change)
        .await
        .expect_error(403, "IMPERSONATION_NOT_ALLOWED");
    assert_eq!(
        app.get("/api-keys", &c.dealer.token).await.expect(200)["items"],
        json!([])
    );
    // Ending needs an impersonation.
    app.end_impersonation(&key)
        .await
        .expect_error(409, "NOT_IMPERSONATING");
    app.end_impersonation(&c.dealer.token)
        .await
        .expect_error(409, "NOT_IMPERSONATING");
}

#[tokio::test]
async fn vendor_staff_cannot_act_as_staff_themselves_or_a_disabled_user() {
    // Arrange
    let app = spawn_app().await;
    let admin = &app.admin_token;
    let staff = vendor_admin(&app).await;
    let dealer = app.dealer().await;
    let dealer_id = app.user_id(&dealer.token).await;
    app.patch(
        &format!("/admin/users/{dealer_id}"),
        admin,
        &json!({"disabled": true}),
    )
    .await
    .expect(200);
    let me = id_of(&app.get("/me", admin).await.expect(200));
    let my_email = app.get("/me", admin).await.expect(200)["email"]
        .as_str()
        .unwrap()
        .to_owned();

    // Act / Assert
    for (email, reason) in [
        (staff.as_str(), "vendor_staff"),
        (my_email.as_str(), "self"),
        (dealer.email.as_str(), "disabled"),
    ] {
        let body = app
            .impersonate(admin, email)
            .await
            .expect_error(403, "IMPERSONATION_NOT_ALLOWED");
        assert_eq!(body["error"]["details"]["reason"], reason, "{email}");
    }
    app.impersonate(admin, "nobody@nowhere.example")
        .await
        .expect_error(404, "UNKNOWN_USER");
    let events = app.audit_of(admin, &me).await;
    assert_eq!(events, Vec::<Value>::new());
}

#[tokio::test]
async fn the_tokens_it_answers_are_never_stored_for_replay() {
    // Arrange
    let app = spawn_app().await;
    let c = channel(&app).await;
    let acting = app.acting_as(&c.distributor.token, &c.dealer).await;

    // Act
    let start = app
        .post_with_key(
            &c.distributor.token,
            "/auth/impersonate",
            "imp-1",
            &json!({"user_email": c.dealer.email}),
        )
        .await;
    let end = app
        .post_with_key(
            &acting.token,
            "/auth/impersonation/end",
            "imp-2",
            &json!({}),
        )
        .await;

    // Assert
    for refused in [start, end] {
        refused.expect_error(400, "IDEMPOTENCY_KEY_NOT_ACCEPTED");
    }
}
