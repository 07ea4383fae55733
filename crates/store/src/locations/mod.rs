//! Customer locations: the stored location, reading and locking one, lists, and the HWKC
//! history; creation, search, edits and the server HWKC live in their own modules. Every
//! query is scoped to the caller's partner.

mod batch;
mod create;
mod migrate;
mod replace;
mod search;
mod server_hwkc;
mod update;

pub use batch::{BatchError, Outcomes, create_batch};
pub use create::{Created, create, create_child};
pub use migrate::{Migrated, MigrationFailed, MigrationOrigin, migrate, migrated_from};
pub use replace::{FollowingChild, Replacement, ReplacementFailed, ReplacementRequest, replace};
pub(crate) use search::like_pattern;
pub use search::search;
pub(crate) use server_hwkc::apply_server_hwkc;
pub use update::update;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::field::FieldError;
use lms_domain::ids::{CustomerId, LocationId, PartnerId};
use lms_domain::location::{ChangeError, HwkcChangeReason, LocationRuleError};
use lms_domain::packaging::ServerHwkcError;
use lms_domain::{HardwareKeyCode, SystemType};

use crate::Scope;
use crate::audit::Actor;
use crate::convert::{corrupt, naive, stored, stored_opt, utc};
use crate::customers::{self, CustomerError};
use crate::db::{
    DbConnection, MultiBackend, RetryableError, is_unique_violation, unique_row, write_tx,
};
use crate::paging::{Page, PageRequest, after_cursor};
use crate::schema::{location_hwkc_history, locations};

/// A stored location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub id: LocationId,
    pub partner_id: PartnerId,
    pub customer_id: CustomerId,
    pub parent_id: Option<LocationId>,
    pub name: String,
    pub system_type: SystemType,
    pub hwkc: HardwareKeyCode,
    pub secondary_hwkc: Option<String>,
    pub product_key: Option<String>,
    pub mac_address: Option<String>,
    pub ip_address: Option<String>,
    pub full_computer_name: Option<String>,
    pub domain_name: Option<String>,
    pub reference_note: Option<String>,
    pub demo_licenses_remaining: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set once the location migrated (SV9100 CP10 → CP20): the location that took its
    /// licenses. A migrated location is read-only.
    pub migrated_to: Option<LocationId>,
}

impl Location {
    /// Whether the HWKC is still a generated temporary key.
    pub fn has_temp_key(&self) -> bool {
        self.hwkc.is_temp_key()
    }

    /// Refuses a change to a migrated location, naming where it went.
    ///
    /// # Errors
    /// [`LocationError::Migrated`].
    pub fn check_live(&self) -> Result<(), LocationError> {
        match self.migrated_to {
            Some(to) => Err(LocationError::Migrated { to }),
            None => Ok(()),
        }
    }
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = locations)]
struct LocationRow {
    id: String,
    partner_id: String,
    customer_id: String,
    parent_id: Option<String>,
    name: String,
    system_type: String,
    hwkc: String,
    secondary_hwkc: Option<String>,
    product_key: Option<String>,
    mac_address: Option<String>,
    ip_address: Option<String>,
    full_computer_name: Option<String>,
    domain_name: Option<String>,
    reference_note: Option<String>,
    demo_licenses_remaining: i32,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
    retired_at: Option<chrono::NaiveDateTime>,
    migrated_to: Option<String>,
}

impl TryFrom<LocationRow> for Location {
    type Error = diesel::result::Error;

    fn try_from(r: LocationRow) -> QueryResult<Self> {
        let system_type: SystemType = stored(&r.system_type)?;
        // Stored keys were validated (and normalised) when written; parsing again checks it.
        let hwkc = HardwareKeyCode::parse(system_type, &r.hwkc)
            .map_err(|e| corrupt(format!("HWKC of location {}: {e}", r.id)))?;
        Ok(Self {
            id: stored(&r.id)?,
            partner_id: stored(&r.partner_id)?,
            customer_id: stored(&r.customer_id)?,
            parent_id: stored_opt(r.parent_id.as_deref())?,
            name: r.name,
            system_type,
            hwkc,
            secondary_hwkc: r.secondary_hwkc,
            product_key: r.product_key,
            mac_address: r.mac_address,
            ip_address: r.ip_address,
            full_computer_name: r.full_computer_name,
            domain_name: r.domain_name,
            reference_note: r.reference_note,
            demo_licenses_remaining: r.demo_licenses_remaining,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            migrated_to: stored_opt(r.migrated_to.as_deref())?,
        })
    }
}

/// One entry of a location's HWKC history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HwkcHistoryEntry {
    pub hwkc: String,
    pub reason: HwkcChangeReason,
    pub recorded_at: DateTime<Utc>,
    /// The key this one replaced (a replacement, a derived server key, a migration's CP10 key).
    pub previous_hwkc: Option<String>,
    /// The vendor admin's reason for a hardware replacement.
    pub note: Option<String>,
    /// The location the licenses came from (a migration).
    pub from_location_id: Option<LocationId>,
}

