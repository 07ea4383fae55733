//! The main job: attach licenses from the bin to a location, detach them back, and read a
//! location's licenses with their stacked result. Every quantity move is one conditional
//! update (`… WHERE available >= n`) checked for one affected row, in one transaction with
//! its audit event; the table's CHECK keeps `shipped = available + attached + activated +
//! reshipped` whatever happens.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::field::FieldError;
use lms_domain::ids::{LocationId, PartnerId};
use lms_domain::license::attach::{self, AttachLineError, AttachLinesError, AttachRuleError};
use lms_domain::license::{Part, PartRuleError, Stacked, stack};
use lms_domain::order::Quantity;
use serde_json::json;

use crate::Scope;
use crate::audit::{self, Actor};
use crate::bin::LineRow;
use crate::convert::{naive, stored, utc};
use crate::db::{DbConnection, RetryableError, write_tx};
use crate::locations::{self, Location, LocationError};
use crate::parts;
use crate::schema::{attachments, po_lines, purchase_orders};

/// Where an attachment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentState {
    /// Reserved for the location; may be detached.
    Attached,
    /// Permanent; part of the location's license file.
    Activated,
}

impl AttachmentState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Attached => "attached",
            Self::Activated => "activated",
        }
    }
}

/// Licenses of one PO line reserved for, or activated on, a location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: uuid::Uuid,
    pub location_id: LocationId,
    pub po_line_id: uuid::Uuid,
    pub po_number: String,
    pub part_number: String,
    pub quantity: i32,
    pub state: AttachmentState,
    pub attached_at: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = attachments)]
pub(crate) struct AttachmentRow {
    pub(crate) id: String,
    pub(crate) partner_id: String,
    pub(crate) location_id: String,
    pub(crate) po_line_id: String,
    pub(crate) part_number: String,
    pub(crate) quantity: i32,
    pub(crate) state: String,
    pub(crate) attached_at: chrono::NaiveDateTime,
    pub(crate) activated_at: Option<chrono::NaiveDateTime>,
    pub(crate) activation_id: Option<String>,
}

impl AttachmentRow {
    /// The quantity as a count; the table's CHECK (quantity > 0) keeps it positive.
    pub(crate) fn units(&self) -> u32 {
        u32::try_from(self.quantity).unwrap_or(0)
    }
}

fn to_attachment(r: AttachmentRow, po_number: String) -> Attachment {
    Attachment {
        id: stored(&r.id),
        location_id: stored(&r.location_id),
        po_line_id: stored(&r.po_line_id),
        po_number,
        part_number: r.part_number,
        quantity: r.quantity,
        state: if r.state == "activated" {
            AttachmentState::Activated
        } else {
            AttachmentState::Attached
        },
        attached_at: utc(r.attached_at),
        activated_at: r.activated_at.map(utc),
    }
}

