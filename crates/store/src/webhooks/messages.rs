//! Messages as vendor admins see them: each event on its way to an endpoint, with its
//! attempts (status, answer, next try), and redelivery.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::ids::{PartnerId, WebhookEndpointId, WebhookMessageId};
use lms_domain::webhook::{EventType, MessageStatus};

use crate::convert::{naive, stored, utc};
use crate::db::{DbConnection, write_tx};
use crate::paging::{Page, PageRequest};
use crate::schema::{outbox_events, partners, webhook_attempts, webhook_messages};

/// A message and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: WebhookMessageId,
    /// The event's id: the `webhook-id` of every attempt.
    pub event_id: String,
    pub event_type: EventType,
    pub endpoint_id: WebhookEndpointId,
    pub partner_id: PartnerId,
    pub partner_name: String,
    pub status: MessageStatus,
    /// Attempts since it was queued (or redelivered).
    pub attempts: i32,
    /// When it is tried next, while pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_response_status: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// One attempt to deliver a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub attempted_at: DateTime<Utc>,
    pub duration_ms: i32,
    pub response_status: Option<i32>,
    pub error: Option<String>,
    pub succeeded: bool,
}

/// A message with its body and every attempt, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageDetail {
    pub message: Message,
    /// The body every attempt sends.
    pub payload: String,
    pub attempts: Vec<Attempt>,
}

/// Which messages to list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MessageFilter {
    pub endpoint: Option<WebhookEndpointId>,
    pub status: Option<MessageStatus>,
    pub event_type: Option<EventType>,
    pub partner: Option<PartnerId>,
}

type MessageRow = (
    (String, String, String, String, String, String, String, i32),
    (
        Option<chrono::NaiveDateTime>,
        Option<chrono::NaiveDateTime>,
        Option<i32>,
        Option<String>,
        Option<chrono::NaiveDateTime>,
        chrono::NaiveDateTime,
    ),
);

macro_rules! message_columns {
    () => {
        (
            (
                webhook_messages::id,
                webhook_messages::event_id,
                webhook_messages::event_type,
                webhook_messages::endpoint_id,
                webhook_messages::partner_id,
                partners::name,
                webhook_messages::status,
                webhook_messages::attempts,
            ),
            (
                webhook_messages::next_attempt_at,
                webhook_messages::last_attempt_at,
                webhook_messages::last_response_status,
                webhook_messages::last_error,
                webhook_messages::delivered_at,
                webhook_messages::created_at,
            ),
        )
    };
}

fn to_message(row: MessageRow) -> QueryResult<Message> {
    let ((id, event_id, event_type, endpoint, partner, partner_name, status, attempts), rest) = row;
    let (next, last, response, error, delivered, created) = rest;
    Ok(Message {
        id: stored(&id)?,
        event_type: stored(&event_type)?,
        endpoint_id: stored(&endpoint)?,
        partner_id: stored(&partner)?,
        status: stored(&status)?,
        event_id,
        partner_name,
        attempts,
        next_attempt_at: next.map(utc),
        last_attempt_at: last.map(utc),
        last_response_status: response,
        last_error: error,
        delivered_at: delivered.map(utc),
        created_at: utc(created),
    })
}

/// Messages matching `filter`, newest first.
///
/// # Errors
/// Database errors only.
pub fn list(
    c: &mut DbConnection,
    filter: &MessageFilter,
    page: &PageRequest,
) -> QueryResult<Page<Message>> {
    let mut query = webhook_messages::table
        .inner_join(partners::table.on(partners::id.eq(webhook_messages::partner_id)))
        .select(message_columns!())
        .into_boxed();
    if let Some(endpoint) = filter.endpoint {
        query = query.filter(webhook_messages::endpoint_id.eq(endpoint.to_string()));
    }
    if let Some(status) = filter.status {
        query = query.filter(webhook_messages::status.eq(status.as_str()));
    }
    if let Some(event_type) = filter.event_type {
        query = query.filter(webhook_messages::event_type.eq(event_type.as_str()));
    }
    if let Some(partner) = filter.partner {
        query = query.filter(webhook_messages::partner_id.eq(partner.to_string()));
    }
    if let Some(after) = page.after_id() {
        query = query.filter(webhook_messages::id.lt(after.to_owned()));
    }
    let rows: Vec<MessageRow> = query
        .order(webhook_messages::id.desc())
        .limit(page.limit + 1)
        .load(c)?;
    let messages = rows
        .into_iter()
        .map(to_message)
        .collect::<QueryResult<Vec<_>>>()?;
    Ok(page.page(messages, |m| (String::new(), m.id.to_string())))
}

