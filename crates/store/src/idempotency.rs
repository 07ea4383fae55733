//! Idempotency keys: a POST repeated with the same `Idempotency-Key` by the same user
//! answers its first response again for 24 hours and does nothing twice.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use lms_domain::ids::UserId;

use crate::convert::{naive, utc};
use crate::db::{DbConnection, write_tx};
use crate::schema::idempotency_keys;

/// How long a key is remembered.
pub const RETENTION_HOURS: i64 = 24;

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

/// Claims `key` for this request, or says why not.
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
    write_tx(conn, |c| {
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
            Some((_, _, created)) if utc(created) < now - Duration::hours(RETENTION_HOURS) => {
                diesel::delete(target()).execute(c)?;
            }
            Some((hash, _, _)) if hash != request_hash => return Ok(Begin::Mismatch),
            Some((_, Some(response), _)) => return Ok(Begin::Replay(response)),
            Some((_, None, _)) => return Ok(Begin::InProgress),
            None => {}
        }
        diesel::insert_into(idempotency_keys::table)
            .values((
                idempotency_keys::user_id.eq(user.to_string()),
                idempotency_keys::idem_key.eq(key),
                idempotency_keys::request_hash.eq(request_hash),
                idempotency_keys::created_at.eq(naive(now)),
            ))
            .execute(c)?;
        Ok(Begin::Proceed)
    })
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

/// Releases `key` after a server error, so the client may try again.
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
