//! Activating attachments of a location: plan the stacked result, check the product rules,
//! flip the attachments and move their quantities, issue the license file, record the
//! activation and its audit event.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{ActivatedAttachment, Change, LicenseActivated, Subject};
use lms_domain::field::FieldError;
use lms_domain::ids::{ActivationId, AttachmentId, LocationId, PartnerId};
use lms_domain::license::render::FileContent;
use lms_domain::license::{
    AttachmentState, FileKind, LicenseSigningKey, Stacked, check_activation, combine,
    produces_file, stack,
};

use super::license_files::issue_license;
use super::{Activation, ActivationError};
use crate::audit::{self, Actor, Event};
use crate::convert::{naive, stored};
use crate::db::{DbConnection, write_tx};
use crate::files::StoredFile;
use crate::licenses::{AttachmentRow, Holdings, LeaveAttached, LicenseError, leave_attached};
use crate::locations::{self, Location, LocationError};
use crate::schema::{activations, attachments};
use crate::{outbox, webhooks};
use lms_domain::webhook::EventData;
use lms_domain::webhook::events::{ActivationSource, LicenseActivatedData};

/// Activates attachments of a location — permanently — and produces its license file.
///
/// # Errors
/// [`ActivationError`]: an attachment not on this location or already activated, a product
/// rule (DECT) broken.
pub fn activate(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    attachment_ids: &[AttachmentId],
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> Result<Activation, ActivationError> {
    let mut ids = attachment_ids.to_vec();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Err(LicenseError::Invalid(FieldError::new(
            "attachment_ids",
            "name at least one attachment to activate",
        ))
        .into());
    }
    write_tx(conn, |c| activate_in(c, actor, location, &ids, key, now))
}

/// [`activate`] inside the caller's transaction.
pub(super) fn activate_in(
    c: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    ids: &[AttachmentId],
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> Result<Activation, ActivationError> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    let location = locations::lock_live(c, scope, location)?;
    let Plan {
        before,
        after,
        mut chosen,
    } = plan(c, &location, ids)?;
    check_activation(location.system_type, &before, &after)?;
    let activating = Activating {
        id: ActivationId(uuid::Uuid::now_v7()),
        actor,
        partner,
        location: &location,
        now,
    };
    // Fixed lock order (PO line, then attachment) keeps concurrent activations apart.
    chosen.sort_by(|a, b| (&a.po_line_id, &a.id).cmp(&(&b.po_line_id, &b.id)));
    for row in &chosen {
        activating.row(c, row)?;
    }
    let file = if produces_file(location.system_type).generated_by_lms() {
        let content = FileContent {
            features: &after,
            kind: FileKind::License,
            expires_at: None,
        };
        Some(issue_license(
            c, scope, partner, &location, &content, key, now,
        )?)
    } else {
        None
    };
    let activation_code = activating.store(c, file.as_ref())?;
    activating.notify(c, &chosen, file.as_ref())?;
    activating.record(c, &chosen, activation_code.clone())?;
    Ok(Activation {
        id: activating.id,
        activation_code,
        file,
        stacked: after,
    })
}

/// One activation under way: what its steps share.
struct Activating<'a> {
    id: ActivationId,
    actor: &'a Actor,
    partner: PartnerId,
    location: &'a Location,
    now: DateTime<Utc>,
}

