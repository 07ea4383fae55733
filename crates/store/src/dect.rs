//! DECT license file upload (SPEC §4): once per DECT location and before anything is
//! activated, a legacy file is parsed and shown for confirmation, then imported as
//! activated licenses on the PARI — a PO of its own, fully activated — with a new file.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use lms_domain::ids::LocationId;
use lms_domain::license::{
    DectUploadError, FileKind, LicenseSigningKey, PartNumber, check_upload_allowed,
    parse_legacy_dect,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, Actor};
use crate::bin::LineRow;
use crate::convert::naive;
use crate::db::{DbConnection, RetryableError, write_tx};
use crate::files::{self, StoredFile};
use crate::licenses::{AttachmentRow, Holdings, LicenseError};
use crate::locations::{self, LocationError};
use crate::parts;
use crate::schema::{attachments, dect_uploads, po_lines, purchase_orders};

/// One license of an uploaded file, as shown for confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedLicense {
    pub part_number: String,
    pub quantity: u32,
    pub issued_on: NaiveDate,
}

/// A parsed upload waiting for the partner's confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DectUpload {
    pub id: uuid::Uuid,
    pub licenses: Vec<UploadedLicense>,
}

/// An upload or import failed.
#[derive(Debug, thiserror::Error)]
pub enum DectError {
    #[error(transparent)]
    License(#[from] LicenseError),
    #[error("{0}")]
    Rejected(#[from] DectUploadError),
    #[error("upload {0} is not waiting for import on this location")]
    UnknownUpload(uuid::Uuid),
}

impl From<LocationError> for DectError {
    fn from(e: LocationError) -> Self {
        Self::License(e.into())
    }
}

impl From<diesel::result::Error> for DectError {
    fn from(e: diesel::result::Error) -> Self {
        Self::License(e.into())
    }
}

impl RetryableError for DectError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::License(e) if e.is_retryable())
    }
}

/// Parses a legacy DECT file for a location and keeps it for confirmation.
///
/// # Errors
/// [`DectError::Rejected`] with the guide's code, or the location not visible.
pub fn upload(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    text: &str,
    now: DateTime<Utc>,
) -> Result<DectUpload, DectError> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    write_tx(conn, |c| {
        let location = locations::get(c, scope, location)?;
        check_allowed(c, &location)?;
        let known: Vec<PartNumber> = parts::list(c, Some(location.system_type))?
            .into_iter()
            .map(|p| p.part_number)
            .collect();
        let parsed = parse_legacy_dect(text, &location.hwkc, now.date_naive(), |p| {
            known.contains(p)
        })?;
        let licenses: Vec<UploadedLicense> = parsed
            .into_iter()
            .map(|l| UploadedLicense {
                part_number: l.part_number.to_string(),
                quantity: l.quantity,
                issued_on: l.issued_on,
            })
            .collect();
        let id = uuid::Uuid::now_v7();
        diesel::insert_into(dect_uploads::table)
            .values((
                dect_uploads::id.eq(id.to_string()),
                dect_uploads::partner_id.eq(partner.to_string()),
                dect_uploads::location_id.eq(location.id.to_string()),
                dect_uploads::licenses.eq(serde_json::to_string(&licenses).unwrap_or_default()),
                dect_uploads::created_at.eq(naive(now)),
            ))
            .execute(c)?;
        Ok(DectUpload { id, licenses })
    })
}

/// Only once, and only before anything is activated (user guide, Note 1).
fn check_allowed(c: &mut DbConnection, location: &locations::Location) -> Result<(), DectError> {
    let active = Holdings::of(c, location.id)?.stacked();
    let imported: bool = diesel::select(diesel::dsl::exists(
        dect_uploads::table
            .filter(dect_uploads::location_id.eq(location.id.to_string()))
            .filter(dect_uploads::imported_at.is_not_null()),
    ))
    .get_result(c)?;
    Ok(check_upload_allowed(
        location.system_type,
        &active,
        imported,
    )?)
}

/// Imports a confirmed upload: its licenses become activated on the location and a new
/// license file is produced.
///
/// # Errors
/// [`DectError`]: unknown or already imported upload, or the location no longer qualifies.
pub fn import(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    upload: uuid::Uuid,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> Result<StoredFile, DectError> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    write_tx(conn, |c| {
        let location = locations::get(c, scope, location)?;
        let stored: String = dect_uploads::table
            .find(upload.to_string())
            .filter(dect_uploads::location_id.eq(location.id.to_string()))
            .filter(dect_uploads::partner_id.eq(partner.to_string()))
            .filter(dect_uploads::imported_at.is_null())
            .select(dect_uploads::licenses)
            .first(c)
            .optional()?
            .ok_or(DectError::UnknownUpload(upload))?;
        check_allowed(c, &location)?;
        let licenses: Vec<UploadedLicense> = serde_json::from_str(&stored).unwrap_or_default();
        let mut per_part: BTreeMap<String, u32> = BTreeMap::new();
        for l in &licenses {
            *per_part.entry(l.part_number.clone()).or_default() += l.quantity;
        }
        let po_id = uuid::Uuid::now_v7().to_string();
        diesel::insert_into(purchase_orders::table)
            .values((
                purchase_orders::id.eq(&po_id),
                purchase_orders::partner_id.eq(partner.to_string()),
                purchase_orders::po_number.eq(format!(
                    "DECT-{}-{}",
                    location.hwkc,
                    &po_id[po_id.len() - 8..]
                )),
                purchase_orders::so_number.eq("DECT-LICENSE-UPLOAD"),
                purchase_orders::origin.eq("dect_upload"),
                purchase_orders::shipped_at.eq(naive(now)),
            ))
            .execute(c)?;
        for (part_number, quantity) in &per_part {
            let q = *quantity as i32;
            let line = LineRow {
                id: uuid::Uuid::new_v4().to_string(),
                po_id: po_id.clone(),
                partner_id: partner.to_string(),
                part_number: part_number.clone(),
                shipped: q,
                available: 0,
                attached: 0,
                activated: q,
                reshipped: 0,
            };
            diesel::insert_into(po_lines::table)
                .values(&line)
                .execute(c)?;
            let attachment = AttachmentRow {
                id: uuid::Uuid::new_v4().to_string(),
                partner_id: partner.to_string(),
                location_id: location.id.to_string(),
                po_line_id: line.id.clone(),
                part_number: part_number.clone(),
                quantity: q,
                state: "activated".into(),
                attached_at: naive(now),
                activated_at: Some(naive(now)),
                activation_id: None,
            };
            diesel::insert_into(attachments::table)
                .values(&attachment)
                .execute(c)?;
        }
        diesel::update(dect_uploads::table.find(upload.to_string()))
            .set(dect_uploads::imported_at.eq(naive(now)))
            .execute(c)?;
        let stacked = Holdings::of(c, location.id)?.stacked();
        let rendered = files::render(&location, None, &stacked, FileKind::License, None, key, now);
        let file = files::insert(c, partner, location.id, "license", rendered, now)?;
        let details =
            json!({"location_id": location.id, "upload_id": upload, "licenses": licenses});
        audit::record(
            c,
            actor,
            Some(partner),
            "dect_upload.imported",
            ("location", &location.id.to_string()),
            details,
            now,
        )?;
        Ok(file)
    })
}
