//! The authenticated caller, extracted from `Authorization: Bearer <token>` on every
//! protected request and checked against the database (a disabled user is refused at once).

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

/// Who is calling: the user acted as, and the real user when impersonating.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub impersonator: Option<User>,
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
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let bearer = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(|t| t.trim().to_owned());
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal(&"application state missing"))?;
            let token = bearer
                .ok_or_else(|| ApiError::unauthenticated("send Authorization: Bearer <token>"))?;
            let (user_id, actor_id) = identify(&state, &token)
                .await?
                .ok_or_else(|| ApiError::unauthenticated("the token is invalid or expired"))?;
            let (user, impersonator) = state
                .db(move |c| {
                    let user = users::get_active(c, user_id)?;
                    let actor = actor_id.map(|a| users::get_active(c, a)).transpose()?;
                    Ok::<_, lms_store::QueryError>((user, actor))
                })
                .await?;
            let user =
                user.ok_or_else(|| ApiError::unauthenticated("the token's user no longer exists"))?;
            let impersonator = match (actor_id, impersonator) {
                (Some(_), Some(None)) => {
                    return Err(ApiError::unauthenticated(
                        "the impersonating user no longer exists",
                    ));
                }
                (_, actor) => actor.flatten(),
            };
            Ok(Caller { user, impersonator })
        })
    }
}

/// Who a bearer token speaks for: `(user, impersonating user)`. API keys (`lms_…`) are
/// looked up by their hash; anything else must be one of our session JWTs. `None` when
/// the token is neither.
///
/// # Errors
/// 503 when the database cannot be reached for a key.
pub async fn identify(
    state: &AppState,
    token: &str,
) -> Result<Option<(UserId, Option<UserId>)>, ApiError> {
    if token.starts_with(api_keys::PREFIX) {
        let secret = token.to_owned();
        let user = state
            .db(move |c| api_keys::authenticate(c, &secret))
            .await?;
        return Ok(user.map(|u| (u, None)));
    }
    Ok(state
        .tokens
        .verify(token)
        .ok()
        .map(|claims| (claims.sub, claims.act)))
}
