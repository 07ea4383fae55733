//! Quoting one location, assigning SWA units to it, and the assignment's cooling-off:
//! activate at once or cancel (units back to the bin).

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, Subject};
use lms_domain::ids::{LocationId, PartnerId, SwaAssignmentId};
use lms_domain::swa::{
    AssignmentState, Quote, QuoteRefusal, QuoteRequest, SwaPolicy, agreement_number, quote,
    standing,
};
use rand::Rng;

use super::bin::{Release, available_units, hold, release};
use super::settle::{change_of, make_active, settle_due};
use super::standing::facts;
use super::{Assignment, AssignmentRow, KIND_ASSIGNMENT, SwaError, rates};
use crate::Scope;
use crate::audit::{self, Actor, Event};
use crate::convert::{naive, stored};
use crate::db::{DbConnection, write_tx};
use crate::locations::{self, LocationError};
use crate::schema::{locations as locations_table, swa_assignments};

/// How long an assignment can be cancelled before it becomes active by itself (SPEC §10).
pub const COOLING_OFF: Duration = Duration::hours(24);

/// What to assign: a term, the partner's reference, and whether to skip the cooling-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignRequest {
    pub months: u32,
    pub reference: String,
    pub process_immediately: bool,
}

/// The quote for `months` of SWA on a location, or why none can be given.
///
/// # Errors
/// [`SwaError::Location`] when the location is not visible; database errors.
pub fn quote_location(
    conn: &mut DbConnection,
    scope: Scope,
    location: LocationId,
    months: u32,
    policy: SwaPolicy,
    now: DateTime<Utc>,
) -> Result<Result<Quote, QuoteRefusal>, SwaError> {
    locations::get(conn, scope, location)?;
    let rates = rates::load(conn)?;
    let request = location_request(conn, location, months, policy, now)?;
    Ok(quote(&rates, request))
}

/// The quote request of a location from its stored facts.
pub(crate) fn location_request(
    c: &mut DbConnection,
    location: LocationId,
    months: u32,
    policy: SwaPolicy,
    now: DateTime<Utc>,
) -> QueryResult<QuoteRequest> {
    let swa = facts(c, &[location])?.remove(&location).unwrap_or_default();
    Ok(QuoteRequest {
        monthly_millis: swa.monthly_millis,
        months,
        standing: standing(&swa.facts, policy, now),
        ends_on: None,
    })
}

/// Assigns SWA to a location: quotes it, holds the units (earliest expiry first) and
/// starts the cooling-off, or activates at once with `process_immediately`.
///
/// # Errors
/// [`SwaError::Refused`] when no quote can be given, [`SwaError::InsufficientUnits`] when
/// the bin cannot cover it.
pub fn assign(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    request: &AssignRequest,
    policy: SwaPolicy,
    now: DateTime<Utc>,
    rng: &mut impl Rng,
) -> Result<Assignment, SwaError> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    write_tx(conn, |c| {
        locations::lock_live(c, actor.scope(), location)?;
        let rates = rates::load(c)?;
        let q = quote(
            &rates,
            location_request(c, location, request.months, policy, now)?,
        )
        .map_err(SwaError::Refused)?;
        let row = create(
            c,
            actor,
            partner,
            location,
            &New {
                quote: q,
                reference: &request.reference,
                kind: KIND_ASSIGNMENT,
            },
            now,
            rng,
        )?;
        if request.process_immediately {
            make_active(c, &row, actor, now)?;
        }
        reload(c, &row.id, now)
    })
}

/// An assignment to create from a quote.
pub(crate) struct New<'a> {
    pub(crate) quote: Quote,
    pub(crate) reference: &'a str,
    pub(crate) kind: &'static str,
}

/// Inserts an assignment in cooling-off, holds its units and records the audit event.
pub(crate) fn create(
    c: &mut DbConnection,
    actor: &Actor,
    partner: PartnerId,
    location: LocationId,
    new: &New<'_>,
    now: DateTime<Utc>,
    rng: &mut impl Rng,
) -> Result<AssignmentRow, SwaError> {
    let today = now.date_naive();
    let q = new.quote;
    let total = i64::try_from(q.total_units).unwrap_or(i64::MAX);
    let available_before = available_units(c, partner, today)?;
    let too_many = || SwaError::InsufficientUnits {
        needed: total,
        available: available_before,
    };
    let row = AssignmentRow {
        id: SwaAssignmentId::new_random().to_string(),
        partner_id: partner.to_string(),
        location_id: location.to_string(),
        kind: new.kind.to_owned(),
        state: AssignmentState::CoolingOff.as_str().to_owned(),
        reference: new.reference.to_owned(),
        agreement_number: unused_agreement_number(c, now, rng)?,
        months: i32::try_from(q.months).unwrap_or(i32::MAX),
        units: i32::try_from(q.units).map_err(|_| too_many())?,
        reinstatement_units: i32::try_from(q.reinstatement_units).map_err(|_| too_many())?,
        starts_on: q.starts_on,
        expires_on: q.expires_on,
        created_at: naive(now),
        created_by: actor.user_id.to_string(),
        cooling_off_until: naive(now + COOLING_OFF),
        activated_at: None,
        cancelled_at: None,
    };
    diesel::insert_into(swa_assignments::table)
        .values(&row)
        .execute(c)?;
    hold(c, partner, &row.id, total, today)?;
    let mut change = change_of(c, &row, now)?;
    change.available_before = available_before;
    let change = if new.kind == KIND_ASSIGNMENT {
        Change::SwaAssigned(change)
    } else {
        Change::SwaRenewed(change)
    };
    audit::record(
        c,
        Event {
            actor,
            owner: Some(partner),
            subject: Subject::Location(location),
            change,
            at: now,
        },
    )?;
    Ok(row)
}

