//! Tenancy (SPEC §1, API.md "Conventions"): a partner sees only its own customers and
//! locations — another partner's id answers 404 exactly like an id that does not exist, and
//! changes nothing; partners have no admin powers; vendor staff read across partners but do
//! not change a partner's data.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{
    PartnerFixture, TestApp, id_of, item_texts, spawn_app, spawn_app_with_dealer,
};

/// Partner A's data: a customer with an SV8500 (and its LMC), an iS3000 without LMC and an
/// SV9500 standard server still on its temp key.
struct World {
    app: TestApp,
    a: PartnerFixture,
    customer: String,
    sv8500: String,
    is3000: String,
    server: String,
}

impl World {
    fn locations(&self) -> [&str; 3] {
        [&self.sv8500, &self.is3000, &self.server]
    }
}

async fn world() -> World {
    let app = spawn_app().await;
    let a = app.dealer().await;
    let customer = app.customer(&a).named("A's Customer").await;
    let location = || app.location(&a).under(&customer);
    let sv8500 = location()
        .sv8500()
        .named("A SV8500")
        .with("reference_note", "A's note")
        .await
        .id;
    let is3000 = location().of_type("IS3000").named("A iS3000").await.id;
    let server = location().sv9500_server().named("A Server").await.id;
    World {
        app,
        a,
        customer,
        sv8500,
        is3000,
        server,
    }
}

/// Everything partner A can read about its data, to compare before and after.
async fn snapshot(w: &World, token: &str) -> Vec<Value> {
    let mut reads = vec![
        format!("/customers/{}", w.customer),
        format!("/customers/{}/locations", w.customer),
    ];
    for l in w.locations() {
        reads.push(format!("/locations/{l}"));
        reads.push(format!("/locations/{l}/children"));
        reads.push(format!("/locations/{l}/history"));
    }
    let mut bodies = Vec::new();
    for path in reads {
        bodies.push(w.app.get(&path, token).await.expect(200));
    }
    bodies
}

/// Every customer and location request, with a body that would succeed for the owner.
fn requests(
    customer: &str,
    sv8500: &str,
    is3000: &str,
    server: &str,
) -> Vec<(Method, String, Option<Value>)> {
    let mut requests = vec![
        (Method::GET, format!("/customers/{customer}"), None),
        (
            Method::PATCH,
            format!("/customers/{customer}"),
            Some(json!({"name": "Taken over", "reference_note": null})),
        ),
        (
            Method::GET,
            format!("/customers/{customer}/locations"),
            None,
        ),
        (
            Method::POST,
            format!("/customers/{customer}/locations"),
            Some(json!({"name": "Planted", "system_type": "SL1000", "hwkc": "280001451316"})),
        ),
        (
            Method::POST,
            format!("/locations/{is3000}/children"),
            Some(json!({"name": "Planted LMC", "system_type": "LMC"})),
        ),
        (
            Method::POST,
            format!("/locations/{sv8500}/children"),
            Some(json!({"name": "Planted SR-MGC", "system_type": "SR_MGC"})),
        ),
        (
            Method::POST,
            format!("/locations/{server}/server-hwkc"),
            Some(json!({"ip_address": "192.0.2.10"})),
        ),
    ];
    for l in [sv8500, is3000, server] {
        requests.push((Method::GET, format!("/locations/{l}"), None));
        requests.push((
            Method::PATCH,
            format!("/locations/{l}"),
            Some(json!({"name": "Taken over", "reference_note": null})),
        ));
        requests.push((Method::GET, format!("/locations/{l}/children"), None));
        requests.push((Method::GET, format!("/locations/{l}/history"), None));
    }
    requests
}

async fn outsiders_get_404_for(w: &World, outsider: &PartnerFixture) {
    let before = snapshot(w, &w.a.token).await;
    let random = uuid::Uuid::new_v4().to_string();
    let foreign = requests(&w.customer, &w.sv8500, &w.is3000, &w.server);
    let missing = requests(&random, &random, &random, &random);

    for ((method, path, body), (_, missing_path, _)) in foreign.into_iter().zip(missing) {
        // Act
        let reply = w
            .app
            .call(method.clone(), &path, Some(&outsider.token), body.as_ref())
            .await;
        let unknown = w
            .app
            .call(
                method.clone(),
                &missing_path,
                Some(&outsider.token),
                body.as_ref(),
            )
            .await;

        // Assert
        let error = reply.expect_error(404, "NOT_FOUND");
        // Indistinguishable from an id that does not exist.
        assert_eq!(
            error,
            unknown.expect_error(404, "NOT_FOUND"),
            "{method} {path}"
        );
    }
    let after = snapshot(w, &w.a.token).await;
    assert_eq!(after, before, "another partner changed A's data");
}

