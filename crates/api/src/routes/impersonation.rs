//! Impersonation (SPEC §6): a distributor's user acts as a user of one of its dealers (with a
//! shipping allowance), vendor staff as any partner's user; the token says both, every change
//! made with it is audited with both identities, and ending it gives the real user's own
//! session back.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use lms_domain::ErrorCode;
use lms_domain::field::FieldError;
use lms_domain::impersonation::ImpersonationRefusal;
use lms_domain::party::Email;
use lms_store::impersonation::{self, StartError};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::auth::{Caller, Impersonation};
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::routes::auth::{LoginResponse, Me, session_answer};
use crate::state::AppState;

/// Whom to act as.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"user_email": "dealer@lms.demo"}))]
pub struct ImpersonateBody {
    /// The e-mail of the user to act as: a user of a dealer the caller's distributor has a
    /// shipping allowance for (vendor staff: any partner's user).
    #[schema(schema_with = lms_domain::party::required_email_schema)]
    pub user_email: String,
}

impl From<StartError> for ApiError {
    fn from(e: StartError) -> Self {
        let message = e.to_string();
        match e {
            StartError::NotAnImpersonator => Self::forbidden(message),
            StartError::Refused(refusal) => {
                let (status, code) = match refusal {
                    ImpersonationRefusal::NoAllowance => {
                        (StatusCode::FORBIDDEN, ErrorCode::NoShippingAllowance)
                    }
                    ImpersonationRefusal::UnknownUser => {
                        (StatusCode::NOT_FOUND, ErrorCode::UnknownUser)
                    }
                    ImpersonationRefusal::Yourself
                    | ImpersonationRefusal::VendorStaff
                    | ImpersonationRefusal::Disabled => {
                        (StatusCode::FORBIDDEN, ErrorCode::ImpersonationNotAllowed)
                    }
                };
                Self::new(status, code, message)
                    .with_field("/user_email")
                    .with_details(json!({"reason": refusal.reason()}))
            }
            StartError::Db(d) => d.into(),
        }
    }
}

/// Act as another user.
///
/// A distributor's user acts as a user of one of its dealers, which needs a shipping
/// allowance from the distributor to that dealer; vendor staff act as any partner's user.
/// Answers a session token acting as that user: with it the caller sees and does exactly
/// what that user can, and every change is audited with both identities (`user_id` and
/// `impersonator_id`). The allowance is checked again on every request: once it is removed,
/// the token answers 403 `IMPERSONATION_ENDED`. The caller's own password change or
/// disable ends it like any session (401), and so does the disable or password change of
/// the user acted as (403 `IMPERSONATION_ENDED`). Refused with an API key
/// (`SESSION_REQUIRED`) and while already impersonating (`IMPERSONATION_NOT_ALLOWED`). For a
/// distributor an e-mail that is unknown, disabled, vendor staff's or of a dealer without an
/// allowance all answer `NO_SHIPPING_ALLOWANCE`, so no other partner's users can be probed.
#[utoipa::path(
    tag = "auth",
    request_body = ImpersonateBody,
    responses(
        (status = 200, description = "A token acting as that user; `user.impersonator` is the caller", body = LoginResponse),
        (status = 400, description = "Malformed body, or IDEMPOTENCY_KEY_NOT_ACCEPTED (the answer holds a token)", body = ErrorBody),
        (status = 403, description = "FORBIDDEN: neither a distributor's user nor vendor staff; NO_SHIPPING_ALLOWANCE: no user of a dealer you may act for has this e-mail; IMPERSONATION_NOT_ALLOWED: yourself, vendor staff, a disabled user, or already impersonating; SESSION_REQUIRED: an API key", body = ErrorBody),
        (status = 404, description = "UNKNOWN_USER: vendor staff named an e-mail no user has", body = ErrorBody),
        (status = 422, description = "Not an e-mail address", body = ErrorBody),
    )
)]
#[post("/auth/impersonate")]
pub async fn impersonate(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<ImpersonateBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require_session()?;
    let email =
        Email::parse(&body.user_email).map_err(|e| FieldError::new("user_email", e.to_string()))?;
    let (me, now) = (caller.user, state.clock.now());
    let (me, target) = state
        .db(move |c| impersonation::start(c, &me, &email, now).map(|target| (me, target)))
        .await?;
    let token = state
        .tokens
        .issue_impersonation(target.id, target.session_version, me.id, me.session_version)
        .map_err(ApiError::internal)?;
    Ok(session_answer(&state, token, Me::new(&target, Some(&me))))
}

/// Stop acting as another user.
///
/// Answers a new session token of the user who was impersonating (`user.impersonator` is
/// `null` again); the impersonation token is not needed any more. Works also after the
/// impersonation ended (allowance removed, user acted as disabled), so the impersonator gets
/// their own session back; a 401 when that session itself has ended.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "A token of the impersonator's own session", body = LoginResponse),
        (status = 400, description = "IDEMPOTENCY_KEY_NOT_ACCEPTED (the answer holds a token)", body = ErrorBody),
        (status = 409, description = "NOT_IMPERSONATING: the token is not an impersonation", body = ErrorBody),
    )
)]
#[post("/auth/impersonation/end")]
pub async fn end_impersonation(
    state: web::Data<AppState>,
    session: Impersonation,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let Impersonation { impersonator, user } = session;
    let me = state
        .db(move |c| impersonation::end(c, &impersonator, &user, now).map(|()| impersonator))
        .await?;
    let token = state
        .tokens
        .issue(me.id, me.session_version)
        .map_err(ApiError::internal)?;
    Ok(session_answer(&state, token, Me::new(&me, None)))
}
