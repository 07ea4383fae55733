//! Files from outside: the legacy DECT license upload (parse, confirm, import once, only
//! before any activation) and an external product's license file supplied by the vendor.

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::helpers::{PartnerFixture, Reply, TestApp, at_once, spawn_app};

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
    app.location_of(&dealer.token, "IP_DECT", pari).await
}

const LEGACY: &str = "[DECT-LICENSE]\nPARI=1009FFFE\nFEATURE=EU917062,4,2019-03-12\nFEATURE=EU917064,4,2019-03-12\nFEATURE=EU917062,2,2020-01-05\nEND\n";

/// Uploads `text` for `loc` and confirms it; returns the upload id (now pending).
async fn request_import(app: &TestApp, dealer: &PartnerFixture, loc: &str, text: &str) -> String {
    let path = format!("/locations/{loc}/dect-license-upload");
    let parsed = upload(
        app,
        &dealer.token,
        reqwest::Method::POST,
        &path,
        "dect.lic",
        text,
    )
    .await
    .expect(201);
    let id = parsed["upload_id"].as_str().unwrap().to_owned();
    let requested = app
        .post(&format!("{path}/{id}/import"), &dealer.token, &json!({}))
        .await
        .expect(202);
    assert_eq!(requested["state"], "pending");
    id
}

#[tokio::test]
async fn a_legacy_dect_file_is_parsed_confirmed_and_activated_only_on_a_vendor_admins_approval() {
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
    assert_eq!(parsed["state"], "parsed");
    assert_eq!(parsed["licenses"].as_array().unwrap().len(), 3);
    assert_eq!(
        parsed["licenses"][0],
        json!({"part_number": "EU917062", "quantity": 4, "issued_on": "2019-03-12"})
    );

    // The partner's confirmation is a request: nothing is activated, no file is made.
    let upload_id = parsed["upload_id"].as_str().unwrap();
    let requested = app
        .post(
            &format!("{path}/{upload_id}/import"),
            &dealer.token,
            &json!({}),
        )
        .await
        .expect(202);
    assert_eq!(requested["state"], "pending");
    let activated = || async {
        app.get(&format!("/locations/{loc}/licenses"), &dealer.token)
            .await
            .expect(200)
    };
    assert_eq!(activated().await["activated"], json!([]));
    app.get(&format!("/locations/{loc}/license-file"), &dealer.token)
        .await
        .expect_error(409, "NOTHING_ACTIVATED");
    // A partner cannot approve its own request, nor see the queue.
    let approve = format!("/admin/dect-imports/{upload_id}/approve");
    app.post(&approve, &dealer.token, &json!({}))
        .await
        .expect_error(403, "FORBIDDEN");
    app.get("/admin/dect-imports", &dealer.token)
        .await
        .expect_error(403, "FORBIDDEN");

    // The vendor admin sees the request with its parsed content and approves it.
    let queue = app
        .get("/admin/dect-imports", &app.admin_token)
        .await
        .expect(200);
    let listed = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["upload_id"] == upload_id)
        .expect("the request is in the admin's queue");
    assert_eq!(listed["hwkc"], "1009FFFE");
    assert_eq!(listed["licenses"], parsed["licenses"]);
    let approved = app
        .post(&approve, &app.admin_token, &json!({}))
        .await
        .expect(200);
    assert_eq!(approved["import"]["state"], "approved");
    assert!(
        approved["license_file"]["activation_code"]
            .as_str()
            .is_some()
    );
    let licenses = activated().await;
    let dap = licenses["stacked"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["feature"] == "dect.dap")
        .unwrap()
        .clone();
    assert_eq!(dap["value"], 6, "both EU917062 lines count");
    app.post(&approve, &app.admin_token, &json!({}))
        .await
        .expect_error(409, "DECT_IMPORT_NOT_PENDING");
    let seen = app
        .get(&format!("/locations/{loc}/dect-imports"), &dealer.token)
        .await
        .expect(200);
    assert_eq!(seen[0]["state"], "approved");

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
async fn a_rejected_dect_import_shows_its_reason_and_the_partner_may_upload_again() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let loc = dect_location(&app, &dealer, "1009FFFE").await;
    let id = request_import(&app, &dealer, &loc, LEGACY).await;
    let reject = format!("/admin/dect-imports/{id}/reject");
    app.post(&reject, &app.admin_token, &json!({"reason": " "}))
        .await
        .expect_error(422, "INVALID_FIELD");

    let rejected = app
        .post(
            &reject,
            &app.admin_token,
            &json!({"reason": "No purchase history for this PARI."}),
        )
        .await
        .expect(200);

    assert_eq!(rejected["state"], "rejected");
    let seen = app
        .get(&format!("/locations/{loc}/dect-imports"), &dealer.token)
        .await
        .expect(200);
    assert_eq!(
        (&seen[0]["state"], &seen[0]["rejection_reason"]),
        (
            &json!("rejected"),
            &json!("No purchase history for this PARI.")
        )
    );
    let licenses = app
        .get(&format!("/locations/{loc}/licenses"), &dealer.token)
        .await
        .expect(200);
    assert_eq!(licenses["activated"], json!([]));
    app.post(
        &format!("/admin/dect-imports/{id}/approve"),
        &app.admin_token,
        &json!({}),
    )
    .await
    .expect_error(409, "DECT_IMPORT_NOT_PENDING");
    request_import(&app, &dealer, &loc, LEGACY).await;
}

