//! The webhook delivery worker every `lms serve` process runs: it claims due messages under
//! a lease ([`lms_store::webhooks::delivery`]), POSTs each to its endpoint signed the
//! Standard Webhooks way ([`send`]), and settles it — delivered, retried later on the
//! schedule, or failed after the last retry. Several processes share the work safely.

mod send;

use std::time::Duration;

use lms_domain::webhook::RetrySchedule;
use lms_store::Pool;
use lms_store::webhooks::SecretBox;
use lms_store::webhooks::delivery::{self, Claimed};

use crate::clock::Clock;

pub use send::http_client;

/// How the worker runs.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    /// How often it looks for due messages when there were none.
    pub poll_interval: Duration,
    /// How long one attempt may take before it counts as a timeout.
    pub timeout: Duration,
    /// The retry schedule (scaled in tests).
    pub schedule: RetrySchedule,
    /// Messages claimed (and sent concurrently) at a time.
    pub batch: i64,
}

impl WorkerSettings {
    /// How long a claim lasts: enough for a whole batch's attempts, which run at once, and
    /// settling them. A process that dies holding it delays those messages this long.
    pub fn lease(&self) -> Duration {
        self.timeout * 2 + Duration::from_secs(1)
    }
}

/// The delivery worker of one process.
pub struct Worker {
    pub pool: Pool,
    pub sealer: SecretBox,
    pub clock: Clock,
    pub settings: WorkerSettings,
    pub client: reqwest::Client,
}

impl Worker {
    /// Delivers until the process stops.
    pub async fn run(self) {
        let owner = uuid::Uuid::new_v4().to_string();
        let mut tick = tokio::time::interval(self.settings.poll_interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // Drain what is due, then wait for the next tick.
            loop {
                match self.round(&owner).await {
                    Ok(n) if i64::try_from(n) == Ok(self.settings.batch) => {}
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "webhook delivery round failed");
                        break;
                    }
                }
            }
        }
    }

    /// Claims a batch, sends it, settles every message; answers how many were claimed.
    async fn round(&self, owner: &str) -> anyhow::Result<usize> {
        let now = self.clock.now();
        let lease_until = now + chrono::Duration::from_std(self.settings.lease())?;
        let claimed = self
            .blocking({
                let (owner, batch) = (owner.to_owned(), self.settings.batch);
                move |c| delivery::claim(c, &owner, now, lease_until, batch)
            })
            .await?;
        let count = claimed.len();
        let sends = claimed.into_iter().map(|m| self.deliver(owner, m));
        for result in futures_util::future::join_all(sends).await {
            if let Err(e) = result {
                tracing::warn!(error = %e, "a webhook attempt could not be recorded");
            }
        }
        Ok(count)
    }

    /// One attempt of one message, and its settlement.
    async fn deliver(&self, owner: &str, message: Claimed) -> anyhow::Result<()> {
        let attempted_at = self.clock.now();
        let outcome = send::attempt(
            &self.client,
            &self.sealer,
            &message,
            attempted_at,
            self.settings.timeout,
        )
        .await;
        let retry_after = if outcome.succeeded() {
            None
        } else {
            let attempts = u32::try_from(message.attempts).unwrap_or(0) + 1;
            let jitter = rand::random::<f64>() * 2.0 - 1.0;
            self.settings
                .schedule
                .after(attempts, jitter)
                .and_then(|d| chrono::Duration::from_std(d).ok())
        };
        log_attempt(&message, &outcome, retry_after);
        let (owner, id) = (owner.to_owned(), message.message_id);
        self.blocking(move |c| delivery::settle(c, &owner, id, &outcome, retry_after))
            .await
    }

    /// Runs database work on the blocking pool.
    async fn blocking<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut lms_store::DbConnection) -> Result<T, lms_store::QueryError>
            + Send
            + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            Ok(f(&mut conn)?)
        })
        .await?
    }
}

fn log_attempt(
    message: &Claimed,
    outcome: &delivery::Outcome,
    retry_after: Option<chrono::Duration>,
) {
    let id = message.event_id.as_str();
    if outcome.succeeded() {
        tracing::info!(webhook_id = id, endpoint = %message.endpoint_id, status = outcome.response_status, "webhook delivered");
    } else if let Some(wait) = retry_after {
        tracing::warn!(webhook_id = id, endpoint = %message.endpoint_id, status = outcome.response_status,
            error = outcome.error.as_deref(), retry_in_ms = wait.num_milliseconds(), "webhook attempt failed");
    } else {
        tracing::error!(webhook_id = id, endpoint = %message.endpoint_id, status = outcome.response_status,
            error = outcome.error.as_deref(), "webhook failed after its last retry");
    }
}
