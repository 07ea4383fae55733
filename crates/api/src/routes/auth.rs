//! Login and the caller's own identity.

use std::time::Instant;

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use lms_domain::party::Role;
use lms_store::users::{self, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{Caller, verify_password};
use crate::error::{ApiError, ErrorBody};
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
    pub impersonator: Option<Impersonator>,
}

/// The distributor user acting as a dealer's user.
#[derive(Debug, Serialize, ToSchema)]
pub struct Impersonator {
    pub id: uuid::Uuid,
    pub email: String,
}

impl Me {
    fn new(user: &User, impersonator: Option<&User>) -> Self {
        Self {
            id: user.id.0,
            email: user.email.clone(),
            name: user.name.clone(),
            roles: user.roles.clone(),
            partner: user.partner.clone().map(Into::into),
            impersonator: impersonator.map(|i| Impersonator {
                id: i.id.0,
                email: i.email.clone(),
            }),
        }
    }
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
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 401, description = "Wrong e-mail or password", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Missing or unknown field", body = ErrorBody),
        (status = 429, description = "Too many failed logins", body = ErrorBody),
    ),
    security(())
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password } = body.into_inner();
    let ip = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();
    let account_key = format!("email:{}", email.trim().to_lowercase());
    let keys = [account_key.clone(), format!("ip:{ip}")];
    if let Some(wait) = state.throttle.blocked(&keys, Instant::now()) {
        return Err(ApiError::too_many_requests(
            "too many failed logins; wait before trying again",
            wait.as_secs() + 1,
        ));
    }
    let found = state.db(move |c| users::find_for_login(c, &email)).await?;
    let verified = web::block(move || {
        let ok = verify_password(&password, found.as_ref().map(|(_, hash)| hash.as_str()));
        found.filter(|_| ok).map(|(user, _)| user)
    })
    .await
    .map_err(|e| ApiError::internal(&e))?;
    let Some(user) = verified else {
        state.throttle.record_failure(&keys, Instant::now());
        return Err(ApiError::unauthenticated("wrong e-mail or password"));
    };
    state.throttle.clear(&account_key);
    let token = state
        .tokens
        .issue(user.id, None)
        .map_err(|e| ApiError::internal(&e))?;
    Ok(HttpResponse::Ok().json(LoginResponse {
        access_token: token,
        token_type: "Bearer",
        expires_in: state.tokens.ttl().as_secs(),
        user: Me::new(&user, None),
    }))
}

/// Who am I: the caller's user, roles and partner.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "No or invalid token", body = ErrorBody),
    )
)]
#[get("/me")]
pub async fn get_me(caller: Caller) -> web::Json<Me> {
    web::Json(Me::new(&caller.user, caller.impersonator.as_ref()))
}
