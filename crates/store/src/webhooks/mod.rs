//! Webhook endpoints and the messages queued for them: one message per event and endpoint,
//! written with the event ([`enqueue`]), claimed under a lease and settled by the delivery
//! worker ([`delivery`]), listed and redelivered by vendor admins ([`messages`]).

pub mod delivery;
pub mod endpoints;
pub mod messages;
pub mod seal;

pub use seal::{SealError, SecretBox};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::ids::PartnerId;
use lms_domain::webhook::events::{ActivatedPart, LocationRef};
use lms_domain::webhook::{EventType, EventTypes, MessageStatus};

use crate::convert::{corrupt, naive};
use crate::db::DbConnection;
use crate::schema::{customers, webhook_endpoints, webhook_messages};

/// Queues the event `event_id` for every enabled endpoint that wants `event_type`, inside
/// the transaction recording the event: due at once.
///
/// # Errors
/// Database errors, or an endpoint row whose event types do not parse.
pub(crate) fn enqueue(
    c: &mut DbConnection,
    event_id: &str,
    partner: PartnerId,
    event_type: EventType,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    let endpoints: Vec<(String, String)> = webhook_endpoints::table
        .filter(webhook_endpoints::enabled.eq(true))
        .order(webhook_endpoints::id.asc())
        .select((webhook_endpoints::id, webhook_endpoints::event_types))
        .load(c)?;
    for (endpoint, types) in endpoints {
        let types = EventTypes::from_stored(&types)
            .map_err(|e| corrupt(format!("webhook endpoint {endpoint}: {e}")))?;
        if !types.contains(event_type) {
            continue;
        }
        diesel::insert_into(webhook_messages::table)
            .values((
                webhook_messages::id.eq(uuid::Uuid::now_v7().to_string()),
                webhook_messages::event_id.eq(event_id),
                webhook_messages::endpoint_id.eq(&endpoint),
                webhook_messages::partner_id.eq(partner.to_string()),
                webhook_messages::event_type.eq(event_type.as_str()),
                webhook_messages::status.eq(MessageStatus::Pending.as_str()),
                webhook_messages::attempts.eq(0),
                webhook_messages::next_attempt_at.eq(Some(naive(at))),
                webhook_messages::created_at.eq(naive(at)),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// The location an event concerns, with its customer's name.
///
/// # Errors
/// Database errors only.
pub(crate) fn location_ref(
    c: &mut DbConnection,
    location: &crate::locations::Location,
) -> QueryResult<LocationRef> {
    let customer_name: String = customers::table
        .find(location.customer_id.to_string())
        .select(customers::name)
        .first(c)?;
    Ok(LocationRef {
        id: location.id,
        name: location.name.clone(),
        system_type: location.system_type.code().to_owned(),
        hwkc: location.hwkc.to_string(),
        customer_id: location.customer_id,
        customer_name,
    })
}

/// Parts and quantities, summed per part, in part-number order.
pub(crate) fn activated_parts<'a>(
    parts: impl IntoIterator<Item = (&'a str, u32)>,
) -> Vec<ActivatedPart> {
    let mut sums: std::collections::BTreeMap<&str, u32> = std::collections::BTreeMap::new();
    for (part, quantity) in parts {
        *sums.entry(part).or_default() += quantity;
    }
    sums.into_iter()
        .map(|(part_number, quantity)| ActivatedPart {
            part_number: part_number.to_owned(),
            quantity,
        })
        .collect()
}
