//! The main job: attach licenses from the bin to a location, detach them back, and read a
//! location's licenses with their stacked result. Every quantity move is one conditional
//! update (`… WHERE available >= n`) checked for one affected row, in one transaction with
//! its audit event; the table's CHECK keeps `shipped = available + attached + activated +
//! reshipped` whatever happens. The rules of attaching are the domain's
//! ([`lms_domain::license::attach`]); each use case here loads, asks them, writes, audits.
//!
//! - [`attach`](mod@attach): [`attach()`] from the bin.
//! - [`detach`](mod@detach): [`detach()`] back to the bin.
//! - [`holdings`]: [`of_location`], and what stacking and activation read.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::field::FieldError;
use lms_domain::ids::{AttachmentId, LocationId, PoLineId};
use lms_domain::license::attach::{AttachLinesError, AttachRuleError};
use lms_domain::license::{AttachmentState, PartRuleError};
use lms_domain::order::Quantity;

use crate::convert::{stored, utc};
use crate::db::{DbConnection, RetryableError};
use crate::locations::LocationError;
use crate::schema::{attachments, po_lines};

pub mod attach;
pub mod detach;
pub mod holdings;

pub use attach::attach;
pub use detach::detach;
pub(crate) use holdings::Holdings;
pub use holdings::{ChildLicenses, LocationLicenses, of_location};

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

pub(crate) fn to_attachment(r: AttachmentRow, po_number: String) -> QueryResult<Attachment> {
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

/// Where licenses go when they leave `attached` on their PO line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LeaveAttached {
    /// Detached: back to the bin.
    ToAvailable,
    /// Activated: permanent.
    ToActivated,
}

/// Moves `q` out of `attached` on a PO line, guarded on what is attached there; `false` when
/// a concurrent change took it first (the caller answers a conflict).
pub(crate) fn leave_attached(
    c: &mut DbConnection,
    po_line: &str,
    q: i32,
    to: LeaveAttached,
) -> QueryResult<bool> {
    let line = po_lines::table
        .find(po_line)
        .filter(po_lines::attached.ge(q));
    let taken = po_lines::attached.eq(po_lines::attached - q);
    let moved = match to {
        LeaveAttached::ToAvailable => diesel::update(line)
            .set((taken, po_lines::available.eq(po_lines::available + q)))
            .execute(c)?,
        LeaveAttached::ToActivated => diesel::update(line)
            .set((taken, po_lines::activated.eq(po_lines::activated + q)))
            .execute(c)?,
    };
    Ok(moved == 1)
}
