//! DECT license file upload (SPEC §4): once per DECT location and before anything is
//! activated, a legacy file is parsed and shown for confirmation. The legacy file is plain
//! text anyone can write, so the partner's confirmation is only a *request*: a vendor admin
//! sees it with its parsed content and approves it — then its licenses become activated on
//! the PARI, as a PO of its own, with a new signed file — or rejects it with a reason.
//!
//! States: `parsed` → (partner confirms) `pending` → (vendor admin) `approved` | `rejected`.
//! At most one import per location is pending or approved (a unique partial index), so two
//! parallel requests cannot both get through; a rejected location may upload again.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{
    Change, DectImportApproved, DectImportRejected, DectImportRequested, Subject,
};
use lms_domain::field::{FieldError, required_text};
use lms_domain::ids::{LocationId, PartnerId, UploadId};
use lms_domain::license::dect_upload::{
    IMPORT_SO_NUMBER, ImportLine, PriorImport, import_lines, import_po_number,
};
use lms_domain::license::render::{FileContent, RenderError};
use lms_domain::license::{
    AttachmentState, DectImportState, DectUploadError, FileKind, LegacyLicense, LicenseSigningKey,
    PartNumber, StoredFileKind, check_upload_allowed, parse_legacy_dect,
};
use lms_domain::order::PoOrigin;

use crate::Scope;
use crate::audit::{self, Actor, Event};
use crate::bin::LineRow;
use crate::convert::{naive, stored, utc};
use crate::db::{DbConnection, RetryableError, is_unique_violation, write_tx};
use crate::files::{self, StoredFile};
use crate::licenses::{AttachmentRow, Holdings, LicenseError};
use crate::locations::{self, Location, LocationError};
use crate::paging::{Page, PageRequest};
use crate::parts;
use crate::schema::{attachments, dect_uploads, locations as locations_table, partners};
use crate::schema::{po_lines, purchase_orders};
use crate::{outbox, webhooks};
use lms_domain::webhook::EventData;
use lms_domain::webhook::events::{ActivationSource, LicenseActivatedData};

/// An uploaded legacy file and its review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DectImport {
    pub id: UploadId,
    pub partner_id: PartnerId,
    pub partner_name: String,
    pub location_id: LocationId,
    pub location_name: String,
    pub hwkc: String,
    pub licenses: Vec<LegacyLicense>,
    pub state: DectImportState,
    pub uploaded_at: DateTime<Utc>,
    pub requested_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub rejection_reason: Option<String>,
}