/// A fresh agreement number; a collision (one in a billion a month) draws again.
fn unused_agreement_number(
    c: &mut DbConnection,
    now: DateTime<Utc>,
    rng: &mut impl Rng,
) -> QueryResult<String> {
    loop {
        let candidate = agreement_number(now.date_naive(), rng.random::<u32>() & ((1 << 30) - 1));
        let taken: i64 = swa_assignments::table
            .filter(swa_assignments::agreement_number.eq(&candidate))
            .count()
            .get_result(c)?;
        if taken == 0 {
            return Ok(candidate);
        }
    }
}

/// Ends an assignment's cooling-off now: its units are consumed and SWA is active.
/// Activating an active assignment answers it as it is.
///
/// # Errors
/// [`SwaError::AssignmentNotFound`], [`SwaError::Cancelled`].
pub fn activate(
    conn: &mut DbConnection,
    actor: &Actor,
    id: SwaAssignmentId,
    now: DateTime<Utc>,
) -> Result<Assignment, SwaError> {
    write_tx(conn, |c| {
        let row = locked(c, actor.scope(), id)?;
        match row.facts()?.state_at(now) {
            AssignmentState::Cancelled => return Err(SwaError::Cancelled),
            // Due but not yet settled: it became active when its cooling-off ended.
            AssignmentState::Active => {
                make_active(c, &row, actor, crate::convert::utc(row.cooling_off_until))?
            }
            AssignmentState::CoolingOff => make_active(c, &row, actor, now)?,
        };
        reload(c, &row.id, now)
    })
}

/// Cancels an assignment in its cooling-off: its units go back to the bin.
///
/// # Errors
/// [`SwaError::AssignmentNotFound`], [`SwaError::NotCancellable`] once active or cancelled.
pub fn cancel(
    conn: &mut DbConnection,
    actor: &Actor,
    id: SwaAssignmentId,
    now: DateTime<Utc>,
) -> Result<Assignment, SwaError> {
    write_tx(conn, |c| {
        let row = locked(c, actor.scope(), id)?;
        let state = row.facts()?.state_at(now);
        if state != AssignmentState::CoolingOff {
            return Err(SwaError::NotCancellable(state));
        }
        let partner: PartnerId = stored(&row.partner_id)?;
        let available_before = available_units(c, partner, now.date_naive())?;
        let changed = diesel::update(
            swa_assignments::table
                .find(&row.id)
                .filter(swa_assignments::state.eq(AssignmentState::CoolingOff.as_str())),
        )
        .set((
            swa_assignments::state.eq(AssignmentState::Cancelled.as_str()),
            swa_assignments::cancelled_at.eq(naive(now)),
        ))
        .execute(c)?;
        if changed != 1 {
            return Err(SwaError::NotCancellable(AssignmentState::Active));
        }
        release(c, &row.id, Release::Return)?;
        let mut change = change_of(c, &row, now)?;
        change.available_before = available_before;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(partner),
                subject: Subject::Location(change.location_id),
                change: Change::SwaCancelled(change),
                at: now,
            },
        )?;
        reload(c, &row.id, now)
    })
}

/// The assignment `id` visible to `scope`, its location locked.
fn locked(
    c: &mut DbConnection,
    scope: Scope,
    id: SwaAssignmentId,
) -> Result<AssignmentRow, SwaError> {
    let mut query = swa_assignments::table
        .find(id.to_string())
        .select(AssignmentRow::as_select())
        .into_boxed();
    if let Some(p) = scope.partner() {
        query = query.filter(swa_assignments::partner_id.eq(p.to_string()));
    }
    let row = query
        .first(c)
        .optional()?
        .ok_or(SwaError::AssignmentNotFound)?;
    locations::lock(c, scope, stored(&row.location_id)?)?;
    // Read again under the lock: a concurrent change may have landed in between.
    Ok(swa_assignments::table
        .find(&row.id)
        .select(AssignmentRow::as_select())
        .first(c)?)
}

fn reload(c: &mut DbConnection, id: &str, now: DateTime<Utc>) -> Result<Assignment, SwaError> {
    super::read(c, &[id.to_owned()], now)?
        .pop()
        .ok_or(SwaError::AssignmentNotFound)
}

/// Which assignments to list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AssignmentFilter {
    pub location: Option<LocationId>,
    pub state: Option<AssignmentState>,
}

/// The most recent assignments (at most 500) of `scope` matching `filter`, newest first;
/// due cooling-offs are settled first, so states are current.
///
/// # Errors
/// Database errors only.
pub fn list_assignments(
    conn: &mut DbConnection,
    scope: Scope,
    filter: AssignmentFilter,
    now: DateTime<Utc>,
) -> Result<Vec<Assignment>, SwaError> {
    settle_due(conn, scope, now)?;
    let mut query = swa_assignments::table
        .inner_join(locations_table::table)
        .select((AssignmentRow::as_select(), locations_table::name))
        .order((
            swa_assignments::created_at.desc(),
            swa_assignments::id.desc(),
        ))
        .limit(500)
        .into_boxed();
    if let Some(p) = scope.partner() {
        query = query.filter(swa_assignments::partner_id.eq(p.to_string()));
    }
    if let Some(l) = filter.location {
        query = query.filter(swa_assignments::location_id.eq(l.to_string()));
    }
    if let Some(s) = filter.state {
        query = query.filter(swa_assignments::state.eq(s.as_str()));
    }
    let rows: Vec<(AssignmentRow, String)> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(r, name)| r.at(now, name))
        .collect::<QueryResult<Vec<_>>>()?)
}