/// A location operation failed.
#[derive(Debug, thiserror::Error)]
pub enum LocationError {
    #[error("location not found")]
    NotFound,
    #[error("customer not found")]
    CustomerNotFound,
    #[error("only a partner's users can create or change locations")]
    PartnerRequired,
    #[error(transparent)]
    Rule(#[from] LocationRuleError),
    /// See [`ChangeError::NotForThisLocation`].
    #[error(transparent)]
    NotForThisLocation(lms_domain::field::FieldError),
    #[error("hardware key code {0} is already used by another location")]
    HwkcInUse(String),
    /// The location migrated and is read-only.
    #[error("this location migrated to location {to} and is read-only; its licenses are there")]
    Migrated { to: LocationId },
    /// Not a standard server, or its real HWKC already derived.
    #[error(transparent)]
    ServerHwkc(#[from] ServerHwkcError),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for LocationError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::Db(e) if e.is_retryable())
    }
}

impl From<FieldError> for LocationError {
    fn from(e: FieldError) -> Self {
        Self::Rule(e.into())
    }
}

impl From<ChangeError> for LocationError {
    fn from(e: ChangeError) -> Self {
        match e {
            ChangeError::Invalid(f) => f.into(),
            ChangeError::NotForThisLocation(f) => Self::NotForThisLocation(f),
        }
    }
}

impl From<CustomerError> for LocationError {
    fn from(e: CustomerError) -> Self {
        match e {
            CustomerError::NotFound => Self::CustomerNotFound,
            CustomerError::PartnerRequired => Self::PartnerRequired,
            CustomerError::Invalid(f) => f.into(),
            CustomerError::Db(d) => Self::Db(d),
        }
    }
}

fn hwkc_conflict(e: diesel::result::Error, hwkc: &str) -> LocationError {
    if is_unique_violation(&e, "locations_live_hwkc_key", "locations.hwkc") {
        LocationError::HwkcInUse(hwkc.to_owned())
    } else {
        e.into()
    }
}

/// How many times a generated key is drawn again when it is taken.
const GENERATION_ATTEMPTS: usize = 20;

/// Draws generated keys until one is not used by a live location. The unique index stays
/// the real guard; this only avoids failing a whole transaction on a likely collision.
fn unused_key(
    c: &mut DbConnection,
    mut draw: impl FnMut() -> HardwareKeyCode,
) -> Result<HardwareKeyCode, LocationError> {
    let mut key = draw();
    for _ in 1..GENERATION_ATTEMPTS {
        if !hwkc_in_use(c, key.as_str())? {
            break;
        }
        key = draw();
    }
    Ok(key)
}

fn hwkc_in_use(c: &mut DbConnection, hwkc: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        locations::table
            .filter(locations::hwkc.eq(hwkc))
            .filter(locations::retired_at.is_null()),
    ))
    .get_result(c)
}

/// What a history entry records besides the key and the reason.
#[derive(Debug, Clone, Copy, Default)]
struct HistoryNote<'a> {
    previous_hwkc: Option<&'a str>,
    note: Option<&'a str>,
    from_location: Option<LocationId>,
}

fn record_history(
    c: &mut DbConnection,
    location: &str,
    hwkc: &str,
    reason: HwkcChangeReason,
    now: DateTime<Utc>,
    extra: HistoryNote<'_>,
) -> QueryResult<()> {
    diesel::insert_into(location_hwkc_history::table)
        .values((
            // v7: time-ordered, so entries of one instant read back in the order written.
            location_hwkc_history::id.eq(uuid::Uuid::now_v7().to_string()),
            location_hwkc_history::location_id.eq(location),
            location_hwkc_history::hwkc.eq(hwkc),
            location_hwkc_history::reason.eq(reason.as_str()),
            location_hwkc_history::recorded_at.eq(naive(now)),
            location_hwkc_history::previous_hwkc.eq(extra.previous_hwkc),
            location_hwkc_history::note.eq(extra.note),
            location_hwkc_history::from_location_id.eq(extra.from_location.map(|l| l.to_string())),
        ))
        .execute(c)
        .map(drop)
}

type Scoped = locations::BoxedQuery<
    'static,
    MultiBackend,
    diesel::dsl::SqlTypeOf<diesel::dsl::AsSelect<LocationRow, MultiBackend>>,
>;

fn scoped(scope: Scope) -> Scoped {
    let query = locations::table
        .select(LocationRow::as_select())
        .into_boxed();
    match scope.partner() {
        Some(p) => query.filter(locations::partner_id.eq(p.to_string())),
        None => query,
    }
}

/// One location, if the scope may see it.
///
/// # Errors
/// [`LocationError::NotFound`] when missing or another partner's.
pub fn get(
    conn: &mut DbConnection,
    scope: Scope,
    location: LocationId,
) -> Result<Location, LocationError> {
    // A location's own page reads it on every request: a unique lookup keeps its statement.
    let by_id = locations::table
        .select(LocationRow::as_select())
        .filter(locations::id.eq(location.to_string()));
    let row: Option<LocationRow> = match scope.partner() {
        Some(p) => unique_row(by_id.filter(locations::partner_id.eq(p.to_string())), conn)?,
        None => unique_row(by_id, conn)?,
    };
    row.map(Location::try_from)
        .transpose()?
        .ok_or(LocationError::NotFound)
}

