//! Child locations (SPEC §4): the automatic LMC child and one made by hand, which child types
//! a parent takes, the SR-MGC's SV8500 parent, the BX/OVOC redundant pair and the MobiCall
//! supervisor.

use std::collections::HashMap;

use serde_json::json;

use super::{Fields, children_of, customer_locations, field, ids, row, text};
use crate::helpers::{id_of, spawn_app_with_dealer};

#[tokio::test]
async fn an_sv8500_comes_with_its_lmc_child_and_may_not_have_a_second() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;

    // Act
    let sv8500 = app
        .location(&dealer)
        .sv8500()
        .named("HQ PBX")
        .hwkc(" 22CC538207AFD058020640CD57xO ")
        .await;

    // Assert
    let id = sv8500.id.clone();
    let children = sv8500["children"].as_array().expect("children");
    assert_eq!(children.len(), 1);
    let lmc = &children[0];
    assert_eq!(lmc["system_type"], "LMC");
    assert_eq!(lmc["hwkc"], "LM22CC538207AFD058020640CD57xO");
    assert_eq!(lmc["parent_id"], id.as_str());
    let listed = children_of(&app, &dealer.token, &id).await;
    assert_eq!(listed["items"], json!([lmc]));
    assert!(listed["next_cursor"].is_null());
    // The LMC child has no children of its own.
    let lmc_children = app
        .get(
            &format!("/locations/{}/children", id_of(lmc)),
            &dealer.token,
        )
        .await
        .expect(200);
    assert_eq!(lmc_children["items"], json!([]));
    // A second LMC is refused, whether derived or typed.
    for hwkc in [None, Some("LM2000IPS000042")] {
        let lmc = app.location(&dealer).of_type("LMC").named("LMC 2");
        let lmc = match hwkc {
            Some(hwkc) => lmc.hwkc(hwkc),
            None => lmc,
        };
        let error = lmc
            .child_of(&id)
            .send()
            .await
            .expect_error(409, "CHILD_EXISTS");
        assert_eq!(field(&error), "/system_type");
    }
    let after = children_of(&app, &dealer.token, &id).await;
    assert_eq!(after, listed);
}

#[tokio::test]
async fn an_lmc_child_created_by_hand_derives_its_key_from_the_parent() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let is3000 = app
        .location(&dealer)
        .of_type("IS3000")
        .named("SIP@Net")
        .hwkc("aa0014SA2792885418AA")
        .await;
    let three_c = app
        .location(&dealer)
        .of_type("3C")
        .with("domain_name", "pbx.example.com")
        .await;
    assert_eq!(is3000["children"], json!([]), "no automatic LMC on iS3000");
    assert_eq!(three_c["children"], json!([]), "no automatic LMC on 3C");
    let lmc = |name: &str| app.location(&dealer).of_type("LMC").named(name);

    // Act
    let is_lmc = lmc("SIP@Net LMC").child_of(&is3000.id).await;
    let three_c_lmc = lmc("3C LMC").child_of(&three_c.id).await;

    // Assert: iS3000 drops aa/AA and prefixes LMIS (SPEC §3).
    assert_eq!(is_lmc["hwkc"], "LMIS0014SA2792885418");
    assert_eq!(is_lmc["parent_id"], is3000["id"]);
    assert_eq!(three_c_lmc["hwkc"], format!("LM{}", text(&three_c, "hwkc")));
}

/// Children refused under their parent: (parent, child type, child fields, status, code).
/// A type that is no type's child is a wrong request (422); a child type the stored parent
/// does not take is the parent's rule (409).
const REFUSED_CHILDREN: &[(&str, &str, Fields, u16, &str)] = &[
    ("SV9300", "SR_MGC", &[], 409, "CHILD_TYPE_NOT_ALLOWED"),
    (
        "SV8500",
        "SL1000",
        &[("hwkc", "280001451317")],
        422,
        "NOT_A_CHILD_TYPE",
    ),
    (
        "SL1000",
        "LMC",
        &[("hwkc", "LM2000IPS000042")],
        409,
        "CHILD_TYPE_NOT_ALLOWED",
    ),
    ("SL1000", "LMC", &[], 409, "CHILD_TYPE_NOT_ALLOWED"),
    (
        "SL1000",
        "SL1000",
        &[("hwkc", "280001451317")],
        422,
        "NOT_A_CHILD_TYPE",
    ),
    (
        "BX_OVOC",
        "MOBICALL_SUPERVISOR",
        &[("hwkc", "1A30")],
        409,
        "CHILD_TYPE_NOT_ALLOWED",
    ),
    (
        "MOBICALL_MASTER",
        "MOBIBOX",
        &[("hwkc", "1A30")],
        422,
        "NOT_A_CHILD_TYPE",
    ),
    (
        "MOBICALL_MASTER",
        "MOBICALL_MASTER",
        &[("hwkc", "1A30")],
        422,
        "NOT_A_CHILD_TYPE",
    ),
];

