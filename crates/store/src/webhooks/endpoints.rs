//! Webhook endpoints: the one `LMS_BUSINESSNET_WEBHOOK_URL` configures (kept in step with
//! the configuration at every start, and not editable through the API) and those vendor
//! admins add, change, rotate the secret of and delete.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use lms_domain::ids::WebhookEndpointId;
use lms_domain::webhook::{EndpointError, EndpointUrl, EventTypes, WebhookSecret};

use super::seal::SecretBox;
use crate::convert::{corrupt, naive, stored, utc};
use crate::db::{DbConnection, RetryableError, is_unique_violation, write_tx};
use crate::paging::{Page, PageRequest};
use crate::schema::{webhook_attempts, webhook_endpoints, webhook_messages};

/// After a rotation the previous secret still signs (a second signature) this long, so the
/// receiver can switch without refusing a message.
pub const ROTATION_OVERLAP_HOURS: i64 = 24;

/// An endpoint, without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub id: WebhookEndpointId,
    pub url: String,
    pub description: Option<String>,
    pub event_types: EventTypes,
    pub enabled: bool,
    /// Configured by `LMS_BUSINESSNET_WEBHOOK_URL`: read-only through the API.
    pub managed_by_config: bool,
    /// Until when the previous secret also signs, after a rotation.
    pub previous_secret_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_endpoints)]
pub(crate) struct EndpointRow {
    pub(crate) id: String,
    pub(crate) url: String,
    pub(crate) description: Option<String>,
    pub(crate) event_types: String,
    pub(crate) enabled: bool,
    pub(crate) managed_by_config: bool,
    pub(crate) secret_sealed: String,
    pub(crate) previous_secret_sealed: Option<String>,
    pub(crate) previous_secret_until: Option<chrono::NaiveDateTime>,
    pub(crate) created_at: chrono::NaiveDateTime,
    pub(crate) updated_at: chrono::NaiveDateTime,
}

impl TryFrom<EndpointRow> for Endpoint {
    type Error = diesel::result::Error;

