//! Outbound notifications to the vendor's integration (SPEC §9, §12): the event types and the
//! `data` each carries ([`events`]), the envelope every event is sent in, who of a partner's
//! users should hear of it, the Standard Webhooks signature ([`signing`]), the retry schedule
//! ([`schedule`]) and the rules for an endpoint's URL and event types ([`endpoint`]).
//!
//! The store writes an event's envelope in the transaction of the change it reports and one
//! message per subscribed endpoint; a worker of every server process delivers the messages.

pub mod endpoint;
pub mod events;
pub mod schedule;
pub mod signing;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::PartnerId;
use crate::party::Role;
use crate::text_enum::{UnknownVariant, text_enum};

pub use endpoint::{EndpointError, EndpointUrl, EventTypes};
pub use events::EventData;
pub use schedule::{RETRY_DELAYS, RetrySchedule};
pub use signing::{SecretError, WebhookSecret, sign, verify};

/// What happened; the `type` of an event and the event types an endpoint subscribes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WebhookEventType))]
pub enum EventType {
    /// A PO of licenses arrived in the partner's license bin.
    #[serde(rename = "license.shipped")]
    LicenseShipped,
    /// A PO of SWA units arrived in the partner's SWA bin.
    #[serde(rename = "swa.shipped")]
    SwaShipped,
    /// Licenses were activated on a location (with the activation code).
    #[serde(rename = "license.activated")]
    LicenseActivated,
    /// An external product's license file was uploaded and can be downloaded.
    #[serde(rename = "external_file.available")]
    ExternalFileAvailable,
    /// An SWA assignment became active.
    #[serde(rename = "swa.activated")]
    SwaActivated,
    /// A distributor's reship (licenses or SWA units) arrived in the dealer's bin.
    #[serde(rename = "reship.received")]
    ReshipReceived,
    /// A vendor admin replaced a location's hardware: a new key and license file.
    #[serde(rename = "hardware.replaced")]
    HardwareReplaced,
    /// An SV9100 CP10 location migrated to a new CP20 location.
    #[serde(rename = "location.migrated")]
    LocationMigrated,
}

impl EventType {
    /// Every type, in a fixed order.
    pub const ALL: &'static [Self] = &[
        Self::LicenseShipped,
        Self::SwaShipped,
        Self::LicenseActivated,
        Self::ExternalFileAvailable,
        Self::SwaActivated,
        Self::ReshipReceived,
        Self::HardwareReplaced,
        Self::LocationMigrated,
    ];

    /// The wire and stored text, e.g. `license.shipped`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LicenseShipped => "license.shipped",
            Self::SwaShipped => "swa.shipped",
            Self::LicenseActivated => "license.activated",
            Self::ExternalFileAvailable => "external_file.available",
            Self::SwaActivated => "swa.activated",
            Self::ReshipReceived => "reship.received",
            Self::HardwareReplaced => "hardware.replaced",
            Self::LocationMigrated => "location.migrated",
        }
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EventType {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownVariant {
                kind: "EventType",
                value: s.to_owned(),
            })
    }
}

text_enum! {
    /// Where a message (an event on its way to one endpoint) stands.
    pub enum MessageStatus {
        /// Waiting for its next attempt, or being attempted.
        Pending = "pending",
        /// An endpoint answered 2xx.
        Delivered = "delivered",
        /// Every attempt of the schedule failed; a vendor admin may redeliver it.
        Failed = "failed",
    }
}

/// Which of a partner's users an event concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Every enabled user of the partner.
    AllUsers,
    /// The users who see Software Assurance (`swa_dealer_admin`, `swa_distributor_admin`):
    /// nobody else can see the SWA bin or assignments.
    SwaUsers,
}

impl Audience {
    /// Whether a user with `roles` should hear of the event.
    pub fn includes(self, roles: &[Role]) -> bool {
        match self {
            Self::AllUsers => true,
            Self::SwaUsers => roles
                .iter()
                .any(|r| matches!(r, Role::SwaDealerAdmin | Role::SwaDistributorAdmin)),
        }
    }
}

/// A user a notification may go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reader<'a> {
    pub email: &'a str,
    pub roles: &'a [Role],
    pub disabled: bool,
}

/// The e-mail addresses of the users of `readers` who should hear of an event for
/// `audience`: enabled ones in it, sorted, each once.
pub fn recipients(audience: Audience, readers: &[Reader<'_>]) -> Vec<String> {
    let mut emails: Vec<String> = readers
        .iter()
        .filter(|r| !r.disabled && audience.includes(r.roles))
        .map(|r| r.email.to_owned())
        .collect();
    emails.sort();
    emails.dedup();
    emails
}

/// The partner an event is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WebhookPartner))]
pub struct PartnerRef {
    pub id: PartnerId,
    pub name: String,
}

/// What is sent: the body of every delivery of an event, fixed when the event is recorded
/// (partner name and recipients as they were then), so a retry or redelivery sends the very
/// same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// The event type, e.g. `license.shipped`.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// The event's id, also the `webhook-id` header: the same on every retry, so a receiver
    /// can drop a duplicate.
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    pub partner: PartnerRef,
    /// E-mail addresses of the partner's users who should be notified.
    pub recipients: Vec<String>,
    /// The type's details ([`EventData`] without its tag).
    pub data: serde_json::Value,
}

impl Envelope {
    /// The envelope of `data`, an event of `partner` at `at` for `recipients`.
    ///
    /// # Errors
    /// When `data` cannot be serialized (it always can: plain structs).
    pub fn new(
        id: String,
        data: &EventData,
        occurred_at: DateTime<Utc>,
        partner: PartnerRef,
        recipients: Vec<String>,
    ) -> Result<Self, serde_json::Error> {
        let serde_json::Value::Object(mut tagged) = serde_json::to_value(data)? else {
            return Err(serde::ser::Error::custom("event data is not an object"));
        };
        Ok(Self {
            event_type: data.event_type(),
            id,
            occurred_at,
            partner,
            recipients,
            data: tagged.remove("data").unwrap_or_default(),
        })
    }

    /// The body as sent: compact JSON.
    ///
    /// # Errors
    /// Never in practice: an envelope always serializes.
    pub fn to_body(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }
}

#[cfg(test)]
mod tests;
