//! The SV9100 CP10 → CP20 migration (SPEC §7), by the partner: a new CP20 location of the
//! same customer takes the CP10's activated licenses — on a new PO of origin `migration`
//! numbered `MIGSU_<yyyymmdd><unique>`, CP10-only parts mapped to their CP20 equivalents — and
//! its SWA assignments, and gets a license file. The CP10 location stays as a read-only
//! record pointing at the new one: its activated attachments become `migrated` (their PO
//! lines count them as `migrated`, a term of the line's invariant, so it holds on every line),
//! licenses attached but not activated go back to the bin.
//! One transaction, the CP10 location locked: of two concurrent migrations one wins.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{
    Change, LicenseDetached, LocationCreated, LocationMigrated, MigratedLicense, ShippedLine,
    Subject,
};
use lms_domain::hardware::{
    MigratedPart, MigrationError, check_migratable, migrate_parts, migrated_name,
    migration_order_number,
};
use lms_domain::ids::{ActivationId, LocationId, PartnerId, PurchaseOrderId};
use lms_domain::license::render::{FileContent, RenderError};
use lms_domain::license::{
    AttachmentState, FileKind, LicenseSigningKey, Stacked, StoredFileKind, stack,
};
use lms_domain::location::HwkcChangeReason;
use lms_domain::order::PoOrigin;
use lms_domain::{HardwareKeyCode, SystemType};

use super::{
    HistoryNote, Location, LocationError, LocationRow, get, hwkc_conflict, lock, record_history,
};
use crate::Scope;
use crate::audit::{self, Actor, Event};
use crate::convert::{naive, stored, utc};
use crate::db::{DbConnection, RetryableError, write_tx};
use crate::files::{self, StoredFile};
use crate::licenses::{
    Attachment, AttachmentRow, Holdings, LeaveAttached, leave_attached, to_attachment,
};
use crate::outbox;
use crate::schema::{
    activations, attachments, location_hwkc_history, locations, po_lines, purchase_orders,
    swa_assignments,
};
use lms_domain::webhook::EventData;
use lms_domain::webhook::events as webhook_events;

/// A migration done.
#[derive(Debug, Clone)]
pub struct Migrated {
    /// The CP10 location, now read-only and pointing at `to`.
    pub from: Location,
    /// The new CP20 location.
    pub to: Location,
    /// The PO and SO number of the migrated licenses.
    pub po_number: String,
    pub licenses: Vec<MigratedPart>,
    /// Licenses that were attached but not activated: back in the bin on their PO lines.
    pub detached: Vec<Attachment>,
    /// The CP20 location's license file.
    pub file: StoredFile,
}

