//! The main job end to end: shipments into the bin, attach, detach, preview, activate,
//! download and verify the signed file, regenerate, demo licenses, product rules, audit.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{PartnerFixture, TestApp, spawn_app};

/// Ships a PO of `lines` (part, quantity) to `partner`; returns the PO.
async fn ship(app: &TestApp, partner: &PartnerFixture, po: &str, lines: &[(&str, i64)]) -> Value {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(p, q)| json!({"part_number": p, "quantity": q}))
        .collect();
    let body = json!({"partner_id": partner.id, "po_number": po, "so_number": format!("SO-{po}"), "swa_months": 12, "lines": lines});
    app.post("/admin/shipments", &app.admin_token, &body)
        .await
        .expect(201)
}

fn line_id(po: &Value, part: &str) -> String {
    po["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["part_number"] == part)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn location(
    app: &TestApp,
    partner: &PartnerFixture,
    system_type: &str,
    hwkc: &str,
) -> String {
    let customer = app.customer(&partner.token, "Hotel Zon").await;
    let body = json!({"name": "Main", "system_type": system_type, "hwkc": hwkc});
    let created = app
        .create_location(&partner.token, &customer, body)
        .await
        .expect(201);
    created["id"].as_str().unwrap().to_owned()
}

/// The bin line as the partner sees it now.
async fn bin_line(app: &TestApp, partner: &PartnerFixture, line: &str) -> Value {
    let bin = app
        .get("/license-bin?include_used=true", &partner.token)
        .await
        .expect(200);
    bin["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|po| po["lines"].as_array().unwrap().clone())
        .find(|l| l["id"] == line)
        .unwrap()
}

#[track_caller]
fn assert_invariant(line: &Value) {
    let n = |k: &str| line[k].as_i64().unwrap();
    assert_eq!(
        n("shipped"),
        n("available") + n("attached") + n("activated") + n("reshipped"),
        "{line}"
    );
}

async fn attach(
    app: &TestApp,
    partner: &PartnerFixture,
    loc: &str,
    lines: &[(&str, i64)],
) -> crate::helpers::Reply {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(l, q)| json!({"po_line_id": l, "quantity": q}))
        .collect();
    app.post(
        &format!("/locations/{loc}/attachments"),
        &partner.token,
        &json!({"lines": lines}),
    )
    .await
}

#[tokio::test]
async fn the_general_way_of_working_from_bin_to_verified_file() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let po = ship(
        &app,
        &dealer,
        "PO-1",
        &[("SV9100-IPPORT-8", 5), ("SV9100-R7", 1), ("SV9100-R8", 1)],
    )
    .await;
    let ports = line_id(&po, "SV9100-IPPORT-8");
    let (r7, r8) = (line_id(&po, "SV9100-R7"), line_id(&po, "SV9100-R8"));
    let loc = location(&app, &dealer, "SV9100_CP10", "340209224568").await;

    let attached = attach(&app, &dealer, &loc, &[(&ports, 3), (&r7, 1), (&r8, 1)])
        .await
        .expect(201);
    assert_eq!(attached.as_array().unwrap().len(), 3);
    let line = bin_line(&app, &dealer, &ports).await;
    assert_eq!(
        (line["available"].as_i64(), line["attached"].as_i64()),
        (Some(2), Some(3))
    );
    assert_invariant(&line);

    let ids: Vec<String> = attached
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
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

    let refused = json!({"attachment_ids": ids, "accept_license_agreement": false});
    app.post(
        &format!("/locations/{loc}/activations"),
        &dealer.token,
        &refused,
    )
    .await
    .expect_error(422, "LICENSE_AGREEMENT_NOT_ACCEPTED");
    let activation = app
        .post(
            &format!("/locations/{loc}/activations"),
            &dealer.token,
            &json!({"attachment_ids": ids, "accept_license_agreement": true}),
        )
        .await
        .expect(201);
    let code = activation["activation_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 23);
    assert_eq!(activation["license_file"]["name"], "340209224568.lic");
    let line = bin_line(&app, &dealer, &ports).await;
    assert_eq!(
        (line["attached"].as_i64(), line["activated"].as_i64()),
        (Some(0), Some(3))
    );
    assert_invariant(&line);

    // Activation is permanent and happens once.
    app.post(
        &format!("/locations/{loc}/activations"),
        &dealer.token,
        &json!({"attachment_ids": [ids[0]], "accept_license_agreement": true}),
    )
    .await
    .expect_error(409, "ALREADY_ACTIVATED");
    app.call(
        Method::DELETE,
        &format!("/locations/{loc}/attachments/{}", ids[0]),
        Some(&dealer.token),
        None,
    )
    .await
    .expect_error(409, "ALREADY_ACTIVATED");

    let file = app
        .client
        .get(app.url(&format!("/api/v1/locations/{loc}/license-file")))
        .bearer_auth(&dealer.token)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    assert!(
        file.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("340209224568.lic")
    );
    let text = file.text().await.unwrap();
    assert!(text.contains(&format!("activation-code: {code}")));
    let keys: Vec<lms_domain::license::PublicSigningKey> = app
        .client
        .get(app.url("/api/v1/license-signing-keys"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let verified = lms_domain::license::verify(&text, &keys)
        .expect("the downloaded file verifies with the published key");
    assert_eq!(verified.hwkc, "340209224568");
    let tampered = text.replace("ports.ip quantity 24", "ports.ip quantity 99");
    assert!(lms_domain::license::verify(&tampered, &keys).is_err());

    let licenses = app
        .get(&format!("/locations/{loc}/licenses"), &dealer.token)
        .await
        .expect(200);
    assert_eq!(licenses["activated"].as_array().unwrap().len(), 3);
    assert_eq!(licenses["attached"], json!([]));

    // Expansion stacks: 2 more ports → 40 in a regenerated file.
    let more = attach(&app, &dealer, &loc, &[(&ports, 2)])
        .await
        .expect(201);
    let more_id = more[0]["id"].as_str().unwrap();
    let expanded = app
        .post(
            &format!("/locations/{loc}/activations"),
            &dealer.token,
            &json!({"attachment_ids": [more_id], "accept_license_agreement": true}),
        )
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
        .call(
            Method::POST,
            &format!("/locations/{loc}/license-file"),
            Some(&dealer.token),
            None,
        )
        .await
        .expect(201);
    assert_ne!(
        regenerated["activation_code"],
        json!(code),
        "a new file has a new code"
    );

    let events = app
        .get(&format!("/audit-events?subject={loc}"), &dealer.token)
        .await
        .expect(200);
    let actions: Vec<&str> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
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
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let po = ship(&app, &dealer, "PO-2", &[("SV9100-IPPORT-8", 10)]).await;
    let ports = line_id(&po, "SV9100-IPPORT-8");
    let loc = location(&app, &dealer, "SV9100_CP10", "340209224569").await;
    let a = attach(&app, &dealer, &loc, &[(&ports, 6)])
        .await
        .expect(201);
    let id = a[0]["id"].as_str().unwrap();

    let path = format!("/locations/{loc}/attachments/{id}");
    app.call(
        Method::DELETE,
        &format!("{path}?quantity=7"),
        Some(&dealer.token),
        None,
    )
    .await
    .expect_error(422, "INVALID_FIELD");
    app.call(
        Method::DELETE,
        &format!("{path}?quantity=2"),
        Some(&dealer.token),
        None,
    )
    .await
    .expect(204);
    let line = bin_line(&app, &dealer, &ports).await;
    assert_eq!(
        (line["available"].as_i64(), line["attached"].as_i64()),
        (Some(6), Some(4))
    );
    app.call(Method::DELETE, &path, Some(&dealer.token), None)
        .await
        .expect(204);
    let line = bin_line(&app, &dealer, &ports).await;
    assert_eq!(
        (line["available"].as_i64(), line["attached"].as_i64()),
        (Some(10), Some(0))
    );
    assert_invariant(&line);
    app.call(Method::DELETE, &path, Some(&dealer.token), None)
        .await
        .expect_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn attach_refuses_what_does_not_fit_and_changes_nothing() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let other = app.dealer().await;
    let po = ship(
        &app,
        &dealer,
        "PO-3",
        &[("SV9100-IPPORT-8", 2), ("EU917062", 1)],
    )
    .await;
    let foreign = ship(&app, &other, "PO-3", &[("SV9100-IPPORT-8", 2)]).await;
    let (ports, dect) = (line_id(&po, "SV9100-IPPORT-8"), line_id(&po, "EU917062"));
    let loc = location(&app, &dealer, "SV9100_CP10", "340209224570").await;

    attach(&app, &dealer, &loc, &[(&ports, 3)])
        .await
        .expect_error(409, "NOT_ENOUGH_QUANTITY");
    attach(&app, &dealer, &loc, &[(&ports, 0)])
        .await
        .expect_error(422, "INVALID_FIELD");
    attach(&app, &dealer, &loc, &[(&dect, 1)])
        .await
        .expect_error(422, "PART_NOT_FOR_SYSTEM_TYPE");
    attach(
        &app,
        &dealer,
        &loc,
        &[(&line_id(&foreign, "SV9100-IPPORT-8"), 1)],
    )
    .await
    .expect_error(422, "UNKNOWN_PO_LINE");
    // One bad line fails the whole request: the good line is not attached either.
    attach(&app, &dealer, &loc, &[(&ports, 1), (&dect, 1)])
        .await
        .expect_error(422, "PART_NOT_FOR_SYSTEM_TYPE");
    let line = bin_line(&app, &dealer, &ports).await;
    assert_eq!(line["available"], 2);
    let licenses = app
        .get(&format!("/locations/{loc}/licenses"), &dealer.token)
        .await
        .expect(200);
    assert_eq!(licenses["attached"], json!([]));
}

#[tokio::test]
async fn shipments_are_checked_and_a_repeated_po_number_is_refused() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    ship(&app, &dealer, "PO-4", &[("EU917062", 1)]).await;
    let again = json!({"partner_id": dealer.id, "po_number": "PO-4", "so_number": "SO", "lines": [{"part_number": "EU917062", "quantity": 1}]});
    app.post("/admin/shipments", &app.admin_token, &again)
        .await
        .expect_error(409, "PO_EXISTS");
    let unknown = json!({"partner_id": dealer.id, "po_number": "PO-5", "so_number": "SO",
        "lines": [{"part_number": "EU917062", "quantity": 1}, {"part_number": "NOPE-1", "quantity": 1}]});
    let refused = app
        .post("/admin/shipments", &app.admin_token, &unknown)
        .await
        .expect_error(422, "UNKNOWN_PART");
    assert_eq!(
        (&refused["error"]["field"], &refused["error"]["details"]),
        (
            &json!("/lines/1/part_number"),
            &json!({"part_number": "NOPE-1"})
        )
    );
    let zero = json!({"partner_id": dealer.id, "po_number": "PO-6", "so_number": "SO",
        "lines": [{"part_number": "EU917062", "quantity": 1}, {"part_number": "EU917064", "quantity": 0}]});
    let refused = app
        .post("/admin/shipments", &app.admin_token, &zero)
        .await
        .expect_error(422, "INVALID_FIELD");
    assert_eq!(refused["error"]["field"], "/lines/1/quantity");
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

#[tokio::test]
async fn ip_dect_needs_an_access_point_license() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let po = ship(&app, &dealer, "PO-6", &[("EU917064", 1), ("EU917062", 1)]).await;
    let loc = location(&app, &dealer, "IP_DECT", "1009FFFE").await;
    let messaging = attach(&app, &dealer, &loc, &[(&line_id(&po, "EU917064"), 1)])
        .await
        .expect(201);
    let id = messaging[0]["id"].as_str().unwrap();
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
    let body = json!({"attachment_ids": [id], "accept_license_agreement": true});
    app.post(
        &format!("/locations/{loc}/activations"),
        &dealer.token,
        &body,
    )
    .await
    .expect_error(422, "INVALID_FEATURE_CODE_STRING");
    let line = bin_line(&app, &dealer, &line_id(&po, "EU917064")).await;
    assert_eq!(
        (line["attached"].as_i64(), line["activated"].as_i64()),
        (Some(1), Some(0)),
        "nothing activated"
    );
}

#[tokio::test]
async fn demo_licenses_run_out_after_two() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let loc = location(&app, &dealer, "SV8100", "190400324412").await;
    for remaining in [1, 0] {
        let res = app
            .client
            .post(app.url(&format!("/api/v1/locations/{loc}/demo-licenses")))
            .bearer_auth(&dealer.token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        assert_eq!(
            res.headers()["x-demo-licenses-remaining"],
            remaining.to_string().as_str()
        );
        assert!(res.text().await.unwrap().contains("kind: demo"));
    }
    app.call(
        Method::POST,
        &format!("/locations/{loc}/demo-licenses"),
        Some(&dealer.token),
        None,
    )
    .await
    .expect_error(409, "DEMO_LICENSES_EXHAUSTED");
    assert_eq!(
        app.get(&format!("/locations/{loc}"), &dealer.token)
            .await
            .expect(200)["demo_licenses_remaining"],
        0
    );
    let no_demo = location(&app, &dealer, "SL1000", "280001451316").await;
    app.call(
        Method::POST,
        &format!("/locations/{no_demo}/demo-licenses"),
        Some(&dealer.token),
        None,
    )
    .await
    .expect_error(422, "DEMO_NOT_AVAILABLE");
}

#[tokio::test]
async fn nothing_to_download_before_activation() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let loc = location(&app, &dealer, "SV8100", "190400324413").await;
    app.get(&format!("/locations/{loc}/license-file"), &dealer.token)
        .await
        .expect_error(409, "NOTHING_ACTIVATED");
    app.call(
        Method::POST,
        &format!("/locations/{loc}/license-file"),
        Some(&dealer.token),
        None,
    )
    .await
    .expect_error(409, "NOTHING_ACTIVATED");
}

#[tokio::test]
async fn quantities_past_the_bound_are_refused_with_the_field_and_change_nothing() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let po = ship(&app, &dealer, "PO-BIG", &[("SV9100-IPPORT-8", 5)]).await;
    let ports = line_id(&po, "SV9100-IPPORT-8");
    let loc = location(&app, &dealer, "SV9100_CP10", "340209224571").await;
    let created = attach(&app, &dealer, &loc, &[(&ports, 2)])
        .await
        .expect(201);
    let attachment = created[0]["id"].as_str().unwrap();

    // Act + Assert: 4294967295 used to wrap to −1 in an i32 and end in a 500.
    for quantity in [4_294_967_295_i64, 1_000_001] {
        let refused = attach(&app, &dealer, &loc, &[(&ports, quantity)])
            .await
            .expect_error(422, "INVALID_FIELD");
        assert_eq!(refused["error"]["field"], "/lines/0/quantity");
        app.call(
            Method::DELETE,
            &format!("/locations/{loc}/attachments/{attachment}?quantity={quantity}"),
            Some(&dealer.token),
            None,
        )
        .await
        .expect_error(422, "INVALID_FIELD");
        let shipment = json!({"partner_id": dealer.id, "po_number": format!("PO-{quantity}"), "so_number": "SO",
            "lines": [{"part_number": "SV9100-IPPORT-8", "quantity": quantity}]});
        app.post("/admin/shipments", &app.admin_token, &shipment)
            .await
            .expect_error(422, "INVALID_FIELD");
    }
    let line = bin_line(&app, &dealer, &ports).await;
    assert_eq!(
        (&line["available"], &line["attached"]),
        (&json!(3), &json!(2))
    );
    assert_invariant(&line);
}

