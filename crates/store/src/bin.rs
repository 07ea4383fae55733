//! Purchase orders in partners' bins: shipments from the vendor and the license bin view.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, ShipmentReceived, ShippedLine, Subject};
use lms_domain::ids::{PartnerId, PoLineId, PurchaseOrderId};
use lms_domain::order::{OrderDraft, PoOrigin};

use crate::Scope;
use crate::audit::{self, Actor, Event};
use crate::convert::{naive, stored, utc};
use crate::db::{DbConnection, MultiBackend, RetryableError, is_unique_violation, write_tx};
use crate::paging::{Page, PageRequest, after_cursor};
use crate::schema::{parts, po_lines, purchase_orders};
use crate::{outbox, partners, parts as part_catalog};
use lms_domain::webhook::EventData;
use lms_domain::webhook::events::LicenseShippedData;

/// A purchase order with its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseOrder {
    pub id: PurchaseOrderId,
    pub partner_id: PartnerId,
    pub po_number: String,
    pub so_number: String,
    pub swa_months: Option<i32>,
    pub extra_info: Option<String>,
    pub origin: PoOrigin,
    pub shipped_at: DateTime<Utc>,
    pub lines: Vec<PoLine>,
}

/// One part of a PO, with where its quantity is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoLine {
    pub id: PoLineId,
    pub part_number: String,
    pub description: String,
    pub shipped: i32,
    pub available: i32,
    pub attached: i32,
    pub activated: i32,
    pub reshipped: i32,
    /// Moved to a migration PO with the location they were activated on (SV9100 CP10 → CP20).
    pub migrated: i32,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = purchase_orders)]
struct OrderRow {
    id: String,
    partner_id: String,
    po_number: String,
    so_number: String,
    swa_months: Option<i32>,
    extra_info: Option<String>,
    origin: String,
    shipped_at: chrono::NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = po_lines)]
pub(crate) struct LineRow {
    pub(crate) id: String,
    pub(crate) po_id: String,
    pub(crate) partner_id: String,
    pub(crate) part_number: String,
    pub(crate) shipped: i32,
    pub(crate) available: i32,
    pub(crate) attached: i32,
    pub(crate) activated: i32,
    pub(crate) reshipped: i32,
    pub(crate) migrated: i32,
}

/// Shipping a PO failed.
#[derive(Debug, thiserror::Error)]
pub enum ShipError {
    #[error("no partner with id {0}")]
    UnknownPartner(PartnerId),
    /// `line` is the index of the order line naming the part.
    #[error("part {part_number} is not in the catalog")]
    UnknownPart { line: usize, part_number: String },
    #[error("this partner already has a PO numbered {0}")]
    PoExists(String),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for ShipError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::Db(e) if e.is_retryable())
    }
}

/// Puts a purchase order into a partner's bin: every line fully available.
///
/// # Errors
/// [`ShipError`] for an unknown partner or part, or a PO number the partner already has.
pub fn ship(
    conn: &mut DbConnection,
    actor: &Actor,
    partner: PartnerId,
    order: &OrderDraft,
    now: DateTime<Utc>,
) -> Result<PurchaseOrder, ShipError> {
    write_tx(conn, |c| {
        partners::get(c, partner)?.ok_or(ShipError::UnknownPartner(partner))?;
        check_parts_known(c, order)?;
        let id = PurchaseOrderId(uuid::Uuid::new_v4());
        let po = insert_order(c, id, partner, order, now)?;
        insert_lines(c, &po, order)?;
        let lines: Vec<ShippedLine> = order
            .lines
            .iter()
            .map(|(p, q)| ShippedLine {
                part_number: p.as_str().to_owned(),
                quantity: q.get(),
            })
            .collect();
        outbox::record_event(
            c,
            partner,
            now,
            &EventData::LicenseShipped(LicenseShippedData {
                purchase_order_id: id,
                po_number: order.po_number.clone(),
                so_number: order.so_number.clone(),
                swa_months: order.swa_months,
                lines: lines.clone(),
            }),
        )?;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(partner),
                subject: Subject::PurchaseOrder(id),
                change: Change::ShipmentReceived(ShipmentReceived {
                    po_number: po.po_number.clone(),
                    lines,
                }),
                at: now,
            },
        )?;
        let lines = load_lines(c, std::slice::from_ref(&po.id))?;
        Ok(assemble(po, lines)?)
    })
}

/// Every part of the order is in the catalog.
fn check_parts_known(c: &mut DbConnection, order: &OrderDraft) -> Result<(), ShipError> {
    let numbers: Vec<String> = order
        .lines
        .iter()
        .map(|(p, _)| p.as_str().to_owned())
        .collect();
    let known = part_catalog::by_number(c, &numbers)?;
    match numbers.iter().position(|n| !known.contains_key(n)) {
        Some(line) => Err(ShipError::UnknownPart {
            line,
            part_number: numbers[line].clone(),
        }),
        None => Ok(()),
    }
}