/// A migration failed.
#[derive(Debug, thiserror::Error)]
pub enum MigrationFailed {
    /// Not visible, already migrated, vendor staff, or the CP20 key in use.
    #[error(transparent)]
    Location(#[from] LocationError),
    #[error(transparent)]
    Rule(#[from] MigrationError),
    #[error("nothing is activated on this location: there are no licenses to migrate")]
    NothingActivated,
    #[error("the licenses of this location changed while it migrated; try again")]
    Conflict,
    #[error(transparent)]
    Render(#[from] RenderError),
}

impl From<diesel::result::Error> for MigrationFailed {
    fn from(e: diesel::result::Error) -> Self {
        Self::Location(e.into())
    }
}

impl RetryableError for MigrationFailed {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::Location(LocationError::Db(e)) if e.is_retryable())
    }
}

/// Migrates the partner's SV9100 CP10 `location` to a new SV9100 CP20 location with the key
/// `new_hwkc` (valid for CP20). `unique` makes the `MIGSU_` number unique.
///
/// # Errors
/// [`MigrationFailed`]: location not visible or not a partner's caller, already migrated,
/// not CP10, nothing activated, a part with no CP20 equivalent, the key in use.
pub fn migrate(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    new_hwkc: &HardwareKeyCode,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
    unique: u32,
) -> Result<Migrated, MigrationFailed> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    write_tx(conn, |c| {
        let old = lock(c, actor.scope(), location)?;
        old.check_live()?;
        check_migratable(old.system_type)?;
        let holdings = Holdings::of(c, old.id)?;
        let activated: Vec<&AttachmentRow> = holdings
            .rows
            .iter()
            .map(|(r, _)| r)
            .filter(|r| r.is(AttachmentState::Activated))
            .collect();
        if activated.is_empty() {
            return Err(MigrationFailed::NothingActivated);
        }
        let parts = migrate_parts(
            activated
                .iter()
                .filter_map(|r| holdings.parts.get(&r.part_number).map(|p| (p, r.units()))),
        )?;
        let run = Migrating {
            actor,
            partner,
            old: &old,
            now,
            activation: ActivationId(uuid::Uuid::now_v7()),
        };
        let to = run.create_location(c, new_hwkc)?;
        let po_number = migration_order_number(now.date_naive(), unique);
        run.move_licenses(c, &to, &po_number, &activated, &parts)?;
        let detached = run.detach_attached(c, &holdings)?;
        run.retire(c, &to)?;
        let file = run.issue(c, &to, key)?;
        let done = Migrated {
            from: get(c, actor.scope(), old.id)?,
            to,
            po_number,
            licenses: parts,
            detached,
            file,
        };
        run.record(c, &done)?;
        Ok(done)
    })
}

/// One migration under way: what its steps share.
struct Migrating<'a> {
    actor: &'a Actor,
    partner: PartnerId,
    old: &'a Location,
    now: DateTime<Utc>,
    /// The activation the new location's licenses and file belong to.
    activation: ActivationId,
}

