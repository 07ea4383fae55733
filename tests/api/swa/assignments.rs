//! Quotes and assignments: approval, units held through the cooling-off, cancel, process
//! immediately, earliest expiry first, not enough units, and the quote after activation.

use serde_json::json;

use crate::helpers::{SWA_LINES, assert_swa_invariant, id_of, spawn_app};

#[tokio::test]
async fn a_12_month_quote_is_the_rate_times_twelve_and_refusals_say_why() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.swa_dealer().await;
    let location = app.swa_location(&dealer).await;
    let bare = app
        .location(&dealer)
        .sv9100()
        .hwkc(&crate::helpers::unique_sv9100_hwkc())
        .await
        .id;
    let quote = |l: &str, months: i64| {
        let app = &app;
        let path = format!("/locations/{l}/swa-quotes");
        let token = dealer.token.clone();
        async move { app.post(&path, &token, &json!({"months": months})).await }
    };

    // Act
    let twelve = quote(&location, 12).await.expect(200);
    let too_long = quote(&location, 61).await.expect(200);
    let nothing = quote(&bare, 12).await.expect(200);

    // Assert
    assert_eq!(twelve["units"], 264);
    assert_eq!(twelve["swa_units_per_month"], 22.0);
    assert_eq!(twelve["reinstatement_units"], 0);
    assert_eq!(twelve["total_units"], 264);
    assert_eq!(twelve["reason"], serde_json::Value::Null);
    let today = app.now().date_naive();
    assert_eq!(twelve["starts_on"], today.to_string());
    assert_eq!(
        twelve["expires_on"],
        today
            .checked_add_months(chrono::Months::new(12))
            .unwrap()
            .to_string()
    );
    assert_eq!(too_long["reason"]["code"], "SWA_DURATION_OUT_OF_RANGE");
    assert_eq!(too_long["total_units"], 0);
    assert_eq!(nothing["reason"]["code"], "NO_SWA_LICENSES");
    quote(&location, 0).await.expect_error(422, "INVALID_FIELD");
    quote(&location, 121)
        .await
        .expect_error(422, "INVALID_FIELD");
}

#[tokio::test]
async fn assign_holds_the_units_and_cancel_returns_them() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.swa_dealer().await;
    let location = app.swa_location(&dealer).await;
    app.ship_swa(&dealer.id, "SWA-1", 1000, "2099-01-01").await;
    let path = format!("/locations/{location}/swa-assignments");

    // Act / Assert: approval is required and a refusal changes nothing.
    let unapproved = json!({"months": 12, "reference": "R", "approve": false});
    let refused = app.post(&path, &dealer.token, &unapproved).await;
    assert_eq!(
        refused.expect_error(422, "APPROVAL_REQUIRED")["error"]["field"],
        "/approve"
    );
    let missing = json!({"months": 12, "reference": "R"});
    app.post(&path, &dealer.token, &missing)
        .await
        .expect_error(422, "INVALID_BODY");
    assert_eq!(app.swa_bin(&dealer).await["available_units"], 1000);

    // Assigned: held in cooling-off.
    let held = app
        .assign_swa(&dealer, &location, 12, false)
        .await
        .expect(201);
    assert_eq!(held["status"], "cooling_off");
    assert_eq!(held["total_units"], 264);
    assert!(
        held["agreement_number"]
            .as_str()
            .unwrap()
            .starts_with("SWA-")
    );
    let bin = app.swa_bin(&dealer).await;
    assert_eq!(
        (
            bin["items"][0]["available"].as_i64(),
            bin["items"][0]["assigned"].as_i64()
        ),
        (Some(736), Some(264))
    );
    assert_swa_invariant(&bin);
    assert_eq!(app.swa_status(&dealer, &location).await, "cooling_off");
    let quote = app
        .post(
            &format!("/locations/{location}/swa-quotes"),
            &dealer.token,
            &json!({"months": 12}),
        )
        .await
        .expect(200);
    assert_eq!(quote["reason"]["code"], "SWA_ASSIGNMENT_PENDING");
    app.assign_swa(&dealer, &location, 12, false)
        .await
        .expect_error(409, "SWA_ASSIGNMENT_PENDING");

    // Cancelled: the units come back.
    let cancelled = app
        .delete(&format!("/swa-assignments/{}", id_of(&held)), &dealer.token)
        .await
        .expect(200);
    assert_eq!(cancelled["status"], "cancelled");
    let bin = app.swa_bin(&dealer).await;
    assert_eq!(
        (
            bin["items"][0]["available"].as_i64(),
            bin["items"][0]["assigned"].as_i64()
        ),
        (Some(1000), Some(0))
    );
    assert_eq!(app.swa_status(&dealer, &location).await, "grace");
    app.delete(&format!("/swa-assignments/{}", id_of(&held)), &dealer.token)
        .await
        .expect_error(409, "NOT_CANCELLABLE");
    app.post_empty(
        &format!("/swa-assignments/{}/activate", id_of(&held)),
        &dealer.token,
    )
    .await
    .expect_error(409, "ASSIGNMENT_CANCELLED");
}

