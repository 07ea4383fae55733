//! Where a location stands with SWA, computed from dated facts and the clock passed in: its
//! status, how long it is covered, when new SWA would start and how many months it went
//! without. A cooling-off assignment whose 24 hours have passed counts as active here, so a
//! reader never sees a state the background job has not written yet.

use chrono::{DateTime, Days, Months, NaiveDate, Utc};

use crate::text_enum::text_enum;

text_enum! {
    /// A location's SWA status.
    pub enum SwaStatus {
        /// No SWA: no activated license that bears SWA, or the grace period ended without
        /// SWA (a quote then adds reinstatement units).
        None = "none",
        /// Within the grace period after the first activation, no SWA yet: SWA can be
        /// assigned without reinstatement.
        Grace = "grace",
        /// An assignment waits out its 24-hour cooling-off and may still be cancelled.
        CoolingOff = "cooling_off",
        /// SWA covers today and ends later than the renewal window.
        Active = "active",
        /// SWA ended; renewing now adds reinstatement units for each month since.
        Expired = "expired",
        /// SWA covers today and ends within the renewal window (90 days by default): a
        /// renewal starts when it ends.
        Renewable = "renewable",
    }
}

text_enum! {
    /// Where an SWA assignment stands.
    pub enum AssignmentState {
        /// Units held; cancellable until its cooling-off ends.
        CoolingOff = "cooling_off",
        /// Units consumed; the agreement is in force for its dates.
        Active = "active",
        /// Cancelled in cooling-off; the units went back to the bin.
        Cancelled = "cancelled",
    }
}

/// The settings that shape the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwaPolicy {
    /// Days after the first activation in which SWA needs no reinstatement.
    pub grace_days: u32,
    /// Days before expiry from which SWA is `renewable`.
    pub renewable_days: u32,
}

impl Default for SwaPolicy {
    fn default() -> Self {
        Self {
            grace_days: 90,
            renewable_days: 90,
        }
    }
}

/// One assignment as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssignmentFacts {
    pub state: AssignmentState,
    pub cooling_off_until: DateTime<Utc>,
    pub starts_on: NaiveDate,
    pub expires_on: NaiveDate,
}

impl AssignmentFacts {
    /// The state at `now`: cooling-off ends by itself after its 24 hours.
    pub fn state_at(&self, now: DateTime<Utc>) -> AssignmentState {
        match self.state {
            AssignmentState::CoolingOff if self.cooling_off_until <= now => AssignmentState::Active,
            state => state,
        }
    }
}

/// What a location's SWA status is computed from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SwaFacts {
    /// When its first license was activated.
    pub first_activation: Option<DateTime<Utc>>,
    /// Whether its activated licenses bear SWA (a rate above zero).
    pub bears_swa: bool,
    pub assignments: Vec<AssignmentFacts>,
}

/// Where a location stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwaStanding {
    pub status: SwaStatus,
    /// The last day of continuous cover from today, when covered.
    pub covered_until: Option<NaiveDate>,
    /// The day the grace period ends (or ended), once a license is activated.
    pub grace_ends_on: Option<NaiveDate>,
    /// An assignment is in cooling-off.
    pub pending: bool,
    /// When new SWA would start: today, or the end of the current cover.
    pub next_start: NaiveDate,
    /// Months (started) without SWA since the grace period or the last cover ended.
    pub months_without_swa: u32,
}

/// How many months from `from` to `to`, a started month counting whole (0 if `to` is not
/// after `from`).
pub fn months_started(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut months = 0;
    while let Some(next) = from.checked_add_months(Months::new(months)) {
        if next >= to {
            return months;
        }
        months += 1;
    }
    months
}

