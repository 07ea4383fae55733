//! SWA rates as data: term factors by duration and reinstatement factors by months without
//! SWA. Each is a set of month bands; a duration outside every term band cannot be quoted,
//! and a gap longer than every reinstatement band needs the vendor.

use crate::text_enum::text_enum;

text_enum! {
    /// What a band prices.
    pub enum RateRule {
        /// The factor on a term of so many months.
        Term = "term",
        /// The factor on each month a location went without SWA.
        Reinstatement = "reinstatement",
    }
}

/// One band: months `min_months..=max_months` cost `factor_permille / 1000` per month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateBand {
    pub rule: RateRule,
    pub min_months: u32,
    pub max_months: u32,
    pub factor_permille: u32,
}

/// Why a set of bands is not a rate table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatesError {
    #[error("a {0} band must start at 1 month or more and end at or after its start")]
    BadBand(RateRule),
    #[error("a {0} band's factor must be above 0")]
    ZeroFactor(RateRule),
    #[error("{0} bands overlap at {1} months")]
    Overlap(RateRule, u32),
    #[error("there is no term band: nothing could be quoted")]
    NoTerm,
}

/// A checked rate table: bands of one rule never overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwaRates {
    bands: Vec<RateBand>,
}

impl SwaRates {
    /// Checks `bands` (see [`RatesError`]).
    ///
    /// # Errors
    /// [`RatesError`] naming the first problem.
    pub fn new(mut bands: Vec<RateBand>) -> Result<Self, RatesError> {
        bands.sort_by_key(|b| (b.rule.as_str(), b.min_months));
        for b in &bands {
            if b.min_months == 0 || b.max_months < b.min_months {
                return Err(RatesError::BadBand(b.rule));
            }
            if b.factor_permille == 0 {
                return Err(RatesError::ZeroFactor(b.rule));
            }
        }
        for pair in bands.windows(2) {
            if pair[0].rule == pair[1].rule && pair[1].min_months <= pair[0].max_months {
                return Err(RatesError::Overlap(pair[0].rule, pair[1].min_months));
            }
        }
        if !bands.iter().any(|b| b.rule == RateRule::Term) {
            return Err(RatesError::NoTerm);
        }
        Ok(Self { bands })
    }

    /// The bands, by rule and start.
    pub fn bands(&self) -> &[RateBand] {
        &self.bands
    }

    /// The factor (per mille) of `rule` for `months`, if a band covers it.
    pub fn factor(&self, rule: RateRule, months: u32) -> Option<u32> {
        self.bands
            .iter()
            .find(|b| b.rule == rule && (b.min_months..=b.max_months).contains(&months))
            .map(|b| b.factor_permille)
    }

    /// The shortest and longest months any band of `rule` covers.
    pub fn span(&self, rule: RateRule) -> Option<(u32, u32)> {
        let of_rule = self.bands.iter().filter(|b| b.rule == rule);
        let min = of_rule.clone().map(|b| b.min_months).min()?;
        let max = of_rule.map(|b| b.max_months).max()?;
        Some((min, max))
    }
}

/// The rate table a new database starts with: shorter terms cost more per month, longer
/// terms less; each month without SWA costs one month at the plain rate, for up to three
/// years (beyond that the vendor decides).
#[rustfmt::skip]
pub fn seed_rates() -> Vec<RateBand> {
    use RateRule::{Reinstatement, Term};
    let band = |rule, min_months, max_months, factor_permille| RateBand {
        rule, min_months, max_months, factor_permille,
    };
    vec![
        band(Term, 1, 11, 1100),
        band(Term, 12, 23, 1000),
        band(Term, 24, 35, 960),
        band(Term, 36, 59, 930),
        band(Term, 60, 60, 900),
        band(Reinstatement, 1, 36, 1000),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded() -> SwaRates {
        SwaRates::new(seed_rates()).unwrap()
    }

    #[test]
    fn the_seed_is_a_valid_table_covering_1_to_60_months() {
        let rates = seeded();
        assert_eq!(rates.span(RateRule::Term), Some((1, 60)));
        assert_eq!(rates.span(RateRule::Reinstatement), Some((1, 36)));
        assert_eq!(rates.factor(RateRule::Term, 12), Some(1000));
        assert_eq!(rates.factor(RateRule::Term, 60), Some(900));
        assert_eq!(rates.factor(RateRule::Term, 61), None);
        assert_eq!(rates.factor(RateRule::Reinstatement, 37), None);
    }

    #[test]
    fn overlapping_empty_and_zero_bands_are_refused() {
        let band = |min, max, f| RateBand {
            rule: RateRule::Term,
            min_months: min,
            max_months: max,
            factor_permille: f,
        };
        assert_eq!(
            SwaRates::new(vec![band(1, 12, 1000), band(12, 24, 900)]),
            Err(RatesError::Overlap(RateRule::Term, 12))
        );
        assert_eq!(
            SwaRates::new(vec![band(0, 12, 1000)]),
            Err(RatesError::BadBand(RateRule::Term))
        );
        assert_eq!(
            SwaRates::new(vec![band(5, 4, 1000)]),
            Err(RatesError::BadBand(RateRule::Term))
        );
        assert_eq!(
            SwaRates::new(vec![band(1, 4, 0)]),
            Err(RatesError::ZeroFactor(RateRule::Term))
        );
        assert_eq!(SwaRates::new(vec![]), Err(RatesError::NoTerm));
    }
}
