//! The credential lifecycle: vendor admins disable, re-enable and change users and revoke
//! anyone's API keys; users change their own password; sessions issued before a password
//! change or a disable stop working; API keys may expire and cannot make more keys.

use serde_json::json;

use crate::helpers::{PARTNER_PASSWORD, TestApp, spawn_app_with_dealer, spawn_app_with_pool};

async fn login_status(app: &TestApp, email: &str, password: &str) -> u16 {
    app.try_login(email, password).await.status.as_u16()
}

#[tokio::test]
async fn an_admin_disables_and_re_enables_a_user_whose_old_sessions_stay_ended() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let id = app.user_id(&dealer.token).await;
    let path = format!("/admin/users/{id}");

    // Act
    let disabled = app
        .patch(&path, &app.admin_token, &json!({"disabled": true}))
        .await
        .expect(200);

    // Assert
    assert_eq!(disabled["disabled"], true);
    app.get("/me", &dealer.token)
        .await
        .expect_error(401, "UNAUTHENTICATED");
    assert_eq!(
        login_status(&app, &dealer.email, PARTNER_PASSWORD).await,
        401
    );
    let enabled = app
        .patch(
            &path,
            &app.admin_token,
            &json!({"disabled": false, "name": "Back again"}),
        )
        .await
        .expect(200);
    assert_eq!(
        (&enabled["disabled"], &enabled["name"]),
        (&json!(false), &json!("Back again"))
    );
    app.get("/me", &dealer.token)
        .await
        .expect_error(401, "UNAUTHENTICATED");
    let fresh = app.login(&dealer.email, PARTNER_PASSWORD).await;
    app.get("/me", &fresh).await.expect(200);
    let listed = app.all_pages("/admin/users", &app.admin_token, 200).await;
    let row = listed.iter().find(|u| u["id"] == id.as_str()).unwrap();
    assert_eq!(row["name"], "Back again");
}

#[tokio::test]
async fn admin_user_changes_are_checked() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let id = app.user_id(&dealer.token).await;
    let path = format!("/admin/users/{id}");
    app.patch(
        &path,
        &app.admin_token,
        &json!({"roles": ["swa_distributor_admin"]}),
    )
    .await
    .expect_error(409, "INVALID_ROLES");
    app.patch(&path, &app.admin_token, &json!({"roles": []}))
        .await
        .expect_error(422, "INVALID_ROLES");
    for null in ["name", "roles", "disabled"] {
        app.patch(&path, &app.admin_token, &json!({ null: null }))
            .await
            .expect_error(422, "INVALID_BODY");
    }
    let roles = app
        .patch(
            &path,
            &app.admin_token,
            &json!({"roles": ["lms_user", "swa_dealer_admin"]}),
        )
        .await
        .expect(200);
    assert_eq!(roles["roles"], json!(["lms_user", "swa_dealer_admin"]));
    // An admin cannot lock themself out.
    let me = app.user_id(&app.admin_token).await;
    let own = format!("/admin/users/{me}");
    app.patch(&own, &app.admin_token, &json!({"disabled": true}))
        .await
        .expect_error(409, "OWN_ACCOUNT");
    app.patch(&own, &app.admin_token, &json!({"roles": ["lms_user"]}))
        .await
        .expect_error(409, "OWN_ACCOUNT");
    app.patch(&path, &dealer.token, &json!({"disabled": true}))
        .await
        .expect_error(403, "FORBIDDEN");
    app.patch(
        &format!("/admin/users/{}", uuid::Uuid::new_v4()),
        &app.admin_token,
        &json!({"disabled": true}),
    )
    .await
    .expect_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn a_password_change_ends_every_earlier_session() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let other_session = app.login(&dealer.email, PARTNER_PASSWORD).await;
    let key = app.api_key(&dealer.token, "ERP").await["key_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let change =
        |current: &str, new: &str| json!({"current_password": current, "new_password": new});

    app.post(
        "/me/password",
        &dealer.token,
        &change("wrong password!", "a new long password"),
    )
    .await
    .expect_error(422, "WRONG_PASSWORD");
    let short = app
        .post(
            "/me/password",
            &dealer.token,
            &change(PARTNER_PASSWORD, "short"),
        )
        .await
        .expect_error(422, "INVALID_FIELD");
    assert_eq!(short["error"]["field"], "/new_password");
    app.post(
        "/me/password",
        &key,
        &change(PARTNER_PASSWORD, "a new long password"),
    )
    .await
    .expect_error(403, "SESSION_REQUIRED");

    // Act
    app.post(
        "/me/password",
        &dealer.token,
        &change(PARTNER_PASSWORD, "a new long password"),
    )
    .await
    .expect(204);

    // Assert
    for token in [&dealer.token, &other_session] {
        app.get("/me", token)
            .await
            .expect_error(401, "UNAUTHENTICATED");
    }
    assert_eq!(
        login_status(&app, &dealer.email, PARTNER_PASSWORD).await,
        401
    );
    let fresh = app.login(&dealer.email, "a new long password").await;
    app.get("/me", &fresh).await.expect(200);
    app.get("/me", &key).await.expect(200);
}