/// The standing of a location at `now`.
pub fn standing(facts: &SwaFacts, policy: SwaPolicy, now: DateTime<Utc>) -> SwaStanding {
    let today = now.date_naive();
    let active: Vec<&AssignmentFacts> = facts
        .assignments
        .iter()
        .filter(|a| a.state_at(now) == AssignmentState::Active)
        .collect();
    let pending = facts
        .assignments
        .iter()
        .any(|a| a.state_at(now) == AssignmentState::CoolingOff);
    let grace_ends_on = facts
        .first_activation
        .map(|t| t.date_naive() + Days::new(policy.grace_days.into()));
    let base = SwaStanding {
        status: SwaStatus::None,
        covered_until: None,
        grace_ends_on,
        pending,
        next_start: today,
        months_without_swa: 0,
    };
    if let Some(until) = cover(&active, today) {
        let renewable = until <= today + Days::new(policy.renewable_days.into());
        return SwaStanding {
            status: if renewable {
                SwaStatus::Renewable
            } else {
                SwaStatus::Active
            },
            covered_until: Some(until),
            next_start: until,
            ..base
        };
    }
    let gap_from = active
        .iter()
        .map(|a| a.expires_on)
        .filter(|e| *e <= today)
        .max();
    let status = match (pending, gap_from, grace_ends_on) {
        (true, ..) => SwaStatus::CoolingOff,
        (false, Some(_), _) => SwaStatus::Expired,
        (false, None, Some(end)) if facts.bears_swa && today < end => SwaStatus::Grace,
        _ => SwaStatus::None,
    };
    let gap_from = gap_from.or(grace_ends_on.filter(|_| facts.bears_swa));
    SwaStanding {
        status,
        months_without_swa: gap_from.map_or(0, |from| months_started(from, today)),
        ..base
    }
}

