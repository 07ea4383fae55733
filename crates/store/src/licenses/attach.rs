//! Attaching licenses from the bin to a location: load the PO lines and their parts, ask
//! the domain's attach rules, move each line's quantity to a new attachment with its audit
//! event.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, LicenseAttached, Subject};
use lms_domain::ids::{LocationId, PartnerId, PoLineId};
use lms_domain::license::AttachmentState;
use lms_domain::license::attach::{self as rules, AttachLineError};
use lms_domain::order::Quantity;

use super::holdings::Holdings;
use super::{AttachLine, Attachment, AttachmentRow, LicenseError, to_attachment};
use crate::Scope;
use crate::audit::{self, Actor, Event};
use crate::bin::LineRow;
use crate::convert::{naive, stored};
use crate::db::{DbConnection, write_tx};
use crate::locations::{self, Location, LocationError};
use crate::parts;
use crate::schema::{attachments, po_lines, purchase_orders};

/// Attaches quantities of PO lines from the caller's bin to a location.
///
/// # Errors
/// [`LicenseError`]: location or PO line not visible, a part the location may not take,
/// a split PO of an external product, or not enough quantity left.
pub fn attach(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    lines: &[AttachLine],
    now: DateTime<Utc>,
) -> Result<Vec<Attachment>, LicenseError> {
    rules::check_lines(lines.iter().map(|l| l.po_line_id))?;
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    let requested: Vec<PoLineId> = lines.iter().map(|l| l.po_line_id).collect();
    let line_of = |po_line: PoLineId| requested.iter().position(|id| *id == po_line).unwrap_or(0);
    // A fixed lock order (by PO line id) keeps concurrent attaches from deadlocking.
    let mut lines = lines.to_vec();
    lines.sort_by_key(|l| l.po_line_id);
    write_tx(conn, |c| {
        let location = locations::lock_live(c, scope, location)?;
        let rows = load_lines(c, scope, &lines, line_of)?;
        check_attach(c, &location, &lines, &rows, line_of)?;
        let attaching = Attaching {
            actor,
            partner,
            location: &location,
            now,
        };
        lines
            .iter()
            .map(|line| {
                let (row, po_number) = &rows[&line.po_line_id];
                attaching.line(c, line, line_of(line.po_line_id), row, po_number)
            })
            .collect()
    })
}

/// The rules of attaching (SPEC §4) over the loaded lines: the part of each line, then
/// whole POs for external products.
fn check_attach(
    c: &mut DbConnection,
    location: &Location,
    lines: &[AttachLine],
    rows: &HashMap<PoLineId, (LineRow, String)>,
    line_of: impl Fn(PoLineId) -> usize,
) -> Result<(), LicenseError> {
    let numbers: Vec<String> = rows.values().map(|(r, _)| r.part_number.clone()).collect();
    let parts = parts::by_number(c, &numbers)?;
    let temp_key = location.has_temp_key();
    for line in lines {
        let (row, _) = &rows[&line.po_line_id];
        let at = line_of(line.po_line_id);
        rules::check_part(location.system_type, temp_key, &parts[&row.part_number]).map_err(
            |e| match e {
                AttachLineError::Part(rule) => LicenseError::PartRule { line: at, rule },
                AttachLineError::Rule(rule) => LicenseError::AttachRule {
                    line: Some(at),
                    rule,
                },
            },
        )?;
    }
    check_not_free_of_charge(c, rows)?;
    check_port_capacity(c, location, lines, rows, &parts)?;
    check_whole_po(c, location, lines, rows)
}

/// SPEC §4: what the location holds (attached and activated) and what this attach adds stay
/// within its type's IP port cap.
fn check_port_capacity(
    c: &mut DbConnection,
    location: &Location,
    lines: &[AttachLine],
    rows: &HashMap<PoLineId, (LineRow, String)>,
    parts: &HashMap<String, lms_domain::license::Part>,
) -> Result<(), LicenseError> {
    if rules::port_capacity(location.system_type).is_none() {
        return Ok(());
    }
    let held = Holdings::of(c, location.id)?.held_stacked();
    let adding = lms_domain::license::stack(lines.iter().map(|l| {
        let (row, _) = &rows[&l.po_line_id];
        (&parts[&row.part_number], l.quantity.get())
    }));
    rules::check_port_capacity(location.system_type, &held, &adding).map_err(|e| {
        LicenseError::AttachRule {
            line: None,
            rule: e.into(),
        }
    })
}

/// Free-of-charge lines are taken per location (`swa::attach_free`), never from the bin: a
/// detached one stays where it is.
fn check_not_free_of_charge(
    c: &mut DbConnection,
    rows: &HashMap<PoLineId, (LineRow, String)>,
) -> Result<(), LicenseError> {
    let po_ids: Vec<&String> = rows.values().map(|(r, _)| &r.po_id).collect();
    let free: Option<String> = purchase_orders::table
        .filter(purchase_orders::id.eq_any(po_ids))
        .filter(purchase_orders::origin.eq(lms_domain::order::PoOrigin::FreeOfCharge.as_str()))
        .select(purchase_orders::po_number)
        .first(c)
        .optional()?;
    match free {
        Some(po) => Err(LicenseError::AttachRule {
            line: None,
            rule: rules::AttachRuleError::FreeOfCharge(po),
        }),
        None => Ok(()),
    }
}

