//! The authenticated caller, extracted from `Authorization: Bearer <token>` on every
//! protected request and checked against the database (a disabled user is refused at once;
//! an impersonation whose shipping allowance was removed ends at once).

use lms_domain::ErrorCode;
use std::future::Future;
use std::pin::Pin;

use actix_web::HttpMessage;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use lms_domain::ids::UserId;
use lms_domain::party::Role;
use lms_store::Scope;
use lms_store::audit::Actor;
use lms_store::users::{self, User};
use lms_store::{api_keys, impersonation};

use crate::error::ApiError;
use crate::state::AppState;

/// How the caller authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// A session token from a login, issued at the user's session `version`.
    Session { version: i32 },
    /// An API key (`lms_…`).
    ApiKey,
}

/// Who is calling: the user acted as, the real user when impersonating, and how.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub impersonator: Option<User>,
    pub credential: Credential,
}

impl Caller {
    /// The data this caller may see.
    pub fn scope(&self) -> Scope {
        match &self.user.partner {
            Some(p) => Scope::Partner(p.id),
            None => Scope::Vendor,
        }
    }

    /// The caller as recorded in the audit trail.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user.id,
            partner_id: self.user.partner.as_ref().map(|p| p.id),
            impersonator_id: self.impersonator.as_ref().map(|i| i.id),
        }
    }

    /// Fails with 403 unless the caller holds `role`.
    ///
    /// # Errors
    /// [`ApiError`] 403 `FORBIDDEN`.
    pub fn require(&self, role: Role) -> Result<(), ApiError> {
        if self.user.has_role(role) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!("this needs the {role} role")))
        }
    }

    /// Fails with 403 unless this is a person's own session: managing credentials (new
    /// keys, the password) or starting an impersonation needs one, so a leaked key cannot
    /// mint more keys, and an impersonator cannot leave a credential of the user acted as
    /// behind that outlives the impersonation.
    ///
    /// # Errors
    /// [`ApiError`] 403 `SESSION_REQUIRED` for an API key, `IMPERSONATION_NOT_ALLOWED` while
    /// impersonating.
    pub fn require_session(&self) -> Result<(), ApiError> {
        match (self.credential, &self.impersonator) {
            (Credential::ApiKey, _) => Err(ApiError::new(
                actix_web::http::StatusCode::FORBIDDEN,
                ErrorCode::SessionRequired,
                "an API key cannot do this; log in with a password",
            )),
            (Credential::Session { .. }, Some(_)) => Err(ApiError::new(
                actix_web::http::StatusCode::FORBIDDEN,
                ErrorCode::ImpersonationNotAllowed,
                "not while acting as another user: end the impersonation first",
            )
            .with_details(serde_json::json!({"reason": "impersonating"}))),
            (Credential::Session { .. }, None) => Ok(()),
        }
    }
}

/// The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive
/// (RFC 9110 §11.1).
pub fn bearer_token(headers: &header::HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|t| !t.is_empty())
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let bearer = bearer_token(req.headers());
        let req = req.clone();
        Box::pin(async move {
            let (state, identity) = identity_of(state, bearer).await?;
            let caller = match identity.actor {
                None => own_session(&state, identity).await,
                Some(actor) => impersonating(&state, identity, actor).await,
            }?;
            // For `replica::remember_writes`: whose reads a change must keep fresh.
            req.extensions_mut()
                .insert(crate::replica::ActingUser(caller.user.id));
            Ok(caller)
        })
    }
}

/// The application state and the identity of the bearer token; 401 without a valid token.
async fn identity_of(
    state: Option<web::Data<AppState>>,
    bearer: Option<String>,
) -> Result<(web::Data<AppState>, Identity), ApiError> {
    let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
    let token =
        bearer.ok_or_else(|| ApiError::unauthenticated("send Authorization: Bearer <token>"))?;
    let identity = identify(&state, &token)
        .await?
        .ok_or_else(|| ApiError::unauthenticated("the token is invalid or expired"))?;
    Ok((state, identity))
}

/// A password change or a disable since a session token was issued ends the session: the
/// token's version must be the session holder's current one.
fn check_session_version(credential: Credential, holder: &User) -> Result<(), ApiError> {
    match credential {
        Credential::Session { version } if version != holder.session_version => {
            Err(ApiError::unauthenticated(
                "this session has ended (password changed or account disabled); log in again",
            ))
        }
        _ => Ok(()),
    }
}

