//! Partners and the shipping allowances between distributors and dealers (vendor admin).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{
    Change, PartnerCreated, ShippingAllowanceCreated, ShippingAllowanceRemoved, Subject,
};
use lms_domain::ids::{PartnerId, ShippingAllowanceId};
use lms_domain::name::PartnerName;
use lms_domain::party::Tier;

use crate::audit::{self, Actor, Event};
use crate::convert::{naive, stored, utc};
use crate::db::{DbConnection, RetryableError, is_unique_violation, write_tx};
use crate::paging::{Page, PageRequest, after_cursor};
use crate::schema::{partners, shipping_allowances};

/// A business partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    pub id: PartnerId,
    pub name: String,
    pub tier: Tier,
    pub created_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = partners)]
pub(crate) struct PartnerRow {
    id: String,
    name: String,
    tier: String,
    created_at: chrono::NaiveDateTime,
}

impl TryFrom<PartnerRow> for Partner {
    type Error = diesel::result::Error;

    fn try_from(r: PartnerRow) -> QueryResult<Self> {
        Ok(Self {
            id: stored(&r.id)?,
            name: r.name,
            tier: stored(&r.tier)?,
            created_at: utc(r.created_at),
        })
    }
}

/// Creating a partner failed.
#[derive(Debug, thiserror::Error)]
pub enum CreatePartnerError {
    #[error("a partner named \"{0}\" exists already")]
    NameTaken(String),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for CreatePartnerError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::Db(e) if e.is_retryable())
    }
}

/// Creates a partner; `actor` is `None` for the system itself (demo data).
///
/// # Errors
/// [`CreatePartnerError::NameTaken`] when the name is in use.
pub fn create(
    conn: &mut DbConnection,
    actor: Option<&Actor>,
    name: &PartnerName,
    tier: Tier,
    now: DateTime<Utc>,
) -> Result<Partner, CreatePartnerError> {
    let row = PartnerRow {
        id: PartnerId::new_random().to_string(),
        name: name.to_string(),
        tier: tier.as_str().to_owned(),
        created_at: naive(now),
    };
    write_tx(conn, |c| {
        diesel::insert_into(partners::table)
            .values(&row)
            .execute(c)
            .map_err(|e| {
                if is_unique_violation(&e, "partners_name_key", "partners.name") {
                    CreatePartnerError::NameTaken(name.to_string())
                } else {
                    e.into()
                }
            })?;
        if let Some(actor) = actor {
            let partner = stored(&row.id)?;
            audit::record(
                c,
                Event {
                    actor,
                    owner: Some(partner),
                    subject: Subject::Partner(partner),
                    change: Change::PartnerCreated(PartnerCreated {
                        name: row.name.clone(),
                        tier,
                    }),
                    at: now,
                },
            )?;
        }
        Ok::<_, CreatePartnerError>(())
    })?;
    Ok(row.try_into()?)
}

/// One partner.
///
/// # Errors
/// Database errors only; a missing partner is `Ok(None)`.
pub fn get(conn: &mut DbConnection, partner: PartnerId) -> QueryResult<Option<Partner>> {
    partners::table
        .find(partner.to_string())
        .select(PartnerRow::as_select())
        .first(conn)
        .optional()?
        .map(Partner::try_from)
        .transpose()
}

/// All partners, by name.
///
/// # Errors
/// Database errors only.
pub fn list(conn: &mut DbConnection, page: &PageRequest) -> QueryResult<Page<Partner>> {
    let query = after_cursor!(
        partners::table.select(PartnerRow::as_select()).into_boxed(),
        page,
        partners::name,
        partners::id
    );
    let rows = query.load(conn)?;
    page.page(rows, |r| (r.name.clone(), r.id.clone()))
        .try_map(Partner::try_from)
}

/// A distributor may reship to, and act for, this dealer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShippingAllowance {
    pub id: ShippingAllowanceId,
    pub distributor_id: PartnerId,
    pub dealer_id: PartnerId,
    pub created_at: DateTime<Utc>,
}

/// Creating a shipping allowance failed.
#[derive(Debug, thiserror::Error)]
pub enum CreateAllowanceError {
    #[error("no partner with id {0}")]
    UnknownPartner(PartnerId, &'static str),
    #[error("{0} is not a distributor")]
    NotADistributor(PartnerId),
    #[error("{0} is not a dealer")]
    NotADealer(PartnerId),
    #[error("this shipping allowance exists already")]
    Exists,
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for CreateAllowanceError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::Db(e) if e.is_retryable())
    }
}

