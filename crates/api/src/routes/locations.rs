//! Customer locations: create (with the HWKC rules of every system type), Easy Nav search,
//! child locations, edits, the SV9500 standard server's HWKC and the HWKC history.

use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use lms_domain::SystemType;
use lms_domain::ids::{CustomerId, LocationId};
use lms_domain::location::{HwkcChangeReason, LocationChanges, LocationInput};
use lms_domain::search::SearchQuery;
use lms_domain::swa::{SwaPolicy, SwaStatus};
use lms_store::activation;
use lms_store::locations::{self, HwkcHistoryEntry, Location};
use lms_store::{DbConnection, Page};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::export::{self, ListQuery, lists};
use crate::extract::{Json, nullable, path_id};
use crate::routes::Paged;
use crate::routes::admin::PageQuery;
use crate::state::AppState;

pub mod batch;
mod body_schema;

use body_schema::Endpoint;

/// A location to create. Which fields apply depends on the system type: the document
/// publishes one schema per type (see [`body_schema`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocationBody {
    pub name: String,
    /// A code from `GET /system-types`.
    pub system_type: String,
    /// The hardware key code (types whose input is `hwkc`); the SV9500 QR form is accepted.
    pub hwkc: Option<String>,
    /// SV9500 only.
    pub secondary_hwkc: Option<String>,
    /// BX/OVOC hardware: the delivery serial (`DT…`).
    pub product_key: Option<String>,
    /// SV9500 Small Enterprise: the HWKC is derived from it.
    pub mac_address: Option<String>,
    /// Dongle-less iS3000: a HWKC is generated once; the name stays editable.
    pub full_computer_name: Option<String>,
    /// 3C / 3C CAT2: a unique HWKC is generated.
    pub domain_name: Option<String>,
    pub reference_note: Option<String>,
}

impl From<LocationBody> for LocationInput {
    fn from(b: LocationBody) -> Self {
        Self {
            name: b.name,
            system_type: b.system_type,
            hwkc: b.hwkc,
            secondary_hwkc: b.secondary_hwkc,
            product_key: b.product_key,
            mac_address: b.mac_address,
            full_computer_name: b.full_computer_name,
            domain_name: b.domain_name,
            reference_note: b.reference_note,
        }
    }
}

const LOCATION_BODY: &str = "A location to create under a customer, in the schema of its \
    `system_type` (`GET /system-types` lists them). An input the type does not take may be \
    absent, null or blank; a value there is refused with `FIELD_NOT_ALLOWED`. Text is trimmed.";

const CHILD_LOCATION_BODY: &str = "A child location to create: the system types that are \
    child locations of some type. Which parent takes which child is the parent's rule \
    (409 `CHILD_TYPE_NOT_ALLOWED`); an LMC child may leave `hwkc` out to derive it from \
    the parent's.";

impl utoipa::PartialSchema for LocationBody {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        body_schema::body(Endpoint::TopLevel, LOCATION_BODY)
    }
}

impl ToSchema for LocationBody {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.extend(body_schema::branches(Endpoint::TopLevel));
    }
}

/// A child location to create: a [`LocationBody`] of a type that is some type's child.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct ChildLocationBody(pub LocationBody);

impl utoipa::PartialSchema for ChildLocationBody {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        body_schema::body(Endpoint::Child, CHILD_LOCATION_BODY)
    }
}

impl ToSchema for ChildLocationBody {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.extend(body_schema::branches(Endpoint::TopLevel));
        schemas.extend(body_schema::branches(Endpoint::Child));
    }
}

/// Changes to a location. The HWKC is not editable (that is a hardware replacement).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Utrecht HQ", "reference_note": null}))]
pub struct LocationPatch {
    pub name: Option<String>,
    /// `null` clears the note.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub reference_note: Option<Option<String>>,
    /// Dongle-less iS3000 only; the HWKC does not change.
    pub full_computer_name: Option<String>,
    /// 3C / 3C CAT2 only; the HWKC does not change.
    pub domain_name: Option<String>,
}