/// A license operation failed.
#[derive(Debug, thiserror::Error)]
pub enum LicenseError {
    #[error(transparent)]
    Location(#[from] LocationError),
    /// `line` is the index of the request line at fault, here and below.
    #[error("PO line {po_line} is not in your license bin")]
    UnknownPoLine { line: usize, po_line: uuid::Uuid },
    #[error("attachment {0} is not on this location")]
    UnknownAttachment(uuid::Uuid),
    #[error("only {available} of part {part_number} left on PO line {po_line}, {requested} asked")]
    NotEnoughQuantity {
        line: usize,
        po_line: uuid::Uuid,
        part_number: String,
        available: i32,
        requested: i32,
    },
    #[error("{rule}")]
    PartRule { line: usize, rule: PartRuleError },
    /// A rule of the attach as a whole (`line` is `None`) or of one line.
    #[error("{rule}")]
    AttachRule {
        line: Option<usize>,
        rule: AttachRuleError,
    },
    /// The request names no PO line, or one twice.
    #[error(transparent)]
    Lines(#[from] AttachLinesError),
    #[error("only {attached} attached")]
    DetachTooMuch { attached: i32 },
    #[error("attachment {0} is activated; activated licenses can never be detached")]
    AlreadyActivated(uuid::Uuid),
    #[error("attachment {0} changed while this request ran; read it again")]
    Conflict(uuid::Uuid),
    #[error(transparent)]
    Invalid(#[from] FieldError),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for LicenseError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::Db(e) if e.is_retryable())
    }
}

/// One line of an attach request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachLine {
    pub po_line_id: uuid::Uuid,
    pub quantity: Quantity,
}

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
    attach::check_lines(lines.iter().map(|l| l.po_line_id))?;
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    let requested: Vec<uuid::Uuid> = lines.iter().map(|l| l.po_line_id).collect();
    let line_of = |po_line: uuid::Uuid| requested.iter().position(|id| *id == po_line).unwrap_or(0);
    // A fixed lock order (by PO line id) keeps concurrent attaches from deadlocking.
    let mut lines = lines.to_vec();
    lines.sort_by_key(|l| l.po_line_id);
    write_tx(conn, |c| {
        let location = locations::lock(c, scope, location)?;
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
    rows: &HashMap<uuid::Uuid, (LineRow, String)>,
    line_of: impl Fn(uuid::Uuid) -> usize,
) -> Result<(), LicenseError> {
    let numbers: Vec<String> = rows.values().map(|(r, _)| r.part_number.clone()).collect();
    let parts = parts::by_number(c, &numbers)?;
    let temp_key = location.has_temp_key();
    for line in lines {
        let (row, _) = &rows[&line.po_line_id];
        let at = line_of(line.po_line_id);
        attach::check_part(location.system_type, temp_key, &parts[&row.part_number]).map_err(
            |e| match e {
                AttachLineError::Part(rule) => LicenseError::PartRule { line: at, rule },
                AttachLineError::Rule(rule) => LicenseError::AttachRule {
                    line: Some(at),
                    rule,
                },
            },
        )?;
    }
    check_whole_po(c, location, lines, rows)
}

/// External products take whole POs (SPEC §4): every line of the PO with all it has left.
fn check_whole_po(
    c: &mut DbConnection,
    location: &Location,
    lines: &[AttachLine],
    rows: &HashMap<uuid::Uuid, (LineRow, String)>,
) -> Result<(), LicenseError> {
    if !lms_domain::license::whole_po_only(location.system_type) {
        return Ok(());
    }
    let requested: Vec<(String, Quantity)> = lines
        .iter()
        .map(|l| (l.po_line_id.to_string(), l.quantity))
        .collect();
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
        let left: Vec<(String, u32)> = left
            .into_iter()
            .map(|(id, available)| (id, u32::try_from(available).unwrap_or(0)))
            .collect();
        attach::check_whole_po(location.system_type, &left, &requested)
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
        let details = json!({
            "attachment_id": attachment.id, "location_id": self.location.id, "po_line_id": row.id, "part_number": row.part_number, "quantity": q,
            "available_before": row.available, "available_after": row.available - q,
        });
        audit::record(
            c,
            self.actor,
            Some(self.partner),
            "license.attached",
            ("location", &attachment.location_id),
            details,
            self.now,
        )?;
        Ok(to_attachment(attachment, po_number.to_owned()))
    }
}

/// The PO lines named in the request, visible to the scope, with their PO numbers.
fn load_lines(
    c: &mut DbConnection,
    scope: Scope,
    lines: &[AttachLine],
    line_of: impl Fn(uuid::Uuid) -> usize,
) -> Result<HashMap<uuid::Uuid, (LineRow, String)>, LicenseError> {
    let ids: Vec<String> = lines.iter().map(|l| l.po_line_id.to_string()).collect();
    let mut query = po_lines::table
        .inner_join(purchase_orders::table)
        .filter(po_lines::id.eq_any(&ids))
        .select((LineRow::as_select(), purchase_orders::po_number))
        .into_boxed();
    if let Some(p) = scope.partner() {
        query = query.filter(po_lines::partner_id.eq(p.to_string()));
    }
    let found: HashMap<uuid::Uuid, (LineRow, String)> = query
        .load::<(LineRow, String)>(c)?
        .into_iter()
        .map(|(r, po)| (stored(&r.id), (r, po)))
        .collect();
    match lines.iter().find(|l| !found.contains_key(&l.po_line_id)) {
        Some(missing) => Err(LicenseError::UnknownPoLine {
            line: line_of(missing.po_line_id),
            po_line: missing.po_line_id,
        }),
        None => Ok(found),
    }
}

/// Detaches an attachment, all of it or `quantity`, back to the bin.
///
/// # Errors
/// [`LicenseError`]: not on this location, already activated, or more than attached.
pub fn detach(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    attachment: uuid::Uuid,
    quantity: Option<Quantity>,
    now: DateTime<Utc>,
) -> Result<(), LicenseError> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    write_tx(conn, |c| {
        locations::lock(c, scope, location)?;
        let row: AttachmentRow = attachments::table
            .find(attachment.to_string())
            .filter(attachments::location_id.eq(location.to_string()))
            .filter(attachments::partner_id.eq(partner.to_string()))
            .select(AttachmentRow::as_select())
            .first(c)
            .optional()?
            .ok_or(LicenseError::UnknownAttachment(attachment))?;
        if row.state != AttachmentState::Attached.as_str() {
            return Err(LicenseError::AlreadyActivated(attachment));
        }
        let q = match quantity {
            None => row.quantity,
            Some(q) if q.to_i32() > row.quantity => {
                return Err(LicenseError::DetachTooMuch {
                    attached: row.quantity,
                });
            }
            Some(q) => q.to_i32(),
        };
        // Guarded on state and quantity, so a concurrent activate or detach makes this miss.
        let pending = attachments::table
            .find(&row.id)
            .filter(attachments::state.eq(AttachmentState::Attached.as_str()));
        let taken = if q == row.quantity {
            diesel::delete(pending.filter(attachments::quantity.eq(q))).execute(c)?
        } else {
            diesel::update(pending.filter(attachments::quantity.gt(q)))
                .set(attachments::quantity.eq(attachments::quantity - q))
                .execute(c)?
        };
        if taken != 1 {
            return Err(LicenseError::Conflict(attachment));
        }
        let moved = diesel::update(
            po_lines::table
                .find(&row.po_line_id)
                .filter(po_lines::attached.ge(q)),
        )
        .set((
            po_lines::attached.eq(po_lines::attached - q),
            po_lines::available.eq(po_lines::available + q),
        ))
        .execute(c)?;
        if moved != 1 {
            return Err(LicenseError::Conflict(attachment));
        }
        let details = json!({
            "attachment_id": row.id, "location_id": location, "po_line_id": row.po_line_id, "part_number": row.part_number,
            "quantity": q, "attached_before": row.quantity, "attached_after": row.quantity - q,
        });
        audit::record(
            c,
            actor,
            Some(partner),
            "license.detached",
            ("location", &row.location_id),
            details,
            now,
        )?;
        Ok(())
    })
}

