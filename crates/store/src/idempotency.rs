//! Idempotency keys: a POST repeated with the same `Idempotency-Key` by the same user
//! answers its first response again for 24 hours and does nothing twice.
//!
//! A key is claimed before the request runs. A claim whose request never finished (the
//! process died between its commit and [`finish`]) is a lease: after [`LEASE_SECONDS`]
//! another request may take the key over, so a crash does not leave it answering 409 for a
//! day. Replies older than [`RETENTION_HOURS`] are purged.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use lms_domain::ids::UserId;

use crate::convert::{naive, utc};
use crate::db::{DbConnection, is_unique_violation, write_tx};
use crate::schema::idempotency_keys;

/// How long a key is remembered.
pub const RETENTION_HOURS: i64 = 24;

/// How long an unfinished claim holds its key.
pub const LEASE_SECONDS: i64 = 60;

/// What to do with a request carrying a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begin {
    /// First use: run the request, then [`finish`] (or [`abandon`] on a server error).
    Proceed,
    /// Seen before with the same request: answer this stored response.
    Replay(String),
    /// Seen before with a different request.
    Mismatch,
    /// The first request with this key is still running.
    InProgress,
}

/// Claims `key` for this request, or says why not. Purges replies past their retention.
///
/// # Errors
/// Database errors only.
pub fn begin(
    conn: &mut DbConnection,
    user: UserId,
    key: &str,
    request_hash: &str,
    now: DateTime<Utc>,
) -> QueryResult<Begin> {
    let claimed = write_tx(conn, |c| {
        diesel::delete(idempotency_keys::table.filter(
            idempotency_keys::created_at.lt(naive(now - Duration::hours(RETENTION_HOURS))),
        ))
        .execute(c)?;
        let target = || idempotency_keys::table.find((user.to_string(), key.to_owned()));
        let existing: Option<(String, Option<String>, chrono::NaiveDateTime)> = target()
            .select((
                idempotency_keys::request_hash,
                idempotency_keys::response_body,
                idempotency_keys::created_at,
            ))
            .first(c)
            .optional()?;
        match existing {
            Some((hash, _, _)) if hash != request_hash => Ok(Begin::Mismatch),
            Some((_, Some(response), _)) => Ok(Begin::Replay(response)),
            Some((_, None, claimed)) if utc(claimed) > now - Duration::seconds(LEASE_SECONDS) => {
                Ok(Begin::InProgress)
            }
            Some((_, None, claimed)) => {
                // The lease ran out: take the key over, unless another request just did.
                let taken = diesel::update(
                    target()
                        .filter(idempotency_keys::created_at.eq(claimed))
                        .filter(idempotency_keys::response_body.is_null()),
                )
                .set(idempotency_keys::created_at.eq(naive(now)))
                .execute(c)?;
                Ok(if taken == 1 {
                    Begin::Proceed
                } else {
                    Begin::InProgress
                })
            }
            None => {
                diesel::insert_into(idempotency_keys::table)
                    .values((
                        idempotency_keys::user_id.eq(user.to_string()),
                        idempotency_keys::idem_key.eq(key),
                        idempotency_keys::request_hash.eq(request_hash),
                        idempotency_keys::created_at.eq(naive(now)),
                    ))
                    .execute(c)?;
                Ok(Begin::Proceed)
            }
        }
    });
    match claimed {
        // Two first requests at once (PostgreSQL): the other one inserted the claim.
        Err(e) if is_unique_violation(&e, "idempotency_keys_pkey", "idempotency_keys.user_id") => {
            Ok(Begin::InProgress)
        }
        other => other,
    }
}

/// Stores the response of the request that claimed `key`.
///
/// # Errors
/// Database errors only.
pub fn finish(
    conn: &mut DbConnection,
    user: UserId,
    key: &str,
    status: u16,
    response: &str,
) -> QueryResult<()> {
    write_tx(conn, |c| {
        diesel::update(idempotency_keys::table.find((user.to_string(), key.to_owned())))
            .set((
                idempotency_keys::status.eq(i32::from(status)),
                idempotency_keys::response_body.eq(response),
            ))
            .execute(c)
            .map(drop)
    })
}

/// Releases `key` after a response that is not an outcome (a server error, an expired
/// session), so the client may try again.
///
/// # Errors
/// Database errors only.
pub fn abandon(conn: &mut DbConnection, user: UserId, key: &str) -> QueryResult<()> {
    write_tx(conn, |c| {
        diesel::delete(idempotency_keys::table.find((user.to_string(), key.to_owned())))
            .execute(c)
            .map(drop)
    })
}
