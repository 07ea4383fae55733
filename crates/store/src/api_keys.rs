//! API keys: long-lived bearer tokens (`lms_…`) for scripts, acting as the user who made
//! them, with that user's partner and roles. The key is shown once; only its SHA-256 is
//! stored, so a leaked database leaks no usable key.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{ApiKeyCreated, ApiKeyRevoked, Change, Subject};
use lms_domain::ids::{ApiKeyId, UserId};
use lms_domain::name::ApiKeyName;
use rand::Rng;
use sha2::{Digest, Sha256};

use crate::audit::{self, Actor, Event};
use crate::convert::{naive, stored, utc};
use crate::db::{DbConnection, RetryableError, unique_row, write_tx};
use crate::paging::{Page, PageRequest};
use crate::schema::{api_keys, users};

/// Every key starts with this, so a bearer token tells whether it is a key or a JWT.
pub const PREFIX: &str = "lms_";
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const SECRET_CHARS: usize = 40;

/// A key as listed (never the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: ApiKeyId,
    pub name: String,
    /// The first characters of the key, to recognise it.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// After this the key no longer works; `None` for a key that lives until revoked.
    pub expires_at: Option<DateTime<Utc>>,
    /// The e-mail of the user the key acts as.
    pub user_email: String,
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
    expires_at: Option<chrono::NaiveDateTime>,
}

fn to_key((r, user_email): (KeyRow, String)) -> QueryResult<ApiKey> {
    Ok(ApiKey {
        id: stored(&r.id)?,
        name: r.name,
        prefix: r.prefix,
        created_at: utc(r.created_at),
        revoked_at: r.revoked_at.map(utc),
        expires_at: r.expires_at.map(utc),
        user_email,
    })
}

/// An API key operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiKeyError {
    #[error("API key not found")]
    NotFound,
    /// Depends on the clock, not on the request alone.
    #[error("expires_at must lie in the future")]
    ExpiryPassed,
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

/// Creates a key for the actor's user, optionally expiring at `expires_at`; returns it and
/// the secret, shown this once.
///
/// # Errors
/// [`ApiKeyError::ExpiryPassed`] for an expiry that is not in the future.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    name: &ApiKeyName,
    expires_at: Option<DateTime<Utc>>,
    rng: &mut impl Rng,
    now: DateTime<Utc>,
) -> Result<(ApiKey, String), ApiKeyError> {
    if expires_at.is_some_and(|at| at <= now) {
        return Err(ApiKeyError::ExpiryPassed);
    }
    let secret: String = (0..SECRET_CHARS)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    let secret = format!("{PREFIX}{secret}");
    let row = KeyRow {
        id: uuid::Uuid::now_v7().to_string(),
        user_id: actor.user_id.to_string(),
        name: name.to_string(),
        prefix: secret[..PREFIX.len() + 6].to_owned(),
        secret_hash: hash(&secret),
        created_at: naive(now),
        revoked_at: None,
        expires_at: expires_at.map(naive),
    };
    write_tx(conn, |c| {
        diesel::insert_into(api_keys::table)
            .values(&row)
            .execute(c)?;
        audit::record(
            c,
            Event {
                actor,
                owner: None,
                subject: Subject::ApiKey(stored(&row.id)?),
                change: Change::ApiKeyCreated(ApiKeyCreated {
                    name: row.name.clone(),
                    prefix: row.prefix.clone(),
                    expires_at,
                }),
                at: now,
            },
        )?;
        let email: String = users::table
            .find(&row.user_id)
            .select(users::email)
            .first(c)?;
        Ok::<_, ApiKeyError>(email)
    })
    .and_then(|email| Ok((to_key((row, email))?, secret)))
}

/// The user's keys, newest first.
///
/// # Errors
/// Database errors only.
pub fn list(conn: &mut DbConnection, user: UserId) -> QueryResult<Vec<ApiKey>> {
    let rows: Vec<(KeyRow, String)> = api_keys::table
        .inner_join(users::table)
        .filter(api_keys::user_id.eq(user.to_string()))
        .select((KeyRow::as_select(), users::email))
        .order((api_keys::created_at.desc(), api_keys::id.desc()))
        .load(conn)?;
    rows.into_iter().map(to_key).collect()
}

/// Every user's keys, newest first (for vendor admins; ids are UUIDv7, so their order is
/// the order of creation).
///
/// # Errors
/// Database errors only.
pub fn list_all(conn: &mut DbConnection, page: &PageRequest) -> QueryResult<Page<ApiKey>> {
    let mut query = api_keys::table
        .inner_join(users::table)
        .select((KeyRow::as_select(), users::email))
        .into_boxed();
    if let Some(id) = page.after_id() {
        query = query.filter(api_keys::id.lt(id.to_owned()));
    }
    let rows: Vec<(KeyRow, String)> = query
        .order(api_keys::id.desc())
        .limit(page.limit + 1)
        .load(conn)?;
    page.page(rows, |(r, _)| (r.id.clone(), r.id.clone()))
        .try_map(to_key)
}

/// Revokes a key; it stops working at once. `owner` limits it to that user's keys (a user
/// revoking their own); `None` is a vendor admin revoking anyone's.
///
/// # Errors
/// [`ApiKeyError::NotFound`] for a key of another user, or one already revoked.
pub fn revoke(
    conn: &mut DbConnection,
    actor: &Actor,
    owner: Option<UserId>,
    key: ApiKeyId,
    now: DateTime<Utc>,
) -> Result<(), ApiKeyError> {
    write_tx(conn, |c| {
        let mut target = api_keys::table
            .filter(api_keys::id.eq(key.to_string()))
            .filter(api_keys::revoked_at.is_null())
            .into_boxed();
        if let Some(owner) = owner {
            target = target.filter(api_keys::user_id.eq(owner.to_string()));
        }
        let user: Option<String> = target.select(api_keys::user_id).first(c).optional()?;
        let user = user.ok_or(ApiKeyError::NotFound)?;
        let revoked = diesel::update(
            api_keys::table
                .find(key.to_string())
                .filter(api_keys::revoked_at.is_null()),
        )
        .set(api_keys::revoked_at.eq(naive(now)))
        .execute(c)?;
        if revoked != 1 {
            return Err(ApiKeyError::NotFound);
        }
        audit::record(
            c,
            Event {
                actor,
                owner: None,
                subject: Subject::ApiKey(key),
                change: Change::ApiKeyRevoked(ApiKeyRevoked {
                    user_id: stored(&user)?,
                }),
                at: now,
            },
        )?;
        Ok(())
    })
}

/// The user a live key belongs to: not revoked, not expired at `now`.
///
/// # Errors
/// Database errors only; an unknown, revoked or expired key is `Ok(None)`.
pub fn authenticate(
    conn: &mut DbConnection,
    secret: &str,
    now: DateTime<Utc>,
) -> QueryResult<Option<UserId>> {
    // `secret_hash` is unique: an ERP script's every request checks its key this way.
    let user: Option<String> = unique_row(
        api_keys::table
            .filter(api_keys::secret_hash.eq(hash(secret)))
            .filter(api_keys::revoked_at.is_null())
            .filter(
                api_keys::expires_at
                    .is_null()
                    .or(api_keys::expires_at.gt(naive(now))),
            )
            .select(api_keys::user_id),
        conn,
    )?;
    user.as_deref().map(stored).transpose()
}
