//! DECT legacy imports as requests: the partner sees each upload's state and any rejection
//! reason; vendor admins review the pending ones with their parsed content and approve
//! (the licenses are activated and a file signed) or reject them with a reason.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use lms_domain::ids::LocationId;
use lms_domain::ids::UploadId;
use lms_domain::license::DectImportState;
use lms_domain::party::Role;
use lms_store::dect::{self, DectImport};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::export::{self, ListQuery, lists};
use crate::extract::{Json, path_id};
use crate::routes::Paged;
use crate::routes::files::{FileLink, link};
use crate::state::AppState;

/// One license found in an uploaded DECT file.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadedLicenseView {
    pub part_number: String,
    /// 1 to 10,000.
    pub quantity: u32,
    pub issued_on: NaiveDate,
}

/// Where a DECT import stands.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DectImportStateView {
    /// Parsed and shown to the partner; confirm with …/import.
    Parsed,
    /// Confirmed; waiting for a vendor admin.
    Pending,
    /// Approved: the licenses are activated on the location.
    Approved,
    /// Rejected; `rejection_reason` says why.
    Rejected,
}

impl From<DectImportState> for DectImportStateView {
    fn from(s: DectImportState) -> Self {
        match s {
            DectImportState::Parsed => Self::Parsed,
            DectImportState::Pending => Self::Pending,
            DectImportState::Approved => Self::Approved,
            DectImportState::Rejected => Self::Rejected,
        }
    }
}

impl From<DectImportStateView> for DectImportState {
    fn from(s: DectImportStateView) -> Self {
        match s {
            DectImportStateView::Parsed => Self::Parsed,
            DectImportStateView::Pending => Self::Pending,
            DectImportStateView::Approved => Self::Approved,
            DectImportStateView::Rejected => Self::Rejected,
        }
    }
}

/// An uploaded legacy DECT file, its parsed licenses and its review.
#[derive(Debug, Serialize, ToSchema)]
pub struct DectImportView {
    /// The upload's id (confirm with `/locations/{id}/dect-license-upload/{upload_id}/import`).
    pub upload_id: uuid::Uuid,
    pub state: DectImportStateView,
    pub partner_id: uuid::Uuid,
    pub partner_name: String,
    pub location_id: uuid::Uuid,
    pub location_name: String,
    /// The location's PARI.
    pub hwkc: String,
    pub licenses: Vec<UploadedLicenseView>,
    pub uploaded_at: DateTime<Utc>,
    pub requested_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Set when `rejected`.
    pub rejection_reason: Option<String>,
}

impl From<DectImport> for DectImportView {
    fn from(i: DectImport) -> Self {
        Self {
            upload_id: i.id.0,
            state: i.state.into(),
            partner_id: i.partner_id.0,
            partner_name: i.partner_name,
            location_id: i.location_id.0,
            location_name: i.location_name,
            hwkc: i.hwkc,
            licenses: i
                .licenses
                .into_iter()
                .map(|l| UploadedLicenseView {
                    part_number: l.part_number.to_string(),
                    quantity: l.quantity,
                    issued_on: l.issued_on,
                })
                .collect(),
            uploaded_at: i.uploaded_at,
            requested_at: i.requested_at,
            decided_at: i.decided_at,
            rejection_reason: i.rejection_reason,
        }
    }
}

