//! Generated from the committed OpenAPI document, so a new list is covered or the suite
//! fails: every paged list documents its CSV export, and every list documenting one answers
//! it to its rightful user — the documented columns, a record (or a line's record) per JSON
//! item — holding none of another partner's rows.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};

use super::{csv_text, export, records};
use crate::helpers::{PartnerFixture, TestApp, committed_openapi, spawn_app};

/// Every GET of the document under `/api/v1`: (path template, operation).
fn gets(doc: &Value) -> Vec<(String, Value)> {
    doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(path, item)| {
            let template = path.strip_prefix("/api/v1")?;
            item.get("get").map(|op| (template.to_owned(), op.clone()))
        })
        .collect()
}

fn query_parameter<'a>(op: &'a Value, name: &str) -> Option<&'a Value> {
    op["parameters"]
        .as_array()?
        .iter()
        .find(|p| p["in"] == "query" && p["name"] == name)
}

/// The documented columns of an export: the header row of its example.
fn documented_columns(op: &Value) -> Option<Vec<String>> {
    let example = op["responses"]["200"]["content"]["text/csv"]["example"].as_str()?;
    let header = example.strip_suffix("\r\n")?;
    Some(header.split(',').map(str::to_owned).collect())
}

#[test]
fn every_paged_list_documents_its_csv_export() {
    let doc = committed_openapi();
    let mut paged = 0;
    for (template, op) in gets(&doc) {
        if query_parameter(&op, "cursor").is_none() && query_parameter(&op, "limit").is_none() {
            continue;
        }
        paged += 1;
        assert!(
            documented_columns(&op).is_some(),
            "GET {template} is a paged list without a CSV export: add it to \
             crates/api/src/export/lists.rs and answer with export::respond"
        );
        let format = query_parameter(&op, "format").expect("a format parameter");
        assert_eq!(
            format["schema"]["enum"],
            json!(["json", "csv"]),
            "{template}"
        );
        let codes = &op["responses"]["422"]["content"]["application/json"]["schema"];
        assert!(
            codes.to_string().contains("UnsupportedFormat"),
            "{template}: {codes}"
        );
    }
    assert!(paged >= 11, "only {paged} paged lists found");
}

/// Two dealers with one of everything the lists show, a distributor reshipping to the first,
/// and vendor staff.
struct World {
    app: TestApp,
    a: PartnerFixture,
    distributor: PartnerFixture,
    customer: String,
    /// Text only the other dealer's rows hold.
    b_marker: &'static str,
    b_ids: Vec<String>,
}

const MARKER_B: &str = "B-ONLY-7f3c";

