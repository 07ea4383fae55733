//! `POST /auth/businessnet`: BusinessNet's single sign-on. A partner logged in at BusinessNet
//! arrives with a signed assertion and leaves with an ordinary session token.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Utc};
use lms_domain::ErrorCode;
use lms_store::{sso, users};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::sso::SsoRefusal;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::routes::auth::{LoginResponse, Me};
use crate::state::AppState;

/// A BusinessNet SSO assertion.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SsoRequest {
    /// A JWT signed by BusinessNet with Ed25519 (`alg` `EdDSA`): `iss` "businessnet", `aud`
    /// "lms", `sub` the user's e-mail, `exp` at most 5 minutes ahead, a `jti` used once.
    #[schema(min_length = 1, max_length = 8192)]
    pub assertion: String,
}

impl From<SsoRefusal> for ApiError {
    fn from(e: SsoRefusal) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, e.code(), e.to_string())
    }
}

/// Log in with a BusinessNet assertion.
///
/// Answers a session token like `POST /auth/login`. Every refusal is 401 with a code: a
/// wrong key, algorithm, issuer or audience (`SSO_ASSERTION_INVALID`), an expired assertion,
/// a replayed `jti`, an unknown or disabled user. 404 `SSO_NOT_CONFIGURED` when the server
/// has no BusinessNet public key (`LMS_BUSINESSNET_SSO_PUBLIC_KEY`).
#[utoipa::path(
    tag = "auth",
    request_body = SsoRequest,
    responses(
        (status = 200, description = "Logged in", body = LoginResponse),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 401, description = "The assertion is refused", body = ErrorBody),
        (status = 404, description = "Single sign-on is not configured", body = ErrorBody),
        (status = 422, description = "Missing or unknown field", body = ErrorBody),
    ),
    security(())
)]
#[post("/auth/businessnet")]
pub async fn businessnet_login(
    state: web::Data<AppState>,
    body: Json<SsoRequest>,
) -> Result<HttpResponse, ApiError> {
    let verifier = state.sso.as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::SsoNotConfigured,
            "single sign-on from BusinessNet is not configured on this server",
        )
    })?;
    // Real time, not the business clock: assertions are stamped by BusinessNet's clock.
    let now = Utc::now();
    let assertion = verifier.verify(&body.assertion, now.timestamp())?;
    let expires_at = DateTime::from_timestamp(assertion.expires_at, 0).unwrap_or(now);
    let (email, jti) = (assertion.email, assertion.jti);
    let user = state
        .db(move |c| {
            // The jti is spent before the user is looked up: a replay is refused even when
            // the first use failed for its user.
            if !sso::consume(c, &jti, expires_at, now)? {
                return Ok(Err(SsoRefusal::Replayed));
            }
            let found = users::find_for_login(c, &email)?;
            Ok::<_, lms_store::QueryError>(
                found.map(|(user, _)| user).ok_or(SsoRefusal::UnknownUser),
            )
        })
        .await??;
    let token = state
        .tokens
        .issue(user.id, None, user.session_version)
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(LoginResponse {
            access_token: token,
            token_type: "Bearer",
            expires_in: state.tokens.ttl().as_secs(),
            user: Me::new(&user, None),
        }))
}
