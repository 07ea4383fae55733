//! Product rules through the API (SPEC §4): MobiCall and MobiBox parts, DECT-NS's single
//! messaging license, IP DECT's feature quantities, external products' whole POs, RCC.

use crate::helpers::{PartnerFixture, Reply, TestApp, id_of, spawn_app_with_dealer};

/// Activates every attachment of `location` still attached.
async fn activate_all(app: &TestApp, dealer: &PartnerFixture, location: &str) -> Reply {
    let licenses = app.licenses(&dealer.token, location).await;
    let ids: Vec<String> = licenses["attached"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    app.activate(&dealer.token, location, &ids).await
}

#[tokio::test]
async fn mobicall_parts_ending_in_m_go_to_supervisors_only() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let t = &dealer.token;
    let master = app.location(&dealer).of_type("MOBICALL_MASTER").await.id;
    let supervisor = app
        .location(&dealer)
        .of_type("MOBICALL_SUPERVISOR")
        .hwkc("1A30")
        .child_of(&master)
        .await
        .id;
    let mobibox = app
        .location(&dealer)
        .of_type("MOBIBOX")
        .hwkc("1A31")
        .await
        .id;
    let lines = app
        .ship(&dealer, &[("MOBI-USR-10", 3), ("MOBI-USR-10-M", 3)])
        .await
        .line_ids();
    let (master_part, supervisor_part) = (&lines[0], &lines[1]);

    app.attach(t, &master, &[(supervisor_part, 1)])
        .await
        .expect_error(409, "MOBICALL_SUPERVISOR_ONLY");
    app.attach(t, &mobibox, &[(supervisor_part, 1)])
        .await
        .expect_error(409, "MOBICALL_SUPERVISOR_ONLY");
    app.attach(t, &supervisor, &[(master_part, 1)])
        .await
        .expect_error(409, "MOBICALL_MASTER_ONLY");
    // External products take whole POs: these POs have two lines, so split attaches fail too.
    let whole_master = app.ship(&dealer, &[("MOBI-USR-10", 2)]).await;
    let whole_master = whole_master.line("MOBI-USR-10");
    app.attach(t, &master, &[(&whole_master, 1)])
        .await
        .expect_error(409, "ATTACH_NOT_ALLOWED");
    app.attach(t, &master, &[(&whole_master, 2)])
        .await
        .expect(201);
    let whole_box = app.ship(&dealer, &[("MOBI-USR-10", 1)]).await;
    app.attach(t, &mobibox, &[(&whole_box.line("MOBI-USR-10"), 1)])
        .await
        .expect(201);
    let whole_supervisor = app.ship(&dealer, &[("MOBI-USR-10-M", 1)]).await;
    app.attach(
        t,
        &supervisor,
        &[(&whole_supervisor.line("MOBI-USR-10-M"), 1)],
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn dect_ns_takes_one_dmls_license_and_nothing_else_ever() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let t = &dealer.token;
    let ns = app.location(&dealer).of_type("DECT_NS").await.id;
    let line = app.ship(&dealer, &[("EU910010", 3)]).await.line("EU910010");
    app.attach(t, &ns, &[(&line, 2)]).await.expect(201);
    activate_all(&app, &dealer, &ns)
        .await
        .expect_error(409, "NOT_APPLICABLE");
    let two = id_of(&app.licenses(t, &ns).await["attached"][0]);
    app.detach(t, &ns, &two, Some(1)).await.expect(204);
    activate_all(&app, &dealer, &ns).await.expect(201);
    // Expansion is not possible: a second EU910010 is refused.
    app.attach(t, &ns, &[(&line, 1)]).await.expect(201);
    activate_all(&app, &dealer, &ns)
        .await
        .expect_error(409, "NOT_APPLICABLE");
}

#[tokio::test]
async fn ip_dect_feature_quantities_must_match_the_access_points() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let t = &dealer.token;
    let dect = app.location(&dealer).ip_dect().hwkc("1009FFF0").await.id;
    // EU917062 AP, EU917063 DSWU, EU917064 messaging, EU917065 location.
    let lines = app
        .ship(
            &dealer,
            &[
                ("EU917062", 4),
                ("EU917063", 4),
                ("EU917064", 4),
                ("EU917065", 4),
            ],
        )
        .await
        .line_ids();
    app.attach(
        t,
        &dect,
        &[
            (&lines[0], 2),
            (&lines[1], 1),
            (&lines[2], 2),
            (&lines[3], 2),
        ],
    )
    .await
    .expect(201);
    let refused = activate_all(&app, &dealer, &dect)
        .await
        .expect_error(409, "INVALID_FEATURE_QUANTITY");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("DSWU"),
        "{refused}"
    );
    app.attach(t, &dect, &[(&lines[1], 1)]).await.expect(201);
    let activated = activate_all(&app, &dealer, &dect).await.expect(201);
    let stacked = activated["stacked"].as_array().unwrap();
    assert!(
        stacked
            .iter()
            .any(|f| f["feature"] == "dect.dap" && f["value"] == 2),
        "{activated}"
    );
}

#[tokio::test]
async fn rcc_files_are_available_at_once() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let t = &dealer.token;
    let rcc = app.location(&dealer).of_type("RCC").await.id;
    let lines = app
        .ship(&dealer, &[("RCC-BASE", 1), ("RCC-AGENT-1", 5)])
        .await
        .line_ids();
    app.attach(t, &rcc, &[(&lines[0], 1)])
        .await
        .expect_error(409, "ATTACH_NOT_ALLOWED");
    app.attach(t, &rcc, &[(&lines[0], 1), (&lines[1], 5)])
        .await
        .expect(201);
    let activated = activate_all(&app, &dealer, &rcc).await.expect(201);
    assert!(activated["activation_code"].as_str().is_some());
    app.download(t, &rcc).await;
}

#[tokio::test]
async fn an_sv9500_small_enterprise_takes_at_most_1536_ip_ports() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let t = &dealer.token;
    let se = app
        .location(&dealer)
        .of_type("SV9500_SE")
        .with("mac_address", "6CE4DA01378D")
        .await
        .id;
    // 16 ports a unit: 90 activated + 6 attached = 1,536, the cap.
    app.activate_new(&dealer, &se, &[("BE114200", 90)]).await;
    let lines = app.ship(&dealer, &[("BE114200", 10)]).await.line_ids();
    app.attach(t, &se, &[(&lines[0], 6)]).await.expect(201);

    let over = app
        .attach(t, &se, &[(&lines[0], 1)])
        .await
        .expect_error(409, "PORT_CAPACITY_EXCEEDED");
    assert_eq!(over["error"]["details"]["max"], 1536);
    assert_eq!(over["error"]["details"]["would_be"], 1552);
    assert_eq!(app.bin_line(t, &lines[0]).await["available"], 4);
    // What is attached activates: exactly the cap.
    activate_all(&app, &dealer, &se).await.expect(201);
    let licenses = app.licenses(t, &se).await;
    let ports = licenses["stacked"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["feature"] == "ports.ip")
        .unwrap()["value"]
        .clone();
    assert_eq!(ports, 1536);
}