/// The caller of the user's own session or API key.
async fn own_session(state: &AppState, identity: Identity) -> Result<Caller, ApiError> {
    let user_id = identity.user;
    let user = state
        .db(move |c| users::get_active(c, user_id))
        .await?
        .ok_or_else(|| {
            ApiError::unauthenticated("the token's user is disabled or no longer exists")
        })?;
    check_session_version(identity.credential, &user)?;
    Ok(Caller {
        user,
        impersonator: None,
        credential: identity.credential,
    })
}

/// 403: the grounds of an impersonation went away; the session itself still stands.
fn impersonation_ended() -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::FORBIDDEN,
        ErrorCode::ImpersonationEnded,
        "this impersonation has ended (the shipping allowance was removed, or the user acted as \
         was disabled or changed password); POST /auth/impersonation/end gives you your own \
         session back",
    )
}

/// The caller of an impersonation token: the impersonator's session must stand (else 401,
/// as for any session) and the impersonation must still be allowed, checked against the
/// database on every request (else 403 `IMPERSONATION_ENDED`).
async fn impersonating(
    state: &AppState,
    identity: Identity,
    actor: UserId,
) -> Result<Caller, ApiError> {
    let user_id = identity.user;
    let (impersonator, user, may_go_on) = state
        .db(move |c| {
            let impersonator = users::get_active(c, actor)?;
            let user = users::get_active(c, user_id)?;
            let may_go_on = match (&impersonator, &user) {
                (Some(i), Some(u)) => impersonation::may_go_on(c, i, u)?,
                _ => false,
            };
            Ok::<_, lms_store::QueryError>((impersonator, user, may_go_on))
        })
        .await?;
    let impersonator = impersonator.ok_or_else(|| {
        ApiError::unauthenticated("the impersonating user is disabled or no longer exists")
    })?;
    check_session_version(identity.credential, &impersonator)?;
    let user = user
        .filter(|u| u.session_version == identity.user_version.unwrap_or_default())
        .filter(|_| may_go_on)
        .ok_or_else(impersonation_ended)?;
    Ok(Caller {
        user,
        impersonator: Some(impersonator),
        credential: identity.credential,
    })
}

/// The caller of `POST /auth/impersonation/end`: an impersonation token whose session still
/// stands, whether or not the impersonation may go on. Ending one is always allowed, so a
/// user whose impersonation ended gets their own session back.
#[derive(Debug, Clone)]
pub struct Impersonation {
    /// The user who acts.
    pub impersonator: User,
    /// The user acted as, disabled or not.
    pub user: User,
}

impl FromRequest for Impersonation {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let bearer = bearer_token(req.headers());
        Box::pin(async move {
            let (state, identity) = identity_of(state, bearer).await?;
            let Some(actor) = identity.actor else {
                // Still refuse an ended session or a disabled user before answering.
                own_session(&state, identity).await?;
                return Err(ApiError::new(
                    actix_web::http::StatusCode::CONFLICT,
                    ErrorCode::NotImpersonating,
                    "you are not acting as another user",
                ));
            };
            let user_id = identity.user;
            let (impersonator, user) = state
                .db(move |c| {
                    let impersonator = users::get_active(c, actor)?;
                    Ok::<_, lms_store::QueryError>((impersonator, users::get(c, user_id)?))
                })
                .await?;
            let impersonator = impersonator.ok_or_else(|| {
                ApiError::unauthenticated("the impersonating user is disabled or no longer exists")
            })?;
            check_session_version(identity.credential, &impersonator)?;
            let user =
                user.ok_or_else(|| ApiError::unauthenticated("the token's user no longer exists"))?;
            Ok(Self { impersonator, user })
        })
    }
}

/// Who a bearer token speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    /// The user acted as.
    pub user: UserId,
    /// The real user when impersonating.
    pub actor: Option<UserId>,
    /// When impersonating: the session version of the user acted as, at issue.
    pub user_version: Option<i32>,
    pub credential: Credential,
}

/// Who a bearer token speaks for. API keys (`lms_…`) are looked up by their hash; anything
/// else must be one of our session JWTs. `None` when the token is neither.
///
/// # Errors
/// 503 when the database cannot be reached for a key.
pub async fn identify(state: &AppState, token: &str) -> Result<Option<Identity>, ApiError> {
    if token.starts_with(api_keys::PREFIX) {
        let secret = token.to_owned();
        let user = state
            .db(move |c| api_keys::authenticate(c, &secret, chrono::Utc::now()))
            .await?;
        return Ok(user.map(|user| Identity {
            user,
            actor: None,
            user_version: None,
            credential: Credential::ApiKey,
        }));
    }
    Ok(state.tokens.verify(token).ok().map(|claims| Identity {
        user: claims.sub,
        actor: claims.act,
        user_version: claims.sub_ver,
        credential: Credential::Session {
            version: claims.ver,
        },
    }))
}
