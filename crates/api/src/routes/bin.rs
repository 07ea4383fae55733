//! The license bin and the vendor's shipments into it.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use lms_domain::SystemType;
use lms_domain::ids::PartnerId;
use lms_domain::license::{Part, PartKind, feature_name};
use lms_domain::order::{OrderDraft, PoOrigin};
use lms_domain::party::Role;
use lms_store::bin::{self, PoLine, PurchaseOrder};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::export::{self, ListQuery, lists};
use crate::extract::Json;
use crate::routes::Paged;
use crate::state::AppState;

/// A part of the catalog.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartView {
    pub part_number: String,
    pub description: String,
    pub kind: PartKind,
    /// The feature the part grants; stacking adds quantities and takes the highest version.
    pub feature: String,
    /// The feature as a partner reads it, e.g. "IP extension ports" for `ports.ip`.
    pub feature_name: String,
    /// Per unit: seats/ports, or the version number.
    pub amount: u32,
    pub system_types: Vec<SystemType>,
    /// SWA units per month per unit of quantity.
    pub swa_units_per_month: f64,
    pub free_of_charge: bool,
}

impl From<Part> for PartView {
    fn from(p: Part) -> Self {
        Self {
            part_number: p.part_number.as_str().to_owned(),
            description: p.description,
            kind: p.kind,
            feature_name: feature_name(&p.feature).into_owned(),
            feature: p.feature,
            amount: p.amount,
            system_types: p.system_types,
            swa_units_per_month: f64::from(p.swa_millis_per_month) / 1000.0,
            free_of_charge: p.free_of_charge,
        }
    }
}

/// Narrow the catalog to one system type.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PartsQuery {
    /// Only parts a location of this system type may take.
    pub system_type: Option<SystemType>,
}

/// The part catalog.
#[utoipa::path(
    tag = "licenses",
    params(PartsQuery),
    responses(
        (status = 200, description = "Every part, by part number", body = Paged<PartView>),
        (status = 400, description = "Bad query", body = ErrorBody),
    )
)]
#[get("/parts")]
pub async fn list_parts(
    state: web::Data<AppState>,
    _caller: Caller,
    query: web::Query<PartsQuery>,
) -> Result<web::Json<Paged<PartView>>, ApiError> {
    let system_type = query.system_type;
    let parts = state
        .db(move |c| lms_store::parts::list(c, system_type))
        .await?;
    Ok(web::Json(Paged {
        items: parts.into_iter().map(Into::into).collect(),
        next_cursor: None,
    }))
}

/// A PO line and where its quantity is.
#[derive(Debug, Serialize, ToSchema)]
pub struct PoLineView {
    pub id: uuid::Uuid,
    pub part_number: String,
    pub description: String,
    pub shipped: i32,
    /// In the bin, free to attach.
    pub available: i32,
    pub attached: i32,
    pub activated: i32,
    pub reshipped: i32,
    /// Moved to a `MIGSU_` PO with the location they were activated on (SV9100 CP10 → CP20).
    /// `shipped = available + attached + activated + reshipped + migrated`.
    pub migrated: i32,
}

impl From<PoLine> for PoLineView {
    fn from(l: PoLine) -> Self {
        Self {
            id: l.id.0,
            part_number: l.part_number,
            description: l.description,
            shipped: l.shipped,
            available: l.available,
            attached: l.attached,
            activated: l.activated,
            reshipped: l.reshipped,
            migrated: l.migrated,
        }
    }
}

/// A purchase order in a bin.
#[derive(Debug, Serialize, ToSchema)]
pub struct PurchaseOrderView {
    pub id: uuid::Uuid,
    pub po_number: String,
    pub so_number: String,
    pub shipped_at: DateTime<Utc>,
    /// The SWA duration requested on the order.
    pub swa_months: Option<i32>,
    pub extra_info: Option<String>,
    pub origin: PoOrigin,
    pub lines: Vec<PoLineView>,
}

impl From<PurchaseOrder> for PurchaseOrderView {
    fn from(po: PurchaseOrder) -> Self {
        Self {
            id: po.id.0,
            po_number: po.po_number,
            so_number: po.so_number,
            shipped_at: po.shipped_at,
            swa_months: po.swa_months,
            extra_info: po.extra_info,
            origin: po.origin,
            lines: po.lines.into_iter().map(Into::into).collect(),
        }
    }
}

/// Paging of the bin.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct BinQuery {
    /// Also list POs with nothing left in the bin.
    #[serde(default)]
    pub include_used: bool,
    /// Items per page, 1–200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The license bin: the partner's purchase orders with what is still available.
#[utoipa::path(
    tag = "licenses",
    params(BinQuery),
    responses(
        (status = 200, description = "POs by PO number", body = Paged<PurchaseOrderView>),
        (status = 400, description = "Bad paging", body = ErrorBody),
    )
)]
#[get("/license-bin")]
pub async fn license_bin(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<BinQuery>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { query, format } = query;
    let page = lms_store::PageRequest::new(query.limit, query.cursor.as_deref())?;
    let (scope, include_used) = (caller.scope(), query.include_used);
    export::respond(
        state.list_pool(&caller).await?,
        format,
        &lists::LICENSE_BIN,
        page,
        move |c, page| {
            Ok(bin::license_bin(c, scope, include_used, page)?.map(PurchaseOrderView::from))
        },
    )
    .await
}

/// A shipment line.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipmentLineBody {
    pub part_number: String,
    /// 1 to 1,000,000.
    #[schema(minimum = 1, maximum = 1_000_000)]
    pub quantity: i64,
}

/// A purchase order shipped into a partner's bin.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"partner_id": "7b0f7a4e-8a57-4e43-9a43-0c1f1c8e2a10", "po_number": "PO-2026-0042", "so_number": "SO-88120", "swa_months": 12, "lines": [{"part_number": "EU917062", "quantity": 4}]}))]
pub struct ShipmentBody {
    pub partner_id: uuid::Uuid,
    pub po_number: String,
    pub so_number: String,
    /// 1 to 120 months.
    #[schema(minimum = 1, maximum = 120)]
    pub swa_months: Option<i64>,
    pub extra_info: Option<String>,
    /// 1 to 500 lines, each part at most once (a part twice is 422).
    #[schema(min_items = 1, max_items = 500)]
    pub lines: Vec<ShipmentLineBody>,
}

/// Ship a purchase order into a partner's bin (vendor order processing).
#[utoipa::path(
    tag = "admin",
    request_body = ShipmentBody,
    responses(
        (status = 201, description = "In the partner's bin", body = PurchaseOrderView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 404, description = "No such partner_id, or an unknown part number (with the line's pointer)", body = ErrorBody),
        (status = 409, description = "The partner has this PO number already", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody),
    )
)]
#[post("/admin/shipments")]
pub async fn create_shipment(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<ShipmentBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let body = body.into_inner();
    let lines: Vec<(String, i64)> = body
        .lines
        .into_iter()
        .map(|l| (l.part_number, l.quantity))
        .collect();
    let order = OrderDraft::parse(
        &body.po_number,
        &body.so_number,
        body.swa_months,
        body.extra_info.as_deref(),
        &lines,
    )?;
    let (actor, partner) = (caller.actor(), PartnerId(body.partner_id));
    let now = state.clock.now();
    let po = state
        .db(move |c| bin::ship(c, &actor, partner, &order, now))
        .await?;
    Ok(HttpResponse::Created().json(PurchaseOrderView::from(po)))
}