impl Activating<'_> {
    /// Activates one attachment: its state flips and its quantity moves from attached to
    /// activated on its PO line, both guarded so a concurrent change makes this miss.
    fn row(&self, c: &mut DbConnection, row: &AttachmentRow) -> Result<(), ActivationError> {
        let q = row.quantity;
        let flipped = diesel::update(
            attachments::table
                .find(&row.id)
                .filter(attachments::state.eq(AttachmentState::Attached.as_str()))
                .filter(attachments::quantity.eq(q)),
        )
        .set((
            attachments::state.eq(AttachmentState::Activated.as_str()),
            attachments::activated_at.eq(naive(self.now)),
            attachments::activation_id.eq(self.id.to_string()),
        ))
        .execute(c)?;
        let moved = leave_attached(c, &row.po_line_id, q, LeaveAttached::ToActivated)?;
        if flipped != 1 || !moved {
            return Err(LicenseError::Conflict(row.id()?).into());
        }
        Ok(())
    }

    /// Stores the activation with its file, if the LMS produced one; answers its code.
    fn store(
        &self,
        c: &mut DbConnection,
        file: Option<&StoredFile>,
    ) -> Result<Option<String>, ActivationError> {
        let activation_code = file.and_then(|f| f.activation_code.clone());
        diesel::insert_into(activations::table)
            .values((
                activations::id.eq(self.id.to_string()),
                activations::partner_id.eq(self.partner.to_string()),
                activations::location_id.eq(self.location.id.to_string()),
                activations::activation_code.eq(&activation_code),
                activations::license_file_id.eq(file.map(|f| f.id.to_string())),
                activations::user_id.eq(self.actor.user_id.to_string()),
                activations::created_at.eq(naive(self.now)),
            ))
            .execute(c)?;
        Ok(activation_code)
    }

    /// The partner's `license.activated` notification, with the activation code.
    fn notify(
        &self,
        c: &mut DbConnection,
        chosen: &[AttachmentRow],
        file: Option<&StoredFile>,
    ) -> QueryResult<()> {
        let quantities = chosen
            .iter()
            .map(|r| {
                Ok((
                    r.part_number.as_str(),
                    u32::try_from(r.quantity).map_err(|_| {
                        crate::convert::corrupt(format!(
                            "attachment {} has a negative quantity",
                            r.id
                        ))
                    })?,
                ))
            })
            .collect::<QueryResult<Vec<_>>>()?;
        let data = LicenseActivatedData {
            location: webhooks::location_ref(c, self.location)?,
            source: ActivationSource::Activation,
            activation_id: Some(self.id),
            activation_code: file.and_then(|f| f.activation_code.clone()),
            license_file_name: file.map(|f| f.file_name.clone()),
            licenses: webhooks::activated_parts(quantities),
        };
        outbox::record_event(
            c,
            self.partner,
            self.now,
            &EventData::LicenseActivated(data),
        )?;
        Ok(())
    }

    /// The audit event of the activation.
    fn record(
        &self,
        c: &mut DbConnection,
        chosen: &[AttachmentRow],
        activation_code: Option<String>,
    ) -> Result<(), ActivationError> {
        let attachments = chosen
            .iter()
            .map(|r| {
                Ok(ActivatedAttachment {
                    attachment_id: r.id()?,
                    po_line_id: stored(&r.po_line_id)?,
                    part_number: r.part_number.clone(),
                    quantity: r.quantity,
                })
            })
            .collect::<QueryResult<_>>()?;
        audit::record(
            c,
            Event {
                actor: self.actor,
                owner: Some(self.partner),
                subject: Subject::Location(self.location.id),
                change: Change::LicenseActivated(LicenseActivated {
                    location_id: self.location.id,
                    activation_code,
                    attachments,
                }),
                at: self.now,
            },
        )?;
        Ok(())
    }
}

/// What activating some attachments would do.
pub(super) struct Plan {
    /// Stacked licenses now.
    pub(super) before: Vec<Stacked>,
    /// Stacked licenses after the activation.
    pub(super) after: Vec<Stacked>,
    /// The attachments to activate.
    pub(super) chosen: Vec<AttachmentRow>,
}

/// The stacked licenses before and after activating `ids`, and the attachments chosen.
pub(super) fn plan(
    c: &mut DbConnection,
    location: &Location,
    ids: &[AttachmentId],
) -> Result<Plan, ActivationError> {
    let holdings = Holdings::of(c, location.id)?;
    let mut chosen = Vec::with_capacity(ids.len());
    for id in ids {
        let (row, _) = holdings
            .rows
            .iter()
            .find(|(r, _)| r.id == id.to_string())
            .ok_or(LicenseError::UnknownAttachment(*id))?;
        if !row.is(AttachmentState::Attached) {
            return Err(LicenseError::AlreadyActivated(*id).into());
        }
        chosen.push(row.clone());
    }
    let (parts, before) = (&holdings.parts, holdings.stacked());
    let adding = stack(
        chosen
            .iter()
            .filter_map(|r| parts.get(&r.part_number).map(|p| (p, r.units()))),
    );
    let after = combine(&before, &adding);
    Ok(Plan {
        before,
        after,
        chosen,
    })
}
