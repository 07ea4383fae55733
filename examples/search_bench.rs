//! Easy Nav at scale (`make bench` row 3, `make bench-search`): seeds 1,000,000 locations
//! (10 partners) and prints the p50/p95 latency of a search for a page of 20 next to a
//! primary-key lookup of one location, in the same process on the same data.
//!
//! Queries are drawn from the data as a user types them: 3 to 8 characters from the start of
//! a word of a real location's name, or 4 to 8 characters from inside its HWKC, searched in
//! the partner that owns it. The random draw is seeded, so every run asks the same queries.
//!
//! SQLite in a temporary directory by default; `LMS_BENCH_DATABASE_URL=postgres://…` names an
//! empty PostgreSQL database instead. `LMS_BENCH_LOCATIONS` (default 1,000,000) and
//! `LMS_BENCH_SAMPLES` (default 400) size the run. With `LMS_BENCH_CACHE_DIR`, a seeded SQLite
//! file is kept there, keyed by the schema version and the size, and copied instead of
//! seeding again. `--json` ends the output with one line of JSON for bench/run.py.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use lms_domain::ids::{LocationId, PartnerId};
use lms_store::{DatabaseTarget, DbConnection, PageRequest, Pool, Scope, locations};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const PARTNERS: u64 = 10;

const WORDS: [&str; 16] = [
    "Hotel",
    "Clinic",
    "Harbour",
    "Campus",
    "Warehouse",
    "Townhall",
    "Brewery",
    "Library",
    "Airport",
    "Station",
    "Museum",
    "Theatre",
    "Factory",
    "Office",
    "School",
    "Depot",
];
const CITIES: [&str; 12] = [
    "Utrecht", "Gent", "Lyon", "Bremen", "Malmo", "Porto", "Krakow", "Leeds", "Graz", "Turin",
    "Aarhus", "Cork",
];

/// What one run measured.
struct Measured {
    search: Vec<Duration>,
    lookup: Vec<Duration>,
    hits: usize,
}

fn main() -> anyhow::Result<()> {
    let json = std::env::args().any(|a| a == "--json");
    let total: u64 = env_number("LMS_BENCH_LOCATIONS", 1_000_000)?;
    let samples: usize = env_number("LMS_BENCH_SAMPLES", 400)?;
    let per_partner = (total / PARTNERS).max(1);
    let dir = tempfile::tempdir()?;
    let target = match std::env::var("LMS_BENCH_DATABASE_URL") {
        Ok(url) => DatabaseTarget::parse(&url, dir.path())?,
        Err(_) => DatabaseTarget::Sqlite(dir.path().join("bench.db")),
    };
    let cache = std::env::var_os("LMS_BENCH_CACHE_DIR").map(PathBuf::from);
    let started = Instant::now();
    let (pool, cached) = open_seeded(&target, per_partner, cache.as_deref())?;
    let seed_seconds = started.elapsed().as_secs_f64();
    let mut conn = pool.get()?;
    println!(
        "{} {} locations on {} in {seed_seconds:.1} s",
        if cached { "copied" } else { "seeded" },
        PARTNERS * per_partner,
        target.backend(),
    );
    // Warm the caches as a running server's would be, then measure.
    measure(&mut conn, per_partner, samples.min(50), 1)?;
    let mut m = measure(&mut conn, per_partner, samples, 42)?;
    let (search, lookup) = (percentiles(&mut m.search), percentiles(&mut m.lookup));
    println!(
        "Easy Nav search (page of 20): p50 {:>8.3} ms   p95 {:>8.3} ms  ({} hits over {samples} queries)",
        search.0, search.1, m.hits
    );
    println!(
        "primary-key lookup:           p50 {:>8.3} ms   p95 {:>8.3} ms",
        lookup.0, lookup.1
    );
    if json {
        println!(
            "{}",
            serde_json::json!({
                "backend": target.backend(),
                "locations": PARTNERS * per_partner,
                "samples": samples,
                "hits": m.hits,
                "seed_seconds": seed_seconds,
                "cached": cached,
                "search": {"p50": search.0, "p95": search.1},
                "lookup": {"p50": lookup.0, "p95": lookup.1},
            })
        );
    }
    Ok(())
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(v) => v
            .replace([',', '_'], "")
            .parse()
            .map_err(|_| anyhow::anyhow!("{name} must be a number")),
        Err(_) => Ok(default),
    }
}

/// `samples` searches, each with a lookup of the location its query came from.
fn measure(
    conn: &mut DbConnection,
    per_partner: u64,
    samples: usize,
    seed: u64,
) -> anyhow::Result<Measured> {
    let mut rng = StdRng::seed_from_u64(seed);
    let page = PageRequest::new(Some(20), None)?;
    let mut m = Measured {
        search: Vec::with_capacity(samples),
        lookup: Vec::with_capacity(samples),
        hits: 0,
    };
    for i in 0..samples {
        let p = rng.random_range(0..PARTNERS);
        let n = rng.random_range(1..=per_partner);
        let scope = Scope::Partner(partner_id(p));
        let t = Instant::now();
        let location = locations::get(conn, scope, location_id(p, per_partner, n))?;
        m.lookup.push(t.elapsed());
        let q = if i % 2 == 0 {
            word_fragment(&location.name, &mut rng)
        } else {
            inner_fragment(location.hwkc.as_str(), &mut rng)
        };
        let t = Instant::now();
        m.hits += locations::search(conn, scope, &q, &page)?.items.len();
        m.search.push(t.elapsed());
    }
    Ok(m)
}

