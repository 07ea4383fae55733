//! What every handler shares: the pool, the token keys, the login throttle, the metrics.

use actix_web::web;
use lms_domain::license::{LicenseSigningKey, PublicSigningKey};
use lms_store::{DbConnection, Pool};

use lms_domain::swa::SwaPolicy;

use crate::auth::sso::SsoVerifier;
use crate::auth::{LoginThrottle, Passwords, TokenKeys};
use crate::clock::Clock;
use crate::error::ApiError;
use crate::metrics::Metrics;

/// Shared application state, built once at start-up.
pub struct AppState {
    pub pool: Pool,
    pub tokens: TokenKeys,
    pub throttle: LoginThrottle,
    /// Password hashing, a few at a time.
    pub passwords: Passwords,
    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` name the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub metrics: Metrics,
    /// When set, `/metrics` answers only `Authorization: Bearer <this>`.
    pub metrics_token: Option<String>,
    pub keyring: Keyring,
    /// The time the business rules see (see [`Clock`]).
    pub clock: Clock,
    /// Grace period and renewal window of Software Assurance.
    pub swa: SwaPolicy,
    /// BusinessNet SSO, when its public key is configured.
    pub sso: Option<SsoVerifier>,
    /// The read replica for lists and searches, when one is configured.
    pub replica: Option<crate::replica::ReadReplica>,
    /// Seals and opens webhook endpoints' signing secrets.
    pub webhook_secrets: lms_store::webhooks::SecretBox,
}

/// The license signing keys: the current one signs new files; every key ever used is
/// published so files signed before a rotation keep verifying.
#[derive(Debug, Clone)]
pub struct Keyring {
    pub current: LicenseSigningKey,
    pub published: Vec<PublicSigningKey>,
}

impl AppState {
    /// Runs blocking database work on actix's blocking pool with a pooled connection.
    ///
    /// # Errors
    /// The operation's own error mapped to [`ApiError`], or 503 when no connection can be had.
    pub async fn db<T, E, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: Into<ApiError> + Send + 'static,
    {
        on_pool(self.pool.clone(), f).await
    }
}

/// [`AppState::db`] for work that outlives the request's borrow of the state (a streamed
/// export): the connection is taken for `f` alone and back in `pool` when it returns.
///
/// # Errors
/// The operation's own error mapped to [`ApiError`], or 503 when no connection can be had.
pub async fn on_pool<T, E, F>(pool: Pool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Into<ApiError> + Send + 'static,
{
    let outcome = web::block(move || {
        let mut conn = pool.get().map_err(|e| ApiError::unavailable(&e))?;
        f(&mut conn).map_err(Into::into)
    })
    .await;
    outcome.map_err(ApiError::internal)?
}