#[tokio::test]
async fn legacy_quantities_are_capped_per_line_and_per_part() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let loc = dect_location(&app, &dealer, "1009FFFE").await;
    let path = format!("/locations/{loc}/dect-license-upload");
    for features in [
        "FEATURE=EU917062,4294967295,2019-03-12\n",
        "FEATURE=EU917062,10001,2019-03-12\n",
        "FEATURE=EU917062,6000,2019-03-12\nFEATURE=EU917062,4001,2019-03-12\n",
    ] {
        let text = format!("[DECT-LICENSE]\nPARI=1009FFFE\n{features}END\n");
        upload(
            &app,
            &dealer.token,
            reqwest::Method::POST,
            &path,
            "dect.lic",
            &text,
        )
        .await
        .expect_error(422, "INVALID_FEATURE_QUANTITY");
    }
    let at_cap = "[DECT-LICENSE]\nPARI=1009FFFE\nFEATURE=EU917062,6000,2019-03-12\nFEATURE=EU917062,4000,2019-03-12\nEND\n";
    upload(
        &app,
        &dealer.token,
        reqwest::Method::POST,
        &path,
        "dect.lic",
        at_cap,
    )
    .await
    .expect(201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_parallel_import_requests_for_one_location_let_one_through() {
    let app = std::sync::Arc::new(spawn_app().await);
    let dealer = app.dealer().await;
    let loc = dect_location(&app, &dealer, "1009FFFE").await;
    let path = format!("/locations/{loc}/dect-license-upload");
    let mut ids = Vec::new();
    for _ in 0..2 {
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
        ids.push(parsed["upload_id"].as_str().unwrap().to_owned());
    }

    let mut outcomes = at_once(2, |i| {
        let (app, token) = (app.clone(), dealer.token.clone());
        let url = format!("{path}/{}/import", ids[i]);
        async move {
            let reply = app.post(&url, &token, &json!({})).await;
            (reply.status.as_u16(), reply.code().to_owned())
        }
    })
    .await;
    outcomes.sort();

    assert_eq!(
        outcomes,
        [
            (202, "<no error code>".to_owned()),
            (422, "NOT_APPLICABLE".to_owned())
        ]
    );
    let queue = app
        .get("/admin/dect-imports", &app.admin_token)
        .await
        .expect(200);
    let for_loc = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["location_id"] == loc.as_str())
        .count();
    assert_eq!(for_loc, 1);
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
    let loc = app
        .location_of(&dealer.token, "UM4730", "11-10465600")
        .await;
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

#[tokio::test]
async fn a_control_character_in_an_uploaded_file_name_cannot_break_the_download() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let loc = app
        .location_of(&dealer.token, "UM4730", "11-10465601")
        .await;
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
        let res = app
            .client
            .put(app.url(&path))
            .bearer_auth(&app.admin_token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        // Refused: by our file-name rule, or earlier by the multipart parser. Never stored.
        match (status, body["error"]["code"].as_str()) {
            (422, Some("INVALID_FILE_NAME")) => refused_by_rule += 1,
            (400, Some("INVALID_UPLOAD")) => {}
            other => panic!("{name:?}: {other:?} {body}"),
        }
    }
    assert!(refused_by_rule >= 1, "the file-name rule was never reached");
    // Nothing was stored, so the location still has no file.
    let download = app
        .client
        .get(app.url(&format!("/api/v1/locations/{loc}/license-file")))
        .bearer_auth(&dealer.token)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 409);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_parallel_approvals_activate_the_import_once() {
    let app = std::sync::Arc::new(spawn_app().await);
    let dealer = app.dealer().await;
    let loc = dect_location(&app, &dealer, "1009FFFE").await;
    let id = request_import(&app, &dealer, &loc, LEGACY).await;
    let url = format!("/admin/dect-imports/{id}/approve");
    let mut outcomes = at_once(2, |_| {
        let (app, url) = (app.clone(), url.clone());
        async move {
            let reply = app.post(&url, &app.admin_token, &json!({})).await;
            (reply.status.as_u16(), reply.code().to_owned())
        }
    })
    .await;
    outcomes.sort();

    assert_eq!(
        outcomes,
        [
            (200, "<no error code>".to_owned()),
            (409, "DECT_IMPORT_NOT_PENDING".to_owned())
        ]
    );
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
    assert_eq!(dap["value"], 6, "activated once, not twice");
}
