//! Single-use BusinessNet SSO assertions: an assertion's `jti` is remembered until it
//! expires, so a replayed assertion is refused — by every server process on the database.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::convert::naive;
use crate::db::{DbConnection, is_unique_violation};
use crate::schema::sso_assertions;

/// Records `jti` as used until `expires_at`; `false` when it was used before. Forgets the
/// assertions that expired by `now` on the way.
///
/// # Errors
/// Database errors only.
pub fn consume(
    c: &mut DbConnection,
    jti: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    diesel::delete(sso_assertions::table.filter(sso_assertions::expires_at.lt(naive(now))))
        .execute(c)?;
    match diesel::insert_into(sso_assertions::table)
        .values((
            sso_assertions::jti.eq(jti),
            sso_assertions::expires_at.eq(naive(expires_at)),
        ))
        .execute(c)
    {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e, "sso_assertions_pkey", "sso_assertions.jti") => Ok(false),
        Err(e) => Err(e),
    }
}