/// The order's row; a PO number the partner already has is refused by a unique index.
fn insert_order(
    c: &mut DbConnection,
    id: PurchaseOrderId,
    partner: PartnerId,
    order: &OrderDraft,
    now: DateTime<Utc>,
) -> Result<OrderRow, ShipError> {
    let po = OrderRow {
        id: id.to_string(),
        partner_id: partner.to_string(),
        po_number: order.po_number.clone(),
        so_number: order.so_number.clone(),
        swa_months: order
            .swa_months
            .map(|m| i32::try_from(m).unwrap_or(i32::MAX)),
        extra_info: order.extra_info.clone(),
        origin: PoOrigin::Shipment.as_str().into(),
        shipped_at: naive(now),
    };
    diesel::insert_into(purchase_orders::table)
        .values(&po)
        .execute(c)
        .map_err(|e| {
            if is_unique_violation(
                &e,
                "purchase_orders_partner_po_key",
                "purchase_orders.partner_id",
            ) {
                ShipError::PoExists(order.po_number.clone())
            } else {
                e.into()
            }
        })?;
    Ok(po)
}

/// One line per part, all of it available.
fn insert_lines(c: &mut DbConnection, po: &OrderRow, order: &OrderDraft) -> QueryResult<()> {
    // One statement per line: batch inserts are not portable across both backends.
    for (part, quantity) in &order.lines {
        let line = LineRow {
            id: uuid::Uuid::new_v4().to_string(),
            po_id: po.id.clone(),
            partner_id: po.partner_id.clone(),
            part_number: part.as_str().to_owned(),
            shipped: quantity.to_i32(),
            available: quantity.to_i32(),
            attached: 0,
            activated: 0,
            reshipped: 0,
            migrated: 0,
        };
        diesel::insert_into(po_lines::table)
            .values(&line)
            .execute(c)?;
    }
    Ok(())
}

/// The scope's purchase orders by PO number, with their lines; unless `include_used`, only
/// POs with something still available.
///
/// # Errors
/// Database errors only.
pub fn license_bin(
    conn: &mut DbConnection,
    scope: Scope,
    include_used: bool,
    page: &PageRequest,
) -> QueryResult<Page<PurchaseOrder>> {
    let mut query: purchase_orders::BoxedQuery<'static, MultiBackend, _> = purchase_orders::table
        .select(OrderRow::as_select())
        .into_boxed();
    if let Some(p) = scope.partner() {
        query = query.filter(purchase_orders::partner_id.eq(p.to_string()));
    }
    if !include_used {
        // Asked of each PO the page walks, in PO-number order: an `IN (…)` of every PO with
        // stock would read all of the partner's lines for a page of 20.
        query = query.filter(diesel::dsl::exists(
            po_lines::table
                .filter(po_lines::po_id.eq(purchase_orders::id))
                .filter(po_lines::available.gt(0)),
        ));
    }
    let rows: Vec<OrderRow> =
        after_cursor!(query, page, purchase_orders::po_number, purchase_orders::id).load(conn)?;
    let page = page.page(rows, |r| (r.po_number.clone(), r.id.clone()));
    let ids: Vec<String> = page.items.iter().map(|r| r.id.clone()).collect();
    let mut lines = load_lines(conn, &ids)?;
    let items = page
        .items
        .into_iter()
        .map(|po| {
            let (mine, rest): (Vec<_>, Vec<_>) =
                lines.drain(..).partition(|(po_id, _)| *po_id == po.id);
            lines = rest;
            assemble(po, mine)
        })
        .collect::<QueryResult<_>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// Lines of these POs with their part descriptions, in part-number order.
fn load_lines(conn: &mut DbConnection, po_ids: &[String]) -> QueryResult<Vec<(String, PoLine)>> {
    let rows: Vec<(LineRow, String)> = po_lines::table
        .inner_join(parts::table)
        .filter(po_lines::po_id.eq_any(po_ids))
        .select((LineRow::as_select(), parts::description))
        .order((po_lines::po_id.asc(), po_lines::part_number.asc()))
        .load(conn)?;
    rows.into_iter()
        .map(|(r, description)| Ok((r.po_id.clone(), to_line(r, description)?)))
        .collect()
}

pub(crate) fn to_line(r: LineRow, description: String) -> QueryResult<PoLine> {
    Ok(PoLine {
        id: stored(&r.id)?,
        part_number: r.part_number,
        description,
        shipped: r.shipped,
        available: r.available,
        attached: r.attached,
        activated: r.activated,
        reshipped: r.reshipped,
        migrated: r.migrated,
    })
}

fn assemble(po: OrderRow, lines: Vec<(String, PoLine)>) -> QueryResult<PurchaseOrder> {
    Ok(PurchaseOrder {
        id: stored(&po.id)?,
        partner_id: stored(&po.partner_id)?,
        po_number: po.po_number,
        so_number: po.so_number,
        swa_months: po.swa_months,
        extra_info: po.extra_info,
        origin: stored(&po.origin)?,
        shipped_at: utc(po.shipped_at),
        lines: lines.into_iter().map(|(_, l)| l).collect(),
    })
}
