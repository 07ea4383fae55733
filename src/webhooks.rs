//! Webhook set-up at start-up: the key that seals endpoint secrets, the BusinessNet endpoint
//! of the configuration, and the delivery worker.

use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use lms_api::webhooks::{Worker, WorkerSettings, http_client};
use lms_domain::webhook::{EndpointUrl, RetrySchedule, WebhookSecret};
use lms_store::Pool;
use lms_store::deployment::KeyKind;
use lms_store::webhooks::SecretBox;
use lms_store::webhooks::endpoints::{self, ConfiguredEndpoint};

use crate::private_files::write_private;
use crate::settings::Settings;

/// Where a generated webhook key is kept.
const KEY_FILE: &str = "webhook-key";

/// The key that seals webhook secrets: `LMS_WEBHOOK_ENCRYPTION_KEY`, or the one generated
/// into the data directory on the first start on a new database. Every process on the
/// database must hold the same key (each opens secrets the others sealed): a process with
/// another key, or none where one is recorded, refuses to start.
///
/// # Errors
/// A configured or stored key that is not base64 of 32 bytes; an unwritable data directory;
/// a key the other processes on the database do not share.
pub fn secret_box(settings: &Settings, pool: &Pool) -> anyhow::Result<SecretBox> {
    let mut conn = pool.get()?;
    let key = match &settings.webhook_encryption_key {
        Some(key) => decode(key.expose()).context("LMS_WEBHOOK_ENCRYPTION_KEY")?,
        None => match stored(settings)? {
            Some(key) => key,
            None => {
                crate::shared_keys::refuse_to_generate(
                    &mut conn,
                    KeyKind::WebhookKey,
                    "LMS_WEBHOOK_ENCRYPTION_KEY",
                )?;
                generate(settings)?
            }
        },
    };
    crate::shared_keys::ensure_shared(
        &mut conn,
        KeyKind::WebhookKey,
        &key,
        "LMS_WEBHOOK_ENCRYPTION_KEY",
    )?;
    Ok(SecretBox::new(key))
}

fn stored(settings: &Settings) -> anyhow::Result<Option<[u8; 32]>> {
    let path = settings.data_dir.join(KEY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => decode(&text)
            .with_context(|| path.display().to_string())
            .map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn generate(settings: &Settings) -> anyhow::Result<[u8; 32]> {
    let path = settings.data_dir.join(KEY_FILE);
    let text = STANDARD.encode(rand::random::<[u8; 32]>());
    match write_private(&path, &text) {
        Ok(()) => tracing::info!(path = %path.display(), "generated a webhook key"),
        // Another process starting on the same data directory wrote it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return decode(&std::fs::read_to_string(&path)?);
        }
        Err(e) => return Err(e.into()),
    }
    decode(&text)
}

fn decode(text: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = STANDARD
        .decode(text.trim())
        .context("the webhook key is not base64")?;
    bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("the webhook key must be 32 bytes"))
}

/// The BusinessNet endpoint of the configuration, checked.
///
/// # Errors
/// A URL without its secret (or the reverse), a bad URL or secret.
pub fn configured_endpoint(settings: &Settings) -> anyhow::Result<Option<ConfiguredEndpoint>> {
    match (
        &settings.businessnet_webhook_url,
        &settings.businessnet_webhook_secret,
    ) {
        (None, None) => Ok(None),
        (Some(url), Some(secret)) => Ok(Some(ConfiguredEndpoint {
            url: EndpointUrl::parse(url).context("LMS_BUSINESSNET_WEBHOOK_URL")?,
            secret: WebhookSecret::parse(secret.expose())
                .context("LMS_BUSINESSNET_WEBHOOK_SECRET")?,
        })),
        _ => anyhow::bail!(
            "LMS_BUSINESSNET_WEBHOOK_URL and LMS_BUSINESSNET_WEBHOOK_SECRET are set together"
        ),
    }
}

/// Brings the configuration's endpoint into the database.
///
/// # Errors
/// Database errors.
pub fn configure(settings: &Settings, pool: &Pool, sealer: &SecretBox) -> anyhow::Result<()> {
    let configured = configured_endpoint(settings)?;
    let mut conn = pool.get()?;
    endpoints::configure(&mut conn, sealer, configured.as_ref(), chrono::Utc::now())?;
    Ok(())
}

/// The delivery worker of this process.
///
/// # Errors
/// A retry scale that is not a positive number; the HTTP client failing to start.
pub fn worker(settings: &Settings, pool: Pool, sealer: SecretBox) -> anyhow::Result<Worker> {
    let scale = settings.webhook_retry_scale;
    anyhow::ensure!(
        scale.is_finite() && scale > 0.0,
        "LMS_WEBHOOK_RETRY_SCALE must be a positive number"
    );
    Ok(Worker {
        pool,
        sealer,
        clock: settings.clock.clone(),
        settings: WorkerSettings {
            poll_interval: Duration::from_millis(settings.webhook_poll_interval_ms.max(10)),
            timeout: Duration::from_millis(settings.webhook_timeout_ms.max(100)),
            schedule: RetrySchedule { scale },
            batch: 16,
        },
        client: http_client()?,
    })
}
