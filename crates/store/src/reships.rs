//! Reships (SPEC §6): a distributor moves quantities of its PO lines to a dealer it may ship
//! to. In one transaction each line's quantity leaves the distributor's bin (`available` →
//! `reshipped`, a guarded update) and arrives in the dealer's bin as a new PO of origin
//! `reship`; the distributor keeps the reship as its "resold licenses".

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, ReshipSent, ShipmentReceived, ShippedLine, Subject};
use lms_domain::ids::{PartnerId, PoLineId, PurchaseOrderId};
use lms_domain::order::PoOrigin;
use lms_domain::party::{Email, Tier};
use lms_domain::reship::ReshipDraft;

use crate::audit::{self, Actor, Event};
use crate::convert::{naive, stored, utc};
use crate::db::{DbConnection, RetryableError, is_unique_violation, write_tx};
use crate::outbox;
use crate::paging::{Page, PageRequest};
use crate::schema::{
    partners, po_lines, purchase_orders, reship_lines, reships, shipping_allowances, users,
};
use crate::{Scope, partners as partner_store};
use lms_domain::webhook::EventData;
use lms_domain::webhook::events::{LicensesReshipped, ReshipReceivedData};

/// A reship as the distributor sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reship {
    pub id: String,
    pub dealer_id: PartnerId,
    pub dealer_name: String,
    pub po_number: String,
    pub so_number: String,
    /// The PO the dealer received.
    pub dealer_po_id: PurchaseOrderId,
    pub created_at: DateTime<Utc>,
    /// `(source PO line, part number, quantity)`.
    pub lines: Vec<(PoLineId, String, i32)>,
}

/// Why a distributor may not send to the dealer it names: for licenses and SWA units alike.
#[derive(Debug, thiserror::Error)]
pub enum ChannelRefusal {
    #[error("only a distributor's users reship")]
    NotADistributor,
    /// Also for an e-mail no user has: which e-mails exist is not the caller's to learn.
    #[error(
        "no dealer you may ship to has a user with this e-mail (a shipping allowance is needed)"
    )]
    NoAllowance,
    #[error("this dealer already has a PO numbered {0}")]
    PoExists(String),
}

/// A reship failed.
#[derive(Debug, thiserror::Error)]
pub enum ReshipError {
    #[error(transparent)]
    Refused(#[from] ChannelRefusal),
    #[error("no such PO line in your bin")]
    UnknownPoLine { line: usize, po_line: PoLineId },
    #[error("line {line}: {requested} of {part_number} requested, {available} available")]
    NotEnoughQuantity {
        line: usize,
        part_number: String,
        available: i32,
        requested: i32,
    },
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for ReshipError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::Db(e) if e.is_retryable())
    }
}

/// Reships `draft` from the actor's (distributor's) bin to the dealer it names.
///
/// # Errors
/// [`ReshipError`]: not a distributor, no allowance for that dealer, a PO number the dealer
/// has, a line not in the bin or without enough left.
pub fn reship(
    conn: &mut DbConnection,
    actor: &Actor,
    draft: &ReshipDraft,
    now: DateTime<Utc>,
) -> Result<Reship, ReshipError> {
    let distributor = actor.partner_id.ok_or(ChannelRefusal::NotADistributor)?;
    write_tx(conn, |c| {
        let (dealer, dealer_name) = recipient::<ReshipError>(c, distributor, &draft.dealer_email)?;
        let reship_id = uuid::Uuid::now_v7().to_string();
        let po_id = PurchaseOrderId::new_random();
        insert_dealer_po(c, dealer, po_id, draft, now)?;
        let mut by_part: BTreeMap<String, i32> = BTreeMap::new();
        let mut lines = Vec::with_capacity(draft.lines.len());
        let mut sorted: Vec<(usize, &(PoLineId, lms_domain::order::Quantity))> =
            draft.lines.iter().enumerate().collect();
        // A fixed lock order keeps concurrent reships and attaches from deadlocking.
        sorted.sort_by_key(|(_, (id, _))| *id);
        for (at, (line, quantity)) in sorted {
            let part = take(c, distributor, at, *line, quantity.to_i32())?;
            *by_part.entry(part.clone()).or_default() += quantity.to_i32();
            lines.push((*line, part, quantity.to_i32()));
        }
        lines.sort_by_key(|(id, ..)| *id);
        for (part, quantity) in &by_part {
            diesel::insert_into(po_lines::table)
                .values((
                    po_lines::id.eq(uuid::Uuid::new_v4().to_string()),
                    po_lines::po_id.eq(po_id.to_string()),
                    po_lines::partner_id.eq(dealer.to_string()),
                    po_lines::part_number.eq(part),
                    po_lines::shipped.eq(quantity),
                    po_lines::available.eq(quantity),
                    po_lines::attached.eq(0),
                    po_lines::activated.eq(0),
                    po_lines::reshipped.eq(0),
                ))
                .execute(c)?;
        }
        diesel::insert_into(reships::table)
            .values((
                reships::id.eq(&reship_id),
                reships::distributor_id.eq(distributor.to_string()),
                reships::dealer_id.eq(dealer.to_string()),
                reships::dealer_po_id.eq(po_id.to_string()),
                reships::po_number.eq(&draft.po_number),
                reships::so_number.eq(&draft.so_number),
                reships::created_at.eq(naive(now)),
                reships::created_by.eq(actor.user_id.to_string()),
            ))
            .execute(c)?;
        for (line, part, quantity) in &lines {
            diesel::insert_into(reship_lines::table)
                .values((
                    reship_lines::reship_id.eq(&reship_id),
                    reship_lines::source_po_line_id.eq(line.to_string()),
                    reship_lines::part_number.eq(part),
                    reship_lines::quantity.eq(quantity),
                ))
                .execute(c)?;
        }
        let shipped: Vec<ShippedLine> = by_part
            .iter()
            .map(|(p, q)| ShippedLine {
                part_number: p.clone(),
                quantity: u32::try_from(*q).unwrap_or(0),
            })
            .collect();
        record(c, actor, dealer, po_id, draft, &shipped, now)?;
        Ok(Reship {
            id: reship_id,
            dealer_id: dealer,
            dealer_name,
            po_number: draft.po_number.clone(),
            so_number: draft.so_number.clone(),
            dealer_po_id: po_id,
            created_at: crate::convert::utc(naive(now)),
            lines,
        })
    })
}

