//! License files off line and in their packages: `lms verify` on a downloaded file, BX/OVOC
//! and SR-MGC zips, key rotation.

use std::io::Read;

use serde_json::{Value, json};

use crate::helpers::{PARTNER_PASSWORD, PartnerFixture, TestApp, spawn_app_with_dealer};

/// An SL2100 with `quantity` of its first quantity part activated; answers its id.
async fn activated_sl2100(
    app: &TestApp,
    dealer: &PartnerFixture,
    hwkc: &str,
    quantity: i64,
) -> String {
    let parts = app
        .get("/parts?system_type=SL2100", &dealer.token)
        .await
        .expect(200);
    let sold_by_quantity = parts["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "quantity")
        .unwrap();
    let part = sold_by_quantity["part_number"].as_str().unwrap();
    let location = app.location(dealer).of_type("SL2100").hwkc(hwkc);
    location
        .activated_with(&[(part, quantity)])
        .await
        .id
        .clone()
}

fn lms_verify(file: &std::path::Path, keys: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_lms"))
        .args([
            "verify",
            file.to_str().unwrap(),
            "--keys",
            keys.to_str().unwrap(),
        ])
        .output()
        .unwrap()
}

#[tokio::test]
async fn lms_verify_accepts_the_downloaded_file_and_refuses_any_changed_byte() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let loc = activated_sl2100(&app, &dealer, "3810004626AD", 2).await;
    let bytes = app.download(&dealer.token, &loc).await.bytes;

    let dir = tempfile::tempdir().unwrap();
    let keys = app.public_text("/api/v1/license-signing-keys").await;
    let keys_path = dir.path().join("keys.json");
    std::fs::write(&keys_path, keys).unwrap();
    let file = dir.path().join("3810004626AD.lic");
    std::fs::write(&file, &bytes).unwrap();
    let ok = lms_verify(&file, &keys_path);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("3810004626AD"));

    // A sample of positions across the file, every one changed: verify must fail each time.
    for position in (0..bytes.len()).step_by(bytes.len() / 25 + 1) {
        let mut spoiled = bytes.clone();
        spoiled[position] = if spoiled[position] == b'A' {
            b'B'
        } else {
            b'A'
        };
        std::fs::write(&file, &spoiled).unwrap();
        assert!(
            !lms_verify(&file, &keys_path).status.success(),
            "byte {position} changed yet verified"
        );
    }
}

fn zip_names(bytes: &[u8]) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().to_owned())
        .collect()
}

#[tokio::test]
async fn bx_ovoc_pairs_download_one_zip_named_after_the_product_keys_that_lms_verify_accepts() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let bx = |hwkc: &str, product_key: &str| {
        app.location(&dealer)
            .of_type("BX_OVOC")
            .hwkc(hwkc)
            .with("product_key", product_key)
    };
    let primary = bx("9551484", "DT1001").await.id;
    bx("9551485", "DT1002").child_of(&primary).await;
    app.activate_new(&dealer, &primary, &[("BX-SBC-SESS-25", 1)])
        .await;
    let file = app.download(&dealer.token, &primary).await;
    let (disposition, bytes) = (file.disposition, file.bytes);
    assert!(disposition.contains("AA_DT1001_out.zip"), "{disposition}");
    assert_eq!(
        zip_names(&bytes),
        [
            "AA_DT1001_out.lic",
            "AA_DT1002_out.lic",
            "AA_DT1001_out.log"
        ]
    );
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
    let mut secondary = String::new();
    archive
        .by_name("AA_DT1002_out.lic")
        .unwrap()
        .read_to_string(&mut secondary)
        .unwrap();
    let keys = app.signing_keys().await;
    assert_eq!(
        lms_domain::license::verify(&secondary, &keys)
            .unwrap()
            .content
            .hwkc,
        "9551485"
    );

    // `lms verify` takes the zip as downloaded: both licenses verify; a changed one fails.
    let dir = tempfile::tempdir().unwrap();
    let keys_path = dir.path().join("keys.json");
    std::fs::write(
        &keys_path,
        app.public_text("/api/v1/license-signing-keys").await,
    )
    .unwrap();
    let zip_path = dir.path().join("AA_DT1001_out.zip");
    std::fs::write(&zip_path, &bytes).unwrap();
    let ok = lms_verify(&zip_path, &keys_path);
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(
        out.contains("valid: AA_DT1001_out.lic") && out.contains("valid: AA_DT1002_out.lic"),
        "{out}"
    );
    let spoiled = rezip_with(&bytes, "AA_DT1002_out.lic", |text| {
        text.replace("9551485", "9551486")
    });
    std::fs::write(&zip_path, spoiled).unwrap();
    assert!(!lms_verify(&zip_path, &keys_path).status.success());
}

