//! SWA shipments into a partner's SWA bin, and who may see the bin.

use serde_json::json;

use crate::helpers::{assert_swa_invariant, spawn_app_with_dealer, spawn_app_with_pool};

#[tokio::test]
async fn a_shipment_lands_in_the_swa_bin_with_its_expiry_and_is_announced() {
    // Arrange
    let (app, pool) = spawn_app_with_pool(|_| {}).await;
    let dealer = app.swa_dealer().await;

    // Act
    let po = app.ship_swa(&dealer.id, "SWA-1", 500, "2099-06-30").await;

    // Assert
    assert_eq!(po["available"], 500);
    let bin = app.swa_bin(&dealer).await;
    assert_eq!(bin["available_units"], 500);
    let item = &bin["items"][0];
    assert_eq!(item["po_number"], "SWA-1");
    assert_eq!(item["so_number"], "SO-SWA-1");
    assert_eq!(item["expires_on"], "2099-06-30");
    assert_eq!(item["expired"], false);
    assert_eq!(
        (item["shipped"].as_i64(), item["assigned"].as_i64()),
        (Some(500), Some(0))
    );
    assert_swa_invariant(&bin);
    let mut c = pool.get().unwrap();
    let events = lms_store::outbox::of_partner(&mut c, dealer.id.parse().unwrap()).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event_type, "swa.shipped");
    assert_eq!(events[0].data["units"], 500);
    let audit = app
        .get(
            &format!("/audit-events?subject={}", po["id"].as_str().unwrap()),
            &dealer.token,
        )
        .await
        .expect(200);
    assert_eq!(audit["items"][0]["action"], "swa.shipped");
    assert_eq!(audit["items"][0]["subject_type"], "swa_purchase_order");
    assert_eq!(audit["items"][0]["details"]["units"], 500);
}

#[tokio::test]
async fn bad_shipments_are_refused_and_change_nothing() {
    // Arrange
    let app = crate::helpers::spawn_app().await;
    let dealer = app.swa_dealer().await;
    app.ship_swa(&dealer.id, "SWA-1", 10, "2099-01-01").await;
    let ship = |body: serde_json::Value| {
        let app = &app;
        async move {
            app.post("/admin/swa-shipments", &app.admin_token, &body)
                .await
        }
    };
    let body = |po: &str, units: i64, expires: &str| {
        json!({"partner_id": dealer.id, "po_number": po, "so_number": "SO", "units": units,
               "expires_on": expires})
    };

    // Act / Assert
    ship(body("SWA-1", 5, "2099-01-01"))
        .await
        .expect_error(409, "PO_EXISTS");
    let past = ship(body("SWA-2", 5, "2020-01-01"))
        .await
        .expect_error(409, "EXPIRY_PASSED");
    assert_eq!(past["error"]["field"], "/expires_on");
    ship(body("SWA-3", 0, "2099-01-01"))
        .await
        .expect_error(422, "INVALID_FIELD");
    let mut stranger = body("SWA-4", 5, "2099-01-01");
    stranger["partner_id"] = json!(uuid::Uuid::new_v4());
    ship(stranger).await.expect_error(404, "UNKNOWN_PARTNER");
    app.post(
        "/admin/swa-shipments",
        &dealer.token,
        &body("SWA-5", 5, "2099-01-01"),
    )
    .await
    .expect_error(403, "FORBIDDEN");
    let bin = app.swa_bin(&dealer).await;
    assert_eq!(bin["items"].as_array().unwrap().len(), 1);
    assert_eq!(bin["available_units"], 10);
}

#[tokio::test]
async fn software_assurance_needs_an_swa_role() {
    // Arrange
    let (app, plain) = spawn_app_with_dealer().await;
    let location = app.swa_location(&plain).await;
    let customer = app
        .get(&format!("/locations/{location}"), &plain.token)
        .await
        .expect(200)["customer_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let assignment = uuid::Uuid::new_v4();

    // Act / Assert: every SWA operation answers 403 to a user without an SWA role.
    let t = &plain.token;
    app.get("/swa-bin", t).await.expect_error(403, "FORBIDDEN");
    app.get("/swa/prospective-locations", t)
        .await
        .expect_error(403, "FORBIDDEN");
    app.get("/swa-assignments", t)
        .await
        .expect_error(403, "FORBIDDEN");
    let quote = json!({"months": 12});
    let assign = json!({"months": 12, "reference": "R", "approve": true});
    let l = format!("/locations/{location}");
    app.post(&format!("{l}/swa-quotes"), t, &quote)
        .await
        .expect_error(403, "FORBIDDEN");
    app.post(&format!("{l}/swa-assignments"), t, &assign)
        .await
        .expect_error(403, "FORBIDDEN");
    app.get(&format!("{l}/free-of-charge-licenses"), t)
        .await
        .expect_error(403, "FORBIDDEN");
    let renew = json!({"co_term": false});
    let c = format!("/customers/{customer}");
    app.post(&format!("{c}/swa-renewal-quotes"), t, &renew)
        .await
        .expect_error(403, "FORBIDDEN");
    app.post(&format!("{c}/swa-renewals"), t, &renew)
        .await
        .expect_error(403, "FORBIDDEN");
    app.post_empty(&format!("/swa-assignments/{assignment}/activate"), t)
        .await
        .expect_error(403, "FORBIDDEN");
    app.delete(&format!("/swa-assignments/{assignment}"), t)
        .await
        .expect_error(403, "FORBIDDEN");
    // A distributor's SWA role opens it too.
    let distributor = app.distributor().await;
    app.get("/swa-bin", &distributor.token).await.expect(200);
}
