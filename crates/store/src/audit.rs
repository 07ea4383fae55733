//! The audit trail: who did what, when, acting as whom. Written inside the transaction of
//! the change it records, so a change and its event land together or not at all.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, Subject};
use lms_domain::ids::{PartnerId, UserId};

use crate::Scope;
use crate::convert::{corrupt, naive, stored, stored_opt, utc};
use crate::db::{DbConnection, MultiBackend};
use crate::paging::{Page, PageRequest};
use crate::schema::audit_events;

/// Who performs a change: the user acted as, its partner, and the real user when a
/// distributor impersonates a dealer's user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub partner_id: Option<PartnerId>,
    pub impersonator_id: Option<UserId>,
}

impl Actor {
    /// The data this actor may see and change.
    pub fn scope(&self) -> Scope {
        match self.partner_id {
            Some(p) => Scope::Partner(p),
            None => Scope::Vendor,
        }
    }
}

/// One recorded event.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    pub partner_id: Option<PartnerId>,
    pub user_id: UserId,
    pub impersonator_id: Option<UserId>,
    pub change: Change,
    pub subject_type: String,
    pub subject_id: String,
}

/// An event to record: who changed what of whose, and when.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub actor: &'a Actor,
    /// The partner whose data changed; the actor's partner when `None`.
    pub owner: Option<PartnerId>,
    pub subject: Subject,
    pub change: Change,
    pub at: DateTime<Utc>,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_events)]
struct AuditRow {
    id: String,
    occurred_at: chrono::NaiveDateTime,
    partner_id: Option<String>,
    user_id: String,
    impersonator_id: Option<String>,
    action: String,
    subject_type: String,
    subject_id: String,
    details: String,
}

impl TryFrom<AuditRow> for AuditEvent {
    type Error = diesel::result::Error;

    fn try_from(r: AuditRow) -> QueryResult<Self> {
        let details: serde_json::Value = serde_json::from_str(&r.details)
            .map_err(|e| corrupt(format!("details of audit event {}: {e}", r.id)))?;
        let change =
            serde_json::from_value(serde_json::json!({"action": r.action, "details": details}))
                .map_err(|e| corrupt(format!("audit event {} ({}): {e}", r.id, r.action)))?;
        Ok(Self {
            occurred_at: utc(r.occurred_at),
            partner_id: stored_opt(r.partner_id.as_deref())?,
            user_id: stored(&r.user_id)?,
            impersonator_id: stored_opt(r.impersonator_id.as_deref())?,
            change,
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            id: r.id,
        })
    }
}

/// Records an event, inside the caller's transaction.
///
/// # Errors
/// Database errors only.
pub fn record(c: &mut DbConnection, event: Event<'_>) -> QueryResult<()> {
    let (subject_type, subject_id) = event.subject.stored();
    // Adjacently tagged: `{"action": …, "details": …}`; the columns hold the two halves.
    let tagged = serde_json::to_value(&event.change)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let row = AuditRow {
        // v7: time-ordered, so the id breaks ties between events of the same instant in order.
        id: uuid::Uuid::now_v7().to_string(),
        occurred_at: naive(event.at),
        partner_id: event
            .owner
            .or(event.actor.partner_id)
            .map(|p| p.to_string()),
        user_id: event.actor.user_id.to_string(),
        impersonator_id: event.actor.impersonator_id.map(|u| u.to_string()),
        action: event.change.action().to_owned(),
        subject_type: subject_type.to_owned(),
        subject_id,
        details: tagged["details"].to_string(),
    };
    diesel::insert_into(audit_events::table)
        .values(&row)
        .execute(c)
        .map(drop)
}

/// The scope's events, oldest first; `subject` narrows to one object's id.
///
/// # Errors
/// Database errors only.
pub fn list(
    c: &mut DbConnection,
    scope: Scope,
    subject: Option<&str>,
    page: &PageRequest,
) -> QueryResult<Page<AuditEvent>> {
    let mut query: audit_events::BoxedQuery<'static, MultiBackend, _> = audit_events::table
        .select(AuditRow::as_select())
        .into_boxed();
    if let Some(p) = scope.partner() {
        query = query.filter(audit_events::partner_id.eq(p.to_string()));
    }
    if let Some(subject) = subject {
        query = query.filter(audit_events::subject_id.eq(subject.to_owned()));
    }
    if let Some((_, after)) = &page.after {
        query = query.filter(audit_events::id.gt(after.clone()));
    }
    let rows: Vec<AuditRow> = query
        .order(audit_events::id.asc())
        .limit(page.limit + 1)
        .load(c)?;
    page.page(rows, |r| (r.id.clone(), r.id.clone()))
        .try_map(AuditEvent::try_from)
}
