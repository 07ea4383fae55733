//! The general way of working: from the bin through attach, preview and activation to a
//! verified file, expansion and regeneration; and detaching back into the bin.

use serde_json::json;

use crate::helpers::{
    PartnerFixture, Shipment, TestApp, assert_invariant, id_of, item_texts, spawn_app_with_dealer,
};

const HWKC: &str = "340209224568";

#[tokio::test]
async fn the_general_way_of_working_from_bin_to_verified_file() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let po = app
        .ship(
            &dealer,
            &[("SV9100-IPPORT-8", 5), ("SV9100-R7", 1), ("SV9100-R8", 1)],
        )
        .await;
    let ports = po.line("SV9100-IPPORT-8");
    let loc = app.location(&dealer).sv9100().hwkc(HWKC).await.id;

    let ids = attach_ports_and_releases(&app, &dealer, &loc, &po).await;
    preview_shows_the_stacked_features(&app, &dealer, &loc, &ids).await;
    let code = activate_after_accepting_the_agreement(&app, &dealer, &loc, &ids, &ports).await;
    activation_is_permanent_and_happens_once(&app, &dealer, &loc, &ids[0]).await;
    the_downloaded_file_verifies(&app, &dealer, &loc, &code).await;
    expansion_stacks_into_a_regenerated_file(&app, &dealer, &loc, &ports, &code).await;
    the_audit_trail_tells_the_story(&app, &dealer, &loc).await;
}

/// Attaches 3 of the 5 ports and both releases; returns the attachments' ids.
async fn attach_ports_and_releases(
    app: &TestApp,
    dealer: &PartnerFixture,
    loc: &str,
    po: &Shipment,
) -> Vec<String> {
    let ports = po.line("SV9100-IPPORT-8");
    let (r7, r8) = (po.line("SV9100-R7"), po.line("SV9100-R8"));
    let attached = app
        .attach(&dealer.token, loc, &[(&ports, 3), (&r7, 1), (&r8, 1)])
        .await
        .expect(201);
    assert_eq!(attached.as_array().unwrap().len(), 3);
    let line = app.bin_line(&dealer.token, &ports).await;
    assert_eq!(
        (line["available"].as_i64(), line["attached"].as_i64()),
        (Some(2), Some(3))
    );
    assert_invariant(&line);
    attached.as_array().unwrap().iter().map(id_of).collect()
}

async fn preview_shows_the_stacked_features(
    app: &TestApp,
    dealer: &PartnerFixture,
    loc: &str,
    ids: &[String],
) {
    let preview = app
        .get(
            &format!(
                "/locations/{loc}/license-preview?attachment_ids={}",
                ids.join(",")
            ),
            &dealer.token,
        )
        .await
        .expect(200);
    assert_eq!(preview["current"], json!([]));
    let after = preview["after"].as_array().unwrap();
    assert!(
        after
            .iter()
            .any(|f| f["feature"] == "ports.ip" && f["value"] == 24),
        "{preview}"
    );
    assert!(
        after
            .iter()
            .any(|f| f["feature"] == "release" && f["value"] == 8),
        "versions take the maximum"
    );
    assert_eq!(preview["rule_violation"], json!(null));
}

