//! Quote a location, assign SWA units to it, and the assignment's cooling-off: list,
//! activate at once, cancel.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use lms_domain::ErrorCode;
use lms_domain::ids::{LocationId, SwaAssignmentId};
use lms_domain::swa::{self as rules, AssignmentState};
use lms_store::swa::{self, AssignRequest, Assignment, AssignmentFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{QuoteView, months, require_swa_role};
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::export::{self, ListQuery, lists};
use crate::extract::{Json, path_id};
use crate::state::AppState;

/// The term to quote.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"months": 12}))]
pub struct QuoteBody {
    /// 1 to 120; the rate table says which terms can be quoted.
    #[schema(minimum = 1, maximum = 120)]
    pub months: i64,
}

/// Quote SWA for a location: the units a term costs, with reinstatement units for the
/// months it went without SWA, or (`reason`) why no quote can be given.
#[utoipa::path(
    tag = "swa",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    request_body = QuoteBody,
    responses(
        (status = 200, description = "The quote, or the reason there is none", body = QuoteView),
        (status = 403, description = "No SWA role", body = ErrorBody),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
        (status = 422, description = "Months out of range", body = ErrorBody),
    )
)]
#[post("/locations/{id}/swa-quotes")]
pub async fn quote_swa(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<QuoteBody>,
) -> Result<web::Json<QuoteView>, ApiError> {
    require_swa_role(&caller)?;
    let id: LocationId = path_id(&id, "location")?;
    let months = months("/months", body.into_inner().months)?;
    let (scope, now, policy) = (caller.scope(), state.clock.now(), state.swa);
    let outcome = state
        .db(move |c| swa::quote_location(c, scope, id, months, policy, now))
        .await?;
    Ok(web::Json(QuoteView::new(months, outcome)))
}

fn must_approve() -> utoipa::openapi::Object {
    crate::openapi::only_true("Must be `true`: the units leave the bin.")
}

/// What to assign.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"months": 12, "reference": "ORDER-4711", "approve": true, "process_immediately": false}))]
pub struct AssignBody {
    #[schema(minimum = 1, maximum = 120)]
    pub months: i64,
    /// The partner's reference, e.g. its order number.
    #[schema(min_length = 1, max_length = 100)]
    pub reference: String,
    #[schema(schema_with = must_approve)]
    pub approve: bool,
    /// Skip the 24-hour cooling-off: active at once, no longer cancellable.
    #[serde(default)]
    pub process_immediately: bool,
}

/// An SWA assignment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentView {
    pub id: uuid::Uuid,
    pub location_id: uuid::Uuid,
    pub location_name: String,
    /// `assignment` or `renewal`.
    pub kind: AssignmentKind,
    /// `cooling_off` (cancellable until `cooling_off_until`), `active` or `cancelled`.
    pub status: AssignmentState,
    pub reference: String,
    /// Unique; in force once active.
    pub agreement_number: String,
    pub months: i32,
    pub units: i32,
    pub reinstatement_units: i32,
    pub total_units: i64,
    pub starts_on: NaiveDate,
    pub expires_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    /// When the assignment becomes active by itself.
    pub cooling_off_until: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// What made an assignment.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentKind {
    Assignment,
    Renewal,
}

impl From<Assignment> for AssignmentView {
    fn from(a: Assignment) -> Self {
        Self {
            id: a.id.0,
            location_id: a.location_id.0,
            location_name: a.location_name,
            kind: if a.renewal {
                AssignmentKind::Renewal
            } else {
                AssignmentKind::Assignment
            },
            status: a.state,
            reference: a.reference,
            agreement_number: a.agreement_number,
            months: a.months,
            units: a.units,
            reinstatement_units: a.reinstatement_units,
            total_units: i64::from(a.units) + i64::from(a.reinstatement_units),
            starts_on: a.starts_on,
            expires_on: a.expires_on,
            created_at: a.created_at,
            cooling_off_until: a.cooling_off_until,
            activated_at: a.activated_at,
            cancelled_at: a.cancelled_at,
        }
    }
}

