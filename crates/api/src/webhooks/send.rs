//! One delivery attempt: the Standard Webhooks headers, the signature with the endpoint's
//! secret (and the previous one during a rotation), a POST with a timeout, no redirects.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use lms_domain::webhook::{WebhookSecret, sign};
use lms_store::webhooks::SecretBox;
use lms_store::webhooks::delivery::{Claimed, Outcome};

/// The client every attempt uses: rustls, no redirects (a 3xx is a failed attempt, as the
/// signature was made for this URL), no proxy from the environment. An idle connection is
/// kept one second only: receivers close theirs after a few seconds (Node after 5), and a
/// retry sent on a connection the receiver is closing would fail for nothing.
///
/// # Errors
/// When the TLS backend cannot start.
pub fn http_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .pool_idle_timeout(Duration::from_secs(1))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("LMS-Webhooks/", env!("CARGO_PKG_VERSION")))
        .no_proxy()
        .build()
}

/// The longest error text kept with an attempt.
const ERROR_MAX: usize = 300;

/// Sends `message` once; never fails: a missing answer is an outcome too.
pub(super) async fn attempt(
    client: &reqwest::Client,
    sealer: &SecretBox,
    message: &Claimed,
    attempted_at: DateTime<Utc>,
    timeout: Duration,
) -> Outcome {
    let started = Instant::now();
    let result = match secrets(sealer, message) {
        Ok(secrets) => post(client, message, &secrets, timeout).await,
        Err(e) => Err(e),
    };
    let duration_ms = i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
    match result {
        Ok(status) => Outcome {
            attempted_at,
            duration_ms,
            response_status: Some(status),
            error: None,
        },
        Err(error) => Outcome {
            attempted_at,
            duration_ms,
            response_status: None,
            error: Some(error.chars().take(ERROR_MAX).collect()),
        },
    }
}

/// The endpoint's secrets, current first.
fn secrets(sealer: &SecretBox, message: &Claimed) -> Result<Vec<WebhookSecret>, String> {
    let endpoint = message.endpoint_id.to_string();
    let current = sealer
        .open(&endpoint, &message.secret_sealed)
        .map_err(|e| e.to_string())?;
    let mut secrets = vec![current];
    if let Some(previous) = &message.previous_secret_sealed {
        secrets.extend(sealer.open(&endpoint, previous).ok());
    }
    Ok(secrets)
}

async fn post(
    client: &reqwest::Client,
    message: &Claimed,
    secrets: &[WebhookSecret],
    timeout: Duration,
) -> Result<u16, String> {
    // The receiver compares the timestamp with its own clock: the real time, always.
    let timestamp = Utc::now().timestamp();
    let refs: Vec<&WebhookSecret> = secrets.iter().collect();
    let signature = sign(
        &refs,
        &message.event_id,
        timestamp,
        message.payload.as_bytes(),
    );
    let response = client
        .post(&message.url)
        .timeout(timeout)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("webhook-id", &message.event_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(message.payload.clone())
        .send()
        .await
        .map_err(describe)?;
    Ok(response.status().as_u16())
}

/// A transport error in words, without the URL (it may carry a token in its query).
fn describe(e: reqwest::Error) -> String {
    if e.is_timeout() {
        "timeout: no answer in time".to_owned()
    } else if e.is_connect() {
        format!("connection failed: {}", source_text(&e))
    } else {
        e.without_url().to_string()
    }
}

fn source_text(e: &reqwest::Error) -> String {
    let mut text = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = s.to_string();
        source = s.source();
    }
    text
}