    fn try_from(row: EndpointRow) -> QueryResult<Self> {
        Ok(Self {
            id: stored(&row.id)?,
            event_types: EventTypes::from_stored(&row.event_types)
                .map_err(|e| corrupt(format!("webhook endpoint {}: {e}", row.id)))?,
            url: row.url,
            description: row.description,
            enabled: row.enabled,
            managed_by_config: row.managed_by_config,
            previous_secret_until: row.previous_secret_until.map(utc),
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}

/// A change to endpoints failed.
#[derive(Debug, thiserror::Error)]
pub enum EndpointFailed {
    #[error("no webhook endpoint {0}")]
    NotFound(WebhookEndpointId),
    #[error(
        "this endpoint is configured by LMS_BUSINESSNET_WEBHOOK_URL and LMS_BUSINESSNET_WEBHOOK_SECRET; change the configuration instead"
    )]
    ManagedByConfiguration,
    #[error(transparent)]
    Invalid(#[from] EndpointError),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for EndpointFailed {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::Db(e) if e.is_retryable())
    }
}

/// What a vendor admin gives for a new endpoint.
#[derive(Debug, Clone)]
pub struct NewEndpoint {
    pub url: EndpointUrl,
    pub description: Option<String>,
    pub event_types: EventTypes,
    pub enabled: bool,
}

/// A change to an endpoint; `None` leaves a field as it is (`description: Some(None)`
/// clears it).
#[derive(Debug, Clone, Default)]
pub struct EndpointChanges {
    pub url: Option<EndpointUrl>,
    pub description: Option<Option<String>>,
    pub event_types: Option<EventTypes>,
    pub enabled: Option<bool>,
}

/// Endpoints, oldest first.
///
/// # Errors
/// Database errors only.
pub fn list(c: &mut DbConnection, page: &PageRequest) -> QueryResult<Page<Endpoint>> {
    let mut query = webhook_endpoints::table
        .select(EndpointRow::as_select())
        .into_boxed();
    if let Some(after) = page.after_id() {
        query = query.filter(webhook_endpoints::id.gt(after.to_owned()));
    }
    let endpoints = query
        .order(webhook_endpoints::id.asc())
        .limit(page.limit + 1)
        .load(c)?
        .into_iter()
        .map(Endpoint::try_from)
        .collect::<QueryResult<Vec<_>>>()?;
    Ok(page.page(endpoints, |e| (String::new(), e.id.to_string())))
}

/// One endpoint.
///
/// # Errors
/// [`EndpointFailed::NotFound`].
pub fn get(c: &mut DbConnection, id: WebhookEndpointId) -> Result<Endpoint, EndpointFailed> {
    row(c, id)?.try_into().map_err(EndpointFailed::Db)
}

fn row(c: &mut DbConnection, id: WebhookEndpointId) -> Result<EndpointRow, EndpointFailed> {
    webhook_endpoints::table
        .find(id.to_string())
        .select(EndpointRow::as_select())
        .first(c)
        .optional()?
        .ok_or(EndpointFailed::NotFound(id))
}

/// The endpoint locked for a change (PostgreSQL), refused when the configuration owns it.
fn editable(c: &mut DbConnection, id: WebhookEndpointId) -> Result<EndpointRow, EndpointFailed> {
    if let DbConnection::Postgresql(pg) = c {
        webhook_endpoints::table
            .find(id.to_string())
            .select(webhook_endpoints::id)
            .for_update()
            .first::<String>(pg)
            .optional()?;
    }
    let found = row(c, id)?;
    if found.managed_by_config {
        return Err(EndpointFailed::ManagedByConfiguration);
    }
    Ok(found)
}

/// Adds an endpoint with `secret` (sealed by `sealer`); it receives the events recorded
/// from now on.
///
/// # Errors
/// Database errors only.
pub fn create(
    conn: &mut DbConnection,
    sealer: &SecretBox,
    new: &NewEndpoint,
    secret: &WebhookSecret,
    now: DateTime<Utc>,
) -> Result<Endpoint, EndpointFailed> {
    let id = WebhookEndpointId(uuid::Uuid::now_v7());
    write_tx(conn, |c| {
        diesel::insert_into(webhook_endpoints::table)
            .values(EndpointRow {
                id: id.to_string(),
                url: new.url.as_str().to_owned(),
                description: new.description.clone(),
                event_types: new.event_types.to_stored(),
                enabled: new.enabled,
                managed_by_config: false,
                secret_sealed: sealer.seal(&id.to_string(), secret),
                previous_secret_sealed: None,
                previous_secret_until: None,
                created_at: naive(now),
                updated_at: naive(now),
            })
            .execute(c)?;
        get(c, id)
    })
}

/// Changes an endpoint's URL, description, event types or whether it is enabled.
///
/// # Errors
/// [`EndpointFailed::NotFound`], [`EndpointFailed::ManagedByConfiguration`].
pub fn update(
    conn: &mut DbConnection,
    id: WebhookEndpointId,
    changes: &EndpointChanges,
    now: DateTime<Utc>,
) -> Result<Endpoint, EndpointFailed> {
    write_tx(conn, |c| {
        let current = editable(c, id)?;
        diesel::update(webhook_endpoints::table.find(&current.id))
            .set((
                webhook_endpoints::url.eq(changes
                    .url
                    .as_ref()
                    .map_or(current.url.clone(), |u| u.as_str().to_owned())),
                webhook_endpoints::description.eq(changes
                    .description
                    .clone()
                    .unwrap_or(current.description.clone())),
                webhook_endpoints::event_types.eq(changes
                    .event_types
                    .as_ref()
                    .map_or(current.event_types.clone(), EventTypes::to_stored)),
                webhook_endpoints::enabled.eq(changes.enabled.unwrap_or(current.enabled)),
                webhook_endpoints::updated_at.eq(naive(now)),
            ))
            .execute(c)?;
        get(c, id)
    })
}

/// Gives an endpoint a new secret; the previous one still signs for
/// [`ROTATION_OVERLAP_HOURS`].
///
/// # Errors
/// [`EndpointFailed::NotFound`], [`EndpointFailed::ManagedByConfiguration`].
pub fn rotate_secret(
    conn: &mut DbConnection,
    sealer: &SecretBox,
    id: WebhookEndpointId,
    secret: &WebhookSecret,
    now: DateTime<Utc>,
) -> Result<Endpoint, EndpointFailed> {
    write_tx(conn, |c| {
        let current = editable(c, id)?;
        diesel::update(webhook_endpoints::table.find(&current.id))
            .set((
                webhook_endpoints::secret_sealed.eq(sealer.seal(&current.id, secret)),
                webhook_endpoints::previous_secret_sealed.eq(Some(&current.secret_sealed)),
                webhook_endpoints::previous_secret_until
                    .eq(Some(naive(now + Duration::hours(ROTATION_OVERLAP_HOURS)))),
                webhook_endpoints::updated_at.eq(naive(now)),
            ))
            .execute(c)?;
        get(c, id)
    })
}

/// Deletes an endpoint with its messages and their attempts.
///
/// # Errors
/// [`EndpointFailed::NotFound`], [`EndpointFailed::ManagedByConfiguration`].
pub fn delete(conn: &mut DbConnection, id: WebhookEndpointId) -> Result<(), EndpointFailed> {
    write_tx(conn, |c| {
        let current = editable(c, id)?;
        let messages = webhook_messages::table
            .filter(webhook_messages::endpoint_id.eq(&current.id))
            .select(webhook_messages::id);
        diesel::delete(
            webhook_attempts::table.filter(webhook_attempts::message_id.eq_any(messages)),
        )
        .execute(c)?;
        diesel::delete(
            webhook_messages::table.filter(webhook_messages::endpoint_id.eq(&current.id)),
        )
        .execute(c)?;
        diesel::delete(webhook_endpoints::table.find(&current.id)).execute(c)?;
        Ok(())
    })
}

/// The BusinessNet endpoint of the configuration.
#[derive(Debug, Clone)]
pub struct ConfiguredEndpoint {
    pub url: EndpointUrl,
    pub secret: WebhookSecret,
}

/// Brings the configuration's endpoint in step with `configured`: created, or given the
/// configured URL and secret and every event type, enabled; disabled (with its messages
/// kept) when the configuration has none. Safe when several processes start at once.
///
/// # Errors
/// Database errors only.
pub fn configure(
    conn: &mut DbConnection,
    sealer: &SecretBox,
    configured: Option<&ConfiguredEndpoint>,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    // Two processes starting together may both insert; the loser finds the winner's row.
    match write_tx(conn, |c| configure_in(c, sealer, configured, now)) {
        Err(e) if is_unique_violation(&e, "webhook_endpoints_managed", "managed_by_config") => {
            write_tx(conn, |c| configure_in(c, sealer, configured, now))
        }
        other => other,
    }
}

fn configure_in(
    c: &mut DbConnection,
    sealer: &SecretBox,
    configured: Option<&ConfiguredEndpoint>,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    let managed = webhook_endpoints::table.filter(webhook_endpoints::managed_by_config.eq(true));
    if let DbConnection::Postgresql(pg) = c {
        managed
            .select(webhook_endpoints::id)
            .for_update()
            .first::<String>(pg)
            .optional()?;
    }
    let current = managed
        .select(EndpointRow::as_select())
        .first(c)
        .optional()?;
    match (current, configured) {
        (None, None) => {}
        (Some(row), None) => {
            diesel::update(webhook_endpoints::table.find(&row.id))
                .set((
                    webhook_endpoints::enabled.eq(false),
                    webhook_endpoints::updated_at.eq(naive(now)),
                ))
                .execute(c)?;
        }
        (None, Some(config)) => {
            let id = uuid::Uuid::now_v7().to_string();
            diesel::insert_into(webhook_endpoints::table)
                .values(EndpointRow {
                    secret_sealed: sealer.seal(&id, &config.secret),
                    id,
                    url: config.url.as_str().to_owned(),
                    description: Some(CONFIGURED_DESCRIPTION.to_owned()),
                    event_types: EventTypes::all().to_stored(),
                    enabled: true,
                    managed_by_config: true,
                    previous_secret_sealed: None,
                    previous_secret_until: None,
                    created_at: naive(now),
                    updated_at: naive(now),
                })
                .execute(c)?;
        }
        (Some(row), Some(config)) => {
            // The sealed value has a random nonce: compare what it holds.
            let same =
                sealer.open(&row.id, &row.secret_sealed).ok().as_ref() == Some(&config.secret);
            let sealed = if same {
                row.secret_sealed.clone()
            } else {
                sealer.seal(&row.id, &config.secret)
            };
            diesel::update(webhook_endpoints::table.find(&row.id))
                .set((
                    webhook_endpoints::url.eq(config.url.as_str()),
                    webhook_endpoints::event_types.eq(EventTypes::all().to_stored()),
                    webhook_endpoints::enabled.eq(true),
                    webhook_endpoints::secret_sealed.eq(sealed),
                    webhook_endpoints::updated_at.eq(naive(now)),
                ))
                .execute(c)?;
        }
    }
    Ok(())
}

/// The description of the configuration's endpoint.
pub const CONFIGURED_DESCRIPTION: &str = "BusinessNet (LMS_BUSINESSNET_WEBHOOK_URL)";
