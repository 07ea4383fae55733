//! Acting as another user: seeing and doing what that user can, audited as both.

use serde_json::{Value, json};

use super::{access_token, channel};
use crate::helpers::{PartnerFixture, TestApp, spawn_app};

/// The actions of `events`, in order.
fn actions(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_distributor_acts_as_its_dealers_user_and_every_change_names_both() {
    // Arrange
    let app = spawn_app().await;
    let c = channel(&app).await;
    app.ship(&c.dealer, &[("SV9100-IPPORT-8", 4)])
        .po("DEALER-PO")
        .await;
    app.ship(&c.distributor, &[("SV9100-IPPORT-8", 9)])
        .po("DISTRIBUTOR-PO")
        .await;
    let distributor_id = app.user_id(&c.distributor.token).await;
    let dealer_id = app.user_id(&c.dealer.token).await;

    // Act
    let answer = app
        .impersonate(&c.distributor.token, &c.dealer.email)
        .await
        .expect(200);

    // Assert: the token acts as the dealer's user, and says who really acts.
    assert_eq!(answer["token_type"], "Bearer");
    assert_eq!(answer["user"]["email"], c.dealer.email.as_str());
    let acting = PartnerFixture {
        token: access_token(&answer),
        ..c.dealer.clone()
    };
    let me = app.get("/me", &acting.token).await.expect(200);
    assert_eq!(me["id"], dealer_id.as_str());
    assert_eq!(me["partner"]["id"], c.dealer.id.as_str());
    let impersonator = &me["impersonator"];
    assert_eq!(impersonator["id"], distributor_id.as_str());
    assert_eq!(impersonator["email"], c.distributor.email.as_str());
    assert_eq!(impersonator["name"], "Test User");
    assert_eq!(impersonator["partner"]["id"], c.distributor.id.as_str());
    assert_eq!(impersonator["partner"]["tier"], "distributor");
    assert_eq!(answer["user"], me);
    let own = app.get("/me", &c.dealer.token).await.expect(200);
    assert_eq!(own["impersonator"], Value::Null);

    // The dealer's bin, not the distributor's.
    let bin = app.get("/license-bin", &acting.token).await.expect(200);
    let pos: Vec<&str> = bin["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|po| po["po_number"].as_str().unwrap())
        .collect();
    assert_eq!(pos, ["DEALER-PO"]);

    // A change is the dealer's, recorded with both identities.
    let customer = app.customer(&acting).named("Made by Dirk").await;
    let listed = app.get("/customers", &c.dealer.token).await.expect(200);
    assert_eq!(listed["items"][0]["id"], customer.as_str());
    let events = app.audit_of(&c.dealer.token, &customer).await;
    assert_eq!(actions(&events), ["customer.created"]);
    assert_eq!(events[0]["user_id"], dealer_id.as_str());
    assert_eq!(events[0]["impersonator_id"], distributor_id.as_str());
    assert_eq!(events[0]["partner_id"], c.dealer.id.as_str());
}

#[tokio::test]
async fn the_start_and_end_are_audited_for_both_partners_and_end_gives_the_own_session_back() {
    // Arrange
    let app = spawn_app().await;
    let c = channel(&app).await;
    app.ship(&c.distributor, &[("SV9100-IPPORT-8", 9)])
        .po("DISTRIBUTOR-PO")
        .await;
    let acting = app.acting_as(&c.distributor.token, &c.dealer).await;
    let (distributor_id, dealer_id) = (
        app.user_id(&c.distributor.token).await,
        app.user_id(&c.dealer.token).await,
    );

    // Act
    let back = app.end_impersonation(&acting.token).await.expect(200);

    // Assert: the distributor's own session again.
    assert_eq!(back["user"]["email"], c.distributor.email.as_str());
    assert_eq!(back["user"]["impersonator"], Value::Null);
    let own = access_token(&back);
    let me = app.get("/me", &own).await.expect(200);
    assert_eq!(
        (&me["id"], &me["impersonator"]),
        (&json!(distributor_id), &Value::Null)
    );
    let bin = app.get("/license-bin", &own).await.expect(200);
    assert_eq!(bin["items"][0]["po_number"], "DISTRIBUTOR-PO");
    app.end_impersonation(&own)
        .await
        .expect_error(409, "NOT_IMPERSONATING");

    // Both partners' trails show who acted as whom, from when to when.
    for token in [&c.dealer.token, &c.distributor.token] {
        let mut events = app.audit_of(token, &dealer_id).await;
        events.retain(|e| e["action"] != "user.created");
        assert_eq!(
            actions(&events),
            ["impersonation.started", "impersonation.ended"]
        );
        for event in &events {
            assert_eq!(event["user_id"], dealer_id.as_str());
            assert_eq!(event["impersonator_id"], distributor_id.as_str());
            assert_eq!(event["subject_type"], "user");
            let details = &event["details"];
            assert_eq!(details["user_email"], c.dealer.email.as_str());
            assert_eq!(details["impersonator_email"], c.distributor.email.as_str());
            assert_eq!(
                details["impersonator_partner_id"],
                c.distributor.id.as_str()
            );
        }
    }
}

/// A vendor admin's own session token and user id.
async fn admin(app: &TestApp) -> (String, String) {
    let token = app.admin_token.clone();
    let id = app.user_id(&token).await;
    (token, id)
}

#[tokio::test]
async fn vendor_staff_act_as_any_partner_user_without_an_allowance() {
    // Arrange
    let app = spawn_app().await;
    let (admin, admin_id) = admin(&app).await;
    let dealer = app.dealer().await;
    let distributor = app.distributor().await;

    // Act
    let acting = app.acting_as(&admin, &dealer).await;

    // Assert: the dealer's view and rights, and no more of the vendor's.
    let me = app.get("/me", &acting.token).await.expect(200);
    assert_eq!(me["email"], dealer.email.as_str());
    assert_eq!(me["impersonator"]["id"], admin_id.as_str());
    assert_eq!(me["impersonator"]["partner"], Value::Null);
    app.get("/admin/users", &acting.token)
        .await
        .expect_error(403, "FORBIDDEN");
    let customer = app.customer(&acting).await;
    let events = app.audit_of(&dealer.token, &customer).await;
    assert_eq!(events[0]["impersonator_id"], admin_id.as_str());
    assert_eq!(
        events[0]["user_id"],
        app.user_id(&dealer.token).await.as_str()
    );
    let back = app.end_impersonation(&acting.token).await.expect(200);
    app.get("/admin/users", &access_token(&back))
        .await
        .expect(200);

    // A distributor's user too.
    let other = app.acting_as(&admin, &distributor).await;
    let me = app.get("/me", &other.token).await.expect(200);
    assert_eq!(me["partner"]["tier"], "distributor");
}
