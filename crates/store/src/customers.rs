//! Customers of a partner. Every query is scoped: another partner's customer is not found.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, CustomerCreated, CustomerNameCountry, CustomerUpdated, Subject};
use lms_domain::customer::{CustomerFields, CustomerInput};
use lms_domain::field::FieldError;
use lms_domain::ids::{CustomerId, PartnerId};

use crate::Scope;
use crate::audit::{self, Actor, Event};
use crate::convert::{corrupt, lower, naive, stored, utc};
use crate::db::{DbConnection, MultiBackend, RetryableError, write_tx};
use crate::paging::{Page, PageRequest, after_cursor};
use crate::schema::customers;

/// A stored customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub id: CustomerId,
    pub partner_id: PartnerId,
    pub fields: CustomerFields,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = customers, treat_none_as_null = true)]
struct CustomerRow {
    id: String,
    partner_id: String,
    name: String,
    country: String,
    address: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    contact_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    reference_note: Option<String>,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

impl CustomerRow {
    fn new(
        id: CustomerId,
        partner: PartnerId,
        f: &CustomerFields,
        created: DateTime<Utc>,
        updated: DateTime<Utc>,
    ) -> Self {
        Self {
            id: id.to_string(),
            partner_id: partner.to_string(),
            name: f.name.clone(),
            country: f.country.to_string(),
            address: f.address.clone(),
            postal_code: f.postal_code.clone(),
            city: f.city.clone(),
            contact_name: f.contact_name.clone(),
            email: f.email.as_ref().map(ToString::to_string),
            phone: f.phone.clone(),
            reference_note: f.reference_note.clone(),
            created_at: naive(created),
            updated_at: naive(updated),
        }
    }
}

impl TryFrom<CustomerRow> for Customer {
    type Error = diesel::result::Error;

    fn try_from(r: CustomerRow) -> QueryResult<Self> {
        let input = CustomerInput {
            name: r.name,
            country: r.country,
            address: r.address,
            postal_code: r.postal_code,
            city: r.city,
            contact_name: r.contact_name,
            email: r.email,
            phone: r.phone,
            reference_note: r.reference_note,
        };
        Ok(Self {
            id: stored(&r.id)?,
            partner_id: stored(&r.partner_id)?,
            fields: CustomerFields::parse(&input)
                .map_err(|e| corrupt(format!("customer {}: {e}", r.id)))?,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
        })
    }
}

/// A customer operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CustomerError {
    #[error("customer not found")]
    NotFound,
    #[error("only a partner's users can create or change customers")]
    PartnerRequired,
    #[error(transparent)]
    Invalid(#[from] FieldError),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for CustomerError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::Db(e) if e.is_retryable())
    }
}

/// Creates a customer of the caller's partner.
///
/// # Errors
/// [`CustomerError::PartnerRequired`] for vendor staff.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    fields: &CustomerFields,
    now: DateTime<Utc>,
) -> Result<Customer, CustomerError> {
    let partner = actor.partner_id.ok_or(CustomerError::PartnerRequired)?;
    let row = CustomerRow::new(CustomerId::new_random(), partner, fields, now, now);
    write_tx(conn, |c| {
        diesel::insert_into(customers::table)
            .values(&row)
            .execute(c)?;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(partner),
                subject: Subject::Customer(stored(&row.id)?),
                change: Change::CustomerCreated(CustomerCreated {
                    name: row.name.clone(),
                    country: row.country.clone(),
                    reference_note: row.reference_note.clone(),
                }),
                at: now,
            },
        )?;
        Ok::<_, CustomerError>(())
    })?;
    Ok(row.try_into()?)
}

/// One customer, if the scope may see it.
///
/// # Errors
/// [`CustomerError::NotFound`] when missing or another partner's.
pub fn get(
    conn: &mut DbConnection,
    scope: Scope,
    customer: CustomerId,
) -> Result<Customer, CustomerError> {
    scoped(scope)
        .filter(customers::id.eq(customer.to_string()))
        .first(conn)
        .optional()?
        .map(Customer::try_from)
        .transpose()?
        .ok_or(CustomerError::NotFound)
}

/// [`get`], and on PostgreSQL the customer's row locked until the transaction ends, so a
/// read-modify-write of it cannot lose a concurrent one's change.
///
/// # Errors
/// [`CustomerError::NotFound`] when missing or another partner's.
fn lock(
    conn: &mut DbConnection,
    scope: Scope,
    customer: CustomerId,
) -> Result<Customer, CustomerError> {
    if let DbConnection::Postgresql(pg) = conn {
        let query = customers::table
            .filter(customers::id.eq(customer.to_string()))
            .select(customers::id);
        match scope.partner() {
            Some(p) => query
                .filter(customers::partner_id.eq(p.to_string()))
                .for_update()
                .first::<String>(pg),
            None => query.for_update().first::<String>(pg),
        }
        .optional()?
        .ok_or(CustomerError::NotFound)?;
    }
    get(conn, scope, customer)
}

/// The scope's customers by name; `q` narrows to names or reference notes containing it.
///
/// # Errors
/// Database errors only.
pub fn list(
    conn: &mut DbConnection,
    scope: Scope,
    q: Option<&str>,
    page: &PageRequest,
) -> Result<Page<Customer>, CustomerError> {
    let mut query = scoped(scope);
    if let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = crate::locations::like_pattern(q);
        query = query.filter(
            lower(customers::name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(customers::reference_note.assume_not_null())
                    .like(pattern)
                    .escape('\\')),
        );
    }
    let rows = after_cursor!(query, page, customers::name, customers::id).load(conn)?;
    Ok(page
        .page(rows, |r| (r.name.clone(), r.id.clone()))
        .try_map(Customer::try_from)?)
}

/// Applies a partial update, re-validating the whole record.
///
/// # Errors
/// [`CustomerError::NotFound`] or [`CustomerError::Invalid`] naming the field.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    customer: CustomerId,
    change: impl Fn(&mut CustomerInput),
    now: DateTime<Utc>,
) -> Result<Customer, CustomerError> {
    let partner = actor.partner_id.ok_or(CustomerError::PartnerRequired)?;
    let scope = actor.scope();
    write_tx(conn, |c| {
        let current = lock(c, scope, customer)?;
        let mut input = current.fields.to_input();
        change(&mut input);
        let fields = CustomerFields::parse(&input)?;
        let row = CustomerRow::new(customer, partner, &fields, current.created_at, now);
        diesel::update(customers::table.find(customer.to_string()))
            .set(&row)
            .execute(c)?;
        let change = Change::CustomerUpdated(CustomerUpdated {
            before: CustomerNameCountry {
                name: current.fields.name.clone(),
                country: current.fields.country.to_string(),
            },
            after: CustomerNameCountry {
                name: row.name.clone(),
                country: row.country.clone(),
            },
        });
        audit::record(
            c,
            Event {
                actor,
                owner: Some(partner),
                subject: Subject::Customer(customer),
                change,
                at: now,
            },
        )?;
        Ok(row.try_into()?)
    })
}

type Scoped = customers::BoxedQuery<
    'static,
    MultiBackend,
    diesel::dsl::SqlTypeOf<diesel::dsl::AsSelect<CustomerRow, MultiBackend>>,
>;

fn scoped(scope: Scope) -> Scoped {
    let query = customers::table
        .select(CustomerRow::as_select())
        .into_boxed();
    match scope.partner() {
        Some(p) => query.filter(customers::partner_id.eq(p.to_string())),
        None => query,
    }
}