/// A customer location.
#[derive(Debug, Serialize, ToSchema)]
pub struct LocationView {
    pub id: uuid::Uuid,
    pub customer_id: uuid::Uuid,
    pub parent_id: Option<uuid::Uuid>,
    pub name: String,
    pub system_type: SystemType,
    pub hwkc: String,
    /// True while the HWKC is a generated `…-TEMP-KEY`.
    pub temp_key: bool,
    pub secondary_hwkc: Option<String>,
    pub product_key: Option<String>,
    pub mac_address: Option<String>,
    pub ip_address: Option<String>,
    pub full_computer_name: Option<String>,
    pub domain_name: Option<String>,
    pub reference_note: Option<String>,
    pub demo_licenses_remaining: i32,
    pub swa_status: SwaStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set once the location migrated (SV9100 CP10 → CP20): the location that has its
    /// licenses now. A migrated location is read-only (409 `LOCATION_MIGRATED`).
    pub migrated_to: Option<uuid::Uuid>,
}

impl From<Location> for LocationView {
    fn from(l: Location) -> Self {
        Self {
            id: l.id.0,
            customer_id: l.customer_id.0,
            parent_id: l.parent_id.map(|p| p.0),
            temp_key: l.has_temp_key(),
            name: l.name,
            system_type: l.system_type,
            hwkc: l.hwkc.into_inner(),
            secondary_hwkc: l.secondary_hwkc,
            product_key: l.product_key,
            mac_address: l.mac_address,
            ip_address: l.ip_address,
            full_computer_name: l.full_computer_name,
            domain_name: l.domain_name,
            reference_note: l.reference_note,
            demo_licenses_remaining: l.demo_licenses_remaining,
            // A location read without its SWA facts (just created) has none; readers that
            // show existing locations go through `viewed`.
            swa_status: SwaStatus::None,
            created_at: l.created_at,
            updated_at: l.updated_at,
            migrated_to: l.migrated_to.map(|m| m.0),
        }
    }
}

/// Loads locations with `load` and answers them with their SWA status at the state's
/// clock, in one blocking call.
async fn viewed<F, E>(state: &AppState, load: F) -> Result<Page<LocationView>, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<Page<Location>, E> + Send + 'static,
    E: Into<ApiError>,
{
    let (page, ()) = viewed_with(state, move |c| load(c).map(|p| (p, ()))).await?;
    Ok(page)
}

/// [`viewed`] for a use case that answers something besides the locations.
pub(crate) async fn viewed_with<F, E, X>(
    state: &AppState,
    load: F,
) -> Result<(Page<LocationView>, X), ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<(Page<Location>, X), E> + Send + 'static,
    E: Into<ApiError>,
    X: Send + 'static,
{
    let (policy, now) = (state.swa, state.clock.now());
    state
        .db(move |c| {
            let (page, extra) = load(c).map_err(Into::into)?;
            Ok::<_, ApiError>((with_swa_status(c, page, policy, now)?, extra))
        })
        .await
}

/// The locations of `page` as answered, with their SWA status at `now`.
fn with_swa_status(
    c: &mut DbConnection,
    page: Page<Location>,
    policy: SwaPolicy,
    now: DateTime<Utc>,
) -> Result<Page<LocationView>, ApiError> {
    let ids: Vec<LocationId> = page.items.iter().map(|l| l.id).collect();
    let standings = lms_store::swa::standings(c, &ids, policy, now)?;
    Ok(page.map(|l| {
        let status = standings.get(&l.id).map_or(SwaStatus::None, |s| s.status);
        LocationView {
            swa_status: status,
            ..l.into()
        }
    }))
}

/// One location as a page, for [`viewed`].
pub(crate) fn one(location: Location) -> Page<Location> {
    Page {
        items: vec![location],
        next_cursor: None,
    }
}

/// The only item of a page [`one`] made.
pub(crate) fn only(page: Page<LocationView>) -> Result<LocationView, ApiError> {
    page.items
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::internal("a one-location page without its location"))
}

/// A new location with the child locations created with it (the automatic LMC).
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedLocationView {
    #[serde(flatten)]
    pub location: LocationView,
    pub children: Vec<LocationView>,
}

impl From<locations::Created> for CreatedLocationView {
    fn from(created: locations::Created) -> Self {
        Self {
            location: created.location.into(),
            children: created.children.into_iter().map(Into::into).collect(),
        }
    }
}

