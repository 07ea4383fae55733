//! Renewing a customer's locations together (SPEC §10): each location asks for a term
//! (12 months unless re-quoted); with co-term, every location ends on one common date, the
//! latest end among the locations that get 12 months.

use chrono::{Months, NaiveDate};

use super::standing::months_started;

/// The months every renewal starts from ("today, 12 months").
pub const DEFAULT_MONTHS: u32 = 12;

/// Co-term needs a location renewed for 12 months to set the common end date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "co-term needs at least one location renewed for 12 months: its end is the common end date"
)]
pub struct NoTwelveMonthLocation;

/// One location's ask: when its new SWA would start, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenewalAsk {
    pub starts_on: NaiveDate,
    pub months: u32,
}

/// The common end date of a co-termed renewal: the latest end of the 12-month asks.
///
/// # Errors
/// [`NoTwelveMonthLocation`] when no ask is for 12 months.
pub fn common_end(asks: &[RenewalAsk]) -> Result<NaiveDate, NoTwelveMonthLocation> {
    asks.iter()
        .filter(|a| a.months == DEFAULT_MONTHS)
        .filter_map(|a| a.starts_on.checked_add_months(Months::new(DEFAULT_MONTHS)))
        .max()
        .ok_or(NoTwelveMonthLocation)
}

/// The months a location starting on `starts_on` is quoted for to end on `end` (a started
/// month counts whole; the agreement still ends on `end`).
pub fn co_term_months(starts_on: NaiveDate, end: NaiveDate) -> u32 {
    months_started(starts_on, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_latest_twelve_month_end_is_the_common_end() {
        let asks = [
            RenewalAsk {
                starts_on: day(2026, 12, 3),
                months: 12,
            },
            RenewalAsk {
                starts_on: day(2027, 2, 1),
                months: 12,
            },
            RenewalAsk {
                starts_on: day(2026, 12, 3),
                months: 24,
            },
        ];
        assert_eq!(common_end(&asks), Ok(day(2028, 2, 1)));
        assert_eq!(co_term_months(day(2026, 12, 3), day(2028, 2, 1)), 14);
        assert_eq!(co_term_months(day(2027, 2, 1), day(2028, 2, 1)), 12);
    }

    #[test]
    fn co_term_without_a_twelve_month_location_is_refused() {
        let asks = [RenewalAsk {
            starts_on: day(2026, 12, 3),
            months: 6,
        }];
        assert_eq!(common_end(&asks), Err(NoTwelveMonthLocation));
    }
}
