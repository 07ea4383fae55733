//! SWA reships (SPEC §6): a distributor with `swa_distributor_admin` moves SWA units to a
//! dealer it may ship to, earliest expiry first; the units keep their expiry in the dealer's
//! SWA bin; many clients at once never move more units than the bin holds.

use serde_json::{Value, json};

use crate::helpers::{PartnerFixture, TestApp, assert_swa_invariant, at_once, spawn_app};

/// A distributor with two SWA POs (100 units expiring 2098, 50 expiring 2097), a dealer it
/// may ship to.
async fn channel(app: &TestApp) -> (PartnerFixture, PartnerFixture) {
    let distributor = app.distributor().await;
    let dealer = app.swa_dealer().await;
    app.post(
        "/admin/shipping-allowances",
        &app.admin_token,
        &json!({"distributor_id": distributor.id, "dealer_id": dealer.id}),
    )
    .await
    .expect(201);
    app.ship_swa(&distributor.id, "D-LATE", 100, "2098-01-01")
        .await;
    app.ship_swa(&distributor.id, "D-EARLY", 50, "2097-01-01")
        .await;
    (distributor, dealer)
}

fn body(dealer: &PartnerFixture, po: &str, units: i64) -> Value {
    json!({"dealer_email": dealer.email, "so_number": "SO-SWA-R", "po_number": po, "units": units})
}

/// `(po_number, expires_on, field)` of every PO in a partner's SWA bin.
async fn bin_rows(
    app: &TestApp,
    partner: &PartnerFixture,
    field: &str,
) -> Vec<(String, String, i64)> {
    let bin = app.swa_bin(partner).await;
    assert_swa_invariant(&bin);
    let mut rows: Vec<_> = bin["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["po_number"].as_str().unwrap().to_owned(),
                p["expires_on"].as_str().unwrap().to_owned(),
                p[field].as_i64().unwrap(),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[tokio::test]
async fn units_leave_earliest_expiry_first_and_keep_their_expiry() {
    // Arrange
    let app = spawn_app().await;
    let (distributor, dealer) = channel(&app).await;

    // Act: 70 units = all 50 of 2097 and 20 of 2098.
    let done = app
        .post(
            "/swa-reships",
            &distributor.token,
            &body(&dealer, "DEALER-SWA-1", 70),
        )
        .await
        .expect(201);

    // Assert
    assert_eq!(done["units"], 70);
    assert_eq!(done["dealer_id"], dealer.id.as_str());
    let lots: Vec<(&str, i64)> = done["lots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["expires_on"].as_str().unwrap(),
                l["units"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(lots, [("2097-01-01", 50), ("2098-01-01", 20)]);
    assert_eq!(
        bin_rows(&app, &distributor, "reshipped").await,
        [
            ("D-EARLY".into(), "2097-01-01".into(), 50),
            ("D-LATE".into(), "2098-01-01".into(), 20)
        ]
    );
    assert_eq!(
        bin_rows(&app, &dealer, "available").await,
        [
            ("DEALER-SWA-1".into(), "2097-01-01".into(), 50),
            ("DEALER-SWA-1".into(), "2098-01-01".into(), 20)
        ]
    );
    let dealer_bin = app.swa_bin(&dealer).await;
    assert_eq!(dealer_bin["available_units"], 70);
    assert!(
        dealer_bin["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["origin"] == "reship")
    );
    assert_eq!(app.swa_bin(&distributor).await["available_units"], 80);
}

#[tokio::test]
async fn the_distributor_lists_its_swa_reships_and_the_dealer_can_assign_them() {
    // Arrange
    let app = spawn_app().await;
    let (distributor, dealer) = channel(&app).await;
    // 120 reshipped + 144 of the dealer's own cover one 12-month assignment at 22 a month.
    app.ship_swa(&dealer.id, "OWN", 144, "2099-01-01").await;
    app.post(
        "/swa-reships",
        &distributor.token,
        &body(&dealer, "DEALER-SWA-2", 120),
    )
    .await
    .expect(201);
    let other = app.distributor().await;

    // Act
    let listed = app
        .get("/swa-reships", &distributor.token)
        .await
        .expect(200);
    let none = app.get("/swa-reships", &other.token).await.expect(200);
    let location = app.swa_location(&dealer).await;
    let assigned = app
        .assign_swa(&dealer, &location, 12, true)
        .await
        .expect(201);

    // Assert
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed["items"][0]["po_number"], "DEALER-SWA-2");
    assert!(listed["items"][0]["dealer_name"].is_string());
    assert_eq!(listed["items"][0]["lots"].as_array().unwrap().len(), 2);
    assert_eq!(none["items"], json!([]));
    assert_eq!(assigned["status"], "active");
}

#[tokio::test]
async fn refusals_name_the_reason_and_change_nothing() {
    // Arrange
    let app = spawn_app().await;
    let (distributor, dealer) = channel(&app).await;
    let stranger = app.swa_dealer().await;
    let plain = app.partner_with_roles("distributor", &["lms_user"]).await;

    // Act
    let too_many = app
        .post(
            "/swa-reships",
            &distributor.token,
            &body(&dealer, "P-1", 151),
        )
        .await
        .expect_error(409, "INSUFFICIENT_SWA_UNITS");
    let no_allowance = app
        .post(
            "/swa-reships",
            &distributor.token,
            &body(&stranger, "P-2", 1),
        )
        .await
        .expect_error(403, "NO_SHIPPING_ALLOWANCE");
    let unknown = app
        .post(
            "/swa-reships",
            &distributor.token,
            &json!({"dealer_email": "nobody@nowhere.example", "so_number": "S", "po_number": "P-3", "units": 1}),
        )
        .await
        .expect_error(403, "NO_SHIPPING_ALLOWANCE");
    app.post("/swa-reships", &plain.token, &body(&dealer, "P-4", 1))
        .await
        .expect_error(403, "FORBIDDEN");
    app.post("/swa-reships", &dealer.token, &body(&stranger, "P-5", 1))
        .await
        .expect_error(403, "FORBIDDEN");
    app.post("/swa-reships", &distributor.token, &body(&dealer, "P-6", 0))
        .await
        .expect_error(422, "INVALID_FIELD");
    app.post("/swa-reships", &distributor.token, &body(&dealer, "DUP", 1))
        .await
        .expect(201);
    app.post("/swa-reships", &distributor.token, &body(&dealer, "DUP", 1))
        .await
        .expect_error(409, "PO_EXISTS");

    // Assert
    assert_eq!(too_many["error"]["details"]["missing"], 1);
    assert_eq!(no_allowance["error"]["field"], "/dealer_email");
    assert_eq!(unknown["error"]["code"], no_allowance["error"]["code"]);
    assert_eq!(app.swa_bin(&distributor).await["available_units"], 149);
    assert_eq!(app.swa_bin(&dealer).await["available_units"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_swa_reships_never_move_more_units_than_the_bin_holds() {
    // Arrange: 150 units; 12 clients ask 40 each, so at most 3 can win.
    let app = spawn_app().await;
    let (distributor, dealer) = channel(&app).await;

    // Act
    let app = std::sync::Arc::new(app);
    let replies = at_once(12, |i| {
        let (app, token, body) = (
            app.clone(),
            distributor.token.clone(),
            body(&dealer, &format!("RACE-{i}"), 40),
        );
        async move { app.post("/swa-reships", &token, &body).await }
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
    let rows = bin_rows(&app, &distributor, "reshipped").await;
    assert_eq!(rows.iter().map(|r| r.2).sum::<i64>(), 120);
    assert_eq!(app.swa_bin(&dealer).await["available_units"], 120);
}
