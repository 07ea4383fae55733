//! Files from outside: the legacy DECT license upload (parse, confirm, import once, only
//! before any activation) and an external product's license file supplied by the vendor.

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::helpers::{PartnerFixture, Reply, TestApp, spawn_app};

async fn upload(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    name: &str,
    content: &str,
) -> Reply {
    let form = Form::new().part(
        "file",
        Part::bytes(content.as_bytes().to_vec()).file_name(name.to_owned()),
    );
    let res = app
        .client
        .request(method, app.url(&format!("/api/v1{path}")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.json::<Value>().await.unwrap_or(Value::Null);
    Reply {
        status,
        body,
        headers,
    }
}

async fn dect_location(app: &TestApp, dealer: &PartnerFixture, pari: &str) -> String {
    let customer = app.customer(&dealer.token, "DECT site").await;
    app.create_location(
        &dealer.token,
        &customer,
        json!({"name": "DECT", "system_type": "IP_DECT", "hwkc": pari}),
    )
    .await
    .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

const LEGACY: &str = "[DECT-LICENSE]\nPARI=1009FFFE\nFEATURE=EU917062,4,2019-03-12\nFEATURE=EU917064,4,2019-03-12\nFEATURE=EU917062,2,2020-01-05\nEND\n";

#[tokio::test]
async fn a_legacy_dect_file_is_parsed_confirmed_and_imported_once() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let loc = dect_location(&app, &dealer, "1009FFFE").await;
    let path = format!("/locations/{loc}/dect-license-upload");

    let parsed = upload(
        &app,
        &dealer.token,
        reqwest::Method::POST,
        &path,
        "dect.lic",
        LEGACY,
    )
    .await
    .expect(201);
    assert_eq!(parsed["licenses"].as_array().unwrap().len(), 3);
    assert_eq!(
        parsed["licenses"][0],
        json!({"part_number": "EU917062", "quantity": 4, "issued_on": "2019-03-12"})
    );
    // Nothing is activated until the partner confirms.
    assert_eq!(
        app.get(&format!("/locations/{loc}/licenses"), &dealer.token)
            .await
            .expect(200)["activated"],
        json!([])
    );

    let upload_id = parsed["upload_id"].as_str().unwrap();
    let imported = app
        .post(
            &format!("{path}/{upload_id}/import"),
            &dealer.token,
            &json!({}),
        )
        .await
        .expect(201);
    assert!(imported["activation_code"].as_str().is_some());
    let licenses = app
        .get(&format!("/locations/{loc}/licenses"), &dealer.token)
        .await
        .expect(200);
    let dap = licenses["stacked"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["feature"] == "dect.dap")
        .unwrap()
        .clone();
    assert_eq!(dap["value"], 6, "both EU917062 lines count");

    // Once only: a second upload or import is not applicable.
    upload(
        &app,
        &dealer.token,
        reqwest::Method::POST,
        &path,
        "dect.lic",
        LEGACY,
    )
    .await
    .expect_error(422, "NOT_APPLICABLE");
    app.post(
        &format!("{path}/{upload_id}/import"),
        &dealer.token,
        &json!({}),
    )
    .await
    .expect_error(404, "NOT_FOUND");
    let bin = app
        .get("/license-bin?include_used=true", &dealer.token)
        .await
        .expect(200);
    let line = &bin["items"][0]["lines"][0];
    assert_eq!(
        line["shipped"], line["activated"],
        "imported licenses are activated, never in the bin"
    );
}

#[tokio::test]
async fn a_bad_legacy_file_answers_the_guides_codes() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let loc = dect_location(&app, &dealer, "1009FFFD").await;
    let path = format!("/locations/{loc}/dect-license-upload");
    let cases = [
        (
            "[DECT-LICENSE]\nPARI=1FFFFFF9\nFEATURE=EU917062,4,2019-03-12\nEND\n",
            "INVALID_HARDWARE_KEYCODE",
        ),
        (
            "[DECT-LICENSE]\nPARI=1009FFFD\nFEATURE=EU917062;4\nEND\n",
            "INVALID_FEATURE_CODE_STRING",
        ),
        (
            "[DECT-LICENSE]\nPARI=1009FFFD\nFEATURE=XX000000,4,2019-03-12\nEND\n",
            "INVALID_FEATURE_CODE",
        ),
        (
            "[DECT-LICENSE]\nPARI=1009FFFD\nFEATURE=EU917062,0,2019-03-12\nEND\n",
            "INVALID_FEATURE_QUANTITY",
        ),
        (
            "[DECT-LICENSE]\nPARI=1009FFFD\nFEATURE=EU917062,4,2019-13-40\nEND\n",
            "INVALID_FEATURE_TIMESTAMP",
        ),
    ];
    for (content, code) in cases {
        let reply = upload(
            &app,
            &dealer.token,
            reqwest::Method::POST,
            &path,
            "dect.lic",
            content,
        )
        .await;
        let body = reply.expect_error(422, code);
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("What to do"),
            "{body}"
        );
    }
    let sl = app.customer(&dealer.token, "Not DECT").await;
    let other = app
        .create_location(
            &dealer.token,
            &sl,
            json!({"name": "SL", "system_type": "SL1000", "hwkc": "280001451399"}),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    upload(
        &app,
        &dealer.token,
        reqwest::Method::POST,
        &format!("/locations/{other}/dect-license-upload"),
        "x.lic",
        LEGACY,
    )
    .await
    .expect_error(422, "NOT_APPLICABLE");
}

#[tokio::test]
async fn the_vendor_supplies_an_external_products_file() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let customer = app.customer(&dealer.token, "Mailbox").await;
    let loc = app
        .create_location(
            &dealer.token,
            &customer,
            json!({"name": "UM", "system_type": "UM4730", "hwkc": "11-10465600"}),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/admin/locations/{loc}/external-license-file");
    upload(
        &app,
        &app.admin_token,
        reqwest::Method::PUT,
        &path,
        "um.lic",
        "UM-LICENSE",
    )
    .await
    .expect_error(409, "NOTHING_ACTIVATED");

    let po = app
        .post(
            "/admin/shipments",
            &app.admin_token,
            &json!({"partner_id": dealer.id, "po_number": "UM-1", "so_number": "SO",
            "lines": [{"part_number": "UM4730-MBX-25", "quantity": 1}]}),
        )
        .await
        .expect(201);
    let attach = json!({"lines": [{"po_line_id": po["lines"][0]["id"], "quantity": 1}]});
    let attached = app
        .post(
            &format!("/locations/{loc}/attachments"),
            &dealer.token,
            &attach,
        )
        .await
        .expect(201);
    let activate = json!({"attachment_ids": [attached[0]["id"]], "accept_license_agreement": true});
    app.post(
        &format!("/locations/{loc}/activations"),
        &dealer.token,
        &activate,
    )
    .await
    .expect(201);
    app.get(&format!("/locations/{loc}/license-file"), &dealer.token)
        .await
        .expect_error(409, "LICENSE_FILE_NOT_AVAILABLE");

    upload(
        &app,
        &dealer.token,
        reqwest::Method::PUT,
        &path,
        "um.lic",
        "UM-LICENSE",
    )
    .await
    .expect_error(403, "FORBIDDEN");
    upload(
        &app,
        &app.admin_token,
        reqwest::Method::PUT,
        &path,
        "um.lic",
        "UM-LICENSE",
    )
    .await
    .expect(201);
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
            .contains("um.lic")
    );
    assert_eq!(file.text().await.unwrap(), "UM-LICENSE");

    let sl = app.customer(&dealer.token, "LMS product").await;
    let lms_loc = app
        .create_location(
            &dealer.token,
            &sl,
            json!({"name": "SL", "system_type": "SL1000", "hwkc": "280001451398"}),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    upload(
        &app,
        &app.admin_token,
        reqwest::Method::PUT,
        &format!("/admin/locations/{lms_loc}/external-license-file"),
        "x.lic",
        "X",
    )
    .await
    .expect_error(409, "NOT_AN_EXTERNAL_PRODUCT");
}
