//! Easy Nav at scale: seeds 1,000,000 locations (10 partners × 100,000) and prints the
//! p50/p95 latency of a substring search next to a primary-key lookup on the same data.
//!
//! `make bench-search` (SQLite in a temp dir), or with `LMS_BENCH_DATABASE_URL=postgres://…`
//! pointing at an empty database for PostgreSQL.

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use lms_domain::ids::{LocationId, PartnerId};
use lms_store::{DatabaseTarget, DbConnection, PageRequest, Scope, locations};
use rand::Rng;

const PARTNERS: u64 = 10;
const PER_PARTNER: u64 = 100_000;
const SAMPLES: usize = 300;

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

fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let target = match std::env::var("LMS_BENCH_DATABASE_URL") {
        Ok(url) => DatabaseTarget::parse(&url, dir.path())?,
        Err(_) => DatabaseTarget::Sqlite(dir.path().join("bench.db")),
    };
    let pool = lms_store::open_pool(&target)?;
    let mut conn = pool.get()?;
    lms_store::run_migrations(&mut conn)?;

    let started = Instant::now();
    let partners = seed(&mut conn)?;
    println!(
        "seeded {} locations on {} in {:.1} s",
        PARTNERS * PER_PARTNER,
        target.backend(),
        started.elapsed().as_secs_f64()
    );

    let mut rng = rand::rng();
    let page = PageRequest::new(Some(20), None)?;
    let mut search = Vec::with_capacity(SAMPLES);
    let mut lookup = Vec::with_capacity(SAMPLES);
    let mut hits = 0usize;
    for i in 0..SAMPLES {
        let p = rng.random_range(0..PARTNERS);
        let n = rng.random_range(1..=PER_PARTNER);
        let scope = Scope::Partner(partners[usize::try_from(p).unwrap()]);
        // Alternate name fragments and HWKC fragments, as a user types them.
        let q = if i % 2 == 0 {
            format!(
                "{} {}",
                WORDS[(n % 16) as usize],
                &CITIES[(n % 12) as usize][..3]
            )
        } else {
            hwkc(p, n)[4..10].to_owned()
        };
        let t = Instant::now();
        hits += locations::search(&mut conn, scope, &q, &page)?.items.len();
        search.push(t.elapsed());

        let id = location_id(p, n);
        let t = Instant::now();
        locations::get(&mut conn, scope, id)?;
        lookup.push(t.elapsed());
    }
    println!(
        "Easy Nav search (page of 20): {}  ({} hits over {SAMPLES} queries)",
        summary(&mut search),
        hits
    );
    println!("primary-key lookup:           {}", summary(&mut lookup));
    Ok(())
}

#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a percentile's index into a non-empty sample"
)]
fn summary(samples: &mut [Duration]) -> String {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    format!(
        "p50 {:>8.3} ms   p95 {:>8.3} ms",
        ms(at(0.50)),
        ms(at(0.95))
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn hwkc(partner: u64, n: u64) -> String {
    format!("34{:010X}", partner * PER_PARTNER + n)
}

fn location_id(partner: u64, n: u64) -> LocationId {
    LocationId(uuid::Uuid::from_u128(
        ((partner * PER_PARTNER + n) as u128) | (0xbe << 120),
    ))
}

/// Bulk-loads partners, one customer each and their locations with set-based SQL.
fn seed(conn: &mut DbConnection) -> anyhow::Result<Vec<PartnerId>> {
    let sqlite = matches!(conn, DbConnection::Sqlite(_));
    let mut partners = Vec::new();
    for p in 0..PARTNERS {
        let partner = PartnerId(uuid::Uuid::from_u128(0xa0 << 120 | p as u128));
        let customer = uuid::Uuid::from_u128(0xc0 << 120 | p as u128);
        conn.batch_execute(&format!(
            "INSERT INTO partners (id, name, tier, created_at) VALUES ('{partner}', 'Bench partner {p}', 'dealer', CURRENT_TIMESTAMP);
             INSERT INTO customers (id, partner_id, name, country, created_at, updated_at)
             VALUES ('{customer}', '{partner}', 'Bench customer {p}', 'NL', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);"
        ))?;
        let base = p * PER_PARTNER;
        let words = sql_array(&WORDS, sqlite);
        let cities = sql_array(&CITIES, sqlite);
        let sql = if sqlite {
            format!(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {PER_PARTNER})
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
                 FROM generate_series(1, {PER_PARTNER}) AS i;
                 ANALYZE locations;"
            )
        };
        conn.batch_execute(&sql)?;
        partners.push(partner);
    }
    Ok(partners)
}

fn sql_array(items: &[&str], sqlite: bool) -> String {
    let quoted: Vec<String> = items.iter().map(|w| format!("\"{w}\"")).collect();
    if sqlite {
        format!("[{}]", quoted.join(","))
    } else {
        format!(
            "ARRAY[{}]",
            items
                .iter()
                .map(|w| format!("'{w}'"))
                .collect::<Vec<_>>()
                .join(",")
        )
    }
}
