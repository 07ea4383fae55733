//! Easy Nav: finding the scope's locations by name or HWKC.

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use super::{Location, LocationError, scoped};
use crate::Scope;
use crate::db::DbConnection;
use crate::paging::{Page, PageRequest, after_cursor};
use crate::schema::locations;

/// Easy Nav: the scope's locations whose name or HWKC contains `q`, case-insensitively.
///
/// Three characters or more go through the trigram index (SQLite FTS5 `trigram`, PostgreSQL
/// `pg_trgm`); shorter input, which no trigram index can serve, is a plain substring match.
///
/// # Errors
/// Database errors only.
pub fn search(
    conn: &mut DbConnection,
    scope: Scope,
    q: &str,
    page: &PageRequest,
) -> Result<Page<Location>, LocationError> {
    let q = q.trim();
    let mut query = scoped(scope);
    if !q.is_empty() {
        let pattern = like_pattern(q);
        let sqlite = matches!(conn, DbConnection::Sqlite(_));
        query = if sqlite && q.chars().count() >= 3 {
            let phrase = format!("\"{}\"", q.replace('"', "\"\""));
            query.filter(
                sql::<Bool>(
                    "locations.seq IN (SELECT rowid FROM locations_fts WHERE locations_fts MATCH ",
                )
                .bind::<Text, _>(phrase)
                .sql(")"),
            )
        } else {
            // ILIKE on PostgreSQL is what its trigram indexes serve; SQLite's LIKE already
            // ignores ASCII case.
            let like = if sqlite { "LIKE" } else { "ILIKE" };
            query.filter(
                sql::<Bool>(&format!("(locations.name {like} "))
                    .bind::<Text, _>(pattern.clone())
                    .sql(&format!(" ESCAPE '\\' OR locations.hwkc {like} "))
                    .bind::<Text, _>(pattern)
                    .sql(" ESCAPE '\\')"),
            )
        };
    }
    let rows = after_cursor!(query, page, locations::name, locations::id).load(conn)?;
    Ok(page
        .page(rows, |r| (r.name.clone(), r.id.clone()))
        .try_map(Location::try_from)?)
}

/// `%q%` with LIKE's wildcards escaped, lower-cased.
pub(crate) fn like_pattern(q: &str) -> String {
    let escaped = q
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
