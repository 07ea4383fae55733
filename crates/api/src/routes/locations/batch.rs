//! `POST /customers/{id}/locations/batch`: an ERP creates up to 100 locations in one call and
//! learns, item by item, what became of each — created, or the error it would have had alone.

use actix_web::{post, web};
use lms_domain::ids::CustomerId;
use lms_domain::location::LocationInput;
use lms_store::locations::{self, BatchError, Created};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{CreatedLocationView, LocationBody};
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody, ErrorDetail};
use crate::extract::path_id;
use crate::extract::{Json, invalid_body};
use crate::state::AppState;

/// The most locations one batch creates.
pub const MAX_BATCH: usize = 100;

/// Locations to create under one customer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchBody {
    /// 1 to 100 locations, each as `POST /customers/{id}/locations` takes it (the
    /// `LocationBody_*` schemas). Each is checked on its own: one that does not fit is that
    /// location's 422 in the results, not the whole request's.
    #[schema(schema_with = batch_items)]
    pub locations: Vec<serde_json::Map<String, serde_json::Value>>,
    /// `true`: create all or none (any refusal rolls the batch back); `false` (default):
    /// create every location that can be.
    #[serde(default)]
    pub all_or_nothing: bool,
}

fn batch_items() -> utoipa::openapi::schema::Array {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(
            utoipa::openapi::schema::ObjectBuilder::new().description(Some(
                "A location body, as `POST /customers/{id}/locations` takes it",
            )),
        )
        .min_items(Some(1))
        .max_items(Some(MAX_BATCH))
        .build()
}

/// What became of each location, in request order.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchView {
    /// How many were created (0 when rolled back).
    pub created: usize,
    /// How many were refused.
    pub failed: usize,
    /// `all_or_nothing` was set and a location was refused: nothing was created.
    pub rolled_back: bool,
    pub results: Vec<BatchItemView>,
}

/// One location's outcome: `status` 201 with `location`, or the status and `error` it
/// would have had alone (`error.field` points into that location's body). After a rollback
/// the locations that would have been created say 424 `BATCH_ROLLED_BACK`.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchItemView {
    pub index: usize,
    pub status: u16,
    pub location: Option<CreatedLocationView>,
    pub error: Option<ErrorDetail>,
}

impl BatchItemView {
    fn created(index: usize, created: Created) -> Self {
        Self {
            index,
            status: 201,
            location: Some(CreatedLocationView::from(created)),
            error: None,
        }
    }

    fn refused(index: usize, error: ApiError) -> Self {
        Self {
            index,
            status: error.status().as_u16(),
            location: None,
            error: Some(error.into_detail()),
        }
    }
}

/// Create up to 100 locations under a customer in one call.
///
/// Each location is created as `POST /customers/{id}/locations` would create it, in one
/// transaction with a savepoint per location: the answer is 200 with a result per location,
/// whatever became of each. With `all_or_nothing` a refusal rolls the whole batch back.
/// Send an `Idempotency-Key` to retry safely.
#[utoipa::path(
    tag = "locations",
    params(("id" = uuid::Uuid, Path, description = "Customer id")),
    request_body = BatchBody,
    responses(
        (status = 200, description = "A result per location", body = BatchView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Vendor staff cannot create locations", body = ErrorBody),
        (status = 404, description = "No such customer for this partner", body = ErrorBody),
        (status = 422, description = "No locations, more than 100, or a body that is not a list of locations", body = ErrorBody),
    )
)]
#[post("/customers/{id}/locations/batch")]
pub async fn create_locations_batch(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<BatchBody>,
) -> Result<web::Json<BatchView>, ApiError> {
    let id: CustomerId = path_id(&id, "customer")?;
    let body = body.into_inner();
    if body.locations.is_empty() || body.locations.len() > MAX_BATCH {
        return Err(lms_domain::field::FieldError::new(
            "locations",
            format!("send 1 to {MAX_BATCH} locations"),
        )
        .into());
    }
    // Each body alone: one that does not fit is that location's 422.
    let parsed: Vec<Result<LocationInput, ApiError>> = body
        .locations
        .into_iter()
        .map(|item| {
            serde_path_to_error::deserialize::<_, LocationBody>(serde_json::Value::Object(item))
                .map(Into::into)
                .map_err(|e| invalid_body(&e))
        })
        .collect();
    let inputs: Vec<LocationInput> = parsed
        .iter()
        .filter_map(|p| p.as_ref().ok().cloned())
        .collect();
    let malformed = inputs.len() < parsed.len();
    let (actor, now, all_or_nothing) = (caller.actor(), state.clock.now(), body.all_or_nothing);
    // With all_or_nothing a malformed location refuses the batch before anything is tried
    // (the customer is still checked, so another partner's answers 404 as alone).
    let tried = if all_or_nothing && malformed {
        let scope = caller.scope();
        state
            .db(move |c| lms_store::customers::get(c, scope, id).map(|_| ()))
            .await?;
        None
    } else {
        let outcome = state
            .db(move |c| {
                // Refused locations are the answer, not an error of the request.
                Ok::<_, ApiError>(locations::create_batch(
                    c,
                    &actor,
                    id,
                    &inputs,
                    all_or_nothing,
                    now,
                    &mut rand::rng(),
                ))
            })
            .await?;
        Some(match outcome {
            Ok(outcomes) => (outcomes, false),
            Err(BatchError::RolledBack(outcomes)) => (outcomes, true),
            Err(BatchError::Location(e)) => return Err(e.into()),
            Err(BatchError::Db(e)) => return Err(e.into()),
        })
    };
    let rolled_back = tried.as_ref().is_none_or(|(_, rolled_back)| *rolled_back);
    let mut outcomes = tried.map(|(o, _)| o).unwrap_or_default().into_iter();
    let results: Vec<BatchItemView> = parsed
        .into_iter()
        .enumerate()
        .map(|(i, parsed)| match parsed {
            Err(e) => BatchItemView::refused(i, e),
            // The outcomes are those of the well-formed locations, in order.
            Ok(_) => match outcomes.next() {
                Some(Err(e)) => BatchItemView::refused(i, e.into()),
                Some(Ok(created)) if !rolled_back => BatchItemView::created(i, created),
                _ => BatchItemView::refused(i, rolled_back_error()),
            },
        })
        .collect();
    let failed = results.iter().filter(|r| r.status != 201).count();
    Ok(web::Json(BatchView {
        created: results.len() - failed,
        failed,
        rolled_back,
        results,
    }))
}

fn rolled_back_error() -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::FAILED_DEPENDENCY,
        lms_domain::ErrorCode::BatchRolledBack,
        "not created: another location of the batch was refused and all_or_nothing is set",
    )
}