#[tokio::test]
async fn child_types_follow_the_parent() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let customer = app.customer(&dealer).named("Family Rules").await;
    let mut parents = HashMap::new();
    for system_type in ["SV8500", "SV9300", "SL1000", "BX_OVOC", "MOBICALL_MASTER"] {
        let mut parent = app.location(&dealer).of_type(system_type).under(&customer);
        if system_type == "BX_OVOC" {
            // BX9000 software: no product key before its first activation.
            parent = parent.hwkc("358744541284567");
        }
        parents.insert(system_type, parent.await.id);
    }
    let before = customer_locations(&app, &dealer.token, &customer).await;

    for &(parent, child_type, fields, status, code) in REFUSED_CHILDREN {
        // Act
        let reply = row(&app, &dealer, "Child", child_type, fields)
            .child_of(&parents[parent])
            .send()
            .await;

        // Assert
        let error = reply.expect_error(status, code);
        assert_eq!(field(&error), "/system_type", "{child_type} under {parent}");
    }
    let after = customer_locations(&app, &dealer.token, &customer).await;
    assert_eq!(ids(&after), ids(&before), "a refused child was stored");
}

#[tokio::test]
async fn an_sr_mgc_needs_an_sv8500_parent() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let customer = app.customer(&dealer).named("Orphans").await;

    // Act
    let reply = app
        .location(&dealer)
        .of_type("SR_MGC")
        .named("SR-MGC")
        .under(&customer)
        .send()
        .await;

    // Assert
    let error = reply.expect_error(422, "PARENT_REQUIRED");
    assert_eq!(field(&error), "/system_type");
    assert!(text(&error["error"], "message").contains("SV8500"));
    assert!(
        customer_locations(&app, &dealer.token, &customer)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_bx_ovoc_primary_takes_one_redundant_secondary() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let bx = |name: &str, hwkc: &str| {
        app.location(&dealer)
            .of_type("BX_OVOC")
            .named(name)
            .hwkc(hwkc)
    };
    let primary_id = bx("Primary", "358744541284567").await.id;

    // Act
    let secondary = bx("Secondary", "358744541284568")
        .child_of(&primary_id)
        .await;
    let third = bx("Third", "358744541284569")
        .child_of(&primary_id)
        .send()
        .await;

    // Assert
    assert_eq!(secondary["system_type"], "BX_OVOC");
    assert_eq!(secondary["parent_id"], primary_id.as_str());
    assert_eq!(secondary["hwkc"], "358744541284568");
    third.expect_error(409, "CHILD_EXISTS");
    let children = children_of(&app, &dealer.token, &primary_id).await;
    assert_eq!(
        ids(children["items"].as_array().unwrap()),
        [secondary.id.as_str()]
    );
}

#[tokio::test]
async fn a_mobicall_supervisor_goes_under_its_master() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let customer = app.customer(&dealer).named("Alarm Central").await;
    let master = app
        .location(&dealer)
        .of_type("MOBICALL_MASTER")
        .named("Master")
        .hwkc("1a2f")
        .under(&customer)
        .await;
    assert_eq!(master["hwkc"], "1A2F");
    let master_id = master.id.clone();

    // Act
    let supervisor = app
        .location(&dealer)
        .of_type("MOBICALL_SUPERVISOR")
        .named("Supervisor")
        .hwkc("1A30")
        .child_of(&master_id)
        .await;

    // Assert
    assert_eq!(supervisor["system_type"], "MOBICALL_SUPERVISOR");
    assert_eq!(supervisor["parent_id"], master_id.as_str());
    assert_eq!(supervisor["customer_id"], customer.as_str());
    let children = children_of(&app, &dealer.token, &master_id).await;
    assert_eq!(
        ids(children["items"].as_array().unwrap()),
        [supervisor.id.as_str()]
    );
}

#[tokio::test]
async fn a_wrong_request_is_told_so_before_the_parent_rules() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let sl1000 = app.location(&dealer).of_type("SL1000").await.id;

    // Act: an LMC with a malformed key under a parent that takes no LMC.
    let reply = app
        .location(&dealer)
        .of_type("LMC")
        .hwkc("LM-not-a-key")
        .child_of(&sl1000)
        .send()
        .await;

    // Assert
    let error = reply.expect_error(422, "INVALID_HARDWARE_KEYCODE");
    assert_eq!(field(&error), "/hwkc");
}

#[tokio::test]
async fn an_lmc_key_is_not_derived_from_a_temporary_key() {
    // Arrange: a standard server before its IP address is entered.
    let (app, dealer) = spawn_app_with_dealer().await;
    let server = app
        .location(&dealer)
        .of_type("SV9500_SERVER")
        .without("hwkc")
        .await;
    assert_eq!(server["temp_key"], true);
    let lmc = || app.location(&dealer).of_type("LMC").named("Server LMC");

    // Act
    let derived = lmc().without("hwkc").child_of(&server.id).send().await;
    let typed = lmc()
        .hwkc("LM35G00N360103F0S0007490B6E0yQ")
        .child_of(&server.id)
        .await;

    // Assert
    let error = derived.expect_error(409, "HWKC_NOT_DERIVABLE");
    assert_eq!(field(&error), "/hwkc");
    assert_eq!(typed["hwkc"], "LM35G00N360103F0S0007490B6E0yQ");
}
