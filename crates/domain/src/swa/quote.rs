//! The SWA quote of one location (SPEC §10, §13): units for the term, reinstatement units
//! for the months it went without, or why no quote can be given.

use chrono::{Months, NaiveDate};

use super::rates::{RateRule, SwaRates};
use super::standing::{SwaStanding, SwaStatus};
use crate::ErrorCode;

/// What a quote is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteRequest {
    /// The location's rate: Σ SWA thousandths per month × quantity of its activated licenses.
    pub monthly_millis: u64,
    /// The term asked for.
    pub months: u32,
    pub standing: SwaStanding,
    /// A common end date (co-term) instead of `months` after the start.
    pub ends_on: Option<NaiveDate>,
}

/// A quote: what assigning SWA for `months` costs and which dates it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    pub units: u64,
    pub reinstatement_units: u64,
    pub total_units: u64,
    /// The location's rate it was computed from, in thousandths of a unit a month.
    pub monthly_millis: u64,
    pub months: u32,
    /// Months without SWA that the reinstatement units pay for.
    pub months_without_swa: u32,
    pub starts_on: NaiveDate,
    pub expires_on: NaiveDate,
}

/// Why a location cannot be quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QuoteRefusal {
    #[error(
        "an SWA assignment of this location is in its cooling-off period; activate or cancel it first"
    )]
    AssignmentPending,
    #[error(
        "SWA is active until {covered_until}; it can be renewed once it is renewable (within the renewal window before that day)"
    )]
    AlreadyActive { covered_until: NaiveDate },
    #[error("the location has no activated licenses that bear SWA")]
    NoSwaLicenses,
    #[error("SWA can be quoted for {min} to {max} months")]
    DurationOutOfRange { min: u32, max: u32 },
    #[error(
        "the location went {months} months without SWA; reinstatement is quoted for up to {max} months, ask the vendor"
    )]
    ReinstatementTooLong { months: u32, max: u32 },
    #[error("the location is already covered to the common end date {ends_on}")]
    CoveredPastEnd { ends_on: NaiveDate },
}

impl QuoteRefusal {
    /// The stable code of the refusal.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::AssignmentPending => ErrorCode::SwaAssignmentPending,
            Self::AlreadyActive { .. } => ErrorCode::SwaAlreadyActive,
            Self::NoSwaLicenses => ErrorCode::NoSwaLicenses,
            Self::DurationOutOfRange { .. } => ErrorCode::SwaDurationOutOfRange,
            Self::ReinstatementTooLong { .. } => ErrorCode::ReinstatementTooLong,
            Self::CoveredPastEnd { .. } => ErrorCode::CoveredPastEnd,
        }
    }
}

/// Quotes SWA for one location.
///
/// # Errors
/// [`QuoteRefusal`] saying why no quote can be given.
pub fn quote(rates: &SwaRates, req: QuoteRequest) -> Result<Quote, QuoteRefusal> {
    let standing = req.standing;
    if standing.pending {
        return Err(QuoteRefusal::AssignmentPending);
    }
    if let (SwaStatus::Active, Some(covered_until)) = (standing.status, standing.covered_until) {
        return Err(QuoteRefusal::AlreadyActive { covered_until });
    }
    if req.monthly_millis == 0 {
        return Err(QuoteRefusal::NoSwaLicenses);
    }
    let out_of_range = || {
        let (min, max) = rates.span(RateRule::Term).unwrap_or((0, 0));
        QuoteRefusal::DurationOutOfRange { min, max }
    };
    let term = rates
        .factor(RateRule::Term, req.months)
        .ok_or_else(out_of_range)?;
    let without = standing.months_without_swa;
    let reinstatement = match without {
        0 => 0,
        months => rates
            .factor(RateRule::Reinstatement, months)
            .ok_or_else(|| QuoteRefusal::ReinstatementTooLong {
                months,
                max: rates
                    .span(RateRule::Reinstatement)
                    .map_or(0, |(_, max)| max),
            })?,
    };
    let starts_on = standing.next_start;
    let expires_on = match req.ends_on {
        Some(end) if end <= starts_on => return Err(QuoteRefusal::CoveredPastEnd { ends_on: end }),
        Some(end) => end,
        None => starts_on
            .checked_add_months(Months::new(req.months))
            .ok_or_else(out_of_range)?,
    };
    let units = cost(req.monthly_millis, req.months, term);
    let reinstatement_units = cost(req.monthly_millis, without, reinstatement);
    Ok(Quote {
        units,
        reinstatement_units,
        total_units: units + reinstatement_units,
        monthly_millis: req.monthly_millis,
        months: req.months,
        months_without_swa: without,
        starts_on,
        expires_on,
    })
}

