//! The legacy DECT license upload: parsed, confirmed by the partner, imported once on a vendor
//! admin's approval (or rejected with a reason), with the guide's error codes for bad files.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{PartnerFixture, Reply, TestApp, at_once, spawn_app, spawn_app_with_dealer};

const LEGACY: &str = "[DECT-LICENSE]\nPARI=1009FFFE\nFEATURE=EU917062,4,2019-03-12\nFEATURE=EU917064,4,2019-03-12\nFEATURE=EU917062,2,2020-01-05\nEND\n";

/// An IP DECT location with this PARI.
async fn dect_location(app: &TestApp, dealer: &PartnerFixture, pari: &str) -> String {
    app.location(dealer).ip_dect().hwkc(pari).await.id
}

/// Uploads `text` as the legacy DECT license file of `loc`.
async fn upload(app: &TestApp, token: &str, loc: &str, text: &str) -> Reply {
    let path = format!("/locations/{loc}/dect-license-upload");
    app.upload_file(Method::POST, &path, token, "dect.lic", text.as_bytes())
        .await
}

/// Asks to import upload `id` of `loc`; answers the reply.
async fn import(app: &TestApp, token: &str, loc: &str, id: &str) -> Reply {
    let path = format!("/locations/{loc}/dect-license-upload/{id}/import");
    app.post(&path, token, &json!({})).await
}

/// Uploads `text` for `loc` and confirms it; returns the upload id (now pending).
async fn request_import(app: &TestApp, dealer: &PartnerFixture, loc: &str, text: &str) -> String {
    let parsed = upload(app, &dealer.token, loc, text).await.expect(201);
    let id = parsed["upload_id"].as_str().unwrap().to_owned();
    let requested = import(app, &dealer.token, loc, &id).await.expect(202);
    assert_eq!(requested["state"], "pending");
    id
}

/// The stacked value of `feature` at `loc`.
async fn stacked(app: &TestApp, token: &str, loc: &str, feature: &str) -> serde_json::Value {
    let licenses = app.licenses(token, loc).await;
    let stacked = licenses["stacked"].as_array().unwrap();
    let found = stacked.iter().find(|s| s["feature"] == feature).unwrap();
    found["value"].clone()
}

#[tokio::test]
async fn a_legacy_dect_file_is_parsed_confirmed_and_activated_only_on_a_vendor_admins_approval() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let loc = dect_location(&app, &dealer, "1009FFFE").await;

    let parsed = upload(&app, &dealer.token, &loc, LEGACY).await.expect(201);
    assert_eq!(parsed["state"], "parsed");
    assert_eq!(parsed["licenses"].as_array().unwrap().len(), 3);
    assert_eq!(
        parsed["licenses"][0],
        json!({"part_number": "EU917062", "quantity": 4, "issued_on": "2019-03-12"})
    );
    let upload_id = parsed["upload_id"].as_str().unwrap();

    a_confirmation_is_only_a_request(&app, &dealer, &loc, upload_id).await;
    the_vendor_admin_approves_what_was_parsed(&app, &dealer, &loc, &parsed).await;
    the_import_happens_once(&app, &dealer, &loc, upload_id).await;
}

/// The partner's confirmation is a request: nothing is activated, no file is made, and the
/// partner can neither approve it nor see the queue.
async fn a_confirmation_is_only_a_request(
    app: &TestApp,
    dealer: &PartnerFixture,
    loc: &str,
    upload_id: &str,
) {
    let requested = import(app, &dealer.token, loc, upload_id).await.expect(202);
    assert_eq!(requested["state"], "pending");
    assert_eq!(
        app.licenses(&dealer.token, loc).await["activated"],
        json!([])
    );
    app.get(&format!("/locations/{loc}/license-file"), &dealer.token)
        .await
        .expect_error(409, "NOTHING_ACTIVATED");
    let approve = format!("/admin/dect-imports/{upload_id}/approve");
    app.post(&approve, &dealer.token, &json!({}))
        .await
        .expect_error(403, "FORBIDDEN");
    app.get("/admin/dect-imports", &dealer.token)
        .await
        .expect_error(403, "FORBIDDEN");
}

