//! Every event of SPEC §9 is recorded in the transaction of the change it reports, with its
//! fixed envelope: type, id, time, partner, the e-mails of the users who should hear of it,
//! and the type's data.

use diesel::connection::SimpleConnection;
use serde_json::json;

use super::{recorded, recorded_of};
use crate::helpers::{spawn_app_with_pool, spawn_swa_app};

#[tokio::test]
async fn a_shipment_is_recorded_for_the_partners_enabled_users() {
    // Arrange: three users, one of them disabled.
    let (app, pool) = spawn_app_with_pool(|_| {}).await;
    let dealer = app.dealer().await;
    let (swa_user, _) = app
        .add_user(&dealer, &["lms_user", "swa_dealer_admin"])
        .await;
    let (_, gone) = app.add_user(&dealer, &["lms_user"]).await;
    app.disable_user(&gone).await;

    // Act
    let po = app
        .ship(&dealer, &[("SV9100-IPPORT-8", 3), ("SV9100-UCDT-5", 2)])
        .swa_months(12)
        .await;

    // Assert
    let events = recorded(&pool, &dealer.id);
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(event.event_type.as_str(), "license.shipped");
    assert_eq!(event.partner.id.to_string(), dealer.id);
    assert!(event.partner.name.starts_with("dealer "));
    let mut expected = vec![dealer.email.clone(), swa_user];
    expected.sort();
    assert_eq!(event.recipients, expected, "enabled users only");
    assert_eq!(event.data["purchase_order_id"], po["id"]);
    assert_eq!(event.data["po_number"], po["po_number"]);
    assert_eq!(event.data["so_number"], po["so_number"]);
    assert_eq!(event.data["swa_months"], 12);
    assert_eq!(
        event.data["lines"],
        json!([{"part_number": "SV9100-IPPORT-8", "quantity": 3},
               {"part_number": "SV9100-UCDT-5", "quantity": 2}])
    );
}

#[tokio::test]
async fn an_activation_is_recorded_with_its_activation_code() {
    // Arrange
    let (app, pool) = spawn_app_with_pool(|_| {}).await;
    let dealer = app.dealer().await;
    let customer = app.customer(&dealer).named("Hotel Zonneveld").await;

    // Act
    let location = app
        .location(&dealer)
        .sv9100()
        .under(&customer)
        .named("Front desk")
        .activated_with(&[("SV9100-UCDT-5", 1), ("SV9100-IPPORT-8", 2)])
        .await;

    // Assert
    let events = recorded_of(&pool, &dealer.id, "license.activated");
    assert_eq!(events.len(), 1);
    let data = &events[0].data;
    let code = &location.licensed.activation["activation_code"];
    assert!(code.is_string());
    assert_eq!(&data["activation_code"], code);
    assert_eq!(data["source"], "activation");
    assert_eq!(data["location"]["id"], location.id.as_str());
    assert_eq!(data["location"]["name"], "Front desk");
    assert_eq!(data["location"]["customer_name"], "Hotel Zonneveld");
    assert_eq!(data["location"]["system_type"], "SV9100_CP10");
    assert_eq!(data["location"]["hwkc"], location.body["hwkc"]);
    assert_eq!(
        data["licenses"],
        json!([{"part_number": "SV9100-IPPORT-8", "quantity": 2},
               {"part_number": "SV9100-UCDT-5", "quantity": 1}]),
        "in part-number order"
    );
    assert_eq!(
        data["license_file_name"],
        location.licensed.activation["license_file"]["name"]
    );
}

#[tokio::test]
async fn an_external_products_file_is_recorded_when_it_arrives() {
    // Arrange: an external product is activated; its file comes later.
    let (app, pool) = spawn_app_with_pool(|_| {}).await;
    let dealer = app.dealer().await;
    let loc = app.location(&dealer).um4730().hwkc("11-10465697").await.id;
    app.activate_new(&dealer, &loc, &[("UM4730-MBX-25", 1)])
        .await;
    let activated = recorded_of(&pool, &dealer.id, "license.activated");
    assert_eq!(activated[0].data["activation_code"], json!(null));
    assert!(recorded_of(&pool, &dealer.id, "external_file.available").is_empty());

    // Act
    let path = format!("/admin/locations/{loc}/external-license-file");
    app.upload_file(
        reqwest::Method::PUT,
        &path,
        &app.admin_token,
        "um.lic",
        b"UM",
    )
    .await
    .expect(201);

    // Assert
    let available = recorded_of(&pool, &dealer.id, "external_file.available");
    assert_eq!(available.len(), 1);
    assert_eq!(available[0].data["file_name"], "um.lic");
    assert_eq!(available[0].data["location"]["id"], loc.as_str());
    assert_eq!(available[0].data["location"]["system_type"], "UM4730");
}