/// The server's IP address (SV9500 standard server).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"ip_address": "192.0.2.10"}))]
pub struct ServerHwkcBody {
    pub ip_address: String,
}

/// One HWKC a location has had.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntryView {
    pub hwkc: String,
    pub reason: HwkcChangeReason,
    pub recorded_at: DateTime<Utc>,
    /// The key this one replaced: the old key of a hardware replacement, the temp key of a
    /// derived server key, the CP10 key of a migration.
    pub previous_hwkc: Option<String>,
    /// The vendor admin's reason for a hardware replacement.
    pub note: Option<String>,
    /// For `migrated`: the location the licenses came from, its key and its licenses as they
    /// were there (read-only).
    pub migrated_from: Option<MigrationOriginView>,
}

impl From<HwkcHistoryEntry> for HistoryEntryView {
    fn from(e: HwkcHistoryEntry) -> Self {
        Self {
            hwkc: e.hwkc,
            reason: e.reason,
            recorded_at: e.recorded_at,
            previous_hwkc: e.previous_hwkc,
            note: e.note,
            migrated_from: None,
        }
    }
}

/// The location a migrated location came from, as it was: read-only.
#[derive(Debug, Serialize, ToSchema)]
pub struct MigrationOriginView {
    pub location_id: uuid::Uuid,
    pub name: String,
    pub system_type: SystemType,
    /// The original HWKC.
    pub hwkc: String,
    pub migrated_at: DateTime<Utc>,
    /// The licenses as they were activated there, with their original PO numbers.
    pub licenses: Vec<crate::routes::licenses::AttachmentView>,
    /// What they granted, stacked.
    pub stacked: Vec<crate::routes::licenses::StackedView>,
}

impl From<locations::MigrationOrigin> for MigrationOriginView {
    fn from(o: locations::MigrationOrigin) -> Self {
        Self {
            location_id: o.location.id.0,
            name: o.location.name,
            system_type: o.location.system_type,
            hwkc: o.location.hwkc.into_inner(),
            migrated_at: o.migrated_at,
            licenses: o.licenses.into_iter().map(Into::into).collect(),
            stacked: o.stacked.into_iter().map(Into::into).collect(),
        }
    }
}

/// Easy Nav query and paging (the query string; the domain's `SearchQuery` is the checked `q`).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LocationSearchParams {
    /// Any part of a location's name or HWKC, case-insensitive; empty lists all. At most 500
    /// characters (the cap of every search), longer is 400 `INVALID_QUERY`.
    #[param(max_length = 500)]
    pub q: Option<String>,
    /// Items per page, 1–200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Easy Nav: find the partner's locations by any part of their name or HWKC.
#[utoipa::path(
    tag = "locations",
    params(LocationSearchParams),
    responses(
        (status = 200, description = "Matching locations by name", body = Paged<LocationView>),
        (status = 400, description = "Bad paging or query", body = ErrorBody),
    )
)]
#[get("/locations")]
pub async fn search_locations(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<LocationSearchParams>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { query, format } = query;
    let page = lms_store::PageRequest::new(query.limit, query.cursor.as_deref())?;
    let scope = caller.scope();
    let q = SearchQuery::parse(query.q.as_deref())?;
    let (policy, now) = (state.swa, state.clock.now());
    export::respond(
        state.list_pool(&caller).await?,
        format,
        &lists::LOCATIONS,
        page,
        move |c, page| {
            let found = locations::search(c, scope, q.text().unwrap_or_default(), page)?;
            with_swa_status(c, found, policy, now)
        },
    )
    .await
}

/// List a customer's locations by name.
#[utoipa::path(
    tag = "locations",
    params(("id" = uuid::Uuid, Path, description = "Customer id"), PageQuery),
    responses(
        (status = 200, description = "A page of locations", body = Paged<LocationView>),
        (status = 400, description = "Bad paging", body = ErrorBody),
        (status = 404, description = "No such customer for this partner", body = ErrorBody),
    )
)]
#[get("/customers/{id}/locations")]
pub async fn list_customer_locations(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: ListQuery<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let id: CustomerId = path_id(&id, "customer")?;
    let page = query.query.page()?;
    let scope = caller.scope();
    let (policy, now) = (state.swa, state.clock.now());
    let list = &lists::CUSTOMER_LOCATIONS;
    export::respond(
        state.list_pool(&caller).await?,
        query.format,
        list,
        page,
        move |c, page| {
            let found = locations::list_for_customer(c, scope, id, page)?;
            with_swa_status(c, found, policy, now)
        },
    )
    .await
}

