//! Customer locations: creation with every way of obtaining a HWKC, child locations, Easy
//! Nav search, edits and the HWKC history. Every query is scoped to the caller's partner.

use chrono::{DateTime, Utc};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use lms_domain::audit::{Change, LocationCreated, LocationUpdated, Subject};
use lms_domain::derive::{self, IpAddress};
use lms_domain::field::FieldError;
use lms_domain::ids::{CustomerId, LocationId, PartnerId};
use lms_domain::location::{
    HwkcChangeReason, KeySource, LocationChanges, LocationDraft, LocationInput, LocationRuleError,
    Placement, auto_lmc_child, initial_demo_licenses,
};
use lms_domain::{HardwareKeyCode, SystemType};
use rand::Rng;

use crate::Scope;
use crate::audit::{self, Actor, Event};
use crate::convert::{corrupt, naive, stored, stored_opt, utc};
use crate::customers::{self, CustomerError};
use crate::db::{DbConnection, MultiBackend, RetryableError, is_unique_violation, write_tx};
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
}

impl Location {
    /// Whether the HWKC is still a generated temporary key.
    pub fn has_temp_key(&self) -> bool {
        self.hwkc.is_temp_key()
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
        })
    }
}

/// One entry of a location's HWKC history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HwkcHistoryEntry {
    pub hwkc: String,
    pub reason: HwkcChangeReason,
    pub recorded_at: DateTime<Utc>,
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
    #[error("hardware key code {0} is already used by another location")]
    HwkcInUse(String),
    #[error("only an SV9500 standard server location gets its HWKC from an IP address")]
    NotAStandardServer,
    #[error("this server already has its hardware key code")]
    HwkcAlreadySet,
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

/// A new location and the child locations created with it (the automatic LMC).
#[derive(Debug, Clone)]
pub struct Created {
    pub location: Location,
    pub children: Vec<Location>,
}

/// Creates a location under a customer, with its automatic LMC child where the type has one.
///
/// # Errors
/// [`LocationError`]: customer not visible, a rule broken, or the HWKC in use.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    customer: CustomerId,
    input: &LocationInput,
    now: DateTime<Utc>,
    rng: &mut impl Rng,
) -> Result<Created, LocationError> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    write_tx(conn, |c| {
        customers::get(c, scope, customer)?;
        let draft = LocationDraft::plan(input, Placement::TopLevel)?;
        let location = insert(
            c,
            actor,
            Owner {
                partner,
                customer,
                parent: None,
            },
            &draft,
            now,
            rng,
        )?;
        let mut children = Vec::new();
        if let Some(lmc) = auto_lmc(&location) {
            children.push(insert(
                c,
                actor,
                Owner {
                    partner,
                    customer,
                    parent: Some(location.id),
                },
                &lmc,
                now,
                rng,
            )?);
        }
        Ok(Created { location, children })
    })
}

/// Creates a child location (SR-MGC, LMC, BX/OVOC secondary, MobiCall Supervisor).
///
/// # Errors
/// [`LocationError`]: parent not visible, a child it may not have, or a rule broken.
pub fn create_child(
    conn: &mut DbConnection,
    actor: &Actor,
    parent: LocationId,
    input: &LocationInput,
    now: DateTime<Utc>,
    rng: &mut impl Rng,
) -> Result<Location, LocationError> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    write_tx(conn, |c| {
        let parent = get(c, scope, parent)?;
        let siblings: Vec<SystemType> = children(c, scope, parent.id)?
            .iter()
            .map(|l| l.system_type)
            .collect();
        let placement = Placement::ChildOf {
            parent_type: parent.system_type,
            parent_hwkc: &parent.hwkc,
            siblings: &siblings,
        };
        let draft = LocationDraft::plan(input, placement)?;
        insert(
            c,
            actor,
            Owner {
                partner,
                customer: parent.customer_id,
                parent: Some(parent.id),
            },
            &draft,
            now,
            rng,
        )
    })
}

fn auto_lmc(parent: &Location) -> Option<LocationDraft> {
    auto_lmc_child(&parent.name, parent.system_type, &parent.hwkc).map(lmc_draft)
}

fn lmc_draft((name, hwkc): (String, HardwareKeyCode)) -> LocationDraft {
    LocationDraft {
        name,
        system_type: SystemType::Lmc,
        key: KeySource::ParentLmc(hwkc),
        secondary_hwkc: None,
        product_key: None,
        reference_note: None,
    }
}

/// How many times a generated key is drawn again when it is taken.
const GENERATION_ATTEMPTS: usize = 20;

/// Where a new location goes: whose it is, under which customer, under which parent.
#[derive(Debug, Clone, Copy)]
struct Owner {
    partner: PartnerId,
    customer: CustomerId,
    parent: Option<LocationId>,
}

