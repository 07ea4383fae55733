//! Session tokens against RFC 8725 (JWT best current practice): only HS256 tokens signed with
//! the server's secret, of our type, issuer and audience, inside their time window, naming an
//! active user, are accepted. Everything else — `alg: none`, algorithm confusion, a foreign
//! issuer or audience, another `typ`, expired or not yet valid, a changed byte, a disabled
//! user — answers 401 `UNAUTHENTICATED` and changes nothing.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ed25519_dalek::Signer as _;
use jsonwebtoken::{Algorithm, EncodingKey};
use lms::settings::Secret;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{PARTNER_PASSWORD, TestApp, spawn_app_with};

const SECRET: &str = "jwt-negative-tests-secret-0123456789abcdef";

async fn app_with_known_secret() -> TestApp {
    spawn_app_with(|s| s.jwt_secret = Some(Secret::new(SECRET))).await
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The claims the server issues, for `sub`.
fn claims(sub: &str) -> Value {
    let now = now();
    json!({
        "iss": "lms",
        "aud": "lms-api",
        "sub": sub,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "jti": uuid::Uuid::new_v4().to_string(),
    })
}

fn header(alg: &str) -> Value {
    json!({"alg": alg, "typ": "JWT"})
}

fn b64(value: &Value) -> String {
    B64.encode(serde_json::to_vec(value).unwrap())
}

/// `header.claims.signature`, the signature computed by `sign` over `header.claims`.
fn token(header: &Value, claims: &Value, sign: impl FnOnce(&[u8]) -> String) -> String {
    let input = format!("{}.{}", b64(header), b64(claims));
    let signature = sign(input.as_bytes());
    format!("{input}.{signature}")
}

/// An HMAC signature with `secret` (base64url), whatever the header says.
fn hmac(secret: &str, alg: Algorithm) -> impl FnOnce(&[u8]) -> String {
    let key = EncodingKey::from_secret(secret.as_bytes()).unwrap();
    move |input| jsonwebtoken::crypto::sign(input, &key, alg).unwrap()
}

/// A token exactly like the server's own, signed with the server's secret.
fn good(claims: &Value) -> String {
    token(&header("HS256"), claims, hmac(SECRET, Algorithm::HS256))
}

/// Asserts 401 `UNAUTHENTICATED` with `WWW-Authenticate: Bearer` for `GET /me`.
async fn assert_refused(app: &TestApp, label: &str, token: &str) {
    let reply = app.get("/me", token).await;
    assert_eq!(
        (reply.status.as_u16(), reply.code()),
        (401, "UNAUTHENTICATED"),
        "{label}: {}",
        reply.body
    );
    assert_eq!(
        reply
            .headers
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer"),
        "{label}"
    );
}

#[tokio::test]
async fn a_token_minted_like_the_servers_own_is_accepted() {
    // The control for every negative below: the hand-made token is right in every way the
    // negatives are wrong in one.
    let app = app_with_known_secret().await;
    let dealer = app.dealer().await;
    let id = app.user_id(&dealer.token).await;

    let me = app.get("/me", &good(&claims(&id))).await.expect(200);
    assert_eq!(me["email"], dealer.email.as_str());

    let server_token = &dealer.token;
    let header: Value =
        serde_json::from_slice(&B64.decode(server_token.split('.').next().unwrap()).unwrap())
            .unwrap();
    assert_eq!(header, json!({"alg": "HS256", "typ": "JWT"}));
}

#[tokio::test]
async fn unsigned_and_algorithm_confused_tokens_are_refused() {
    let app = app_with_known_secret().await;
    let dealer = app.dealer().await;
    let c = claims(&app.user_id(&dealer.token).await);
    let attacker = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);

    let cases: Vec<(&str, String)> = vec![
        ("alg none", token(&header("none"), &c, |_| String::new())),
        ("alg None", token(&header("None"), &c, |_| String::new())),
        ("alg NONE", token(&header("NONE"), &c, |_| String::new())),
        (
            "alg none keeping an HS256 signature",
            token(&header("none"), &c, hmac(SECRET, Algorithm::HS256)),
        ),
        (
            "no algorithm",
            token(&json!({"typ": "JWT"}), &c, hmac(SECRET, Algorithm::HS256)),
        ),
        // Algorithm confusion: an asymmetric algorithm in the header, the server's secret
        // used as the HMAC key (as a verifier that trusts `alg` would compute it).
        (
            "RS256 header, HMAC signature",
            token(&header("RS256"), &c, hmac(SECRET, Algorithm::HS256)),
        ),
        (
            "ES256 header, HMAC signature",
            token(&header("ES256"), &c, hmac(SECRET, Algorithm::HS256)),
        ),
        (
            "EdDSA header, HMAC signature",
            token(&header("EdDSA"), &c, hmac(SECRET, Algorithm::HS256)),
        ),
        (
            "EdDSA signed with the attacker's own key",
            token(&header("EdDSA"), &c, |input| {
                B64.encode(attacker.sign(input).to_bytes())
            }),
        ),
        (
            "EdDSA with the attacker's key embedded as a jwk",
            token(
                &json!({"alg": "EdDSA", "typ": "JWT", "jwk": {
                    "kty": "OKP", "crv": "Ed25519",
                    "x": B64.encode(attacker.verifying_key().to_bytes()),
                }}),
                &c,
                |input| B64.encode(attacker.sign(input).to_bytes()),
            ),
        ),
        // The right secret under another HMAC: the algorithm is pinned, not negotiated.
        (
            "HS384 with the server's secret",
            token(&header("HS384"), &c, hmac(SECRET, Algorithm::HS384)),
        ),
        (
            "HS512 with the server's secret",
            token(&header("HS512"), &c, hmac(SECRET, Algorithm::HS512)),
        ),
        (
            "HS256 with another secret",
            token(
                &header("HS256"),
                &c,
                hmac(
                    "another-secret-of-enough-length-0123456789",
                    Algorithm::HS256,
                ),
            ),
        ),
    ];
    for (label, token) in &cases {
        assert_refused(&app, label, token).await;
    }
}

