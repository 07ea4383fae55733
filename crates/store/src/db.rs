//! One connection type over SQLite and PostgreSQL, its pool, migrations and the write
//! transaction every state change runs in.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::sql_trace::{self, SqlTrace};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// A connection to whichever backend the deployment uses; queries are written once for both.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

/// Where the data lives, parsed from `LMS_DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    /// A SQLite file (created when missing).
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

/// `LMS_DATABASE_URL` is neither `sqlite://PATH` nor `postgres://…`.
#[derive(Debug, thiserror::Error)]
#[error("unsupported database URL (expected sqlite://PATH or postgres://…)")]
pub struct UnsupportedDatabaseUrl;

impl DatabaseTarget {
    /// Parses a database URL; a relative SQLite path is resolved against `data_dir`.
    ///
    /// # Errors
    /// [`UnsupportedDatabaseUrl`] for any other scheme.
    pub fn parse(url: &str, data_dir: &std::path::Path) -> Result<Self, UnsupportedDatabaseUrl> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            let path = PathBuf::from(path);
            Ok(Self::Sqlite(if path.is_absolute() {
                path
            } else {
                data_dir.join(path)
            }))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(url.to_owned()))
        } else {
            Err(UnsupportedDatabaseUrl)
        }
    }

    /// The backend's name, for logs and `/readyz`.
    pub fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

/// Opens connections of the configured backend, with SQLite's pragmas set on each.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    target: DatabaseTarget,
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match &self.target {
            DatabaseTarget::Postgres(url) => {
                let mut conn =
                    PgConnection::establish(url).map_err(r2d2::Error::ConnectionError)?;
                if sql_trace::enabled() {
                    conn.set_instrumentation(SqlTrace::default());
                }
                Ok(DbConnection::Postgresql(conn))
            }
            DatabaseTarget::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(r2d2::Error::ConnectionError)?;
                if sql_trace::enabled() {
                    conn.set_instrumentation(SqlTrace::default());
                }
                // busy_timeout first: the other pragmas may already need to wait for a lock.
                // synchronous = FULL: in WAL mode NORMAL may lose the last commits on power
                // loss, and an acknowledged activation's signed file is already out there.
                // WAL is set once in `open_pool`: it is a property of the file, and switching
                // to it from several new connections at once can fail with SQLITE_BUSY.
                conn.batch_execute(
                    "PRAGMA busy_timeout = 10000;
                     PRAGMA synchronous = FULL;
                     PRAGMA foreign_keys = ON;",
                )
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        <DbConnection as Connection>::TransactionManager::is_broken_transaction_manager(conn)
    }
}

/// The shared pool of database connections.
pub type Pool = r2d2::Pool<ConnectionManager>;
/// A connection checked out of the [`Pool`].
pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// Opening the database or bringing its schema up to date failed.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot create the data directory {0}: {1}")]
    DataDir(PathBuf, std::io::Error),
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] r2d2::PoolError),
    #[error("cannot run migrations: {0}")]
    Migrate(String),
    #[error("{0}")]
    Prepare(String),
}

/// Builds the pool. SQLite gets few connections: it has one writer at a time anyway.
///
/// # Errors
/// [`OpenError`] when the database cannot be reached or its directory created.
pub fn open_pool(target: &DatabaseTarget) -> Result<Pool, OpenError> {
    open_pool_sized(target, None)
}

/// Like [`open_pool`], with at most `max_size` connections (`None`: 4 on SQLite, whose one
/// writer gains nothing from more; 10 on PostgreSQL). Size PostgreSQL's pools so that the
/// processes together stay under its `max_connections`.
///
/// # Errors
/// [`OpenError`] when the database cannot be reached or its directory created.
pub fn open_pool_sized(target: &DatabaseTarget, max_size: Option<u32>) -> Result<Pool, OpenError> {
    if let DatabaseTarget::Sqlite(path) = target
        && let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| OpenError::DataDir(dir.to_owned(), e))?;
    }
    if let DatabaseTarget::Sqlite(path) = target {
        let mut conn = SqliteConnection::establish(&path.to_string_lossy())
            .map_err(|e| OpenError::Prepare(format!("cannot open {}: {e}", path.display())))?;
        conn.batch_execute("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL;")
            .map_err(|e| {
                OpenError::Prepare(format!("cannot switch {} to WAL: {e}", path.display()))
            })?;
    }
    let size = max_size.filter(|n| *n > 0).unwrap_or(match target {
        DatabaseTarget::Sqlite(_) => 4,
        DatabaseTarget::Postgres(_) => 10,
    });
    // A SQLite connection is a file handle: it cannot go stale the way a network connection
    // can, and the check would cost a statement on every checkout (two per API request).
    let test_on_check_out = matches!(target, DatabaseTarget::Postgres(_));
    Ok(r2d2::Pool::builder()
        .max_size(size)
        .test_on_check_out(test_on_check_out)
        .connection_timeout(Duration::from_secs(10))
        .build(ConnectionManager {
            target: target.clone(),
        })?)
}

