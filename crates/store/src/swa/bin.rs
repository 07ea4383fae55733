//! SWA unit POs in a partner's SWA bin: shipments from the vendor, the bin view, and the
//! unit moves assignments make (take earliest expiry first, consume, release).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, Subject, SwaShipped};
use lms_domain::ids::{PartnerId, SwaPoId};
use lms_domain::order::PoOrigin;
use lms_domain::swa::SwaShipmentDraft;

use super::{SwaError, po_id};
use crate::Scope;
use crate::audit::{self, Actor, Event};
use crate::convert::{naive, stored, utc};
use crate::db::{DbConnection, is_unique_violation, write_tx};
use crate::outbox;
use crate::partners;
use crate::schema::{swa_allocations, swa_pos};
use lms_domain::webhook::EventData;
use lms_domain::webhook::events as webhook_events;

/// A PO of SWA units and where its units are now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwaPo {
    pub id: SwaPoId,
    pub po_number: String,
    pub so_number: String,
    pub origin: PoOrigin,
    pub expires_on: NaiveDate,
    pub shipped_at: DateTime<Utc>,
    pub shipped: i32,
    pub available: i32,
    /// Held by assignments in cooling-off.
    pub held: i32,
    pub consumed: i32,
    pub reshipped: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = swa_pos)]
pub(crate) struct SwaPoRow {
    pub(crate) id: String,
    pub(crate) partner_id: String,
    pub(crate) po_number: String,
    pub(crate) so_number: String,
    pub(crate) origin: String,
    pub(crate) expires_on: NaiveDate,
    pub(crate) shipped_at: chrono::NaiveDateTime,
    pub(crate) shipped: i32,
    pub(crate) available: i32,
    pub(crate) held: i32,
    pub(crate) consumed: i32,
    pub(crate) reshipped: i32,
}

impl TryFrom<SwaPoRow> for SwaPo {
    type Error = diesel::result::Error;

    fn try_from(r: SwaPoRow) -> QueryResult<Self> {
        Ok(Self {
            id: po_id(&r.id)?,
            origin: stored(&r.origin)?,
            shipped_at: utc(r.shipped_at),
            po_number: r.po_number,
            so_number: r.so_number,
            expires_on: r.expires_on,
            shipped: r.shipped,
            available: r.available,
            held: r.held,
            consumed: r.consumed,
            reshipped: r.reshipped,
        })
    }
}

/// Puts SWA units into a partner's SWA bin, with the audit event and the `swa.shipped`
/// notification.
///
/// # Errors
/// [`SwaError::UnknownPartner`], [`SwaError::PoExists`].
pub fn ship_units(
    conn: &mut DbConnection,
    actor: &Actor,
    partner: PartnerId,
    draft: &SwaShipmentDraft,
    now: DateTime<Utc>,
) -> Result<SwaPo, SwaError> {
    write_tx(conn, |c| {
        partners::get(c, partner)?.ok_or(SwaError::UnknownPartner(partner))?;
        if super::po_number_taken(c, partner, &draft.po_number)? {
            return Err(SwaError::PoExists(draft.po_number.clone()));
        }
        let id = SwaPoId::new_random();
        let units = draft.units.to_i32();
        let row = SwaPoRow {
            id: id.to_string(),
            partner_id: partner.to_string(),
            po_number: draft.po_number.clone(),
            so_number: draft.so_number.clone(),
            origin: PoOrigin::Shipment.as_str().to_owned(),
            expires_on: draft.expires_on,
            shipped_at: naive(now),
            shipped: units,
            available: units,
            held: 0,
            consumed: 0,
            reshipped: 0,
        };
        diesel::insert_into(swa_pos::table)
            .values(&row)
            .execute(c)
            .map_err(|e| {
                if is_unique_violation(&e, "swa_pos_partner_po_key", "swa_pos.partner_id") {
                    SwaError::PoExists(draft.po_number.clone())
                } else {
                    e.into()
                }
            })?;
        let details = SwaShipped {
            po_number: draft.po_number.clone(),
            units: units.into(),
            expires_on: draft.expires_on,
        };
        outbox::record_event(
            c,
            partner,
            now,
            &EventData::SwaShipped(webhook_events::SwaShippedData {
                swa_po_id: id,
                po_number: details.po_number.clone(),
                so_number: draft.so_number.clone(),
                units: details.units,
                expires_on: details.expires_on,
            }),
        )?;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(partner),
                subject: Subject::SwaPurchaseOrder(id),
                change: Change::SwaShipped(details),
                at: now,
            },
        )?;
        Ok(SwaPo::try_from(row)?)
    })
}

