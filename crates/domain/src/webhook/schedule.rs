//! When a message that was not delivered is tried again: after 5 s, 30 s, 2 min, 10 min,
//! 30 min, 1 h, 3 h, 6 h, 12 h, 24 h and 24 h (about three days in all), each ±20 % at random
//! so that many messages failing together do not return together; after the last retry the
//! message has failed.

use std::time::Duration;

/// The delays before the retries, in seconds, before jitter.
pub const RETRY_DELAYS: [u64; 11] = [
    5,
    30,
    2 * 60,
    10 * 60,
    30 * 60,
    3600,
    3 * 3600,
    6 * 3600,
    12 * 3600,
    24 * 3600,
    24 * 3600,
];

/// The jitter: a delay varies by up to this fraction either way.
pub const JITTER: f64 = 0.2;

/// The schedule, scaled: `scale` multiplies every delay (1.0 in production; a test runs
/// through the schedule in milliseconds with 0.001).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetrySchedule {
    pub scale: f64,
}

impl Default for RetrySchedule {
    fn default() -> Self {
        Self { scale: 1.0 }
    }
}

impl RetrySchedule {
    /// How many attempts a message gets: the first and every retry.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "eleven delays: far below u32::MAX"
    )]
    pub const ATTEMPTS: u32 = RETRY_DELAYS.len() as u32 + 1;

    /// The wait after failed attempt number `attempts` (1 = the first), with `jitter` drawn by
    /// the caller from [-1, 1]; `None` when that was the last attempt.
    pub fn after(self, attempts: u32, jitter: f64) -> Option<Duration> {
        let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
        let base = *RETRY_DELAYS.get(index)?;
        #[expect(
            clippy::cast_precision_loss,
            reason = "delays are at most a day in seconds: exact in an f64"
        )]
        let seconds = base as f64 * self.scale * (1.0 + JITTER * jitter.clamp(-1.0, 1.0));
        Some(Duration::from_secs_f64(seconds.max(0.0)))
    }
}
