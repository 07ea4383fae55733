//! Operations endpoints, outside `/api/v1`: liveness, readiness, metrics.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use sha2::{Digest, Sha256};

use crate::auth::bearer_token;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Health answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Up", body = Health)), security(()))]
#[get("/healthz")]
pub async fn healthz() -> web::Json<Health> {
    web::Json(Health { status: "ok" })
}

/// The database answers.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "Database unreachable", body = ErrorBody),
    ),
    security(())
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<web::Json<Health>, ApiError> {
    state
        .db(|c| lms_store::db::ping(c).map_err(|e| ApiError::unavailable(&e)))
        .await?;
    Ok(web::Json(Health { status: "ok" }))
}

/// Prometheus metrics: requests and latency by route and status. When the server has a
/// metrics token (`LMS_METRICS_TOKEN`), only `Authorization: Bearer <token>` may read them.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"),
        (status = 401, description = "A metrics token is configured and was not sent", body = ErrorBody),
    ),
    security((), ("metrics_token" = []))
)]
#[get("/metrics")]
pub async fn metrics(
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
) -> Result<HttpResponse, ApiError> {
    if let Some(expected) = &state.metrics_token {
        let sent = bearer_token(req.headers()).unwrap_or_default();
        // Compare digests: equal length, so the comparison leaks nothing about the token.
        if Sha256::digest(sent.as_bytes()) != Sha256::digest(expected.as_bytes()) {
            return Err(ApiError::unauthenticated(
                "send Authorization: Bearer <metrics token>",
            ));
        }
    }
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render().map_err(ApiError::internal)?))
}
