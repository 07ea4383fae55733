//! Login and the caller's own identity.

use lms_domain::ErrorCode;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use lms_domain::party::{Role, check_password};
use lms_store::users::{self, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::client_ip::client_ip;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::routes::admin::PartnerView;
use crate::state::AppState;

/// Credentials for a session token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "dealer@demo.example", "password": "dealer-demo-password"}))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// A session token and who it belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: u64,
    pub user: Me,
}

/// The caller: the user acted as, its partner, and the impersonator when there is one.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: uuid::Uuid,
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// `null` for vendor staff.
    pub partner: Option<PartnerView>,
    /// Who really acts, while impersonating; `null` otherwise.
    pub impersonator: Option<Impersonator>,
}

/// The user who really acts while impersonating: a distributor's user acting as a user of
/// one of its dealers, or vendor staff acting as a partner's user.
#[derive(Debug, Serialize, ToSchema)]
pub struct Impersonator {
    pub id: uuid::Uuid,
    pub email: String,
    pub name: String,
    /// `null` for vendor staff.
    pub partner: Option<PartnerView>,
}

impl Me {
    /// `user` as acted as, through `impersonator` when impersonating.
    pub(crate) fn new(user: &User, impersonator: Option<&User>) -> Self {
        Self {
            id: user.id.0,
            email: user.email.clone(),
            name: user.name.clone(),
            roles: user.roles.clone(),
            partner: user.partner.clone().map(Into::into),
            impersonator: impersonator.map(|i| Impersonator {
                id: i.id.0,
                email: i.email.clone(),
                name: i.name.clone(),
                partner: i.partner.clone().map(Into::into),
            }),
        }
    }
}

/// A session token answer that is never cached.
pub(crate) fn session_answer(state: &AppState, token: String, user: Me) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(LoginResponse {
            access_token: token,
            token_type: "Bearer",
            expires_in: state.tokens.ttl().as_secs(),
            user,
        })
}

/// Log in with e-mail and password.
///
/// Answers a session token (a JWT) for `Authorization: Bearer`. After 5 failed attempts a
/// minute for one account or one client address, logins answer 429 with `Retry-After`.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = LoginResponse),
        (status = 400, description = "Malformed body, or IDEMPOTENCY_KEY_NOT_ACCEPTED", body = ErrorBody),
        (status = 401, description = "Wrong e-mail or password", body = ErrorBody),
        (status = 422, description = "Missing or unknown field", body = ErrorBody),
        (status = 429, description = "Too many failed logins", body = ErrorBody),
    ),
    security(())
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password } = body.into_inner();
    let ip = client_ip(&req, &state.trusted_proxies).map_or_else(String::new, |ip| ip.to_string());
    let account_key = format!("email:{}", email.trim().to_lowercase());
    let keys = vec![account_key.clone(), format!("ip:{ip}")];
    // Counted before the check: a parallel burst cannot get more guesses than the limit.
    let attempt = state
        .throttle
        .reserve(
            &state,
            keys,
            "too many failed logins; wait before trying again",
        )
        .await?;
    let found = state.db(move |c| users::find_for_login(c, &email)).await?;
    let (user, hash) = match found {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    let verified = state.passwords.verify(password, hash).await?;
    let Some(user) = user.filter(|_| verified) else {
        return Err(ApiError::unauthenticated("wrong e-mail or password"));
    };
    state
        .throttle
        .succeeded(&state, attempt, account_key)
        .await?;
    let token = state
        .tokens
        .issue(user.id, user.session_version)
        .map_err(ApiError::internal)?;
    Ok(session_answer(&state, token, Me::new(&user, None)))
}

/// Who am I: the caller's user, roles and partner, and who really acts while impersonating.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "The caller", body = Me),
    )
)]
#[get("/me")]
pub async fn get_me(caller: Caller) -> web::Json<Me> {
    web::Json(Me::new(&caller.user, caller.impersonator.as_ref()))
}

/// A new password for the caller.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"current_password": "dealer-demo-password", "new_password": "a much longer passphrase"}))]
pub struct PasswordChange {
    pub current_password: String,
    /// 10 to 128 characters.
    #[schema(min_length = 10, max_length = 128)]
    pub new_password: String,
}

/// Change your own password. Every session token issued before stops working, this one
/// too: log in again with the new password. API keys keep working (revoke them apart).
/// Not with an API key, and not while impersonating.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; log in again"),
        (status = 400, description = "Malformed body, or IDEMPOTENCY_KEY_NOT_ACCEPTED", body = ErrorBody),
        (status = 403, description = "SESSION_REQUIRED: an API key cannot change a password; IMPERSONATION_NOT_ALLOWED: not while impersonating", body = ErrorBody),
        (status = 422, description = "WRONG_PASSWORD, or a new password of the wrong length", body = ErrorBody),
        (status = 429, description = "Too many wrong current passwords", body = ErrorBody),
    )
)]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    caller.require_session()?;
    let PasswordChange {
        current_password,
        new_password,
    } = body.into_inner();
    check_password(&new_password).map_err(|mut e| {
        e.field = "new_password".into();
        e
    })?;
    // A stolen session must not be able to guess the current password without limit.
    let account_key = format!("email:{}", caller.user.email);
    let attempt = state
        .throttle
        .reserve(
            &state,
            vec![account_key.clone()],
            "too many wrong passwords; wait",
        )
        .await?;
    let user = caller.user.id;
    let stored = state.db(move |c| users::password_hash(c, user)).await?;
    if !state
        .passwords
        .verify(current_password, Some(stored.clone()))
        .await?
    {
        return Err(ApiError::new(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::WrongPassword,
            "the current password is wrong",
        )
        .with_field("current_password"));
    }
    state
        .throttle
        .succeeded(&state, attempt, account_key)
        .await?;
    let new_hash = state.passwords.hash(new_password).await?;
    let actor = caller.actor();
    state
        .db(move |c| users::change_password(c, &actor, &stored, &new_hash, Utc::now()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
