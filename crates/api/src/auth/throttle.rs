//! Failed-login throttling: at most N failures a minute per account and per client address;
//! past that, logins answer 429 with `Retry-After` until the oldest failure ages out.
//!
//! An attempt is *reserved* (counted as a failure) before the password is checked and
//! released only when it succeeds, so a parallel burst cannot slip more than N guesses past
//! the check while the first ones are still being verified.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts recent failed logins per key (`email:…`, `ip:…`).
#[derive(Debug)]
pub struct LoginThrottle {
    max_failures: usize,
    window: Duration,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// An attempt counted against its keys until [`LoginThrottle::succeeded`] releases it.
#[derive(Debug)]
#[must_use = "a reservation is released only by `succeeded`"]
pub struct Reservation {
    keys: Vec<String>,
    at: Instant,
}

impl LoginThrottle {
    /// At most `max_failures` within `window` per key.
    pub fn new(max_failures: usize, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt against every key, or answers how long to wait when any key is at
    /// its limit (then nothing is counted).
    ///
    /// # Errors
    /// The wait until the oldest counted attempt of the blocked key ages out.
    pub fn reserve(&self, keys: &[String], now: Instant) -> Result<Reservation, Duration> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let wait = keys
            .iter()
            .filter_map(|key| {
                let recent = map.get_mut(key)?;
                Self::expire(recent, now, self.window);
                (recent.len() >= self.max_failures).then(|| {
                    recent.front().map_or(self.window, |oldest| {
                        self.window.saturating_sub(now - *oldest)
                    })
                })
            })
            .max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        // Bound memory under a spray of distinct keys: drop keys with nothing recent.
        if map.len() > 100_000 {
            map.retain(|_, v| v.back().is_some_and(|t| now - *t < self.window));
        }
        for key in keys {
            map.entry(key.clone()).or_default().push_back(now);
        }
        Ok(Reservation {
            keys: keys.to_vec(),
            at: now,
        })
    }

    /// The attempt succeeded: it no longer counts, and the account's failures are cleared
    /// (not the address's other failures).
    pub fn succeeded(&self, reservation: Reservation, account_key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for key in &reservation.keys {
            if let Some(recent) = map.get_mut(key)
                && let Some(i) = recent.iter().position(|t| *t == reservation.at)
            {
                recent.remove(i);
            }
        }
        map.remove(account_key);
    }

    fn expire(recent: &mut VecDeque<Instant>, now: Instant, window: Duration) {
        while recent.front().is_some_and(|t| now - *t >= window) {
            recent.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_max_attempts_until_the_window_passes() {
        let throttle = LoginThrottle::new(5, Duration::from_secs(60));
        let keys = vec!["email:a@example.com".to_owned()];
        let t0 = Instant::now();
        for i in 0..5 {
            assert!(throttle.reserve(&keys, t0).is_ok(), "attempt {i}");
        }
        let wait = throttle
            .reserve(&keys, t0 + Duration::from_secs(10))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(50));
        assert!(
            throttle
                .reserve(&keys, t0 + Duration::from_secs(60))
                .is_ok()
        );
    }

    #[test]
    fn a_success_releases_its_attempt_and_clears_the_account() {
        let throttle = LoginThrottle::new(2, Duration::from_secs(60));
        let keys = vec!["email:a@example.com".to_owned(), "ip:10.0.0.1".to_owned()];
        let t0 = Instant::now();
        let _failed = throttle.reserve(&keys, t0).unwrap();
        let ok = throttle
            .reserve(&keys, t0 + Duration::from_secs(1))
            .unwrap();
        throttle.succeeded(ok, &keys[0]);
        // The account is clear; the address keeps its one failure, so one more attempt fits.
        let other = vec!["email:b@example.com".to_owned(), "ip:10.0.0.1".to_owned()];
        assert!(
            throttle
                .reserve(&other, t0 + Duration::from_secs(2))
                .is_ok()
        );
        assert!(
            throttle
                .reserve(&other, t0 + Duration::from_secs(3))
                .is_err()
        );
    }
}
