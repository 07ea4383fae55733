//! Use cases that render a location's file or check a per-location rule run one after the
//! other per location (the location row is locked first on PostgreSQL; SQLite has one
//! writer). Without that, parallel activations each wrote a file lacking the others'
//! licenses, and DECT-NS's "exactly one base license" could be beaten.

use std::sync::Arc;

use serde_json::Value;

use crate::helpers::{PartnerFixture, TestApp, at_once, id_of, spawn_app};

const PARALLEL: usize = 8;

/// `PARALLEL` units of `part` shipped to the dealer and attached to `location` one unit
/// each; returns the attachments' ids.
async fn attach_singles(
    app: &TestApp,
    dealer: &PartnerFixture,
    location: &str,
    part: &str,
) -> Vec<String> {
    let quantity = i64::try_from(PARALLEL).unwrap();
    let line = app.ship(dealer, &[(part, quantity)]).await.line(part);
    let mut ids = Vec::new();
    for _ in 0..PARALLEL {
        let created = app
            .attach(&dealer.token, location, &[(&line, 1)])
            .await
            .expect(201);
        ids.push(id_of(&created[0]));
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
    at_once(ids.len(), |i| {
        let (app, token) = (Arc::clone(app), token.to_owned());
        let (location, id) = (location.to_owned(), ids[i].clone());
        async move {
            let reply = app.activate(&token, &location, &[id]).await;
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
    let loc = app.location(&dealer).sv9100().await.id;
    let ids = attach_singles(&app, &dealer, &loc, "SV9100-IPPORT-8").await;

    // Act
    let outcomes = activate_in_parallel(&app, &dealer.token, &loc, ids).await;

    // Assert: every activation succeeded, and the file served now holds all of them.
    for (status, body) in &outcomes {
        assert_eq!(*status, 201, "{body}");
    }
    let licenses = app.licenses(&dealer.token, &loc).await;
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
    let text = app.download(&dealer.token, &loc).await.text();
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
    let ns = app.location(&dealer).of_type("DECT_NS").await.id;
    let ids = attach_singles(&app, &dealer, &ns, "EU910010").await;

    // Act
    let outcomes = activate_in_parallel(&app, &dealer.token, &ns, ids).await;

    // Assert: exactly one wins; the others are refused by the rule, none by a 5xx.
    let won = outcomes.iter().filter(|(s, _)| *s == 201).count();
    assert_eq!(won, 1, "{outcomes:?}");
    for (status, body) in outcomes.iter().filter(|(s, _)| *s != 201) {
        assert_eq!(
            (*status, body["error"]["code"].as_str()),
            (409, Some("NOT_APPLICABLE")),
            "{body}"
        );
    }
    let licenses = app.licenses(&dealer.token, &ns).await;
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