/// One of every row a dealer's lists show, named after `marker`; their ids.
async fn dealer_objects(
    app: &TestApp,
    dealer: &PartnerFixture,
    marker: &str,
    pari: &str,
) -> Vec<String> {
    let customer = app
        .customer(dealer)
        .named(&format!("{marker} customer"))
        .await;
    let sv9100 = app.location(dealer).under(&customer).sv9100().named(marker);
    let sv9100 = sv9100
        .hwkc(&crate::helpers::unique_sv9100_hwkc())
        .await
        .id
        .clone();
    let licensed = app.swa_location(dealer).await;
    let covered = app.swa_location(dealer).await;
    app.ship_swa(&dealer.id, &format!("{marker}-SWA"), 1000, "2099-01-01")
        .await;
    app.assign_swa(dealer, &covered, 12, false)
        .await
        .expect(201);
    let dect = app
        .location(dealer)
        .under(&customer)
        .ip_dect()
        .named(marker);
    let dect = dect.hwkc(pari).await.id.clone();
    let file = format!("[DECT-LICENSE]\nPARI={pari}\nFEATURE=EU917062,4,2019-03-12\nEND\n");
    let upload = app
        .upload_file(
            Method::POST,
            &format!("/locations/{dect}/dect-license-upload"),
            &dealer.token,
            "dect.lic",
            file.as_bytes(),
        )
        .await
        .expect(201)["upload_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let import = format!("/locations/{dect}/dect-license-upload/{upload}/import");
    app.post_empty(&import, &dealer.token).await.expect(202);
    app.api_key(&dealer.token, marker).await;
    vec![customer, sv9100, licensed, covered, dect, upload]
}

async fn world() -> World {
    let app = spawn_app().await;
    let a = app.swa_dealer().await;
    let b = app.swa_dealer().await;
    let distributor = app.distributor().await;
    dealer_objects(&app, &a, "A-ROW", "1009FFFE").await;
    let b_ids = dealer_objects(&app, &b, MARKER_B, "1009FFFD").await;
    // The distributor reships licenses and SWA units to A.
    app.post(
        "/admin/shipping-allowances",
        &app.admin_token,
        &json!({"distributor_id": distributor.id, "dealer_id": a.id}),
    )
    .await
    .expect(201);
    let po = app.ship(&distributor, &[("SV9100-IPPORT-8", 10)]).await;
    let line = po.line("SV9100-IPPORT-8");
    app.post("/reships", &distributor.token, &json!({"dealer_email": a.email,
        "so_number": "SO-R1", "po_number": "PO-R1", "lines": [{"po_line_id": line, "quantity": 4}]}))
        .await
        .expect(201);
    app.ship_swa(&distributor.id, "D-SWA", 500, "2099-01-01")
        .await;
    app.post(
        "/swa-reships",
        &distributor.token,
        &json!({"dealer_email": a.email,
        "so_number": "SO-S1", "po_number": "PO-S1", "units": 100}),
    )
    .await
    .expect(201);
    let customer = app.get("/customers", &a.token).await.expect(200)["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    World {
        app,
        a,
        distributor,
        customer,
        b_marker: MARKER_B,
        b_ids,
    }
}

impl World {
    /// The token a list is read with by its rightful user.
    fn token(&self, template: &str) -> &str {
        if template.starts_with("/admin/") {
            &self.app.admin_token
        } else if template == "/reships" || template == "/swa-reships" {
            &self.distributor.token
        } else {
            &self.a.token
        }
    }

    /// Every item of the JSON list at `path`.
    async fn json_items(&self, path: &str, token: &str, paged: bool) -> Vec<Value> {
        if paged {
            self.app.all_pages(path, token, 200).await
        } else {
            let answer = self.app.get(path, token).await.expect(200);
            answer["items"].as_array().unwrap().clone()
        }
    }
}

#[tokio::test]
async fn every_list_exports_its_rows_and_no_other_partners() {
    // Arrange
    let w = world().await;
    let doc = committed_openapi();
    let mut exported = 0;

    for (template, op) in gets(&doc) {
        let Some(columns) = documented_columns(&op) else {
            continue;
        };
        exported += 1;
        let path = template.replace("{id}", &w.customer);
        let token = w.token(&template);
        let paged = query_parameter(&op, "cursor").is_some();
        let items = w.json_items(&path, token, paged).await;

        // Act
        let reply = export(&w.app, &path, token).await;

        // Assert
        let file = reply.headers["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        let file = file
            .strip_prefix("attachment; filename=\"")
            .and_then(|f| f.strip_suffix(".csv\""))
            .unwrap_or_else(|| panic!("{template}: {file}"));
        let (header, rows) = records(csv_text(&reply, file));
        assert_eq!(header, columns, "{template}: the documented columns");
        // A record per item, or per line of an item with lines (its id first).
        let ids: BTreeSet<&str> = rows
            .iter()
            .map(|r| r[&columns[0]].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), items.len(), "{template}: a record per item");
        assert!(!items.is_empty(), "{template}: the world has rows for it");
        if !template.starts_with("/admin/") {
            assert!(
                !reply.text.contains(w.b_marker),
                "{template} shows another partner's rows"
            );
            for id in &w.b_ids {
                assert!(!reply.text.contains(id.as_str()), "{template} shows {id}");
            }
        }
    }
    assert!(exported >= 14, "only {exported} exports documented");
}
