//! What the delivery worker asks of the database: [`claim`] due messages under a lease, and
//! [`settle`] each with the outcome of its attempt.
//!
//! A message is due when it is pending, its next attempt is due, no other process holds a
//! lease on it, and no earlier message of the same endpoint and partner is still pending:
//! a partner's events reach an endpoint in the order they happened. Claiming sets a lease
//! (owner and expiry) in one write transaction: on PostgreSQL the candidates are locked
//! `FOR UPDATE SKIP LOCKED`, so concurrent claimers take different messages; on SQLite the
//! transaction is `BEGIN IMMEDIATE`, so claimers take turns. A process that dies mid-delivery
//! leaves a lease that expires; the message is then claimed again and sent with the same
//! `webhook-id` (at least once).

use chrono::{DateTime, Duration, Utc};
use diesel::dsl::{exists, not};
use diesel::prelude::*;
use lms_domain::ids::{WebhookEndpointId, WebhookMessageId};
use lms_domain::webhook::MessageStatus;

use crate::convert::{naive, stored};
use crate::db::{DbConnection, write_tx};
use crate::schema::{outbox_events, webhook_attempts, webhook_endpoints, webhook_messages};

diesel::alias!(webhook_messages as earlier: EarlierMessages);

/// A message claimed for delivery, with what sending it needs.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub message_id: WebhookMessageId,
    /// The event's id: the `webhook-id`.
    pub event_id: String,
    pub endpoint_id: WebhookEndpointId,
    pub url: String,
    /// The body, as recorded with the event.
    pub payload: String,
    /// The endpoint's secret, sealed; and the previous one while it still signs.
    pub secret_sealed: String,
    pub previous_secret_sealed: Option<String>,
    /// Attempts made before this one.
    pub attempts: i32,
}

/// Claims up to `limit` due messages for `owner` until `lease_until`.
///
/// # Errors
/// Database errors only.
pub fn claim(
    conn: &mut DbConnection,
    owner: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<Claimed>> {
    write_tx(conn, |c| {
        let ids = due(c, now, limit)?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(
            webhook_messages::table
                .filter(webhook_messages::id.eq_any(&ids))
                .filter(webhook_messages::status.eq(MessageStatus::Pending.as_str())),
        )
        .set((
            webhook_messages::lease_owner.eq(Some(owner)),
            webhook_messages::lease_until.eq(Some(naive(lease_until))),
        ))
        .execute(c)?;
        load_claimed(c, &ids, now)
    })
}

/// The ids of up to `limit` due messages, oldest event first (locked on PostgreSQL).
fn due(c: &mut DbConnection, now: DateTime<Utc>, limit: i64) -> QueryResult<Vec<String>> {
    let pending = MessageStatus::Pending.as_str();
    let now = naive(now);
    let enabled = webhook_endpoints::table
        .filter(webhook_endpoints::enabled.eq(true))
        .select(webhook_endpoints::id);
    let waits_for_earlier = earlier
        .filter(
            earlier
                .field(webhook_messages::endpoint_id)
                .eq(webhook_messages::endpoint_id),
        )
        .filter(
            earlier
                .field(webhook_messages::partner_id)
                .eq(webhook_messages::partner_id),
        )
        .filter(earlier.field(webhook_messages::status).eq(pending))
        .filter(
            earlier
                .field(webhook_messages::event_id)
                .lt(webhook_messages::event_id),
        );
    let query = webhook_messages::table
        .filter(webhook_messages::status.eq(pending))
        .filter(webhook_messages::next_attempt_at.le(now))
        .filter(
            webhook_messages::lease_until
                .is_null()
                .or(webhook_messages::lease_until.le(now)),
        )
        .filter(webhook_messages::endpoint_id.eq_any(enabled))
        .filter(not(exists(waits_for_earlier)))
        .order(webhook_messages::event_id.asc())
        .limit(limit)
        .select(webhook_messages::id);
    match c {
        DbConnection::Postgresql(pg) => query.for_update().skip_locked().load(pg),
        DbConnection::Sqlite(_) => query.load(c),
    }
}

type ClaimedRow = (
    String,
    String,
    String,
    i32,
    String,
    String,
    Option<String>,
    Option<chrono::NaiveDateTime>,
    String,
);

fn load_claimed(
    c: &mut DbConnection,
    ids: &[String],
    now: DateTime<Utc>,
) -> QueryResult<Vec<Claimed>> {
    let rows: Vec<ClaimedRow> = webhook_messages::table
        .inner_join(
            webhook_endpoints::table.on(webhook_endpoints::id.eq(webhook_messages::endpoint_id)),
        )
        .inner_join(outbox_events::table.on(outbox_events::id.eq(webhook_messages::event_id)))
        .filter(webhook_messages::id.eq_any(ids))
        .order(webhook_messages::event_id.asc())
        .select((
            webhook_messages::id,
            webhook_messages::event_id,
            webhook_messages::endpoint_id,
            webhook_messages::attempts,
            webhook_endpoints::url,
            webhook_endpoints::secret_sealed,
            webhook_endpoints::previous_secret_sealed,
            webhook_endpoints::previous_secret_until,
            outbox_events::payload,
        ))
        .load(c)?;
    let now = naive(now);
    rows.into_iter()
        .map(
            |(id, event_id, endpoint, attempts, url, secret, previous, until, payload)| {
                Ok(Claimed {
                    message_id: stored(&id)?,
                    endpoint_id: stored(&endpoint)?,
                    event_id,
                    url,
                    payload,
                    secret_sealed: secret,
                    previous_secret_sealed: previous.filter(|_| until.is_some_and(|u| u > now)),
                    attempts,
                })
            },
        )
        .collect()
}

/// How an attempt went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub attempted_at: DateTime<Utc>,
    pub duration_ms: i32,
    /// The answer's status, when there was one.
    pub response_status: Option<u16>,
    /// The transport error (timeout, connection refused, …), when there was no answer.
    pub error: Option<String>,
}