#[tokio::test]
async fn units_come_from_the_earliest_expiry_first_and_a_shortfall_names_what_is_missing() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.swa_dealer().await;
    let location = app.swa_location(&dealer).await;
    let other = app.swa_location(&dealer).await;
    app.ship_swa(&dealer.id, "LATE", 200, "2099-12-31").await;
    app.ship_swa(&dealer.id, "EARLY", 100, "2098-01-01").await;

    // Act
    let first = app.assign_swa(&dealer, &location, 12, true).await;
    let second = app.assign_swa(&dealer, &other, 12, false).await;

    // Assert
    first.expect(201);
    let short = second.expect_error(409, "INSUFFICIENT_SWA_UNITS");
    assert_eq!(short["error"]["details"]["needed"], 264);
    assert_eq!(short["error"]["details"]["available"], 36);
    assert_eq!(short["error"]["details"]["missing"], 228);
    let bin = app.swa_bin(&dealer).await;
    let by_po = |po: &str| {
        bin["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["po_number"] == po)
            .unwrap()
            .clone()
    };
    assert_eq!(by_po("EARLY")["consumed"], 100);
    assert_eq!(by_po("EARLY")["available"], 0);
    assert_eq!(by_po("LATE")["consumed"], 164);
    assert_eq!(by_po("LATE")["available"], 36);
    assert_swa_invariant(&bin);
}

#[tokio::test]
async fn activation_offers_the_swa_quote_to_swa_users_only() {
    // Arrange
    let app = spawn_app().await;
    let swa = app.swa_dealer().await;
    let plain = app.dealer().await;

    // Act
    let offered = app.location(&swa).sv9100().activated_with(SWA_LINES).await;
    let not_offered = app
        .location(&plain)
        .sv9100()
        .hwkc(&crate::helpers::unique_sv9100_hwkc())
        .activated_with(SWA_LINES)
        .await;

    // Assert
    let quote = &offered.licensed.activation["swa_quote"];
    assert_eq!(quote["months"], 12);
    assert_eq!(quote["total_units"], 264);
    assert_eq!(
        not_offered.licensed.activation["swa_quote"],
        serde_json::Value::Null
    );
}

#[tokio::test]
async fn process_immediately_activates_and_the_trail_shows_the_units() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.swa_dealer().await;
    let location = app.swa_location(&dealer).await;
    app.ship_swa(&dealer.id, "SWA-1", 1000, "2099-01-01").await;
    let held = app
        .assign_swa(&dealer, &location, 12, false)
        .await
        .expect(201);
    app.delete(&format!("/swa-assignments/{}", id_of(&held)), &dealer.token)
        .await
        .expect(200);

    // Act / Assert: processed immediately: active and consumed, no longer cancellable.
    let active = app
        .assign_swa(&dealer, &location, 12, true)
        .await
        .expect(201);
    assert_eq!(active["status"], "active");
    assert_ne!(active["agreement_number"], held["agreement_number"]);
    let bin = app.swa_bin(&dealer).await;
    assert_eq!(
        (
            bin["items"][0]["available"].as_i64(),
            bin["items"][0]["consumed"].as_i64()
        ),
        (Some(736), Some(264))
    );
    assert_swa_invariant(&bin);
    assert_eq!(app.swa_status(&dealer, &location).await, "active");
    app.delete(
        &format!("/swa-assignments/{}", id_of(&active)),
        &dealer.token,
    )
    .await
    .expect_error(409, "NOT_CANCELLABLE");
    let quote = app
        .post(
            &format!("/locations/{location}/swa-quotes"),
            &dealer.token,
            &json!({"months": 12}),
        )
        .await
        .expect(200);
    assert_eq!(quote["reason"]["code"], "SWA_ALREADY_ACTIVE");
    let listed = app
        .get(
            &format!("/swa-assignments?location_id={location}"),
            &dealer.token,
        )
        .await
        .expect(200);
    assert_eq!(listed["items"][0]["location_name"], "SV9100_CP10");
    let statuses: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["active", "cancelled"]);
    let history = app
        .get(&format!("/audit-events?subject={location}"), &dealer.token)
        .await
        .expect(200);
    let assigned: Vec<&serde_json::Value> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "swa.assigned")
        .collect();
    assert_eq!(assigned.len(), 2);
    assert_eq!(assigned[0]["details"]["available_before"], 1000);
    assert_eq!(assigned[0]["details"]["available_after"], 736);
}
