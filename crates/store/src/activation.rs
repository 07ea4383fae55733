//! Activation — permanent — and the license file it produces, regeneration, the preview
//! before the irreversible step, and demo licenses. Each runs in one transaction: the
//! quantities move, the attachments change state, the file is stored and the audit event
//! written together, or nothing happens.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use lms_domain::audit::{
    ActivatedAttachment, Change, DemoLicenseIssued, ExternalLicenseFileUploaded, LicenseActivated,
    LicenseFileRegenerated, ServerHwkcDerived, Subject,
};
use lms_domain::derive::IpAddress;
use lms_domain::field::FieldError;
use lms_domain::ids::{ActivationId, AttachmentId, LocationId};
use lms_domain::license::{
    ActivationRuleError, AttachmentState, FileAvailability, FileKind, LicenseSigningKey, Stacked,
    StoredFileKind, check_activation, combine, produces_file, stack,
};
use lms_domain::packaging::{Packaging, VIRTUALIZATION_FEATURE, demo_features, packaging};

use crate::Scope;
use crate::audit::{self, Actor, Event};
use crate::convert::naive;
use crate::db::{DbConnection, RetryableError, write_tx};
use crate::files::{self, StoredFile};
use crate::licenses::{AttachmentRow, Holdings, LicenseError};
use crate::locations::{self, Location, LocationError};
use crate::parts;
use crate::schema::{activations, attachments, locations as locations_table, po_lines};

/// An activation failed.
#[derive(Debug, thiserror::Error)]
pub enum ActivationError {
    #[error(transparent)]
    License(#[from] LicenseError),
    #[error("{}", .0)]
    Rule(#[from] ActivationRuleError),
    #[error("nothing is activated on this location yet")]
    NothingActivated,
    #[error(
        "the license file of this external product is produced outside the LMS and is not available yet"
    )]
    FileNotAvailable,
    #[error("{0} locations have no demo licenses")]
    DemoNotOffered(String),
    #[error("this location has used both of its demo licenses")]
    DemoExhausted,
    #[error("{0} is not an external product: the LMS produces its license file")]
    NotExternal(String),
    #[error(
        "attach the SV9500 virtualization option to the temporary key first; it is activated on the real HWKC"
    )]
    VirtualizationOptionRequired,
}

impl From<LocationError> for ActivationError {
    fn from(e: LocationError) -> Self {
        Self::License(e.into())
    }
}

impl From<diesel::result::Error> for ActivationError {
    fn from(e: diesel::result::Error) -> Self {
        Self::License(e.into())
    }
}

impl RetryableError for ActivationError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::License(e) if e.is_retryable())
    }
}

/// What an activation produced.
#[derive(Debug, Clone)]
pub struct Activation {
    pub id: ActivationId,
    /// `None` for external products, whose file arrives later.
    pub activation_code: Option<String>,
    pub file: Option<StoredFile>,
    pub stacked: Vec<Stacked>,
}

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
fn activate_in(
    c: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    ids: &[AttachmentId],
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> Result<Activation, ActivationError> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    let location = locations::lock(c, scope, location)?;
    let Plan {
        before,
        after,
        mut chosen,
    } = plan(c, &location, ids)?;
    check_activation(location.system_type, &before, &after)?;
    let activation_id = ActivationId(uuid::Uuid::now_v7());
    // Fixed lock order (PO line, then attachment) keeps concurrent activations apart.
    chosen.sort_by(|a, b| (&a.po_line_id, &a.id).cmp(&(&b.po_line_id, &b.id)));
    for row in &chosen {
        let q = row.quantity;
        let flipped = diesel::update(
            attachments::table
                .find(&row.id)
                .filter(attachments::state.eq(AttachmentState::Attached.as_str()))
                .filter(attachments::quantity.eq(q)),
        )
        .set((
            attachments::state.eq(AttachmentState::Activated.as_str()),
            attachments::activated_at.eq(naive(now)),
            attachments::activation_id.eq(activation_id.to_string()),
        ))
        .execute(c)?;
        let moved = diesel::update(
            po_lines::table
                .find(&row.po_line_id)
                .filter(po_lines::attached.ge(q)),
        )
        .set((
            po_lines::attached.eq(po_lines::attached - q),
            po_lines::activated.eq(po_lines::activated + q),
        ))
        .execute(c)?;
        if flipped != 1 || moved != 1 {
            return Err(LicenseError::Conflict(row.id()?).into());
        }
    }
    let file = if produces_file(location.system_type).generated_by_lms() {
        let secondary = files::secondary_hwkc(c, scope, &location)?;
        let rendered = files::render(
            &location,
            secondary.as_deref(),
            &after,
            FileKind::License,
            None,
            key,
            now,
        );
        Some(files::insert(
            c,
            partner,
            location.id,
            StoredFileKind::License,
            rendered,
            now,
        )?)
    } else {
        None
    };
    let activation_code = file.as_ref().and_then(|f| f.activation_code.clone());
    diesel::insert_into(activations::table)
        .values((
            activations::id.eq(activation_id.to_string()),
            activations::partner_id.eq(partner.to_string()),
            activations::location_id.eq(location.id.to_string()),
            activations::activation_code.eq(&activation_code),
            activations::license_file_id.eq(file.as_ref().map(|f| f.id.to_string())),
            activations::user_id.eq(actor.user_id.to_string()),
            activations::created_at.eq(naive(now)),
        ))
        .execute(c)?;
    let attachments = chosen
        .iter()
        .map(|r| {
            Ok(ActivatedAttachment {
                attachment_id: r.id()?,
                po_line_id: crate::convert::stored(&r.po_line_id)?,
                part_number: r.part_number.clone(),
                quantity: r.quantity,
            })
        })
        .collect::<QueryResult<_>>()?;
    audit::record(
        c,
        Event {
            actor,
            owner: Some(partner),
            subject: Subject::Location(location.id),
            change: Change::LicenseActivated(LicenseActivated {
                location_id: location.id,
                activation_code: activation_code.clone(),
                attachments,
            }),
            at: now,
        },
    )?;
    Ok(Activation {
        id: activation_id,
        activation_code,
        file,
        stacked: after,
    })
}

