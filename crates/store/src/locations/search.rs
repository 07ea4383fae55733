//! Easy Nav: finding the scope's locations by name or HWKC.

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};

use super::{Location, LocationError, scoped};
use crate::Scope;
use crate::db::DbConnection;
use crate::paging::{Page, PageRequest, after_cursor};
use crate::schema::locations;

/// Above this many locations (over all partners) holding every trigram of the query, a
/// partner's search walks its locations in name order instead of the trigram index: so common
/// a query fills a page within the first few rows, while collecting and sorting every match
/// would read them all.
const COMMON_QUERY: i64 = 5_000;

/// Easy Nav: the scope's locations whose name or HWKC contains `q`, case-insensitively.
///
/// Three characters or more go through the trigram index (SQLite FTS5 `trigram`, PostgreSQL
/// `pg_trgm`); shorter input, which no trigram index can serve, is a plain substring match.
/// On SQLite, a partner's query common enough to fill a page at once (see [`COMMON_QUERY`])
/// is also a substring match, over the partner's locations in name order; PostgreSQL's
/// planner makes that choice itself.
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
        let trigram_index =
            sqlite && q.chars().count() >= 3 && !(scope.partner().is_some() && is_common(conn, q)?);
        query = if trigram_index {
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

/// Whether more than [`COMMON_QUERY`] locations may contain `q` (SQLite), from the trigram
/// index's own document counts: no location holds more of `q` than its rarest trigram.
/// Only ASCII queries qualify: SQLite's `LIKE` folds ASCII case alone, the trigram index
/// folds all of Unicode, and both must find the same locations.
fn is_common(conn: &mut DbConnection, q: &str) -> QueryResult<bool> {
    if !q.is_ascii() {
        return Ok(false);
    }
    let lower = q.to_ascii_lowercase();
    let trigrams: Vec<&str> = (0..=lower.len() - 3).map(|i| &lower[i..i + 3]).collect();
    let terms = serde_json::to_string(&trigrams).unwrap_or_default();
    #[derive(QueryableByName)]
    struct Counts {
        #[diesel(sql_type = BigInt)]
        terms: i64,
        #[diesel(sql_type = BigInt)]
        rarest: i64,
    }
    let counts: Counts = diesel::sql_query(
        "SELECT count(*) AS terms, coalesce(min(doc), 0) AS rarest FROM locations_fts_terms
         WHERE term IN (SELECT DISTINCT value FROM json_each(?))",
    )
    .bind::<Text, _>(&terms)
    .get_result(conn)?;
    let distinct = {
        let mut t = trigrams.clone();
        t.sort_unstable();
        t.dedup();
        i64::try_from(t.len()).unwrap_or(i64::MAX)
    };
    Ok(counts.terms == distinct && counts.rarest > COMMON_QUERY)
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