/// A location's attached and activated licenses and the stacked result of the activated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationLicenses {
    pub attached: Vec<Attachment>,
    pub activated: Vec<Attachment>,
    pub stacked: Vec<Stacked>,
}

/// The licenses of a location.
///
/// # Errors
/// [`LicenseError::Location`] when the location is not visible.
pub fn of_location(
    conn: &mut DbConnection,
    scope: Scope,
    location: LocationId,
) -> Result<LocationLicenses, LicenseError> {
    locations::get(conn, scope, location)?;
    let holdings = Holdings::of(conn, location)?;
    let stacked = holdings.stacked();
    let (activated, attached): (Vec<_>, Vec<_>) = holdings
        .rows
        .into_iter()
        .map(|(r, po)| to_attachment(r, po))
        .partition(|a| a.state == AttachmentState::Activated);
    Ok(LocationLicenses {
        attached,
        activated,
        stacked,
    })
}

pub(crate) fn attachments_of(
    c: &mut DbConnection,
    location: LocationId,
) -> QueryResult<Vec<(AttachmentRow, String)>> {
    attachments::table
        .inner_join(po_lines::table.inner_join(purchase_orders::table))
        .filter(attachments::location_id.eq(location.to_string()))
        .select((AttachmentRow::as_select(), purchase_orders::po_number))
        .order((attachments::attached_at.asc(), attachments::id.asc()))
        .load(c)
}

/// A location's attachments (with their PO numbers) and the catalog parts they name: what
/// stacking and the activation rules read.
pub(crate) struct Holdings {
    pub(crate) rows: Vec<(AttachmentRow, String)>,
    pub(crate) parts: HashMap<String, Part>,
}

impl Holdings {
    /// Loads a location's holdings.
    pub(crate) fn of(c: &mut DbConnection, location: LocationId) -> QueryResult<Self> {
        let rows = attachments_of(c, location)?;
        let numbers: Vec<String> = rows.iter().map(|(r, _)| r.part_number.clone()).collect();
        let parts = parts::by_number(c, &numbers)?;
        Ok(Self { rows, parts })
    }

    /// Everything activated, stacked.
    pub(crate) fn stacked(&self) -> Vec<Stacked> {
        stacked_of(&self.rows, &self.parts)
    }
}

/// Stacks the activated rows among `rows`.
pub(crate) fn stacked_of(
    rows: &[(AttachmentRow, String)],
    parts: &HashMap<String, Part>,
) -> Vec<Stacked> {
    stack(
        rows.iter()
            .filter(|(r, _)| r.state == AttachmentState::Activated.as_str())
            .filter_map(|(r, _)| parts.get(&r.part_number).map(|p| (p, r.units()))),
    )
}
