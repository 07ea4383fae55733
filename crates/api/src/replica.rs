//! An optional read replica (`LMS_DATABASE_READ_URL`) for list and search reads.
//!
//! Only whole-list reads go there ([`AppState::list_pool`]); everything that reads before it
//! writes runs in a write transaction on the primary. A user who has just changed something
//! reads from the primary for [`ReadReplica::read_your_writes`] afterwards, so a lagging
//! replica never hides their own write — whichever process their next request reaches, since
//! the time of the write is kept in the database ([`lms_store::recent_writes`]).

use std::time::Duration;

use actix_web::HttpMessage;
use actix_web::body::BoxBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;
use chrono::Utc;
use lms_domain::ids::UserId;
use lms_store::{Pool, recent_writes};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// The replica's pool and how long a user's reads stay on the primary after their write.
pub struct ReadReplica {
    pub pool: Pool,
    /// Longer than the replica's worst lag.
    pub read_your_writes: Duration,
}

/// Request extension: the user a request acted as, set by the [`Caller`] extractor.
#[derive(Debug, Clone, Copy)]
pub struct ActingUser(pub UserId);

impl AppState {
    /// The pool a list or search read of `caller` uses: the replica, unless none is
    /// configured or the caller changed something within the read-your-writes window.
    ///
    /// # Errors
    /// 503 when the primary cannot be asked about the caller's last write.
    pub async fn list_pool(&self, caller: &Caller) -> Result<Pool, ApiError> {
        let Some(replica) = &self.replica else {
            self.metrics.count_list_read("primary");
            return Ok(self.pool.clone());
        };
        let user = caller.user.id;
        let window =
            chrono::Duration::from_std(replica.read_your_writes).unwrap_or(chrono::Duration::MAX);
        let since = Utc::now() - window;
        let wrote = self
            .db(move |c| recent_writes::wrote_since(c, user, since))
            .await?;
        let (name, pool) = if wrote {
            ("primary", self.pool.clone())
        } else {
            ("replica", replica.pool.clone())
        };
        self.metrics.count_list_read(name);
        Ok(pool)
    }
}

/// Middleware: after a successful change by a user, records when, so that user's next
/// reads stay on the primary (only while a replica is configured). The record is written
/// before the answer leaves, so the client's next request already sees it.
///
/// # Errors
/// Passes on the inner service's error.
pub async fn remember_writes(
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let reads_only = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let res = next.call(req).await?;
    if reads_only || !res.status().is_success() {
        return Ok(res);
    }
    let state = res.request().app_data::<web::Data<AppState>>().cloned();
    let acting = res.request().extensions().get::<ActingUser>().copied();
    if let (Some(state), Some(ActingUser(user))) = (state, acting)
        && state.replica.is_some()
    {
        let now = Utc::now();
        if let Err(e) = state.db(move |c| recent_writes::record(c, user, now)).await {
            // The change is done; only the replica's freshness for this user is at stake.
            tracing::warn!(error = %e, "could not record a user's write for read-your-writes");
        }
    }
    Ok(res)
}
