//! Impersonation (SPEC §6): a distributor's user acts as a user of one of its dealers (with a
//! shipping allowance, checked on every request), vendor staff as any partner's user; every
//! change is audited with both identities; ending it gives the real user's session back.

mod acting;
mod ending;
mod refusals;

use serde_json::{Value, json};

use crate::helpers::{PartnerFixture, Reply, TestApp, id_of};

/// A distributor, a dealer it has a shipping allowance for, and the allowance's id.
struct Channel {
    distributor: PartnerFixture,
    dealer: PartnerFixture,
    allowance: String,
}

async fn channel(app: &TestApp) -> Channel {
    let distributor = app.distributor().await;
    let dealer = app.dealer().await;
    let allowance = app
        .post(
            "/admin/shipping-allowances",
            &app.admin_token,
            &json!({"distributor_id": distributor.id, "dealer_id": dealer.id}),
        )
        .await
        .expect(201);
    Channel {
        distributor,
        dealer,
        allowance: id_of(&allowance),
    }
}

impl TestApp {
    /// `POST /auth/impersonate` with `token`, naming `email`.
    async fn impersonate(&self, token: &str, email: &str) -> Reply {
        self.post("/auth/impersonate", token, &json!({"user_email": email}))
            .await
    }

    /// `POST /auth/impersonation/end` with `token`.
    async fn end_impersonation(&self, token: &str) -> Reply {
        self.post_empty("/auth/impersonation/end", token).await
    }

    /// `token`'s user acting as `target`: a fixture of the target's partner whose token is the
    /// impersonation's.
    async fn acting_as(&self, token: &str, target: &PartnerFixture) -> PartnerFixture {
        let answer = self.impersonate(token, &target.email).await.expect(200);
        PartnerFixture {
            token: access_token(&answer),
            ..target.clone()
        }
    }

    /// The audit events of `subject` as `token` sees them.
    async fn audit_of(&self, token: &str, subject: &str) -> Vec<Value> {
        self.all_pages(&format!("/audit-events?subject={subject}"), token, 200)
            .await
    }
}

fn access_token(answer: &Value) -> String {
    answer["access_token"]
        .as_str()
        .expect("an access token")
        .to_owned()
}