/// The dealer (id, name) whose user has `email`, when `distributor` is a distributor with a
/// shipping allowance for it.
///
/// # Errors
/// [`ChannelRefusal`]: not a distributor, or no such dealer (alike for an unknown e-mail, so
/// e-mails cannot be probed).
pub(crate) fn recipient<E>(
    c: &mut DbConnection,
    distributor: PartnerId,
    email: &Email,
) -> Result<(PartnerId, String), E>
where
    E: From<ChannelRefusal> + From<diesel::result::Error>,
{
    if !partner_store::get(c, distributor)?.is_some_and(|p| p.tier == Tier::Distributor) {
        return Err(ChannelRefusal::NotADistributor.into());
    }
    Ok(allowed_dealer(c, distributor, email)?.ok_or(ChannelRefusal::NoAllowance)?)
}

fn allowed_dealer(
    c: &mut DbConnection,
    distributor: PartnerId,
    email: &Email,
) -> QueryResult<Option<(PartnerId, String)>> {
    let found: Option<(String, String)> = users::table
        .inner_join(partners::table)
        .inner_join(shipping_allowances::table.on(shipping_allowances::dealer_id.eq(partners::id)))
        .filter(users::email.eq(email.as_str()))
        .filter(shipping_allowances::distributor_id.eq(distributor.to_string()))
        .select((partners::id, partners::name))
        .first(c)
        .optional()?;
    found.map(|(id, name)| Ok((stored(&id)?, name))).transpose()
}

fn insert_dealer_po(
    c: &mut DbConnection,
    dealer: PartnerId,
    po_id: PurchaseOrderId,
    draft: &ReshipDraft,
    now: DateTime<Utc>,
) -> Result<(), ReshipError> {
    diesel::insert_into(purchase_orders::table)
        .values((
            purchase_orders::id.eq(po_id.to_string()),
            purchase_orders::partner_id.eq(dealer.to_string()),
            purchase_orders::po_number.eq(&draft.po_number),
            purchase_orders::so_number.eq(&draft.so_number),
            purchase_orders::origin.eq(PoOrigin::Reship.as_str()),
            purchase_orders::shipped_at.eq(naive(now)),
        ))
        .execute(c)
        .map_err(|e| {
            if is_unique_violation(
                &e,
                "purchase_orders_partner_po_key",
                "purchase_orders.partner_id",
            ) {
                ReshipError::Refused(ChannelRefusal::PoExists(draft.po_number.clone()))
            } else {
                e.into()
            }
        })?;
    Ok(())
}