/// Refused without the agreement, activated with it; returns the activation code.
async fn activate_after_accepting_the_agreement(
    app: &TestApp,
    dealer: &PartnerFixture,
    loc: &str,
    ids: &[String],
    ports: &str,
) -> String {
    let refused = json!({"attachment_ids": ids, "accept_license_agreement": false});
    app.post(
        &format!("/locations/{loc}/activations"),
        &dealer.token,
        &refused,
    )
    .await
    .expect_error(422, "LICENSE_AGREEMENT_NOT_ACCEPTED");
    let activation = app.activate(&dealer.token, loc, ids).await.expect(201);
    let code = activation["activation_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 23);
    assert_eq!(activation["license_file"]["name"], format!("{HWKC}.lic"));
    let line = app.bin_line(&dealer.token, ports).await;
    assert_eq!(
        (line["attached"].as_i64(), line["activated"].as_i64()),
        (Some(0), Some(3))
    );
    assert_invariant(&line);
    code
}

async fn activation_is_permanent_and_happens_once(
    app: &TestApp,
    dealer: &PartnerFixture,
    loc: &str,
    activated: &str,
) {
    app.activate(&dealer.token, loc, &[activated])
        .await
        .expect_error(409, "ALREADY_ACTIVATED");
    app.detach(&dealer.token, loc, activated, None)
        .await
        .expect_error(409, "ALREADY_ACTIVATED");
}

async fn the_downloaded_file_verifies(
    app: &TestApp,
    dealer: &PartnerFixture,
    loc: &str,
    code: &str,
) {
    let file = app.download(&dealer.token, loc).await;
    assert!(file.disposition.contains(&format!("{HWKC}.lic")));
    let text = file.text();
    assert!(text.contains(&format!("activation-code: {code}")));
    let keys = app.signing_keys().await;
    let verified = lms_domain::license::verify(&text, &keys)
        .expect("the downloaded file verifies with the published key");
    assert_eq!(verified.content.hwkc, HWKC);
    let tampered = text.replace("ports.ip quantity 24", "ports.ip quantity 99");
    assert!(lms_domain::license::verify(&tampered, &keys).is_err());

    let licenses = app.licenses(&dealer.token, loc).await;
    assert_eq!(licenses["activated"].as_array().unwrap().len(), 3);
    assert_eq!(licenses["attached"], json!([]));
}

/// 2 more ports → 40 in a regenerated file with a new code.
async fn expansion_stacks_into_a_regenerated_file(
    app: &TestApp,
    dealer: &PartnerFixture,
    loc: &str,
    ports: &str,
    code: &str,
) {
    let more = app
        .attach(&dealer.token, loc, &[(ports, 2)])
        .await
        .expect(201);
    let expanded = app
        .activate(&dealer.token, loc, &[id_of(&more[0])])
        .await
        .expect(201);
    assert!(
        expanded["stacked"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["feature"] == "ports.ip" && f["value"] == 40)
    );
    let regenerated = app
        .post_empty(&format!("/locations/{loc}/license-file"), &dealer.token)
        .await
        .expect(201);
    assert_ne!(
        regenerated["activation_code"],
        json!(code),
        "a new file has a new code"
    );
}

async fn the_audit_trail_tells_the_story(app: &TestApp, dealer: &PartnerFixture, loc: &str) {
    let events = app
        .get(&format!("/audit-events?subject={loc}"), &dealer.token)
        .await
        .expect(200);
    let actions = item_texts(&events, "action");
    assert_eq!(
        actions,
        [
            "location.created",
            "license.attached",
            "license.attached",
            "license.attached",
            "license.activated",
            "license.attached",
            "license.activated",
            "license_file.regenerated"
        ]
    );
}

#[tokio::test]
async fn detach_returns_all_or_part_to_the_bin() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let po = app.ship(&dealer, &[("SV9100-IPPORT-8", 10)]).await;
    let ports = po.line("SV9100-IPPORT-8");
    let loc = app.location(&dealer).sv9100().await.id;
    let a = app
        .attach(&dealer.token, &loc, &[(&ports, 6)])
        .await
        .expect(201);
    let id = id_of(&a[0]);
    let t = &dealer.token;

    app.detach(t, &loc, &id, Some(7))
        .await
        .expect_error(409, "NOT_ENOUGH_QUANTITY");
    app.detach(t, &loc, &id, Some(2)).await.expect(204);
    let line = app.bin_line(t, &ports).await;
    assert_eq!(
        (line["available"].as_i64(), line["attached"].as_i64()),
        (Some(6), Some(4))
    );
    app.detach(t, &loc, &id, None).await.expect(204);
    let line = app.bin_line(t, &ports).await;
    assert_eq!(
        (line["available"].as_i64(), line["attached"].as_i64()),
        (Some(10), Some(0))
    );
    assert_invariant(&line);
    app.detach(t, &loc, &id, None)
        .await
        .expect_error(404, "NOT_FOUND");
}

/// Every event reads back as the typed change the OpenAPI document describes, and its
/// details say exactly what moved: the attachment, the PO line and the quantities.
#[tokio::test]
async fn audit_events_carry_typed_details_of_what_moved() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let po = app.ship(&dealer, &[("SV9100-IPPORT-8", 5)]).await;
    let ports = po.line("SV9100-IPPORT-8");
    let loc = app.location(&dealer).sv9100().hwkc(HWKC).await.id;
    let attached = app
        .attach(&dealer.token, &loc, &[(&ports, 3)])
        .await
        .expect(201);
    let attachment = id_of(&attached[0]);
    app.detach(&dealer.token, &loc, &attachment, Some(1))
        .await
        .expect(204);

    let events = app
        .get(&format!("/audit-events?subject={loc}"), &dealer.token)
        .await
        .expect(200);
    let items = events["items"].as_array().unwrap();
    for event in items {
        let change = json!({"action": event["action"], "details": event["details"]});
        serde_json::from_value::<lms_domain::audit::Change>(change.clone())
            .unwrap_or_else(|e| panic!("{change} is not a typed change: {e}"));
    }
    let details_of = |action: &str| {
        items
            .iter()
            .find(|e| e["action"] == action)
            .map(|e| e["details"].clone())
            .unwrap_or_else(|| panic!("no {action} event in {events}"))
    };
    let moved = |quantities: serde_json::Value| {
        let mut details = json!({"attachment_id": attachment, "location_id": loc,
            "po_line_id": ports, "part_number": "SV9100-IPPORT-8"});
        details
            .as_object_mut()
            .unwrap()
            .extend(quantities.as_object().unwrap().clone());
        details
    };
    assert_eq!(
        details_of("license.attached"),
        moved(json!({"quantity": 3, "available_before": 5, "available_after": 2}))
    );
    assert_eq!(
        details_of("license.detached"),
        moved(json!({"quantity": 1, "attached_before": 3, "attached_after": 2}))
    );
    assert_eq!(items[0]["subject_type"], "location");
}
