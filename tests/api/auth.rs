//! Login, identity, throttling, token checks and role checks.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{
    ADMIN_EMAIL, ADMIN_PASSWORD, PARTNER_PASSWORD, at_once, spawn_app, spawn_app_with,
    spawn_app_with_dealer,
};

#[tokio::test]
async fn login_returns_a_bearer_token_that_identifies_the_user() {
    let (app, dealer) = spawn_app_with_dealer().await;

    let login = app.try_login(ADMIN_EMAIL, ADMIN_PASSWORD).await.expect(200);
    assert_eq!(login["token_type"], "Bearer");
    assert_eq!(login["expires_in"], 3600);
    assert_eq!(login["user"]["roles"], json!(["vendor_admin"]));

    let me = app.get("/me", &dealer.token).await.expect(200);
    assert_eq!(me["email"], dealer.email);
    assert_eq!(me["partner"]["id"], dealer.id);
    assert_eq!(me["partner"]["tier"], "dealer");
    assert_eq!(me["impersonator"], json!(null));
}

#[tokio::test]
async fn email_is_case_insensitive_and_wrong_password_is_refused() {
    let app = spawn_app().await;
    let upper = ADMIN_EMAIL.to_uppercase();
    app.try_login(&upper, ADMIN_PASSWORD).await.expect(200);
    let reply = app.try_login(ADMIN_EMAIL, "not the password").await;
    assert_eq!(reply.headers.get("www-authenticate").unwrap(), "Bearer");
    reply.expect_error(401, "UNAUTHENTICATED");
    app.try_login("nobody@example.com", "whatever-it-is")
        .await
        .expect_error(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn failed_logins_are_throttled_per_account_with_retry_after() {
    let app = spawn_app().await;
    for _ in 0..5 {
        app.try_login(ADMIN_EMAIL, "guess")
            .await
            .expect_error(401, "UNAUTHENTICATED");
    }
    let blocked = app.try_login(ADMIN_EMAIL, "guess").await;
    let retry_after: u64 = blocked
        .headers
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=61).contains(&retry_after), "retry-after {retry_after}");
    blocked.expect_error(429, "TOO_MANY_REQUESTS");
    // Even the right password waits: the throttle answers before the password is checked.
    app.try_login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect_error(429, "TOO_MANY_REQUESTS");
}

#[tokio::test]
async fn failed_logins_are_throttled_per_client_address_across_accounts() {
    let app = spawn_app_with(|s| s.login_max_failures = 3).await;
    for i in 0..3 {
        app.try_login(&format!("nobody{i}@example.com"), "guess")
            .await
            .expect_error(401, "UNAUTHENTICATED");
    }
    app.try_login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect_error(429, "TOO_MANY_REQUESTS");
}

