//! Easy Nav (SPEC §8): any part of a name or HWKC, ignoring case, with `%`, `_` and `\`
//! taken literally, only the partner's own locations, paged exactly once; and a customer's
//! locations paged the same way.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::{easy_nav, field, ids, sorted, text};
use crate::helpers::{
    PartnerFixture, TestApp, id_of, query_value, spawn_app, spawn_app_with_dealer,
};

/// Partner A's locations for the search tests: (name, system type, HWKC).
const A_LOCATIONS: &[(&str, &str, &str)] = &[
    ("Amsterdam Central", "SL1000", "280001451316"),
    ("amsterdam ZUID", "SV8100", "190400324412"),
    ("Rotterdam Port", "SV9100_CP10", "340209224568"),
    ("Utrecht Office", "SL2100", "3810004626AD"),
    ("Promo 50% hall", "SV9100_CP20", "4410011575A6"),
    ("Promo 50x hall", "IP_DECT", "1009FFFE"),
    ("room_1", "DECT_NS", "1FFFFFF9"),
    ("roomA1", "UM4730", "11-10465697"),
    ("Zaandam Depot", "IS3000", "aa0014SA2792883418AA"),
    // With its LMC child "Den Haag Tower LMC", LM35G00N…
    ("Den Haag Tower", "SV9500", "35G00N470108E0S0A8832EF2d3Po"),
    ("Rack\\2 OVOC", "BX_OVOC", "66E55234A97A"),
];

/// Partner B's locations: each would match some of A's queries.
const B_LOCATIONS: &[(&str, &str, &str)] = &[
    ("Amsterdam West", "MOBICALL_MASTER", "1A2F"),
    ("Promo 50% B", "EXPENSE_MANAGEMENT", "66045123"),
    ("room_2", "RCC", "aa0014SA2792886419AA"),
    ("Zaandam B", "SV8300", "18CYG-IPS-00000000BJZ02319QK"),
];

struct SearchWorld {
    app: TestApp,
    a: PartnerFixture,
    b: PartnerFixture,
    /// Every location of A (with LMC children), as the API returned them.
    a_locations: Vec<Value>,
    b_locations: Vec<Value>,
}

async fn search_world() -> SearchWorld {
    let app = spawn_app().await;
    let a = app.dealer().await;
    let b = app.dealer().await;
    let mut a_locations = Vec::new();
    let mut b_locations = Vec::new();
    for (partner, rows, out) in [
        (&a, A_LOCATIONS, &mut a_locations),
        (&b, B_LOCATIONS, &mut b_locations),
    ] {
        // Two customers each: the search spans all the partner's customers.
        let customers = [
            app.customer(partner).named("Search One").await,
            app.customer(partner).named("Search Two").await,
        ];
        for (i, (name, system_type, hwkc)) in rows.iter().enumerate() {
            let mut created = app
                .location(partner)
                .of_type(system_type)
                .named(name)
                .hwkc(hwkc)
                .under(&customers[i % 2])
                .await
                .body;
            let children = created.as_object_mut().unwrap().remove("children").unwrap();
            out.push(created);
            out.extend(children.as_array().unwrap().iter().cloned());
        }
    }
    SearchWorld {
        app,
        a,
        b,
        a_locations,
        b_locations,
    }
}

/// The ids of the locations whose name or HWKC contains `q`, ignoring case.
fn matching(locations: &[Value], q: &str) -> Vec<String> {
    let q = q.to_lowercase();
    sorted(
        locations
            .iter()
            .filter(|l| {
                text(l, "name").to_lowercase().contains(&q)
                    || text(l, "hwkc").to_lowercase().contains(&q)
            })
            .map(id_of)
            .collect(),
    )
}

#[tokio::test]
async fn easy_nav_finds_any_part_of_a_name_or_hwkc_ignoring_case() {
    // Arrange
    let world = search_world().await;
    // (query, how many of A's locations match)
    let queries = [
        ("amsterdam", 2),
        ("STERDAM", 2),
        ("dam", 4),
        ("0001451", 1),
        ("a8832ef2d3", 2),
        ("sa2792883", 1),
        ("Tower LMC", 1),
        ("LM35G00N", 1),
        ("nowhere", 0),
        // One and two characters.
        ("Z", 2),
        ("zU", 1),
        ("50", 2),
        ("1", 10),
    ];

    for (q, count) in queries {
        // Act
        let found = easy_nav(&world.app, &world.a.token, q).await;

        // Assert
        let expected = matching(&world.a_locations, q);
        assert_eq!(expected.len(), count, "test data for {q:?}");
        assert_eq!(sorted(ids(&found)), expected, "q={q:?}");
    }
}