fn insert(
    c: &mut DbConnection,
    actor: &Actor,
    Owner {
        partner,
        customer,
        parent,
    }: Owner,
    draft: &LocationDraft,
    now: DateTime<Utc>,
    rng: &mut impl Rng,
) -> Result<Location, LocationError> {
    let (mut mac_address, mut full_computer_name, mut domain_name) = (None, None, None);
    let hwkc = match &draft.key {
        KeySource::Given(k) | KeySource::ParentLmc(k) => k.clone(),
        KeySource::SmallEnterprise(mac) => {
            mac_address = Some(mac.as_str().to_owned());
            derive::small_enterprise_hwkc(mac)
        }
        KeySource::TempKey => unused_key(c, || {
            derive::temp_key(draft.system_type, now, rng.random_range(0..1000))
                .expect("temp-key type")
        })?,
        KeySource::DongleLess(fcn) => {
            full_computer_name = Some(fcn.as_str().to_owned());
            unused_key(c, || derive::dongle_less_hwkc(rng.random()))?
        }
        KeySource::ThreeC(domain) => {
            domain_name = Some(domain.as_str().to_owned());
            unused_key(c, || derive::three_c_hwkc(draft.system_type, rng.random()))?
        }
    };
    let row = LocationRow {
        id: LocationId::new_random().to_string(),
        partner_id: partner.to_string(),
        customer_id: customer.to_string(),
        parent_id: parent.map(|p| p.to_string()),
        name: draft.name.clone(),
        system_type: draft.system_type.code().to_owned(),
        hwkc: hwkc.as_str().to_owned(),
        secondary_hwkc: draft.secondary_hwkc.as_ref().map(|k| k.as_str().to_owned()),
        product_key: draft.product_key.clone(),
        mac_address,
        ip_address: None,
        full_computer_name,
        domain_name,
        reference_note: draft.reference_note.clone(),
        demo_licenses_remaining: initial_demo_licenses(draft.system_type),
        created_at: naive(now),
        updated_at: naive(now),
        retired_at: None,
    };
    diesel::insert_into(locations::table)
        .values(&row)
        .execute(c)
        .map_err(|e| hwkc_conflict(e, &row.hwkc))?;
    record_history(c, &row.id, &row.hwkc, HwkcChangeReason::Created, now)?;
    let location = Location::try_from(row)?;
    audit::record(
        c,
        Event {
            actor,
            owner: Some(partner),
            subject: Subject::Location(location.id),
            change: Change::LocationCreated(LocationCreated {
                name: location.name.clone(),
                system_type: location.system_type.code().to_owned(),
                hwkc: location.hwkc.to_string(),
                customer_id: customer,
                parent_id: parent,
            }),
            at: now,
        },
    )?;
    Ok(location)
}

fn hwkc_conflict(e: diesel::result::Error, hwkc: &str) -> LocationError {
    if is_unique_violation(&e, "locations_live_hwkc_key", "locations.hwkc") {
        LocationError::HwkcInUse(hwkc.to_owned())
    } else {
        e.into()
    }
}

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

fn record_history(
    c: &mut DbConnection,
    location: &str,
    hwkc: &str,
    reason: HwkcChangeReason,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(location_hwkc_history::table)
        .values((
            location_hwkc_history::id.eq(uuid::Uuid::new_v4().to_string()),
            location_hwkc_history::location_id.eq(location),
            location_hwkc_history::hwkc.eq(hwkc),
            location_hwkc_history::reason.eq(reason.as_str()),
            location_hwkc_history::recorded_at.eq(naive(now)),
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
    scoped(scope)
        .filter(locations::id.eq(location.to_string()))
        .first(conn)
        .optional()?
        .map(Location::try_from)
        .transpose()?
        .ok_or(LocationError::NotFound)
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

/// Easy Nav: the scope's locations whose name or HWKC contains `q`, case-insensitively.
///
/// Three characters or more go through the trigram index (SQLite FTS5 `trigram`, PostgreSQL
/// `pg_trgm`); shorter input, which no trigram index can serve, is a plain substring match.
///
/// # Errors
/// Database errors only.
pub fn search(
    conn: &mut DbConnection,
    scope: Scope,
    q: &str,
    page: &PageRequest,
) -> Result<Page<Location>, LocationError> {
    let q = q.trim();
    let mut query = scoped(scope);
    if !q.is_empty() {
        let pattern = like_pattern(q);
        let sqlite = matches!(conn, DbConnection::Sqlite(_));
        query = if sqlite && q.chars().count() >= 3 {
            let phrase = format!("\"{}\"", q.replace('"', "\"\""));
            query.filter(
                sql::<Bool>(
                    "locations.seq IN (SELECT rowid FROM locations_fts WHERE locations_fts MATCH ",
                )
                .bind::<Text, _>(phrase)
                .sql(")"),
            )
        } else {
            // ILIKE on PostgreSQL is what its trigram indexes serve; SQLite's LIKE already
            // ignores ASCII case.
            let like = if sqlite { "LIKE" } else { "ILIKE" };
            query.filter(
                sql::<Bool>(&format!("(locations.name {like} "))
                    .bind::<Text, _>(pattern.clone())
                    .sql(&format!(" ESCAPE '\\' OR locations.hwkc {like} "))
                    .bind::<Text, _>(pattern)
                    .sql(" ESCAPE '\\')"),
            )
        };
    }
    let rows = after_cursor!(query, page, locations::name, locations::id).load(conn)?;
    Ok(page
        .page(rows, |r| (r.name.clone(), r.id.clone()))
        .try_map(Location::try_from)?)
}

/// `%q%` with LIKE's wildcards escaped, lower-cased.
pub(crate) fn like_pattern(q: &str) -> String {
    let escaped = q
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Changes a location's editable fields.
///
/// # Errors
/// [`LocationError::NotFound`], or a rule naming the field.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    changes: &LocationChanges,
    now: DateTime<Utc>,
) -> Result<Location, LocationError> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    write_tx(conn, |c| {
        let current = lock(c, scope, location)?;
        let valid = changes.validate(current.system_type, current.full_computer_name.is_some())?;
        let changeset = LocationChangeset {
            name: valid.name,
            reference_note: valid.reference_note,
            full_computer_name: valid.full_computer_name.map(|f| f.as_str().to_owned()),
            domain_name: valid.domain_name.map(|d| d.as_str().to_owned()),
            updated_at: naive(now),
        };
        let change = Change::LocationUpdated(LocationUpdated {
            name: changeset.name.clone(),
            reference_note: changeset.reference_note.clone().flatten(),
            full_computer_name: changeset.full_computer_name.clone(),
            domain_name: changeset.domain_name.clone(),
        });
        diesel::update(locations::table.find(location.to_string()))
            .set(&changeset)
            .execute(c)?;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(partner),
                subject: Subject::Location(location),
                change,
                at: now,
            },
        )?;
        get(c, scope, location)
    })
}

