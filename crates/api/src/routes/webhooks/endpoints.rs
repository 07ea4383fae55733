//! `/admin/webhook-endpoints`: the URLs events are sent to, the event types each wants, its
//! signing secret (shown once, at creation and at each rotation), enabled or not. The
//! endpoint of `LMS_BUSINESSNET_WEBHOOK_URL` is listed too but changed only by the
//! configuration (409 `ENDPOINT_MANAGED_BY_CONFIGURATION`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use lms_domain::ErrorCode;
use lms_domain::field::optional_text;
use lms_domain::ids::WebhookEndpointId;
use lms_domain::party::Role;
use lms_domain::webhook::endpoint::{URL_MAX, URL_PATTERN};
use lms_domain::webhook::{EndpointError, EndpointUrl, EventType, EventTypes, WebhookSecret};
use lms_store::webhooks::endpoints::{
    self, Endpoint, EndpointChanges, EndpointFailed, NewEndpoint,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::export::{self, ListQuery, lists};
use crate::extract::{Json, nullable, path_id, present};
use crate::routes::Paged;
use crate::routes::admin::PageQuery;
use crate::state::AppState;

/// The most characters of a description, once trimmed.
const DESCRIPTION_MAX: usize = 500;

/// An endpoint to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://businessnet.example/lms-events", "event_types": ["license.shipped", "license.activated"], "description": "Order desk"}))]
pub struct WebhookEndpointBody {
    /// `http` or `https`, a host name or IPv4 address, no credentials, no fragment.
    #[schema(schema_with = url_schema)]
    pub url: String,
    /// The event types it receives (at least one).
    #[schema(min_items = 1)]
    pub event_types: Vec<EventType>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub description: Option<String>,
    /// Default `true`.
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// Changes to an endpoint: absent fields stay; `null` clears the description.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"enabled": false}))]
pub struct WebhookEndpointPatch {
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = url_schema)]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Vec<EventType>, min_items = 1)]
    pub event_types: Option<Vec<EventType>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = bool)]
    pub enabled: Option<bool>,
}

/// The schema of an endpoint URL: the domain's pattern and length.
fn url_schema() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .pattern(Some(URL_PATTERN))
        .max_length(Some(URL_MAX))
        .examples([serde_json::json!("https://businessnet.example/lms-events")])
        .build()
}

/// An endpoint (its secret is never listed).
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEndpointView {
    pub id: uuid::Uuid,
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<EventType>,
    pub enabled: bool,
    /// Configured by `LMS_BUSINESSNET_WEBHOOK_URL`: changed only by the configuration.
    pub managed_by_config: bool,
    /// After a rotation, until when the previous secret also signs (a second signature).
    pub previous_secret_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Endpoint> for WebhookEndpointView {
    fn from(e: Endpoint) -> Self {
        Self {
            id: e.id.0,
            url: e.url,
            description: e.description,
            event_types: e.event_types.as_slice().to_vec(),
            enabled: e.enabled,
            managed_by_config: e.managed_by_config,
            previous_secret_until: e.previous_secret_until,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// An endpoint with its new signing secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEndpointWithSecret {
    #[serde(flatten)]
    pub endpoint: WebhookEndpointView,
    /// `whsec_…`: the receiver verifies `webhook-signature` with it. Not shown again.
    pub secret: String,
}

impl From<EndpointFailed> for ApiError {
    fn from(e: EndpointFailed) -> Self {
        let message = e.to_string();
        match e {
            EndpointFailed::NotFound(_) => Self::not_found("webhook endpoint"),
            EndpointFailed::ManagedByConfiguration => Self::new(
                StatusCode::CONFLICT,
                ErrorCode::EndpointManagedByConfiguration,
                message,
            ),
            EndpointFailed::Invalid(rule) => invalid(rule),
            EndpointFailed::Db(d) => d.into(),
        }
    }
}

/// 422 naming the field an endpoint rule is about.
fn invalid(rule: EndpointError) -> ApiError {
    let field = match rule {
        EndpointError::NoEventTypes => "/event_types",
        _ => "/url",
    };
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidField,
        rule.to_string(),
    )
    .with_field(field)
}

/// A fresh secret from the system's random numbers.
fn new_secret() -> WebhookSecret {
    WebhookSecret::from_key(rand::random())
}

/// The answer that shows a secret: never cached.
fn with_secret(status: StatusCode, endpoint: Endpoint, secret: &WebhookSecret) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(WebhookEndpointWithSecret {
            endpoint: endpoint.into(),
            secret: secret.expose(),
        })
}

/// Add a webhook endpoint (vendor admins). It receives the events of its types recorded
/// from now on, signed with the secret in this answer, which is not shown again; so the
/// call refuses an `Idempotency-Key` (its reply would have to be stored).
#[utoipa::path(
    tag = "webhooks",
    request_body = WebhookEndpointBody,
    responses(
        (status = 201, description = "Added; the secret is in this answer only", body = WebhookEndpointWithSecret),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 422, description = "A URL or description the rules refuse", body = ErrorBody),
    )
)]
#[post("/admin/webhook-endpoints")]
pub async fn create_webhook_endpoint(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<WebhookEndpointBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let body = body.into_inner();
    let new = NewEndpoint {
        url: EndpointUrl::parse(&body.url).map_err(invalid)?,
        description: optional_text("description", body.description.as_deref(), DESCRIPTION_MAX)?,
        event_types: EventTypes::new(&body.event_types).map_err(invalid)?,
        enabled: body.enabled.unwrap_or(true),
    };
    let secret = new_secret();
    let (sealer, now) = (state.webhook_secrets.clone(), state.clock.now());
    let kept = secret.clone();
    let endpoint = state
        .db(move |c| endpoints::create(c, &sealer, &new, &kept, now))
        .await?;
    Ok(with_secret(StatusCode::CREATED, endpoint, &secret))
}

