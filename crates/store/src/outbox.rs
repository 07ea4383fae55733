//! Notifications for the vendor's integration (SPEC §9), written in the transaction of the
//! change they report, so none is lost and none reports a change that rolled back. A
//! delivery worker sends them later.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::ids::PartnerId;

use crate::convert::naive;
use crate::db::DbConnection;
use crate::schema::outbox_events;

/// The event types of SPEC §9 recorded so far.
pub mod event_type {
    /// SWA units arrived in a partner's SWA bin.
    pub const SWA_SHIPPED: &str = "swa.shipped";
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
}

/// One recorded event.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEvent {
    pub id: String,
    pub event_type: String,
    pub partner_id: String,
    pub occurred_at: DateTime<Utc>,
    pub data: serde_json::Value,
}

/// Records an event for `partner`, inside the caller's transaction.
///
/// # Errors
/// Database errors only.
pub fn record(
    c: &mut DbConnection,
    event_type: &str,
    partner: PartnerId,
    at: DateTime<Utc>,
    data: &serde_json::Value,
) -> QueryResult<()> {
    diesel::insert_into(outbox_events::table)
        .values(OutboxRow {
            id: uuid::Uuid::now_v7().to_string(),
            event_type: event_type.to_owned(),
            partner_id: partner.to_string(),
            occurred_at: naive(at),
            data: data.to_string(),
        })
        .execute(c)
        .map(|_| ())
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
                    .map_err(|e| crate::convert::corrupt(format!("outbox event {}: {e}", r.id)))?,
                id: r.id,
                event_type: r.event_type,
                partner_id: r.partner_id,
                occurred_at: crate::convert::utc(r.occurred_at),
            })
        })
        .collect()
}
