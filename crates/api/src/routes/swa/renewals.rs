//! Renewing a customer's SWA: quote per location (re-quotable per location and month,
//! optionally co-termed to one end date), then renew all quotable locations at once.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, post, web};
use chrono::NaiveDate;
use lms_domain::ids::{CustomerId, LocationId};
use lms_domain::swa::{self as rules, SwaStatus};
use lms_store::swa::{self, RenewalAsk, RenewalQuote};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::assignments::AssignmentView;
use super::{QuoteView, months, require_swa_role};
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, path_id};
use crate::state::AppState;

/// What to quote: co-term or not, and months per location (12 for any not named).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"co_term": true, "months_by_location": {"3c1f2a9e-0d4b-4f7e-9a51-6b2d8e0c7f14": 24}}))]
pub struct RenewalQuoteBody {
    /// Renew every location to one common end date: the latest end of the locations renewed
    /// for 12 months (at least one must be).
    #[serde(default)]
    pub co_term: bool,
    /// Months (1 to 120) by location id.
    #[serde(default)]
    #[schema(schema_with = months_by_location)]
    pub months_by_location: Option<BTreeMap<uuid::Uuid, i64>>,
}

/// `{"<location id>": months}`: location ids as keys, 1 to 120 months each; or `null`.
fn months_by_location() -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{AdditionalProperties, SchemaType, Type};
    use utoipa::openapi::{KnownFormat, ObjectBuilder, SchemaFormat};
    let months = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .maximum(Some(i64::from(super::MAX_MONTHS)));
    let ids = ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)));
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Object, Type::Null]))
        .property_names(Some(ids))
        .additional_properties(Some(AdditionalProperties::RefOr(months.build().into())))
        .description(Some(
            "Months (1 to 120) by location id; 12 for a location not named.",
        ))
        .build()
}

/// What to renew: the quote's body, with a reference and whether to skip the cooling-off.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"co_term": true, "reference": "RENEWAL-2026"}))]
pub struct RenewalBody {
    #[serde(default)]
    pub co_term: bool,
    #[serde(default)]
    #[schema(schema_with = months_by_location)]
    pub months_by_location: Option<BTreeMap<uuid::Uuid, i64>>,
    /// The partner's reference; `renewal` when absent or blank.
    #[schema(min_length = 1, max_length = 100)]
    pub reference: Option<String>,
    /// Skip the 24-hour cooling-off.
    #[serde(default)]
    pub process_immediately: bool,
}

