//! Webhooks: every event of SPEC §9 recorded with the change it reports ([`events`]),
//! delivered to a real receiver ([`receiver`]) signed and retried ([`delivery`]), also by
//! server processes that are killed or run side by side ([`processes`]), and administered
//! by vendor admins ([`admin`]).

mod admin;
mod delivery;
mod events;
mod processes;
mod receiver;

use lms_domain::webhook::{Envelope, EventData};
use serde_json::json;

use crate::helpers::{PARTNER_PASSWORD, PartnerFixture, TestApp, id_of};

/// The envelopes recorded for `partner`, oldest first; each one's data must read back as its
/// type's documented data.
pub fn recorded(pool: &lms_store::Pool, partner: &str) -> Vec<Envelope> {
    let mut c = pool.get().unwrap();
    let events = lms_store::outbox::of_partner(&mut c, partner.parse().unwrap()).unwrap();
    events
        .iter()
        .map(|e| {
            let envelope: Envelope = serde_json::from_str(&e.payload)
                .unwrap_or_else(|err| panic!("{}: {err}", e.payload));
            assert_eq!(envelope.id, e.id);
            assert_eq!(envelope.event_type.as_str(), e.event_type);
            let typed = json!({"type": envelope.event_type, "data": envelope.data});
            serde_json::from_value::<EventData>(typed)
                .unwrap_or_else(|err| panic!("{} is not its type's data: {err}", e.payload));
            envelope
        })
        .collect()
}

/// The recorded envelopes of `event_type` for `partner`.
pub fn recorded_of(pool: &lms_store::Pool, partner: &str, event_type: &str) -> Vec<Envelope> {
    recorded(pool, partner)
        .into_iter()
        .filter(|e| e.event_type.as_str() == event_type)
        .collect()
}

impl TestApp {
    /// Another user of `partner` with `roles`; its e-mail and id.
    pub async fn add_user(&self, partner: &PartnerFixture, roles: &[&str]) -> (String, String) {
        let email = format!("user-{}@partner.example", uuid::Uuid::new_v4().simple());
        let user = self
            .post(
                "/admin/users",
                &self.admin_token,
                &json!({"email": email, "name": "Another User", "password": PARTNER_PASSWORD,
                        "partner_id": partner.id, "roles": roles}),
            )
            .await
            .expect(201);
        (email, id_of(&user))
    }

    /// Disables a user.
    pub async fn disable_user(&self, user: &str) {
        self.patch(
            &format!("/admin/users/{user}"),
            &self.admin_token,
            &json!({"disabled": true}),
        )
        .await
        .expect(200);
    }
}