/// External products take whole POs (SPEC §4): every line of the PO with all it has left.
fn check_whole_po(
    c: &mut DbConnection,
    location: &Location,
    lines: &[AttachLine],
    rows: &HashMap<PoLineId, (LineRow, String)>,
) -> Result<(), LicenseError> {
    if !lms_domain::license::whole_po_only(location.system_type) {
        return Ok(());
    }
    let requested: Vec<(PoLineId, Quantity)> =
        lines.iter().map(|l| (l.po_line_id, l.quantity)).collect();
    let mut po_ids: Vec<&String> = rows.values().map(|(r, _)| &r.po_id).collect();
    po_ids.sort();
    po_ids.dedup();
    for po_id in po_ids {
        let left: Vec<(String, i32)> = po_lines::table
            .filter(po_lines::po_id.eq(po_id))
            .filter(po_lines::available.gt(0))
            .select((po_lines::id, po_lines::available))
            .load(c)?;
        // The query keeps `available > 0`, so every count converts.
        let left = left
            .into_iter()
            .map(|(id, available)| Ok((stored(&id)?, u32::try_from(available).unwrap_or(0))))
            .collect::<QueryResult<Vec<(PoLineId, u32)>>>()?;
        rules::check_whole_po(location.system_type, &left, &requested)
            .map_err(|rule| LicenseError::AttachRule { line: None, rule })?;
    }
    Ok(())
}

/// Who attaches to which location, and when: what every line of one attach shares.
struct Attaching<'a> {
    actor: &'a Actor,
    partner: PartnerId,
    location: &'a Location,
    now: DateTime<Utc>,
}

impl Attaching<'_> {
    /// Moves one line's quantity from the PO line to a new attachment, with its audit event.
    /// `at` is the line's index in the request.
    fn line(
        &self,
        c: &mut DbConnection,
        line: &AttachLine,
        at: usize,
        row: &LineRow,
        po_number: &str,
    ) -> Result<Attachment, LicenseError> {
        let q = line.quantity.to_i32();
        let moved = diesel::update(
            po_lines::table
                .find(&row.id)
                .filter(po_lines::available.ge(q)),
        )
        .set((
            po_lines::available.eq(po_lines::available - q),
            po_lines::attached.eq(po_lines::attached + q),
        ))
        .execute(c)?;
        if moved != 1 {
            let available = po_lines::table
                .find(&row.id)
                .select(po_lines::available)
                .first(c)?;
            return Err(LicenseError::NotEnoughQuantity {
                line: at,
                po_line: line.po_line_id,
                part_number: row.part_number.clone(),
                available,
                requested: q,
            });
        }
        let attachment = AttachmentRow {
            id: uuid::Uuid::new_v4().to_string(),
            partner_id: self.partner.to_string(),
            location_id: self.location.id.to_string(),
            po_line_id: row.id.clone(),
            part_number: row.part_number.clone(),
            quantity: q,
            state: AttachmentState::Attached.as_str().into(),
            attached_at: naive(self.now),
            activated_at: None,
            activation_id: None,
        };
        diesel::insert_into(attachments::table)
            .values(&attachment)
            .execute(c)?;
        let attachment = to_attachment(attachment, po_number.to_owned())?;
        self.record(c, line, row, &attachment)?;
        Ok(attachment)
    }

    /// The audit event of one attached line.
    fn record(
        &self,
        c: &mut DbConnection,
        line: &AttachLine,
        row: &LineRow,
        attachment: &Attachment,
    ) -> Result<(), LicenseError> {
        let q = line.quantity.to_i32();
        audit::record(
            c,
            Event {
                actor: self.actor,
                owner: Some(self.partner),
                subject: Subject::Location(self.location.id),
                change: Change::LicenseAttached(LicenseAttached {
                    attachment_id: attachment.id,
                    location_id: self.location.id,
                    po_line_id: line.po_line_id,
                    part_number: row.part_number.clone(),
                    quantity: q,
                    available_before: row.available,
                    available_after: row.available - q,
                }),
                at: self.now,
            },
        )?;
        Ok(())
    }
}

/// The PO lines named in the request, visible to the scope, with their PO numbers.
fn load_lines(
    c: &mut DbConnection,
    scope: Scope,
    lines: &[AttachLine],
    line_of: impl Fn(PoLineId) -> usize,
) -> Result<HashMap<PoLineId, (LineRow, String)>, LicenseError> {
    let ids: Vec<String> = lines.iter().map(|l| l.po_line_id.to_string()).collect();
    let mut query = po_lines::table
        .inner_join(purchase_orders::table)
        .filter(po_lines::id.eq_any(&ids))
        .select((LineRow::as_select(), purchase_orders::po_number))
        .into_boxed();
    if let Some(p) = scope.partner() {
        query = query.filter(po_lines::partner_id.eq(p.to_string()));
    }
    let found: HashMap<PoLineId, (LineRow, String)> = query
        .load::<(LineRow, String)>(c)?
        .into_iter()
        .map(|(r, po)| Ok((stored(&r.id)?, (r, po))))
        .collect::<QueryResult<_>>()?;
    match lines.iter().find(|l| !found.contains_key(&l.po_line_id)) {
        Some(missing) => Err(LicenseError::UnknownPoLine {
            line: line_of(missing.po_line_id),
            po_line: missing.po_line_id,
        }),
        None => Ok(found),
    }
}
