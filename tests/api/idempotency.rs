//! `Idempotency-Key`: a repeated POST answers its first response and does nothing twice.

use serde_json::{Value, json};

use crate::helpers::{
    PARTNER_PASSWORD, at_once, spawn_app, spawn_app_with_dealer, spawn_app_with_pool,
};

#[tokio::test]
async fn a_replayed_post_returns_the_first_response_and_creates_nothing_more() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let body = json!({"name": "ERP customer", "country": "DE"});
    let first = app
        .post_with_key(&dealer.token, "/customers", "erp-42", &body)
        .await;
    assert!(first.headers.get("idempotent-replayed").is_none());
    let first = first.expect(201);

    let again = app
        .post_with_key(&dealer.token, "/customers", "erp-42", &body)
        .await;
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(again.expect(201), first);
    let listed = app.get("/customers", &dealer.token).await.expect(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);

    let other = json!({"name": "Another", "country": "DE"});
    let reused = app
        .post_with_key(&dealer.token, "/customers", "erp-42", &other)
        .await;
    assert_eq!(
        (reused.status.as_u16(), reused.code()),
        (422, "IDEMPOTENCY_KEY_REUSED")
    );

    // Keys belong to their user: another partner's same key is a new request.
    let stranger = app.dealer().await;
    app.post_with_key(&stranger.token, "/customers", "erp-42", &body)
        .await
        .expect(201);
}

#[tokio::test]
async fn a_replayed_attach_moves_quantity_once() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let po = app.ship(&dealer, &[("SV9100-IPPORT-8", 5)]).await;
    let line = po.line("SV9100-IPPORT-8");
    let loc = app.location(&dealer).sv9100().await.id;
    let body = json!({"lines": [{"po_line_id": line, "quantity": 2}]});
    for _ in 0..3 {
        app.post_with_key(
            &dealer.token,
            &format!("/locations/{loc}/attachments"),
            "attach-1",
            &body,
        )
        .await
        .expect(201);
    }
    let bin = app.get("/license-bin", &dealer.token).await.expect(200);
    assert_eq!(bin["items"][0]["lines"][0]["available"], 3);
    let licenses = app.licenses(&dealer.token, &loc).await;
    assert_eq!(licenses["attached"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_oversized_key_is_refused() {
    let (app, dealer) = spawn_app_with_dealer().await;
    app.post_with_key(
        &dealer.token,
        "/customers",
        &"k".repeat(256),
        &json!({"name": "A", "country": "NL"}),
    )
    .await
    .expect_error(400, "INVALID_IDEMPOTENCY_KEY");
    // Also where keys are refused anyway: the malformed key is named first.
    app.post_with_key(
        &dealer.token,
        "/me/password",
        &"k".repeat(256),
        &json!({"current_password": PARTNER_PASSWORD, "new_password": "a new long password"}),
    )
    .await
    .expect_error(400, "INVALID_IDEMPOTENCY_KEY");
}

#[tokio::test]
async fn operations_that_answer_a_secret_refuse_a_key_and_no_stored_reply_holds_one() {
    // Arrange
    let (app, pool) = spawn_app_with_pool(|_| {}).await;
    let dealer = app.dealer().await;

    // Act
    let key = app
        .post_with_key(&dealer.token, "/api-keys", "k-1", &json!({"name": "ERP"}))
        .await;
    let login = app
        .post_with_key(
            &dealer.token,
            "/auth/login",
            "k-2",
            &json!({"email": dealer.email, "password": PARTNER_PASSWORD}),
        )
        .await;
    let customer = app
        .post_with_key(
            &dealer.token,
            "/customers",
            "k-3",
            &json!({"name": "Stored", "country": "NL"}),
        )
        .await;

    let password = app
        .post_with_key(
            &dealer.token,
            "/me/password",
            "k-4",
            &json!({"current_password": PARTNER_PASSWORD, "new_password": "a new long password"}),
        )
        .await;
    let user = app.post_with_key(
        &app.admin_token,
        "/admin/users",
        "k-5",
        &json!({"email": "keyed@partner.example", "name": "Keyed", "password": "a long initial password",
            "partner_id": dealer.id, "roles": ["lms_user"]}),
    )
    .await;

    // Assert
    for refused in [key, login, password, user] {
        assert_eq!(
            (refused.status.as_u16(), refused.code()),
            (400, "IDEMPOTENCY_KEY_NOT_ACCEPTED"),
            "{}",
            refused.body
        );
    }
    assert_eq!(customer.status.as_u16(), 201);
    let listed = app.get("/api-keys", &dealer.token).await.expect(200);
    assert_eq!(
        listed["items"],
        json!([]),
        "the refused request created a key"
    );
    let replies = stored_replies(&pool).await;
    assert_eq!(replies.len(), 1, "only the customer's reply is stored");
    for reply in replies {
        assert!(
            !reply.contains("lms_") && !reply.contains("eyJ"),
            "a stored reply holds a secret: {reply}"
        );
    }
}

/// Every stored reply's headers and decoded body, as text.
async fn stored_replies(pool: &lms_store::Pool) -> Vec<String> {
    use base64::Engine as _;
    use diesel::prelude::*;
    use lms_store::schema::idempotency_keys as k;
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let bodies: Vec<Option<String>> =
            k::table.select(k::response_body).load(&mut *conn).unwrap();
        bodies
            .into_iter()
            .flatten()
            .map(|stored| {
                let stored: Value = serde_json::from_str(&stored).unwrap();
                let body = base64::engine::general_purpose::STANDARD
                    .decode(stored["body"].as_str().unwrap())
                    .unwrap();
                format!("{} {}", stored["headers"], String::from_utf8_lossy(&body))
            })
            .collect()
    })
    .await
    .unwrap()
}

