//! `/admin/webhook-messages`: each event on its way to an endpoint — pending, delivered or
//! failed — with its attempts (when, the answer's status or the error, how long), the next
//! try, and redelivery with the same `webhook-id` and body.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use lms_domain::ids::{PartnerId, WebhookEndpointId, WebhookMessageId};
use lms_domain::party::Role;
use lms_domain::webhook::{EventType, MessageStatus, PartnerRef};
use lms_store::PageRequest;
use lms_store::webhooks::messages::{self, Attempt, Message, MessageDetail, MessageFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::export::{self, ListQuery, lists};
use crate::extract::path_id;
use crate::routes::Paged;
use crate::state::AppState;

/// Which messages to list, and the page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MessageQuery {
    /// Only this endpoint's.
    pub endpoint_id: Option<uuid::Uuid>,
    /// Only those in this state.
    pub status: Option<MessageStatus>,
    /// Only events of this type.
    pub event_type: Option<EventType>,
    /// Only this partner's events.
    pub partner_id: Option<uuid::Uuid>,
    /// Items per page, 1–200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A message: one event on its way to one endpoint.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookMessageView {
    pub id: uuid::Uuid,
    /// The event's id, the `webhook-id` of every attempt.
    pub event_id: String,
    pub event_type: EventType,
    pub endpoint_id: uuid::Uuid,
    pub partner: PartnerRef,
    pub status: MessageStatus,
    /// Attempts since it was queued or last redelivered.
    pub attempt_count: i32,
    /// When it is tried next (pending only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// The status the endpoint last answered, if it answered.
    pub last_response_status: Option<i32>,
    /// Why the last attempt got no answer (timeout, connection error), if it got none.
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<Message> for WebhookMessageView {
    fn from(m: Message) -> Self {
        Self {
            id: m.id.0,
            event_id: m.event_id,
            event_type: m.event_type,
            endpoint_id: m.endpoint_id.0,
            partner: PartnerRef {
                id: m.partner_id,
                name: m.partner_name,
            },
            status: m.status,
            attempt_count: m.attempts,
            next_attempt_at: m.next_attempt_at,
            last_attempt_at: m.last_attempt_at,
            last_response_status: m.last_response_status,
            last_error: m.last_error,
            delivered_at: m.delivered_at,
            created_at: m.created_at,
        }
    }
}

/// One delivery attempt.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookAttemptView {
    pub attempted_at: DateTime<Utc>,
    pub duration_ms: i32,
    /// The status the endpoint answered; `null` when it did not answer.
    pub response_status: Option<i32>,
    /// Why there was no answer (timeout, connection error).
    pub error: Option<String>,
    /// A 2xx answer.
    pub succeeded: bool,
}

impl From<Attempt> for WebhookAttemptView {
    fn from(a: Attempt) -> Self {
        Self {
            attempted_at: a.attempted_at,
            duration_ms: a.duration_ms,
            response_status: a.response_status,
            error: a.error,
            succeeded: a.succeeded,
        }
    }
}

/// A message with the body it sends and every attempt, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookMessageDetailView {
    #[serde(flatten)]
    pub message: WebhookMessageView,
    /// The event as sent: `{type, id, occurred_at, partner, recipients, data}`.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    pub attempts: Vec<WebhookAttemptView>,
}

impl TryFrom<MessageDetail> for WebhookMessageDetailView {
    type Error = ApiError;

    fn try_from(d: MessageDetail) -> Result<Self, ApiError> {
        Ok(Self {
            payload: serde_json::from_str(&d.payload).map_err(ApiError::internal)?,
            message: d.message.into(),
            attempts: d.attempts.into_iter().map(Into::into).collect(),
        })
    }
}

/// Webhook messages, newest first, by endpoint, state, event type or partner (vendor
/// admins).
#[utoipa::path(
    tag = "webhooks",
    params(MessageQuery),
    responses(
        (status = 200, description = "A page of messages", body = Paged<WebhookMessageView>),
        (status = 400, description = "Bad filter or paging", body = ErrorBody),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
    )
)]
#[get("/admin/webhook-messages")]
pub async fn list_webhook_messages(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<MessageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let ListQuery { query, format } = query;
    let page = PageRequest::new(query.limit, query.cursor.as_deref())?;
    let filter = MessageFilter {
        endpoint: query.endpoint_id.map(WebhookEndpointId),
        status: query.status,
        event_type: query.event_type,
        partner: query.partner_id.map(PartnerId),
    };
    export::respond(
        state.list_pool(&caller).await?,
        format,
        &lists::WEBHOOK_MESSAGES,
        page,
        move |c, page| Ok(messages::list(c, &filter, page)?.map(WebhookMessageView::from)),
    )
    .await
}

/// One webhook message with its body and attempts (vendor admins).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = uuid::Uuid, Path, description = "Message id")),
    responses(
        (status = 200, description = "The message", body = WebhookMessageDetailView),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 404, description = "No such message", body = ErrorBody),
    )
)]
#[get("/admin/webhook-messages/{id}")]
pub async fn get_webhook_message(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<WebhookMessageDetailView>, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let id: WebhookMessageId = path_id(&id, "webhook message")?;
    let found = state.db(move |c| messages::get(c, id)).await?;
    let detail = found.ok_or_else(|| ApiError::not_found("webhook message"))?;
    Ok(web::Json(detail.try_into()?))
}

/// Send a webhook message again, now, with the same `webhook-id` and body (vendor admins):
/// a delivered or failed one becomes pending with a fresh retry schedule; a pending one is
/// tried at once. It is sent once earlier pending messages of its partner to the endpoint
/// are settled, and while the endpoint is enabled.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = uuid::Uuid, Path, description = "Message id")),
    responses(
        (status = 202, description = "Queued for delivery", body = WebhookMessageDetailView),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 404, description = "No such message", body = ErrorBody),
    )
)]
#[post("/admin/webhook-messages/{id}/redelivery")]
pub async fn redeliver_webhook_message(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let id: WebhookMessageId = path_id(&id, "webhook message")?;
    let now = state.clock.now();
    let found = state.db(move |c| messages::redeliver(c, id, now)).await?;
    let detail = found.ok_or_else(|| ApiError::not_found("webhook message"))?;
    Ok(HttpResponse::Accepted().json(WebhookMessageDetailView::try_from(detail)?))
}
