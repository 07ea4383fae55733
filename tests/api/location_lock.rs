//! Use cases that render a location's file or check a per-location rule run one after the
//! other per location (the location row is locked first on PostgreSQL; SQLite has one
//! writer). Without that, parallel activations each wrote a file lacking the others'
//! licenses, and DECT-NS's "exactly one base license" could be beaten.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::helpers::{PartnerFixture, TestApp, at_once, spawn_app};

const PARALLEL: usize = 8;

/// Ships `quantity` of `part` to the dealer; returns the PO line id.
async fn ship(app: &TestApp, dealer: &PartnerFixture, part: &str, quantity: i64) -> String {
    let body = json!({"partner_id": dealer.id, "po_number": format!("PO-{}", uuid::Uuid::new_v4().simple()),
        "so_number": "SO", "lines": [{"part_number": part, "quantity": quantity}]});
    let po = app
        .post("/admin/shipments", &app.admin_token, &body)
        .await
        .expect(201);
    po["lines"][0]["id"].as_str().unwrap().to_owned()
}

/// `PARALLEL` separate attachments of one unit each; returns their ids.
async fn attach_singles(app: &TestApp, token: &str, location: &str, line: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for _ in 0..PARALLEL {
        let created = app
            .post(
                &format!("/locations/{location}/attachments"),
                token,
                &json!({"lines": [{"po_line_id": line, "quantity": 1}]}),
            )
            .await
            .expect(201);
        ids.push(created[0]["id"].as_str().unwrap().to_owned());
    }
    ids
}

/// Activates each attachment in its own request, all at once; returns the statuses.
async fn activate_in_parallel(
    app: &Arc<TestApp>,
    token: &str,
    location: &str,
    ids: Vec<String>,
) -> Vec<(u16, Value)> {
    let path = format!("/locations/{location}/activations");
    at_once(ids.len(), |i| {
        let (app, token, path) = (Arc::clone(app), token.to_owned(), path.clone());
        let body = json!({"attachment_ids": [ids[i]], "accept_license_agreement": true});
        async move {
            let reply = app.post(&path, &token, &body).await;
            (reply.status.as_u16(), reply.body)
        }
    })
    .await
}

/// The `feature` lines of a downloaded `lms-license/1` file: name → value.
fn file_features(text: &str) -> Vec<(String, u64)> {
    text.lines()
        .filter_map(|l| l.strip_prefix("feature: "))
        .map(|l| {
            let parts: Vec<&str> = l.split(' ').collect();
            (parts[0].to_owned(), parts[2].parse().unwrap())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_activations_on_one_location_all_land_in_the_newest_file() {
    // Arrange
    let app = Arc::new(spawn_app().await);
    let dealer = app.dealer().await;
    let loc = app
        .location_of(&dealer.token, "SV9100_CP10", "340209224568")
        .await;
    let line = ship(
        &app,
        &dealer,
        "SV9100-IPPORT-8",
        i64::try_from(PARALLEL).unwrap(),
    )
    .await;
    let ids = attach_singles(&app, &dealer.token, &loc, &line).await;

    // Act
    let outcomes = activate_in_parallel(&app, &dealer.token, &loc, ids).await;

    // Assert: every activation succeeded, and the file served now holds all of them.
    for (status, body) in &outcomes {
        assert_eq!(*status, 201, "{body}");
    }
    let licenses = app
        .get(&format!("/locations/{loc}/licenses"), &dealer.token)
        .await
        .expect(200);
    let stacked: Vec<(String, u64)> = licenses["stacked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["feature"].as_str().unwrap().to_owned(),
                s["value"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        stacked,
        [("ports.ip".to_owned(), 8 * u64::try_from(PARALLEL).unwrap())]
    );
    let file = app
        .client
        .get(app.url(&format!("/api/v1/locations/{loc}/license-file")))
        .bearer_auth(&dealer.token)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    let text = file.text().await.unwrap();
    assert_eq!(
        file_features(&text),
        stacked,
        "the newest file lacks a paid license:\n{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_dect_ns_location_never_gets_two_base_licenses_from_parallel_activations() {
    // Arrange: the DMLS base license attached eight times, one unit each.
    let app = Arc::new(spawn_app().await);
    let dealer = app.dealer().await;
    let ns = app.location_of(&dealer.token, "DECT_NS", "1FFFFFF9").await;
    let line = ship(&app, &dealer, "EU910010", i64::try_from(PARALLEL).unwrap()).await;
    let ids = attach_singles(&app, &dealer.token, &ns, &line).await;

    // Act
    let outcomes = activate_in_parallel(&app, &dealer.token, &ns, ids).await;

    // Assert: exactly one wins; the others are refused by the rule, none by a 5xx.
    let won = outcomes.iter().filter(|(s, _)| *s == 201).count();
    assert_eq!(won, 1, "{outcomes:?}");
    for (status, body) in outcomes.iter().filter(|(s, _)| *s != 201) {
        assert_eq!(
            (*status, body["error"]["code"].as_str()),
            (422, Some("NOT_APPLICABLE")),
            "{body}"
        );
    }
    let licenses = app
        .get(&format!("/locations/{ns}/licenses"), &dealer.token)
        .await
        .expect(200);
    let activated: i64 = licenses["activated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["quantity"].as_i64().unwrap())
        .sum();
    assert_eq!(activated, 1, "{licenses}");
    // The losers are still attached, not lost.
    assert_eq!(
        licenses["attached"].as_array().unwrap().len(),
        PARALLEL - 1,
        "{licenses}"
    );
}
