//! The end of cooling-off: an assignment becomes active 24 hours after it was made, by the
//! background job, by a reader that finds it due, or at once when the partner asks. Each
//! way runs the same guarded transition (`… WHERE state = 'cooling_off'`), so however many
//! server processes race for one assignment, exactly one activates it.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, Subject, SwaAssignmentChange};
use lms_domain::ids::{LocationId, PartnerId};
use lms_domain::swa::AssignmentState;

use super::bin::{Release, available_units, release};
use super::{AssignmentRow, SwaError};
use crate::Scope;
use crate::audit::{self, Actor, Event};
use crate::convert::{naive, stored};
use crate::db::{DbConnection, write_tx};
use crate::locations;
use crate::outbox;
use crate::schema::swa_assignments;
use lms_domain::webhook::EventData;
use lms_domain::webhook::events::SwaActivatedData;

/// How many due assignments one call settles at most; the job calls again while it finds more.
const BATCH: i64 = 200;

/// Activates the assignments of `scope` whose cooling-off ended by `now`; returns how many
/// this call activated. Reads first and writes only when something is due, so a reader can
/// call it on every request.
///
/// # Errors
/// Database errors only.
pub fn settle_due(
    conn: &mut DbConnection,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<usize, SwaError> {
    let mut query = swa_assignments::table
        .filter(swa_assignments::state.eq(AssignmentState::CoolingOff.as_str()))
        .filter(swa_assignments::cooling_off_until.le(naive(now)))
        .order(swa_assignments::cooling_off_until.asc())
        .limit(BATCH)
        .select(swa_assignments::id)
        .into_boxed();
    if let Some(p) = scope.partner() {
        query = query.filter(swa_assignments::partner_id.eq(p.to_string()));
    }
    let due: Vec<String> = query.load(conn)?;
    let mut settled = 0;
    for id in due {
        let activated = write_tx(conn, |c| {
            let row: AssignmentRow = swa_assignments::table
                .find(&id)
                .select(AssignmentRow::as_select())
                .first(c)?;
            locations::lock(c, Scope::Vendor, stored(&row.location_id)?)?;
            let actor = Actor {
                user_id: stored(&row.created_by)?,
                partner_id: Some(stored(&row.partner_id)?),
                impersonator_id: None,
            };
            let at = crate::convert::utc(row.cooling_off_until);
            make_active(c, &row, &actor, at)
        })?;
        settled += usize::from(activated);
    }
    Ok(settled)
}

/// Turns `row` active at `at` if it is still in cooling-off: consumes its held units,
/// records the audit event and the `swa.activated` notification. False when another
/// writer got there first.
pub(crate) fn make_active(
    c: &mut DbConnection,
    row: &AssignmentRow,
    actor: &Actor,
    at: DateTime<Utc>,
) -> Result<bool, SwaError> {
    let changed = diesel::update(
        swa_assignments::table
            .find(&row.id)
            .filter(swa_assignments::state.eq(AssignmentState::CoolingOff.as_str())),
    )
    .set((
        swa_assignments::state.eq(AssignmentState::Active.as_str()),
        swa_assignments::activated_at.eq(naive(at)),
    ))
    .execute(c)?;
    if changed == 0 {
        return Ok(false);
    }
    release(c, &row.id, Release::Consume)?;
    let change = change_of(c, row, at)?;
    let partner: PartnerId = stored(&row.partner_id)?;
    outbox::record_event(
        c,
        partner,
        at,
        &EventData::SwaActivated(SwaActivatedData {
            assignment_id: change.assignment_id,
            location_id: change.location_id,
            agreement_number: change.agreement_number.clone(),
            months: change.months,
            units: change.units,
            starts_on: change.starts_on,
            expires_on: change.expires_on,
        }),
    )?;
    audit::record(
        c,
        Event {
            actor,
            owner: Some(partner),
            subject: Subject::Location(change.location_id),
            change: Change::SwaActivated(change),
            at,
        },
    )?;
    Ok(true)
}

/// The audit details of a change to `row`, with the bin's available units now (the caller
/// fixes `available_before` when the change moved available units).
pub(crate) fn change_of(
    c: &mut DbConnection,
    row: &AssignmentRow,
    at: DateTime<Utc>,
) -> QueryResult<SwaAssignmentChange> {
    let available = available_units(c, stored(&row.partner_id)?, at.date_naive())?;
    let location: LocationId = stored(&row.location_id)?;
    Ok(SwaAssignmentChange {
        assignment_id: stored(&row.id)?,
        location_id: location,
        agreement_number: row.agreement_number.clone(),
        months: u32::try_from(row.months).unwrap_or(0),
        units: i64::from(row.units) + i64::from(row.reinstatement_units),
        starts_on: row.starts_on,
        expires_on: row.expires_on,
        available_before: available,
        available_after: available,
    })
}
