//! No oversell: many clients assigning at once from an SWA bin that covers only some of
//! them; the per-PO invariant holds after the run.

use serde_json::json;

use crate::helpers::{assert_swa_invariant, at_once, spawn_app};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_assignments_never_take_more_units_than_the_bin_holds() {
    // Arrange: 8 locations of 264 units each; three POs that cover exactly 3 of them.
    let app = spawn_app().await;
    let dealer = app.swa_dealer().await;
    let mut locations = Vec::new();
    for _ in 0..8 {
        locations.push(app.swa_location(&dealer).await);
    }
    app.ship_swa(&dealer.id, "SWA-A", 300, "2098-01-01").await;
    app.ship_swa(&dealer.id, "SWA-B", 300, "2099-01-01").await;
    app.ship_swa(&dealer.id, "SWA-C", 192, "2099-06-01").await;

    // Act
    let app = std::sync::Arc::new(app);
    let replies = at_once(locations.len(), |i| {
        let (app, token, location) = (app.clone(), dealer.token.clone(), locations[i].clone());
        async move {
            app.post(
                &format!("/locations/{location}/swa-assignments"),
                &token,
                &json!({"months": 12, "reference": format!("RACE-{i}"), "approve": true,
                        "process_immediately": i % 2 == 0}),
            )
            .await
        }
    })
    .await;

    // Assert
    let won = replies.iter().filter(|r| r.status == 201).count();
    let lost: Vec<&str> = replies
        .iter()
        .filter(|r| r.status != 201)
        .map(|r| r.code())
        .collect();
    assert_eq!(won, 3, "{lost:?}");
    assert!(
        lost.iter().all(|c| *c == "INSUFFICIENT_SWA_UNITS"),
        "{lost:?}"
    );
    let bin = app.swa_bin(&dealer).await;
    assert_swa_invariant(&bin);
    assert_eq!(bin["available_units"], 0);
    let taken: i64 = bin["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["assigned"].as_i64().unwrap() + p["consumed"].as_i64().unwrap())
        .sum();
    assert_eq!(taken, 3 * 264);
}
