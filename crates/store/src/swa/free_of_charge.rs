//! Free-of-charge licenses (SPEC §10): while a location's SWA is active or in its grace
//! period, it may take the latest version of each free-of-charge part for its system type,
//! once, without a PO from the vendor. The license arrives on a PO of its own (origin
//! `free_of_charge`, one line of quantity 1) attached at once, so it then activates, stacks
//! and counts like any other.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, LicenseAttached, Subject};
use lms_domain::ids::{LocationId, PoLineId};
use lms_domain::license::attach::check_part;
use lms_domain::license::{AttachmentState, Part};
use lms_domain::order::PoOrigin;
use lms_domain::swa::free_of_charge::{entitled, offer};
use lms_domain::swa::{SwaPolicy, SwaStatus, standing};

use super::SwaError;
use super::standing::facts;
use crate::Scope;
use crate::audit::{self, Actor, Event};
use crate::convert::naive;
use crate::db::{DbConnection, write_tx};
use crate::licenses::{Attachment, AttachmentRow, to_attachment};
use crate::locations::{self, Location, LocationError};
use crate::parts;
use crate::schema::{attachments, po_lines, purchase_orders};

/// The parts a location may take free of charge now, with its SWA status; empty outside
/// active SWA and grace.
///
/// # Errors
/// [`SwaError::Location`] when the location is not visible.
pub fn free_of_charge_offer(
    conn: &mut DbConnection,
    scope: Scope,
    location: LocationId,
    policy: SwaPolicy,
    now: DateTime<Utc>,
) -> Result<(SwaStatus, Vec<Part>), SwaError> {
    let found = locations::get(conn, scope, location)?;
    let status = status_of(conn, location, policy, now)?;
    if !entitled(status) {
        return Ok((status, Vec::new()));
    }
    Ok((status, available(conn, &found)?))
}

fn status_of(
    c: &mut DbConnection,
    location: LocationId,
    policy: SwaPolicy,
    now: DateTime<Utc>,
) -> QueryResult<SwaStatus> {
    let swa = facts(c, &[location])?.remove(&location).unwrap_or_default();
    Ok(standing(&swa.facts, policy, now).status)
}

/// The offer less the parts the location already has.
fn available(c: &mut DbConnection, location: &Location) -> QueryResult<Vec<Part>> {
    let catalog = parts::list(c, Some(location.system_type))?;
    let taken: Vec<String> = attachments::table
        .filter(attachments::location_id.eq(location.id.to_string()))
        .select(attachments::part_number)
        .load(c)?;
    Ok(offer(&catalog, location.system_type)
        .into_iter()
        .filter(|p| !taken.iter().any(|t| t == p.part_number.as_str()))
        .cloned()
        .collect())
}

/// Attaches a free-of-charge part to a location.
///
/// # Errors
/// [`SwaError::FreeOfChargeNotAvailable`] outside active SWA and grace,
/// [`SwaError::NotOffered`], [`SwaError::AlreadyTaken`], [`SwaError::Attach`].
pub fn attach_free(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    part_number: &str,
    policy: SwaPolicy,
    now: DateTime<Utc>,
) -> Result<Attachment, SwaError> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    write_tx(conn, |c| {
        let found = locations::lock_live(c, actor.scope(), location)?;
        let status = status_of(c, location, policy, now)?;
        if !entitled(status) {
            return Err(SwaError::FreeOfChargeNotAvailable(status));
        }
        let catalog = parts::list(c, Some(found.system_type))?;
        if !offer(&catalog, found.system_type)
            .iter()
            .any(|p| p.part_number.as_str() == part_number)
        {
            return Err(SwaError::NotOffered(part_number.to_owned()));
        }
        let Some(part) = available(c, &found)?
            .into_iter()
            .find(|p| p.part_number.as_str() == part_number)
        else {
            return Err(SwaError::AlreadyTaken(part_number.to_owned()));
        };
        check_part(found.system_type, found.has_temp_key(), &part).map_err(SwaError::Attach)?;
        let (line_id, po_number) = free_po_line(c, partner, &found, part_number, now)?;
        let row = AttachmentRow {
            id: uuid::Uuid::new_v4().to_string(),
            partner_id: partner.to_string(),
            location_id: location.to_string(),
            po_line_id: line_id.to_string(),
            part_number: part_number.to_owned(),
            quantity: 1,
            state: AttachmentState::Attached.as_str().into(),
            attached_at: naive(now),
            activated_at: None,
            activation_id: None,
        };
        diesel::insert_into(attachments::table)
            .values(&row)
            .execute(c)?;
        let attachment = to_attachment(row, po_number)?;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(partner),
                subject: Subject::Location(location),
                change: Change::LicenseAttached(LicenseAttached {
                    attachment_id: attachment.id,
                    location_id: location,
                    po_line_id: line_id,
                    part_number: part_number.to_owned(),
                    quantity: 1,
                    available_before: 1,
                    available_after: 0,
                }),
                at: now,
            },
        )?;
        Ok(attachment)
    })
}

/// A PO of origin `free_of_charge` with one line of the part, its quantity attached.
fn free_po_line(
    c: &mut DbConnection,
    partner: lms_domain::ids::PartnerId,
    found: &Location,
    part_number: &str,
    now: DateTime<Utc>,
) -> QueryResult<(PoLineId, String)> {
    let po_number = format!(
        "FOC-{}-{}",
        now.format("%Y%m%d"),
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let po_id = uuid::Uuid::new_v4().to_string();
    diesel::insert_into(purchase_orders::table)
        .values((
            purchase_orders::id.eq(&po_id),
            purchase_orders::partner_id.eq(partner.to_string()),
            purchase_orders::po_number.eq(&po_number),
            purchase_orders::so_number.eq(&po_number),
            purchase_orders::extra_info.eq(Some(format!(
                "free of charge with SWA for location {}",
                found.name
            ))),
            purchase_orders::origin.eq(PoOrigin::FreeOfCharge.as_str()),
            purchase_orders::shipped_at.eq(naive(now)),
        ))
        .execute(c)?;
    let line_id = PoLineId::new_random();
    diesel::insert_into(po_lines::table)
        .values((
            po_lines::id.eq(line_id.to_string()),
            po_lines::po_id.eq(&po_id),
            po_lines::partner_id.eq(partner.to_string()),
            po_lines::part_number.eq(part_number),
            po_lines::shipped.eq(1),
            po_lines::available.eq(0),
            po_lines::attached.eq(1),
            po_lines::activated.eq(0),
            po_lines::reshipped.eq(0),
        ))
        .execute(c)?;
    Ok((line_id, po_number))
}
