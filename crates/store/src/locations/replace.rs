//! Hardware replacement (SPEC §7): a vendor admin gives a location a new HWKC. Its licenses and
//! SWA stay with it (they are the location's, not the key's), its license file is produced
//! again for the new key — a file made for the old key is never served again — child keys
//! derived from it follow, and the history records the key replaced and why. One transaction,
//! the location locked; a dry run plans the same and writes nothing.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, HardwareReplaced, LicenseFileRegenerated, Subject};
use lms_domain::hardware::{
    ReplacementError, ReplacementReason, ReplacementTarget, followed_key, replacement_key,
};
use lms_domain::ids::LocationId;
use lms_domain::license::render::FileContent;
use lms_domain::license::{AttachmentState, FileKind, LicenseSigningKey, Stacked, produces_file};
use lms_domain::location::HwkcChangeReason;
use lms_domain::{HardwareKeyCode, SystemType};

use super::{
    HistoryNote, Location, LocationError, children, get, hwkc_conflict, hwkc_in_use, lock,
    record_history,
};
use crate::Scope;
use crate::activation::ActivationError;
use crate::activation::license_files::issue_license;
use crate::audit::{self, Actor, Event};
use crate::convert::naive;
use crate::db::{DbConnection, RetryableError, write_tx};
use crate::files::StoredFile;
use crate::licenses::{Attachment, Holdings, to_attachment};
use crate::outbox;
use crate::schema::locations;
use lms_domain::webhook::EventData;
use lms_domain::webhook::events as webhook_events;

/// What the vendor admin asks.
#[derive(Debug, Clone)]
pub struct ReplacementRequest {
    /// The new key as typed; checked for the location's type here.
    pub new_hwkc: String,
    pub reason: ReplacementReason,
    /// Plan only: answer what would change, change nothing.
    pub dry_run: bool,
}

/// A child location whose key follows its parent's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowingChild {
    pub id: LocationId,
    pub name: String,
    pub system_type: SystemType,
    pub old_hwkc: HardwareKeyCode,
    pub new_hwkc: HardwareKeyCode,
}

/// A replacement done (or, for a dry run, planned).
#[derive(Debug, Clone)]
pub struct Replacement {
    /// The location after the replacement (as it is, for a dry run).
    pub location: Location,
    pub old_hwkc: HardwareKeyCode,
    pub new_hwkc: HardwareKeyCode,
    /// Children whose keys follow.
    pub children: Vec<FollowingChild>,
    /// The activated licenses, which stay with the location.
    pub licenses: Vec<Attachment>,
    pub stacked: Vec<Stacked>,
    /// The file produced for the new key; `None` for a dry run, when nothing is activated, or
    /// for an external product (its new file comes from outside the LMS).
    pub file: Option<StoredFile>,
    pub dry_run: bool,
}

