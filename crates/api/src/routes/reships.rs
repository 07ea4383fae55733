//! Reships: a distributor sends licenses from its bin to one of its dealers, and lists what
//! it resold.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use lms_domain::ErrorCode;
use lms_domain::ids::{PartnerId, PoLineId};
use lms_domain::reship::ReshipDraft;
use lms_store::reships::{self, ChannelRefusal, Reship, ReshipError, ReshipFilter};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::export::{self, ListQuery, lists};
use crate::extract::Json;
use crate::routes::Paged;
use crate::state::AppState;

/// What to reship, and to whom.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"dealer_email": "dana@dealer.example", "so_number": "SO-D-17", "po_number": "PO-DEALER-17", "lines": [{"po_line_id": "0b8f1d0e-2c55-4a8e-9d0c-3f1a7a2b9c11", "quantity": 4}]}))]
pub struct ReshipBody {
    /// The e-mail of one of the dealer's users; the distributor needs a shipping allowance
    /// for that dealer.
    #[schema(schema_with = lms_domain::party::required_email_schema)]
    pub dealer_email: String,
    #[schema(min_length = 1, max_length = 40)]
    pub so_number: String,
    /// The PO number the dealer's new PO gets.
    #[schema(min_length = 1, max_length = 40)]
    pub po_number: String,
    /// At least one line, each PO line at most once (a PO line twice is 422).
    #[schema(min_items = 1)]
    pub lines: Vec<ReshipLineBody>,
}

/// A quantity of one PO line of the distributor's bin.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReshipLineBody {
    pub po_line_id: uuid::Uuid,
    #[schema(minimum = 1, maximum = 1_000_000)]
    pub quantity: i64,
}

/// A reship: to whom, under which numbers, what.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReshipView {
    pub id: String,
    pub dealer_id: uuid::Uuid,
    pub dealer_name: String,
    pub po_number: String,
    pub so_number: String,
    /// The PO that arrived in the dealer's bin.
    pub dealer_purchase_order_id: uuid::Uuid,
    pub created_at: DateTime<Utc>,
    pub lines: Vec<ReshipLineView>,
}

/// One reshipped line.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReshipLineView {
    /// The distributor's PO line it came from.
    pub po_line_id: uuid::Uuid,
    pub part_number: String,
    pub quantity: i32,
}

impl From<Reship> for ReshipView {
    fn from(r: Reship) -> Self {
        Self {
            id: r.id,
            dealer_id: r.dealer_id.0,
            dealer_name: r.dealer_name,
            po_number: r.po_number,
            so_number: r.so_number,
            dealer_purchase_order_id: r.dealer_po_id.0,
            created_at: r.created_at,
            lines: r
                .lines
                .into_iter()
                .map(|(line, part_number, quantity)| ReshipLineView {
                    po_line_id: line.0,
                    part_number,
                    quantity,
                })
                .collect(),
        }
    }
}

impl From<ChannelRefusal> for ApiError {
    fn from(e: ChannelRefusal) -> Self {
        let message = e.to_string();
        match e {
            ChannelRefusal::NotADistributor => Self::forbidden(message),
            ChannelRefusal::NoAllowance => Self::new(
                StatusCode::FORBIDDEN,
                ErrorCode::NoShippingAllowance,
                message,
            )
            .with_field("/dealer_email"),
            ChannelRefusal::PoExists(_) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::PoExists, message)
                    .with_field("/po_number")
            }
        }
    }
}

impl From<ReshipError> for ApiError {
    fn from(e: ReshipError) -> Self {
        let message = e.to_string();
        match e {
            ReshipError::Refused(r) => r.into(),
            ReshipError::UnknownPoLine { line, po_line } => {
                Self::new(StatusCode::NOT_FOUND, ErrorCode::UnknownPoLine, message)
                    .with_field(format!("/lines/{line}/po_line_id"))
                    .with_details(json!({"po_line_id": po_line}))
            }
            ReshipError::NotEnoughQuantity {
                line,
                part_number,
                available,
                requested,
            } => Self::new(StatusCode::CONFLICT, ErrorCode::NotEnoughQuantity, message)
                .with_field(format!("/lines/{line}/quantity"))
                .with_details(json!({"part_number": part_number, "available": available,
                                     "requested": requested})),
            ReshipError::Db(d) => d.into(),
        }
    }
}

/// Reship licenses to a dealer: the quantities leave the distributor's bin and arrive in
/// the dealer's as a new PO (origin `reship`), in one transaction.
#[utoipa::path(
    tag = "licenses",
    request_body = ReshipBody,
    responses(
        (status = 201, description = "Reshipped", body = ReshipView),
        (status = 403, description = "Not a distributor, or no shipping allowance for a dealer with a user of that e-mail", body = ErrorBody),
        (status = 404, description = "A PO line not in the distributor's bin", body = ErrorBody),
        (status = 409, description = "Not enough quantity on a line (named), or a PO number the dealer already has", body = ErrorBody),
        (status = 422, description = "A field out of range, or a line twice", body = ErrorBody),
    )
)]
#[post("/reships")]
pub async fn create_reship(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<ReshipBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let lines: Vec<(PoLineId, i64)> = body
        .lines
        .iter()
        .map(|l| (PoLineId(l.po_line_id), l.quantity))
        .collect();
    let draft = ReshipDraft::parse(&body.dealer_email, &body.so_number, &body.po_number, &lines)?;
    let (actor, now) = (caller.actor(), state.clock.now());
    let done = state
        .db(move |c| reships::reship(c, &actor, &draft, now))
        .await?;
    Ok(HttpResponse::Created().json(ReshipView::from(done)))
}

/// Which reships to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReshipsQuery {
    /// Only those to this dealer.
    pub dealer_id: Option<uuid::Uuid>,
    /// Only those made at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only those made before this time.
    pub to: Option<DateTime<Utc>>,
    /// Items per page, 1–200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Resold licenses: the distributor's reships, newest first.
#[utoipa::path(
    tag = "licenses",
    params(ReshipsQuery),
    responses(
        (status = 200, description = "A page of reships", body = Paged<ReshipView>),
        (status = 400, description = "Bad paging or query", body = ErrorBody),
    )
)]
#[get("/reships")]
pub async fn list_reships(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<ReshipsQuery>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { query, format } = query;
    let page = lms_store::PageRequest::new(query.limit, query.cursor.as_deref())?;
    let filter = ReshipFilter {
        dealer: query.dealer_id.map(PartnerId),
        from: query.from,
        to: query.to,
    };
    let scope = caller.scope();
    export::respond(
        state.list_pool(&caller).await?,
        format,
        &lists::RESHIPS,
        page,
        move |c, page| Ok(reships::list(c, scope, filter, page)?.map(ReshipView::from)),
    )
    .await
}
