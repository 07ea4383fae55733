//! The SV9100 CP10 → CP20 migration (SPEC §7): a new CP20 location takes the activated licenses
//! (on `MIGSU_` POs, CP10-only parts mapped) and the SWA; the CP10 location is read-only and says
//! where it went; the new location's history shows the original key and licenses.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::helpers::{
    PartnerFixture, Reply, TestApp, assert_invariant, at_once, id_of, lms_verify,
    spawn_app_with_dealer, spawn_app_with_pool, unique_sv9100_hwkc,
};

/// A CP20 HWKC no other location has.
fn unique_cp20_hwkc() -> String {
    format!("44{:010}", uuid::Uuid::new_v4().as_u128() % 10_000_000_000)
}

async fn migrate(app: &TestApp, token: &str, location: &str, new_hwkc: &str) -> Reply {
    app.post(
        &format!("/locations/{location}/migrations"),
        token,
        &json!({"new_hwkc": new_hwkc}),
    )
    .await
}

/// A CP10 location of `dealer` with `lines` activated, each on a PO of its own.
async fn cp10(app: &TestApp, dealer: &PartnerFixture, lines: &[(&str, i64)]) -> String {
    let loc = app
        .location(dealer)
        .sv9100()
        .hwkc(&unique_sv9100_hwkc())
        .await
        .id;
    for line in lines {
        app.activate_new(dealer, &loc, &[*line]).await;
    }
    loc
}

/// Quantity by part of a list of attachments.
fn sums(attachments: &Value) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for a in attachments.as_array().unwrap() {
        *out.entry(a["part_number"].as_str().unwrap().to_owned())
            .or_default() += a["quantity"].as_i64().unwrap();
    }
    out
}

