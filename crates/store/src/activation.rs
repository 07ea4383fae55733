//! Activation — permanent — and the license file it produces, regeneration, the preview
//! before the irreversible step, and demo licenses. Each runs in one transaction: the
//! quantities move, the attachments change state, the file is stored and the audit event
//! written together, or nothing happens.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use lms_domain::derive::IpAddress;
use lms_domain::field::FieldError;
use lms_domain::ids::{LocationId, PartnerId};
use lms_domain::license::render::{FileContent, RenderError};
use lms_domain::license::{
    ActivationRuleError, FileAvailability, FileKind, LicenseSigningKey, Stacked, check_activation,
    combine, produces_file, stack,
};
use lms_domain::packaging::{
    Packaging, VirtualizationOptionRequired, demo_features, options_for_real_key, packaging,
};
use serde_json::json;

use crate::Scope;
use crate::audit::{self, Actor};
use crate::convert::{naive, stored};
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
    #[error(transparent)]
    VirtualizationOptionRequired(#[from] VirtualizationOptionRequired),
    /// The license file could not be rendered.
    #[error(transparent)]
    Render(#[from] RenderError),
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
    pub id: uuid::Uuid,
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
    attachment_ids: &[uuid::Uuid],
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
    ids: &[uuid::Uuid],
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
    let activation_id = uuid::Uuid::now_v7();
    // Fixed lock order (PO line, then attachment) keeps concurrent activations apart.
    chosen.sort_by(|a, b| (&a.po_line_id, &a.id).cmp(&(&b.po_line_id, &b.id)));
    for row in &chosen {
        activate_row(c, row, activation_id, now)?;
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
    let details = json!({
        "location_id": location.id,
        "activation_code": activation_code,
        "attachments": chosen.iter().map(|r| json!({
            "attachment_id": r.id, "po_line_id": r.po_line_id, "part_number": r.part_number, "quantity": r.quantity,
        })).collect::<Vec<_>>(),
    });
    audit::record(
        c,
        actor,
        Some(partner),
        "license.activated",
        ("location", &location.id.to_string()),
        details,
        now,
    )?;
    Ok(Activation {
        id: activation_id,
        activation_code,
        file,
        stacked: after,
    })
}

/// Activates one attachment: its state flips and its quantity moves from attached to
/// activated on its PO line, both guarded so a concurrent change makes this miss.
fn activate_row(
    c: &mut DbConnection,
    row: &AttachmentRow,
    activation_id: uuid::Uuid,
    now: DateTime<Utc>,
) -> Result<(), ActivationError> {
    let q = row.quantity;
    let flipped = diesel::update(
        attachments::table
            .find(&row.id)
            .filter(attachments::state.eq("attached"))
            .filter(attachments::quantity.eq(q)),
    )
    .set((
        attachments::state.eq("activated"),
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
        return Err(LicenseError::Conflict(stored(&row.id)).into());
    }
    Ok(())
}

/// Renders the location's license file (with its redundant secondary's, for a BX/OVOC
/// primary) and stores it as the location's next revision.
fn issue_license(
    c: &mut DbConnection,
    scope: Scope,
    partner: PartnerId,
    location: &Location,
    content: &FileContent<'_>,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> Result<StoredFile, ActivationError> {
    let secondary = files::secondary_hwkc(c, scope, location)?;
    let rendered = files::render(location, secondary.as_deref(), content, key, now)?;
    Ok(files::insert(
        c,
        partner,
        location.id,
        "license",
        rendered,
        now,
    )?)
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
    ids: &[uuid::Uuid],
) -> Result<Plan, ActivationError> {
    let holdings = Holdings::of(c, location.id)?;
    let mut chosen = Vec::with_capacity(ids.len());
    for id in ids {
        let (row, _) = holdings
            .rows
            .iter()
            .find(|(r, _)| r.id == id.to_string())
            .ok_or(LicenseError::UnknownAttachment(*id))?;
        if row.state != "attached" {
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
    ids: &[uuid::Uuid],
) -> Result<Preview, ActivationError> {
    let location = locations::get(conn, scope, location)?;
    let Plan { before, after, .. } = plan(conn, &location, ids)?;
    let rule_violation = check_activation(location.system_type, &before, &after).err();
    let file_name = match packaging(location.system_type, &location.hwkc, None) {
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
        let content = FileContent {
            features: &stacked,
            kind: FileKind::License,
            expires_at: None,
        };
        let file = issue_license(c, scope, partner, &location, &content, key, now)?;
        let details = json!({"location_id": location.id, "file_id": file.id, "activation_code": file.activation_code});
        audit::record(
            c,
            actor,
            Some(partner),
            "license_file.regenerated",
            ("location", &location.id.to_string()),
            details,
            now,
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
        let content = FileContent {
            features: &features,
            kind: FileKind::Demo,
            expires_at: Some(expires),
        };
        let rendered = files::render(&location, None, &content, key, now)?;
        let file = files::insert(c, partner, location.id, "demo", rendered, now)?;
        let remaining = location.demo_licenses_remaining - 1;
        let details =
            json!({"location_id": location.id, "file_id": file.id, "remaining_after": remaining});
        audit::record(
            c,
            actor,
            Some(partner),
            "demo_license.issued",
            ("location", &location.id.to_string()),
            details,
            now,
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
        let stored = files::insert(c, location.partner_id, location.id, "external", file, now)?;
        let details = json!({"location_id": location.id, "file_id": stored.id, "file_name": file_name, "bytes": content.len()});
        audit::record(
            c,
            actor,
            Some(location.partner_id),
            "external_license_file.uploaded",
            ("location", &location.id.to_string()),
            details,
            now,
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
        let attached = rows
            .iter()
            .filter(|(r, _)| r.state == "attached")
            .filter_map(|(r, _)| {
                parts
                    .get(&r.part_number)
                    .map(|p| (&r.id, p.feature.as_str()))
            });
        // Refused only once the key is known to be derivable, so that error comes first.
        let options = options_for_real_key(attached);
        let hwkc = locations::apply_server_hwkc(c, actor, &current, &ip, now)?;
        let details =
            json!({"temp_key": current.hwkc, "hwkc": hwkc.as_str(), "ip_address": ip.to_string()});
        audit::record(
            c,
            actor,
            Some(current.partner_id),
            "location.server_hwkc_derived",
            ("location", &location.to_string()),
            details,
            now,
        )?;
        let options: Vec<uuid::Uuid> = options?.into_iter().map(|id| stored(id)).collect();
        let activation = activate_in(c, actor, location, &options, key, now)?;
        Ok((locations::get(c, scope, location)?, activation))
    })
}
