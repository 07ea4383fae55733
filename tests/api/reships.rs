//! Reships (SPEC §6): a distributor moves quantities from its bin to a dealer it may ship
//! to; the dealer gets a PO of origin `reship`; the distributor lists what it resold.

use serde_json::{Value, json};

use crate::helpers::{PartnerFixture, TestApp, assert_invariant, spawn_app_with_pool};

/// A distributor with a shipped PO, a dealer it may ship to, and the dealer's user e-mail.
async fn channel(app: &TestApp) -> (PartnerFixture, PartnerFixture, Vec<String>) {
    let distributor = app.distributor().await;
    let dealer = app.dealer().await;
    app.post(
        "/admin/shipping-allowances",
        &app.admin_token,
        &json!({"distributor_id": distributor.id, "dealer_id": dealer.id}),
    )
    .await
    .expect(201);
    let lines = app
        .ship(
            &distributor,
            &[("SV9100-IPPORT-8", 10), ("SV9100-SIPTRK-4", 5)],
        )
        .po("DIST-PO-1")
        .await
        .line_ids();
    (distributor, dealer, lines)
}

fn reship_body(dealer: &PartnerFixture, po: &str, lines: &[(&str, i64)]) -> Value {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(id, q)| json!({"po_line_id": id, "quantity": q}))
        .collect();
    json!({"dealer_email": dealer.email, "so_number": "SO-R-1", "po_number": po, "lines": lines})
}