#[tokio::test]
async fn tokens_with_the_wrong_issuer_audience_or_type_are_refused() {
    let app = app_with_known_secret().await;
    let dealer = app.dealer().await;
    let id = app.user_id(&dealer.token).await;
    let with = |key: &str, value: Value| {
        let mut c = claims(&id);
        c[key] = value;
        good(&c)
    };
    let without = |key: &str| {
        let mut c = claims(&id);
        c.as_object_mut().unwrap().remove(key);
        good(&c)
    };
    let typed = |typ: Option<&str>| {
        let mut h = header("HS256");
        match typ {
            Some(t) => h["typ"] = json!(t),
            None => {
                h.as_object_mut().unwrap().remove("typ");
            }
        }
        token(&h, &claims(&id), hmac(SECRET, Algorithm::HS256))
    };

    let cases: Vec<(&str, String)> = vec![
        ("wrong issuer", with("iss", json!("someone-else"))),
        ("issuer differing in case", with("iss", json!("LMS"))),
        ("no issuer", without("iss")),
        ("wrong audience", with("aud", json!("another-api"))),
        ("audience list without ours", with("aud", json!(["x", "y"]))),
        ("no audience", without("aud")),
        ("typ at+jwt", typed(Some("at+jwt"))),
        ("typ JWS", typed(Some("JWS"))),
        ("no typ", typed(None)),
        ("no subject", without("sub")),
        ("subject not a user id", with("sub", json!("admin"))),
        (
            "subject of no user",
            with("sub", json!(uuid::Uuid::new_v4().to_string())),
        ),
        (
            "impersonating a user that does not exist",
            with("act", json!(uuid::Uuid::new_v4().to_string())),
        ),
    ];
    for (label, token) in &cases {
        assert_refused(&app, label, token).await;
    }
}

#[tokio::test]
async fn expired_and_not_yet_valid_tokens_are_refused() {
    let app = app_with_known_secret().await;
    let dealer = app.dealer().await;
    let id = app.user_id(&dealer.token).await;
    let at = |iat: i64, nbf: Option<i64>, exp: Option<i64>| {
        let mut c = claims(&id);
        c["iat"] = json!(iat);
        match nbf {
            Some(n) => c["nbf"] = json!(n),
            None => {
                c.as_object_mut().unwrap().remove("nbf");
            }
        }
        match exp {
            Some(e) => c["exp"] = json!(e),
            None => {
                c.as_object_mut().unwrap().remove("exp");
            }
        }
        good(&c)
    };
    let t = now();

    // Inside the 30-second leeway both ways is still accepted: clocks drift.
    app.get("/me", &at(t - 3600, Some(t - 3600), Some(t - 5)))
        .await
        .expect(200);
    let cases: Vec<(&str, String)> = vec![
        (
            "expired an hour ago",
            at(t - 7200, Some(t - 7200), Some(t - 3600)),
        ),
        (
            "expired past the leeway",
            at(t - 3600, Some(t - 3600), Some(t - 61)),
        ),
        ("no expiry", at(t, Some(t), None)),
        (
            "not valid for an hour",
            at(t, Some(t + 3600), Some(t + 7200)),
        ),
        (
            "not valid past the leeway",
            at(t, Some(t + 61), Some(t + 600)),
        ),
        ("no not-before", at(t, None, Some(t + 600))),
        ("expiry as a string", {
            let mut c = claims(&id);
            c["exp"] = json!((t + 600).to_string());
            good(&c)
        }),
    ];
    for (label, token) in &cases {
        assert_refused(&app, label, token).await;
    }
}

