//! Failed-login throttling in the database, so every server process behind a load balancer
//! counts the same attempts: at most N within a window per key (an account, a client
//! address); past that the caller waits until the oldest counted attempt ages out.
//!
//! An attempt is *reserved* (counted as a failure) before the password is checked and
//! released only when it succeeds, so a parallel burst — on one process or several — cannot
//! slip more guesses past the check while the first ones are still being verified. Keys are
//! stored as SHA-256 hashes: no e-mail address of a failed login is kept.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use sha2::{Digest, Sha256};

use crate::convert::{naive, utc};
use crate::db::{DbConnection, write_tx};
use crate::schema::login_attempts;

/// How many attempts a key may have within how long.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleRules {
    pub max_attempts: u32,
    pub window: Duration,
}

/// An attempt counted against its keys until [`succeeded`] releases it.
#[derive(Debug)]
#[must_use = "a reservation is released only by `succeeded`"]
pub struct Reservation(String);

/// Counts an attempt against every key, or answers how long to wait when any key is at its
/// limit (then nothing is counted). Forgets attempts older than the window on the way.
///
/// # Errors
/// Database errors only.
pub fn reserve(
    c: &mut DbConnection,
    keys: &[String],
    rules: ThrottleRules,
    now: DateTime<Utc>,
) -> QueryResult<Result<Reservation, Duration>> {
    let mut hashed: Vec<String> = keys.iter().map(|k| hash(k)).collect();
    // One lock order for every process: two logins sharing keys cannot deadlock.
    hashed.sort();
    hashed.dedup();
    let since = now - rules.window;
    write_tx(c, |c| {
        lock_keys(c, &hashed)?;
        diesel::delete(login_attempts::table.filter(login_attempts::attempted_at.le(naive(since))))
            .execute(c)?;
        if let Some(wait) = wait_for_any(c, &hashed, rules, now)? {
            return Ok(Err(wait));
        }
        let reservation = uuid::Uuid::now_v7().to_string();
        // One row per key (at most two): MultiConnection has no batch insert.
        for key in &hashed {
            diesel::insert_into(login_attempts::table)
                .values((
                    login_attempts::id.eq(uuid::Uuid::now_v7().to_string()),
                    login_attempts::reservation_id.eq(&reservation),
                    login_attempts::throttle_key.eq(key),
                    login_attempts::attempted_at.eq(naive(now)),
                ))
                .execute(c)?;
        }
        Ok(Ok(Reservation(reservation)))
    })
}

/// The attempt succeeded: it no longer counts, and the account's failures are cleared (not
/// the address's other failures).
///
/// # Errors
/// Database errors only.
pub fn succeeded(
    c: &mut DbConnection,
    reservation: Reservation,
    account_key: &str,
) -> QueryResult<()> {
    let account = hash(account_key);
    write_tx(c, |c| {
        diesel::delete(
            login_attempts::table.filter(
                login_attempts::reservation_id
                    .eq(&reservation.0)
                    .or(login_attempts::throttle_key.eq(&account)),
            ),
        )
        .execute(c)
        .map(|_| ())
    })
}

/// The longest wait any key at its limit imposes, if one is.
fn wait_for_any(
    c: &mut DbConnection,
    keys: &[String],
    rules: ThrottleRules,
    now: DateTime<Utc>,
) -> QueryResult<Option<Duration>> {
    let counted: Vec<(String, i64, Option<chrono::NaiveDateTime>)> = login_attempts::table
        .filter(login_attempts::throttle_key.eq_any(keys))
        .group_by(login_attempts::throttle_key)
        .select((
            login_attempts::throttle_key,
            diesel::dsl::count_star(),
            diesel::dsl::min(login_attempts::attempted_at),
        ))
        .load(c)?;
    Ok(counted
        .into_iter()
        .filter(|(_, n, _)| *n >= i64::from(rules.max_attempts))
        .map(|(_, _, oldest)| oldest.map_or(rules.window, |t| rules.window - (now - utc(t))))
        .max())
}

/// PostgreSQL: a transaction-scoped advisory lock per key, so the count and the insert of
/// concurrent logins on the same key happen one after the other. SQLite's `BEGIN IMMEDIATE`
/// already serialises every writer.
fn lock_keys(c: &mut DbConnection, keys: &[String]) -> QueryResult<()> {
    if let DbConnection::Postgresql(pg) = c {
        for key in keys {
            diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .bind::<Text, _>(key)
                .execute(pg)?;
        }
    }
    Ok(())
}

fn hash(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
