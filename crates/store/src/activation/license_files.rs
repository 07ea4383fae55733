//! A location's license files besides the one activation issues: regenerating it, the
//! download, time-limited demo files and the uploaded file of an external product.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use lms_domain::audit::{
    Change, DemoLicenseIssued, ExternalLicenseFileUploaded, LicenseFileRegenerated, Subject,
};
use lms_domain::ids::{LocationId, PartnerId};
use lms_domain::license::render::FileContent;
use lms_domain::license::{
    FileAvailability, FileKind, LicenseSigningKey, StoredFileKind, produces_file,
};
use lms_domain::packaging::{demo_features, product_key_at_activation};

use super::ActivationError;
use crate::Scope;
use crate::audit::{self, Actor, Event};
use crate::db::{DbConnection, write_tx};
use crate::files::{self, StoredFile};
use crate::licenses::Holdings;
use crate::locations::{self, Location};
use crate::parts;
use crate::schema::locations as locations_table;
use crate::{outbox, webhooks};
use lms_domain::webhook::EventData;
use lms_domain::webhook::events::ExternalFileAvailableData;

/// Renders the location's license file (with its redundant secondary's, for a BX/OVOC
/// primary) and stores it as the location's next revision.
pub(crate) fn issue_license(
    c: &mut DbConnection,
    scope: Scope,
    partner: PartnerId,
    location: &Location,
    content: &FileContent<'_>,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> Result<StoredFile, ActivationError> {
    let mut location = location.clone();
    let mut secondary = files::secondary(c, scope, &location)?;
    for l in std::iter::once(&mut location).chain(secondary.as_mut()) {
        give_product_key(c, l)?;
    }
    let rendered = files::render(&location, secondary.as_ref(), content, key, now)?;
    Ok(files::insert(
        c,
        partner,
        &location,
        StoredFileKind::License,
        rendered,
        now,
    )?)
}

/// SPEC §4: BX9000/OVOC software gets its product key at its first license file; it names
/// the file from then on (hardware has had its delivery serial since creation).
fn give_product_key(c: &mut DbConnection, location: &mut Location) -> QueryResult<()> {
    let Some(product_key) = product_key_at_activation(
        location.system_type,
        location.id,
        location.product_key.as_deref(),
    ) else {
        return Ok(());
    };
    if location.product_key.is_none() {
        diesel::update(
            locations_table::table
                .find(location.id.to_string())
                .filter(locations_table::product_key.is_null()),
        )
        .set(locations_table::product_key.eq(&product_key))
        .execute(c)?;
        location.product_key = Some(product_key);
    }
    Ok(())
}

/// Produces the location's file again from everything activated so far.
///
/// # Errors
/// [`ActivationError::NothingActivated`], or [`ActivationError::FileNotAvailable`] for
/// external products.
pub fn regenerate(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> Result<StoredFile, ActivationError> {
    let scope = actor.scope();
    locations::write_locked(conn, actor, location, |c, partner, location| {
        if !produces_file(location.system_type).generated_by_lms() {
            return Err(ActivationError::FileNotAvailable);
        }
        let stacked = Holdings::of(c, location.id)?.stacked();
        if stacked.is_empty() {
            return Err(ActivationError::NothingActivated);
        }
        let content = FileContent {
            features: &stacked,
            kind: FileKind::License,
            expires_at: None,
        };
        let file = issue_license(c, scope, partner, &location, &content, key, now)?;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(partner),
                subject: Subject::Location(location.id),
                change: Change::LicenseFileRegenerated(LicenseFileRegenerated {
                    location_id: location.id,
                    file_id: file.id,
                    activation_code: file.activation_code.clone(),
                }),
                at: now,
            },
        )?;
        Ok(file)
    })
}