/// The zip `bytes` with the text of entry `name` changed by `change`.
fn rezip_with(bytes: &[u8], name: &str, change: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::Write as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        let entry_name = entry.name().to_owned();
        out.start_file(
            entry_name.as_str(),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        let text = if entry_name == name {
            change(&text)
        } else {
            text
        };
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[tokio::test]
async fn bx9000_software_gets_its_product_key_at_first_activation_and_no_secondary_after() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let software = |hwkc: &str| app.location(&dealer).of_type("BX_OVOC").hwkc(hwkc);
    let primary = software("91FA4F6DBFF0").await;
    assert_eq!(primary["product_key"], json!(null));
    let id = primary.id.clone();
    software("91FA4F6DBFF1").child_of(&id).await;

    app.activate_new(&dealer, &id, &[("BX-SBC-SESS-25", 1)])
        .await;

    let read = app
        .get(&format!("/locations/{id}"), &dealer.token)
        .await
        .expect(200);
    let key = read["product_key"]
        .as_str()
        .expect("a product key after activation")
        .to_owned();
    assert!(
        key.len() == 16 && key.chars().all(|c| c.is_ascii_alphanumeric()),
        "{key}"
    );
    let children = app
        .get(&format!("/locations/{id}/children"), &dealer.token)
        .await
        .expect(200);
    let secondary_key = children["items"][0]["product_key"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(secondary_key, key);
    let file = app.download(&dealer.token, &id).await;
    assert!(
        file.disposition.contains(&format!("AA_{key}_out.zip")),
        "{}",
        file.disposition
    );
    assert_eq!(
        zip_names(&file.bytes),
        [
            format!("AA_{key}_out.lic"),
            format!("AA_{secondary_key}_out.lic"),
            format!("AA_{key}_out.log")
        ]
    );

    // A second activation keeps the key; a secondary can no longer be added to an activated
    // primary.
    app.activate_new(&dealer, &id, &[("BX-SBC-SESS-25", 1)])
        .await;
    let again = app
        .get(&format!("/locations/{id}"), &dealer.token)
        .await
        .expect(200);
    assert_eq!(again["product_key"], key.as_str());
    let alone = software("91FA4F6DBFF2").await.id;
    app.activate_new(&dealer, &alone, &[("BX-SBC-SESS-25", 1)])
        .await;
    let late = app
        .post(
            &format!("/locations/{alone}/children"),
            &dealer.token,
            &json!({"name": "Late secondary", "system_type": "BX_OVOC", "hwkc": "91FA4F6DBFF3"}),
        )
        .await
        .expect_error(409, "PARENT_ALREADY_ACTIVATED");
    assert!(
        late["error"]["message"]
            .as_str()
            .unwrap()
            .contains("before")
    );
}

#[tokio::test]
async fn sr_mgc_files_are_zips_named_after_the_temp_key() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let parent = app.location(&dealer).sv8500().await.id;
    let child = app
        .location(&dealer)
        .of_type("SR_MGC")
        .child_of(&parent)
        .await;
    let (child_id, temp_key) = (child.id.clone(), child["hwkc"].as_str().unwrap().to_owned());
    let parts = app
        .get("/parts?system_type=SR_MGC", &dealer.token)
        .await
        .expect(200);
    let part = parts["items"][0]["part_number"]
        .as_str()
        .unwrap()
        .to_owned();
    app.activate_new(&dealer, &child_id, &[(&part, 1)]).await;
    let file = app.download(&dealer.token, &child_id).await;
    let (disposition, bytes) = (file.disposition, file.bytes);
    assert!(
        disposition.contains(&format!("{temp_key}-svi.zip")),
        "{disposition}"
    );
    assert_eq!(zip_names(&bytes), [format!("{temp_key}.lic")]);

    // The parent SV8500's license page shows the SR-MGC's licenses under the temp key.
    let on_parent = app.licenses(&dealer.token, &parent).await;
    let sr_mgc = on_parent["sr_mgc"].as_array().unwrap();
    assert_eq!(sr_mgc.len(), 1);
    assert_eq!(sr_mgc[0]["location_id"], child_id.as_str());
    assert_eq!(sr_mgc[0]["hwkc"], temp_key.as_str());
    assert_eq!(sr_mgc[0]["activated"][0]["part_number"], part.as_str());
    assert_eq!(on_parent["activated"], json!([]));
    assert_eq!(
        app.licenses(&dealer.token, &child_id).await["sr_mgc"],
        json!([])
    );
}

#[tokio::test]
async fn external_products_have_no_file_until_it_arrives() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let licensed = app
        .location(&dealer)
        .um4730()
        .activated_with(&[("UM4730-MBX-25", 1)])
        .await;
    let (loc, activation) = (&licensed.id, &licensed.licensed.activation);
    assert_eq!(activation["license_file"], json!(null));
    assert_eq!(activation["activation_code"], json!(null));
    app.get(&format!("/locations/{loc}/license-file"), &dealer.token)
        .await
        .expect_error(409, "LICENSE_FILE_NOT_AVAILABLE");
    app.post_empty(&format!("/locations/{loc}/license-file"), &dealer.token)
        .await
        .expect_error(409, "LICENSE_FILE_NOT_AVAILABLE");
}

#[tokio::test]
async fn after_key_rotation_new_files_use_the_new_key_and_old_files_still_verify() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let loc = activated_sl2100(&app, &dealer, "3810004626AE", 1).await;
    let old_file = app.download(&dealer.token, &loc).await.bytes;
    let old_file = String::from_utf8(old_file).unwrap();

    let new_key = lms::keys::rotate(&app.settings).unwrap();
    let restarted = app.spawn_again().await;
    let token = restarted.login(&dealer.email, PARTNER_PASSWORD).await;
    let keys: Vec<Value> =
        serde_json::from_str(&restarted.public_text("/api/v1/license-signing-keys").await).unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys.iter().filter(|k| k["current"] == true).count(), 1);
    assert!(
        keys.iter()
            .any(|k| k["key_id"] == new_key.key_id() && k["current"] == true)
    );

    restarted
        .post_empty(&format!("/locations/{loc}/license-file"), &token)
        .await
        .expect(201);
    let new_file = restarted.download(&token, &loc).await.bytes;
    let published: Vec<lms_domain::license::PublicSigningKey> =
        serde_json::from_value(Value::Array(keys)).unwrap();
    let new =
        lms_domain::license::verify(&String::from_utf8(new_file).unwrap(), &published).unwrap();
    assert_eq!(new.key_id, new_key.key_id());
    let old = lms_domain::license::verify(&old_file, &published)
        .expect("a file signed before the rotation still verifies");
    assert_ne!(old.key_id, new.key_id);
}
