//! When each user last changed something: with a read replica, a user's reads stay on the
//! primary for a while after their own write (read-your-writes across processes).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::ids::UserId;

use crate::convert::naive;
use crate::db::{DbConnection, write_tx};
use crate::schema::recent_writes;

/// Records that `user` changed something at `at`.
///
/// # Errors
/// Database errors only.
pub fn record(c: &mut DbConnection, user: UserId, at: DateTime<Utc>) -> QueryResult<()> {
    let user = user.to_string();
    write_tx(c, |c| {
        let updated = diesel::update(recent_writes::table.find(&user))
            .set(recent_writes::written_at.eq(naive(at)))
            .execute(c)?;
        if updated == 0 {
            diesel::insert_into(recent_writes::table)
                .values((
                    recent_writes::user_id.eq(&user),
                    recent_writes::written_at.eq(naive(at)),
                ))
                .execute(c)?;
        }
        Ok(())
    })
}

/// Whether `user` changed something after `since`.
///
/// # Errors
/// Database errors only.
pub fn wrote_since(c: &mut DbConnection, user: UserId, since: DateTime<Utc>) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        recent_writes::table
            .find(user.to_string())
            .filter(recent_writes::written_at.gt(naive(since))),
    ))
    .get_result(c)
}
