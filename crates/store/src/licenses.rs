//! The main job: attach licenses from the bin to a location, detach them back, and read a
//! location's licenses with their stacked result. Every quantity move is one conditional
//! update (`… WHERE available >= n`) checked for one affected row, in one transaction with
//! its audit event; the table's CHECK keeps `shipped = available + attached + activated +
//! reshipped` whatever happens.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, LicenseAttached, LicenseDetached, Subject};
use lms_domain::field::FieldError;
use lms_domain::ids::{AttachmentId, LocationId, PoLineId};
use lms_domain::license::{AttachmentState, Part, PartRuleError, Stacked, stack};
use lms_domain::order::Quantity;

use crate::Scope;
use crate::audit::{self, Actor, Event};
use crate::bin::LineRow;
use crate::convert::{naive, stored, utc};
use crate::db::{DbConnection, RetryableError, write_tx};
use crate::locations::{self, Location, LocationError};
use crate::parts;
use crate::schema::{attachments, po_lines, purchase_orders};

/// Licenses of one PO line reserved for, or activated on, a location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: AttachmentId,
    pub location_id: LocationId,
    pub po_line_id: PoLineId,
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

impl AttachmentRow {
    pub(crate) fn state(&self) -> QueryResult<AttachmentState> {
        stored(&self.state)
    }

    pub(crate) fn is(&self, state: AttachmentState) -> bool {
        self.state == state.as_str()
    }

    pub(crate) fn id(&self) -> QueryResult<AttachmentId> {
        stored(&self.id)
    }
}

fn to_attachment(r: AttachmentRow, po_number: String) -> QueryResult<Attachment> {
    Ok(Attachment {
        id: stored(&r.id)?,
        location_id: stored(&r.location_id)?,
        po_line_id: stored(&r.po_line_id)?,
        po_number,
        state: r.state()?,
        part_number: r.part_number,
        quantity: r.quantity,
        attached_at: utc(r.attached_at),
        activated_at: r.activated_at.map(utc),
    })
}

/// A license operation failed.
#[derive(Debug, thiserror::Error)]
pub enum LicenseError {
    #[error(transparent)]
    Location(#[from] LocationError),
    /// `line` is the index of the request line at fault, here and below.
    #[error("PO line {po_line} is not in your license bin")]
    UnknownPoLine { line: usize, po_line: PoLineId },
    #[error("attachment {0} is not on this location")]
    UnknownAttachment(AttachmentId),
    #[error("only {available} of part {part_number} left on PO line {po_line}, {requested} asked")]
    NotEnoughQuantity {
        line: usize,
        po_line: PoLineId,
        part_number: String,
        available: i32,
        requested: i32,
    },
    #[error("{rule}")]
    PartRule { line: usize, rule: PartRuleError },
    /// A rule of the attach as a whole (`line` is `None`) or of one line.
    #[error("{message}")]
    AttachRule {
        line: Option<usize>,
        message: String,
    },
    #[error("only {attached} attached")]
    DetachTooMuch { attached: i32 },
    #[error("attachment {0} is activated; activated licenses can never be detached")]
    AlreadyActivated(AttachmentId),
    #[error("attachment {0} changed while this request ran; read it again")]
    Conflict(AttachmentId),
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
    pub po_line_id: PoLineId,
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
    check_lines(lines)?;
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    let requested: Vec<PoLineId> = lines.iter().map(|l| l.po_line_id).collect();
    let line_of = |po_line: PoLineId| requested.iter().position(|id| *id == po_line).unwrap_or(0);
    // A fixed lock order (by PO line id) keeps concurrent attaches from deadlocking.
    let mut lines = lines.to_vec();
    lines.sort_by_key(|l| l.po_line_id);
    write_tx(conn, |c| {
        let location = locations::lock(c, scope, location)?;
        let rows = load_lines(c, scope, &lines, line_of)?;
        let parts = parts::by_number(
            c,
            &rows
                .values()
                .map(|(r, _)| r.part_number.clone())
                .collect::<Vec<_>>(),
        )?;
        for line in &lines {
            let (row, _) = &rows[&line.po_line_id];
            check_attach(
                &location,
                &parts[&row.part_number],
                line_of(line.po_line_id),
            )?;
        }
        check_whole_po(c, &location, &lines, &rows)?;
        let mut created = Vec::with_capacity(lines.len());
        for line in &lines {
            let (row, po_number) = &rows[&line.po_line_id];
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
                    line: line_of(line.po_line_id),
                    po_line: line.po_line_id,
                    part_number: row.part_number.clone(),
                    available,
                    requested: q,
                });
            }
            let attachment = AttachmentRow {
                id: uuid::Uuid::new_v4().to_string(),
                partner_id: partner.to_string(),
                location_id: location.id.to_string(),
                po_line_id: row.id.clone(),
                part_number: row.part_number.clone(),
                quantity: q,
                state: AttachmentState::Attached.as_str().into(),
                attached_at: naive(now),
                activated_at: None,
                activation_id: None,
            };
            diesel::insert_into(attachments::table)
                .values(&attachment)
                .execute(c)?;
            let attachment = to_attachment(attachment, po_number.clone())?;
            audit::record(
                c,
                Event {
                    actor,
                    owner: Some(partner),
                    subject: Subject::Location(location.id),
                    change: Change::LicenseAttached(LicenseAttached {
                        attachment_id: attachment.id,
                        location_id: location.id,
                        po_line_id: line.po_line_id,
                        part_number: row.part_number.clone(),
                        quantity: q,
                        available_before: row.available,
                        available_after: row.available - q,
                    }),
                    at: now,
                },
            )?;
            created.push(attachment);
        }
        Ok(created)
    })
}

