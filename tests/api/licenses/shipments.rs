//! Shipments into a partner's bin: checked line by line, a PO number once per partner, for
//! vendor staff only.

use serde_json::json;

use crate::helpers::spawn_app_with_dealer;

#[tokio::test]
async fn shipments_are_checked_and_a_repeated_po_number_is_refused() {
    let (app, dealer) = spawn_app_with_dealer().await;
    app.ship(&dealer, &[("EU917062", 1)])
        .po("PO-4")
        .swa_months(12)
        .await;
    let again = json!({"partner_id": dealer.id, "po_number": "PO-4", "so_number": "SO", "lines": [{"part_number": "EU917062", "quantity": 1}]});
    app.post("/admin/shipments", &app.admin_token, &again)
        .await
        .expect_error(409, "PO_EXISTS");
    let refused = app
        .ship(&dealer, &[("EU917062", 1), ("NOPE-1", 1)])
        .send()
        .await
        .expect_error(404, "UNKNOWN_PART");
    assert_eq!(
        (&refused["error"]["field"], &refused["error"]["details"]),
        (
            &json!("/lines/1/part_number"),
            &json!({"part_number": "NOPE-1"})
        )
    );
    let refused = app
        .ship(&dealer, &[("EU917062", 1), ("EU917064", 0)])
        .send()
        .await
        .expect_error(422, "INVALID_FIELD");
    assert_eq!(refused["error"]["field"], "/lines/1/quantity");
    // A quantity of the wrong type is a body the typed builder cannot send.
    let nested = json!({"partner_id": dealer.id, "po_number": "PO-7", "so_number": "SO",
        "lines": [{"part_number": "EU917062", "quantity": 1}, {"part_number": "EU917064", "quantity": "two"}]});
    let refused = app
        .post("/admin/shipments", &app.admin_token, &nested)
        .await
        .expect_error(422, "INVALID_BODY");
    assert_eq!(refused["error"]["field"], "/lines/1/quantity");
    app.post("/admin/shipments", &dealer.token, &again)
        .await
        .expect_error(403, "FORBIDDEN");
    let bin = app.get("/license-bin", &dealer.token).await.expect(200);
    assert_eq!(bin["items"].as_array().unwrap().len(), 1);
    assert_eq!(bin["items"][0]["swa_months"], 12);
    let parts = app
        .get("/parts?system_type=IP_DECT", &dealer.token)
        .await
        .expect(200);
    assert!(
        parts["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["part_number"] == "EU917062")
    );
}