/// Moves `quantity` of the distributor's PO line to `reshipped`; answers its part number.
fn take(
    c: &mut DbConnection,
    distributor: PartnerId,
    at: usize,
    line: PoLineId,
    quantity: i32,
) -> Result<String, ReshipError> {
    let row: Option<(String, i32)> = po_lines::table
        .find(line.to_string())
        .filter(po_lines::partner_id.eq(distributor.to_string()))
        .select((po_lines::part_number, po_lines::available))
        .first(c)
        .optional()?;
    let (part_number, _) = row.ok_or(ReshipError::UnknownPoLine {
        line: at,
        po_line: line,
    })?;
    let moved = diesel::update(
        po_lines::table
            .find(line.to_string())
            .filter(po_lines::available.ge(quantity)),
    )
    .set((
        po_lines::available.eq(po_lines::available - quantity),
        po_lines::reshipped.eq(po_lines::reshipped + quantity),
    ))
    .execute(c)?;
    if moved != 1 {
        let available = po_lines::table
            .find(line.to_string())
            .select(po_lines::available)
            .first(c)?;
        return Err(ReshipError::NotEnoughQuantity {
            line: at,
            part_number,
            available,
            requested: quantity,
        });
    }
    Ok(part_number)
}

/// The distributor's audit event, the dealer's, and the dealer's notification.
fn record(
    c: &mut DbConnection,
    actor: &Actor,
    dealer: PartnerId,
    po_id: PurchaseOrderId,
    draft: &ReshipDraft,
    shipped: &[ShippedLine],
    now: DateTime<Utc>,
) -> QueryResult<()> {
    audit::record(
        c,
        Event {
            actor,
            owner: None,
            subject: Subject::PurchaseOrder(po_id),
            change: Change::ReshipSent(ReshipSent {
                dealer_id: dealer,
                po_number: draft.po_number.clone(),
                so_number: draft.so_number.clone(),
                lines: shipped.to_vec(),
            }),
            at: now,
        },
    )?;
    audit::record(
        c,
        Event {
            actor,
            owner: Some(dealer),
            subject: Subject::PurchaseOrder(po_id),
            change: Change::ShipmentReceived(ShipmentReceived {
                po_number: draft.po_number.clone(),
                lines: shipped.to_vec(),
            }),
            at: now,
        },
    )?;
    outbox::record_event(
        c,
        dealer,
        now,
        &EventData::ReshipReceived(ReshipReceivedData::Licenses(LicensesReshipped {
            purchase_order_id: po_id,
            po_number: draft.po_number.clone(),
            so_number: draft.so_number.clone(),
            lines: shipped.to_vec(),
        })),
    )
    .map(|_| ())
}

/// Which reships to list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReshipFilter {
    pub dealer: Option<PartnerId>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// The distributor's reships, newest first (ids are time-ordered).
///
/// # Errors
/// Database errors only.
pub fn list(
    c: &mut DbConnection,
    scope: Scope,
    filter: ReshipFilter,
    page: &PageRequest,
) -> QueryResult<Page<Reship>> {
    let mut query = reships::table
        .inner_join(partners::table.on(partners::id.eq(reships::dealer_id)))
        .select((
            reships::id,
            reships::dealer_id,
            partners::name,
            reships::po_number,
            reships::so_number,
            reships::dealer_po_id,
            reships::created_at,
        ))
        .order(reships::id.desc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(p) = scope.partner() {
        query = query.filter(reships::distributor_id.eq(p.to_string()));
    }
    if let Some(d) = filter.dealer {
        query = query.filter(reships::dealer_id.eq(d.to_string()));
    }
    if let Some(from) = filter.from {
        query = query.filter(reships::created_at.ge(naive(from)));
    }
    if let Some(to) = filter.to {
        query = query.filter(reships::created_at.lt(naive(to)));
    }
    if let Some(after) = page.after_id() {
        query = query.filter(reships::id.lt(after.to_owned()));
    }
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        chrono::NaiveDateTime,
    );
    let rows: Vec<Row> = query.load(c)?;
    let page = page.page(rows, |r| (String::new(), r.0.clone()));
    let ids: Vec<String> = page.items.iter().map(|r| r.0.clone()).collect();
    let lines: Vec<(String, String, String, i32)> = reship_lines::table
        .filter(reship_lines::reship_id.eq_any(&ids))
        .order((reship_lines::reship_id, reship_lines::source_po_line_id))
        .select((
            reship_lines::reship_id,
            reship_lines::source_po_line_id,
            reship_lines::part_number,
            reship_lines::quantity,
        ))
        .load(c)?;
    page.try_map(|(id, dealer, name, po, so, dealer_po, at)| {
        Ok(Reship {
            lines: lines
                .iter()
                .filter(|l| l.0 == id)
                .map(|l| Ok((stored(&l.1)?, l.2.clone(), l.3)))
                .collect::<QueryResult<_>>()?,
            dealer_id: stored(&dealer)?,
            dealer_name: name,
            po_number: po,
            so_number: so,
            dealer_po_id: stored(&dealer_po)?,
            created_at: utc(at),
            id,
        })
    })
}
