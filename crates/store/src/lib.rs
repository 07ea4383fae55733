//! LMS persistence: the diesel schema, embedded migrations for SQLite and PostgreSQL, and one
//! function per use case. Each takes a connection and runs its own transaction; nothing here
//! knows HTTP. A use case loads, asks the domain's rule (`lms_domain`), writes and records
//! its audit event; the rules themselves live in the domain, not here.

pub mod activation;
pub mod api_keys;
pub mod audit;
pub mod bin;
pub mod customers;
pub mod db;
pub mod dect;
pub mod deployment;
pub mod files;
pub mod idempotency;
pub mod impersonation;
pub mod licenses;
pub mod locations;
pub mod login_throttle;
pub mod outbox;
pub mod paging;
pub mod partners;
pub mod parts;
pub mod recent_writes;
pub mod reships;
pub mod schema;
pub mod sql_trace;
pub mod sso;
pub mod swa;
pub mod users;
pub mod webhooks;

mod convert;

pub use db::{
    DatabaseTarget, DbConnection, OpenError, Pool, PooledConnection, open_pool, open_pool_sized,
    run_migrations,
};
/// A database error from a query, for callers that map it without depending on diesel.
pub use diesel::result::Error as QueryError;
pub use paging::{Page, PageRequest, PagingError};

use lms_domain::ids::PartnerId;

/// Whose data a caller may see: one partner's, or (vendor staff) everyone's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A partner's users see and change only that partner's rows.
    Partner(PartnerId),
    /// Vendor staff read across partners.
    Vendor,
}

impl Scope {
    /// The partner this scope is limited to, if any.
    pub fn partner(self) -> Option<PartnerId> {
        match self {
            Self::Partner(id) => Some(id),
            Self::Vendor => None,
        }
    }
}