/// A replacement failed.
#[derive(Debug, thiserror::Error)]
pub enum ReplacementFailed {
    /// Not found, migrated, or the new key (or a following child's) in use.
    #[error(transparent)]
    Location(#[from] LocationError),
    #[error(transparent)]
    Rule(#[from] ReplacementError),
    /// The new file could not be made.
    #[error(transparent)]
    File(#[from] ActivationError),
}

impl From<diesel::result::Error> for ReplacementFailed {
    fn from(e: diesel::result::Error) -> Self {
        Self::Location(e.into())
    }
}

impl RetryableError for ReplacementFailed {
    fn is_retryable(&self) -> bool {
        match self {
            Self::Location(LocationError::Db(e)) => e.is_retryable(),
            Self::File(e) => e.is_retryable(),
            _ => false,
        }
    }
}

/// Replaces the hardware of `location` (vendor staff: the actor's scope is everyone's).
///
/// # Errors
/// [`ReplacementFailed`]: the location not visible or migrated, a key the LMS makes (not
/// replaceable), a new key malformed, of another type, unchanged or in use.
pub fn replace(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    request: &ReplacementRequest,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> Result<Replacement, ReplacementFailed> {
    let scope = actor.scope();
    write_tx(conn, |c| {
        let current = lock(c, scope, location)?;
        current.check_live()?;
        let plan = plan(c, scope, &current, &request.new_hwkc)?;
        let holdings = Holdings::of(c, current.id)?;
        let stacked = holdings.stacked();
        let licenses = holdings
            .rows
            .into_iter()
            .filter(|(r, _)| r.is(AttachmentState::Activated))
            .map(|(r, po)| to_attachment(r, po))
            .collect::<QueryResult<Vec<_>>>()?;
        let (location, file) = if request.dry_run {
            (current.clone(), None)
        } else {
            apply(c, actor, &current, &plan, request.reason.as_str(), key, now)?
        };
        Ok(Replacement {
            location,
            old_hwkc: current.hwkc.clone(),
            new_hwkc: plan.new_hwkc,
            children: plan.children,
            licenses,
            stacked,
            file,
            dry_run: request.dry_run,
        })
    })
}

/// The new keys: the location's and its following children's, each checked unused.
struct Plan {
    new_hwkc: HardwareKeyCode,
    children: Vec<FollowingChild>,
}

fn plan(
    c: &mut DbConnection,
    scope: Scope,
    current: &Location,
    raw: &str,
) -> Result<Plan, ReplacementFailed> {
    let parent = current.parent_id.map(|p| get(c, scope, p)).transpose()?;
    let target = ReplacementTarget {
        system_type: current.system_type,
        hwkc: &current.hwkc,
        dongle_less: current.full_computer_name.is_some(),
        parent: parent.as_ref().map(|p| (p.system_type, &p.hwkc)),
    };
    let new_hwkc = replacement_key(target, raw)?;
    unused(c, &new_hwkc)?;
    let mut following = Vec::new();
    for child in children(c, scope, current.id)? {
        let followed = followed_key(
            current.system_type,
            &current.hwkc,
            &new_hwkc,
            child.system_type,
            &child.hwkc,
        );
        if let Some(new) = followed {
            unused(c, &new)?;
            following.push(FollowingChild {
                id: child.id,
                name: child.name,
                system_type: child.system_type,
                old_hwkc: child.hwkc,
                new_hwkc: new,
            });
        }
    }
    Ok(Plan {
        new_hwkc,
        children: following,
    })
}

/// Refuses a key a live location has; the unique index stays the real guard.
fn unused(c: &mut DbConnection, hwkc: &HardwareKeyCode) -> Result<(), LocationError> {
    if hwkc_in_use(c, hwkc.as_str())? {
        return Err(LocationError::HwkcInUse(hwkc.to_string()));
    }
    Ok(())
}

/// Writes the plan: the location's key, its following children's, and every file that names
/// a changed key. Answers the location as changed and its new file.
fn apply(
    c: &mut DbConnection,
    actor: &Actor,
    current: &Location,
    plan: &Plan,
    reason: &str,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> Result<(Location, Option<StoredFile>), ReplacementFailed> {
    let rekeying = Rekeying {
        actor,
        reason,
        key,
        now,
    };
    let (location, file) = rekeying.rekey(c, current, &plan.new_hwkc, None)?;
    for child in &plan.children {
        let locked = lock(c, Scope::Vendor, child.id)?;
        rekeying.rekey(c, &locked, &child.new_hwkc, Some(current.id))?;
    }
    // A BX/OVOC primary's zip holds its redundant secondary's license too.
    if let Some(parent) = location.parent_id
        && location.system_type == SystemType::BxOvoc
    {
        let primary = lock(c, Scope::Vendor, parent)?;
        rekeying.reissue_primary(c, &primary)?;
    }
    Ok((location, file))
}

/// One replacement's writes: who, why, the signing key, when.
struct Rekeying<'a> {
    actor: &'a Actor,
    reason: &'a str,
    key: &'a LicenseSigningKey,
    now: DateTime<Utc>,
}

impl Rekeying<'_> {
    /// Gives `location` the key `new`: history, a new file when it has one, the audit event
    /// and the partner's notification. `follows` is the parent a child follows.
    fn rekey(
        &self,
        c: &mut DbConnection,
        location: &Location,
        new: &HardwareKeyCode,
        follows: Option<LocationId>,
    ) -> Result<(Location, Option<StoredFile>), ReplacementFailed> {
        diesel::update(locations::table.find(location.id.to_string()))
            .set((
                locations::hwkc.eq(new.as_str()),
                locations::updated_at.eq(naive(self.now)),
            ))
            .execute(c)
            .map_err(|e| hwkc_conflict(e, new.as_str()))?;
        record_history(
            c,
            &location.id.to_string(),
            new.as_str(),
            HwkcChangeReason::HardwareReplaced,
            self.now,
            HistoryNote {
                previous_hwkc: Some(location.hwkc.as_str()),
                note: Some(self.reason),
                from_location: None,
            },
        )?;
        let changed = Location {
            hwkc: new.clone(),
            updated_at: crate::convert::utc(naive(self.now)),
            ..location.clone()
        };
        let file = self.reissue(c, &changed)?;
        self.record(c, location, new, follows, file.as_ref())?;
        Ok((changed, file))
    }

    /// The location's file made again for its (new) key, when the LMS makes its file and
    /// something is activated.
    fn reissue(
        &self,
        c: &mut DbConnection,
        location: &Location,
    ) -> Result<Option<StoredFile>, ReplacementFailed> {
        if !produces_file(location.system_type).generated_by_lms() {
            return Ok(None);
        }
        let stacked = Holdings::of(c, location.id)?.stacked();
        if stacked.is_empty() {
            return Ok(None);
        }
        let content = FileContent {
            features: &stacked,
            kind: FileKind::License,
            expires_at: None,
        };
        let stored = issue_license(
            c,
            Scope::Vendor,
            location.partner_id,
            location,
            &content,
            self.key,
            self.now,
        )?;
        Ok(Some(stored))
    }

    /// A BX/OVOC primary's zip again, now naming its secondary's new key.
    fn reissue_primary(
        &self,
        c: &mut DbConnection,
        primary: &Location,
    ) -> Result<(), ReplacementFailed> {
        if let Some(file) = self.reissue(c, primary)? {
            audit::record(
                c,
                Event {
                    actor: self.actor,
                    owner: Some(primary.partner_id),
                    subject: Subject::Location(primary.id),
                    change: Change::LicenseFileRegenerated(LicenseFileRegenerated {
                        location_id: primary.id,
                        file_id: file.id,
                        activation_code: file.activation_code,
                    }),
                    at: self.now,
                },
            )?;
        }
        Ok(())
    }

    /// The audit event and the partner's notification of one changed key.
    fn record(
        &self,
        c: &mut DbConnection,
        location: &Location,
        new: &HardwareKeyCode,
        follows: Option<LocationId>,
        file: Option<&StoredFile>,
    ) -> QueryResult<()> {
        audit::record(
            c,
            Event {
                actor: self.actor,
                owner: Some(location.partner_id),
                subject: Subject::Location(location.id),
                change: Change::HardwareReplaced(HardwareReplaced {
                    location_id: location.id,
                    old_hwkc: location.hwkc.to_string(),
                    new_hwkc: new.to_string(),
                    reason: self.reason.to_owned(),
                    follows_parent: follows,
                    activation_code: file.and_then(|f| f.activation_code.clone()),
                }),
                at: self.now,
            },
        )?;
        outbox::record_event(
            c,
            location.partner_id,
            self.now,
            &EventData::HardwareReplaced(webhook_events::HardwareReplacedData {
                location_id: location.id,
                customer_id: location.customer_id,
                old_hwkc: location.hwkc.to_string(),
                new_hwkc: new.to_string(),
                reason: self.reason.to_owned(),
                follows_parent: follows,
            }),
        )
        .map(|_| ())
    }
}