#[tokio::test]
async fn a_token_changed_in_any_part_is_refused() {
    let app = app_with_known_secret().await;
    let dealer = app.dealer().await;
    let admin_id = app.user_id(&app.admin_token).await;
    let original = dealer.token.clone();
    let parts: Vec<&str> = original.split('.').collect();
    assert_eq!(parts.len(), 3);
    let payload: Value = serde_json::from_slice(&B64.decode(parts[1]).unwrap()).unwrap();

    // The dealer makes itself the vendor admin, keeping its signature.
    let mut elevated = payload.clone();
    elevated["sub"] = json!(admin_id);
    // ... or extends its own token by a year.
    let mut extended = payload.clone();
    extended["exp"] = json!(payload["exp"].as_i64().unwrap() + 365 * 86400);
    let mut signature = B64.decode(parts[2]).unwrap();
    signature[0] ^= 1;

    let cases: Vec<(&str, String)> = vec![
        (
            "subject swapped for the admin",
            format!("{}.{}.{}", parts[0], b64(&elevated), parts[2]),
        ),
        (
            "expiry extended",
            format!("{}.{}.{}", parts[0], b64(&extended), parts[2]),
        ),
        (
            "header with a kid added",
            format!(
                "{}.{}.{}",
                b64(&json!({"alg": "HS256", "typ": "JWT", "kid": "other"})),
                parts[1],
                parts[2]
            ),
        ),
        (
            "one signature bit flipped",
            format!("{}.{}.{}", parts[0], parts[1], B64.encode(&signature)),
        ),
        ("signature removed", format!("{}.{}.", parts[0], parts[1])),
        ("two parts only", format!("{}.{}", parts[0], parts[1])),
        ("four parts", format!("{original}.{}", parts[2])),
        (
            "payload not JSON",
            format!("{}.{}.{}", parts[0], B64.encode("x"), parts[2]),
        ),
        ("padding added", format!("{original}==")),
        ("empty", String::new()),
    ];
    for (label, token) in &cases {
        assert_refused(&app, label, token).await;
    }
    // The untouched token still works: the refusals were about the changes.
    app.get("/me", &original).await.expect(200);
}

#[tokio::test]
async fn a_refused_token_changes_nothing_even_with_an_idempotency_key() {
    let app = app_with_known_secret().await;
    let dealer = app.dealer().await;
    let mut c = claims(&app.user_id(&dealer.token).await);
    c["iss"] = json!("someone-else");
    let forged = good(&c);
    let unsigned = token(
        &header("none"),
        &claims(&app.user_id(&dealer.token).await),
        |_| String::new(),
    );

    for forged in [&forged, &unsigned] {
        let reply = app
            .post_with_key(
                forged,
                "/customers",
                "forged-1",
                &json!({"name": "Forged", "country": "NL"}),
            )
            .await;
        assert_eq!(reply.status.as_u16(), 401);
    }
    let listed = app.get("/customers", &dealer.token).await.expect(200);
    assert_eq!(
        listed["items"],
        json!([]),
        "a refused token created something"
    );
}

#[tokio::test]
async fn a_disabled_users_tokens_stop_working_at_once() {
    // Arrange
    let app = spawn_app_with(|s| s.jwt_secret = Some(Secret::new(SECRET))).await;
    // A distributor's user, so it may impersonate a user of a dealer it has an allowance for.
    let dealer = app.distributor().await;
    let colleague = app.dealer().await;
    app.post(
        "/admin/shipping-allowances",
        &app.admin_token,
        &json!({"distributor_id": dealer.id, "dealer_id": colleague.id}),
    )
    .await
    .expect(201);
    let id = app.user_id(&dealer.token).await;
    let colleague_id = app.user_id(&colleague.token).await;
    let minted = good(&claims(&id));
    // The disabled user as the impersonator behind someone else's token.
    let mut acting = claims(&colleague_id);
    acting["act"] = json!(id);
    let acting = good(&acting);
    // An API key acts as its user: it must stop with the user, too.
    let key = app.api_key(&dealer.token, "ERP").await["key_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    for token in [&minted, &acting, &key] {
        app.get("/me", token).await.expect(200);
    }

    // Act
    let disabled = app
        .patch(
            &format!("/admin/users/{id}"),
            &app.admin_token,
            &json!({"disabled": true}),
        )
        .await
        .expect(200);
    assert_eq!(disabled["disabled"], true);

    // Assert
    assert_refused(&app, "the disabled user's session token", &dealer.token).await;
    assert_refused(&app, "a fresh token for the disabled user", &minted).await;
    assert_refused(&app, "impersonation by the disabled user", &acting).await;
    assert_refused(&app, "the disabled user's API key", &key).await;
    for (method, path, body) in [
        (Method::GET, "/customers", None),
        (
            Method::POST,
            "/customers",
            Some(json!({"name": "After disable", "country": "NL"})),
        ),
    ] {
        app.call(method, path, Some(&dealer.token), body.as_ref())
            .await
            .expect_error(401, "UNAUTHENTICATED");
    }
    let login = app.try_login(&dealer.email, PARTNER_PASSWORD).await;
    login.expect_error(401, "UNAUTHENTICATED");
    // Others are not affected.
    app.get("/me", &colleague.token).await.expect(200);
}
