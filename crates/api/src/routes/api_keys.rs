//! API keys for ERP systems and integrations: create (shown once), list, revoke.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use lms_store::api_keys::{self, ApiKey, ApiKeyError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::path_id;
use crate::routes::Paged;
use crate::state::AppState;

/// A key to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "ERP nightly sync"}))]
pub struct ApiKeyBody {
    pub name: String,
}

/// An API key (the secret is never listed).
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyView {
    pub id: uuid::Uuid,
    pub name: String,
    /// The first characters of the key, to recognise it.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiKey> for ApiKeyView {
    fn from(k: ApiKey) -> Self {
        Self {
            id: k.id,
            name: k.name,
            prefix: k.prefix,
            created_at: k.created_at,
            revoked_at: k.revoked_at,
        }
    }
}

/// A new key with its secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKeyView {
    #[serde(flatten)]
    pub key: ApiKeyView,
    /// Send as `Authorization: Bearer lms_…`; it acts as you, with your partner and roles.
    pub key_secret: String,
}

impl From<ApiKeyError> for ApiError {
    fn from(e: ApiKeyError) -> Self {
        match e {
            ApiKeyError::NotFound => Self::not_found("API key"),
            ApiKeyError::Invalid(f) => f.into(),
            ApiKeyError::Db(d) => d.into(),
        }
    }
}

/// Create an API key acting as the caller (for ERP scripts and integrations).
#[utoipa::path(
    tag = "auth",
    request_body = ApiKeyBody,
    responses(
        (status = 201, description = "Created; the secret is in the answer only", body = CreatedApiKeyView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 401, description = "No or invalid token", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Invalid name", body = ErrorBody),
    )
)]
#[post("/api-keys")]
pub async fn create_api_key(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<ApiKeyBody>,
) -> Result<HttpResponse, ApiError> {
    let (actor, name) = (caller.actor(), body.into_inner().name);
    let (key, secret) = state
        .db(move |c| api_keys::create(c, &actor, &name, &mut rand::rng(), Utc::now()))
        .await?;
    Ok(HttpResponse::Created().json(CreatedApiKeyView {
        key: key.into(),
        key_secret: secret,
    }))
}

/// The caller's API keys, newest first.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "The keys", body = Paged<ApiKeyView>),
        (status = 401, description = "No or invalid token", body = ErrorBody),
    )
)]
#[get("/api-keys")]
pub async fn list_api_keys(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<Paged<ApiKeyView>>, ApiError> {
    let user = caller.user.id;
    let keys = state.db(move |c| api_keys::list(c, user)).await?;
    Ok(web::Json(Paged {
        items: keys.into_iter().map(Into::into).collect(),
        next_cursor: None,
    }))
}

/// Revoke one of the caller's API keys; it stops working at once.
#[utoipa::path(
    tag = "auth",
    params(("id" = uuid::Uuid, Path, description = "API key id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "No or invalid token", body = ErrorBody),
        (status = 404, description = "No such live key of yours", body = ErrorBody),
    )
)]
#[delete("/api-keys/{id}")]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: uuid::Uuid = path_id(&id, "API key")?;
    let actor = caller.actor();
    state
        .db(move |c| api_keys::revoke(c, &actor, id, Utc::now()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
