//! Free-of-charge licenses: offered while SWA is active or in grace, attached without a PO,
//! activated as usual, once per location.

use chrono::Duration;
use serde_json::json;

use crate::helpers::{id_of, spawn_swa_app};

#[tokio::test]
async fn an_is3000_in_grace_takes_system_r8_free_once_and_activates_it() {
    // Arrange: an iS3000 with an SWA-bearing option activated.
    let (app, _pool) = spawn_swa_app(3600).await;
    let dealer = app.swa_dealer().await;
    let is3000 = app
        .location(&dealer)
        .of_type("IS3000")
        .activated_with(&[("Lic-073", 2)])
        .await
        .id
        .clone();
    let offer_path = format!("/locations/{is3000}/free-of-charge-licenses");

    // Act
    let offer = app.get(&offer_path, &dealer.token).await.expect(200);
    let attached = app
        .post(
            &offer_path,
            &dealer.token,
            &json!({"part_number": "Lic-078"}),
        )
        .await
        .expect(201);

    // Assert: offered, attached without a PO from the vendor, then activated as usual.
    assert_eq!(offer["swa_status"], "grace");
    let offered: Vec<&str> = offer["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["part_number"].as_str().unwrap())
        .collect();
    assert_eq!(offered, ["Lic-078"]);
    assert_eq!(attached["state"], "attached");
    assert!(attached["po_number"].as_str().unwrap().starts_with("FOC-"));
    // Detached, its line cannot go anywhere from the bin; the location may take it again.
    app.detach(&dealer.token, &is3000, &id_of(&attached), None)
        .await
        .expect(204);
    let line = attached["po_line_id"].as_str().unwrap();
    app.attach(&dealer.token, &is3000, &[(line, 1)])
        .await
        .expect_error(409, "ATTACH_NOT_ALLOWED");
    let attached = app
        .post(
            &offer_path,
            &dealer.token,
            &json!({"part_number": "Lic-078"}),
        )
        .await
        .expect(201);
    app.activate(&dealer.token, &is3000, &[id_of(&attached)])
        .await
        .expect(201);
    let licenses = app.licenses(&dealer.token, &is3000).await;
    let release = licenses["stacked"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["feature"] == "release")
        .unwrap();
    assert_eq!(release["value"], 8);
    let again = app
        .post(
            &offer_path,
            &dealer.token,
            &json!({"part_number": "Lic-078"}),
        )
        .await;
    again.expect_error(409, "ALREADY_TAKEN");
    assert_eq!(
        app.get(&offer_path, &dealer.token).await.expect(200)["items"],
        json!([])
    );
    app.post(
        &offer_path,
        &dealer.token,
        &json!({"part_number": "Lic-077"}),
    )
    .await
    .expect_error(409, "NOT_FREE_OF_CHARGE");
}

#[tokio::test]
async fn nothing_is_free_after_grace_without_swa() {
    // Arrange
    let (app, _pool) = spawn_swa_app(3600).await;
    let dealer = app.swa_dealer().await;
    let other = app
        .location(&dealer)
        .of_type("IS3000")
        .hwkc("aa0014SA2792883419AA")
        .activated_with(&[("Lic-073", 1)])
        .await
        .id
        .clone();

    // Act
    app.advance(Duration::days(91));
    let late = app
        .post(
            &format!("/locations/{other}/free-of-charge-licenses"),
            &dealer.token,
            &json!({"part_number": "Lic-078"}),
        )
        .await;

    // Assert
    assert_eq!(
        late.expect_error(409, "FREE_OF_CHARGE_NOT_AVAILABLE")["error"]["details"]["swa_status"],
        "none"
    );
}