/// Each stacked feature and its value (not the parts that make it up).
fn granted(stacked: &Value) -> Vec<(String, i64)> {
    stacked
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["feature"].as_str().unwrap().to_owned(),
                f["value"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn po_numbers(attachments: &Value) -> Vec<String> {
    attachments
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["po_number"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_migration_moves_licenses_and_swa_to_a_new_cp20_location_on_migsu_orders() {
    // Arrange: a CP10 with three parts activated on three POs (one CP10-only), one more
    // attached, and active SWA.
    let (app, pool) = spawn_app_with_pool(|_| {}).await;
    let dealer = app.swa_dealer().await;
    app.ship_swa(&dealer.id, "SWA-1", 10_000, "2099-12-31")
        .await;
    let lines = [
        ("SV9100-IPPORT-8", 8),
        ("SV9100-UCDT-5", 4),
        ("SV9100-CP10-VM-8", 2),
    ];
    let old = cp10(&app, &dealer, &lines).await;
    let pending = app
        .attach_new(&dealer, &old, &[("SV9100-SIPTRK-4", 3)])
        .await;
    app.assign_swa(&dealer, &old, 12, true).await.expect(201);
    let before = app.licenses(&dealer.token, &old).await;
    let old_hwkc = app
        .get(&format!("/locations/{old}"), &dealer.token)
        .await
        .expect(200)["hwkc"]
        .clone();
    let new_hwkc = unique_cp20_hwkc();

    // Act
    let done = migrate(&app, &dealer.token, &old, &new_hwkc)
        .await
        .expect(201);

    // Assert: the new location, on MIGSU_ orders with the same sums (the CP10-only part mapped).
    let new = done["to"]["id"].as_str().unwrap().to_owned();
    assert_eq!(done["to"]["system_type"], "SV9100_CP20");
    assert_eq!(done["to"]["hwkc"], new_hwkc.as_str());
    assert_eq!(done["to"]["customer_id"], done["from"]["customer_id"]);
    assert_eq!(done["from"]["migrated_to"], new.as_str());
    let migsu = done["po_number"].as_str().unwrap();
    let today = app.now().format("%Y%m%d").to_string();
    assert!(migsu.starts_with(&format!("MIGSU_{today}")), "{migsu}");
    let after = app.licenses(&dealer.token, &new).await;
    assert!(po_numbers(&after["activated"]).iter().all(|p| p == migsu));
    for old_po in po_numbers(&before["activated"]) {
        assert!(
            !po_numbers(&after["activated"]).contains(&old_po),
            "{old_po}"
        );
    }
    let mut expected = sums(&before["activated"]);
    let vm = expected.remove("SV9100-CP10-VM-8").unwrap();
    expected.insert("SV9100-CP20-VM-8".into(), vm);
    assert_eq!(sums(&after["activated"]), expected);
    assert_eq!(
        granted(&after["stacked"]),
        granted(&before["stacked"]),
        "the same grants"
    );
    assert_eq!(
        app.swa_status(&dealer, &new).await,
        "active",
        "the SWA moved"
    );
    the_old_lines_count_them_migrated(&app, &dealer, &before, &pending.attachments[0]).await;
    the_new_file_verifies_and_names_the_cp20_key(&app, &dealer, &new, &new_hwkc).await;
    the_history_shows_the_original(&app, &dealer, &new, &old, &old_hwkc, &before).await;
    the_cp10_is_read_only(&app, &dealer, &old, &new).await;
    let mut c = pool.get().unwrap();
    let events = lms_store::outbox::of_partner(&mut c, dealer.id.parse().unwrap()).unwrap();
    let event = events
        .iter()
        .find(|e| e.event_type == "location.migrated")
        .unwrap();
    assert_eq!(
        (
            &event.data["from_location_id"],
            &event.data["to_location_id"]
        ),
        (&json!(old), &json!(new))
    );
    assert_eq!(
        (&event.data["old_hwkc"], &event.data["new_hwkc"]),
        (&old_hwkc, &json!(new_hwkc))
    );
    assert_eq!(event.data["customer_id"], done["to"]["customer_id"]);
}

/// The old PO lines: activated licenses counted as migrated, the attached one back in the bin,
/// the invariant on every line; the MIGSU PO's lines all activated.
async fn the_old_lines_count_them_migrated(
    app: &TestApp,
    dealer: &PartnerFixture,
    before: &Value,
    detached: &str,
) {
    let lines = app.bin_lines(&dealer.token).await;
    lines.iter().for_each(assert_invariant);
    for a in before["activated"].as_array().unwrap() {
        let line = lines.iter().find(|l| l["id"] == a["po_line_id"]).unwrap();
        assert_eq!(
            (line["activated"].as_i64(), line["migrated"].as_i64()),
            (Some(0), a["quantity"].as_i64())
        );
    }
    let attached = before["attached"].as_array().unwrap();
    assert_eq!(id_of(&attached[0]), detached);
    let back = lines
        .iter()
        .find(|l| l["id"] == attached[0]["po_line_id"])
        .unwrap();
    assert_eq!(
        (back["available"].as_i64(), back["attached"].as_i64()),
        (Some(3), Some(0))
    );
}

async fn the_new_file_verifies_and_names_the_cp20_key(
    app: &TestApp,
    dealer: &PartnerFixture,
    new: &str,
    new_hwkc: &str,
) {
    let file = app.download(&dealer.token, new).await;
    assert!(file.disposition.contains(new_hwkc), "{}", file.disposition);
    let (verified, printed) = lms_verify(app, &file.bytes).await;
    assert!(verified && printed.contains(new_hwkc), "{printed}");
}

async fn the_history_shows_the_original(
    app: &TestApp,
    dealer: &PartnerFixture,
    new: &str,
    old: &str,
    old_hwkc: &Value,
    before: &Value,
) {
    let history = app
        .get(&format!("/locations/{new}/history"), &dealer.token)
        .await
        .expect(200);
    let entry = &history["items"][0];
    assert_eq!(entry["reason"], "migrated");
    assert_eq!(&entry["previous_hwkc"], old_hwkc);
    let origin = &entry["migrated_from"];
    assert_eq!(
        (&origin["location_id"], &origin["hwkc"]),
        (&json!(old), old_hwkc)
    );
    assert_eq!(sums(&origin["licenses"]), sums(&before["activated"]));
    assert_eq!(
        po_numbers(&origin["licenses"]),
        po_numbers(&before["activated"])
    );
    assert_eq!(origin["stacked"], before["stacked"]);
}

/// The CP10 says where it went and refuses every change to its licenses.
async fn the_cp10_is_read_only(app: &TestApp, dealer: &PartnerFixture, old: &str, new: &str) {
    let read = app
        .get(&format!("/locations/{old}"), &dealer.token)
        .await
        .expect(200);
    assert_eq!(read["migrated_to"], new);
    let licenses = app.licenses(&dealer.token, old).await;
    assert_eq!(licenses["activated"], json!([]));
    assert_eq!(licenses["migrated"].as_array().unwrap().len(), 3);
    let po = app.ship(dealer, &[("SV9100-IPPORT-8", 1)]).await;
    let refused = app
        .attach(&dealer.token, old, &[(&po.line_ids()[0], 1)])
        .await
        .expect_error(409, "LOCATION_MIGRATED");
    assert_eq!(refused["error"]["details"]["migrated_to"], new);
    let some_id = uuid::Uuid::new_v4().to_string();
    app.activate(&dealer.token, old, &[some_id])
        .await
        .expect_error(409, "LOCATION_MIGRATED");
    app.post_empty(&format!("/locations/{old}/demo-licenses"), &dealer.token)
        .await
        .expect_error(409, "LOCATION_MIGRATED");
    app.get(&format!("/locations/{old}/license-file"), &dealer.token)
        .await
        .expect_error(409, "LOCATION_MIGRATED");
    migrate(app, &dealer.token, old, &unique_cp20_hwkc())
        .await
        .expect_error(409, "LOCATION_MIGRATED");
}

#[tokio::test]
async fn only_a_partners_own_cp10_with_licenses_migrates_to_an_unused_cp20_key() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let other = app.dealer().await;
    let loc = cp10(&app, &dealer, &[("SV9100-IPPORT-8", 1)]).await;
    let empty = app
        .location(&dealer)
        .sv9100()
        .hwkc(&unique_sv9100_hwkc())
        .await
        .id;
    let cp20 = app.location(&dealer).of_type("SV9100_CP20").await;
    let t = &dealer.token;

    // Act and assert
    migrate(&app, &other.token, &loc, &unique_cp20_hwkc())
        .await
        .expect_error(404, "NOT_FOUND");
    migrate(&app, &app.admin_token, &loc, &unique_cp20_hwkc())
        .await
        .expect_error(403, "PARTNER_REQUIRED");
    let wrong = migrate(&app, t, &loc, "340209224599")
        .await
        .expect_error(422, "INVALID_HARDWARE_KEYCODE");
    assert_eq!(
        (&wrong["error"]["field"], &wrong["error"]["looks_like"]),
        (&json!("/new_hwkc"), &json!("SV9100_CP10"))
    );
    let used = migrate(&app, t, &loc, cp20["hwkc"].as_str().unwrap())
        .await
        .expect_error(409, "HWKC_IN_USE");
    assert_eq!(used["error"]["field"], "/new_hwkc");
    let not_cp10 = migrate(&app, t, &cp20.id, &unique_cp20_hwkc())
        .await
        .expect_error(409, "MIGRATION_NOT_APPLICABLE");
    assert_eq!(not_cp10["error"]["details"]["system_type"], "SV9100_CP20");
    migrate(&app, t, &empty, &unique_cp20_hwkc())
        .await
        .expect_error(409, "NOTHING_ACTIVATED");
    let read = app.get(&format!("/locations/{loc}"), t).await.expect(200);
    assert!(read["migrated_to"].is_null(), "nothing changed");
}

#[tokio::test]
async fn a_cp10_only_part_without_a_cp20_equivalent_refuses_the_migration_naming_it() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let loc = cp10(
        &app,
        &dealer,
        &[("SV9100-IPPORT-8", 2), ("SV9100-CP10-R5", 1)],
    )
    .await;
    let before = app.licenses(&dealer.token, &loc).await;

    // Act
    let refused = migrate(&app, &dealer.token, &loc, &unique_cp20_hwkc())
        .await
        .expect_error(409, "PART_NOT_MIGRATABLE");

    // Assert
    assert_eq!(
        refused["error"]["details"]["part_numbers"],
        json!(["SV9100-CP10-R5"])
    );
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("SV9100-CP10-R5")
    );
    assert_eq!(app.licenses(&dealer.token, &loc).await, before);
}

#[tokio::test]
async fn of_concurrent_migrations_of_one_location_exactly_one_succeeds() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let loc = cp10(&app, &dealer, &[("SV9100-IPPORT-8", 4)]).await;
    let app = std::sync::Arc::new(app);

    // Act
    let replies = at_once(4, |_| {
        let (app, token, loc) = (app.clone(), dealer.token.clone(), loc.clone());
        async move {
            migrate(&app, &token, &loc, &unique_cp20_hwkc())
                .await
                .status
                .as_u16()
        }
    })
    .await;

    // Assert: one migration; the others were told it migrated; one CP20 location exists.
    let mut statuses = replies.clone();
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409, 409, 409], "{replies:?}");
    let read = app
        .get(&format!("/locations/{loc}"), &dealer.token)
        .await
        .expect(200);
    let customer = read["customer_id"].as_str().unwrap();
    let locations = app
        .get(&format!("/customers/{customer}/locations"), &dealer.token)
        .await
        .expect(200);
    assert_eq!(locations["items"].as_array().unwrap().len(), 2);
    app.bin_lines(&dealer.token)
        .await
        .iter()
        .for_each(assert_invariant);
}