/// The newest license file of a location.
///
/// # Errors
/// [`ActivationError::FileNotAvailable`] for an external product whose file has not
/// arrived, [`ActivationError::NothingActivated`] otherwise when there is none.
pub fn download(
    conn: &mut DbConnection,
    scope: Scope,
    location: LocationId,
) -> Result<StoredFile, ActivationError> {
    let found = files::latest(conn, scope, location)?;
    match found {
        Some(file) => Ok(file),
        None => {
            let location = locations::get(conn, scope, location)?;
            if produces_file(location.system_type).generated_by_lms() {
                Err(ActivationError::NothingActivated)
            } else {
                Err(ActivationError::FileNotAvailable)
            }
        }
    }
}

/// Demo files last this long (SPEC §13: 30 days).
pub const DEMO_DAYS: i64 = 30;

/// Issues a time-limited demo file opening every feature, using one of the location's
/// demo licenses.
///
/// # Errors
/// [`ActivationError::DemoNotOffered`] for types without demos,
/// [`ActivationError::DemoExhausted`] when none is left.
pub fn demo(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> Result<(StoredFile, i32), ActivationError> {
    locations::write_locked(conn, actor, location, |c, partner, location| {
        if !location.system_type.demo_licenses() {
            return Err(ActivationError::DemoNotOffered(
                location.system_type.name().to_owned(),
            ));
        }
        let used = diesel::update(
            locations_table::table
                .find(location.id.to_string())
                .filter(locations_table::demo_licenses_remaining.gt(0)),
        )
        .set(
            locations_table::demo_licenses_remaining
                .eq(locations_table::demo_licenses_remaining - 1),
        )
        .execute(c)?;
        if used != 1 {
            return Err(ActivationError::DemoExhausted);
        }
        let features = demo_features(&parts::list(c, Some(location.system_type))?);
        let expires = now + Duration::days(DEMO_DAYS);
        let content = FileContent {
            features: &features,
            kind: FileKind::Demo,
            expires_at: Some(expires),
        };
        let rendered = files::render(&location, None, &content, key, now)?;
        let file = files::insert(c, partner, &location, StoredFileKind::Demo, rendered, now)?;
        let remaining = location.demo_licenses_remaining - 1;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(partner),
                subject: Subject::Location(location.id),
                change: Change::DemoLicenseIssued(DemoLicenseIssued {
                    location_id: location.id,
                    file_id: file.id,
                    remaining_after: remaining,
                }),
                at: now,
            },
        )?;
        Ok((file, remaining))
    })
}

/// Stores the license file of an external product, produced outside the LMS, against the
/// location's activated licenses; from now on it is the location's download.
///
/// # Errors
/// [`ActivationError::NotExternal`] for LMS products, [`ActivationError::NothingActivated`]
/// when nothing is activated yet.
pub fn upload_external(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    file_name: &str,
    content: Vec<u8>,
    now: DateTime<Utc>,
) -> Result<StoredFile, ActivationError> {
    write_tx(conn, |c| {
        let location = locations::lock(c, actor.scope(), location)?;
        if produces_file(location.system_type) != FileAvailability::External {
            return Err(ActivationError::NotExternal(
                location.system_type.name().to_owned(),
            ));
        }
        if Holdings::of(c, location.id)?.stacked().is_empty() {
            return Err(ActivationError::NothingActivated);
        }
        let file = files::RenderedFile {
            file_name: file_name.to_owned(),
            content_type: "application/octet-stream".to_owned(),
            content: content.clone(),
            key_id: None,
            activation_code: None,
        };
        let stored = files::insert(
            c,
            location.partner_id,
            &location,
            StoredFileKind::External,
            file,
            now,
        )?;
        let data = ExternalFileAvailableData {
            location: webhooks::location_ref(c, &location)?,
            file_name: stored.file_name.clone(),
        };
        outbox::record_event(
            c,
            location.partner_id,
            now,
            &EventData::ExternalFileAvailable(data),
        )?;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(location.partner_id),
                subject: Subject::Location(location.id),
                change: Change::ExternalLicenseFileUploaded(ExternalLicenseFileUploaded {
                    location_id: location.id,
                    file_id: stored.id,
                    file_name: file_name.to_owned(),
                    bytes: content.len() as u64,
                }),
                at: now,
            },
        )?;
        Ok(stored)
    })
}