#[tokio::test]
async fn a_line_that_asks_too_much_is_named_by_its_facts() {
    // Arrange: three lines, the third asks for more than its PO line has.
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let po = ship(
        &app,
        &dealer,
        "PO-FACTS",
        &[
            ("SV9100-IPPORT-8", 5),
            ("SV9100-SIPTRK-4", 5),
            ("SV9100-IPPORT-32", 2),
        ],
    )
    .await;
    let lines = [
        line_id(&po, "SV9100-IPPORT-8"),
        line_id(&po, "SV9100-SIPTRK-4"),
        line_id(&po, "SV9100-IPPORT-32"),
    ];
    let loc = location(&app, &dealer, "SV9100_CP10", "340209224572").await;

    // Act
    let refused = attach(
        &app,
        &dealer,
        &loc,
        &[(&lines[0], 1), (&lines[1], 1), (&lines[2], 3)],
    )
    .await
    .expect_error(409, "NOT_ENOUGH_QUANTITY");

    // Assert: a program finds the line from the pointer and `details`, never the message.
    assert_eq!(refused["error"]["field"], "/lines/2/quantity");
    assert_eq!(
        refused["error"]["details"],
        json!({"po_line_id": lines[2], "part_number": "SV9100-IPPORT-32", "available": 2, "requested": 3})
    );
    for line in &lines {
        let l = bin_line(&app, &dealer, line).await;
        assert_eq!(l["attached"], 0, "nothing attached: {l}");
    }
    // A part that does not fit names the part and the system type.
    let dect = ship(&app, &dealer, "PO-FACTS-2", &[("EU917062", 1)]).await;
    let misfit = attach(&app, &dealer, &loc, &[(&line_id(&dect, "EU917062"), 1)])
        .await
        .expect_error(422, "PART_NOT_FOR_SYSTEM_TYPE");
    assert_eq!(
        misfit["error"]["details"],
        json!({"part_number": "EU917062", "system_type": "SV9100_CP10"})
    );
    assert_eq!(misfit["error"]["field"], "/lines/0/po_line_id");
    // An unknown line and a line named twice are pointed at, too.
    let unknown = uuid::Uuid::new_v4().to_string();
    let refused = attach(&app, &dealer, &loc, &[(&lines[0], 1), (&unknown, 1)])
        .await
        .expect_error(422, "UNKNOWN_PO_LINE");
    assert_eq!(
        (&refused["error"]["field"], &refused["error"]["details"]),
        (
            &json!("/lines/1/po_line_id"),
            &json!({"po_line_id": unknown})
        )
    );
    let twice = attach(
        &app,
        &dealer,
        &loc,
        &[(&lines[0], 1), (&lines[1], 1), (&lines[0], 1)],
    )
    .await
    .expect_error(422, "INVALID_FIELD");
    assert_eq!(twice["error"]["field"], "/lines/2/po_line_id");
}