/// A location's DECT uploads, newest first, with their state and any rejection reason.
#[utoipa::path(
    tag = "licenses",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    responses(
        (status = 200, description = "The uploads", body = Vec<DectImportView>),
        (status = 404, description = "No such location", body = ErrorBody),
    )
)]
#[get("/locations/{id}/dect-imports")]
pub async fn location_dect_imports(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Vec<DectImportView>>, ApiError> {
    let id: LocationId = path_id(&id, "location")?;
    let scope = caller.scope();
    let imports = state.db(move |c| dect::for_location(c, scope, id)).await?;
    Ok(web::Json(imports.into_iter().map(Into::into).collect()))
}

/// Which imports to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DectImportQuery {
    /// Default `pending`: the queue to review.
    pub state: Option<DectImportStateView>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// DECT imports in one state (default: pending), oldest first, with their parsed content.
#[utoipa::path(
    tag = "admin",
    params(DectImportQuery),
    responses(
        (status = 200, description = "A page of imports", body = Paged<DectImportView>),
        (status = 400, description = "Bad paging or state", body = ErrorBody),
        (status = 403, description = "Not a vendor admin", body = ErrorBody),
    )
)]
#[get("/admin/dect-imports")]
pub async fn list_dect_imports(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<DectImportQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let ListQuery { query, format } = query;
    let page = lms_store::PageRequest::new(query.limit, query.cursor.as_deref())?;
    let wanted: DectImportState = query.state.unwrap_or(DectImportStateView::Pending).into();
    export::respond(
        state.list_pool(&caller).await?,
        format,
        &lists::DECT_IMPORTS,
        page,
        move |c, page| Ok(dect::list(c, wanted, page)?.map(DectImportView::from)),
    )
    .await
}

/// An approved import and the location's new license file.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovedDectImportView {
    pub import: DectImportView,
    pub license_file: FileLink,
}

/// Approve a pending DECT import: its licenses become activated on the location (a PO of
/// the partner's own, origin `dect_upload`) and a new license file is signed.
#[utoipa::path(
    tag = "admin",
    params(("id" = uuid::Uuid, Path, description = "Upload id")),
    responses(
        (status = 200, description = "Approved and activated", body = ApprovedDectImportView),
        (status = 403, description = "Not a vendor admin", body = ErrorBody),
        (status = 404, description = "No such requested import", body = ErrorBody),
        (status = 409, description = "DECT_IMPORT_NOT_PENDING: decided already", body = ErrorBody),
        (status = 409, description = "Licenses were activated on the location since the request", body = ErrorBody),
    )
)]
#[post("/admin/dect-imports/{id}/approve")]
pub async fn approve_dect_import(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ApprovedDectImportView>, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let id: UploadId = path_id(&id, "DECT import")?;
    let (actor, key) = (caller.actor(), state.keyring.current.clone());
    let now = state.clock.now();
    let (import, file) = state
        .db(move |c| dect::approve(c, &actor, id, &key, now))
        .await?;
    let license_file = link(import.location_id, &file);
    Ok(web::Json(ApprovedDectImportView {
        import: import.into(),
        license_file,
    }))
}

/// Why an import is rejected.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "The PARI's purchase history does not show these licenses."}))]
pub struct RejectBody {
    /// Shown to the partner; 1 to 500 characters.
    // No maxLength: the limit counts the trimmed text, which a schema cannot.
    pub reason: String,
}

/// Reject a pending DECT import with a reason the partner sees; nothing is activated.
#[utoipa::path(
    tag = "admin",
    params(("id" = uuid::Uuid, Path, description = "Upload id")),
    request_body = RejectBody,
    responses(
        (status = 200, description = "Rejected", body = DectImportView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Not a vendor admin", body = ErrorBody),
        (status = 404, description = "No such requested import", body = ErrorBody),
        (status = 409, description = "DECT_IMPORT_NOT_PENDING: decided already", body = ErrorBody),
        (status = 422, description = "Empty or long reason", body = ErrorBody),
    )
)]
#[post("/admin/dect-imports/{id}/reject")]
pub async fn reject_dect_import(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<RejectBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let id: UploadId = path_id(&id, "DECT import")?;
    let (actor, reason) = (caller.actor(), body.into_inner().reason);
    let now = state.clock.now();
    let import = state
        .db(move |c| dect::reject(c, &actor, id, &reason, now))
        .await?;
    Ok(HttpResponse::Ok().json(DectImportView::from(import)))
}