/// A partner's write to one of its locations: refuses an actor without a partner (vendor
/// staff do not change a partner's locations), then runs `change` in one write transaction
/// with the location locked, given the partner and the location as locked.
///
/// # Errors
/// [`LocationError::PartnerRequired`], the location not visible, or `change`'s own error.
pub(crate) fn write_locked<T, E>(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    mut change: impl FnMut(&mut DbConnection, PartnerId, Location) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<LocationError> + From<diesel::result::Error> + RetryableError,
{
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    write_tx(conn, |c| {
        let locked = lock_live(c, scope, location)?;
        change(c, partner, locked)
    })
}

/// [`lock`], refusing a migrated location ([`LocationError::Migrated`]): what every change to
/// a location's licenses, files or fields calls.
///
/// # Errors
/// [`LocationError::NotFound`] or [`LocationError::Migrated`].
pub fn lock_live(
    conn: &mut DbConnection,
    scope: Scope,
    location: LocationId,
) -> Result<Location, LocationError> {
    let locked = lock(conn, scope, location)?;
    locked.check_live()?;
    Ok(locked)
}

/// [`get`], and on PostgreSQL the location's row locked until the transaction ends
/// (`SELECT … FOR UPDATE`). Every use case that renders a location's license file or checks a
/// per-location rule (activate, regenerate, demo, DECT import, attach, detach, the server
/// HWKC) calls this first, so two of them on one location run one after the other and the
/// second plans from what the first wrote. SQLite needs no lock: `BEGIN IMMEDIATE` already
/// admits one writer at a time.
///
/// # Errors
/// [`LocationError::NotFound`] when missing or another partner's.
pub fn lock(
    conn: &mut DbConnection,
    scope: Scope,
    location: LocationId,
) -> Result<Location, LocationError> {
    if let DbConnection::Postgresql(pg) = conn {
        let query = locations::table
            .filter(locations::id.eq(location.to_string()))
            .select(locations::id);
        match scope.partner() {
            Some(p) => query
                .filter(locations::partner_id.eq(p.to_string()))
                .for_update()
                .first::<String>(pg),
            None => query.for_update().first::<String>(pg),
        }
        .optional()?
        .ok_or(LocationError::NotFound)?;
    }
    get(conn, scope, location)
}

/// A customer's locations by name.
///
/// # Errors
/// [`LocationError::CustomerNotFound`] when the customer is not visible.
pub fn list_for_customer(
    conn: &mut DbConnection,
    scope: Scope,
    customer: CustomerId,
    page: &PageRequest,
) -> Result<Page<Location>, LocationError> {
    customers::get(conn, scope, customer)?;
    let query = scoped(scope).filter(locations::customer_id.eq(customer.to_string()));
    let rows = after_cursor!(query, page, locations::name, locations::id).load(conn)?;
    Ok(page
        .page(rows, |r| (r.name.clone(), r.id.clone()))
        .try_map(Location::try_from)?)
}

/// A location's child locations by name.
///
/// # Errors
/// [`LocationError::NotFound`] when the parent is not visible.
pub fn children(
    conn: &mut DbConnection,
    scope: Scope,
    parent: LocationId,
) -> Result<Vec<Location>, LocationError> {
    get(conn, scope, parent)?;
    let rows = scoped(scope)
        .filter(locations::parent_id.eq(parent.to_string()))
        .filter(locations::retired_at.is_null())
        .order((locations::name.asc(), locations::id.asc()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(Location::try_from)
        .collect::<QueryResult<_>>()?)
}

/// Every HWKC the location has had, oldest first.
///
/// # Errors
/// [`LocationError::NotFound`] when the location is not visible.
pub fn history(
    conn: &mut DbConnection,
    scope: Scope,
    location: LocationId,
) -> Result<Vec<HwkcHistoryEntry>, LocationError> {
    get(conn, scope, location)?;
    type Row = (
        String,
        String,
        chrono::NaiveDateTime,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = location_hwkc_history::table
        .filter(location_hwkc_history::location_id.eq(location.to_string()))
        .select((
            location_hwkc_history::hwkc,
            location_hwkc_history::reason,
            location_hwkc_history::recorded_at,
            location_hwkc_history::previous_hwkc,
            location_hwkc_history::note,
            location_hwkc_history::from_location_id,
        ))
        .order((
            location_hwkc_history::recorded_at.asc(),
            location_hwkc_history::id.asc(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(hwkc, reason, t, previous_hwkc, note, from)| {
            Ok(HwkcHistoryEntry {
                hwkc,
                reason: stored(&reason)?,
                recorded_at: utc(t),
                previous_hwkc,
                note,
                from_location_id: stored_opt(from.as_deref())?,
            })
        })
        .collect::<QueryResult<_>>()?)
}