impl Migrating<'_> {
    /// The CP20 location: the CP10's customer, name (marked `(CP20)`), note and remaining demo
    /// licenses, with the new key; its history names the CP10 and its key.
    fn create_location(
        &self,
        c: &mut DbConnection,
        hwkc: &HardwareKeyCode,
    ) -> Result<Location, MigrationFailed> {
        let row = LocationRow {
            id: LocationId::new_random().to_string(),
            partner_id: self.partner.to_string(),
            customer_id: self.old.customer_id.to_string(),
            parent_id: None,
            name: migrated_name(&self.old.name),
            system_type: SystemType::Sv9100Cp20.code().to_owned(),
            hwkc: hwkc.as_str().to_owned(),
            secondary_hwkc: None,
            product_key: None,
            mac_address: None,
            ip_address: None,
            full_computer_name: None,
            domain_name: None,
            reference_note: self.old.reference_note.clone(),
            demo_licenses_remaining: self.old.demo_licenses_remaining,
            created_at: naive(self.now),
            updated_at: naive(self.now),
            retired_at: None,
            migrated_to: None,
        };
        diesel::insert_into(locations::table)
            .values(&row)
            .execute(c)
            .map_err(|e| hwkc_conflict(e, &row.hwkc))?;
        record_history(
            c,
            &row.id,
            &row.hwkc,
            HwkcChangeReason::Migrated,
            self.now,
            HistoryNote {
                previous_hwkc: Some(self.old.hwkc.as_str()),
                note: None,
                from_location: Some(self.old.id),
            },
        )?;
        Ok(Location::try_from(row)?)
    }

    /// Moves the activated licenses: each old attachment becomes `migrated` (its PO line
    /// counts it so), and the new location gets one activated attachment per CP20 part on the
    /// `MIGSU_` PO, dated from the earliest activation it stands for.
    fn move_licenses(
        &self,
        c: &mut DbConnection,
        to: &Location,
        po_number: &str,
        activated: &[&AttachmentRow],
        parts: &[MigratedPart],
    ) -> Result<(), MigrationFailed> {
        let mut rows = activated.to_vec();
        // A fixed lock order (PO line, then attachment), as activation keeps.
        rows.sort_by(|a, b| (&a.po_line_id, &a.id).cmp(&(&b.po_line_id, &b.id)));
        for row in &rows {
            self.retire_attachment(c, row)?;
        }
        let po = PurchaseOrderId::new_random();
        self.insert_po(c, po, po_number)?;
        let mut by_target: BTreeMap<String, (i32, NaiveDateTime, NaiveDateTime)> = BTreeMap::new();
        for part in parts {
            let since = rows
                .iter()
                .filter(|r| r.part_number == part.from.as_str())
                .map(|r| (r.attached_at, r.activated_at.unwrap_or(r.attached_at)))
                .fold(
                    None,
                    |acc: Option<(NaiveDateTime, NaiveDateTime)>, (a, b)| {
                        Some(acc.map_or((a, b), |(x, y)| (x.min(a), y.min(b))))
                    },
                )
                .unwrap_or((naive(self.now), naive(self.now)));
            let q = i32::try_from(part.quantity).unwrap_or(i32::MAX);
            let entry = by_target
                .entry(part.to.as_str().to_owned())
                .or_insert((0, since.0, since.1));
            *entry = (entry.0 + q, entry.1.min(since.0), entry.2.min(since.1));
        }
        for (part_number, (quantity, attached_at, activated_at)) in by_target {
            let line = uuid::Uuid::new_v4().to_string();
            diesel::insert_into(po_lines::table)
                .values((
                    po_lines::id.eq(&line),
                    po_lines::po_id.eq(po.to_string()),
                    po_lines::partner_id.eq(self.partner.to_string()),
                    po_lines::part_number.eq(&part_number),
                    po_lines::shipped.eq(quantity),
                    po_lines::available.eq(0),
                    po_lines::attached.eq(0),
                    po_lines::activated.eq(quantity),
                    po_lines::reshipped.eq(0),
                    po_lines::migrated.eq(0),
                ))
                .execute(c)?;
            let row = AttachmentRow {
                id: uuid::Uuid::new_v4().to_string(),
                partner_id: self.partner.to_string(),
                location_id: to.id.to_string(),
                po_line_id: line,
                part_number,
                quantity,
                state: AttachmentState::Activated.as_str().to_owned(),
                attached_at,
                activated_at: Some(activated_at),
                activation_id: Some(self.activation.to_string()),
            };
            diesel::insert_into(attachments::table)
                .values(&row)
                .execute(c)?;
        }
        Ok(())
    }

    /// One activated attachment of the old location becomes `migrated`, and its quantity moves
    /// from `activated` to `migrated` on its PO line; both guarded.
    fn retire_attachment(
        &self,
        c: &mut DbConnection,
        row: &AttachmentRow,
    ) -> Result<(), MigrationFailed> {
        let q = row.quantity;
        let flipped = diesel::update(
            attachments::table
                .find(&row.id)
                .filter(attachments::state.eq(AttachmentState::Activated.as_str())),
        )
        .set(attachments::state.eq(AttachmentState::Migrated.as_str()))
        .execute(c)?;
        let moved = diesel::update(
            po_lines::table
                .find(&row.po_line_id)
                .filter(po_lines::activated.ge(q)),
        )
        .set((
            po_lines::activated.eq(po_lines::activated - q),
            po_lines::migrated.eq(po_lines::migrated + q),
        ))
        .execute(c)?;
        if flipped != 1 || moved != 1 {
            return Err(MigrationFailed::Conflict);
        }
        Ok(())
    }

    fn insert_po(
        &self,
        c: &mut DbConnection,
        po: PurchaseOrderId,
        number: &str,
    ) -> QueryResult<()> {
        diesel::insert_into(purchase_orders::table)
            .values((
                purchase_orders::id.eq(po.to_string()),
                purchase_orders::partner_id.eq(self.partner.to_string()),
                purchase_orders::po_number.eq(number),
                purchase_orders::so_number.eq(number),
                purchase_orders::origin.eq(PoOrigin::Migration.as_str()),
                purchase_orders::shipped_at.eq(naive(self.now)),
            ))
            .execute(c)
            .map(drop)
    }

    /// Licenses attached but not activated on the old location go back to the bin, each with
    /// its audit event, as a detach does.
    fn detach_attached(
        &self,
        c: &mut DbConnection,
        holdings: &Holdings,
    ) -> Result<Vec<Attachment>, MigrationFailed> {
        let mut detached = Vec::new();
        for (row, po_number) in &holdings.rows {
            if !row.is(AttachmentState::Attached) {
                continue;
            }
            let taken = diesel::delete(
                attachments::table
                    .find(&row.id)
                    .filter(attachments::state.eq(AttachmentState::Attached.as_str()))
                    .filter(attachments::quantity.eq(row.quantity)),
            )
            .execute(c)?;
            if taken != 1
                || !leave_attached(c, &row.po_line_id, row.quantity, LeaveAttached::ToAvailable)?
            {
                return Err(MigrationFailed::Conflict);
            }
            let attachment = to_attachment(row.clone(), po_number.clone())?;
            audit::record(
                c,
                Event {
                    actor: self.actor,
                    owner: Some(self.partner),
                    subject: Subject::Location(self.old.id),
                    change: Change::LicenseDetached(LicenseDetached {
                        attachment_id: attachment.id,
                        location_id: self.old.id,
                        po_line_id: attachment.po_line_id,
                        part_number: attachment.part_number.clone(),
                        quantity: attachment.quantity,
                        attached_before: attachment.quantity,
                        attached_after: 0,
                    }),
                    at: self.now,
                },
            )?;
            detached.push(attachment);
        }
        Ok(detached)
    }

    /// The SWA assignments follow the licenses; the old location becomes a read-only record
    /// (retired, so its key may serve again) pointing at the new one.
    fn retire(&self, c: &mut DbConnection, to: &Location) -> QueryResult<()> {
        diesel::update(
            swa_assignments::table.filter(swa_assignments::location_id.eq(self.old.id.to_string())),
        )
        .set(swa_assignments::location_id.eq(to.id.to_string()))
        .execute(c)?;
        diesel::update(locations::table.find(self.old.id.to_string()))
            .set((
                locations::migrated_to.eq(to.id.to_string()),
                locations::retired_at.eq(naive(self.now)),
                locations::updated_at.eq(naive(self.now)),
            ))
            .execute(c)
            .map(drop)
    }

    /// The new location's license file and the activation it belongs to.
    fn issue(
        &self,
        c: &mut DbConnection,
        to: &Location,
        key: &LicenseSigningKey,
    ) -> Result<StoredFile, MigrationFailed> {
        let stacked = Holdings::of(c, to.id)?.stacked();
        let content = FileContent {
            features: &stacked,
            kind: FileKind::License,
            expires_at: None,
        };
        let rendered = files::render(to, None, &content, key, self.now)?;
        let file = files::insert(
            c,
            self.partner,
            to,
            StoredFileKind::License,
            rendered,
            self.now,
        )?;
        diesel::insert_into(activations::table)
            .values((
                activations::id.eq(self.activation.to_string()),
                activations::partner_id.eq(self.partner.to_string()),
                activations::location_id.eq(to.id.to_string()),
                activations::activation_code.eq(&file.activation_code),
                activations::license_file_id.eq(file.id.to_string()),
                activations::user_id.eq(self.actor.user_id.to_string()),
                activations::created_at.eq(naive(self.now)),
            ))
            .execute(c)?;
        Ok(file)
    }

    /// The new location's creation, the migration on both locations, the notification.
    fn record(&self, c: &mut DbConnection, done: &Migrated) -> QueryResult<()> {
        let to = &done.to;
        let event = |subject, change| Event {
            actor: self.actor,
            owner: Some(self.partner),
            subject: Subject::Location(subject),
            change,
            at: self.now,
        };
        audit::record(
            c,
            event(
                to.id,
                Change::LocationCreated(LocationCreated {
                    name: to.name.clone(),
                    system_type: to.system_type.code().to_owned(),
                    hwkc: to.hwkc.to_string(),
                    customer_id: to.customer_id,
                    parent_id: None,
                }),
            ),
        )?;
        let migrated = LocationMigrated {
            from_location_id: self.old.id,
            to_location_id: to.id,
            old_hwkc: self.old.hwkc.to_string(),
            new_hwkc: to.hwkc.to_string(),
            po_number: done.po_number.clone(),
            licenses: done
                .licenses
                .iter()
                .map(|m| MigratedLicense {
                    from_part_number: m.from.to_string(),
                    to_part_number: m.to.to_string(),
                    quantity: m.quantity,
                })
                .collect(),
            detached: done
                .detached
                .iter()
                .map(|a| ShippedLine {
                    part_number: a.part_number.clone(),
                    quantity: u32::try_from(a.quantity).unwrap_or(0),
                })
                .collect(),
            activation_code: done.file.activation_code.clone(),
        };
        for subject in [self.old.id, to.id] {
            audit::record(
                c,
                event(subject, Change::LocationMigrated(migrated.clone())),
            )?;
        }
        outbox::record_event(
            c,
            self.partner,
            self.now,
            &EventData::LocationMigrated(webhook_events::LocationMigratedData {
                from_location_id: self.old.id,
                to_location_id: to.id,
                customer_id: to.customer_id,
                old_hwkc: self.old.hwkc.to_string(),
                new_hwkc: to.hwkc.to_string(),
                po_number: done.po_number.clone(),
            }),
        )
        .map(|_| ())
    }
}

