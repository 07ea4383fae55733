//! SWA reships (SPEC §6): a distributor moves SWA units to a dealer it may ship to. The
//! units leave its unexpired POs earliest expiry first (`available` → `reshipped`) and
//! arrive in the dealer's SWA bin with the expiry they had: one dealer PO per expiry date,
//! all under the reship's PO number.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, Subject, SwaReshipped, SwaShipped};
use lms_domain::ids::{PartnerId, SwaPoId};
use lms_domain::order::PoOrigin;
use lms_domain::reship::SwaReshipDraft;

use super::SwaError;
use super::bin::{SwaPoRow, Take, Taken, take_earliest};
use crate::Scope;
use crate::audit::{self, Actor, Event};
use crate::convert::{naive, stored, utc};
use crate::db::{DbConnection, RetryableError, write_tx};
use crate::outbox;
use crate::paging::{Page, PageRequest};
use crate::reships::{ChannelRefusal, recipient};
use crate::schema::{partners, swa_pos, swa_reship_lines, swa_reships};
use lms_domain::webhook::EventData;
use lms_domain::webhook::events::{ReshipReceivedData, ReshippedSwaPo, SwaUnitsReshipped};

/// An SWA reship as the distributor sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwaReship {
    pub id: String,
    pub dealer_id: PartnerId,
    pub dealer_name: String,
    pub po_number: String,
    pub so_number: String,
    pub units: i32,
    pub created_at: DateTime<Utc>,
    /// Where the units came from and where they arrived, earliest expiry first.
    pub lots: Vec<SwaReshipLot>,
}

/// Units of one distributor PO and the dealer PO they arrived on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwaReshipLot {
    pub source_swa_po_id: SwaPoId,
    pub dealer_swa_po_id: SwaPoId,
    pub expires_on: NaiveDate,
    pub units: i32,
}

/// An SWA reship failed.
#[derive(Debug, thiserror::Error)]
pub enum SwaReshipError {
    #[error(transparent)]
    Refused(#[from] ChannelRefusal),
    /// Not enough unexpired units ([`SwaError::InsufficientUnits`]).
    #[error(transparent)]
    Units(#[from] SwaError),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for SwaReshipError {
    fn is_retryable(&self) -> bool {
        match self {
            Self::Db(e) => e.is_retryable(),
            Self::Units(e) => e.is_retryable(),
            _ => false,
        }
    }
}

/// Reships `draft.units` SWA units from the actor's (distributor's) bin to the dealer it
/// names, in one transaction.
///
/// # Errors
/// [`SwaReshipError`]: not a distributor, no allowance for that dealer, a PO number the
/// dealer has, not enough unexpired units.
pub fn reship_units(
    conn: &mut DbConnection,
    actor: &Actor,
    draft: &SwaReshipDraft,
    now: DateTime<Utc>,
) -> Result<SwaReship, SwaReshipError> {
    let distributor = actor.partner_id.ok_or(ChannelRefusal::NotADistributor)?;
    write_tx(conn, |c| {
        let (dealer, dealer_name) =
            recipient::<SwaReshipError>(c, distributor, &draft.dealer_email)?;
        if super::po_number_taken(c, dealer, &draft.po_number)? {
            return Err(ChannelRefusal::PoExists(draft.po_number.clone()).into());
        }
        let taken = take_earliest(
            c,
            distributor,
            draft.units.to_i32().into(),
            now.date_naive(),
            Take::Reship,
        )?;
        let id = uuid::Uuid::now_v7().to_string();
        insert_reship(c, &id, actor, distributor, dealer, draft, now)?;
        let lots = arrive(c, actor, &id, dealer, draft, &taken, now)?;
        audit::record(
            c,
            Event {
                actor,
                owner: None,
                subject: Subject::SwaPurchaseOrder(lots[0].dealer_swa_po_id),
                change: Change::SwaReshipped(SwaReshipped {
                    dealer_id: dealer,
                    po_number: draft.po_number.clone(),
                    so_number: draft.so_number.clone(),
                    units: draft.units.to_i32().into(),
                }),
                at: now,
            },
        )?;
        Ok(SwaReship {
            id,
            dealer_id: dealer,
            dealer_name,
            po_number: draft.po_number.clone(),
            so_number: draft.so_number.clone(),
            units: draft.units.to_i32(),
            created_at: utc(naive(now)),
            lots,
        })
    })
}

fn insert_reship(
    c: &mut DbConnection,
    id: &str,
    actor: &Actor,
    distributor: PartnerId,
    dealer: PartnerId,
    draft: &SwaReshipDraft,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(swa_reships::table)
        .values((
            swa_reships::id.eq(id),
            swa_reships::distributor_id.eq(distributor.to_string()),
            swa_reships::dealer_id.eq(dealer.to_string()),
            swa_reships::po_number.eq(&draft.po_number),
            swa_reships::so_number.eq(&draft.so_number),
            swa_reships::units.eq(draft.units.to_i32()),
            swa_reships::created_at.eq(naive(now)),
            swa_reships::created_by.eq(actor.user_id.to_string()),
        ))
        .execute(c)?;
    Ok(())
}

/// Puts the taken units into the dealer's bin, one PO per expiry date; records the lots, the
/// dealer's audit events and its `reship.received` notification.
fn arrive(
    c: &mut DbConnection,
    actor: &Actor,
    reship: &str,
    dealer: PartnerId,
    draft: &SwaReshipDraft,
    taken: &[Taken],
    now: DateTime<Utc>,
) -> QueryResult<Vec<SwaReshipLot>> {
    let mut by_expiry: BTreeMap<NaiveDate, i32> = BTreeMap::new();
    for t in taken {
        *by_expiry.entry(t.expires_on).or_default() += t.units;
    }
    let mut dealer_pos: BTreeMap<NaiveDate, SwaPoId> = BTreeMap::new();
    for (&expires_on, &units) in &by_expiry {
        let id = SwaPoId::new_random();
        diesel::insert_into(swa_pos::table)
            .values(&SwaPoRow {
                id: id.to_string(),
                partner_id: dealer.to_string(),
                po_number: draft.po_number.clone(),
                so_number: draft.so_number.clone(),
                origin: PoOrigin::Reship.as_str().to_owned(),
                expires_on,
                shipped_at: naive(now),
                shipped: units,
                available: units,
                held: 0,
                consumed: 0,
                reshipped: 0,
            })
            .execute(c)?;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(dealer),
                subject: Subject::SwaPurchaseOrder(id),
                change: Change::SwaShipped(SwaShipped {
                    po_number: draft.po_number.clone(),
                    units: units.into(),
                    expires_on,
                }),
                at: now,
            },
        )?;
        dealer_pos.insert(expires_on, id);
    }
    let lots: Vec<SwaReshipLot> = taken
        .iter()
        .map(|t| SwaReshipLot {
            source_swa_po_id: t.po,
            dealer_swa_po_id: dealer_pos[&t.expires_on],
            expires_on: t.expires_on,
            units: t.units,
        })
        .collect();
    for lot in &lots {
        diesel::insert_into(swa_reship_lines::table)
            .values((
                swa_reship_lines::swa_reship_id.eq(reship),
                swa_reship_lines::source_swa_po_id.eq(lot.source_swa_po_id.to_string()),
                swa_reship_lines::dealer_swa_po_id.eq(lot.dealer_swa_po_id.to_string()),
                swa_reship_lines::units.eq(lot.units),
            ))
            .execute(c)?;
    }
    let arrived: Vec<_> = dealer_pos
        .iter()
        .map(|(expires_on, id)| ReshippedSwaPo {
            swa_po_id: *id,
            units: by_expiry[expires_on],
            expires_on: *expires_on,
        })
        .collect();
    outbox::record_event(
        c,
        dealer,
        now,
        &EventData::ReshipReceived(ReshipReceivedData::SwaUnits(SwaUnitsReshipped {
            po_number: draft.po_number.clone(),
            so_number: draft.so_number.clone(),
            units: draft.units.to_i32(),
            swa_purchase_orders: arrived,
        })),
    )?;
    Ok(lots)
}