/// One message with its body and attempts.
///
/// # Errors
/// Database errors only; `None` when there is no such message.
pub fn get(c: &mut DbConnection, id: WebhookMessageId) -> QueryResult<Option<MessageDetail>> {
    let row: Option<MessageRow> = webhook_messages::table
        .inner_join(partners::table.on(partners::id.eq(webhook_messages::partner_id)))
        .filter(webhook_messages::id.eq(id.to_string()))
        .select(message_columns!())
        .first(c)
        .optional()?;
    let Some(row) = row else {
        return Ok(None);
    };
    let message = to_message(row)?;
    let payload: String = outbox_events::table
        .find(&message.event_id)
        .select(outbox_events::payload)
        .first(c)?;
    let attempts = webhook_attempts::table
        .filter(webhook_attempts::message_id.eq(id.to_string()))
        .order(webhook_attempts::id.asc())
        .select((
            webhook_attempts::attempted_at,
            webhook_attempts::duration_ms,
            webhook_attempts::response_status,
            webhook_attempts::error,
            webhook_attempts::succeeded,
        ))
        .load::<(
            chrono::NaiveDateTime,
            i32,
            Option<i32>,
            Option<String>,
            bool,
        )>(c)?
        .into_iter()
        .map(
            |(at, duration_ms, response_status, error, succeeded)| Attempt {
                attempted_at: utc(at),
                duration_ms,
                response_status,
                error,
                succeeded,
            },
        )
        .collect();
    Ok(Some(MessageDetail {
        message,
        payload,
        attempts,
    }))
}

/// Sends a message again, with the same `webhook-id` and body: due now, its schedule
/// starting over. A delivered or failed message becomes pending again; a pending one is
/// only brought forward.
///
/// # Errors
/// Database errors only; `None` when there is no such message.
pub fn redeliver(
    conn: &mut DbConnection,
    id: WebhookMessageId,
    now: DateTime<Utc>,
) -> QueryResult<Option<MessageDetail>> {
    write_tx(conn, |c| {
        let target = || webhook_messages::table.find(id.to_string());
        let status: Option<String> = match c {
            DbConnection::Postgresql(pg) => target()
                .select(webhook_messages::status)
                .for_update()
                .first(pg)
                .optional()?,
            DbConnection::Sqlite(_) => target()
                .select(webhook_messages::status)
                .first(c)
                .optional()?,
        };
        let Some(status) = status else {
            return Ok(None);
        };
        if stored::<MessageStatus>(&status)? == MessageStatus::Pending {
            diesel::update(target())
                .set(webhook_messages::next_attempt_at.eq(Some(naive(now))))
                .execute(c)?;
        } else {
            diesel::update(target())
                .set((
                    webhook_messages::status.eq(MessageStatus::Pending.as_str()),
                    webhook_messages::attempts.eq(0),
                    webhook_messages::next_attempt_at.eq(Some(naive(now))),
                    webhook_messages::lease_owner.eq(None::<String>),
                    webhook_messages::lease_until.eq(None::<chrono::NaiveDateTime>),
                    webhook_messages::delivered_at.eq(None::<chrono::NaiveDateTime>),
                ))
                .execute(c)?;
        }
        get(c, id)
    })
}
