//! Conversions between stored text/naive values and domain types. Stored values were
//! written by this crate, so a value that does not parse means the database was edited by
//! hand; that is reported loudly rather than hidden.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

pub(crate) fn stored<T: std::str::FromStr>(stored: &str) -> T {
    stored
        .parse()
        .unwrap_or_else(|_| panic!("corrupt id {stored:?} in the database"))
}

pub(crate) fn utc(stored: NaiveDateTime) -> DateTime<Utc> {
    stored.and_utc()
}

/// Microsecond precision: what PostgreSQL keeps, so a value reads back as it was written.
pub(crate) fn naive(t: DateTime<Utc>) -> NaiveDateTime {
    t.naive_utc().trunc_subsecs(6)
}

diesel::define_sql_function! {
    /// SQL `lower(text)`, the same on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}
