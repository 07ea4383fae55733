//! Notifications for the vendor's integration (SPEC §9), written in the transaction of the
//! change they report, so none is lost and none reports a change that rolled back. Recording
//! an event fixes its envelope (partner name and recipients as they are now) and queues one
//! message per enabled endpoint that wants its type; the webhook worker delivers them
//! ([`crate::webhooks`]).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::ids::PartnerId;
use lms_domain::party::Role;
use lms_domain::webhook::{Envelope, EventData, PartnerRef, Reader, recipients};

use crate::convert::{corrupt, naive, stored};
use crate::db::DbConnection;
use crate::schema::{outbox_events, partners, users};

/// The event types' texts, for callers and tests that name them.
pub mod event_type {
    /// Licenses arrived in a partner's license bin.
    pub const LICENSE_SHIPPED: &str = "license.shipped";
    /// SWA units arrived in a partner's SWA bin.
    pub const SWA_SHIPPED: &str = "swa.shipped";
    /// Licenses were activated on a location.
    pub const LICENSE_ACTIVATED: &str = "license.activated";
    /// An external product's license file arrived.
    pub const EXTERNAL_FILE_AVAILABLE: &str = "external_file.available";
    /// An SWA assignment became active.
    pub const SWA_ACTIVATED: &str = "swa.activated";
    /// A reship arrived in a dealer's bin.
    pub const RESHIP_RECEIVED: &str = "reship.received";
    /// A vendor admin replaced a location's hardware: a new key and license file.
    pub const HARDWARE_REPLACED: &str = "hardware.replaced";
    /// An SV9100 CP10 location migrated to a new CP20 location.
    pub const LOCATION_MIGRATED: &str = "location.migrated";
}

#[derive(Insertable, Queryable, Selectable)]
#[diesel(table_name = outbox_events)]
struct OutboxRow {
    id: String,
    event_type: String,
    partner_id: String,
    occurred_at: chrono::NaiveDateTime,
    data: String,
    payload: String,
}

/// One recorded event.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEvent {
    pub id: String,
    pub event_type: String,
    pub partner_id: String,
    pub occurred_at: DateTime<Utc>,
    pub data: serde_json::Value,
    /// The body every delivery sends.
    pub payload: String,
}

/// Records an event of `partner`, inside the caller's transaction, and queues it for every
/// endpoint that wants it; answers the event's id.
///
/// # Errors
/// Database errors, or an unknown partner.
pub fn record_event(
    c: &mut DbConnection,
    partner: PartnerId,
    at: DateTime<Utc>,
    data: &EventData,
) -> QueryResult<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let name: String = partners::table
        .find(partner.to_string())
        .select(partners::name)
        .first(c)?;
    let to = recipients_of(c, partner, data)?;
    let at = crate::convert::utc(naive(at));
    let envelope = Envelope::new(id.clone(), data, at, PartnerRef { id: partner, name }, to)
        .map_err(|e| corrupt(format!("event {id} does not serialize: {e}")))?;
    let payload = envelope
        .to_body()
        .map_err(|e| corrupt(format!("event {id} does not serialize: {e}")))?;
    diesel::insert_into(outbox_events::table)
        .values(OutboxRow {
            id: id.clone(),
            event_type: envelope.event_type.as_str().to_owned(),
            partner_id: partner.to_string(),
            occurred_at: naive(at),
            data: envelope.data.to_string(),
            payload,
        })
        .execute(c)?;
    crate::webhooks::enqueue(c, &id, partner, envelope.event_type, at)?;
    Ok(id)
}

/// Records an event given as its type's text and `data` as JSON; the data must be the
/// type's ([`EventData`]), or this fails rather than send what the document does not
/// describe. Prefer [`record_event`].
///
/// # Errors
/// Database errors, or data that is not the type's.
pub fn record(
    c: &mut DbConnection,
    event_type: &str,
    partner: PartnerId,
    at: DateTime<Utc>,
    data: &serde_json::Value,
) -> QueryResult<()> {
    let typed: EventData =
        serde_json::from_value(serde_json::json!({"type": event_type, "data": data}))
            .map_err(|e| corrupt(format!("{event_type} data does not fit its type: {e}")))?;
    record_event(c, partner, at, &typed).map(|_| ())
}

/// The e-mail addresses of the partner's users who should hear of `data`.
fn recipients_of(
    c: &mut DbConnection,
    partner: PartnerId,
    data: &EventData,
) -> QueryResult<Vec<String>> {
    let rows: Vec<(String, String, Option<chrono::NaiveDateTime>)> = users::table
        .filter(users::partner_id.eq(partner.to_string()))
        .select((users::email, users::roles, users::disabled_at))
        .load(c)?;
    let roles = rows
        .iter()
        .map(|(_, r, _)| {
            r.split(',')
                .filter(|r| !r.is_empty())
                .map(stored::<Role>)
                .collect::<QueryResult<Vec<_>>>()
        })
        .collect::<QueryResult<Vec<_>>>()?;
    let readers: Vec<Reader<'_>> = rows
        .iter()
        .zip(&roles)
        .map(|((email, _, disabled), roles)| Reader {
            email,
            roles,
            disabled: disabled.is_some(),
        })
        .collect();
    Ok(recipients(data.audience(), &readers))
}

/// A partner's events, oldest first.
///
/// # Errors
/// Database errors, or a stored payload that is not JSON.
pub fn of_partner(c: &mut DbConnection, partner: PartnerId) -> QueryResult<Vec<OutboxEvent>> {
    let rows: Vec<OutboxRow> = outbox_events::table
        .filter(outbox_events::partner_id.eq(partner.to_string()))
        .order(outbox_events::id.asc())
        .select(OutboxRow::as_select())
        .load(c)?;
    rows.into_iter()
        .map(|r| {
            Ok(OutboxEvent {
                data: serde_json::from_str(&r.data)
                    .map_err(|e| corrupt(format!("outbox event {}: {e}", r.id)))?,
                id: r.id,
                event_type: r.event_type,
                partner_id: r.partner_id,
                occurred_at: crate::convert::utc(r.occurred_at),
                payload: r.payload,
            })
        })
        .collect()
}
