//! The time the business rules see. Production reads the system clock; end-to-end tests
//! move it forward to cross a 24-hour cooling-off or a 90-day grace period without sleeping.
//! No configuration reaches the adjustable clock: only code that builds the application
//! (the test suite) can make one, so a deployed server always runs on real time.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

/// The system clock, or the system clock plus an offset a test controls.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// Milliseconds added to the system time; `None` for the plain system clock.
    offset_ms: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that starts at the system time and that [`Clock::advance`] moves forward;
    /// clones share the offset.
    pub fn adjustable() -> Self {
        Self {
            offset_ms: Some(Arc::new(AtomicI64::new(0))),
        }
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        let offset = self
            .offset_ms
            .as_ref()
            .map_or(0, |o| o.load(Ordering::SeqCst));
        Utc::now() + Duration::milliseconds(offset)
    }

    /// Moves an adjustable clock forward by `by`.
    ///
    /// # Panics
    /// On the system clock: only a test can move time.
    pub fn advance(&self, by: Duration) {
        let offset = self
            .offset_ms
            .as_ref()
            .expect("only an adjustable clock can be moved");
        offset.fetch_add(by.num_milliseconds(), Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_adjustable_clock_moves_for_every_clone() {
        let clock = Clock::adjustable();
        let shared = clock.clone();
        let before = clock.now();
        shared.advance(Duration::days(91));
        assert!(clock.now() - before >= Duration::days(91));
        assert!(Clock::system().now() - Utc::now() < Duration::seconds(1));
    }

    #[test]
    #[should_panic(expected = "only an adjustable clock")]
    fn the_system_clock_cannot_be_moved() {
        Clock::system().advance(Duration::days(1));
    }
}