#[tokio::test]
async fn easy_nav_takes_percent_underscore_and_backslash_literally() {
    // Arrange
    let world = search_world().await;
    // (query, the names it must find)
    let queries: [(&str, &[&str]); 8] = [
        ("%", &["Promo 50% hall"]),
        ("50%", &["Promo 50% hall"]),
        ("0% h", &["Promo 50% hall"]),
        ("_", &["room_1"]),
        ("m_1", &["room_1"]),
        ("\\", &["Rack\\2 OVOC"]),
        ("k\\", &["Rack\\2 OVOC"]),
        ("k\\2", &["Rack\\2 OVOC"]),
    ];

    for (q, names) in queries {
        // Act
        let found = easy_nav(&world.app, &world.a.token, q).await;

        // Assert
        let found_names: Vec<&str> = found.iter().map(|l| text(l, "name")).collect();
        assert_eq!(found_names, names, "q={q:?}");
    }
}

#[tokio::test]
async fn easy_nav_never_shows_another_partners_locations() {
    // Arrange
    let world = search_world().await;
    let b_ids: HashSet<String> = ids(&world.b_locations).into_iter().collect();

    for q in [
        "",
        "amsterdam",
        "Promo 50%",
        "room_",
        "zaandam",
        "Z",
        "aa0014SA",
        "1",
    ] {
        // Act
        let a_found = easy_nav(&world.app, &world.a.token, q).await;
        let b_found = easy_nav(&world.app, &world.b.token, q).await;

        // Assert
        assert_eq!(
            sorted(ids(&a_found)),
            matching(&world.a_locations, q),
            "A, q={q:?}"
        );
        assert_eq!(
            sorted(ids(&b_found)),
            matching(&world.b_locations, q),
            "B, q={q:?}"
        );
        assert!(
            a_found.iter().all(|l| !b_ids.contains(&id_of(l))),
            "q={q:?}: A sees B's location"
        );
    }
}

#[tokio::test]
async fn easy_nav_pages_walk_every_result_exactly_once() {
    // Arrange: same names on purpose, so the id breaks ties between pages.
    let world = search_world().await;
    let app = &world.app;
    let customer = app.customer(&world.a).named("Branches").await;
    for hwkc in ["1000000A", "1000000B", "1000000C", "1000000D", "1000000E"] {
        app.location(&world.a)
            .ip_dect()
            .named("Branch")
            .hwkc(hwkc)
            .under(&customer)
            .await;
    }
    let everything = easy_nav(app, &world.a.token, "").await;
    assert_eq!(everything.len(), world.a_locations.len() + 5);

    for (q, limit) in [("", 1), ("", 3), ("", 200), ("branch", 2), ("am", 2)] {
        // Act
        let walked = app
            .all_pages(
                &format!("/locations?q={}", query_value(q)),
                &world.a.token,
                limit,
            )
            .await;

        // Assert: the pages, in order, are the one big page.
        let one_page = easy_nav(app, &world.a.token, q).await;
        assert!(!one_page.is_empty(), "q={q:?}");
        assert_eq!(ids(&walked), ids(&one_page), "q={q:?} limit={limit}");
        let distinct: HashSet<String> = ids(&walked).into_iter().collect();
        assert_eq!(distinct.len(), walked.len(), "q={q:?}: an item came twice");
    }
}

#[tokio::test]
async fn a_customers_locations_page_through_exactly_once() {
    // Arrange
    let world = search_world().await;
    let app = &world.app;
    let customers = app.all_pages("/customers", &world.a.token, 200).await;
    assert_eq!(customers.len(), 2);

    for customer in &customers {
        let path = format!("/customers/{}/locations", id_of(customer));
        let one_page = app.get(&path, &world.a.token).await.expect(200);
        let one_page = ids(one_page["items"].as_array().unwrap());
        assert!(one_page.len() >= 5, "{one_page:?}");

        for limit in [1, 2, 4] {
            // Act
            let walked = app.all_pages(&path, &world.a.token, limit).await;

            // Assert
            assert_eq!(ids(&walked), one_page, "limit={limit}");
            assert!(walked.iter().all(|l| l["customer_id"] == customer["id"]));
        }
    }
    let bad = app
        .get(
            &format!("/customers/{}/locations?limit=0", id_of(&customers[0])),
            &world.a.token,
        )
        .await
        .expect_error(400, "INVALID_PAGING");
    assert_eq!(field(&bad), "limit");
}

