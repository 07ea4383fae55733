//! 32 clients race to attach, detach and activate from one PO line of quantity 10 and from
//! several more, for 10 seconds. The quantity invariant holds at every read and at the end,
//! the attachments account for every attached and activated unit, and nothing answers 5xx
//! (a "database is locked" would).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rand::Rng;

use crate::helpers::{PartnerFixture, TestApp, assert_invariant, spawn_app};

const CLIENTS: usize = 32;
const RUN_FOR: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_clients_never_break_the_quantity_invariant() {
    // Arrange
    let app = Arc::new(spawn_app().await);
    let dealer = app.dealer().await;
    let (lines, locations) = race_track(&app, &dealer).await;

    // Act
    let (operations, reads) = race(&app, &dealer.token, lines, locations.clone()).await;

    // Assert
    attachments_account_for_every_unit(&app, &dealer.token, &locations).await;
    let (retried, exhausted) = app.transaction_retries().await;
    println!(
        "{operations} racing operations, {reads} invariant reads, all consistent; \
         {retried} transaction retries, {exhausted} given up"
    );
    assert!(operations > CLIENTS, "the race ran");
}

/// One PO of four lines and four SV9100 locations of one customer: (line ids, locations).
async fn race_track(app: &TestApp, dealer: &PartnerFixture) -> (Vec<String>, Vec<String>) {
    let po = app
        .ship(
            dealer,
            &[
                ("SV9100-IPPORT-8", 10),
                ("SV9100-IPPORT-32", 5),
                ("SV9100-SIPTRK-4", 5),
                ("SV9100-UCDT-5", 5),
            ],
        )
        .po("RACE")
        .await;
    let customer = app.customer(dealer).named("Race").await;
    let mut locations = Vec::new();
    for hwkc in [
        "340000000001",
        "340000000002",
        "340000000003",
        "340000000004",
    ] {
        let location = app
            .location(dealer)
            .sv9100()
            .named(hwkc)
            .hwkc(hwkc)
            .under(&customer)
            .await;
        locations.push(location.id);
    }
    (po.line_ids(), locations)
}

/// `CLIENTS` clients doing random operations and one reader checking the invariant, until
/// `RUN_FOR` has passed; answers (operations done, invariant reads).
async fn race(
    app: &Arc<TestApp>,
    token: &str,
    line_ids: Vec<String>,
    locations: Vec<String>,
) -> (usize, usize) {
    let deadline = Instant::now() + RUN_FOR;
    let done = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (app, token, lines, locations, done) = (
            app.clone(),
            token.to_owned(),
            line_ids.clone(),
            locations.clone(),
            done.clone(),
        );
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let status = random_operation(&app, &token, &lines, &locations).await;
                // SERIALIZABLE may give up on a transaction after its retries (503 BUSY,
                // nothing changed); anything else 5xx — "database is locked" — fails.
                let busy = status == 503 && crate::helpers::serializable();
                assert!(status < 500 || busy, "a racing request answered {status}");
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let reader = {
        let (app, token) = (app.clone(), token.to_owned());
        tokio::spawn(async move {
            let mut reads = 0;
            while Instant::now() < deadline {
                for line in app.bin_lines(&token).await {
                    assert_invariant(&line);
                }
                reads += 1;
            }
            reads
        })
    };
    for task in tasks {
        task.await.expect("client task");
    }
    let reads = reader.await.expect("reader task");
    (done.load(Ordering::Relaxed), reads)
}

/// At the end, every bin line keeps the invariant and its attached and activated counts are
/// what the locations' attachments add up to.
async fn attachments_account_for_every_unit(app: &TestApp, token: &str, locations: &[String]) {
    let lines = app.bin_lines(token).await;
    let mut attached_units = HashMap::<String, (i64, i64)>::new();
    for loc in locations {
        let licenses = app.licenses(token, loc).await;
        for (state, list) in [(0, &licenses["attached"]), (1, &licenses["activated"])] {
            for a in list.as_array().unwrap() {
                let entry = attached_units
                    .entry(a["po_line_id"].as_str().unwrap().to_owned())
                    .or_default();
                let q = a["quantity"].as_i64().unwrap();
                if state == 0 {
                    entry.0 += q
                } else {
                    entry.1 += q
                }
            }
        }
    }
    for line in &lines {
        assert_invariant(line);
        let (attached, activated) = attached_units
            .get(line["id"].as_str().unwrap())
            .copied()
            .unwrap_or_default();
        assert_eq!(
            (
                line["attached"].as_i64().unwrap(),
                line["activated"].as_i64().unwrap()
            ),
            (attached, activated),
            "{line}"
        );
    }
}

/// One attach, detach or activate; returns the HTTP status.
async fn random_operation(
    app: &TestApp,
    token: &str,
    lines: &[String],
    locations: &[String],
) -> u16 {
    let (op, loc, line, quantity) = {
        let mut rng = rand::rng();
        (
            rng.random_range(0..10),
            locations[rng.random_range(0..locations.len())].clone(),
            lines[if rng.random_bool(0.5) {
                0
            } else {
                rng.random_range(0..lines.len())
            }]
            .clone(),
            rng.random_range(1..=3),
        )
    };
    match op {
        0..=4 => app
            .attach(token, &loc, &[(&line, quantity)])
            .await
            .status
            .as_u16(),
        _ => {
            let licenses = app.get(&format!("/locations/{loc}/licenses"), token).await;
            let attached = licenses.body["attached"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let Some(pick) = attached.first() else {
                return licenses.status.as_u16();
            };
            let id = pick["id"].as_str().unwrap();
            if op <= 7 {
                let partial = (quantity == 1).then_some(1);
                app.detach(token, &loc, id, partial).await.status.as_u16()
            } else {
                app.activate(token, &loc, &[id]).await.status.as_u16()
            }
        }
    }
}
