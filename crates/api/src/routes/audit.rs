//! The audit trail: who did what, when, acting as whom.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use lms_domain::ErrorCode;
use lms_domain::audit::Change;
use lms_store::audit::{self, AuditEvent};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::export::{self, ListQuery, lists};
use crate::routes::Paged;
use crate::state::AppState;

/// One recorded change: `action` names it and `details` says what changed, typed per action.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventView {
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    pub partner_id: Option<uuid::Uuid>,
    /// The user acted as.
    pub user_id: uuid::Uuid,
    /// The distributor user who really acted, when impersonating.
    pub impersonator_id: Option<uuid::Uuid>,
    /// `location`, `customer`, `purchase_order`, `partner`, `shipping_allowance`, `user`,
    /// `api_key` or `swa_purchase_order`.
    pub subject_type: String,
    pub subject_id: String,
    /// `{"action": …, "details": …}`, e.g. `license.attached` with the PO line's available
    /// quantity before and after.
    #[serde(flatten)]
    pub change: Change,
}

impl From<AuditEvent> for AuditEventView {
    fn from(e: AuditEvent) -> Self {
        Self {
            id: e.id,
            occurred_at: e.occurred_at,
            partner_id: e.partner_id.map(|p| p.0),
            user_id: e.user_id.0,
            impersonator_id: e.impersonator_id.map(|u| u.0),
            subject_type: e.subject_type,
            subject_id: e.subject_id,
            change: e.change,
        }
    }
}

/// Filter and paging of the audit trail.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only events about this object (a location, attachment or PO id); an exact match, so
    /// any length answers, but no control character (400 `INVALID_QUERY`).
    #[param(pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub subject: Option<String>,
    /// Items per page, 1–200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The audit trail of the caller's partner (vendor staff: everyone's), oldest first.
#[utoipa::path(
    tag = "licenses",
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of events", body = Paged<AuditEventView>),
        (status = 400, description = "Bad paging", body = ErrorBody),
    )
)]
#[get("/audit-events")]
pub async fn list_audit_events(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { query, format } = query;
    // No stored id holds one, and PostgreSQL text cannot hold a NUL at all.
    if query
        .subject
        .as_deref()
        .is_some_and(|s| s.chars().any(char::is_control))
    {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidQuery,
            "subject must not contain control characters",
        )
        .with_field("subject"));
    }
    let page = lms_store::PageRequest::new(query.limit, query.cursor.as_deref())?;
    let scope = caller.scope();
    let subject = query.subject;
    export::respond(
        state.list_pool(&caller).await?,
        format,
        &lists::AUDIT_EVENTS,
        page,
        move |c, page| {
            Ok(audit::list(c, scope, subject.as_deref(), page)?.map(AuditEventView::from))
        },
    )
    .await
}
