//! `Idempotency-Key` on POST: the same key from the same user with the same request answers
//! the first response again (marked `idempotent-replayed: true`) and does nothing twice;
//! with another request it is 422; while the first still runs, 409. Answers that are not an
//! outcome (server errors, 401, 429) are not remembered, so a retry after one runs again.
//!
//! Requests are remembered by a hash and replies are stored, so operations that carry a
//! secret either way ([`CARRY_SECRETS`]: the login and its session token, an impersonation
//! token and the one ending it, a new API key, a password change, a new user's password)
//! refuse the header rather than keep the secret or a fast hash of it.

use actix_web::body::{BoxBody, to_bytes};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError, web};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use lms_domain::ErrorCode;
use lms_store::idempotency::{self, Begin};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::state::AppState;

/// The request header.
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// POST paths whose request or reply carries a secret: the header is refused there. A
/// `{…}` segment stands for any one segment (see [`carries_secret`]).
pub const CARRY_SECRETS: [&str; 8] = [
    "/api/v1/auth/login",
    "/api/v1/auth/impersonate",
    "/api/v1/auth/impersonation/end",
    "/api/v1/api-keys",
    "/api/v1/me/password",
    "/api/v1/admin/users",
    "/api/v1/admin/webhook-endpoints",
    "/api/v1/admin/webhook-endpoints/{id}/secret-rotation",
];

/// Whether POST `path` (a request's, or a documented template) carries a secret.
pub fn carries_secret(path: &str) -> bool {
    let path: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    CARRY_SECRETS.iter().any(|template| {
        let template: Vec<&str> = template.split('/').collect();
        template.len() == path.len()
            && template
                .iter()
                .zip(&path)
                .all(|(t, p)| t == p || (t.starts_with('{') && t.ends_with('}')))
    })
}

/// A stored response: enough to answer it again byte for byte.
#[derive(Serialize, Deserialize)]
struct Stored {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

/// Middleware for the `/api/v1` scope.
///
/// # Errors
/// Passes on the inner service's error.
pub async fn guard(
    mut req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(key) = req.headers().get(&IDEMPOTENCY_KEY).cloned() else {
        return next.call(req).await;
    };
    if req.method() != Method::POST {
        return next.call(req).await;
    }
    let key = match accepted_key(&key, req.path()) {
        Ok(key) => key,
        Err(error) => return Ok(req.into_response(error.error_response())),
    };
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let token = crate::auth::bearer_token(req.headers());
    let user = match (&state, token) {
        (Some(state), Some(token)) => crate::auth::identify(state, &token)
            .await
            .ok()
            .flatten()
            .map(|identity| identity.user),
        _ => None,
    };
    // Without a valid token the handler answers 401 anyway; there is no one to remember for.
    let (Some(state), Some(user)) = (state, user) else {
        return next.call(req).await;
    };

    let body = req.extract::<web::Bytes>().await?;
    let hash = request_hash(&req, &body);
    req.set_payload(Payload::from(body));

    let claim = {
        let (key, hash) = (key.clone(), hash.clone());
        state
            .db(move |c| idempotency::begin(c, user, &key, &hash, chrono::Utc::now()))
            .await
    };
    match claim {
        Err(e) => Ok(req.into_response(e.error_response())),
        Ok(Begin::Mismatch) => Ok(req.into_response(
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used with a different request",
            )
            .with_field("Idempotency-Key")
            .error_response(),
        )),
        Ok(Begin::InProgress) => Ok(req.into_response(
            ApiError::new(
                StatusCode::CONFLICT,
                ErrorCode::IdempotencyKeyInProgress,
                "the first request with this Idempotency-Key is still running",
            )
            .error_response(),
        )),
        Ok(Begin::Replay(stored)) => Ok(req.into_response(replay(&stored))),
        Ok(Begin::Proceed) => {
            let res = next.call(req).await?;
            remember(&state, user, key, res).await
        }
    }
}

/// The key as sent, if it is one we keep for this path.
fn accepted_key(key: &HeaderValue, path: &str) -> Result<String, ApiError> {
    let key = key
        .to_str()
        .ok()
        .filter(|k| !k.is_empty() && k.len() <= 255)
        .map(str::to_owned)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidIdempotencyKey,
                "Idempotency-Key must be 1 to 255 visible characters",
            )
            .with_field("Idempotency-Key")
        })?;
    if carries_secret(path) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::IdempotencyKeyNotAccepted,
            "this operation carries a secret, which is never stored for replay; send it without Idempotency-Key",
        )
        .with_field("Idempotency-Key"));
    }
    Ok(key)
}

/// What makes a retry the same request: method, URI and body.
fn request_hash(req: &ServiceRequest, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(req.method().as_str().as_bytes());
    hasher.update(req.uri().to_string().as_bytes());
    hasher.update(body);
    format!("{:x}", hasher.finalize())
}

async fn remember(
    state: &web::Data<AppState>,
    user: lms_domain::ids::UserId,
    key: String,
    res: ServiceResponse<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let status = res.status();
    let (req, response) = res.into_parts();
    let (head, body) = response.into_parts();
    let bytes = to_bytes(body)
        .await
        .map_err(|e| ApiError::internal(format!("{e:?}")))?;
    let not_an_outcome = status.is_server_error()
        || status == StatusCode::UNAUTHORIZED
        || status == StatusCode::TOO_MANY_REQUESTS;
    let outcome = if not_an_outcome {
        state.db(move |c| idempotency::abandon(c, user, &key)).await
    } else {
        let stored = Stored {
            status: status.as_u16(),
            headers: head
                .headers()
                .iter()
                .filter(|(name, _)| *name != header::DATE && *name != header::CONTENT_LENGTH)
                .filter_map(|(name, value)| {
                    Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
                })
                .collect(),
            body: BASE64.encode(&bytes),
        };
        match serde_json::to_string(&stored) {
            Ok(text) => {
                let finish_key = key.clone();
                let finished = state
                    .db(move |c| idempotency::finish(c, user, &finish_key, status.as_u16(), &text))
                    .await;
                // Not stored (logged by `ApiError::internal`): release the key, so a retry
                // is not told forever that the first call is still running.
                match finished {
                    Ok(()) => Ok(()),
                    Err(_) => state.db(move |c| idempotency::abandon(c, user, &key)).await,
                }
            }
            // Nothing stored: release the key rather than leave it claimed.
            Err(e) => {
                tracing::error!(error = %e, "could not encode an idempotent response");
                state.db(move |c| idempotency::abandon(c, user, &key)).await
            }
        }
    };
    // The change itself is committed: answer it. A failure to record or release the key was
    // logged with its causes where it became an `ApiError`.
    if let Err(e) = outcome {
        tracing::error!(
            code = e.code().as_str(),
            "could not record an idempotent response"
        );
    }
    Ok(ServiceResponse::new(
        req,
        head.set_body(bytes).map_into_boxed_body(),
    ))
}

fn replay(stored: &str) -> HttpResponse {
    let Ok(stored) = serde_json::from_str::<Stored>(stored) else {
        return ApiError::internal("unreadable stored idempotent response").error_response();
    };
    let mut response =
        HttpResponse::build(StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK));
    for (name, value) in &stored.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::from_str(value),
        ) {
            response.insert_header((name, value));
        }
    }
    response.insert_header((REPLAYED, HeaderValue::from_static("true")));
    match BASE64.decode(&stored.body) {
        Ok(body) => response.body(body),
        Err(e) => ApiError::internal(e).error_response(),
    }
}