/// Create a location under a customer.
///
/// The HWKC is validated for the system type (`INVALID_HARDWARE_KEYCODE`, with `looks_like`
/// when it fits another type), or generated / derived where the type says so. SV8300,
/// SV8500, SV9300, SV9500 and SV9500 SE locations get their LMC child location at once (an SV9500
/// standard server once its real HWKC is derived).
#[utoipa::path(
    tag = "locations",
    params(("id" = uuid::Uuid, Path, description = "Customer id")),
    request_body = LocationBody,
    responses(
        (status = 201, description = "Created, with automatic children", body = CreatedLocationView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Vendor staff cannot create locations", body = ErrorBody),
        (status = 404, description = "No such customer for this partner", body = ErrorBody),
        (status = 409, description = "HWKC used by another location", body = ErrorBody),
        (status = 422, description = "Invalid HWKC or field", body = ErrorBody),
    )
)]
#[post("/customers/{id}/locations")]
pub async fn create_location(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<LocationBody>,
) -> Result<HttpResponse, ApiError> {
    let id: CustomerId = path_id(&id, "customer")?;
    let input: LocationInput = body.into_inner().into();
    let actor = caller.actor();
    let now = state.clock.now();
    let created = state
        .db(move |c| locations::create(c, &actor, id, &input, now, &mut rand::rng()))
        .await?;
    Ok(HttpResponse::Created().json(CreatedLocationView::from(created)))
}

/// Get one location.
#[utoipa::path(
    tag = "locations",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    responses(
        (status = 200, description = "The location", body = LocationView),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
    )
)]
#[get("/locations/{id}")]
pub async fn get_location(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<LocationView>, ApiError> {
    let id: LocationId = path_id(&id, "location")?;
    let scope = caller.scope();
    let found = viewed(&state, move |c| locations::get(c, scope, id).map(one)).await?;
    Ok(web::Json(only(found)?))
}

/// Change a location's name, note, computer name (dongle-less iS3000) or domain name (3C).
#[utoipa::path(
    tag = "locations",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    request_body = LocationPatch,
    responses(
        (status = 200, description = "The changed location", body = LocationView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Vendor staff cannot change locations", body = ErrorBody),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody),
    )
)]
#[patch("/locations/{id}")]
pub async fn update_location(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<LocationPatch>,
) -> Result<web::Json<LocationView>, ApiError> {
    let id: LocationId = path_id(&id, "location")?;
    let body = body.into_inner();
    let changes = LocationChanges {
        name: body.name,
        reference_note: body.reference_note,
        full_computer_name: body.full_computer_name,
        domain_name: body.domain_name,
    };
    let actor = caller.actor();
    let now = state.clock.now();
    let found = viewed(&state, move |c| {
        locations::update(c, &actor, id, &changes, now).map(one)
    })
    .await?;
    Ok(web::Json(only(found)?))
}

