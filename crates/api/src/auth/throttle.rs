//! Failed-login throttling: at most N failures a minute per account and per client address;
//! past that, logins answer 429 with `Retry-After` until the oldest failure ages out.

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

impl LoginThrottle {
    /// At most `max_failures` within `window` per key.
    pub fn new(max_failures: usize, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Some(wait)` when any of `keys` is blocked now.
    pub fn blocked(&self, keys: &[String], now: Instant) -> Option<Duration> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        keys.iter()
            .filter_map(|key| {
                let recent = map.get_mut(key)?;
                Self::expire(recent, now, self.window);
                (recent.len() >= self.max_failures).then(|| {
                    recent.front().map_or(self.window, |oldest| {
                        self.window.saturating_sub(now - *oldest)
                    })
                })
            })
            .max()
    }

    /// Records one failure against each key.
    pub fn record_failure(&self, keys: &[String], now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Bound memory under a spray of distinct keys: drop keys with nothing recent.
        if map.len() > 100_000 {
            map.retain(|_, v| v.back().is_some_and(|t| now - *t < self.window));
        }
        for key in keys {
            let recent = map.entry(key.clone()).or_default();
            Self::expire(recent, now, self.window);
            recent.push_back(now);
        }
    }

    /// A successful login clears the account's failures (not the address's).
    pub fn clear(&self, key: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
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
    fn blocks_after_max_failures_until_the_window_passes() {
        let throttle = LoginThrottle::new(5, Duration::from_secs(60));
        let keys = vec!["email:a@example.com".to_owned()];
        let t0 = Instant::now();
        for i in 0..5 {
            assert_eq!(throttle.blocked(&keys, t0), None, "attempt {i}");
            throttle.record_failure(&keys, t0);
        }
        let wait = throttle
            .blocked(&keys, t0 + Duration::from_secs(10))
            .unwrap();
        assert_eq!(wait, Duration::from_secs(50));
        assert_eq!(throttle.blocked(&keys, t0 + Duration::from_secs(60)), None);
    }
}