/// Lets `distributor` reship to and impersonate users of `dealer`.
///
/// # Errors
/// [`CreateAllowanceError`] when a partner is missing, of the wrong tier, or the pair exists.
pub fn allow_shipping(
    conn: &mut DbConnection,
    actor: Option<&Actor>,
    distributor: PartnerId,
    dealer: PartnerId,
    now: DateTime<Utc>,
) -> Result<ShippingAllowance, CreateAllowanceError> {
    write_tx(conn, |c| {
        let tier_of = |c: &mut DbConnection, p: PartnerId, field| {
            get(c, p)?
                .map(|p| p.tier)
                .ok_or(CreateAllowanceError::UnknownPartner(p, field))
        };
        if tier_of(c, distributor, "distributor_id")? != Tier::Distributor {
            return Err(CreateAllowanceError::NotADistributor(distributor));
        }
        if tier_of(c, dealer, "dealer_id")? != Tier::Dealer {
            return Err(CreateAllowanceError::NotADealer(dealer));
        }
        let id = ShippingAllowanceId::new_random();
        diesel::insert_into(shipping_allowances::table)
            .values((
                shipping_allowances::id.eq(id.to_string()),
                shipping_allowances::distributor_id.eq(distributor.to_string()),
                shipping_allowances::dealer_id.eq(dealer.to_string()),
                shipping_allowances::created_at.eq(naive(now)),
            ))
            .execute(c)
            .map_err(|e| match e {
                diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::UniqueViolation,
                    _,
                ) => CreateAllowanceError::Exists,
                e => e.into(),
            })?;
        if let Some(actor) = actor {
            audit::record(
                c,
                Event {
                    actor,
                    owner: Some(distributor),
                    subject: Subject::ShippingAllowance(id),
                    change: Change::ShippingAllowanceCreated(ShippingAllowanceCreated {
                        distributor_id: distributor,
                        dealer_id: dealer,
                    }),
                    at: now,
                },
            )?;
        }
        Ok(ShippingAllowance {
            id,
            distributor_id: distributor,
            dealer_id: dealer,
            created_at: now,
        })
    })
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = shipping_allowances)]
struct AllowanceRow {
    id: String,
    distributor_id: String,
    dealer_id: String,
    created_at: chrono::NaiveDateTime,
}

impl TryFrom<AllowanceRow> for ShippingAllowance {
    type Error = diesel::result::Error;

    fn try_from(r: AllowanceRow) -> QueryResult<Self> {
        Ok(Self {
            id: stored(&r.id)?,
            distributor_id: stored(&r.distributor_id)?,
            dealer_id: stored(&r.dealer_id)?,
            created_at: utc(r.created_at),
        })
    }
}

/// Every shipping allowance, by distributor then dealer.
///
/// # Errors
/// Database errors only.
pub fn list_allowances(conn: &mut DbConnection) -> QueryResult<Vec<ShippingAllowance>> {
    shipping_allowances::table
        .select(AllowanceRow::as_select())
        .order((
            shipping_allowances::distributor_id,
            shipping_allowances::dealer_id,
        ))
        .load(conn)?
        .into_iter()
        .map(ShippingAllowance::try_from)
        .collect()
}

/// Removing a shipping allowance failed.
#[derive(Debug, thiserror::Error)]
pub enum RemoveAllowanceError {
    #[error("shipping allowance not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for RemoveAllowanceError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::Db(e) if e.is_retryable())
    }
}

/// Removes a shipping allowance: the distributor can no longer reship to the dealer, and
/// every impersonation of the dealer's users by the distributor's users ends with the next
/// request (the API checks the allowance on each one).
///
/// # Errors
/// [`RemoveAllowanceError::NotFound`] for an unknown id.
pub fn remove_allowance(
    conn: &mut DbConnection,
    actor: &Actor,
    id: ShippingAllowanceId,
    now: DateTime<Utc>,
) -> Result<ShippingAllowance, RemoveAllowanceError> {
    write_tx(conn, |c| {
        let found: Option<AllowanceRow> = shipping_allowances::table
            .find(id.to_string())
            .select(AllowanceRow::as_select())
            .first(c)
            .optional()?;
        let allowance = ShippingAllowance::try_from(found.ok_or(RemoveAllowanceError::NotFound)?)?;
        // Conditional: of two concurrent removals exactly one deletes and records.
        let deleted = diesel::delete(shipping_allowances::table.find(id.to_string())).execute(c)?;
        if deleted != 1 {
            return Err(RemoveAllowanceError::NotFound);
        }
        audit::record(
            c,
            Event {
                actor,
                owner: Some(allowance.distributor_id),
                subject: Subject::ShippingAllowance(id),
                change: Change::ShippingAllowanceRemoved(ShippingAllowanceRemoved {
                    distributor_id: allowance.distributor_id,
                    dealer_id: allowance.dealer_id,
                }),
                at: now,
            },
        )?;
        Ok(allowance)
    })
}

/// Whether `distributor` has a shipping allowance for `dealer`.
///
/// # Errors
/// Database errors only.
pub fn allowance_exists(
    conn: &mut DbConnection,
    distributor: PartnerId,
    dealer: PartnerId,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(allowance_of(distributor, dealer))).get_result(conn)
}

/// Like [`allowance_exists`], inside a transaction: on PostgreSQL the row is share-locked
/// until the transaction ends, so a decision taken on it cannot race its removal.
///
/// # Errors
/// Database errors only.
pub fn lock_allowance(
    conn: &mut DbConnection,
    distributor: PartnerId,
    dealer: PartnerId,
) -> QueryResult<bool> {
    let query = allowance_of(distributor, dealer).select(shipping_allowances::id);
    if let DbConnection::Postgresql(pg) = conn {
        return Ok(query.for_share().first::<String>(pg).optional()?.is_some());
    }
    Ok(query.first::<String>(conn).optional()?.is_some())
}

/// The allowance row of the pair, if any.
fn allowance_of(
    distributor: PartnerId,
    dealer: PartnerId,
) -> diesel::dsl::Filter<
    diesel::dsl::Filter<
        shipping_allowances::table,
        diesel::dsl::Eq<shipping_allowances::distributor_id, String>,
    >,
    diesel::dsl::Eq<shipping_allowances::dealer_id, String>,
> {
    shipping_allowances::table
        .filter(shipping_allowances::distributor_id.eq(distributor.to_string()))
        .filter(shipping_allowances::dealer_id.eq(dealer.to_string()))
}