/// What activating some attachments would do.
struct Plan {
    /// Stacked licenses now.
    before: Vec<Stacked>,
    /// Stacked licenses after the activation.
    after: Vec<Stacked>,
    /// The attachments to activate.
    chosen: Vec<AttachmentRow>,
}

/// The stacked licenses before and after activating `ids`, and the attachments chosen.
fn plan(
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

/// What the file would hold after activating `ids`: nothing changes.
#[derive(Debug, Clone)]
pub struct Preview {
    pub file_name: String,
    pub location: Location,
    pub before: Vec<Stacked>,
    pub after: Vec<Stacked>,
    pub rule_violation: Option<ActivationRuleError>,
}

/// Previews the file an activation of `ids` would produce, and whether the product rules
/// would allow it.
///
/// # Errors
/// [`ActivationError`] for attachments not on the location or already activated.
pub fn preview(
    conn: &mut DbConnection,
    scope: Scope,
    location: LocationId,
    ids: &[AttachmentId],
) -> Result<Preview, ActivationError> {
    let location = locations::get(conn, scope, location)?;
    let Plan { before, after, .. } = plan(conn, &location, ids)?;
    let rule_violation = check_activation(location.system_type, &before, &after).err();
    let file_name = match packaging(location.system_type, location.hwkc.as_str(), None) {
        Packaging::Plain { file_name } | Packaging::Zip { file_name, .. } => file_name,
    };
    Ok(Preview {
        file_name,
        location,
        before,
        after,
        rule_violation,
    })
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
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    write_tx(conn, |c| {
        let location = locations::lock(c, scope, location)?;
        if !produces_file(location.system_type).generated_by_lms() {
            return Err(ActivationError::FileNotAvailable);
        }
        let stacked = Holdings::of(c, location.id)?.stacked();
        if stacked.is_empty() {
            return Err(ActivationError::NothingActivated);
        }
        let secondary = files::secondary_hwkc(c, scope, &location)?;
        let rendered = files::render(
            &location,
            secondary.as_deref(),
            &stacked,
            FileKind::License,
            None,
            key,
            now,
        );
        let file = files::insert(
            c,
            partner,
            location.id,
            StoredFileKind::License,
            rendered,
            now,
        )?;
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
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    write_tx(conn, |c| {
        let location = locations::lock(c, scope, location)?;
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
        let rendered = files::render(
            &location,
            None,
            &features,
            FileKind::Demo,
            Some(expires),
            key,
            now,
        );
        let file = files::insert(c, partner, location.id, StoredFileKind::Demo, rendered, now)?;
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
            location.id,
            StoredFileKind::External,
            file,
            now,
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

/// SV9500 standard server (SPEC §4): with the virtualization option attached to the
/// temporary key, the server's IP address yields the real HWKC, and the option is activated
/// on it, in one transaction.
///
/// # Errors
/// [`ActivationError::VirtualizationOptionRequired`] when the option is not attached, a
/// bad IP address, not a standard server, or the HWKC already derived.
pub fn derive_server_hwkc(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    ip_address: &str,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> Result<(Location, Activation), ActivationError> {
    actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let ip = IpAddress::parse(ip_address)
        .map_err(|e| LicenseError::Invalid(FieldError::new("ip_address", e.to_string())))?;
    let scope = actor.scope();
    write_tx(conn, |c| {
        let current = locations::lock(c, scope, location)?;
        let Holdings { rows, parts } = Holdings::of(c, location)?;
        let options: Vec<AttachmentId> = rows
            .iter()
            .filter(|(r, _)| r.is(AttachmentState::Attached))
            .filter(|(r, _)| {
                parts
                    .get(&r.part_number)
                    .is_some_and(|p| p.feature == VIRTUALIZATION_FEATURE)
            })
            .map(|(r, _)| r.id())
            .collect::<QueryResult<_>>()?;
        let hwkc = locations::apply_server_hwkc(c, actor, &current, &ip, now)?;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(current.partner_id),
                subject: Subject::Location(location),
                change: Change::ServerHwkcDerived(ServerHwkcDerived {
                    temp_key: current.hwkc.to_string(),
                    hwkc: hwkc.to_string(),
                    ip_address: ip.to_string(),
                }),
                at: now,
            },
        )?;
        if options.is_empty() {
            return Err(ActivationError::VirtualizationOptionRequired);
        }
        let activation = activate_in(c, actor, location, &options, key, now)?;
        Ok((locations::get(c, scope, location)?, activation))
    })
}
