//! Detaching an attachment, all of it or some, back to the bin before it is activated.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, LicenseDetached, Subject};
use lms_domain::ids::{AttachmentId, LocationId};
use lms_domain::license::AttachmentState;
use lms_domain::license::detach::{Detach, DetachError, detach_quantity};
use lms_domain::order::Quantity;

use super::{AttachmentRow, LeaveAttached, LicenseError, leave_attached};
use crate::audit::{self, Actor, Event};
use crate::convert::stored;
use crate::db::DbConnection;
use crate::locations;
use crate::schema::attachments;

/// Takes `detach` from the attachment `row` (whose id is `attachment`) and answers the
/// quantity taken. Guarded on state and quantity, so a concurrent activate or detach makes
/// this miss.
fn take(
    c: &mut DbConnection,
    attachment: AttachmentId,
    row: &AttachmentRow,
    detach: Detach,
) -> Result<i32, LicenseError> {
    let pending = attachments::table
        .find(&row.id)
        .filter(attachments::state.eq(AttachmentState::Attached.as_str()));
    let (q, taken) = match detach {
        Detach::All => (
            row.quantity,
            diesel::delete(pending.filter(attachments::quantity.eq(row.quantity))).execute(c)?,
        ),
        Detach::Part(q) => {
            let q = q.to_i32();
            let taken = diesel::update(pending.filter(attachments::quantity.gt(q)))
                .set(attachments::quantity.eq(attachments::quantity - q))
                .execute(c)?;
            (q, taken)
        }
    };
    if taken != 1 {
        return Err(LicenseError::Conflict(attachment));
    }
    Ok(q)
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
    locations::write_locked(conn, actor, location, |c, partner, _| {
        let row: AttachmentRow = attachments::table
            .find(attachment.to_string())
            .filter(attachments::location_id.eq(location.to_string()))
            .filter(attachments::partner_id.eq(partner.to_string()))
            .select(AttachmentRow::as_select())
            .first(c)
            .optional()?
            .ok_or(LicenseError::UnknownAttachment(attachment))?;
        let detach = detach_quantity(row.state()?, row.units(), quantity).map_err(|e| match e {
            DetachError::Activated => LicenseError::AlreadyActivated(attachment),
            DetachError::TooMuch { .. } => LicenseError::DetachTooMuch {
                attached: row.quantity,
            },
        })?;
        let q = take(c, attachment, &row, detach)?;
        if !leave_attached(c, &row.po_line_id, q, LeaveAttached::ToAvailable)? {
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
