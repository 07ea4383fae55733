//! Hardware replacement (SPEC §7): a vendor admin gives a location a new HWKC; the licenses and
//! SWA stay, the file is made again for the new key and the old one no longer downloads, LMC
//! children follow, the history keeps the old key and the reason.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{
    PartnerFixture, Reply, SWA_LINES, TestApp, item_texts, lms_verify, spawn_app_with_dealer,
    spawn_app_with_pool, unique_sv9100_hwkc,
};

/// Asks for the replacement of `location`'s hardware with `token`.
async fn replace(app: &TestApp, token: &str, location: &str, body: Value) -> Reply {
    app.post(
        &format!("/admin/locations/{location}/hardware-replacement"),
        token,
        &body,
    )
    .await
}

async fn replace_as_admin(app: &TestApp, location: &str, new_hwkc: &str, reason: &str) -> Value {
    replace(
        app,
        &app.admin_token,
        location,
        json!({"new_hwkc": new_hwkc, "reason": reason}),
    )
    .await
    .expect(200)
}

async fn history(app: &TestApp, token: &str, location: &str) -> Vec<Value> {
    app.get(&format!("/locations/{location}/history"), token)
        .await
        .expect(200)["items"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn a_replaced_location_serves_a_new_verified_file_for_the_new_key_only() {
    // Arrange: an SV9100 CP10 with licenses and active SWA, and its file.
    let (app, pool) = spawn_app_with_pool(|_| {}).await;
    let dealer = app.swa_dealer().await;
    app.ship_swa(&dealer.id, "SWA-1", 10_000, "2099-12-31")
        .await;
    let (old, new) = (unique_sv9100_hwkc(), unique_sv9100_hwkc());
    let loc = app
        .location(&dealer)
        .sv9100()
        .hwkc(&old)
        .activated_with(SWA_LINES)
        .await
        .id
        .clone();
    app.assign_swa(&dealer, &loc, 12, true).await.expect(201);
    let before = app.download(&dealer.token, &loc).await;
    let licenses_before = app.licenses(&dealer.token, &loc).await;

    // Act
    let done = replace_as_admin(
        &app,
        &loc,
        &format!(" {} ", new.to_lowercase()),
        "CPU defective",
    )
    .await;

    // Assert: the answer, the new file (named for, verifying with, the new key only).
    assert_eq!(
        (done["old_hwkc"].as_str(), done["new_hwkc"].as_str()),
        (Some(old.as_str()), Some(new.as_str()))
    );
    assert_eq!(done["location"]["swa_status"], "active", "the SWA stays");
    assert!(done["license_file"]["activation_code"].is_string());
    let after = app.download(&dealer.token, &loc).await;
    assert_ne!(
        after.bytes, before.bytes,
        "the old file is no longer served"
    );
    assert!(after.disposition.contains(&new), "{}", after.disposition);
    assert!(after.text().contains(&new) && !after.text().contains(&old));
    let (verified, printed) = lms_verify(&app, &after.bytes).await;
    assert!(verified, "{printed}");
    assert!(printed.contains(&new), "{printed}");
    // The licenses stay, the location has the new key, the history the old one and why.
    let licenses_after = app.licenses(&dealer.token, &loc).await;
    assert_eq!(licenses_after["stacked"], licenses_before["stacked"]);
    assert_eq!(licenses_after["activated"], licenses_before["activated"]);
    let read = app
        .get(&format!("/locations/{loc}"), &dealer.token)
        .await
        .expect(200);
    assert_eq!(read["hwkc"], new.as_str());
    let entries = history(&app, &dealer.token, &loc).await;
    let last = entries.last().unwrap();
    assert_eq!(
        (
            &last["reason"],
            &last["hwkc"],
            &last["previous_hwkc"],
            &last["note"]
        ),
        (
            &json!("hardware_replaced"),
            &json!(new),
            &json!(old),
            &json!("CPU defective")
        )
    );
    the_partner_hears_of_it(&app, &pool, &dealer, &loc, (&old, &new)).await;
}

/// The partner's notification and the audit trail of a replacement of `loc` from `old` to `new`.
async fn the_partner_hears_of_it(
    app: &TestApp,
    pool: &lms_store::Pool,
    dealer: &PartnerFixture,
    loc: &str,
    (old, new): (&str, &str),
) {
    let read = app
        .get(&format!("/locations/{loc}"), &dealer.token)
        .await
        .expect(200);
    let mut c = pool.get().unwrap();
    let events = lms_store::outbox::of_partner(&mut c, dealer.id.parse().unwrap()).unwrap();
    let event = events
        .iter()
        .find(|e| e.event_type == "hardware.replaced")
        .unwrap();
    assert_eq!(event.data["location_id"], loc);
    assert_eq!(event.data["customer_id"], read["customer_id"]);
    assert_eq!(
        (
            &event.data["old_hwkc"],
            &event.data["new_hwkc"],
            &event.data["reason"]
        ),
        (&json!(old), &json!(new), &json!("CPU defective"))
    );
    let audit = app
        .get(&format!("/audit-events?subject={loc}"), &dealer.token)
        .await
        .expect(200);
    let actions = item_texts(&audit, "action");
    assert!(
        actions.contains(&"location.hardware_replaced"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn a_dry_run_shows_what_moves_and_changes_nothing() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let parent = app.location(&dealer).sv8500().await;
    let lmc = parent["children"][0]["id"].as_str().unwrap().to_owned();
    app.activate_new(&dealer, &parent.id, &[("BE104800", 2)])
        .await;
    let file_before = app.download(&dealer.token, &parent.id).await.bytes;

    // Act
    let preview = replace(
        &app,
        &app.admin_token,
        &parent.id,
        json!({"new_hwkc": "22CC538207AFD058020640CD57yP", "reason": "Broken", "dry_run": true}),
    )
    .await
    .expect(200);

    // Assert: what moves, and nothing moved.
    assert_eq!(preview["dry_run"], true);
    assert!(preview["license_file"].is_null());
    assert_eq!(preview["licenses"][0]["part_number"], "BE104800");
    assert_eq!(preview["children"][0]["id"], lmc.as_str());
    assert_eq!(
        preview["children"][0]["new_hwkc"],
        "LM22CC538207AFD058020640CD57yP"
    );
    let read = app
        .get(&format!("/locations/{}", parent.id), &dealer.token)
        .await
        .expect(200);
    assert_eq!(read["hwkc"], "22CC538207AFD058020640CD57xO");
    assert_eq!(history(&app, &dealer.token, &parent.id).await.len(), 1);
    assert_eq!(
        app.download(&dealer.token, &parent.id).await.bytes,
        file_before
    );
}

#[tokio::test]
async fn the_lmc_child_follows_its_parent_and_is_not_replaced_alone() {
    // Arrange: an SV8500 with licenses on its LMC child.
    let (app, dealer) = spawn_app_with_dealer().await;
    let parent = app.location(&dealer).sv8500().await;
    let lmc = parent["children"][0]["id"].as_str().unwrap().to_owned();
    app.activate_new(&dealer, &lmc, &[("BE108900", 1)]).await;

    // Act
    let done = replace_as_admin(
        &app,
        &parent.id,
        "22CC538207AFD058020640CD57yP",
        "Mainboard",
    )
    .await;

    // Assert: the LMC has the derived key, a file for it, and the history entry.
    assert_eq!(done["children"][0]["id"], lmc.as_str());
    let child = app
        .get(&format!("/locations/{lmc}"), &dealer.token)
        .await
        .expect(200);
    assert_eq!(child["hwkc"], "LM22CC538207AFD058020640CD57yP");
    let file = app.download(&dealer.token, &lmc).await;
    assert!(file.text().contains("LM22CC538207AFD058020640CD57yP"));
    assert!(lms_verify(&app, &file.bytes).await.0);
    let entries = history(&app, &dealer.token, &lmc).await;
    assert_eq!(
        entries.last().unwrap()["previous_hwkc"],
        "LM22CC538207AFD058020640CD57xO"
    );
    replace(
        &app,
        &app.admin_token,
        &lmc,
        json!({"new_hwkc": "LM22CC538207AFD058020640CD57zQ", "reason": "x"}),
    )
    .await
    .expect_error(409, "HARDWARE_REPLACEMENT_NOT_APPLICABLE");
}

#[tokio::test]
async fn bad_keys_reasons_and_callers_are_refused_and_change_nothing() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let loc = app.location(&dealer).of_type("SV8100").await.id;
    let taken = app.location(&dealer).sl1000().await;
    let other = app
        .location(&dealer)
        .of_type("SV8100")
        .hwkc("190400324499")
        .await;
    let admin = app.admin_token.clone();
    let ask = |hwkc: &str, reason: &str| json!({"new_hwkc": hwkc, "reason": reason});

    // Act and assert: each refusal with its status, code and field.
    replace(&app, &dealer.token, &loc, ask("190400324413", "x"))
        .await
        .expect_error(403, "FORBIDDEN");
    let used = replace(
        &app,
        &admin,
        &loc,
        ask(other["hwkc"].as_str().unwrap(), "x"),
    )
    .await
    .expect_error(409, "HWKC_IN_USE");
    assert_eq!(used["error"]["field"], "/new_hwkc");
    let malformed = replace(&app, &admin, &loc, ask("not a key", "x"))
        .await
        .expect_error(422, "INVALID_HARDWARE_KEYCODE");
    assert_eq!(malformed["error"]["field"], "/new_hwkc");
    let other_type = replace(
        &app,
        &admin,
        &loc,
        ask(taken["hwkc"].as_str().unwrap(), "x"),
    )
    .await
    .expect_error(409, "INVALID_HARDWARE_KEYCODE");
    assert_eq!(other_type["error"]["looks_like"], "SL1000");
    replace(&app, &admin, &loc, ask("190400324412", "x"))
        .await
        .expect_error(409, "HWKC_IN_USE");
    let no_reason = replace(&app, &admin, &loc, ask("190400324413", "  "))
        .await
        .expect_error(422, "INVALID_FIELD");
    assert_eq!(no_reason["error"]["field"], "/reason");
    let three_c = app
        .location(&dealer)
        .of_type("3C")
        .with("domain_name", "pbx.example.com")
        .await;
    replace(&app, &admin, &three_c.id, ask("3CB6CE81EECE", "x"))
        .await
        .expect_error(409, "HARDWARE_REPLACEMENT_NOT_APPLICABLE");
    replace(
        &app,
        &admin,
        &uuid::Uuid::new_v4().to_string(),
        ask("190400324413", "x"),
    )
    .await
    .expect_error(404, "NOT_FOUND");
    let read = app
        .get(&format!("/locations/{loc}"), &dealer.token)
        .await
        .expect(200);
    assert_eq!(read["hwkc"], "190400324412");
    assert_eq!(history(&app, &dealer.token, &loc).await.len(), 1);
}

/// Puts an external product's file, as the vendor's integration does.
async fn supply(app: &TestApp, loc: &str, content: &str) {
    let path = format!("/admin/locations/{loc}/external-license-file");
    app.upload_file(
        Method::PUT,
        &path,
        &app.admin_token,
        "um.lic",
        content.as_bytes(),
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn an_external_products_old_file_is_not_served_until_a_new_one_arrives() {
    // Arrange: a UM4730 with its file from outside.
    let (app, dealer) = spawn_app_with_dealer().await;
    let loc = app.location(&dealer).um4730().await.id;
    app.activate_new(&dealer, &loc, &[("UM4730-MBX-25", 1)])
        .await;
    supply(&app, &loc, "OLD-DONGLE-LICENSE").await;

    // Act
    let done = replace_as_admin(&app, &loc, "11-10465698", "Dongle lost").await;

    // Assert
    assert!(done["license_file"].is_null(), "the LMS does not make it");
    app.get(&format!("/locations/{loc}/license-file"), &dealer.token)
        .await
        .expect_error(409, "LICENSE_FILE_NOT_AVAILABLE");
    supply(&app, &loc, "NEW-DONGLE-LICENSE").await;
    assert_eq!(
        app.download(&dealer.token, &loc).await.text(),
        "NEW-DONGLE-LICENSE"
    );
}

/// A partner's location of another partner is found by vendor staff only.
#[tokio::test]
async fn vendor_staff_replace_any_partners_hardware_partners_none() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let other: PartnerFixture = app.dealer().await;
    let loc = app.location(&dealer).of_type("SV8100").await.id;
    replace(
        &app,
        &other.token,
        &loc,
        json!({"new_hwkc": "190400324413", "reason": "x"}),
    )
    .await
    .expect_error(403, "FORBIDDEN");
    replace_as_admin(&app, &loc, "190400324413", "x").await;
}