/// The end of the continuous cover that includes `today`: an assignment covering today,
/// extended by every one that starts by the time the cover so far ends.
fn cover(active: &[&AssignmentFacts], today: NaiveDate) -> Option<NaiveDate> {
    let mut until = active
        .iter()
        .filter(|a| a.starts_on <= today && today < a.expires_on)
        .map(|a| a.expires_on)
        .max()?;
    loop {
        let extended = active
            .iter()
            .filter(|a| a.starts_on <= until && a.expires_on > until)
            .map(|a| a.expires_on)
            .max();
        match extended {
            Some(e) => until = e,
            None => return Some(until),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    fn assignment(state: AssignmentState, starts: NaiveDate, months: u32) -> AssignmentFacts {
        AssignmentFacts {
            state,
            cooling_off_until: Utc.from_utc_datetime(&starts.and_hms_opt(12, 0, 0).unwrap())
                + chrono::Duration::hours(24),
            starts_on: starts,
            expires_on: starts.checked_add_months(Months::new(months)).unwrap(),
        }
    }

    fn activated_on(d: DateTime<Utc>) -> SwaFacts {
        SwaFacts {
            first_activation: Some(d),
            bears_swa: true,
            assignments: vec![],
        }
    }

    #[test]
    fn months_started_counts_a_begun_month_whole() {
        assert_eq!(months_started(day(2026, 1, 31), day(2026, 1, 31)), 0);
        assert_eq!(months_started(day(2026, 1, 31), day(2026, 2, 1)), 1);
        assert_eq!(months_started(day(2026, 1, 10), day(2026, 4, 10)), 3);
        assert_eq!(months_started(day(2026, 1, 10), day(2026, 4, 11)), 4);
        assert_eq!(months_started(day(2026, 5, 1), day(2026, 4, 1)), 0);
    }

    #[test]
    fn grace_lasts_its_days_after_the_first_activation_then_months_without_count() {
        let facts = activated_on(at(2026, 1, 1));
        let policy = SwaPolicy::default();
        let in_grace = standing(&facts, policy, at(2026, 3, 31));
        assert_eq!(in_grace.status, SwaStatus::Grace);
        assert_eq!(in_grace.grace_ends_on, Some(day(2026, 4, 1)));
        assert_eq!(in_grace.months_without_swa, 0);
        let last_day = standing(&facts, policy, at(2026, 4, 1));
        assert_eq!(last_day.status, SwaStatus::None);
        assert_eq!(last_day.months_without_swa, 0);
        let later = standing(&facts, policy, at(2026, 7, 1));
        assert_eq!(
            (later.status, later.months_without_swa),
            (SwaStatus::None, 3)
        );
    }

    #[test]
    fn licenses_without_swa_rates_never_enter_grace() {
        let facts = SwaFacts {
            bears_swa: false,
            ..activated_on(at(2026, 1, 1))
        };
        let s = standing(&facts, SwaPolicy::default(), at(2026, 1, 2));
        assert_eq!((s.status, s.months_without_swa), (SwaStatus::None, 0));
        assert_eq!(
            standing(&SwaFacts::default(), SwaPolicy::default(), at(2026, 1, 2)).status,
            SwaStatus::None
        );
    }

    #[test]
    fn cooling_off_turns_active_after_its_hours_without_anyone_writing() {
        let mut facts = activated_on(at(2026, 1, 1));
        facts
            .assignments
            .push(assignment(AssignmentState::CoolingOff, day(2026, 2, 1), 12));
        let policy = SwaPolicy::default();
        let before = Utc.with_ymd_and_hms(2026, 2, 2, 11, 59, 59).unwrap();
        assert_eq!(
            standing(&facts, policy, before).status,
            SwaStatus::CoolingOff
        );
        let after = Utc.with_ymd_and_hms(2026, 2, 2, 12, 0, 0).unwrap();
        let s = standing(&facts, policy, after);
        assert_eq!(s.status, SwaStatus::Active);
        assert_eq!(s.covered_until, Some(day(2027, 2, 1)));
        assert!(!s.pending);
    }

    #[test]
    fn renewable_in_the_last_window_then_expired_with_months_counting() {
        let mut facts = activated_on(at(2025, 1, 1));
        facts
            .assignments
            .push(assignment(AssignmentState::Active, day(2025, 2, 1), 12));
        let policy = SwaPolicy::default();
        assert_eq!(
            standing(&facts, policy, at(2025, 11, 2)).status,
            SwaStatus::Active
        );
        let window = standing(&facts, policy, at(2025, 11, 3));
        assert_eq!(window.status, SwaStatus::Renewable);
        assert_eq!(window.next_start, day(2026, 2, 1));
        assert_eq!(
            standing(&facts, policy, at(2026, 1, 31)).status,
            SwaStatus::Renewable
        );
        let expired = standing(&facts, policy, at(2026, 2, 1));
        assert_eq!(
            (expired.status, expired.months_without_swa),
            (SwaStatus::Expired, 0)
        );
        let late = standing(&facts, policy, at(2026, 5, 2));
        assert_eq!(
            (late.status, late.months_without_swa),
            (SwaStatus::Expired, 4)
        );
        assert_eq!(late.next_start, day(2026, 5, 2));
    }

    #[test]
    fn a_renewal_extends_the_cover_and_a_cancelled_one_does_not() {
        let mut facts = activated_on(at(2025, 1, 1));
        facts
            .assignments
            .push(assignment(AssignmentState::Active, day(2025, 2, 1), 12));
        facts
            .assignments
            .push(assignment(AssignmentState::Cancelled, day(2026, 2, 1), 12));
        let policy = SwaPolicy::default();
        assert_eq!(
            standing(&facts, policy, at(2026, 1, 1)).status,
            SwaStatus::Renewable
        );
        facts
            .assignments
            .push(assignment(AssignmentState::Active, day(2026, 2, 1), 12));
        let s = standing(&facts, policy, at(2026, 1, 1));
        assert_eq!(
            (s.status, s.covered_until),
            (SwaStatus::Active, Some(day(2027, 2, 1)))
        );
    }

    #[test]
    fn a_pending_renewal_of_a_covered_location_keeps_it_active_and_pending() {
        let mut facts = activated_on(at(2025, 1, 1));
        facts
            .assignments
            .push(assignment(AssignmentState::Active, day(2025, 2, 1), 12));
        let mut renewal = assignment(AssignmentState::CoolingOff, day(2026, 2, 1), 12);
        renewal.cooling_off_until = at(2026, 1, 2);
        facts.assignments.push(renewal);
        let s = standing(&facts, SwaPolicy::default(), at(2026, 1, 1));
        assert_eq!(s.status, SwaStatus::Renewable);
        assert!(s.pending);
    }
}