fn check_lines(lines: &[AttachLine]) -> Result<(), FieldError> {
    if lines.is_empty() {
        return Err(FieldError::new(
            "lines",
            "name at least one PO line to attach",
        ));
    }
    for (i, line) in lines.iter().enumerate() {
        if lines[..i].iter().any(|l| l.po_line_id == line.po_line_id) {
            return Err(FieldError::new(
                format!("lines/{i}/po_line_id"),
                "a PO line appears twice; add the quantities",
            ));
        }
    }
    Ok(())
}

fn check_attach(location: &Location, part: &Part, line: usize) -> Result<(), LicenseError> {
    part.fits(location.system_type)
        .map_err(|rule| LicenseError::PartRule { line, rule })?;
    lms_domain::packaging::check_attach_to_temp_key(
        location.system_type,
        location.has_temp_key(),
        part,
    )
    .map_err(|e| LicenseError::AttachRule {
        line: Some(line),
        message: e.to_string(),
    })
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
    let mut po_ids: Vec<&String> = rows.values().map(|(r, _)| &r.po_id).collect();
    po_ids.sort();
    po_ids.dedup();
    for po_id in po_ids {
        let all: Vec<(String, i32)> = po_lines::table
            .filter(po_lines::po_id.eq(po_id))
            .filter(po_lines::available.gt(0))
            .select((po_lines::id, po_lines::available))
            .load(c)?;
        let whole = all.iter().all(|(id, available)| {
            lines
                .iter()
                .any(|l| l.po_line_id.to_string() == *id && l.quantity.to_i32() == *available)
        });
        if !whole {
            return Err(LicenseError::AttachRule {
                line: None,
                message: format!(
                    "{} is an external product: attach the whole PO, every line with all it has left",
                    location.system_type.name()
                ),
            });
        }
    }
    Ok(())
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

/// Detaches an attachment, all of it or `quantity`, back to the bin.
///
/// # Errors
/// [`LicenseError`]: not on this location, already activated, or more than attached.
pub fn detach(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    attachment: AttachmentId,
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
        if !row.is(AttachmentState::Attached) {
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
        audit::record(
            c,
            Event {
                actor,
                owner: Some(partner),
                subject: Subject::Location(location),
                change: Change::LicenseDetached(LicenseDetached {
                    attachment_id: attachment,
                    location_id: location,
                    po_line_id: stored(&row.po_line_id)?,
                    part_number: row.part_number,
                    quantity: q,
                    attached_before: row.quantity,
                    attached_after: row.quantity - q,
                }),
                at: now,
            },
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
        .collect::<QueryResult<Vec<_>>>()?
        .into_iter()
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
            .filter(|(r, _)| r.is(AttachmentState::Activated))
            .filter_map(|(r, _)| parts.get(&r.part_number).map(|p| (p, r.units()))),
    )
}