/// `ceil(rate × months × factor)` with the rate in thousandths and the factor per mille.
fn cost(monthly_millis: u64, months: u32, factor_permille: u32) -> u64 {
    let millionths = u128::from(monthly_millis) * u128::from(months) * u128::from(factor_permille);
    u64::try_from(millionths.div_ceil(1_000_000)).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swa::rates::seed_rates;

    fn rates() -> SwaRates {
        SwaRates::new(seed_rates()).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn standing(status: SwaStatus, months_without_swa: u32) -> SwaStanding {
        SwaStanding {
            status,
            covered_until: None,
            grace_ends_on: Some(day(2026, 4, 1)),
            pending: false,
            next_start: day(2026, 12, 3),
            months_without_swa,
        }
    }

    fn request(monthly_millis: u64, months: u32, standing: SwaStanding) -> QuoteRequest {
        QuoteRequest {
            monthly_millis,
            months,
            standing,
            ends_on: None,
        }
    }

    #[test]
    fn a_12_month_quote_in_grace_is_rate_times_twelve() {
        // 22 units a month, e.g. 8 × 1.5 (IP ports) + 4 × 2.5 (UC seats).
        let q = quote(&rates(), request(22_000, 12, standing(SwaStatus::Grace, 0))).unwrap();
        assert_eq!(
            (q.units, q.reinstatement_units, q.total_units),
            (264, 0, 264)
        );
        assert_eq!(
            (q.starts_on, q.expires_on),
            (day(2026, 12, 3), day(2027, 12, 3))
        );
    }

    #[test]
    fn the_guides_60_months_with_3_months_reinstatement() {
        // 5.625 units a month: 60 months at the 0.9 term factor and 3 months at 1.0.
        let q = quote(&rates(), request(5_625, 60, standing(SwaStatus::None, 3))).unwrap();
        assert_eq!(
            (q.units, q.reinstatement_units, q.total_units),
            (304, 17, 321)
        );
        assert_eq!(q.months_without_swa, 3);
        assert_eq!(q.expires_on, day(2031, 12, 3));
    }

    #[test]
    fn a_fraction_of_a_unit_rounds_up() {
        let q = quote(&rates(), request(1, 1, standing(SwaStatus::Grace, 0))).unwrap();
        assert_eq!(q.units, 1);
    }

    #[test]
    fn refusals_say_why() {
        let r = rates();
        let grace = standing(SwaStatus::Grace, 0);
        assert_eq!(
            quote(&r, request(0, 12, grace)),
            Err(QuoteRefusal::NoSwaLicenses)
        );
        assert_eq!(
            quote(&r, request(1000, 61, grace)),
            Err(QuoteRefusal::DurationOutOfRange { min: 1, max: 60 })
        );
        assert_eq!(
            quote(&r, request(1000, 0, grace)),
            Err(QuoteRefusal::DurationOutOfRange { min: 1, max: 60 })
        );
        assert_eq!(
            quote(&r, request(1000, 12, standing(SwaStatus::None, 37))),
            Err(QuoteRefusal::ReinstatementTooLong {
                months: 37,
                max: 36
            })
        );
        let active = SwaStanding {
            covered_until: Some(day(2027, 6, 1)),
            ..standing(SwaStatus::Active, 0)
        };
        assert_eq!(
            quote(&r, request(1000, 12, active)),
            Err(QuoteRefusal::AlreadyActive {
                covered_until: day(2027, 6, 1)
            })
        );
        let pending = SwaStanding {
            pending: true,
            ..standing(SwaStatus::CoolingOff, 0)
        };
        assert_eq!(
            quote(&r, request(1000, 12, pending)),
            Err(QuoteRefusal::AssignmentPending)
        );
    }

    #[test]
    fn a_renewable_location_is_quoted_from_the_end_of_its_cover() {
        let renewable = SwaStanding {
            covered_until: Some(day(2027, 1, 15)),
            next_start: day(2027, 1, 15),
            ..standing(SwaStatus::Renewable, 0)
        };
        let q = quote(&rates(), request(1000, 12, renewable)).unwrap();
        assert_eq!(
            (q.starts_on, q.expires_on, q.units),
            (day(2027, 1, 15), day(2028, 1, 15), 12)
        );
    }

    #[test]
    fn a_common_end_date_replaces_the_computed_one() {
        let mut req = request(1000, 5, standing(SwaStatus::Grace, 0));
        req.ends_on = Some(day(2027, 5, 1));
        let q = quote(&rates(), req).unwrap();
        assert_eq!((q.expires_on, q.units), (day(2027, 5, 1), 6));
        req.ends_on = Some(day(2026, 12, 3));
        assert_eq!(
            quote(&rates(), req),
            Err(QuoteRefusal::CoveredPastEnd {
                ends_on: day(2026, 12, 3)
            })
        );
    }
}