#[tokio::test]
async fn an_api_key_cannot_make_api_keys() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let key = app.api_key(&dealer.token, "ERP").await["key_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post("/api-keys", &key, &json!({"name": "Escalation"}))
        .await
        .expect_error(403, "SESSION_REQUIRED");
    let listed = app.get("/api-keys", &dealer.token).await.expect(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn api_keys_expire() {
    // Arrange
    let (app, pool) = spawn_app_with_pool(|_| {}).await;
    let dealer = app.dealer().await;
    app.post(
        "/api-keys",
        &dealer.token,
        &json!({"name": "Past", "expires_at": "2020-01-01T00:00:00Z"}),
    )
    .await
    .expect_error(409, "EXPIRY_PASSED");
    let created = app
        .post(
            "/api-keys",
            &dealer.token,
            &json!({"name": "Year", "expires_at": "2099-01-01T00:00:00Z"}),
        )
        .await
        .expect(201);
    assert_eq!(created["expires_at"], "2099-01-01T00:00:00Z");
    let key = created["key_secret"].as_str().unwrap().to_owned();
    app.get("/me", &key).await.expect(200);

    // Act: its expiry passes.
    let id = created["id"].as_str().unwrap().to_owned();
    tokio::task::spawn_blocking(move || {
        use diesel::prelude::*;
        use lms_store::schema::api_keys as k;
        let mut conn = pool.get().unwrap();
        let past = chrono::Utc::now().naive_utc() - chrono::Duration::seconds(1);
        diesel::update(k::table.find(id))
            .set(k::expires_at.eq(Some(past)))
            .execute(&mut *conn)
            .unwrap();
    })
    .await
    .unwrap();

    // Assert
    app.get("/me", &key)
        .await
        .expect_error(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn vendor_admins_list_and_revoke_anyones_api_key() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let other = app.dealer().await;
    let created = app.api_key(&dealer.token, "Leaked").await;
    let (id, key) = (
        created["id"].as_str().unwrap().to_owned(),
        created["key_secret"].as_str().unwrap().to_owned(),
    );
    app.get("/admin/api-keys", &dealer.token)
        .await
        .expect_error(403, "FORBIDDEN");
    app.delete(&format!("/api-keys/{id}"), &other.token)
        .await
        .expect_error(404, "NOT_FOUND");

    // Act
    let all = app.all_pages("/admin/api-keys", &app.admin_token, 1).await;
    let listed = all.iter().find(|k| k["id"] == id.as_str()).unwrap();
    assert_eq!(listed["user_email"], dealer.email.as_str());
    assert!(listed.get("key_secret").is_none());
    app.delete(&format!("/admin/api-keys/{id}"), &app.admin_token)
        .await
        .expect(204);

    // Assert
    app.get("/me", &key)
        .await
        .expect_error(401, "UNAUTHENTICATED");
    app.delete(&format!("/admin/api-keys/{id}"), &app.admin_token)
        .await
        .expect_error(404, "NOT_FOUND");
}