#[tokio::test]
async fn another_dealer_gets_404_on_every_customer_and_location_endpoint() {
    // Arrange
    let w = world().await;
    let b = w.app.dealer().await;

    // Act and assert
    outsiders_get_404_for(&w, &b).await;

    // Nothing was planted: B has no customers or locations, and A can still use the HWKC
    // B tried to create under A's customer.
    let b_customers = w.app.get("/customers", &b.token).await.expect(200);
    assert_eq!(b_customers["items"], json!([]));
    let b_locations = w.app.get("/locations", &b.token).await.expect(200);
    assert_eq!(b_locations["items"], json!([]));
    w.app.location(&w.a).sl1000().under(&w.customer).await;
}

#[tokio::test]
async fn a_distributor_does_not_see_its_dealers_customers_without_impersonation() {
    // Arrange: the distributor may reship to A, which gives it no access to A's data.
    let w = world().await;
    let distributor = w.app.distributor().await;
    w.app
        .post(
            "/admin/shipping-allowances",
            &w.app.admin_token,
            &json!({"distributor_id": distributor.id, "dealer_id": w.a.id}),
        )
        .await
        .expect(201);

    // Act and assert
    outsiders_get_404_for(&w, &distributor).await;
}

#[tokio::test]
async fn lists_show_only_the_partners_own_customers_and_locations() {
    // Arrange
    let w = world().await;
    let b = w.app.dealer().await;
    let b_location = w.app.location(&b).sl1000().await;
    let b_customer = b_location.customer.clone();

    // Act
    let a_customers = w.app.all_pages("/customers", &w.a.token, 200).await;
    let b_customers = w.app.all_pages("/customers", &b.token, 200).await;
    let a_locations = w.app.all_pages("/locations", &w.a.token, 200).await;
    let b_locations = w.app.all_pages("/locations", &b.token, 200).await;

    // Assert
    let ids = |items: &[Value]| items.iter().map(id_of).collect::<Vec<_>>();
    assert_eq!(ids(&a_customers), [w.customer.as_str()]);
    assert_eq!(ids(&b_customers), [b_customer]);
    // A: the three locations and the SV8500's LMC child.
    assert_eq!(a_locations.len(), 4);
    assert!(a_locations.iter().all(|l| l["customer_id"] == w.customer));
    assert_eq!(ids(&b_locations), [id_of(&b_location)]);
}

#[tokio::test]
async fn partners_get_403_on_every_admin_endpoint_and_nothing_is_created() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let distributor = app.distributor().await;
    let sneaky_email = "sneaky@partner.example";
    let requests = [
        (Method::GET, "/admin/partners", None),
        (
            Method::POST,
            "/admin/partners",
            Some(json!({"name": "Sneaky Partner", "tier": "distributor"})),
        ),
        (Method::GET, "/admin/users", None),
        (
            Method::POST,
            "/admin/users",
            Some(json!({
                "email": sneaky_email,
                "name": "Sneaky",
                "password": "a long enough password",
                "partner_id": null,
                "roles": ["vendor_admin"],
            })),
        ),
        (Method::GET, "/admin/shipping-allowances", None),
        (
            Method::POST,
            "/admin/shipping-allowances",
            Some(json!({"distributor_id": distributor.id, "dealer_id": dealer.id})),
        ),
    ];

    for partner in [&dealer, &distributor] {
        for (method, path, body) in &requests {
            // Act
            let reply = app
                .call(method.clone(), path, Some(&partner.token), body.as_ref())
                .await;

            // Assert
            reply.expect_error(403, "FORBIDDEN");
        }
    }
    let partners = app
        .all_pages("/admin/partners", &app.admin_token, 200)
        .await;
    assert!(
        partners.iter().all(|p| p["name"] != "Sneaky Partner"),
        "{partners:?}"
    );
    let users = app.all_pages("/admin/users", &app.admin_token, 200).await;
    assert!(
        users.iter().all(|u| u["email"] != sneaky_email),
        "{users:?}"
    );
    let allowances = app
        .get("/admin/shipping-allowances", &app.admin_token)
        .await
        .expect(200);
    assert_eq!(allowances["items"], json!([]));
    let login = app.try_login(sneaky_email, "a long enough password").await;
    assert_eq!(login.status.as_u16(), 401, "{}", login.body);
}

