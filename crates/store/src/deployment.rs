//! The keys every server process on one database must share (the JWT secret, the current
//! license signing key), recorded as fingerprints by the first process to start, so a
//! process with other keys is refused at start-up rather than serving tokens and files the
//! others reject.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::convert::naive;
use crate::db::{DbConnection, is_unique_violation, write_tx};
use crate::schema::deployment_keys;

/// What a fingerprint identifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// A hash of the session-token secret.
    JwtSecret,
    /// The key id of the license signing key that signs new files.
    LicenseSigningKey,
    /// A hash of the key that seals webhook endpoints' secrets.
    WebhookKey,
}

impl KeyKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::JwtSecret => "jwt_secret",
            Self::LicenseSigningKey => "license_signing_key",
            Self::WebhookKey => "webhook_key",
        }
    }
}

/// The recorded fingerprint of `kind`, if a process recorded one.
///
/// # Errors
/// Database errors only.
pub fn recorded(c: &mut DbConnection, kind: KeyKind) -> QueryResult<Option<String>> {
    deployment_keys::table
        .find(kind.as_str())
        .select(deployment_keys::fingerprint)
        .first(c)
        .optional()
}

/// Records `fingerprint` for `kind` when none is; answers the fingerprint that holds now
/// (another process's, when it recorded first).
///
/// # Errors
/// Database errors only.
pub fn record_first(
    c: &mut DbConnection,
    kind: KeyKind,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> QueryResult<String> {
    let first = write_tx(c, |c| {
        if let Some(existing) = recorded(c, kind)? {
            return Ok(existing);
        }
        insert(c, kind, fingerprint, now)?;
        Ok(fingerprint.to_owned())
    });
    match first {
        // Another process starting at the same moment recorded first: theirs holds.
        Err(e) if is_unique_violation(&e, "deployment_keys_pkey", "deployment_keys.kind") => {
            recorded(c, kind)?.ok_or(e)
        }
        other => other,
    }
}

/// Replaces the fingerprint of `kind` (a rotated signing key).
///
/// # Errors
/// Database errors only.
pub fn replace(
    c: &mut DbConnection,
    kind: KeyKind,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    write_tx(c, |c| {
        diesel::delete(deployment_keys::table.find(kind.as_str())).execute(c)?;
        insert(c, kind, fingerprint, now)
    })
}

fn insert(
    c: &mut DbConnection,
    kind: KeyKind,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(deployment_keys::table)
        .values((
            deployment_keys::kind.eq(kind.as_str()),
            deployment_keys::fingerprint.eq(fingerprint),
            deployment_keys::recorded_at.eq(naive(now)),
        ))
        .execute(c)
        .map(|_| ())
}
