//! Product rules through the API (SPEC §4): MobiCall and MobiBox parts, DECT-NS's single
//! messaging license, IP DECT's feature quantities, external products' whole POs, RCC.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{PartnerFixture, Reply, TestApp, spawn_app};

struct Site<'a> {
    app: &'a TestApp,
    dealer: &'a PartnerFixture,
    customer: String,
}

impl<'a> Site<'a> {
    async fn new(app: &'a TestApp, dealer: &'a PartnerFixture) -> Self {
        let customer = app.customer(&dealer.token, "Rules").await;
        Self {
            app,
            dealer,
            customer,
        }
    }

    async fn location(&self, system_type: &str, hwkc: &str) -> String {
        let body = json!({"name": system_type, "system_type": system_type, "hwkc": hwkc});
        self.app
            .create_location(&self.dealer.token, &self.customer, body)
            .await
            .expect(201)["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Ships a PO and returns its line ids by part number order of `lines`.
    async fn ship(&self, lines: &[(&str, i64)]) -> Vec<String> {
        let po_number = format!("PO-{}", uuid::Uuid::new_v4().simple());
        let lines: Vec<Value> = lines
            .iter()
            .map(|(p, q)| json!({"part_number": p, "quantity": q}))
            .collect();
        let body = json!({"partner_id": self.dealer.id, "po_number": po_number, "so_number": "SO", "lines": lines.clone()});
        let po = self
            .app
            .post("/admin/shipments", &self.app.admin_token, &body)
            .await
            .expect(201);
        lines
            .iter()
            .map(|l| {
                let line = po["lines"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|x| x["part_number"] == l["part_number"])
                    .unwrap();
                line["id"].as_str().unwrap().to_owned()
            })
            .collect()
    }

    async fn attach(&self, location: &str, lines: &[(&str, i64)]) -> Reply {
        let lines: Vec<Value> = lines
            .iter()
            .map(|(l, q)| json!({"po_line_id": l, "quantity": q}))
            .collect();
        self.app
            .post(
                &format!("/locations/{location}/attachments"),
                &self.dealer.token,
                &json!({"lines": lines}),
            )
            .await
    }

    async fn activate_all(&self, location: &str) -> Reply {
        let licenses = self
            .app
            .get(
                &format!("/locations/{location}/licenses"),
                &self.dealer.token,
            )
            .await
            .expect(200);
        let ids: Vec<Value> = licenses["attached"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].clone())
            .collect();
        let body = json!({"attachment_ids": ids, "accept_license_agreement": true});
        self.app
            .post(
                &format!("/locations/{location}/activations"),
                &self.dealer.token,
                &body,
            )
            .await
    }
}

#[tokio::test]
async fn mobicall_parts_ending_in_m_go_to_supervisors_only() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let site = Site::new(&app, &dealer).await;
    let master = site.location("MOBICALL_MASTER", "1A2F").await;
    let supervisor = app
        .post(
            &format!("/locations/{master}/children"),
            &dealer.token,
            &json!({"name": "Sup", "system_type": "MOBICALL_SUPERVISOR", "hwkc": "1A30"}),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mobibox = site.location("MOBIBOX", "1A31").await;
    let lines = site.ship(&[("MOBI-USR-10", 3), ("MOBI-USR-10-M", 3)]).await;
    let (master_part, supervisor_part) = (&lines[0], &lines[1]);

    site.attach(&master, &[(supervisor_part, 1)])
        .await
        .expect_error(422, "MOBICALL_SUPERVISOR_ONLY");
    site.attach(&mobibox, &[(supervisor_part, 1)])
        .await
        .expect_error(422, "MOBICALL_SUPERVISOR_ONLY");
    site.attach(&supervisor, &[(master_part, 1)])
        .await
        .expect_error(422, "MOBICALL_MASTER_ONLY");
    // External products take whole POs: these POs have two lines, so split attaches fail too.
    let whole_master = site.ship(&[("MOBI-USR-10", 2)]).await;
    site.attach(&master, &[(&whole_master[0], 1)])
        .await
        .expect_error(422, "ATTACH_NOT_ALLOWED");
    site.attach(&master, &[(&whole_master[0], 2)])
        .await
        .expect(201);
    let whole_box = site.ship(&[("MOBI-USR-10", 1)]).await;
    site.attach(&mobibox, &[(&whole_box[0], 1)])
        .await
        .expect(201);
    let whole_supervisor = site.ship(&[("MOBI-USR-10-M", 1)]).await;
    site.attach(&supervisor, &[(&whole_supervisor[0], 1)])
        .await
        .expect(201);
}

#[tokio::test]
async fn dect_ns_takes_one_dmls_license_and_nothing_else_ever() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let site = Site::new(&app, &dealer).await;
    let ns = site.location("DECT_NS", "1FFFFFF9").await;
    let lines = site.ship(&[("EU910010", 3)]).await;
    site.attach(&ns, &[(&lines[0], 2)]).await.expect(201);
    site.activate_all(&ns)
        .await
        .expect_error(422, "NOT_APPLICABLE");
    let licenses = app
        .get(&format!("/locations/{ns}/licenses"), &dealer.token)
        .await
        .expect(200);
    let two = licenses["attached"][0]["id"].as_str().unwrap();
    app.call(
        Method::DELETE,
        &format!("/locations/{ns}/attachments/{two}?quantity=1"),
        Some(&dealer.token),
        None,
    )
    .await
    .expect(204);
    site.activate_all(&ns).await.expect(201);
    // Expansion is not possible: a second EU910010 is refused.
    site.attach(&ns, &[(&lines[0], 1)]).await.expect(201);
    site.activate_all(&ns)
        .await
        .expect_error(422, "NOT_APPLICABLE");
}

#[tokio::test]
async fn ip_dect_feature_quantities_must_match_the_access_points() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let site = Site::new(&app, &dealer).await;
    let dect = site.location("IP_DECT", "1009FFF0").await;
    // EU917062 AP, EU917063 DSWU, EU917064 messaging, EU917065 location.
    let lines = site
        .ship(&[
            ("EU917062", 4),
            ("EU917063", 4),
            ("EU917064", 4),
            ("EU917065", 4),
        ])
        .await;
    site.attach(
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
    let refused = site
        .activate_all(&dect)
        .await
        .expect_error(422, "INVALID_FEATURE_QUANTITY");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("DSWU"),
        "{refused}"
    );
    site.attach(&dect, &[(&lines[1], 1)]).await.expect(201);
    let activated = site.activate_all(&dect).await.expect(201);
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
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let site = Site::new(&app, &dealer).await;
    let rcc = site.location("RCC", "aa0014SA2792886419AA").await;
    let lines = site.ship(&[("RCC-BASE", 1), ("RCC-AGENT-1", 5)]).await;
    site.attach(&rcc, &[(&lines[0], 1)])
        .await
        .expect_error(422, "ATTACH_NOT_ALLOWED");
    site.attach(&rcc, &[(&lines[0], 1), (&lines[1], 5)])
        .await
        .expect(201);
    let activated = site.activate_all(&rcc).await.expect(201);
    assert!(activated["activation_code"].as_str().is_some());
    let file = app
        .client
        .get(app.url(&format!("/api/v1/locations/{rcc}/license-file")))
        .bearer_auth(&dealer.token)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
}
