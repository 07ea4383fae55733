//! What attach and activation refuse: quantities that do not fit or are out of bounds, parts
//! for another system type, foreign and unknown PO lines — each named by its facts, and
//! nothing changed.

use serde_json::json;

use crate::helpers::{assert_invariant, id_of, spawn_app_with_dealer};

#[tokio::test]
async fn attach_refuses_what_does_not_fit_and_changes_nothing() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let other = app.dealer().await;
    let po = app
        .ship(&dealer, &[("SV9100-IPPORT-8", 2), ("EU917062", 1)])
        .po("PO-3")
        .await;
    let foreign = app.ship(&other, &[("SV9100-IPPORT-8", 2)]).po("PO-3").await;
    let (ports, dect) = (po.line("SV9100-IPPORT-8"), po.line("EU917062"));
    let loc = app.location(&dealer).sv9100().await.id;
    let t = &dealer.token;

    app.attach(t, &loc, &[(&ports, 3)])
        .await
        .expect_error(409, "NOT_ENOUGH_QUANTITY");
    app.attach(t, &loc, &[(&ports, 0)])
        .await
        .expect_error(422, "INVALID_FIELD");
    app.attach(t, &loc, &[(&dect, 1)])
        .await
        .expect_error(409, "PART_NOT_FOR_SYSTEM_TYPE");
    app.attach(t, &loc, &[(&foreign.line("SV9100-IPPORT-8"), 1)])
        .await
        .expect_error(404, "UNKNOWN_PO_LINE");
    // One bad line fails the whole request: the good line is not attached either.
    app.attach(t, &loc, &[(&ports, 1), (&dect, 1)])
        .await
        .expect_error(409, "PART_NOT_FOR_SYSTEM_TYPE");
    let line = app.bin_line(t, &ports).await;
    assert_eq!(line["available"], 2);
    assert_eq!(app.licenses(t, &loc).await["attached"], json!([]));
}

#[tokio::test]
async fn ip_dect_needs_an_access_point_license() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let po = app.ship(&dealer, &[("EU917064", 1), ("EU917062", 1)]).await;
    let loc = app.location(&dealer).ip_dect().await.id;
    let messaging = app
        .attach(&dealer.token, &loc, &[(&po.line("EU917064"), 1)])
        .await
        .expect(201);
    let id = id_of(&messaging[0]);
    let preview = app
        .get(
            &format!("/locations/{loc}/license-preview?attachment_ids={id}"),
            &dealer.token,
        )
        .await
        .expect(200);
    assert_eq!(
        preview["rule_violation"]["code"],
        "INVALID_FEATURE_CODE_STRING"
    );
    app.activate(&dealer.token, &loc, &[&id])
        .await
        .expect_error(409, "INVALID_FEATURE_CODE_STRING");
    let line = app.bin_line(&dealer.token, &po.line("EU917064")).await;
    assert_eq!(
        (line["attached"].as_i64(), line["activated"].as_i64()),
        (Some(1), Some(0)),
        "nothing activated"
    );
}

#[tokio::test]
async fn quantities_past_the_bound_are_refused_with_the_field_and_change_nothing() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let po = app.ship(&dealer, &[("SV9100-IPPORT-8", 5)]).await;
    let ports = po.line("SV9100-IPPORT-8");
    let loc = app.location(&dealer).sv9100().await.id;
    let created = app
        .attach(&dealer.token, &loc, &[(&ports, 2)])
        .await
        .expect(201);
    let attachment = id_of(&created[0]);

    // Act + Assert: 4294967295 used to wrap to −1 in an i32 and end in a 500.
    for quantity in [4_294_967_295_i64, 1_000_001] {
        let refused = app
            .attach(&dealer.token, &loc, &[(&ports, quantity)])
            .await
            .expect_error(422, "INVALID_FIELD");
        assert_eq!(refused["error"]["field"], "/lines/0/quantity");
        app.detach(&dealer.token, &loc, &attachment, Some(quantity))
            .await
            .expect_error(422, "INVALID_FIELD");
        app.ship(&dealer, &[("SV9100-IPPORT-8", quantity)])
            .send()
            .await
            .expect_error(422, "INVALID_FIELD");
    }
    let line = app.bin_line(&dealer.token, &ports).await;
    assert_eq!(
        (&line["available"], &line["attached"]),
        (&json!(3), &json!(2))
    );
    assert_invariant(&line);
}

#[tokio::test]
async fn a_line_that_asks_too_much_is_named_by_its_facts() {
    // Arrange: three lines, the third asks for more than its PO line has.
    let (app, dealer) = spawn_app_with_dealer().await;
    let t = &dealer.token;
    let parts = [
        ("SV9100-IPPORT-8", 5),
        ("SV9100-SIPTRK-4", 5),
        ("SV9100-IPPORT-32", 2),
    ];
    let lines = app.ship(&dealer, &parts).await.line_ids();
    let loc = app.location(&dealer).sv9100().await.id;

    // Act
    let refused = app
        .attach(t, &loc, &[(&lines[0], 1), (&lines[1], 1), (&lines[2], 3)])
        .await
        .expect_error(409, "NOT_ENOUGH_QUANTITY");

    // Assert: a program finds the line from the pointer and `details`, never the message.
    assert_eq!(refused["error"]["field"], "/lines/2/quantity");
    assert_eq!(
        refused["error"]["details"],
        json!({"po_line_id": lines[2], "part_number": "SV9100-IPPORT-32", "available": 2, "requested": 3})
    );
    for line in &lines {
        let l = app.bin_line(t, line).await;
        assert_eq!(l["attached"], 0, "nothing attached: {l}");
    }
    // A part that does not fit names the part and the system type.
    let dect = app.ship(&dealer, &[("EU917062", 1)]).await;
    let misfit = app
        .attach(t, &loc, &[(&dect.line("EU917062"), 1)])
        .await
        .expect_error(409, "PART_NOT_FOR_SYSTEM_TYPE");
    assert_eq!(
        misfit["error"]["details"],
        json!({"part_number": "EU917062", "system_type": "SV9100_CP10"})
    );
    assert_eq!(misfit["error"]["field"], "/lines/0/po_line_id");
    // An unknown line and a line named twice are pointed at, too.
    let unknown = uuid::Uuid::new_v4().to_string();
    let refused = app
        .attach(t, &loc, &[(&lines[0], 1), (&unknown, 1)])
        .await
        .expect_error(404, "UNKNOWN_PO_LINE");
    assert_eq!(
        (&refused["error"]["field"], &refused["error"]["details"]),
        (
            &json!("/lines/1/po_line_id"),
            &json!({"po_line_id": unknown})
        )
    );
    let twice = app
        .attach(t, &loc, &[(&lines[0], 1), (&lines[1], 1), (&lines[0], 1)])
        .await
        .expect_error(422, "INVALID_FIELD");
    assert_eq!(twice["error"]["field"], "/lines/2/po_line_id");
}
