//! An external product's license file: the vendor admin supplies it after the activation, the
//! partner downloads it; its file name cannot carry control characters.

use reqwest::Method;
use reqwest::multipart::{Form, Part};

use crate::helpers::{PartnerFixture, Reply, TestApp, send, spawn_app_with_dealer};

/// Puts `content` as the external license file of `loc`, with `token`.
async fn supply(app: &TestApp, token: &str, loc: &str, name: &str, content: &str) -> Reply {
    let path = format!("/admin/locations/{loc}/external-license-file");
    app.upload_file(Method::PUT, &path, token, name, content.as_bytes())
        .await
}

#[tokio::test]
async fn the_vendor_supplies_an_external_products_file() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let loc = app.location(&dealer).um4730().hwkc("11-10465600").await.id;
    supply(&app, &app.admin_token, &loc, "um.lic", "UM-LICENSE")
        .await
        .expect_error(409, "NOTHING_ACTIVATED");

    app.activate_new(&dealer, &loc, &[("UM4730-MBX-25", 1)])
        .await;
    app.get(&format!("/locations/{loc}/license-file"), &dealer.token)
        .await
        .expect_error(409, "LICENSE_FILE_NOT_AVAILABLE");

    only_the_vendor_supplies_it_and_the_partner_downloads_it(&app, &dealer, &loc).await;

    let lms_loc = app.location(&dealer).sl1000().hwkc("280001451398").await.id;
    supply(&app, &app.admin_token, &lms_loc, "x.lic", "X")
        .await
        .expect_error(409, "NOT_AN_EXTERNAL_PRODUCT");
}

async fn only_the_vendor_supplies_it_and_the_partner_downloads_it(
    app: &TestApp,
    dealer: &PartnerFixture,
    loc: &str,
) {
    supply(app, &dealer.token, loc, "um.lic", "UM-LICENSE")
        .await
        .expect_error(403, "FORBIDDEN");
    supply(app, &app.admin_token, loc, "um.lic", "UM-LICENSE")
        .await
        .expect(201);
    let file = app.download(&dealer.token, loc).await;
    assert!(file.disposition.contains("um.lic"));
    assert_eq!(file.text(), "UM-LICENSE");
}

#[tokio::test]
async fn a_control_character_in_an_uploaded_file_name_cannot_break_the_download() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let loc = app.location(&dealer).um4730().hwkc("11-10465601").await.id;
    let path = format!("/api/v1/admin/locations/{loc}/external-license-file");
    let mut refused_by_rule = 0;
    for name in [
        "a\tb.lic",
        "evil\u{1}.lic",
        "evil\u{7f}.lic",
        "x\u{1b}[31m.lic",
    ] {
        // Sent as the bytes they are, not percent-encoded.
        let form = Form::new().percent_encode_noop().part(
            "file",
            Part::bytes(b"X".to_vec()).file_name(name.to_owned()),
        );
        let req = app
            .client
            .put(app.url(&path))
            .bearer_auth(&app.admin_token)
            .multipart(form);
        let reply = send(req).await;
        // Refused: by our file-name rule, or earlier by the multipart parser. Never stored.
        match (reply.status.as_u16(), reply.body["error"]["code"].as_str()) {
            (422, Some("INVALID_FILE_NAME")) => refused_by_rule += 1,
            (400, Some("INVALID_UPLOAD")) => {}
            other => panic!("{name:?}: {other:?} {}", reply.body),
        }
    }
    assert!(refused_by_rule >= 1, "the file-name rule was never reached");
    // Nothing was stored, so the location still has no file.
    let download = app.license_file(&dealer.token, &loc).await;
    assert_eq!(download.status(), 409);
}