/// Moves every stored key's claim time back by `age`.
async fn age_keys(pool: &lms_store::Pool, age: chrono::Duration) {
    use diesel::prelude::*;
    use lms_store::schema::idempotency_keys as k;
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let rows: Vec<(String, String, chrono::NaiveDateTime)> = k::table
            .select((k::user_id, k::idem_key, k::created_at))
            .load(&mut *conn)
            .unwrap();
        for (user, key, at) in rows {
            diesel::update(k::table.find((user, key)))
                .set(k::created_at.eq(at - age))
                .execute(&mut *conn)
                .unwrap();
        }
    })
    .await
    .unwrap();
}

/// Claims `key` for `user` as a request that died before it finished would have.
async fn abandoned_claim(pool: &lms_store::Pool, user: &str, key: &str, hash_of: &str) {
    use diesel::prelude::*;
    use lms_store::schema::idempotency_keys as k;
    let (pool, user, key, hash) = (
        pool.clone(),
        user.to_owned(),
        key.to_owned(),
        hash_of.to_owned(),
    );
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        diesel::insert_into(k::table)
            .values((
                k::user_id.eq(user),
                k::idem_key.eq(key),
                k::request_hash.eq(hash),
                k::created_at.eq(chrono::Utc::now().naive_utc()),
            ))
            .execute(&mut *conn)
            .unwrap();
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn a_claim_whose_request_died_expires_and_replies_are_purged_after_a_day() {
    // Arrange: a claim left by a request that died between its commit and "finish".
    let (app, pool) = spawn_app_with_pool(|_| {}).await;
    let dealer = app.dealer().await;
    let me = app.get("/me", &dealer.token).await.expect(200);
    let user = me["id"].as_str().unwrap();
    let body = json!({"name": "After a crash", "country": "NL"});
    let path = "/customers";
    let hash = {
        use sha2::Digest as _;
        let mut h = sha2::Sha256::new();
        h.update(b"POST");
        h.update(b"/api/v1/customers");
        h.update(body.to_string().as_bytes());
        format!("{:x}", h.finalize())
    };
    abandoned_claim(&pool, user, "died", &hash).await;
    let running = app.post_with_key(&dealer.token, path, "died", &body).await;
    assert_eq!(
        running.status.as_u16(),
        409,
        "a fresh claim is still running"
    );

    // Act: the lease runs out.
    age_keys(&pool, chrono::Duration::seconds(61)).await;
    let retried = app.post_with_key(&dealer.token, path, "died", &body).await;

    // Assert
    assert_eq!(retried.status.as_u16(), 201);
    assert!(retried.headers.get("idempotent-replayed").is_none());
    assert_eq!(stored_replies(&pool).await.len(), 1);

    // A day later the reply is purged at the next use of any key.
    age_keys(&pool, chrono::Duration::hours(25)).await;
    let next = app
        .post_with_key(
            &dealer.token,
            path,
            "another",
            &json!({"name": "Next", "country": "NL"}),
        )
        .await;
    assert_eq!(next.status.as_u16(), 201);
    assert_eq!(
        stored_replies(&pool).await.len(),
        1,
        "the old reply was not purged"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_first_requests_with_one_key_run_once_and_never_answer_500() {
    let app = std::sync::Arc::new(spawn_app().await);
    let dealer = app.dealer().await;
    let outcomes = at_once(8, |_| {
        let (app, token) = (app.clone(), dealer.token.clone());
        async move {
            let res = app
                .client
                .post(app.url("/api/v1/customers"))
                // The scheme is case-insensitive (RFC 9110), for the key's owner too.
                .header("authorization", format!("bearer {token}"))
                .header("idempotency-key", "same")
                .json(&json!({"name": "Once", "country": "NL"}))
                .send()
                .await
                .unwrap();
            let replayed = res.headers().contains_key("idempotent-replayed");
            (res.status().as_u16(), replayed)
        }
    })
    .await;

    let ran = outcomes.iter().filter(|o| **o == (201, false)).count();
    assert_eq!(ran, 1, "{outcomes:?}");
    for outcome in &outcomes {
        assert!(matches!(outcome, (201, _) | (409, false)), "{outcomes:?}");
    }
    let listed = app.get("/customers", &dealer.token).await.expect(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    // A lower-case scheme is still the same user: the retry replays.
    let again = app
        .client
        .post(app.url("/api/v1/customers"))
        .header("authorization", format!("BEARER {}", dealer.token))
        .header("idempotency-key", "same")
        .json(&json!({"name": "Once", "country": "NL"}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
}
