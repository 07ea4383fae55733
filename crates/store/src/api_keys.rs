//! API keys: long-lived bearer tokens (`lms_…`) for scripts, acting as the user who made
//! them, with that user's partner and roles. The key is shown once; only its SHA-256 is
//! stored, so a leaked database leaks no usable key.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::field::{FieldError, required_text};
use lms_domain::ids::UserId;
use rand::Rng;
use sha2::{Digest, Sha256};

use crate::audit::{self, Actor};
use crate::convert::{naive, stored, utc};
use crate::db::{DbConnection, RetryableError, write_tx};
use crate::schema::api_keys;

/// Every key starts with this, so a bearer token tells whether it is a key or a JWT.
pub const PREFIX: &str = "lms_";
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const SECRET_CHARS: usize = 40;

/// A key as listed (never the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: uuid::Uuid,
    pub name: String,
    /// The first characters of the key, to recognise it.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = api_keys)]
struct KeyRow {
    id: String,
    user_id: String,
    name: String,
    prefix: String,
    secret_hash: String,
    created_at: chrono::NaiveDateTime,
    revoked_at: Option<chrono::NaiveDateTime>,
}

impl From<KeyRow> for ApiKey {
    fn from(r: KeyRow) -> Self {
        Self {
            id: stored(&r.id),
            name: r.name,
            prefix: r.prefix,
            created_at: utc(r.created_at),
            revoked_at: r.revoked_at.map(utc),
        }
    }
}

/// An API key operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiKeyError {
    #[error("API key not found")]
    NotFound,
    #[error(transparent)]
    Invalid(#[from] FieldError),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for ApiKeyError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::Db(e) if e.is_retryable())
    }
}

fn hash(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

/// Creates a key for the actor's user; returns it and the secret, shown this once.
///
/// # Errors
/// [`ApiKeyError::Invalid`] for a bad name.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    name: &str,
    rng: &mut impl Rng,
    now: DateTime<Utc>,
) -> Result<(ApiKey, String), ApiKeyError> {
    let name = required_text("name", name, 100)?;
    let secret: String = (0..SECRET_CHARS)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    let secret = format!("{PREFIX}{secret}");
    let row = KeyRow {
        id: uuid::Uuid::new_v4().to_string(),
        user_id: actor.user_id.to_string(),
        name,
        prefix: secret[..PREFIX.len() + 6].to_owned(),
        secret_hash: hash(&secret),
        created_at: naive(now),
        revoked_at: None,
    };
    write_tx(conn, |c| {
        diesel::insert_into(api_keys::table)
            .values(&row)
            .execute(c)?;
        let details = serde_json::json!({"name": row.name, "prefix": row.prefix});
        audit::record(
            c,
            actor,
            None,
            "api_key.created",
            ("api_key", &row.id),
            details,
            now,
        )?;
        Ok::<_, ApiKeyError>(())
    })?;
    Ok((row.into(), secret))
}

/// The user's keys, newest first.
///
/// # Errors
/// Database errors only.
pub fn list(conn: &mut DbConnection, user: UserId) -> QueryResult<Vec<ApiKey>> {
    let rows: Vec<KeyRow> = api_keys::table
        .filter(api_keys::user_id.eq(user.to_string()))
        .select(KeyRow::as_select())
        .order((api_keys::created_at.desc(), api_keys::id.desc()))
        .load(conn)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Revokes one of the user's keys; it stops working at once.
///
/// # Errors
/// [`ApiKeyError::NotFound`] for a key of another user, or one already revoked.
pub fn revoke(
    conn: &mut DbConnection,
    actor: &Actor,
    key: uuid::Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiKeyError> {
    write_tx(conn, |c| {
        let revoked = diesel::update(
            api_keys::table
                .find(key.to_string())
                .filter(api_keys::user_id.eq(actor.user_id.to_string()))
                .filter(api_keys::revoked_at.is_null()),
        )
        .set(api_keys::revoked_at.eq(naive(now)))
        .execute(c)?;
        if revoked != 1 {
            return Err(ApiKeyError::NotFound);
        }
        audit::record(
            c,
            actor,
            None,
            "api_key.revoked",
            ("api_key", &key.to_string()),
            serde_json::json!({}),
            now,
        )?;
        Ok(())
    })
}

/// The user a live key belongs to.
///
/// # Errors
/// Database errors only; an unknown or revoked key is `Ok(None)`.
pub fn authenticate(conn: &mut DbConnection, secret: &str) -> QueryResult<Option<UserId>> {
    let user: Option<String> = api_keys::table
        .filter(api_keys::secret_hash.eq(hash(secret)))
        .filter(api_keys::revoked_at.is_null())
        .select(api_keys::user_id)
        .first(conn)
        .optional()?;
    Ok(user.as_deref().map(stored))
}
