//! The SWA bin, the vendor's SWA shipments into it, and the prospective SWA locations.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use lms_domain::ids::PartnerId;
use lms_domain::order::PoOrigin;
use lms_domain::party::Role;
use lms_domain::swa::SwaShipmentDraft;
use lms_domain::{ErrorCode, SystemType};
use lms_store::swa::standing::Prospect;
use lms_store::swa::{self, SwaPo};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::require_swa_role;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::export::{self, ListQuery, NoFilter, lists};
use crate::extract::Json;
use crate::state::AppState;

/// A PO of SWA units: shipped, and where the units are now
/// (`shipped = available + assigned + consumed + reshipped`).
#[derive(Debug, Serialize, ToSchema)]
pub struct SwaPoView {
    pub id: uuid::Uuid,
    pub po_number: String,
    pub so_number: String,
    pub origin: PoOrigin,
    pub shipped_at: DateTime<Utc>,
    /// The first day its units can no longer be assigned.
    pub expires_on: NaiveDate,
    pub expired: bool,
    pub shipped: i32,
    pub available: i32,
    /// Held by assignments in their cooling-off.
    pub assigned: i32,
    pub consumed: i32,
    pub reshipped: i32,
}

impl SwaPoView {
    fn new(po: SwaPo, today: NaiveDate) -> Self {
        Self {
            id: po.id.0,
            expired: po.expires_on <= today,
            po_number: po.po_number,
            so_number: po.so_number,
            origin: po.origin,
            shipped_at: po.shipped_at,
            expires_on: po.expires_on,
            shipped: po.shipped,
            available: po.available,
            assigned: po.held,
            consumed: po.consumed,
            reshipped: po.reshipped,
        }
    }
}

/// The partner's SWA bin: its SWA POs, earliest expiry first, and the units it can assign.
#[derive(Debug, Serialize, ToSchema)]
pub struct SwaBinView {
    pub items: Vec<SwaPoView>,
    /// Unexpired units available to assign.
    pub available_units: i64,
}

/// The SWA bin.
#[utoipa::path(
    tag = "swa",
    responses(
        (status = 200, description = "The SWA POs", body = SwaBinView),
        (status = 403, description = "No SWA role", body = ErrorBody),
    )
)]
#[get("/swa-bin")]
pub async fn swa_bin(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<NoFilter>,
) -> Result<HttpResponse, ApiError> {
    require_swa_role(&caller)?;
    let (scope, now) = (caller.scope(), state.clock.now());
    let pos = state.db(move |c| swa::list_bin(c, scope, now)).await?;
    let today = now.date_naive();
    let items: Vec<SwaPoView> = pos.into_iter().map(|p| SwaPoView::new(p, today)).collect();
    export::respond_all(query.format, &lists::SWA_BIN, items, |items| {
        HttpResponse::Ok().json(SwaBinView {
            available_units: items
                .iter()
                .filter(|p| !p.expired)
                .map(|p| i64::from(p.available))
                .sum(),
            items,
        })
    })
}

/// SWA units to ship into a partner's SWA bin.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"partner_id": "7b0f7a4e-8a57-4e43-9a43-0c1f1c8e2a10", "po_number": "SWA-PO-2026-7", "so_number": "SO-88200", "units": 1000, "expires_on": "2028-12-31"}))]
pub struct SwaShipmentBody {
    pub partner_id: uuid::Uuid,
    #[schema(min_length = 1, max_length = 40)]
    pub po_number: String,
    #[schema(min_length = 1, max_length = 40)]
    pub so_number: String,
    #[schema(minimum = 1, maximum = 1_000_000)]
    pub units: i64,
    /// The first day the units can no longer be assigned; after today (409 otherwise).
    pub expires_on: NaiveDate,
}

/// Ship SWA units into a partner's SWA bin (vendor admin).
#[utoipa::path(
    tag = "swa",
    request_body = SwaShipmentBody,
    responses(
        (status = 201, description = "The new SWA PO", body = SwaPoView),
        (status = 403, description = "Not a vendor admin", body = ErrorBody),
        (status = 404, description = "No such partner", body = ErrorBody),
        (status = 409, description = "The partner already has this PO number, or `expires_on` is not after today by the server's clock", body = ErrorBody),
        (status = 422, description = "A field out of range", body = ErrorBody),
    )
)]
#[post("/admin/swa-shipments")]
pub async fn create_swa_shipment(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<SwaShipmentBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let body = body.into_inner();
    let now = state.clock.now();
    let today = now.date_naive();
    let draft = SwaShipmentDraft::parse(
        &body.po_number,
        &body.so_number,
        body.units,
        body.expires_on,
    )?;
    draft.check_expiry(today).map_err(|e| {
        ApiError::new(StatusCode::CONFLICT, ErrorCode::ExpiryPassed, e.to_string())
            .with_field("/expires_on")
    })?;
    let (actor, partner) = (caller.actor(), PartnerId(body.partner_id));
    let po = state
        .db(move |c| swa::ship_units(c, &actor, partner, &draft, now))
        .await?;
    Ok(HttpResponse::Created().json(SwaPoView::new(po, today)))
}

/// A location in its grace period with SWA-bearing licenses and no SWA yet.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProspectView {
    pub location_id: uuid::Uuid,
    pub location_name: String,
    pub customer_id: uuid::Uuid,
    pub customer_name: String,
    pub system_type: SystemType,
    pub hwkc: String,
    pub first_activated_at: DateTime<Utc>,
    /// The last day SWA can be assigned without reinstatement is the day before.
    pub grace_ends_on: NaiveDate,
    /// SWA units a month at the plain rate.
    pub swa_units_per_month: f64,
}

impl From<Prospect> for ProspectView {
    fn from(p: Prospect) -> Self {
        let per_month = super::units_per_month(p.monthly_millis);
        Self {
            location_id: p.location_id.0,
            location_name: p.location_name,
            customer_id: p.customer_id.0,
            customer_name: p.customer_name,
            system_type: p.system_type,
            hwkc: p.hwkc,
            first_activated_at: p.first_activated_at,
            grace_ends_on: p.grace_ends_on,
            swa_units_per_month: per_month,
        }
    }
}

/// Prospective SWA locations.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProspectsView {
    pub items: Vec<ProspectView>,
}

/// Prospective SWA locations: in their grace period, with activated licenses that bear
/// SWA and no SWA yet; the soonest end of grace first.
#[utoipa::path(
    tag = "swa",
    responses(
        (status = 200, description = "The locations", body = ProspectsView),
        (status = 403, description = "No SWA role", body = ErrorBody),
    )
)]
#[get("/swa/prospective-locations")]
pub async fn prospective_locations(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<NoFilter>,
) -> Result<HttpResponse, ApiError> {
    require_swa_role(&caller)?;
    let (scope, now, policy) = (caller.scope(), state.clock.now(), state.swa);
    let found = state
        .db(move |c| swa::prospective_locations(c, scope, policy, now))
        .await?;
    let items = found.into_iter().map(ProspectView::from).collect();
    export::respond_all(query.format, &lists::SWA_PROSPECTS, items, |items| {
        HttpResponse::Ok().json(ProspectsView { items })
    })
}