#[tokio::test]
async fn easy_nav_refuses_bad_paging() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let cases = [
        ("limit=0", "INVALID_PAGING", Some("limit")),
        ("limit=500", "INVALID_PAGING", Some("limit")),
        ("limit=201", "INVALID_PAGING", Some("limit")),
        ("limit=-1", "INVALID_PAGING", Some("limit")),
        ("cursor=garbage!!", "INVALID_PAGING", Some("cursor")),
        // Valid base64, but not a cursor we issued.
        ("cursor=Zm9v", "INVALID_PAGING", Some("cursor")),
        ("limit=ten", "INVALID_QUERY", None),
        ("colour=blue", "INVALID_QUERY", None),
    ];

    for (query, code, expected_field) in cases {
        // Act
        let reply = app
            .get(&format!("/locations?q=a&{query}"), &dealer.token)
            .await;

        // Assert
        let error = reply.expect_error(400, code);
        if let Some(expected_field) = expected_field {
            assert_eq!(field(&error), expected_field, "{query}");
        }
    }
    // The upper bound itself is fine.
    app.get("/locations?limit=200", &dealer.token)
        .await
        .expect(200);
}

#[tokio::test]
async fn easy_nav_finds_a_renamed_location_by_its_new_name_only() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let id = app
        .location(&dealer)
        .sl1000()
        .named("Old Warehouse")
        .await
        .id;

    // Act
    app.patch(
        &format!("/locations/{id}"),
        &dealer.token,
        &json!({"name": "New Harbour"}),
    )
    .await
    .expect(200);

    // Assert
    for (q, found) in [
        ("Warehouse", false),
        ("Old", false),
        ("harbour", true),
        ("ne", true),
    ] {
        let hits = easy_nav(&app, &dealer.token, q).await;
        assert_eq!(ids(&hits) == [id.clone()], found, "q={q:?}: {hits:?}");
    }
}

/// More locations than `COMMON_QUERY` (2,000) hold "hotel", nearly all another partner's:
/// on SQLite a partner's search for it walks its own locations in name order instead of the
/// trigram index, and must find exactly what the index would, paged the same way.
const FILLERS: u32 = 5_100;

#[tokio::test]
async fn easy_nav_answers_a_common_query_like_a_rare_one() {
    // Arrange
    let (app, pool) = crate::helpers::spawn_app_with_pool(|_| {}).await;
    let a = app.dealer().await;
    let b = app.dealer().await;
    let customer = app.customer(&a).named("Hotels").await;
    let mut mine = Vec::new();
    for (name, hwkc) in [
        ("Hotel Zon", "1A000001"),
        ("grand HOTEL", "1A000002"),
        ("Motel One", "1A000003"),
        ("Hotel Zon", "1A000004"),
        ("Harbour", "1A0007E1"),
        ("Hôtel Ärzte", "1A000005"),
    ] {
        let created = app
            .location(&a)
            .ip_dect()
            .named(name)
            .hwkc(hwkc)
            .under(&customer)
            .await;
        mine.push(created.body);
    }
    let theirs = app.customer(&b).named("Fillers").await;
    seed_fillers(pool, &b.id, &theirs).await;

    for q in [
        "hotel",
        "HOTEL",
        "otel",
        "tel",
        "Hotel Zon",
        "00000",
        "7e1",
        "ärz",
    ] {
        // Act
        let walked = app
            .all_pages(&format!("/locations?q={}", query_value(q)), &a.token, 2)
            .await;

        // Assert: A's matches only, each once, in name order.
        assert_eq!(sorted(ids(&walked)), matching(&mine, q), "q={q:?}");
        let names: Vec<String> = walked.iter().map(|l| text(l, "name").to_owned()).collect();
        let mut in_order = names.clone();
        in_order.sort();
        assert_eq!(names, in_order, "q={q:?}");
    }
}

/// `FILLERS` locations named "Filler Hotel n" for partner `partner`, straight into the
/// database (the API would take minutes).
async fn seed_fillers(pool: lms_store::Pool, partner: &str, customer: &str) {
    use diesel::connection::SimpleConnection as _;
    let (partner, customer) = (partner.to_owned(), customer.to_owned());
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let sql = match &*conn {
            lms_store::DbConnection::Sqlite(_) => format!(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {FILLERS})
                 INSERT INTO locations (id, partner_id, customer_id, name, system_type, hwkc,
                     demo_licenses_remaining, created_at, updated_at)
                 SELECT printf('f1000000-0000-4000-8000-%012x', i), '{partner}', '{customer}',
                     'Filler Hotel ' || i, 'IP_DECT', printf('2B%06X', i), 0,
                     CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM n"
            ),
            lms_store::DbConnection::Postgresql(_) => format!(
                "INSERT INTO locations (id, partner_id, customer_id, name, system_type, hwkc,
                     demo_licenses_remaining, created_at, updated_at)
                 SELECT 'f1000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'), '{partner}',
                     '{customer}', 'Filler Hotel ' || i, 'IP_DECT',
                     '2B' || lpad(upper(to_hex(i)), 6, '0'), 0, now(), now()
                 FROM generate_series(1, {FILLERS}) AS i"
            ),
        };
        conn.batch_execute(&sql).unwrap();
    })
    .await
    .unwrap();
}