/// Assign SWA to a location: the quoted units leave the bin (earliest expiry first) and
/// are held for a 24-hour cooling-off, after which the assignment is active by itself;
/// `process_immediately` activates it at once.
#[utoipa::path(
    tag = "swa",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    request_body = AssignBody,
    responses(
        (status = 201, description = "The assignment", body = AssignmentView),
        (status = 403, description = "No SWA role", body = ErrorBody),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
        (status = 409, description = "No quote can be given (the code says why), or not enough unexpired units (`details`: needed, available, missing)", body = ErrorBody),
        (status = 422, description = "Not approved, months out of range, or no reference", body = ErrorBody),
    )
)]
#[post("/locations/{id}/swa-assignments")]
pub async fn assign_swa(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<AssignBody>,
) -> Result<HttpResponse, ApiError> {
    require_swa_role(&caller)?;
    let id: LocationId = path_id(&id, "location")?;
    let body = body.into_inner();
    rules::check_approval(body.approve).map_err(|e| {
        ApiError::new(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ApprovalRequired,
            e.to_string(),
        )
        .with_field("/approve")
    })?;
    let request = AssignRequest {
        months: months("/months", body.months)?,
        reference: rules::reference(&body.reference)?,
        process_immediately: body.process_immediately,
    };
    let (actor, now, policy) = (caller.actor(), state.clock.now(), state.swa);
    let assigned = state
        .db(move |c| swa::assign(c, &actor, id, &request, policy, now, &mut rand::rng()))
        .await?;
    Ok(HttpResponse::Created().json(AssignmentView::from(assigned)))
}

/// Which assignments to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AssignmentsQuery {
    /// Only this location's.
    pub location_id: Option<uuid::Uuid>,
    /// Only those in this state.
    pub status: Option<AssignmentState>,
}

/// SWA assignments.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentsView {
    pub items: Vec<AssignmentView>,
}

/// The partner's SWA assignments, newest first (at most 500).
#[utoipa::path(
    tag = "swa",
    params(AssignmentsQuery),
    responses(
        (status = 200, description = "The assignments", body = AssignmentsView),
        (status = 400, description = "Bad query", body = ErrorBody),
        (status = 403, description = "No SWA role", body = ErrorBody),
    )
)]
#[get("/swa-assignments")]
pub async fn list_swa_assignments(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<AssignmentsQuery>,
) -> Result<HttpResponse, ApiError> {
    require_swa_role(&caller)?;
    let ListQuery { query, format } = query;
    let filter = AssignmentFilter {
        location: query.location_id.map(LocationId),
        state: query.status,
    };
    let (scope, now) = (caller.scope(), state.clock.now());
    let found = state
        .db(move |c| swa::list_assignments(c, scope, filter, now))
        .await?;
    let items = found.into_iter().map(AssignmentView::from).collect();
    export::respond_all(format, &lists::SWA_ASSIGNMENTS, items, |items| {
        HttpResponse::Ok().json(AssignmentsView { items })
    })
}

/// End an assignment's cooling-off now: SWA becomes active and can no longer be cancelled.
#[utoipa::path(
    tag = "swa",
    params(("id" = uuid::Uuid, Path, description = "Assignment id")),
    responses(
        (status = 200, description = "The active assignment", body = AssignmentView),
        (status = 403, description = "No SWA role", body = ErrorBody),
        (status = 404, description = "No such assignment for this partner", body = ErrorBody),
        (status = 409, description = "The assignment was cancelled", body = ErrorBody),
    )
)]
#[post("/swa-assignments/{id}/activate")]
pub async fn activate_swa_assignment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<AssignmentView>, ApiError> {
    require_swa_role(&caller)?;
    let id: SwaAssignmentId = path_id(&id, "assignment")?;
    let (actor, now) = (caller.actor(), state.clock.now());
    let done = state.db(move |c| swa::activate(c, &actor, id, now)).await?;
    Ok(web::Json(done.into()))
}

/// Cancel an assignment in its cooling-off: the units go back to the bin.
#[utoipa::path(
    tag = "swa",
    params(("id" = uuid::Uuid, Path, description = "Assignment id")),
    responses(
        (status = 200, description = "The cancelled assignment", body = AssignmentView),
        (status = 403, description = "No SWA role", body = ErrorBody),
        (status = 404, description = "No such assignment for this partner", body = ErrorBody),
        (status = 409, description = "Not in cooling-off any more (active or cancelled)", body = ErrorBody),
    )
)]
#[delete("/swa-assignments/{id}")]
pub async fn cancel_swa_assignment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<AssignmentView>, ApiError> {
    require_swa_role(&caller)?;
    let id: SwaAssignmentId = path_id(&id, "assignment")?;
    let (actor, now) = (caller.actor(), state.clock.now());
    let done = state.db(move |c| swa::cancel(c, &actor, id, now)).await?;
    Ok(web::Json(done.into()))
}
