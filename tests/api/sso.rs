//! BusinessNet single sign-on: an Ed25519-signed assertion becomes an ordinary session; a
//! replay, an expired or too long-lived assertion, a wrong key, algorithm or audience, an
//! unknown or disabled user are each refused with 401 and a code.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app_with};

/// An Ed25519 key pair as PEM: (private PKCS#8, public SPKI). The DER prefixes are the fixed
/// ASN.1 headers of RFC 8410 keys.
fn key_pair() -> (String, String) {
    let seed: [u8; 32] = rand::random();
    let signing = ed25519_dalek::SigningKey::from_bytes(&seed);
    let pem = |label: &str, prefix: &[u8], key: &[u8]| {
        let der = [prefix, key].concat();
        format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            STANDARD.encode(der)
        )
    };
    (
        pem(
            "PRIVATE KEY",
            &hex("302e020100300506032b657004220420"),
            &seed,
        ),
        pem(
            "PUBLIC KEY",
            &hex("302a300506032b6570032100"),
            signing.verifying_key().as_bytes(),
        ),
    )
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// BusinessNet's side: signs assertions with its private key.
struct BusinessNet {
    private_pem: String,
}

impl BusinessNet {
    fn claims(email: &str) -> Value {
        let now = chrono::Utc::now().timestamp();
        json!({"iss": "businessnet", "aud": "lms", "sub": email, "iat": now, "exp": now + 120,
               "jti": uuid::Uuid::new_v4().to_string()})
    }

    fn sign(&self, claims: &Value) -> String {
        let key = EncodingKey::from_ed_pem(self.private_pem.as_bytes()).unwrap();
        jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), claims, &key).unwrap()
    }
}

async fn spawn_sso_app() -> (TestApp, BusinessNet, String) {
    let (private_pem, public_pem) = key_pair();
    let public = public_pem.clone();
    let app = spawn_app_with(move |s| s.businessnet_sso_public_key = Some(public)).await;
    (app, BusinessNet { private_pem }, public_pem)
}

async fn sso(app: &TestApp, assertion: &str) -> crate::helpers::Reply {
    app.call(
        Method::POST,
        "/auth/businessnet",
        None,
        Some(&json!({"assertion": assertion})),
    )
    .await
}

#[tokio::test]
async fn an_assertion_logs_the_user_in_once() {
    let (app, bn, _) = spawn_sso_app().await;
    let dealer = app.dealer().await;
    let assertion = bn.sign(&BusinessNet::claims(&dealer.email.to_uppercase()));

    let session = sso(&app, &assertion).await.expect(200);
    let token = session["access_token"].as_str().unwrap();
    let me = app.get("/me", token).await.expect(200);
    let replay = sso(&app, &assertion)
        .await
        .expect_error(401, "SSO_ASSERTION_REPLAYED");

    assert_eq!(me["email"], dealer.email.as_str());
    assert_eq!(session["user"]["email"], dealer.email.as_str());
    assert!(
        replay["error"]["message"]
            .as_str()
            .unwrap()
            .contains("used already")
    );
}

#[tokio::test]
async fn expired_long_lived_wrong_audience_or_issuer_or_no_jti_are_refused() {
    let (app, bn, _) = spawn_sso_app().await;
    let dealer = app.dealer().await;
    let now = chrono::Utc::now().timestamp();
    let with = |field: &str, value: Value| {
        let mut claims = BusinessNet::claims(&dealer.email);
        claims[field] = value;
        bn.sign(&claims)
    };

    sso(&app, &with("exp", json!(now - 120)))
        .await
        .expect_error(401, "SSO_ASSERTION_EXPIRED");
    sso(&app, &with("exp", json!(now + 3600)))
        .await
        .expect_error(401, "SSO_ASSERTION_INVALID");
    sso(&app, &with("aud", json!("lms-api")))
        .await
        .expect_error(401, "SSO_ASSERTION_INVALID");
    sso(&app, &with("iss", json!("elsewhere")))
        .await
        .expect_error(401, "SSO_ASSERTION_INVALID");
    let mut no_jti = BusinessNet::claims(&dealer.email);
    no_jti.as_object_mut().unwrap().remove("jti");
    sso(&app, &bn.sign(&no_jti))
        .await
        .expect_error(401, "SSO_ASSERTION_INVALID");
    // The valid one still works: nothing above spent it.
    sso(&app, &bn.sign(&BusinessNet::claims(&dealer.email)))
        .await
        .expect(200);
}

#[tokio::test]
async fn a_wrong_key_or_algorithm_is_refused() {
    let (app, _, public_pem) = spawn_sso_app().await;
    let dealer = app.dealer().await;
    let claims = BusinessNet::claims(&dealer.email);

    // Another key pair.
    let (other_private, _) = key_pair();
    let forged = BusinessNet {
        private_pem: other_private,
    }
    .sign(&claims);
    sso(&app, &forged)
        .await
        .expect_error(401, "SSO_ASSERTION_INVALID");
    // Algorithm confusion: HS256 keyed with the public key, which anybody has.
    let confused = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(public_pem.as_bytes()).unwrap(),
    )
    .unwrap();
    sso(&app, &confused)
        .await
        .expect_error(401, "SSO_ASSERTION_INVALID");
    // `alg: none`, unsigned.
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims)
    );
    sso(&app, &none)
        .await
        .expect_error(401, "SSO_ASSERTION_INVALID");
    sso(&app, "not a jwt")
        .await
        .expect_error(401, "SSO_ASSERTION_INVALID");
}

#[tokio::test]
async fn an_unknown_or_disabled_user_is_refused() {
    let (app, bn, _) = spawn_sso_app().await;
    let dealer = app.dealer().await;
    let user_id = app.user_id(&dealer.token).await;
    app.patch(
        &format!("/admin/users/{user_id}"),
        &app.admin_token,
        &json!({"disabled": true}),
    )
    .await
    .expect(200);

    sso(
        &app,
        &bn.sign(&BusinessNet::claims("nobody@nowhere.example")),
    )
    .await
    .expect_error(401, "SSO_UNKNOWN_USER");
    sso(&app, &bn.sign(&BusinessNet::claims(&dealer.email)))
        .await
        .expect_error(401, "SSO_UNKNOWN_USER");
}

#[tokio::test]
async fn without_a_configured_key_single_sign_on_is_off() {
    let app = crate::helpers::spawn_app().await;
    sso(&app, "x.y.z")
        .await
        .expect_error(404, "SSO_NOT_CONFIGURED");
}
