//! SWA reships: a distributor sends SWA units to one of its dealers (earliest expiry first,
//! the expiry travels with the units), and lists what it resold.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use lms_domain::party::Role;
use lms_domain::reship::SwaReshipDraft;
use lms_store::swa::{self, SwaReship, SwaReshipError, SwaReshipLot};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::export::{self, ListQuery, lists};
use crate::extract::Json;
use crate::routes::Paged;
use crate::state::AppState;

/// How many SWA units to reship, and to whom.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"dealer_email": "dana@dealer.example", "so_number": "SO-SWA-17", "po_number": "PO-SWA-17", "units": 120}))]
pub struct SwaReshipBody {
    /// The e-mail of one of the dealer's users; the distributor needs a shipping allowance
    /// for that dealer.
    #[schema(schema_with = lms_domain::party::required_email_schema)]
    pub dealer_email: String,
    #[schema(min_length = 1, max_length = 40)]
    pub so_number: String,
    /// The PO number the dealer's SWA POs get (one per expiry date).
    #[schema(min_length = 1, max_length = 40)]
    pub po_number: String,
    #[schema(minimum = 1, maximum = 1_000_000)]
    pub units: i64,
}

/// An SWA reship: to whom, under which numbers, how many units, from where to where.
#[derive(Debug, Serialize, ToSchema)]
pub struct SwaReshipView {
    pub id: String,
    pub dealer_id: uuid::Uuid,
    pub dealer_name: String,
    pub po_number: String,
    pub so_number: String,
    pub units: i32,
    pub created_at: DateTime<Utc>,
    /// The units by the distributor's SWA PO they came from, earliest expiry first.
    pub lots: Vec<SwaReshipLotView>,
}

/// Units of one of the distributor's SWA POs and the dealer's SWA PO they arrived on, with
/// the expiry they keep.
#[derive(Debug, Serialize, ToSchema)]
pub struct SwaReshipLotView {
    pub source_swa_po_id: uuid::Uuid,
    pub dealer_swa_po_id: uuid::Uuid,
    pub expires_on: NaiveDate,
    pub units: i32,
}

impl From<SwaReship> for SwaReshipView {
    fn from(r: SwaReship) -> Self {
        Self {
            id: r.id,
            dealer_id: r.dealer_id.0,
            dealer_name: r.dealer_name,
            po_number: r.po_number,
            so_number: r.so_number,
            units: r.units,
            created_at: r.created_at,
            lots: r.lots.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<SwaReshipLot> for SwaReshipLotView {
    fn from(l: SwaReshipLot) -> Self {
        Self {
            source_swa_po_id: l.source_swa_po_id.0,
            dealer_swa_po_id: l.dealer_swa_po_id.0,
            expires_on: l.expires_on,
            units: l.units,
        }
    }
}

impl From<SwaReshipError> for ApiError {
    fn from(e: SwaReshipError) -> Self {
        match e {
            SwaReshipError::Refused(r) => r.into(),
            SwaReshipError::Units(e) => Self::from(e).with_field("/units"),
            SwaReshipError::Db(d) => d.into(),
        }
    }
}

/// Reship SWA units to a dealer (`swa_distributor_admin`): unexpired units leave the
/// distributor's SWA bin earliest expiry first and arrive in the dealer's with the same
/// expiry, one SWA PO (origin `reship`) per expiry date, in one transaction.
#[utoipa::path(
    tag = "swa",
    request_body = SwaReshipBody,
    responses(
        (status = 201, description = "Reshipped", body = SwaReshipView),
        (status = 403, description = "Not an SWA distributor admin, or no shipping allowance for a dealer with a user of that e-mail", body = ErrorBody),
        (status = 409, description = "Not enough unexpired units (`details`: needed, available, missing), or an SWA PO number the dealer already has", body = ErrorBody),
        (status = 422, description = "A field out of range", body = ErrorBody),
    )
)]
#[post("/swa-reships")]
pub async fn create_swa_reship(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<SwaReshipBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::SwaDistributorAdmin)?;
    let body = body.into_inner();
    let draft = SwaReshipDraft::parse(
        &body.dealer_email,
        &body.so_number,
        &body.po_number,
        body.units,
    )?;
    let (actor, now) = (caller.actor(), state.clock.now());
    let done = state
        .db(move |c| swa::reship_units(c, &actor, &draft, now))
        .await?;
    Ok(HttpResponse::Created().json(SwaReshipView::from(done)))
}

/// A page of SWA reships.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SwaReshipsQuery {
    /// Items per page, 1–200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Resold SWA units: the distributor's SWA reships, newest first (`swa_distributor_admin`).
#[utoipa::path(
    tag = "swa",
    params(SwaReshipsQuery),
    responses(
        (status = 200, description = "A page of SWA reships", body = Paged<SwaReshipView>),
        (status = 400, description = "Bad paging", body = ErrorBody),
        (status = 403, description = "Not an SWA distributor admin", body = ErrorBody),
    )
)]
#[get("/swa-reships")]
pub async fn list_swa_reships(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<SwaReshipsQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::SwaDistributorAdmin)?;
    let ListQuery { query, format } = query;
    let page = lms_store::PageRequest::new(query.limit, query.cursor.as_deref())?;
    let scope = caller.scope();
    export::respond(
        state.list_pool(&caller).await?,
        format,
        &lists::SWA_RESHIPS,
        page,
        move |c, page| Ok(swa::list_reships(c, scope, page)?.map(SwaReshipView::from)),
    )
    .await
}
