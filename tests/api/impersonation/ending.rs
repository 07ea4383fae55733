//! What ends an impersonation: a removed shipping allowance at once (403 on the next request),
//! the impersonator's own session ending (401), the disable or password change of the user
//! acted as (403).

use serde_json::json;

use super::{access_token, channel};
use crate::helpers::{PARTNER_PASSWORD, spawn_app};

#[tokio::test]
async fn removing_the_allowance_ends_the_impersonation_on_the_next_request() {
    // Arrange
    let app = spawn_app().await;
    let c = channel(&app).await;
    let acting = app.acting_as(&c.distributor.token, &c.dealer).await;
    app.get("/me", &acting.token).await.expect(200);
    let listed = app
        .get("/admin/shipping-allowances", &app.admin_token)
        .await
        .expect(200);
    assert_eq!(listed["items"][0]["id"], c.allowance.as_str());

    // Act
    let path = format!("/admin/shipping-allowances/{}", c.allowance);
    app.delete(&path, &app.admin_token).await.expect(204);

    // Assert: refused at once, and nothing done with it.
    app.get("/me", &acting.token)
        .await
        .expect_error(403, "IMPERSONATION_ENDED");
    app.customer(&acting)
        .send()
        .await
        .expect_error(403, "IMPERSONATION_ENDED");
    let customers = app.get("/customers", &c.dealer.token).await.expect(200);
    assert_eq!(customers["items"], json!([]));
    app.impersonate(&c.distributor.token, &c.dealer.email)
        .await
        .expect_error(403, "NO_SHIPPING_ALLOWANCE");
    // Ending it still gives the distributor's own session back.
    let back = app.end_impersonation(&acting.token).await.expect(200);
    app.get("/me", &access_token(&back)).await.expect(200);

    // The removal is the allowance's own event; it is gone, once.
    let events = app.audit_of(&c.distributor.token, &c.allowance).await;
    let actions: Vec<&str> = events
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["shipping_allowance.created", "shipping_allowance.removed"]
    );
    assert_eq!(events[1]["details"]["dealer_id"], c.dealer.id.as_str());
    app.delete(&path, &app.admin_token)
        .await
        .expect_error(404, "NOT_FOUND");
    let unknown = format!("/admin/shipping-allowances/{}", uuid::Uuid::new_v4());
    app.delete(&unknown, &app.admin_token)
        .await
        .expect_error(404, "NOT_FOUND");
    app.delete("/admin/shipping-allowances/not-an-id", &app.admin_token)
        .await
        .expect_error(404, "NOT_FOUND");
    let listed = app
        .get("/admin/shipping-allowances", &app.admin_token)
        .await
        .expect(200);
    assert_eq!(listed["items"], json!([]));
}

#[tokio::test]
async fn a_password_change_of_either_user_ends_it() {
    // Arrange
    let app = spawn_app().await;
    let c = channel(&app).await;
    let acting = app.acting_as(&c.distributor.token, &c.dealer).await;
    let change =
        json!({"current_password": PARTNER_PASSWORD, "new_password": "a new long passphrase"});

    // Act / Assert: the dealer's user changes its password: the impersonation has ended.
    app.post("/me/password", &c.dealer.token, &change)
        .await
        .expect(204);
    app.get("/me", &acting.token)
        .await
        .expect_error(403, "IMPERSONATION_ENDED");

    // The distributor's user changes its password: its session, impersonating or not, ended.
    let acting = app.acting_as(&c.distributor.token, &c.dealer).await;
    app.post("/me/password", &c.distributor.token, &change)
        .await
        .expect(204);
    app.get("/me", &acting.token)
        .await
        .expect_error(401, "UNAUTHENTICATED");
    app.end_impersonation(&acting.token)
        .await
        .expect_error(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn disabling_either_user_ends_it_and_enabling_again_does_not_revive_it() {
    // Arrange
    let app = spawn_app().await;
    let c = channel(&app).await;
    let acting = app.acting_as(&c.distributor.token, &c.dealer).await;
    let again = app.acting_as(&c.distributor.token, &c.dealer).await;
    let dealer_user = format!("/admin/users/{}", app.user_id(&c.dealer.token).await);
    let distributor_user = format!("/admin/users/{}", app.user_id(&c.distributor.token).await);
    let set = async |path: &str, disabled: bool| {
        app.patch(path, &app.admin_token, &json!({ "disabled": disabled }))
            .await
            .expect(200);
    };

    // Act / Assert: the dealer's user disabled, then enabled again.
    set(&dealer_user, true).await;
    app.get("/me", &acting.token)
        .await
        .expect_error(403, "IMPERSONATION_ENDED");
    set(&dealer_user, false).await;
    app.get("/me", &acting.token)
        .await
        .expect_error(403, "IMPERSONATION_ENDED");
    // A new impersonation works again; the distributor's user disabled ends it (401).
    let fresh = app.acting_as(&c.distributor.token, &c.dealer).await;
    app.get("/me", &fresh.token).await.expect(200);
    set(&distributor_user, true).await;
    app.get("/me", &fresh.token)
        .await
        .expect_error(401, "UNAUTHENTICATED");
    app.get("/me", &again.token)
        .await
        .expect_error(401, "UNAUTHENTICATED");
}
