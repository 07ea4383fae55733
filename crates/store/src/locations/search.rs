//! Easy Nav: finding the scope's locations by name or HWKC.

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};

use super::{Location, LocationError, scoped};
use crate::Scope;
use crate::db::DbConnection;
use crate::paging::{Page, PageRequest, after_cursor};
use crate::schema::locations;

/// From this many locations (over all partners) matching in the trigram index, a partner's
/// search walks its own locations in name order instead: so common a query fills a page
/// within the first rows of the walk, while collecting and sorting every match would read
/// thousands. Below it, the matches are few enough to collect and sort.
const COMMON_QUERY: i64 = 2_000;

/// Easy Nav: the scope's locations whose name or HWKC contains `q`, case-insensitively.
///
/// Three characters or more go through the trigram index (SQLite FTS5 `trigram`, PostgreSQL
/// `pg_trgm`); shorter input, which no trigram index can serve, is a plain substring match.
/// On SQLite, a partner's query common enough to fill a page at once (see [`COMMON_QUERY`])
/// is also a substring match, walking the partner's locations in name order; PostgreSQL's
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
    let sqlite = matches!(conn, DbConnection::Sqlite(_));
    let query = if q.is_empty() {
        scoped(scope)
    } else if sqlite
        && q.chars().count() >= 3
        && !(scope.partner().is_some() && is_common(conn, q)?)
    {
        // Unscoped, then the partner as `+partner_id`: the unary plus keeps SQLite from
        // walking the partner's whole name index to probe the few matches; it looks the
        // matches up by rowid and sorts them instead.
        let query = match scope.partner() {
            Some(p) => scoped(Scope::Vendor)
                .filter(sql::<Bool>("+locations.partner_id = ").bind::<Text, _>(p.to_string())),
            None => scoped(Scope::Vendor),
        };
        let phrase = fts_phrase(q);
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
        let pattern = like_pattern(q);
        scoped(scope).filter(
            sql::<Bool>(&format!("(locations.name {like} "))
                .bind::<Text, _>(pattern.clone())
                .sql(&format!(" ESCAPE '\\' OR locations.hwkc {like} "))
                .bind::<Text, _>(pattern)
                .sql(" ESCAPE '\\')"),
        )
    };
    let rows = after_cursor!(query, page, locations::name, locations::id).load(conn)?;
    Ok(page
        .page(rows, |r| (r.name.clone(), r.id.clone()))
        .try_map(Location::try_from)?)
}

/// Whether at least [`COMMON_QUERY`] locations match `q` in the trigram index (SQLite),
/// counting no further than that. Only ASCII queries qualify: SQLite's `LIKE` folds ASCII
/// case alone, the trigram index all of Unicode, and both must find the same locations.
fn is_common(conn: &mut DbConnection, q: &str) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Matches {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    if !q.is_ascii() {
        return Ok(false);
    }
    let phrase = fts_phrase(q);
    let matches: Matches = diesel::sql_query(
        "SELECT count(*) AS n FROM
         (SELECT 1 FROM locations_fts WHERE locations_fts MATCH ? LIMIT ?)",
    )
    .bind::<Text, _>(phrase)
    .bind::<BigInt, _>(COMMON_QUERY)
    .get_result(conn)?;
    Ok(matches.n >= COMMON_QUERY)
}

/// `q` as one FTS5 phrase (a substring match in the trigram index), its quotes doubled.
fn fts_phrase(q: &str) -> String {
    format!("\"{}\"", q.replace('"', "\"\""))
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