/// The partner's SWA POs, earliest expiry first (expired ones too: they show what lapsed);
/// due cooling-offs are settled first, so held and consumed units are current.
///
/// # Errors
/// Database errors only.
pub fn list_bin(
    c: &mut DbConnection,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<Vec<SwaPo>, SwaError> {
    super::settle::settle_due(c, scope, now)?;
    let mut query = swa_pos::table
        .select(SwaPoRow::as_select())
        .order((swa_pos::expires_on.asc(), swa_pos::id.asc()))
        .into_boxed();
    if let Some(p) = scope.partner() {
        query = query.filter(swa_pos::partner_id.eq(p.to_string()));
    }
    Ok(query
        .load(c)?
        .into_iter()
        .map(SwaPo::try_from)
        .collect::<QueryResult<_>>()?)
}

/// Unexpired units available to `partner` on `today`.
pub(crate) fn available_units(
    c: &mut DbConnection,
    partner: PartnerId,
    today: NaiveDate,
) -> QueryResult<i64> {
    let sum: Option<i64> = swa_pos::table
        .filter(swa_pos::partner_id.eq(partner.to_string()))
        .filter(swa_pos::expires_on.gt(today))
        .select(diesel::dsl::sum(swa_pos::available))
        .first(c)?;
    Ok(sum.unwrap_or(0))
}

/// Holds `units` of `partner`'s unexpired units for an assignment, earliest expiry first,
/// and records where they came from.
///
/// # Errors
/// [`SwaError::InsufficientUnits`] when the bin cannot cover `units`.
pub(crate) fn hold(
    c: &mut DbConnection,
    partner: PartnerId,
    assignment: &str,
    units: i64,
    today: NaiveDate,
) -> Result<(), SwaError> {
    for taken in take_earliest(c, partner, units, today, Take::Hold)? {
        diesel::insert_into(swa_allocations::table)
            .values((
                swa_allocations::assignment_id.eq(assignment),
                swa_allocations::swa_po_id.eq(taken.po.to_string()),
                swa_allocations::units.eq(taken.units),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// Where units taken from the bin go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Take {
    /// Held by an assignment through its cooling-off: available → held.
    Hold,
    /// Reshipped to a dealer: available → reshipped.
    Reship,
}

/// Units taken from one SWA PO.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Taken {
    pub(crate) po: SwaPoId,
    pub(crate) expires_on: NaiveDate,
    pub(crate) units: i32,
}

/// Takes `units` of `partner`'s unexpired units, earliest expiry first across POs, moving
/// them as `how` says. The POs are locked in id order (on PostgreSQL) so concurrent takers
/// never deadlock.
///
/// # Errors
/// [`SwaError::InsufficientUnits`] when the bin cannot cover `units`.
pub(crate) fn take_earliest(
    c: &mut DbConnection,
    partner: PartnerId,
    units: i64,
    today: NaiveDate,
    how: Take,
) -> Result<Vec<Taken>, SwaError> {
    let mut candidates = lock_unexpired(c, partner, today)?;
    let available: i64 = candidates.iter().map(|(_, _, a)| i64::from(*a)).sum();
    if available < units {
        return Err(SwaError::InsufficientUnits {
            needed: units,
            available,
        });
    }
    candidates.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    let mut left = units;
    let mut taken = Vec::new();
    for (id, expires_on, available) in candidates {
        if left == 0 {
            break;
        }
        let take = i32::try_from(left.min(available.into())).unwrap_or(available);
        let target = swa_pos::table.find(&id).filter(swa_pos::available.ge(take));
        let moved = match how {
            Take::Hold => diesel::update(target)
                .set((
                    swa_pos::available.eq(swa_pos::available - take),
                    swa_pos::held.eq(swa_pos::held + take),
                ))
                .execute(c)?,
            Take::Reship => diesel::update(target)
                .set((
                    swa_pos::available.eq(swa_pos::available - take),
                    swa_pos::reshipped.eq(swa_pos::reshipped + take),
                ))
                .execute(c)?,
        };
        if moved != 1 {
            // Only a concurrent writer that ignored the lock could get here; refuse rather
            // than oversell.
            return Err(SwaError::InsufficientUnits {
                needed: units,
                available: available_units(c, partner, today)?,
            });
        }
        taken.push(Taken {
            po: po_id(&id)?,
            expires_on,
            units: take,
        });
        left -= i64::from(take);
    }
    Ok(taken)
}

/// `(id, expires_on, available)` of the partner's unexpired POs with units left, locked.
fn lock_unexpired(
    c: &mut DbConnection,
    partner: PartnerId,
    today: NaiveDate,
) -> QueryResult<Vec<(String, NaiveDate, i32)>> {
    let query = swa_pos::table
        .filter(swa_pos::partner_id.eq(partner.to_string()))
        .filter(swa_pos::expires_on.gt(today))
        .filter(swa_pos::available.gt(0))
        .order(swa_pos::id.asc())
        .select((swa_pos::id, swa_pos::expires_on, swa_pos::available));
    match c {
        DbConnection::Postgresql(pg) => query.for_update().load(pg),
        DbConnection::Sqlite(_) => query.load(c),
    }
}

/// What becomes of held units when the cooling-off ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Release {
    /// The assignment became active: held → consumed.
    Consume,
    /// The assignment was cancelled: held → available.
    Return,
}

/// Moves an assignment's held units on each PO it took them from.
pub(crate) fn release(c: &mut DbConnection, assignment: &str, how: Release) -> QueryResult<()> {
    let allocations: Vec<(String, i32)> = swa_allocations::table
        .filter(swa_allocations::assignment_id.eq(assignment))
        .order(swa_allocations::swa_po_id.asc())
        .select((swa_allocations::swa_po_id, swa_allocations::units))
        .load(c)?;
    for (po, units) in allocations {
        let target = swa_pos::table.find(&po).filter(swa_pos::held.ge(units));
        let moved = match how {
            Release::Consume => diesel::update(target)
                .set((
                    swa_pos::held.eq(swa_pos::held - units),
                    swa_pos::consumed.eq(swa_pos::consumed + units),
                ))
                .execute(c)?,
            Release::Return => diesel::update(target)
                .set((
                    swa_pos::held.eq(swa_pos::held - units),
                    swa_pos::available.eq(swa_pos::available + units),
                ))
                .execute(c)?,
        };
        if moved != 1 {
            return Err(crate::convert::corrupt(format!(
                "SWA PO {po} holds fewer units than assignment {assignment} took from it"
            )));
        }
    }
    Ok(())
}