fn ask(
    co_term: bool,
    months_by_location: Option<BTreeMap<uuid::Uuid, i64>>,
) -> Result<RenewalAsk, ApiError> {
    let months_by_location = months_by_location
        .unwrap_or_default()
        .into_iter()
        .map(|(id, m)| {
            Ok((
                LocationId(id),
                months(&format!("/months_by_location/{id}"), m)?,
            ))
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(RenewalAsk {
        co_term,
        months_by_location,
    })
}

/// One location of a renewal quote.
#[derive(Debug, Serialize, ToSchema)]
pub struct RenewalLineView {
    pub location_id: uuid::Uuid,
    pub location_name: String,
    pub swa_status: SwaStatus,
    #[serde(flatten)]
    pub quote: QuoteView,
}

/// A customer's renewal quote: every location, quoted or with the reason it cannot be.
#[derive(Debug, Serialize, ToSchema)]
pub struct RenewalQuoteView {
    pub co_term: bool,
    /// With co-term: the day every renewed location's SWA ends.
    pub common_expires_on: Option<NaiveDate>,
    pub locations: Vec<RenewalLineView>,
    /// Units of every location that can be renewed.
    pub total_units: u64,
    /// Unexpired SWA units available in the bin now.
    pub available_units: Option<i64>,
    /// Units the bin lacks to renew as quoted (0 when it covers the total).
    pub missing_units: u64,
}

impl From<RenewalQuote> for RenewalQuoteView {
    fn from(q: RenewalQuote) -> Self {
        Self {
            co_term: q.co_term,
            common_expires_on: q.common_expires_on,
            locations: q
                .lines
                .into_iter()
                .map(|l| {
                    let months = l
                        .outcome
                        .map_or(rules::renewal::DEFAULT_MONTHS, |q| q.months);
                    RenewalLineView {
                        location_id: l.location_id.0,
                        location_name: l.location_name,
                        swa_status: l.status,
                        quote: QuoteView::new(months, l.outcome),
                    }
                })
                .collect(),
            total_units: q.total_units,
            available_units: q.available_units,
            missing_units: q.available_units.map_or(0, |a| {
                q.total_units
                    .saturating_sub(u64::try_from(a.max(0)).unwrap_or(0))
            }),
        }
    }
}

/// Quote renewing a customer's SWA: "today, 12 months" per location unless re-quoted; each
/// location is quoted or says why it cannot be.
#[utoipa::path(
    tag = "swa",
    params(("id" = uuid::Uuid, Path, description = "Customer id")),
    request_body = RenewalQuoteBody,
    responses(
        (status = 200, description = "The quote", body = RenewalQuoteView),
        (status = 403, description = "No SWA role", body = ErrorBody),
        (status = 404, description = "No such customer for this partner, or a location in months_by_location that is not this customer's", body = ErrorBody),
        (status = 409, description = "Co-term without a location renewed for 12 months", body = ErrorBody),
        (status = 422, description = "Months out of range", body = ErrorBody),
    )
)]
#[post("/customers/{id}/swa-renewal-quotes")]
pub async fn quote_swa_renewal(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<RenewalQuoteBody>,
) -> Result<web::Json<RenewalQuoteView>, ApiError> {
    require_swa_role(&caller)?;
    let id: CustomerId = path_id(&id, "customer")?;
    let body = body.into_inner();
    let ask = ask(body.co_term, body.months_by_location)?;
    let (scope, now, policy) = (caller.scope(), state.clock.now(), state.swa);
    let quote = state
        .db(move |c| swa::quote_renewal(c, scope, id, &ask, policy, now))
        .await?;
    Ok(web::Json(quote.into()))
}

/// Renewed locations.
#[derive(Debug, Serialize, ToSchema)]
pub struct RenewalView {
    /// One assignment per renewed location.
    pub items: Vec<AssignmentView>,
    pub total_units: i64,
}

/// Renew a customer's SWA as quoted, in one transaction: every location that can be renewed
/// is, or none (a location named in `months_by_location` that cannot be renewed refuses
/// the whole renewal).
#[utoipa::path(
    tag = "swa",
    params(("id" = uuid::Uuid, Path, description = "Customer id")),
    request_body = RenewalBody,
    responses(
        (status = 201, description = "The renewals", body = RenewalView),
        (status = 403, description = "No SWA role", body = ErrorBody),
        (status = 404, description = "No such customer for this partner, or a location in months_by_location that is not this customer's", body = ErrorBody),
        (status = 409, description = "Co-term without a 12-month location, a named location that cannot be renewed (the code says why), nothing to renew, or not enough units", body = ErrorBody),
        (status = 422, description = "Months out of range, or a bad reference", body = ErrorBody),
    )
)]
#[post("/customers/{id}/swa-renewals")]
pub async fn renew_swa(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<RenewalBody>,
) -> Result<HttpResponse, ApiError> {
    require_swa_role(&caller)?;
    let id: CustomerId = path_id(&id, "customer")?;
    let body = body.into_inner();
    let ask = ask(body.co_term, body.months_by_location)?;
    // A blank reference is no reference.
    let reference = match body.reference.as_deref() {
        Some(r) if !r.trim().is_empty() => rules::reference(r)?,
        _ => "renewal".to_owned(),
    };
    let immediately = body.process_immediately;
    let (actor, now, policy) = (caller.actor(), state.clock.now(), state.swa);
    let renewed = state
        .db(move |c| {
            swa::renew(
                c,
                &actor,
                id,
                &ask,
                &reference,
                immediately,
                policy,
                now,
                &mut rand::rng(),
            )
        })
        .await?;
    let items: Vec<AssignmentView> = renewed.into_iter().map(Into::into).collect();
    Ok(HttpResponse::Created().json(RenewalView {
        total_units: items.iter().map(|a| a.total_units).sum(),
        items,
    }))
}
