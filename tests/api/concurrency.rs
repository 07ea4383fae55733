//! 32 clients race to attach, detach and activate from one PO line of quantity 10 and from
//! several more, for 10 seconds. The quantity invariant holds at every read and at the end,
//! the attachments account for every attached and activated unit, and nothing answers 5xx
//! (a "database is locked" would).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rand::Rng;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

const CLIENTS: usize = 32;
const RUN_FOR: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_clients_never_break_the_quantity_invariant() {
    let app = Arc::new(spawn_app().await);
    let dealer = app.dealer().await;
    let lines: Vec<Value> = [
        ("SV9100-IPPORT-8", 10),
        ("SV9100-IPPORT-32", 5),
        ("SV9100-SIPTRK-4", 5),
        ("SV9100-UCDT-5", 5),
    ]
    .iter()
    .map(|(p, q)| json!({"part_number": p, "quantity": q}))
    .collect();
    let po = app
        .post("/admin/shipments", &app.admin_token, &json!({"partner_id": dealer.id, "po_number": "RACE", "so_number": "SO", "lines": lines}))
        .await
        .expect(201);
    let line_ids: Vec<String> = po["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_owned())
        .collect();
    let customer = app.customer(&dealer.token, "Race").await;
    let mut locations = Vec::new();
    for hwkc in [
        "340000000001",
        "340000000002",
        "340000000003",
        "340000000004",
    ] {
        let body = json!({"name": hwkc, "system_type": "SV9100_CP10", "hwkc": hwkc});
        locations.push(
            app.create_location(&dealer.token, &customer, body)
                .await
                .expect(201)["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }

    let deadline = Instant::now() + RUN_FOR;
    let done = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (app, token, lines, locations, done) = (
            app.clone(),
            dealer.token.clone(),
            line_ids.clone(),
            locations.clone(),
            done.clone(),
        );
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let status = random_operation(&app, &token, &lines, &locations).await;
                assert!(status < 500, "a racing request answered {status}");
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let reader = {
        let (app, token) = (app.clone(), dealer.token.clone());
        tokio::spawn(async move {
            let mut reads = 0;
            while Instant::now() < deadline {
                for line in bin_lines(&app, &token).await {
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

    let lines = bin_lines(&app, &dealer.token).await;
    let mut attached_units = std::collections::HashMap::<String, (i64, i64)>::new();
    for loc in &locations {
        let licenses = app
            .get(&format!("/locations/{loc}/licenses"), &dealer.token)
            .await
            .expect(200);
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
    let operations = done.load(Ordering::Relaxed);
    println!("{operations} racing operations, {reads} invariant reads, all consistent");
    assert!(operations > CLIENTS, "the race ran");
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
        0..=4 => {
            let body = json!({"lines": [{"po_line_id": line, "quantity": quantity}]});
            app.post(&format!("/locations/{loc}/attachments"), token, &body)
                .await
                .status
                .as_u16()
        }
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
                let partial = if quantity == 1 {
                    "?quantity=1".to_owned()
                } else {
                    String::new()
                };
                app.call(
                    Method::DELETE,
                    &format!("/locations/{loc}/attachments/{id}{partial}"),
                    Some(token),
                    None,
                )
                .await
                .status
                .as_u16()
            } else {
                let body = json!({"attachment_ids": [id], "accept_license_agreement": true});
                app.post(&format!("/locations/{loc}/activations"), token, &body)
                    .await
                    .status
                    .as_u16()
            }
        }
    }
}

async fn bin_lines(app: &TestApp, token: &str) -> Vec<Value> {
    let bin = app
        .get("/license-bin?include_used=true", token)
        .await
        .expect(200);
    bin["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|po| po["lines"].as_array().unwrap().clone())
        .collect()
}

#[track_caller]
fn assert_invariant(line: &Value) {
    let n = |k: &str| line[k].as_i64().unwrap();
    assert!(
        ["available", "attached", "activated", "reshipped"]
            .iter()
            .all(|k| n(k) >= 0),
        "{line}"
    );
    assert_eq!(
        n("shipped"),
        n("available") + n("attached") + n("activated") + n("reshipped"),
        "{line}"
    );
}
