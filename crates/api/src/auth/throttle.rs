//! Failed-login throttling: at most N failures a minute per account and per client address;
//! past that, logins answer 429 with `Retry-After` until the oldest failure ages out. The
//! attempts live in the database ([`lms_store::login_throttle`]), so several server processes
//! behind a load balancer allow N guesses in all, not N each.

use chrono::Utc;
use lms_store::login_throttle::{self, Reservation, ThrottleRules};

use crate::error::ApiError;
use crate::state::AppState;

/// The limits of failed logins per key (`email:…`, `ip:…`).
#[derive(Debug, Clone, Copy)]
pub struct LoginThrottle {
    rules: ThrottleRules,
}

/// A counted attempt, released by [`LoginThrottle::succeeded`].
#[derive(Debug)]
#[must_use = "an attempt is released only by `succeeded`"]
pub struct Attempt(Reservation);

impl LoginThrottle {
    /// At most `max_failures` within `window` per key.
    pub fn new(max_failures: usize, window: std::time::Duration) -> Self {
        Self {
            rules: ThrottleRules {
                max_attempts: u32::try_from(max_failures).unwrap_or(u32::MAX),
                window: chrono::Duration::from_std(window).unwrap_or(chrono::Duration::MAX),
            },
        }
    }

    /// Counts an attempt against every key before the credential is checked: a parallel
    /// burst cannot get more guesses than the limit.
    ///
    /// # Errors
    /// 429 with the seconds to wait (and `refusal` as its message) when a key is at its limit;
    /// database errors.
    pub async fn reserve(
        &self,
        state: &AppState,
        keys: Vec<String>,
        refusal: &'static str,
    ) -> Result<Attempt, ApiError> {
        let rules = self.rules;
        let counted = state
            .db(move |c| login_throttle::reserve(c, &keys, rules, Utc::now()))
            .await?;
        counted.map(Attempt).map_err(|wait| {
            let secs = u64::try_from(wait.num_seconds()).unwrap_or(0);
            ApiError::too_many_requests(refusal, secs + 1)
        })
    }

    /// The attempt succeeded: it no longer counts, and the account's failures are cleared
    /// (not the address's other failures).
    ///
    /// # Errors
    /// Database errors.
    pub async fn succeeded(
        &self,
        state: &AppState,
        attempt: Attempt,
        account_key: String,
    ) -> Result<(), ApiError> {
        state
            .db(move |c| login_throttle::succeeded(c, attempt.0, &account_key))
            .await
    }
}