#[tokio::test]
async fn software_assurance_is_news_for_swa_users_only() {
    // Arrange: an SWA user and a plain one.
    let (app, pool) = spawn_swa_app(3600).await;
    let dealer = app.swa_dealer().await;
    let (plain, _) = app.add_user(&dealer, &["lms_user"]).await;
    let location = app.swa_location(&dealer).await;

    // Act
    app.ship_swa(&dealer.id, "SWA-1", 1000, "2099-01-01").await;
    app.assign_swa(&dealer, &location, 12, true)
        .await
        .expect(201);

    // Assert
    for event_type in ["swa.shipped", "swa.activated"] {
        let events = recorded_of(&pool, &dealer.id, event_type);
        assert_eq!(events.len(), 1, "{event_type}");
        assert_eq!(
            events[0].recipients,
            [dealer.email.as_str()],
            "{event_type}"
        );
    }
    let licenses = recorded_of(&pool, &dealer.id, "license.activated");
    assert!(licenses[0].recipients.contains(&plain));
    let activated = &recorded_of(&pool, &dealer.id, "swa.activated")[0].data;
    assert_eq!(activated["location_id"], location.as_str());
    assert_eq!(activated["units"], 264);
}

/// Makes the audit record of every shipment fail: the shipment's transaction fails after its
/// event was written.
pub fn refuse_shipment_audits(pool: &lms_store::Pool) {
    let mut c = pool.get().unwrap();
    let sql = match &*c {
        lms_store::DbConnection::Sqlite(_) => {
            "CREATE TRIGGER refuse_shipment_audit BEFORE INSERT ON audit_events
             WHEN NEW.action = 'shipment.received'
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
        }
        lms_store::DbConnection::Postgresql(_) => {
            "CREATE FUNCTION refuse_shipment_audit() RETURNS trigger AS $$
             BEGIN
               IF NEW.action = 'shipment.received' THEN RAISE EXCEPTION 'refused by the test'; END IF;
               RETURN NEW;
             END $$ LANGUAGE plpgsql;
             CREATE TRIGGER refuse_shipment_audit BEFORE INSERT ON audit_events
             FOR EACH ROW EXECUTE FUNCTION refuse_shipment_audit();"
        }
    };
    c.batch_execute(sql).unwrap();
}

#[tokio::test]
async fn a_change_that_rolls_back_records_no_event() {
    // Arrange: the shipment's last write fails, after its event was recorded.
    let (app, pool) = spawn_app_with_pool(|_| {}).await;
    let dealer = app.dealer().await;
    refuse_shipment_audits(&pool);

    // Act
    let failed = app.ship(&dealer, &[("SV9100-IPPORT-8", 3)]).send().await;

    // Assert
    failed.expect_error(500, "INTERNAL_ERROR");
    assert!(recorded(&pool, &dealer.id).is_empty());
    assert!(app.bin_lines(&dealer.token).await.is_empty());
}

#[tokio::test]
async fn an_approved_dect_import_is_recorded_as_an_activation() {
    // Arrange: a legacy DECT file uploaded and its import requested.
    let (app, pool) = spawn_app_with_pool(|_| {}).await;
    let dealer = app.dealer().await;
    let loc = app.location(&dealer).ip_dect().hwkc("1009FFFE").await.id;
    let file = b"[DECT-LICENSE]\nPARI=1009FFFE\nFEATURE=EU917062,4,2019-03-12\nEND\n";
    let upload = app
        .upload_file(
            reqwest::Method::POST,
            &format!("/locations/{loc}/dect-license-upload"),
            &dealer.token,
            "dect.lic",
            file,
        )
        .await
        .expect(201);
    let id = upload["upload_id"].as_str().unwrap();
    let import = format!("/locations/{loc}/dect-license-upload/{id}/import");
    app.post(&import, &dealer.token, &json!({}))
        .await
        .expect(202);
    assert!(recorded_of(&pool, &dealer.id, "license.activated").is_empty());

    // Act
    let approve = format!("/admin/dect-imports/{id}/approve");
    let approved = app
        .post(&approve, &app.admin_token, &json!({}))
        .await
        .expect(200);

    // Assert
    let events = recorded_of(&pool, &dealer.id, "license.activated");
    assert_eq!(events.len(), 1);
    let data = &events[0].data;
    assert_eq!(data["source"], "dect_import");
    assert_eq!(
        data["activation_code"],
        approved["license_file"]["activation_code"]
    );
    assert_eq!(
        data["licenses"],
        json!([{"part_number": "EU917062", "quantity": 4}])
    );
    assert_eq!(data["location"]["hwkc"], "1009FFFE");
}