/// The vendor admin sees the request with its parsed content and approves it, once.
async fn the_vendor_admin_approves_what_was_parsed(
    app: &TestApp,
    dealer: &PartnerFixture,
    loc: &str,
    parsed: &serde_json::Value,
) {
    let upload_id = parsed["upload_id"].as_str().unwrap();
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
    let approve = format!("/admin/dect-imports/{upload_id}/approve");
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
    assert_eq!(
        stacked(app, &dealer.token, loc, "dect.dap").await,
        6,
        "both EU917062 lines count"
    );
    app.post(&approve, &app.admin_token, &json!({}))
        .await
        .expect_error(409, "DECT_IMPORT_NOT_PENDING");
    let seen = app
        .get(&format!("/locations/{loc}/dect-imports"), &dealer.token)
        .await
        .expect(200);
    assert_eq!(seen[0]["state"], "approved");
}

/// Once only: a second upload or import is not applicable, and the imported licenses are
/// activated, never in the bin.
async fn the_import_happens_once(
    app: &TestApp,
    dealer: &PartnerFixture,
    loc: &str,
    upload_id: &str,
) {
    upload(app, &dealer.token, loc, LEGACY)
        .await
        .expect_error(409, "NOT_APPLICABLE");
    import(app, &dealer.token, loc, upload_id)
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
    let (app, dealer) = spawn_app_with_dealer().await;
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
    assert_eq!(
        app.licenses(&dealer.token, &loc).await["activated"],
        json!([])
    );
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
    let (app, dealer) = spawn_app_with_dealer().await;
    let loc = dect_location(&app, &dealer, "1009FFFE").await;
    for features in [
        "FEATURE=EU917062,4294967295,2019-03-12\n",
        "FEATURE=EU917062,10001,2019-03-12\n",
        "FEATURE=EU917062,6000,2019-03-12\nFEATURE=EU917062,4001,2019-03-12\n",
    ] {
        let text = format!("[DECT-LICENSE]\nPARI=1009FFFE\n{features}END\n");
        upload(&app, &dealer.token, &loc, &text)
            .await
            .expect_error(422, "INVALID_FEATURE_QUANTITY");
    }
    let at_cap = "[DECT-LICENSE]\nPARI=1009FFFE\nFEATURE=EU917062,6000,2019-03-12\nFEATURE=EU917062,4000,2019-03-12\nEND\n";
    upload(&app, &dealer.token, &loc, at_cap).await.expect(201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_parallel_import_requests_for_one_location_let_one_through() {
    let app = std::sync::Arc::new(spawn_app().await);
    let dealer = app.dealer().await;
    let loc = dect_location(&app, &dealer, "1009FFFE").await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let parsed = upload(&app, &dealer.token, &loc, LEGACY).await.expect(201);
        ids.push(parsed["upload_id"].as_str().unwrap().to_owned());
    }

    let mut outcomes = at_once(2, |i| {
        let (app, token) = (app.clone(), dealer.token.clone());
        let (loc, id) = (loc.clone(), ids[i].clone());
        async move {
            let reply = import(&app, &token, &loc, &id).await;
            (reply.status.as_u16(), reply.code().to_owned())
        }
    })
    .await;
    outcomes.sort();

    assert_eq!(
        outcomes,
        [
            (202, "<no error code>".to_owned()),
            (409, "NOT_APPLICABLE".to_owned())
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
    let (app, dealer) = spawn_app_with_dealer().await;
    let loc = dect_location(&app, &dealer, "1009FFFD").await;
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
        let body = upload(&app, &dealer.token, &loc, content)
            .await
            .expect_error(422, code);
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("What to do"),
            "{body}"
        );
    }
    let other = app.location(&dealer).sl1000().hwkc("280001451399").await.id;
    app.upload_file(
        Method::POST,
        &format!("/locations/{other}/dect-license-upload"),
        &dealer.token,
        "x.lic",
        LEGACY.as_bytes(),
    )
    .await
    .expect_error(409, "NOT_APPLICABLE");
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
    assert_eq!(
        stacked(&app, &dealer.token, &loc, "dect.dap").await,
        6,
        "activated once, not twice"
    );
}
