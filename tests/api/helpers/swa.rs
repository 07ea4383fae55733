//! Software Assurance fixtures: SWA users, SWA shipments, and an app whose clock a test moves.

use chrono::Duration;
use serde_json::{Value, json};

use super::{PartnerFixture, TestApp, spawn_app_with_pool};

/// A location's SWA rate in the tests: 8 × 1.5 (SV9100 IP ports) + 4 × 2.5 (UC seats) = 22
/// units a month, 264 for 12 months.
pub const SWA_LINES: &[(&str, i64)] = &[("SV9100-IPPORT-8", 8), ("SV9100-UCDT-5", 4)];

/// A fresh app whose clock [`TestApp::advance`] moves, with the SWA job every `job_seconds`,
/// and its pool (to watch the database without going through the API).
pub async fn spawn_swa_app(job_seconds: u64) -> (TestApp, lms_store::Pool) {
    spawn_app_with_pool(|s| {
        s.clock = lms_api::Clock::adjustable();
        s.jobs_interval_seconds = job_seconds;
    })
    .await
}

impl TestApp {
    /// A dealer whose user holds `swa_dealer_admin`.
    pub async fn swa_dealer(&self) -> PartnerFixture {
        self.partner_with_roles("dealer", &["lms_user", "swa_dealer_admin"])
            .await
    }

    /// Ships `units` SWA units expiring on `expires_on` (YYYY-MM-DD) to a partner.
    pub async fn ship_swa(&self, partner: &str, po: &str, units: i64, expires_on: &str) -> Value {
        self.post(
            "/admin/swa-shipments",
            &self.admin_token,
            &json!({"partner_id": partner, "po_number": po, "so_number": format!("SO-{po}"),
                    "units": units, "expires_on": expires_on}),
        )
        .await
        .expect(201)
    }

    /// Moves the server's clock forward.
    pub fn advance(&self, by: Duration) {
        self.settings.clock.advance(by);
    }

    /// The server's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.settings.clock.now()
    }

    /// A location of `partner` with the [`SWA_LINES`] activated; its id.
    pub async fn swa_location(&self, partner: &PartnerFixture) -> String {
        self.location(partner)
            .sv9100()
            .hwkc(&unique_sv9100_hwkc())
            .activated_with(SWA_LINES)
            .await
            .id
            .clone()
    }

    /// Assigns SWA for `months` to a location.
    pub async fn assign_swa(
        &self,
        partner: &PartnerFixture,
        location: &str,
        months: i64,
        immediately: bool,
    ) -> super::Reply {
        self.post(
            &format!("/locations/{location}/swa-assignments"),
            &partner.token,
            &json!({"months": months, "reference": "PO-CUSTOMER-1", "approve": true,
                    "process_immediately": immediately}),
        )
        .await
    }

    /// The SWA bin.
    pub async fn swa_bin(&self, partner: &PartnerFixture) -> Value {
        self.get("/swa-bin", &partner.token).await.expect(200)
    }

    /// A location's SWA status.
    pub async fn swa_status(&self, partner: &PartnerFixture, location: &str) -> String {
        self.get(&format!("/locations/{location}"), &partner.token)
            .await
            .expect(200)["swa_status"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// An SV9100 HWKC (12 digits) no other location has.
pub fn unique_sv9100_hwkc() -> String {
    format!("34{:010}", uuid::Uuid::new_v4().as_u128() % 10_000_000_000)
}

/// Asserts the SWA invariant on every PO of a bin: shipped = available + assigned + consumed
/// + reshipped.
pub fn assert_swa_invariant(bin: &Value) {
    let items = bin["items"].as_array().expect("items");
    assert!(!items.is_empty(), "an empty SWA bin proves nothing");
    for po in items {
        let n = |k: &str| po[k].as_i64().unwrap();
        assert_eq!(
            n("shipped"),
            n("available") + n("assigned") + n("consumed") + n("reshipped"),
            "{po}"
        );
    }
}