/// The distributor's SWA reships, newest first (ids are time-ordered).
///
/// # Errors
/// Database errors only.
pub fn list_reships(
    c: &mut DbConnection,
    scope: Scope,
    page: &PageRequest,
) -> QueryResult<Page<SwaReship>> {
    let mut query = swa_reships::table
        .inner_join(partners::table.on(partners::id.eq(swa_reships::dealer_id)))
        .select((
            swa_reships::id,
            swa_reships::dealer_id,
            partners::name,
            swa_reships::po_number,
            swa_reships::so_number,
            swa_reships::units,
            swa_reships::created_at,
        ))
        .order(swa_reships::id.desc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(p) = scope.partner() {
        query = query.filter(swa_reships::distributor_id.eq(p.to_string()));
    }
    if let Some(after) = page.after_id() {
        query = query.filter(swa_reships::id.lt(after.to_owned()));
    }
    type Row = (
        String,
        String,
        String,
        String,
        String,
        i32,
        chrono::NaiveDateTime,
    );
    let rows: Vec<Row> = query.load(c)?;
    let page = page.page(rows, |r| (String::new(), r.0.clone()));
    let ids: Vec<String> = page.items.iter().map(|r| r.0.clone()).collect();
    let lots: Vec<(String, String, String, i32, NaiveDate)> = swa_reship_lines::table
        .inner_join(swa_pos::table.on(swa_pos::id.eq(swa_reship_lines::source_swa_po_id)))
        .filter(swa_reship_lines::swa_reship_id.eq_any(&ids))
        .order((
            swa_reship_lines::swa_reship_id,
            swa_pos::expires_on,
            swa_pos::id,
        ))
        .select((
            swa_reship_lines::swa_reship_id,
            swa_reship_lines::source_swa_po_id,
            swa_reship_lines::dealer_swa_po_id,
            swa_reship_lines::units,
            swa_pos::expires_on,
        ))
        .load(c)?;
    page.try_map(|(id, dealer, name, po, so, units, at)| {
        Ok(SwaReship {
            lots: lots
                .iter()
                .filter(|l| l.0 == id)
                .map(|l| {
                    Ok(SwaReshipLot {
                        source_swa_po_id: stored(&l.1)?,
                        dealer_swa_po_id: stored(&l.2)?,
                        units: l.3,
                        expires_on: l.4,
                    })
                })
                .collect::<QueryResult<_>>()?,
            dealer_id: stored(&dealer)?,
            dealer_name: name,
            po_number: po,
            so_number: so,
            units,
            created_at: utc(at),
            id,
        })
    })
}