impl Outcome {
    /// A 2xx answer.
    pub fn succeeded(&self) -> bool {
        self.response_status
            .is_some_and(|s| (200..300).contains(&s))
    }
}

/// Records an attempt of a claimed message and settles it: delivered on success; else
/// pending again after `retry_after`, or failed when that is `None` (the schedule ended).
/// The message changes only while `owner` still holds its lease.
///
/// # Errors
/// Database errors only.
pub fn settle(
    conn: &mut DbConnection,
    owner: &str,
    message: WebhookMessageId,
    outcome: &Outcome,
    retry_after: Option<Duration>,
) -> QueryResult<()> {
    let at = naive(outcome.attempted_at);
    let status = outcome.response_status.map(i32::from);
    let error = outcome.error.as_deref();
    write_tx(conn, |c| {
        diesel::insert_into(webhook_attempts::table)
            .values((
                webhook_attempts::id.eq(uuid::Uuid::now_v7().to_string()),
                webhook_attempts::message_id.eq(message.to_string()),
                webhook_attempts::attempted_at.eq(at),
                webhook_attempts::duration_ms.eq(outcome.duration_ms),
                webhook_attempts::response_status.eq(status),
                webhook_attempts::error.eq(error),
                webhook_attempts::succeeded.eq(outcome.succeeded()),
            ))
            .execute(c)?;
        let (next_status, next_at, delivered_at) = if outcome.succeeded() {
            (MessageStatus::Delivered, None, Some(at))
        } else {
            match retry_after {
                Some(wait) => (
                    MessageStatus::Pending,
                    Some(naive(outcome.attempted_at + wait)),
                    None,
                ),
                None => (MessageStatus::Failed, None, None),
            }
        };
        diesel::update(
            webhook_messages::table
                .find(message.to_string())
                .filter(webhook_messages::status.eq(MessageStatus::Pending.as_str()))
                .filter(webhook_messages::lease_owner.eq(owner)),
        )
        .set((
            webhook_messages::status.eq(next_status.as_str()),
            webhook_messages::attempts.eq(webhook_messages::attempts + 1),
            webhook_messages::next_attempt_at.eq(next_at),
            webhook_messages::lease_owner.eq(None::<String>),
            webhook_messages::lease_until.eq(None::<chrono::NaiveDateTime>),
            webhook_messages::last_attempt_at.eq(Some(at)),
            webhook_messages::last_response_status.eq(status),
            webhook_messages::last_error.eq(error),
            webhook_messages::delivered_at.eq(delivered_at),
        ))
        .execute(c)?;
        Ok(())
    })
}
