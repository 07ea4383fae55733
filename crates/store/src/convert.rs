//! Conversions between stored text/naive values and domain types. Stored values were
//! written by this crate, so a value that does not parse means the database was edited by
//! hand: that is a query error naming the value (an internal error to the caller, logged
//! with its context), never a panic and never a silent default.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use diesel::result::Error;

/// Parses a stored column value into its domain type.
///
/// # Errors
/// [`Error::DeserializationError`] naming the value when it does not parse.
pub(crate) fn stored<T>(stored: &str) -> Result<T, Error>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    stored.parse().map_err(|e: T::Err| {
        corrupt(format!(
            "{stored:?} is not a valid {}: {e}",
            short_type_name::<T>()
        ))
    })
}

/// Parses an optional stored column value.
pub(crate) fn stored_opt<T>(stored_value: Option<&str>) -> Result<Option<T>, Error>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    stored_value.map(stored).transpose()
}

/// A stored row that breaks what this crate writes.
pub(crate) fn corrupt(what: impl Into<String>) -> Error {
    Error::DeserializationError(format!("corrupt data in the database: {}", what.into()).into())
}

fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    full.rsplit("::").next().unwrap_or(full)
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