#[tokio::test]
async fn malformed_ids_in_paths_are_json_404s() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let location = json!({"name": "X", "system_type": "SL1000", "hwkc": "280001451316"});
    let patch = json!({"name": "X"});
    let ip = json!({"ip_address": "192.0.2.10"});

    for bad in [
        "not-a-uuid",
        "123",
        "00000000-0000-0000-0000-00000000000g",
        "%20",
    ] {
        let requests = [
            (Method::GET, format!("/customers/{bad}"), None),
            (Method::PATCH, format!("/customers/{bad}"), Some(&patch)),
            (Method::GET, format!("/customers/{bad}/locations"), None),
            (
                Method::POST,
                format!("/customers/{bad}/locations"),
                Some(&location),
            ),
            (Method::GET, format!("/locations/{bad}"), None),
            (Method::PATCH, format!("/locations/{bad}"), Some(&patch)),
            (Method::GET, format!("/locations/{bad}/children"), None),
            (
                Method::POST,
                format!("/locations/{bad}/children"),
                Some(&location),
            ),
            (
                Method::POST,
                format!("/locations/{bad}/server-hwkc"),
                Some(&ip),
            ),
            (Method::GET, format!("/locations/{bad}/history"), None),
        ];
        for (method, path, body) in requests {
            // Act
            let reply = app
                .call(method.clone(), &path, Some(&dealer.token), body)
                .await;

            // Assert
            let content_type = reply
                .headers
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            assert!(
                content_type.starts_with("application/json"),
                "{method} {path}: {content_type}"
            );
            reply.expect_error(404, "NOT_FOUND");
        }
    }
    // Nothing was created on the way.
    let listed = app.get("/locations", &dealer.token).await.expect(200);
    assert_eq!(listed["items"], json!([]));
}

#[tokio::test]
async fn vendor_staff_read_a_partners_customers_and_locations() {
    // Arrange
    let w = world().await;
    let b = w.app.dealer().await;
    let b_customer = w.app.customer(&b).await;
    let admin = w.app.admin_token.clone();
    let partner_view = snapshot(&w, &w.a.token).await;

    // Act
    let vendor_view = snapshot(&w, &admin).await;

    // Assert: the same answers the partner gets.
    assert_eq!(vendor_view, partner_view);
    // The lists span partners.
    let customers = w.app.all_pages("/customers", &admin, 200).await;
    let customer_ids: Vec<String> = customers.iter().map(id_of).collect();
    assert!(customer_ids.contains(&w.customer), "{customer_ids:?}");
    assert!(customer_ids.contains(&b_customer), "{customer_ids:?}");
    let found = w
        .app
        .get("/locations?q=A%20SV8500", &admin)
        .await
        .expect(200);
    let names = item_texts(&found, "name");
    assert_eq!(names, ["A SV8500", "A SV8500 LMC"]);
}

#[tokio::test]
async fn vendor_staff_do_not_change_a_partners_customers_and_locations() {
    // Arrange
    let w = world().await;
    let admin = w.app.admin_token.clone();
    let before = snapshot(&w, &w.a.token).await;
    let writes = requests(&w.customer, &w.sv8500, &w.is3000, &w.server)
        .into_iter()
        .filter(|(method, _, _)| *method != Method::GET);

    for (method, path, body) in writes {
        // Act
        let reply = w
            .app
            .call(method.clone(), &path, Some(&admin), body.as_ref())
            .await;

        // Assert
        assert_eq!(
            (reply.status.as_u16(), reply.code()),
            (403, "PARTNER_REQUIRED"),
            "{method} {path}: {}",
            reply.body
        );
    }
    let after = snapshot(&w, &w.a.token).await;
    assert_eq!(after, before);
}
