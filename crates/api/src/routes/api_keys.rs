//! API keys for ERP systems and integrations: create (shown once, optionally expiring),
//! list, revoke; vendor admins list and revoke anyone's.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use lms_domain::ErrorCode;
use lms_domain::ids::{ApiKeyId, UserId};
use lms_domain::name::ApiKeyName;
use lms_domain::party::Role;
use lms_store::api_keys::{self, ApiKey, ApiKeyError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::export::{self, ListQuery, lists};
use crate::extract::{Json, path_id};
use crate::routes::Paged;
use crate::routes::admin::PageQuery;
use crate::state::AppState;

/// A key to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "ERP nightly sync", "expires_at": "2027-12-31T23:59:59Z"}))]
pub struct ApiKeyBody {
    /// 1 to 100 characters.
    // No maxLength: the limit counts the trimmed text, which a schema cannot.
    pub name: String,
    /// When the key stops working; must lie in the future. Absent: until revoked.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
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
    /// `null`: until revoked.
    pub expires_at: Option<DateTime<Utc>>,
    /// The user the key acts as.
    pub user_email: String,
}

impl From<ApiKey> for ApiKeyView {
    fn from(k: ApiKey) -> Self {
        Self {
            id: k.id.0,
            name: k.name,
            prefix: k.prefix,
            created_at: k.created_at,
            revoked_at: k.revoked_at,
            expires_at: k.expires_at,
            user_email: k.user_email,
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
            ApiKeyError::ExpiryPassed => Self::new(
                actix_web::http::StatusCode::CONFLICT,
                ErrorCode::ExpiryPassed,
                e.to_string(),
            )
            .with_field("/expires_at"),
            ApiKeyError::Db(d) => d.into(),
        }
    }
}

/// Create an API key acting as the caller (for ERP scripts and integrations). Needs a
/// login session: an API key cannot create keys. The secret is in this answer only, so the
/// call refuses an `Idempotency-Key` (its reply would have to be stored).
#[utoipa::path(
    tag = "auth",
    request_body = ApiKeyBody,
    responses(
        (status = 201, description = "Created; the secret is in the answer only", body = CreatedApiKeyView),
        (status = 400, description = "Malformed body, or IDEMPOTENCY_KEY_NOT_ACCEPTED", body = ErrorBody),
        (status = 403, description = "SESSION_REQUIRED: called with an API key", body = ErrorBody),
        (status = 409, description = "EXPIRY_PASSED: expires_at is not in the future by the server's clock", body = ErrorBody),
        (status = 422, description = "Invalid name", body = ErrorBody),
    )
)]
#[post("/api-keys")]
pub async fn create_api_key(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<ApiKeyBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require_session()?;
    let ApiKeyBody { name, expires_at } = body.into_inner();
    let name = ApiKeyName::parse(&name)?;
    let actor = caller.actor();
    let (key, secret) = state
        .db(move |c| api_keys::create(c, &actor, &name, expires_at, &mut rand::rng(), Utc::now()))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(CreatedApiKeyView {
            key: key.into(),
            key_secret: secret,
        }))
}

/// The caller's API keys, newest first.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "The keys", body = Paged<ApiKeyView>),
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
        (status = 404, description = "No such live key of yours", body = ErrorBody),
    )
)]
#[delete("/api-keys/{id}")]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    revoke(&state, &caller, &id, Some(caller.user.id)).await
}

/// Every user's API keys, newest first (vendor admins).
#[utoipa::path(
    tag = "admin",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of keys", body = Paged<ApiKeyView>),
        (status = 400, description = "Bad paging", body = ErrorBody),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
    )
)]
#[get("/admin/api-keys")]
pub async fn list_all_api_keys(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let page = query.query.page()?;
    export::respond(
        state.list_pool(&caller).await?,
        query.format,
        &lists::API_KEYS,
        page,
        |c, page| Ok(api_keys::list_all(c, page)?.map(ApiKeyView::from)),
    )
    .await
}

/// Revoke anyone's API key (vendor admins); it stops working at once.
#[utoipa::path(
    tag = "admin",
    params(("id" = uuid::Uuid, Path, description = "API key id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 404, description = "No such live key", body = ErrorBody),
    )
)]
#[delete("/admin/api-keys/{id}")]
pub async fn revoke_any_api_key(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    revoke(&state, &caller, &id, None).await
}

/// Revokes the key named in the path as the caller; `owner` limits it to that user's keys.
async fn revoke(
    state: &AppState,
    caller: &Caller,
    id: &str,
    owner: Option<UserId>,
) -> Result<HttpResponse, ApiError> {
    let id: ApiKeyId = path_id(id, "API key")?;
    let actor = caller.actor();
    state
        .db(move |c| api_keys::revoke(c, &actor, owner, id, Utc::now()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