/// Runs the migrations of the connection's backend that have not run yet.
///
/// # Errors
/// [`OpenError::Migrate`] with the failing migration's message.
pub fn run_migrations(conn: &mut DbConnection) -> Result<usize, OpenError> {
    let applied = match conn {
        DbConnection::Postgresql(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    };
    applied.map_err(|e| OpenError::Migrate(e.to_string()))
}

/// Attempts of one write transaction before its serialization failure is given up on.
pub const TX_ATTEMPTS: u32 = 10;

static TX_RETRIES: AtomicU64 = AtomicU64::new(0);
static TX_EXHAUSTED: AtomicU64 = AtomicU64::new(0);

/// Process-wide counts of write transactions the database asked to retry, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryCounts {
    /// Attempts that failed with 40001/40P01 and were run again.
    pub retried: u64,
    /// Transactions still failing after [`TX_ATTEMPTS`] attempts (answered 503).
    pub exhausted: u64,
}

/// The retry counts since the process started.
pub fn retry_counts() -> RetryCounts {
    RetryCounts {
        retried: TX_RETRIES.load(Ordering::Relaxed),
        exhausted: TX_EXHAUSTED.load(Ordering::Relaxed),
    }
}

/// Runs `f` in one write transaction and retries it when the database asks for a retry.
///
/// On SQLite the transaction starts with `BEGIN IMMEDIATE`, taking the write lock up front: a
/// deferred transaction that upgrades to a write fails at once with SQLITE_BUSY, whatever
/// the busy timeout. On PostgreSQL a serialization failure or deadlock (40001/40P01) — the
/// everyday answer of a SERIALIZABLE or distributed engine under contention — is retried up
/// to [`TX_ATTEMPTS`] times with exponential backoff and full jitter, so colliding clients
/// spread out instead of colliding again.
///
/// # Errors
/// Whatever `f` returns, or the database error of begin/commit; the last serialization
/// failure once the attempts are spent.
pub fn write_tx<T, E, F>(conn: &mut DbConnection, mut f: F) -> Result<T, E>
where
    F: FnMut(&mut DbConnection) -> Result<T, E>,
    E: From<DieselError> + RetryableError,
{
    let mut attempt = 1;
    loop {
        match run_once(conn, &mut f) {
            Err(e) if e.is_retryable() => {
                if attempt == TX_ATTEMPTS {
                    TX_EXHAUSTED.fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(
                        attempts = attempt,
                        "transaction still conflicting; giving up"
                    );
                    return Err(e);
                }
                TX_RETRIES.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(backoff(attempt));
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Full jitter over an exponential ceiling: 20 ms, 40 ms, … capped at 1.28 s.
fn backoff(attempt: u32) -> Duration {
    let ceiling_ms = 10u64 << attempt.min(7);
    Duration::from_millis(rand::random_range(1..=ceiling_ms))
}

fn run_once<T, E, F>(conn: &mut DbConnection, f: &mut F) -> Result<T, E>
where
    F: FnMut(&mut DbConnection) -> Result<T, E>,
    E: From<DieselError>,
{
    type Multi = <DbConnection as Connection>::TransactionManager;
    match conn {
        DbConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
        }
        DbConnection::Postgresql(_) => Multi::begin_transaction(conn)?,
    }
    match f(conn) {
        Ok(value) => {
            Multi::commit_transaction(conn)?;
            Ok(value)
        }
        Err(user_error) => match Multi::rollback_transaction(conn) {
            Ok(()) | Err(DieselError::BrokenTransactionManager) => Err(user_error),
            Err(rollback_error) => Err(rollback_error.into()),
        },
    }
}

/// Errors that may carry a database error asking the caller to try the transaction again.
pub trait RetryableError {
    /// True for serialization failures and deadlocks.
    fn is_retryable(&self) -> bool;
}

impl RetryableError for DieselError {
    fn is_retryable(&self) -> bool {
        match self {
            DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
            DieselError::DatabaseError(_, info) => {
                // Deadlock (40P01) has no kind of its own in diesel.
                info.message().contains("deadlock detected")
            }
            _ => false,
        }
    }
}

/// True when `e` is a unique violation of the named index (PostgreSQL reports the index,
/// SQLite the columns, so both spellings are given).
pub fn is_unique_violation(e: &DieselError, pg_index: &str, sqlite_columns: &str) -> bool {
    match e {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            info.constraint_name() == Some(pg_index) || info.message().contains(sqlite_columns)
        }
        _ => false,
    }
}

/// Checks that the database answers, for `/readyz`.
///
/// # Errors
/// The database error when it does not.
pub fn ping(conn: &mut DbConnection) -> Result<(), DieselError> {
    conn.batch_execute("SELECT 1")
}

/// The row a query filtered by a unique key finds, if any, in a statement the connection
/// keeps prepared. `.first()` would add a `LIMIT` that diesel's `MultiConnection` does not
/// let the statement cache keep, so SQLite parsed the statement again on every call; for a
/// unique key the limit adds nothing. For the lookups every request makes (the caller, the
/// location of a page), not for queries that can match several rows.
///
/// # Errors
/// Database errors only.
pub fn unique_row<T, Q>(query: Q, conn: &mut DbConnection) -> diesel::QueryResult<Option<T>>
where
    Q: diesel::query_dsl::LoadQuery<'static, DbConnection, T>,
{
    let mut rows = query.load(conn)?;
    debug_assert!(
        rows.len() <= 1,
        "unique_row on a query that matched several rows"
    );
    Ok(rows.pop())
}