/// Webhook endpoints, oldest first (vendor admins).
#[utoipa::path(
    tag = "webhooks",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of endpoints", body = Paged<WebhookEndpointView>),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
    )
)]
#[get("/admin/webhook-endpoints")]
pub async fn list_webhook_endpoints(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let page = query.query.page()?;
    export::respond(
        state.list_pool(&caller).await?,
        query.format,
        &lists::WEBHOOK_ENDPOINTS,
        page,
        |c, page| Ok(endpoints::list(c, page)?.map(WebhookEndpointView::from)),
    )
    .await
}

/// One webhook endpoint (vendor admins).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = uuid::Uuid, Path, description = "Endpoint id")),
    responses(
        (status = 200, description = "The endpoint", body = WebhookEndpointView),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 404, description = "No such endpoint", body = ErrorBody),
    )
)]
#[get("/admin/webhook-endpoints/{id}")]
pub async fn get_webhook_endpoint(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<WebhookEndpointView>, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let id: WebhookEndpointId = path_id(&id, "webhook endpoint")?;
    let endpoint = state.db(move |c| endpoints::get(c, id)).await?;
    Ok(web::Json(endpoint.into()))
}

/// Change a webhook endpoint's URL, event types or description, or disable or enable it
/// (vendor admins). Messages already queued keep going to it while it is enabled.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = uuid::Uuid, Path, description = "Endpoint id")),
    request_body = WebhookEndpointPatch,
    responses(
        (status = 200, description = "Changed", body = WebhookEndpointView),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 404, description = "No such endpoint", body = ErrorBody),
        (status = 409, description = "ENDPOINT_MANAGED_BY_CONFIGURATION: change LMS_BUSINESSNET_WEBHOOK_URL instead", body = ErrorBody),
        (status = 422, description = "A URL or description the rules refuse", body = ErrorBody),
    )
)]
#[patch("/admin/webhook-endpoints/{id}")]
pub async fn update_webhook_endpoint(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<WebhookEndpointPatch>,
) -> Result<web::Json<WebhookEndpointView>, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let id: WebhookEndpointId = path_id(&id, "webhook endpoint")?;
    let body = body.into_inner();
    let changes = EndpointChanges {
        url: body
            .url
            .as_deref()
            .map(EndpointUrl::parse)
            .transpose()
            .map_err(invalid)?,
        description: body
            .description
            .map(|d| optional_text("description", d.as_deref(), DESCRIPTION_MAX))
            .transpose()?,
        event_types: body
            .event_types
            .map(|t| EventTypes::new(&t))
            .transpose()
            .map_err(invalid)?,
        enabled: body.enabled,
    };
    let now = state.clock.now();
    let endpoint = state
        .db(move |c| endpoints::update(c, id, &changes, now))
        .await?;
    Ok(web::Json(endpoint.into()))
}

/// Give a webhook endpoint a new signing secret (vendor admins), shown in this answer only.
/// For 24 hours every message carries a second signature made with the previous secret, so
/// the receiver can switch without refusing one. Refuses an `Idempotency-Key`.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = uuid::Uuid, Path, description = "Endpoint id")),
    responses(
        (status = 200, description = "The new secret, in this answer only", body = WebhookEndpointWithSecret),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 404, description = "No such endpoint", body = ErrorBody),
        (status = 409, description = "ENDPOINT_MANAGED_BY_CONFIGURATION: change LMS_BUSINESSNET_WEBHOOK_SECRET instead", body = ErrorBody),
    )
)]
#[post("/admin/webhook-endpoints/{id}/secret-rotation")]
pub async fn rotate_webhook_secret(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let id: WebhookEndpointId = path_id(&id, "webhook endpoint")?;
    let secret = new_secret();
    let (sealer, now, kept) = (
        state.webhook_secrets.clone(),
        state.clock.now(),
        secret.clone(),
    );
    let endpoint = state
        .db(move |c| endpoints::rotate_secret(c, &sealer, id, &kept, now))
        .await?;
    Ok(with_secret(StatusCode::OK, endpoint, &secret))
}

/// Delete a webhook endpoint with its messages and their attempts (vendor admins).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = uuid::Uuid, Path, description = "Endpoint id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 404, description = "No such endpoint", body = ErrorBody),
        (status = 409, description = "ENDPOINT_MANAGED_BY_CONFIGURATION: unset LMS_BUSINESSNET_WEBHOOK_URL instead", body = ErrorBody),
    )
)]
#[delete("/admin/webhook-endpoints/{id}")]
pub async fn delete_webhook_endpoint(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let id: WebhookEndpointId = path_id(&id, "webhook endpoint")?;
    state.db(move |c| endpoints::delete(c, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
