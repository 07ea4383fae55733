//! Free-of-charge licenses while SWA is active or in its grace period.

use actix_web::{HttpResponse, get, post, web};
use lms_domain::ids::LocationId;
use lms_domain::swa::SwaStatus;
use lms_store::swa;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::require_swa_role;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, path_id};
use crate::routes::bin::PartView;
use crate::routes::licenses::AttachmentView;
use crate::state::AppState;

/// What a location may take free of charge now.
#[derive(Debug, Serialize, ToSchema)]
pub struct FreeOfChargeView {
    pub swa_status: SwaStatus,
    /// Empty unless SWA is active, renewable or in its grace period; parts the location
    /// already has are left out.
    pub items: Vec<PartView>,
}

/// The free-of-charge licenses a location may take: the latest version of each part
/// flagged free-of-charge for its system type, while its SWA is active or in grace.
#[utoipa::path(
    tag = "swa",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    responses(
        (status = 200, description = "The offer", body = FreeOfChargeView),
        (status = 403, description = "No SWA role", body = ErrorBody),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
    )
)]
#[get("/locations/{id}/free-of-charge-licenses")]
pub async fn free_of_charge_licenses(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<FreeOfChargeView>, ApiError> {
    require_swa_role(&caller)?;
    let id: LocationId = path_id(&id, "location")?;
    let (scope, now, policy) = (caller.scope(), state.clock.now(), state.swa);
    let (swa_status, parts) = state
        .db(move |c| swa::free_of_charge_offer(c, scope, id, policy, now))
        .await?;
    Ok(web::Json(FreeOfChargeView {
        swa_status,
        items: parts.into_iter().map(Into::into).collect(),
    }))
}

/// The free-of-charge part to attach.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"part_number": "Lic-078"}))]
pub struct FreeOfChargeBody {
    #[schema(min_length = 1, max_length = 40)]
    pub part_number: String,
}

/// Attach a free-of-charge license without a PO; it then activates as usual.
#[utoipa::path(
    tag = "swa",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    request_body = FreeOfChargeBody,
    responses(
        (status = 201, description = "The attachment", body = AttachmentView),
        (status = 403, description = "No SWA role", body = ErrorBody),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
        (status = 409, description = "SWA not active or in grace, a part not offered, or already taken", body = ErrorBody),
    )
)]
#[post("/locations/{id}/free-of-charge-licenses")]
pub async fn attach_free_of_charge(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<FreeOfChargeBody>,
) -> Result<HttpResponse, ApiError> {
    require_swa_role(&caller)?;
    let id: LocationId = path_id(&id, "location")?;
    let part = body.into_inner().part_number;
    let (actor, now, policy) = (caller.actor(), state.clock.now(), state.swa);
    let attached = state
        .db(move |c| swa::attach_free(c, &actor, id, &part, policy, now))
        .await?;
    Ok(HttpResponse::Created().json(AttachmentView::from(attached)))
}