/// List a location's child locations.
#[utoipa::path(
    tag = "locations",
    params(("id" = uuid::Uuid, Path, description = "Parent location id")),
    responses(
        (status = 200, description = "The children", body = Paged<LocationView>),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
    )
)]
#[get("/locations/{id}/children")]
pub async fn list_children(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Paged<LocationView>>, ApiError> {
    let id: LocationId = path_id(&id, "location")?;
    let scope = caller.scope();
    let children = viewed(&state, move |c| {
        locations::children(c, scope, id).map(|items| Page {
            items,
            next_cursor: None,
        })
    })
    .await?;
    Ok(web::Json(children.into()))
}

/// Create a child location: SR-MGC under SV8500, an LMC, a BX/OVOC redundant secondary,
/// a MobiCall Supervisor under its Master.
#[utoipa::path(
    tag = "locations",
    params(("id" = uuid::Uuid, Path, description = "Parent location id")),
    request_body = ChildLocationBody,
    responses(
        (status = 201, description = "Created", body = LocationView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Vendor staff cannot create locations", body = ErrorBody),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
        (status = 409, description = "HWKC in use; the parent does not take this child type (CHILD_TYPE_NOT_ALLOWED), has its one child of that kind (CHILD_EXISTS), or has a key no LMC key derives from (HWKC_NOT_DERIVABLE)", body = ErrorBody),
        (status = 422, description = "Not a child type (NOT_A_CHILD_TYPE), invalid HWKC or field", body = ErrorBody),
    )
)]
#[post("/locations/{id}/children")]
pub async fn create_child(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<ChildLocationBody>,
) -> Result<HttpResponse, ApiError> {
    let id: LocationId = path_id(&id, "location")?;
    let input: LocationInput = body.into_inner().0.into();
    let actor = caller.actor();
    let now = state.clock.now();
    let child = state
        .db(move |c| locations::create_child(c, &actor, id, &input, now, &mut rand::rng()))
        .await?;
    Ok(HttpResponse::Created().json(LocationView::from(child)))
}

/// The server with its real HWKC, and the activation of its virtualization option.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServerHwkcView {
    #[serde(flatten)]
    pub location: LocationView,
    /// The code of the virtualization option's activation on the new HWKC.
    pub activation_code: Option<String>,
    pub license_file: Option<crate::routes::files::FileLink>,
}

/// SV9500 standard server: with the virtualization option attached to the temporary key,
/// enter the server's IP address. The LMS derives the real HWKC (deterministic for this
/// location and address) and activates the option on it; then attach and activate the
/// other licenses as usual.
#[utoipa::path(
    tag = "locations",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    request_body = ServerHwkcBody,
    responses(
        (status = 200, description = "The location with its real HWKC", body = ServerHwkcView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Vendor staff cannot change locations", body = ErrorBody),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
        (status = 409, description = "Not a standard server, HWKC already set, or the virtualization option is not attached", body = ErrorBody),
        (status = 422, description = "Invalid IP address", body = ErrorBody),
    )
)]
#[post("/locations/{id}/server-hwkc")]
pub async fn set_server_hwkc(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<ServerHwkcBody>,
) -> Result<web::Json<ServerHwkcView>, ApiError> {
    let id: LocationId = path_id(&id, "location")?;
    let ip = body.into_inner().ip_address;
    let (actor, key) = (caller.actor(), state.keyring.current.clone());
    let now = state.clock.now();
    let (found, activation) = viewed_with(&state, move |c| {
        activation::derive_server_hwkc(c, &actor, id, &ip, &key, now)
            .map(|(location, activation)| (one(location), activation))
    })
    .await?;
    Ok(web::Json(ServerHwkcView {
        location: only(found)?,
        activation_code: activation.activation_code,
        license_file: activation
            .file
            .as_ref()
            .map(|f| crate::routes::files::link(id, f)),
    }))
}

/// Every HWKC the location has had, oldest first: why it changed (created, derived, a
/// hardware replacement with the admin's reason, a migration with the original location's
/// key and licenses as they were).
#[utoipa::path(
    tag = "locations",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    responses(
        (status = 200, description = "The history", body = Paged<HistoryEntryView>),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
    )
)]
#[get("/locations/{id}/history")]
pub async fn location_history(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Paged<HistoryEntryView>>, ApiError> {
    let id: LocationId = path_id(&id, "location")?;
    let scope = caller.scope();
    let (history, origin) = state
        .db(move |c| {
            let history = locations::history(c, scope, id)?;
            let origin = locations::migrated_from(c, scope, id)?;
            Ok::<_, locations::LocationError>((history, origin))
        })
        .await?;
    let mut origin = origin.map(MigrationOriginView::from);
    let items = history
        .into_iter()
        .map(|e| {
            let migrated = e.reason == HwkcChangeReason::Migrated;
            let mut view = HistoryEntryView::from(e);
            if migrated {
                view.migrated_from = origin.take();
            }
            view
        })
        .collect();
    Ok(web::Json(Paged {
        items,
        next_cursor: None,
    }))
}
