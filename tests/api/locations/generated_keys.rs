//! Keys the LMS derives or generates: the SV9500 SE key from a MAC, the dongle-less iS3000
//! and 3C keys, SR-MGC and standard-server temp keys, and a standard server's real HWKC from
//! its IP address.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::{
    SE_KEY_OF_6CE4DA01378C, children_of, customer_locations, field, history, is_dongle_less_key,
    is_server_key, is_server_temp_key, is_sr_mgc_temp_key, is_three_c_key, read, text,
};
use crate::helpers::{LocationBuilder, PartnerFixture, TestApp, item_texts, spawn_app_with_dealer};

/// An SV9500 SE under `customer`, its key derived from `mac`.
fn se<'a>(
    app: &'a TestApp,
    partner: &'a PartnerFixture,
    customer: &str,
    mac: &str,
) -> LocationBuilder<'a> {
    app.location(partner)
        .of_type("SV9500_SE")
        .under(customer)
        .with("mac_address", mac)
}

#[tokio::test]
async fn small_enterprise_hwkc_is_derived_from_the_mac_in_any_spelling() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let other = app.dealer().await;
    let customer = app.customer(&dealer).named("SE Customer").await;
    let other_customer = app.customer(&other).named("Other SE Customer").await;

    // Act
    let first = se(&app, &dealer, &customer, "6CE4DA01378C")
        .named("SE")
        .await;

    // Assert
    assert_eq!(first["hwkc"], SE_KEY_OF_6CE4DA01378C);
    assert_eq!(first["mac_address"], "6CE4DA01378C");
    assert_eq!(first["temp_key"], false);
    assert_eq!(
        first["children"][0]["hwkc"],
        format!("LM{SE_KEY_OF_6CE4DA01378C}")
    );
    // The same MAC, however written, derives the same HWKC, which is taken.
    let spellings = [
        (&dealer, &customer, "6c:e4:da:01:37:8c"),
        (&dealer, &customer, "6C-E4-DA-01-37-8C"),
        (&dealer, &customer, " 6ce4.da01.378c "),
        (&other, &other_customer, "6ce4da01378c"),
    ];
    for (partner, customer, mac) in spellings {
        let reply = se(&app, partner, customer, mac)
            .named("SE again")
            .send()
            .await;
        let error = reply.expect_error(409, "HWKC_IN_USE");
        assert!(
            text(&error["error"], "message").contains(SE_KEY_OF_6CE4DA01378C),
            "{mac}: {error}"
        );
    }
    // Another MAC, another key.
    let second = se(&app, &dealer, &customer, "6CE4DA01378D")
        .named("SE 2")
        .await;
    let key = text(&second, "hwkc");
    assert_ne!(key, SE_KEY_OF_6CE4DA01378C);
    assert!(key.len() == 28 && key.starts_with("35"), "{key}");
    assert_eq!(
        customer_locations(&app, &dealer.token, &customer)
            .await
            .len(),
        4,
        "two SE locations and their LMC children"
    );
}

#[tokio::test]
async fn dongle_less_is3000_gets_a_generated_key_that_survives_renaming_the_computer() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let customer = app.customer(&dealer).named("SIP Net Users").await;
    let dongle_less = |name: &str, computer: &str| {
        app.location(&dealer)
            .of_type("IS3000")
            .without("hwkc")
            .named(name)
            .under(&customer)
            .with("full_computer_name", computer)
    };
    let created = dongle_less("Dongle-less", " HVPC030PBX.DevNLnec.Local ").await;
    let id = created.id.clone();
    let hwkc = text(&created, "hwkc").to_owned();
    assert!(is_dongle_less_key(&hwkc), "{hwkc}");
    assert_eq!(created["full_computer_name"], "hvpc030pbx.devnlnec.local");
    assert_eq!(created["temp_key"], false);

    // Act
    let patched = app
        .patch(
            &format!("/locations/{id}"),
            &dealer.token,
            &json!({"full_computer_name": "NEWPC031.devnlnec.local"}),
        )
        .await
        .expect(200);

    // Assert
    assert_eq!(patched["full_computer_name"], "newpc031.devnlnec.local");
    assert_eq!(patched["hwkc"], hwkc.as_str());
    let stored = read(&app, &dealer.token, &id).await;
    assert_eq!(stored["hwkc"], hwkc.as_str());
    assert_eq!(stored["full_computer_name"], "newpc031.devnlnec.local");
    let history = history(&app, &dealer.token, &id).await;
    let keys = item_texts(&history, "hwkc");
    assert_eq!(keys, [hwkc.as_str()], "editing the FCN is no key change");
    // A bad FCN is refused and changes nothing.
    let error = app
        .patch(
            &format!("/locations/{id}"),
            &dealer.token,
            &json!({"full_computer_name": "bad name"}),
        )
        .await
        .expect_error(422, "INVALID_FIELD");
    assert_eq!(field(&error), "/full_computer_name");
    // A second dongle-less server gets a key of its own.
    let second = dongle_less("Second", "hvpc031pbx.devnlnec.local").await;
    assert!(is_dongle_less_key(text(&second, "hwkc")));
    assert_ne!(second["hwkc"], hwkc.as_str());
}