/// The columns an edit may change; `None` leaves a column as it is.
#[derive(AsChangeset)]
#[diesel(table_name = locations)]
struct LocationChangeset {
    name: Option<String>,
    reference_note: Option<Option<String>>,
    full_computer_name: Option<String>,
    domain_name: Option<String>,
    updated_at: chrono::NaiveDateTime,
}

/// SV9500 standard server: replaces the temporary key by the real HWKC derived from the
/// server's IP address (SPEC §4), records it in the history and creates the server's LMC
/// child. Runs inside the caller's transaction: the virtualization option is activated on
/// the new key in the same one (see `activation::derive_server_hwkc`).
///
/// # Errors
/// [`LocationError`]: not a standard server, or its HWKC already derived.
pub(crate) fn apply_server_hwkc(
    c: &mut DbConnection,
    actor: &Actor,
    current: &Location,
    ip: &IpAddress,
    now: DateTime<Utc>,
) -> Result<HardwareKeyCode, LocationError> {
    if current.system_type != SystemType::Sv9500Server {
        return Err(LocationError::NotAStandardServer);
    }
    if !current.has_temp_key() {
        return Err(LocationError::HwkcAlreadySet);
    }
    let location = current.id;
    let mut attempt = 0;
    let hwkc = unused_key(c, || {
        attempt += 1;
        derive::standard_server_hwkc(location.0, ip, attempt - 1)
    })?;
    diesel::update(locations::table.find(location.to_string()))
        .set((
            locations::hwkc.eq(hwkc.as_str()),
            locations::ip_address.eq(ip.to_string()),
            locations::updated_at.eq(naive(now)),
        ))
        .execute(c)
        .map_err(|e| hwkc_conflict(e, hwkc.as_str()))?;
    record_history(
        c,
        &location.to_string(),
        hwkc.as_str(),
        HwkcChangeReason::ServerHwkcDerived,
        now,
    )?;
    // The server's License Manager Client can exist only once the real key does.
    if let Some(lmc) = derive::lmc_hwkc(SystemType::Sv9500Server, &hwkc) {
        let draft = lmc_draft((format!("{} LMC", current.name), lmc));
        let (partner, customer) = (current.partner_id, current.customer_id);
        insert(
            c,
            actor,
            Owner {
                partner,
                customer,
                parent: Some(location),
            },
            &draft,
            now,
            &mut rand::rng(),
        )?;
    }
    Ok(hwkc)
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
    let rows: Vec<(String, String, chrono::NaiveDateTime)> = location_hwkc_history::table
        .filter(location_hwkc_history::location_id.eq(location.to_string()))
        .select((
            location_hwkc_history::hwkc,
            location_hwkc_history::reason,
            location_hwkc_history::recorded_at,
        ))
        .order((
            location_hwkc_history::recorded_at.asc(),
            location_hwkc_history::id.asc(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(hwkc, reason, t)| {
            Ok(HwkcHistoryEntry {
                hwkc,
                reason: stored(&reason)?,
                recorded_at: utc(t),
            })
        })
        .collect::<QueryResult<_>>()?)
}