/// Where a migrated location's licenses came from: the CP10 location, its key, and its
/// licenses as they were activated there, read-only.
#[derive(Debug, Clone)]
pub struct MigrationOrigin {
    pub location: Location,
    pub migrated_at: DateTime<Utc>,
    pub licenses: Vec<Attachment>,
    pub stacked: Vec<Stacked>,
}

/// The origin of `location` if it was created by a migration.
///
/// # Errors
/// [`LocationError::NotFound`] when the location is not visible.
pub fn migrated_from(
    c: &mut DbConnection,
    scope: Scope,
    location: LocationId,
) -> Result<Option<MigrationOrigin>, LocationError> {
    get(c, scope, location)?;
    let origin: Option<(Option<String>, NaiveDateTime)> = location_hwkc_history::table
        .filter(location_hwkc_history::location_id.eq(location.to_string()))
        .filter(location_hwkc_history::reason.eq(HwkcChangeReason::Migrated.as_str()))
        .select((
            location_hwkc_history::from_location_id,
            location_hwkc_history::recorded_at,
        ))
        .first(c)
        .optional()?;
    let Some((Some(from), at)) = origin else {
        return Ok(None);
    };
    let from = get(c, scope, stored(&from)?)?;
    let holdings = Holdings::of(c, from.id)?;
    let rows: Vec<_> = holdings
        .rows
        .iter()
        .filter(|(r, _)| r.is(AttachmentState::Migrated))
        .collect();
    let parts: &HashMap<_, _> = &holdings.parts;
    let stacked = stack(
        rows.iter()
            .filter_map(|(r, _)| parts.get(&r.part_number).map(|p| (p, r.units()))),
    );
    let licenses = rows
        .into_iter()
        .map(|(r, po)| to_attachment(r.clone(), po.clone()))
        .collect::<QueryResult<Vec<_>>>()?;
    Ok(Some(MigrationOrigin {
        location: from,
        migrated_at: utc(at),
        licenses,
        stacked,
    }))
}