#[tokio::test]
async fn three_c_locations_get_unique_keys_even_for_the_same_domain_name() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let customer = app.customer(&dealer).named("3C Users").await;

    // Act
    let mut keys = Vec::new();
    for (name, system_type) in [("One", "3C"), ("Two", "3C"), ("Three", "3C_CAT2")] {
        let location = app
            .location(&dealer)
            .of_type(system_type)
            .named(name)
            .under(&customer)
            .with("domain_name", "PBX.Customer.Example.")
            .await;
        assert_eq!(location["domain_name"], "pbx.customer.example");
        assert_eq!(location["system_type"], system_type);
        keys.push((location.id.clone(), text(&location, "hwkc").to_owned()));
    }

    // Assert
    for (_, key) in &keys {
        assert!(is_three_c_key(key), "{key}");
    }
    let distinct: HashSet<&String> = keys.iter().map(|(_, k)| k).collect();
    assert_eq!(distinct.len(), 3, "{keys:?}");
    // The domain name can be corrected; the key stays.
    let (id, key) = &keys[0];
    let patched = app
        .patch(
            &format!("/locations/{id}"),
            &dealer.token,
            &json!({"domain_name": "pbx2.customer.example"}),
        )
        .await
        .expect(200);
    assert_eq!(patched["domain_name"], "pbx2.customer.example");
    assert_eq!(patched["hwkc"], key.as_str());
}

#[tokio::test]
async fn an_sr_mgc_child_gets_a_temp_key_and_an_sv8500_may_have_several() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let parent = app.location(&dealer).sv8500().await.id;
    let sr_mgc = |name: &str| {
        app.location(&dealer)
            .of_type("SR_MGC")
            .named(name)
            .child_of(&parent)
    };

    // Act
    let first = sr_mgc("SR-MGC 1").await;
    let second = sr_mgc("SR-MGC 2").await;

    // Assert
    for child in [&first, &second] {
        let key = text(child, "hwkc");
        assert!(is_sr_mgc_temp_key(key), "{key}");
        assert_eq!(child["temp_key"], true);
        assert_eq!(child["parent_id"], parent.as_str());
        assert_eq!(child["system_type"], "SR_MGC");
        // The key carries the creation time, yymmddHHMMSS in UTC.
        let t = text(child, "created_at");
        let stamp = format!(
            "{}{}{}{}{}{}",
            &t[2..4],
            &t[5..7],
            &t[8..10],
            &t[11..13],
            &t[14..16],
            &t[17..19]
        );
        assert_eq!(&key[3..15], stamp, "{key} created at {t}");
    }
    assert_ne!(first["hwkc"], second["hwkc"]);
    let children = children_of(&app, &dealer.token, &parent).await;
    let mut kinds = item_texts(&children, "system_type");
    kinds.sort_unstable();
    assert_eq!(kinds, ["LMC", "SR_MGC", "SR_MGC"]);
}

#[tokio::test]
async fn an_sv9500_standard_server_gets_its_real_hwkc_from_the_ip_address() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let server = app.location(&dealer).sv9500_server().await;
    let id = server.id.clone();
    let temp = text(&server, "hwkc").to_owned();
    assert!(is_server_temp_key(&temp), "{temp}");
    assert_eq!(server["temp_key"], true);
    assert_eq!(server["children"], json!([]), "no LMC on a temp key");
    let path = format!("/locations/{id}/server-hwkc");
    app.post(&path, &dealer.token, &json!({"ip_address": "192.0.2.10"}))
        .await
        .expect_error(409, "VIRTUALIZATION_OPTION_REQUIRED");
    app.attach_virtualization_option(&dealer, &id).await;

    // Act
    let real = app
        .post(&path, &dealer.token, &json!({"ip_address": " 192.0.2.10 "}))
        .await
        .expect(200);

    // Assert
    let key = text(&real, "hwkc").to_owned();
    assert!(is_server_key(&key), "{key}");
    assert_eq!(real["temp_key"], false);
    assert_eq!(real["ip_address"], "192.0.2.10");
    assert_eq!(real["id"], id.as_str());
    the_real_key_is_stored_and_licensed(&app, &dealer, &id, &real).await;
    its_lmc_child_and_history_follow(&app, &dealer, &id, &temp, &key).await;
    // Only once.
    for ip in ["192.0.2.10", "192.0.2.11"] {
        app.post(&path, &dealer.token, &json!({ "ip_address": ip }))
            .await
            .expect_error(409, "HWKC_ALREADY_SET");
    }
    let unchanged = read(&app, &dealer.token, &id).await;
    assert_eq!(unchanged["hwkc"], key.as_str());
}