#[tokio::test]
async fn a_reship_moves_quantities_to_the_dealers_bin_in_one_go() {
    // Arrange
    let (app, pool) = spawn_app_with_pool(|_| {}).await;
    let (distributor, dealer, lines) = channel(&app).await;

    // Act
    let done = app
        .post(
            "/reships",
            &distributor.token,
            &reship_body(&dealer, "DEALER-PO-1", &[(&lines[0], 4), (&lines[1], 5)]),
        )
        .await
        .expect(201);

    // Assert: out of the distributor's lines, into a new PO of the dealer's.
    assert_eq!(done["dealer_id"], dealer.id.as_str());
    assert_eq!(done["lines"].as_array().unwrap().len(), 2);
    let ports = app.bin_line(&distributor.token, &lines[0]).await;
    assert_eq!(
        (ports["available"].as_i64(), ports["reshipped"].as_i64()),
        (Some(6), Some(4))
    );
    assert_invariant(&ports);
    assert_eq!(
        app.bin_line(&distributor.token, &lines[1]).await["available"],
        0
    );
    let bin = app.get("/license-bin", &dealer.token).await.expect(200);
    let po = &bin["items"][0];
    assert_eq!(po["po_number"], "DEALER-PO-1");
    assert_eq!(po["so_number"], "SO-R-1");
    assert_eq!(po["origin"], "reship");
    let got: Vec<(String, i64)> = po["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            assert_invariant(l);
            (
                l["part_number"].as_str().unwrap().to_owned(),
                l["available"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("SV9100-IPPORT-8".to_owned(), 4),
            ("SV9100-SIPTRK-4".to_owned(), 5)
        ]
    );
    let resold = app.get("/reships", &distributor.token).await.expect(200);
    assert_eq!(resold["items"][0]["dealer_name"], done["dealer_name"]);
    assert_eq!(resold["items"][0]["lines"], done["lines"]);
    let count = async |query: String| {
        app.get(&format!("/reships?{query}"), &distributor.token)
            .await
            .expect(200)["items"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count(format!("dealer_id={}", dealer.id)).await, 1);
    assert_eq!(
        count(format!("dealer_id={}", uuid::Uuid::new_v4())).await,
        0
    );
    assert_eq!(
        count("from=2000-01-01T00:00:00Z&to=2099-01-01T00:00:00Z".into()).await,
        1
    );
    assert_eq!(count("from=2099-01-01T00:00:00Z".into()).await, 0);
    assert_eq!(count("to=2000-01-01T00:00:00Z".into()).await, 0);
    assert_eq!(
        app.get("/reships", &dealer.token).await.expect(200)["items"],
        json!([])
    );
    let mut c = pool.get().unwrap();
    let events = lms_store::outbox::of_partner(&mut c, dealer.id.parse().unwrap()).unwrap();
    assert_eq!(events[0].event_type, "reship.received");
}

#[tokio::test]
async fn a_reship_that_cannot_go_through_changes_nothing() {
    // Arrange
    let app = crate::helpers::spawn_app().await;
    let (distributor, dealer, lines) = channel(&app).await;
    let stranger = app.dealer().await;
    let t = &distributor.token;
    let before = app.bin_lines(t).await;

    // Act / Assert
    let too_much = reship_body(&dealer, "D-1", &[(&lines[0], 2), (&lines[1], 6)]);
    let refused = app.post("/reships", t, &too_much).await;
    let body = refused.expect_error(409, "NOT_ENOUGH_QUANTITY");
    assert_eq!(body["error"]["field"], "/lines/1/quantity");
    assert_eq!(body["error"]["details"]["available"], 5);
    let no_allowance = reship_body(&stranger, "D-2", &[(&lines[0], 1)]);
    app.post("/reships", t, &no_allowance)
        .await
        .expect_error(403, "NO_SHIPPING_ALLOWANCE");
    let mut nobody = reship_body(&dealer, "D-3", &[(&lines[0], 1)]);
    nobody["dealer_email"] = json!("nobody@nowhere.example");
    app.post("/reships", t, &nobody)
        .await
        .expect_error(403, "NO_SHIPPING_ALLOWANCE");
    let foreign = app
        .ship(&stranger, &[("SV9100-IPPORT-8", 3)])
        .await
        .line_ids();
    let not_mine = reship_body(&dealer, "D-4", &[(&foreign[0], 1)]);
    app.post("/reships", t, &not_mine)
        .await
        .expect_error(404, "UNKNOWN_PO_LINE");
    let twice = reship_body(&dealer, "D-5", &[(&lines[0], 1), (&lines[0], 1)]);
    app.post("/reships", t, &twice)
        .await
        .expect_error(422, "INVALID_FIELD");
    let by_dealer = reship_body(&stranger, "D-6", &[(&foreign[0], 1)]);
    app.post("/reships", &stranger.token, &by_dealer)
        .await
        .expect_error(403, "FORBIDDEN");
    assert_eq!(app.bin_lines(t).await, before);
    assert_eq!(
        app.get("/license-bin", &dealer.token).await.expect(200)["items"],
        json!([])
    );

    // A PO number the dealer already has.
    let first = reship_body(&dealer, "D-7", &[(&lines[0], 1)]);
    app.post("/reships", t, &first).await.expect(201);
    app.post("/reships", t, &first)
        .await
        .expect_error(409, "PO_EXISTS");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_reships_from_one_line_never_oversell() {
    // Arrange: a line of 10; 12 clients ask 3 each, so at most 3 can win.
    let app = crate::helpers::spawn_app().await;
    let (distributor, dealer, lines) = channel(&app).await;

    // Act
    let app = std::sync::Arc::new(app);
    let replies = crate::helpers::at_once(12, |i| {
        let (app, token) = (app.clone(), distributor.token.clone());
        let body = reship_body(&dealer, &format!("RACE-{i}"), &[(&lines[0], 3)]);
        async move { app.post("/reships", &token, &body).await }
    })
    .await;

    // Assert
    let won = replies.iter().filter(|r| r.status == 201).count();
    let lost: Vec<&str> = replies
        .iter()
        .filter(|r| r.status != 201)
        .map(|r| r.code())
        .collect();
    assert_eq!(won, 3, "{lost:?}");
    assert!(lost.iter().all(|c| *c == "NOT_ENOUGH_QUANTITY"), "{lost:?}");
    let line = app.bin_line(&distributor.token, &lines[0]).await;
    assert_invariant(&line);
    assert_eq!(
        (line["available"].as_i64(), line["reshipped"].as_i64()),
        (Some(1), Some(9))
    );
    let received: i64 = app.get("/license-bin", &dealer.token).await.expect(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|po| po["lines"][0]["available"].as_i64().unwrap())
        .sum();
    assert_eq!(received, 9);

    // Resold licenses: newest first, paged without gaps or repeats.
    let first = app
        .get("/reships?limit=2", &distributor.token)
        .await
        .expect(200);
    let cursor = first["next_cursor"].as_str().expect("a second page");
    let rest = app
        .get(
            &format!("/reships?limit=2&cursor={cursor}"),
            &distributor.token,
        )
        .await
        .expect(200);
    let listed: Vec<&Value> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest["items"].as_array().unwrap())
        .collect();
    let ids: Vec<&str> = listed.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut newest_first = ids.clone();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!((ids.len(), &ids), (3, &newest_first));
}