/// 3 to 8 characters from the start of one of the name's words.
fn word_fragment(name: &str, rng: &mut StdRng) -> String {
    let starts: Vec<usize> = name
        .char_indices()
        .filter(|&(i, _)| i == 0 || name[..i].ends_with(' '))
        .map(|(i, _)| i)
        .collect();
    let start = starts[rng.random_range(0..starts.len())];
    let rest: String = name[start..].chars().collect();
    let len = rng.random_range(3..=8).min(rest.chars().count());
    rest.chars().take(len.max(3)).collect()
}

/// 4 to 8 characters from inside a HWKC.
fn inner_fragment(hwkc: &str, rng: &mut StdRng) -> String {
    let chars: Vec<char> = hwkc.chars().collect();
    let len = rng.random_range(4..=8).min(chars.len());
    let start = rng.random_range(0..=chars.len() - len);
    chars[start..start + len].iter().collect()
}

/// (p50, p95) in milliseconds.
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss,
    reason = "a percentile's index into a non-empty sample"
)]
fn percentiles(samples: &mut [Duration]) -> (f64, f64) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    (ms(at(0.50)), ms(at(0.95)))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn partner_id(p: u64) -> PartnerId {
    PartnerId(uuid::Uuid::from_u128(0xa0 << 120 | u128::from(p)))
}

fn location_id(partner: u64, per_partner: u64, n: u64) -> LocationId {
    LocationId(uuid::Uuid::from_u128(
        u128::from(partner * per_partner + n) | (0xbe << 120),
    ))
}

/// The pool on a seeded database: copied from the cache when it holds one for this schema
/// and size, else seeded (and cached). `true` when copied.
fn open_seeded(
    target: &DatabaseTarget,
    per_partner: u64,
    cache: Option<&Path>,
) -> anyhow::Result<(Pool, bool)> {
    let pool = lms_store::open_pool(target)?;
    let version = {
        let mut conn = pool.get()?;
        lms_store::run_migrations(&mut conn)?;
        schema_version(&mut conn)?
    };
    let (DatabaseTarget::Sqlite(path), Some(cache)) = (target, cache) else {
        seed(&mut *pool.get()?, per_partner)?;
        return Ok((pool, false));
    };
    let cached = cache.join(format!(
        "search-sqlite-{version}-{}.db",
        PARTNERS * per_partner
    ));
    if cached.exists() {
        drop(pool);
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        std::fs::copy(&cached, path)?;
        return Ok((lms_store::open_pool(target)?, true));
    }
    {
        let mut conn = pool.get()?;
        seed(&mut conn, per_partner)?;
        conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE);")?;
    }
    std::fs::create_dir_all(cache)?;
    let partial = cached.with_extension("partial");
    std::fs::copy(path, &partial)?;
    std::fs::rename(&partial, &cached)?;
    Ok((pool, false))
}

/// The newest migration applied: the schema's version.
fn schema_version(conn: &mut DbConnection) -> anyhow::Result<String> {
    #[derive(QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::Text)]
        version: String,
    }
    let v: Version =
        diesel::sql_query("SELECT max(version) AS version FROM __diesel_schema_migrations")
            .get_result(conn)?;
    Ok(v.version)
}

/// Bulk-loads partners, one customer each and their locations with set-based SQL.
fn seed(conn: &mut DbConnection, per_partner: u64) -> anyhow::Result<()> {
    let sqlite = matches!(conn, DbConnection::Sqlite(_));
    for p in 0..PARTNERS {
        let partner = partner_id(p);
        let customer = uuid::Uuid::from_u128(0xc0 << 120 | u128::from(p));
        conn.batch_execute(&format!(
            "INSERT INTO partners (id, name, tier, created_at) VALUES ('{partner}', 'Bench partner {p}', 'dealer', CURRENT_TIMESTAMP);
             INSERT INTO customers (id, partner_id, name, country, created_at, updated_at)
             VALUES ('{customer}', '{partner}', 'Bench customer {p}', 'NL', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);"
        ))?;
        let base = p * per_partner;
        let words = sql_array(&WORDS, sqlite);
        let cities = sql_array(&CITIES, sqlite);
        let sql = if sqlite {
            format!(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {per_partner})
                 INSERT INTO locations (id, partner_id, customer_id, name, system_type, hwkc, demo_licenses_remaining, created_at, updated_at)
                 SELECT lower(printf('be000000-0000-0000-0000-%012x', {base} + i)), '{partner}', '{customer}',
                        json_extract('{words}', '$[' || (i % 16) || ']') || ' ' || json_extract('{cities}', '$[' || (i % 12) || ']') || ' ' || i,
                        'SV9100_CP10', printf('34%010X', {base} + i), 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
                 FROM n"
            )
        } else {
            format!(
                "INSERT INTO locations (id, partner_id, customer_id, name, system_type, hwkc, demo_licenses_remaining, created_at, updated_at)
                 SELECT 'be000000-0000-0000-0000-' || lpad(to_hex({base} + i), 12, '0'), '{partner}', '{customer}',
                        ({words})[1 + i % 16] || ' ' || ({cities})[1 + i % 12] || ' ' || i,
                        'SV9100_CP10', '34' || lpad(upper(to_hex({base} + i)), 10, '0'), 0, now(), now()
                 FROM generate_series(1, {per_partner}) AS i"
            )
        };
        conn.batch_execute(&sql)?;
    }
    if !sqlite {
        conn.batch_execute("VACUUM ANALYZE locations;")?;
    }
    Ok(())
}

fn sql_array(items: &[&str], sqlite: bool) -> String {
    if sqlite {
        let quoted: Vec<String> = items.iter().map(|w| format!("\"{w}\"")).collect();
        format!("[{}]", quoted.join(","))
    } else {
        let quoted: Vec<String> = items.iter().map(|w| format!("'{w}'")).collect();
        format!("ARRAY[{}]", quoted.join(","))
    }
}