/// The answer is the stored location plus the activation of the virtualization option on the
/// real key.
async fn the_real_key_is_stored_and_licensed(
    app: &TestApp,
    dealer: &PartnerFixture,
    id: &str,
    real: &Value,
) {
    let stored = read(app, &dealer.token, id).await;
    let mut location_part = real.clone();
    for activation_field in ["activation_code", "license_file"] {
        location_part
            .as_object_mut()
            .unwrap()
            .remove(activation_field);
    }
    assert_eq!(stored, location_part);
    // The virtualization option is activated on the real key, and the file says so.
    assert!(real["activation_code"].as_str().is_some(), "{real}");
    let licenses = app.licenses(&dealer.token, id).await;
    assert_eq!(licenses["activated"][0]["part_number"], "SV9500-VIRT-OPT");
}

/// The LMC child exists now, and the history shows both keys, oldest first.
async fn its_lmc_child_and_history_follow(
    app: &TestApp,
    dealer: &PartnerFixture,
    id: &str,
    temp: &str,
    key: &str,
) {
    let children = children_of(app, &dealer.token, id).await;
    let children = children["items"].as_array().unwrap();
    assert_eq!(children.len(), 1, "{children:?}");
    assert_eq!(children[0]["system_type"], "LMC");
    assert_eq!(children[0]["hwkc"], format!("LM{key}"));
    let history = history(app, &dealer.token, id).await;
    let entries: Vec<(&str, &str)> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (text(h, "hwkc"), text(h, "reason")))
        .collect();
    assert_eq!(entries, [(temp, "created"), (key, "server_hwkc_derived")]);
}

#[tokio::test]
async fn the_server_key_depends_on_the_location_not_only_the_ip_address() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let customer = app.customer(&dealer).named("Two Servers").await;
    let mut keys = Vec::new();
    for name in ["Server A", "Server B"] {
        let server = app
            .location(&dealer)
            .sv9500_server()
            .named(name)
            .under(&customer)
            .await;
        app.attach_virtualization_option(&dealer, &server.id).await;

        // Act
        let real = app
            .post(
                &format!("/locations/{}/server-hwkc", server.id),
                &dealer.token,
                &json!({"ip_address": "10.1.2.3"}),
            )
            .await
            .expect(200);
        keys.push(text(&real, "hwkc").to_owned());
    }

    // Assert
    assert_ne!(keys[0], keys[1]);
}

#[tokio::test]
async fn the_server_hwkc_needs_a_standard_server_and_a_host_ip_address() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let appliance = app.location(&dealer).of_type("SV9500").await;
    let sl = app.location(&dealer).sl1000().await;
    let server = app.location(&dealer).sv9500_server().await;
    let server_id = server.id.clone();
    app.attach_virtualization_option(&dealer, &server_id).await;
    let server_hwkc = |id: &str, body: Value| {
        let path = format!("/locations/{id}/server-hwkc");
        let (app, token) = (&app, dealer.token.clone());
        async move { app.post(&path, &token, &body).await }
    };

    // Act and assert: not a standard server.
    for location in [&appliance, &sl] {
        let reply = server_hwkc(&location.id, json!({"ip_address": "192.0.2.10"})).await;
        assert_eq!(reply.status.as_u16(), 409, "{}", reply.body);
        assert_eq!(reply.code(), "NOT_A_STANDARD_SERVER");
    }
    // Act and assert: not an address a server has.
    for ip in [
        "300.1.1.1",
        "192.0.2",
        "server.local",
        "",
        "127.0.0.1",
        "0.0.0.0",
        "255.255.255.255",
        "224.0.0.1",
    ] {
        let reply = server_hwkc(&server_id, json!({ "ip_address": ip })).await;
        let error = reply.expect_error(422, "INVALID_FIELD");
        assert_eq!(field(&error), "/ip_address", "{ip:?}");
    }
    let missing = server_hwkc(&server_id, json!({}))
        .await
        .expect_error(422, "INVALID_BODY");
    assert_eq!(field(&missing), "/ip_address");
    let unchanged = read(&app, &dealer.token, &server_id).await;
    assert_eq!(unchanged["hwkc"], server["hwkc"]);
    assert_eq!(unchanged["temp_key"], true);
    // An IPv6 address is an address too.
    let real = server_hwkc(&server_id, json!({"ip_address": "2001:db8::105"}))
        .await
        .expect(200);
    assert!(is_server_key(text(&real, "hwkc")));
}