/// An upload, request or decision failed.
#[derive(Debug, thiserror::Error)]
pub enum DectError {
    #[error(transparent)]
    License(#[from] LicenseError),
    #[error("{0}")]
    Rejected(#[from] DectUploadError),
    #[error("upload {0} is not waiting for import on this location")]
    UnknownUpload(UploadId),
    #[error("DECT import {id} is {}, not pending", .state.as_str())]
    NotPending {
        id: UploadId,
        state: DectImportState,
    },
    #[error(transparent)]
    Invalid(#[from] FieldError),
    /// The license file of an approved import could not be rendered.
    #[error(transparent)]
    Render(#[from] RenderError),
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

#[derive(Queryable, Selectable)]
#[diesel(table_name = dect_uploads)]
struct UploadRow {
    id: String,
    partner_id: String,
    location_id: String,
    licenses: String,
    created_at: chrono::NaiveDateTime,
    state: String,
    requested_at: Option<chrono::NaiveDateTime>,
    decided_at: Option<chrono::NaiveDateTime>,
    rejection_reason: Option<String>,
}

type ImportColumns = (UploadRow, String, String, String);

fn to_import(
    (row, partner_name, location_name, hwkc): ImportColumns,
) -> Result<DectImport, diesel::result::Error> {
    let licenses = serde_json::from_str(&row.licenses).map_err(|e| {
        diesel::result::Error::DeserializationError(
            format!("DECT upload {} holds unreadable licenses: {e}", row.id).into(),
        )
    })?;
    Ok(DectImport {
        id: stored(&row.id)?,
        partner_id: stored(&row.partner_id)?,
        partner_name,
        location_id: stored(&row.location_id)?,
        location_name,
        hwkc,
        licenses,
        state: stored(&row.state)?,
        uploaded_at: utc(row.created_at),
        requested_at: row.requested_at.map(utc),
        decided_at: row.decided_at.map(utc),
        rejection_reason: row.rejection_reason,
    })
}

/// Uploads with their partner's name, their location's name and HWKC.
macro_rules! imports {
    () => {
        dect_uploads::table
            .inner_join(partners::table.on(partners::id.eq(dect_uploads::partner_id)))
            .inner_join(
                locations_table::table.on(locations_table::id.eq(dect_uploads::location_id)),
            )
            .select((
                UploadRow::as_select(),
                partners::name,
                locations_table::name,
                locations_table::hwkc,
            ))
    };
}

fn load(c: &mut DbConnection, id: UploadId) -> Result<Option<DectImport>, DectError> {
    let row: Option<ImportColumns> = imports!()
        .filter(dect_uploads::id.eq(id.to_string()))
        .first(c)
        .optional()?;
    Ok(row.map(to_import).transpose()?)
}

/// Parses a legacy DECT file for a location and keeps it for the partner's confirmation.
///
/// # Errors
/// [`DectError::Rejected`] with the guide's code, or the location not visible.
pub fn upload(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    text: &str,
    now: DateTime<Utc>,
) -> Result<DectImport, DectError> {
    locations::write_locked(conn, actor, location, |c, partner, location| {
        check_allowed(c, &location)?;
        let known: Vec<PartNumber> = parts::list(c, Some(location.system_type))?
            .into_iter()
            .map(|p| p.part_number)
            .collect();
        let parsed = parse_legacy_dect(text, location.hwkc.as_str(), now.date_naive(), |p| {
            known.contains(p)
        })?;
        let stored_licenses = serde_json::to_string(&parsed)
            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
        let id = UploadId(uuid::Uuid::now_v7());
        diesel::insert_into(dect_uploads::table)
            .values((
                dect_uploads::id.eq(id.to_string()),
                dect_uploads::partner_id.eq(partner.to_string()),
                dect_uploads::location_id.eq(location.id.to_string()),
                dect_uploads::licenses.eq(stored_licenses),
                dect_uploads::created_at.eq(naive(now)),
                dect_uploads::state.eq(DectImportState::Parsed.as_str()),
            ))
            .execute(c)?;
        load(c, id)?.ok_or(DectError::UnknownUpload(id))
    })
}

/// Only once, and only before anything is activated (user guide, Note 1). The caller holds
/// the location's lock.
fn check_allowed(c: &mut DbConnection, location: &locations::Location) -> Result<(), DectError> {
    let active = Holdings::of(c, location.id)?.stacked();
    let states: Vec<String> = dect_uploads::table
        .filter(dect_uploads::location_id.eq(location.id.to_string()))
        .filter(dect_uploads::state.eq_any([
            DectImportState::Pending.as_str(),
            DectImportState::Approved.as_str(),
        ]))
        .select(dect_uploads::state)
        .load(c)?;
    let prior = match states
        .first()
        .map(|s| stored::<DectImportState>(s))
        .transpose()?
    {
        None => PriorImport::None,
        Some(DectImportState::Pending) => PriorImport::Pending,
        Some(_) => PriorImport::Approved,
    };
    Ok(check_upload_allowed(location.system_type, &active, prior)?)
}

/// The partner confirms a parsed upload: it becomes a request for a vendor admin. Nothing is
/// activated yet.
///
/// # Errors
/// [`DectError`]: unknown or already requested upload, or the location no longer qualifies
/// (another import pending or approved, licenses activated since).
pub fn request_import(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    upload: UploadId,
    now: DateTime<Utc>,
) -> Result<DectImport, DectError> {
    locations::write_locked(conn, actor, location, |c, partner, location| {
        let parsed: bool = diesel::select(diesel::dsl::exists(
            dect_uploads::table
                .find(upload.to_string())
                .filter(dect_uploads::location_id.eq(location.id.to_string()))
                .filter(dect_uploads::partner_id.eq(partner.to_string()))
                .filter(dect_uploads::state.eq(DectImportState::Parsed.as_str())),
        ))
        .get_result(c)?;
        if !parsed {
            return Err(DectError::UnknownUpload(upload));
        }
        check_allowed(c, &location)?;
        let changed = diesel::update(
            dect_uploads::table
                .find(upload.to_string())
                .filter(dect_uploads::location_id.eq(location.id.to_string()))
                .filter(dect_uploads::partner_id.eq(partner.to_string()))
                .filter(dect_uploads::state.eq(DectImportState::Parsed.as_str())),
        )
        .set((
            dect_uploads::state.eq(DectImportState::Pending.as_str()),
            dect_uploads::requested_at.eq(naive(now)),
            dect_uploads::requested_by.eq(actor.user_id.to_string()),
        ))
        .execute(c)
        .map_err(once_per_location)?;
        if changed != 1 {
            return Err(DectError::UnknownUpload(upload));
        }
        audit::record(
            c,
            Event {
                actor,
                owner: Some(partner),
                subject: Subject::Location(location.id),
                change: Change::DectImportRequested(DectImportRequested {
                    location_id: location.id,
                    upload_id: upload,
                }),
                at: now,
            },
        )?;
        load(c, upload)?.ok_or(DectError::UnknownUpload(upload))
    })
}

/// The unique index lost a race with another request on the same location.
fn once_per_location(e: diesel::result::Error) -> DectError {
    if is_unique_violation(
        &e,
        "dect_uploads_once_per_location",
        "dect_uploads.location_id",
    ) {
        DectUploadError::NotApplicable("once per location").into()
    } else {
        e.into()
    }
}

/// A location's uploads, newest first, with their state and any rejection reason.
///
/// # Errors
/// [`LocationError::NotFound`] when the location is not visible.
pub fn for_location(
    conn: &mut DbConnection,
    scope: Scope,
    location: LocationId,
) -> Result<Vec<DectImport>, DectError> {
    locations::get(conn, scope, location)?;
    let rows: Vec<ImportColumns> = imports!()
        .filter(dect_uploads::location_id.eq(location.to_string()))
        .order((dect_uploads::created_at.desc(), dect_uploads::id.desc()))
        .load(conn)?;
    Ok(rows.into_iter().map(to_import).collect::<Result<_, _>>()?)
}

/// Imports in one state, oldest upload first (the vendor admins' queue; upload ids are
/// UUIDv7, so their order is the order of upload).
///
/// # Errors
/// Database errors only.
pub fn list(
    conn: &mut DbConnection,
    state: DectImportState,
    page: &PageRequest,
) -> Result<Page<DectImport>, DectError> {
    let mut query = imports!()
        .filter(dect_uploads::state.eq(state.as_str()))
        .into_boxed();
    if let Some(id) = page.after_id() {
        query = query.filter(dect_uploads::id.gt(id.to_owned()));
    }
    let rows: Vec<ImportColumns> = query
        .order(dect_uploads::id.asc())
        .limit(page.limit + 1)
        .load(conn)?;
    let page = page.page(rows, |(r, ..)| (r.id.clone(), r.id.clone()));
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(to_import)
            .collect::<Result<_, _>>()?,
        next_cursor: page.next_cursor,
    })
}

/// A vendor admin approves a pending import: its licenses become activated on the location,
/// as a PO of the partner's own, and a new license file is signed.
///
/// # Errors
/// [`DectError::NotPending`], or [`DectError::Rejected`] when licenses were activated on the
/// location since the request.
pub fn approve(
    conn: &mut DbConnection,
    actor: &Actor,
    upload: UploadId,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> Result<(DectImport, StoredFile), DectError> {
    write_tx(conn, |c| {
        let location = lock_location_of(c, upload)?;
        let pending = pending(c, upload)?;
        let active = Holdings::of(c, location.id)?.stacked();
        if !active.is_empty() {
            return Err(DectUploadError::NotApplicable(
                "before any license is activated on the location",
            )
            .into());
        }
        activate_imported(c, &pending, now)?;
        let stacked = Holdings::of(c, location.id)?.stacked();
        let content = FileContent {
            features: &stacked,
            kind: FileKind::License,
            expires_at: None,
        };
        let rendered = files::render(&location, None, &content, key, now)?;
        let file = files::insert(
            c,
            pending.partner_id,
            &location,
            StoredFileKind::License,
            rendered,
            now,
        )?;
        decide(c, actor, upload, DectImportState::Approved, None, now)?;
        notify_activated(c, &location, &pending, &file, now)?;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(pending.partner_id),
                subject: Subject::Location(location.id),
                change: Change::DectImportApproved(DectImportApproved {
                    location_id: location.id,
                    upload_id: upload,
                    licenses: pending.licenses.iter().cloned().map(Into::into).collect(),
                    activation_code: file.activation_code.clone(),
                }),
                at: now,
            },
        )?;
        Ok((
            load(c, upload)?.ok_or(DectError::UnknownUpload(upload))?,
            file,
        ))
    })
}

/// A vendor admin rejects a pending import with a reason the partner sees.
///
/// # Errors
/// [`DectError::NotPending`], or [`DectError::Invalid`] for an empty or long reason.
pub fn reject(
    conn: &mut DbConnection,
    actor: &Actor,
    upload: UploadId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<DectImport, DectError> {
    let reason = required_text("reason", reason, 500)?;
    write_tx(conn, |c| {
        lock_location_of(c, upload)?;
        let pending = pending(c, upload)?;
        decide(
            c,
            actor,
            upload,
            DectImportState::Rejected,
            Some(&reason),
            now,
        )?;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(pending.partner_id),
                subject: Subject::Location(pending.location_id),
                change: Change::DectImportRejected(DectImportRejected {
                    location_id: pending.location_id,
                    upload_id: upload,
                    reason: reason.clone(),
                }),
                at: now,
            },
        )?;
        load(c, upload)?.ok_or(DectError::UnknownUpload(upload))
    })
}

/// Locks the location of an upload, before its state is read: a decision racing another
/// then sees the other's outcome.
fn lock_location_of(
    c: &mut DbConnection,
    upload: UploadId,
) -> Result<locations::Location, DectError> {
    let location: String = dect_uploads::table
        .find(upload.to_string())
        .select(dect_uploads::location_id)
        .first(c)
        .optional()?
        .ok_or(DectError::UnknownUpload(upload))?;
    Ok(locations::lock(c, Scope::Vendor, stored(&location)?)?)
}

fn pending(c: &mut DbConnection, upload: UploadId) -> Result<DectImport, DectError> {
    let found = load(c, upload)?.ok_or(DectError::UnknownUpload(upload))?;
    match found.state {
        DectImportState::Pending => Ok(found),
        DectImportState::Parsed => Err(DectError::UnknownUpload(upload)),
        state => Err(DectError::NotPending { id: upload, state }),
    }
}

/// Moves a pending import to its decision; guarded on the state, so a concurrent decision
/// makes this miss.
fn decide(
    c: &mut DbConnection,
    actor: &Actor,
    upload: UploadId,
    state: DectImportState,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DectError> {
    let changed = diesel::update(
        dect_uploads::table
            .find(upload.to_string())
            .filter(dect_uploads::state.eq(DectImportState::Pending.as_str())),
    )
    .set((
        dect_uploads::state.eq(state.as_str()),
        dect_uploads::decided_at.eq(naive(now)),
        dect_uploads::decided_by.eq(actor.user_id.to_string()),
        dect_uploads::rejection_reason.eq(reason),
    ))
    .execute(c)?;
    if changed == 1 {
        Ok(())
    } else {
        let state = load(c, upload)?.map_or(DectImportState::Pending, |i| i.state);
        Err(DectError::NotPending { id: upload, state })
    }
}

/// The licenses of an approved import, activated on its location: a PO of the partner's own
/// (origin `dect_upload`) with one fully activated line per part.
fn activate_imported(
    c: &mut DbConnection,
    import: &DectImport,
    now: DateTime<Utc>,
) -> Result<(), DectError> {
    let lines = import_lines(&import.licenses)?;
    let po_id = uuid::Uuid::now_v7();
    let partner = import.partner_id.to_string();
    diesel::insert_into(purchase_orders::table)
        .values((
            purchase_orders::id.eq(po_id.to_string()),
            purchase_orders::partner_id.eq(&partner),
            purchase_orders::po_number.eq(import_po_number(import.hwkc.as_str(), po_id)),
            purchase_orders::so_number.eq(IMPORT_SO_NUMBER),
            purchase_orders::origin.eq(PoOrigin::DectUpload.as_str()),
            purchase_orders::shipped_at.eq(naive(now)),
        ))
        .execute(c)?;
    for ImportLine {
        part_number,
        quantity,
    } in &lines
    {
        let q = quantity.to_i32();
        let line = LineRow {
            id: uuid::Uuid::new_v4().to_string(),
            po_id: po_id.to_string(),
            partner_id: partner.clone(),
            part_number: part_number.to_string(),
            shipped: q,
            available: 0,
            attached: 0,
            activated: q,
            reshipped: 0,
            migrated: 0,
        };
        diesel::insert_into(po_lines::table)
            .values(&line)
            .execute(c)?;
        let attachment = AttachmentRow {
            id: uuid::Uuid::new_v4().to_string(),
            partner_id: partner.clone(),
            location_id: import.location_id.to_string(),
            po_line_id: line.id.clone(),
            part_number: part_number.to_string(),
            quantity: q,
            state: AttachmentState::Activated.as_str().into(),
            attached_at: naive(now),
            activated_at: Some(naive(now)),
            activation_id: None,
        };
        diesel::insert_into(attachments::table)
            .values(&attachment)
            .execute(c)?;
    }
    Ok(())
}

/// The partner's `license.activated` notification of an approved import.
fn notify_activated(
    c: &mut DbConnection,
    location: &Location,
    import: &DectImport,
    file: &StoredFile,
    now: DateTime<Utc>,
) -> Result<(), DectError> {
    let lines = import_lines(&import.licenses)?;
    let data = LicenseActivatedData {
        location: webhooks::location_ref(c, location)?,
        source: ActivationSource::DectImport,
        activation_id: None,
        activation_code: file.activation_code.clone(),
        license_file_name: Some(file.file_name.clone()),
        licenses: webhooks::activated_parts(
            lines
                .iter()
                .map(|l| (l.part_number.as_str(), l.quantity.get())),
        ),
    };
    outbox::record_event(
        c,
        import.partner_id,
        now,
        &EventData::LicenseActivated(data),
    )?;
    Ok(())
}