#[tokio::test]
async fn requests_without_a_valid_token_are_refused() {
    let app = spawn_app().await;
    app.call(Method::GET, "/me", None, None)
        .await
        .expect_error(401, "UNAUTHENTICATED");
    app.get("/me", "not-a-jwt")
        .await
        .expect_error(401, "UNAUTHENTICATED");
    let tampered = format!("{}x", &app.admin_token);
    app.get("/me", &tampered)
        .await
        .expect_error(401, "UNAUTHENTICATED");
    app.get("/customers", "lms_unknown_api_key")
        .await
        .expect_error(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_token_from_another_server_secret_is_refused() {
    let other = spawn_app().await;
    let app = spawn_app().await;
    app.get("/me", &other.admin_token)
        .await
        .expect_error(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn admin_creates_partners_users_and_shipping_allowances() {
    let app = spawn_app().await;
    let admin = &app.admin_token;
    let distributor = app
        .post(
            "/admin/partners",
            admin,
            &json!({"name": "North", "tier": "distributor"}),
        )
        .await
        .expect(201);
    let dealer = app
        .post(
            "/admin/partners",
            admin,
            &json!({"name": "South", "tier": "dealer"}),
        )
        .await
        .expect(201);
    app.post(
        "/admin/partners",
        admin,
        &json!({"name": "North", "tier": "dealer"}),
    )
    .await
    .expect_error(409, "PARTNER_EXISTS");
    app.post(
        "/admin/partners",
        admin,
        &json!({"name": "X", "tier": "reseller"}),
    )
    .await
    .expect_error(422, "INVALID_BODY");

    let allowance = json!({"distributor_id": distributor["id"], "dealer_id": dealer["id"]});
    app.post("/admin/shipping-allowances", admin, &allowance)
        .await
        .expect(201);
    app.post("/admin/shipping-allowances", admin, &allowance)
        .await
        .expect_error(409, "ALLOWANCE_EXISTS");
    let reversed = json!({"distributor_id": dealer["id"], "dealer_id": distributor["id"]});
    app.post("/admin/shipping-allowances", admin, &reversed)
        .await
        .expect_error(409, "WRONG_TIER");
    let listed = app
        .get("/admin/shipping-allowances", admin)
        .await
        .expect(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);

    let user = json!({"email": "Ann@South.example", "name": "Ann", "password": "long enough pw",
        "partner_id": dealer["id"], "roles": ["lms_user", "swa_dealer_admin"]});
    let created = app.post("/admin/users", admin, &user).await.expect(201);
    assert_eq!(created["email"], "ann@south.example");
    assert!(created.get("password").is_none() && created.get("password_hash").is_none());
    app.post("/admin/users", admin, &user)
        .await
        .expect_error(409, "EMAIL_IN_USE");
    app.login("ann@south.example", "long enough pw").await;

    let mut bad = user.clone();
    bad["email"] = json!("other@south.example");
    bad["roles"] = json!(["vendor_admin"]);
    app.post("/admin/users", admin, &bad)
        .await
        .expect_error(409, "INVALID_ROLES");
    bad["roles"] = json!(["swa_distributor_admin"]);
    app.post("/admin/users", admin, &bad)
        .await
        .expect_error(409, "INVALID_ROLES");
    bad["roles"] = json!(["lms_user"]);
    bad["password"] = json!("short");
    let reply = app
        .post("/admin/users", admin, &bad)
        .await
        .expect_error(422, "INVALID_FIELD");
    assert_eq!(reply["error"]["field"], "/password");
    bad["password"] = json!("long enough pw");
    bad["partner_id"] = json!(uuid::Uuid::new_v4());
    app.post("/admin/users", admin, &bad)
        .await
        .expect_error(404, "UNKNOWN_PARTNER");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_parallel_burst_of_wrong_passwords_gets_no_more_guesses_than_the_limit() {
    // Arrange
    let app = std::sync::Arc::new(spawn_app().await);
    let dealer = app.dealer().await;

    // Act: 20 wrong passwords for one account at once.
    let statuses = at_once(20, |i| {
        let (app, email) = (app.clone(), dealer.email.clone());
        async move {
            app.try_login(&email, &format!("wrong guess {i}"))
                .await
                .status
                .as_u16()
        }
    })
    .await;

    // Assert: at most the limit (5) reached the password check.
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert!(
        checked <= 5,
        "{checked} guesses reached the check: {statuses:?}"
    );
    assert_eq!(checked + throttled, 20, "{statuses:?}");
}

async fn login_from(
    app: &crate::helpers::TestApp,
    forwarded_for: &str,
    email: &str,
    password: &str,
) -> u16 {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_attacker_does_not_lock_out_the_office() {
    // Arrange: the test client at 127.0.0.1 plays the reverse proxy.
    let app = spawn_app_with(|s| s.trusted_proxies = "127.0.0.1/32".into()).await;
    let colleague = app.dealer().await;

    // Act: one address fails five times over different accounts.
    for i in 0..5 {
        let status = login_from(
            &app,
            "198.51.100.1",
            &format!("nobody{i}@x.example"),
            "wrong password",
        )
        .await;
        assert_eq!(status, 401);
    }

    // Assert: that address is throttled, another one behind the same proxy is not.
    assert_eq!(
        login_from(&app, "198.51.100.1", "nobody9@x.example", "wrong password").await,
        429
    );
    assert_eq!(
        login_from(
            &app,
            "203.0.113.5, 198.51.100.2",
            &colleague.email,
            PARTNER_PASSWORD
        )
        .await,
        200,
        "the rightmost address before the proxy is the client; the forged one is ignored"
    );
}

#[tokio::test]
async fn without_trusted_proxies_a_forwarded_header_is_ignored() {
    let app = spawn_app().await;
    let colleague = app.dealer().await;
    for i in 0..5 {
        let status = login_from(
            &app,
            &format!("198.51.100.{i}"),
            &format!("nobody{i}@x.example"),
            "wrong password",
        )
        .await;
        assert_eq!(status, 401);
    }
    assert_eq!(
        login_from(&app, "198.51.100.77", &colleague.email, PARTNER_PASSWORD).await,
        429,
        "a client cannot pick its own address"
    );
}
