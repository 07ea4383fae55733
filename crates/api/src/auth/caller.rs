//! The authenticated caller, extracted from `Authorization: Bearer <token>` on every
//! protected request and checked against the database (a disabled user is refused at once).

use lms_domain::ErrorCode;
use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use lms_domain::ids::UserId;
use lms_domain::party::Role;
use lms_store::Scope;
use lms_store::api_keys;
use lms_store::audit::Actor;
use lms_store::users::{self, User};

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

    /// Fails with 403 for an API key: managing credentials (new keys, the password) needs a
    /// person's session, so a leaked key cannot mint more keys.
    ///
    /// # Errors
    /// [`ApiError`] 403 `SESSION_REQUIRED`.
    pub fn require_session(&self) -> Result<(), ApiError> {
        match self.credential {
            Credential::Session { .. } => Ok(()),
            Credential::ApiKey => Err(ApiError::new(
                actix_web::http::StatusCode::FORBIDDEN,
                ErrorCode::SessionRequired,
                "an API key cannot do this; log in with a password",
            )),
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
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let token = bearer
                .ok_or_else(|| ApiError::unauthenticated("send Authorization: Bearer <token>"))?;
            let identity = identify(&state, &token)
                .await?
                .ok_or_else(|| ApiError::unauthenticated("the token is invalid or expired"))?;
            let (user_id, actor_id) = (identity.user, identity.actor);
            let (user, impersonator) = state
                .db(move |c| {
                    let user = users::get_active(c, user_id)?;
                    let actor = actor_id.map(|a| users::get_active(c, a)).transpose()?;
                    Ok::<_, lms_store::QueryError>((user, actor))
                })
                .await?;
            let user = user.ok_or_else(|| {
                ApiError::unauthenticated("the token's user is disabled or no longer exists")
            })?;
            // A password change or a disable since the token was issued ends the session.
            if let Credential::Session { version } = identity.credential {
                let session_holder = impersonator
                    .as_ref()
                    .and_then(Option::as_ref)
                    .unwrap_or(&user);
                if version != session_holder.session_version {
                    return Err(ApiError::unauthenticated(
                        "this session has ended (password changed or account disabled); log in again",
                    ));
                }
            }
            let impersonator = match (actor_id, impersonator) {
                (Some(_), Some(None)) => {
                    return Err(ApiError::unauthenticated(
                        "the impersonating user no longer exists",
                    ));
                }
                (_, actor) => actor.flatten(),
            };
            Ok(Caller {
                user,
                impersonator,
                credential: identity.credential,
            })
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
            credential: Credential::ApiKey,
        }));
    }
    Ok(state.tokens.verify(token).ok().map(|claims| Identity {
        user: claims.sub,
        actor: claims.act,
        credential: Credential::Session {
            version: claims.ver,
        },
    }))
}
