//! Software Assurance (SPEC §10): SWA unit POs in partners' bins ([`bin`](mod@bin)), where
//! each location stands ([`standing`](mod@standing)), quotes and assignments with their
//! cooling-off ([`assign`](mod@assign), [`settle`](mod@settle)), customer renewals
//! ([`renewal`](mod@renewal)) and free-of-charge licenses ([`free_of_charge`](mod@free_of_charge)).
//!
//! Units move like license quantities: every move is one conditional update checked for one
//! affected row, and the table's CHECK keeps `shipped = available + held + consumed +
//! reshipped` on every SWA PO. An assignment takes unexpired units earliest expiry first,
//! across POs, and records which POs it took them from ([`swa_allocations`]), so activating
//! or cancelling it moves exactly those units.
//!
//! [`swa_allocations`]: crate::schema::swa_allocations

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use lms_domain::ids::{LocationId, SwaAssignmentId, SwaPoId};
use lms_domain::swa::renewal::NoTwelveMonthLocation;
use lms_domain::swa::{AssignmentFacts, AssignmentState, QuoteRefusal};

use crate::convert::{stored, utc};
use crate::db::RetryableError;
use crate::locations::LocationError;
use crate::schema::swa_assignments;

pub mod assign;
pub mod bin;
pub mod free_of_charge;
pub mod rates;
pub mod renewal;
pub mod reship;
pub mod settle;
pub mod standing;

pub use assign::{
    AssignRequest, AssignmentFilter, COOLING_OFF, activate, assign, cancel, list_assignments,
    quote_location,
};
pub use bin::{SwaPo, list_bin, ship_units};
pub use free_of_charge::{attach_free, free_of_charge_offer};
pub use renewal::{RenewalAsk, RenewalLine, RenewalQuote, quote_renewal, renew};
pub use reship::{SwaReship, SwaReshipError, SwaReshipLot, list_reships, reship_units};
pub use settle::settle_due;
pub use standing::{prospective_locations, standings};

/// An assignment of SWA units to a location, in its state at the time it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub id: SwaAssignmentId,
    pub location_id: LocationId,
    pub location_name: String,
    pub renewal: bool,
    pub state: AssignmentState,
    pub reference: String,
    pub agreement_number: String,
    pub months: i32,
    pub units: i32,
    pub reinstatement_units: i32,
    pub starts_on: NaiveDate,
    pub expires_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub cooling_off_until: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = swa_assignments)]
pub(crate) struct AssignmentRow {
    pub(crate) id: String,
    pub(crate) partner_id: String,
    pub(crate) location_id: String,
    pub(crate) kind: String,
    pub(crate) state: String,
    pub(crate) reference: String,
    pub(crate) agreement_number: String,
    pub(crate) months: i32,
    pub(crate) units: i32,
    pub(crate) reinstatement_units: i32,
    pub(crate) starts_on: NaiveDate,
    pub(crate) expires_on: NaiveDate,
    pub(crate) created_at: chrono::NaiveDateTime,
    pub(crate) created_by: String,
    pub(crate) cooling_off_until: chrono::NaiveDateTime,
    pub(crate) activated_at: Option<chrono::NaiveDateTime>,
    pub(crate) cancelled_at: Option<chrono::NaiveDateTime>,
}

/// The stored kinds of assignment.
pub(crate) const KIND_ASSIGNMENT: &str = "assignment";
pub(crate) const KIND_RENEWAL: &str = "renewal";

impl AssignmentRow {
    pub(crate) fn facts(&self) -> QueryResult<AssignmentFacts> {
        Ok(AssignmentFacts {
            state: stored(&self.state)?,
            cooling_off_until: utc(self.cooling_off_until),
            starts_on: self.starts_on,
            expires_on: self.expires_on,
        })
    }

    /// The assignment as read at `now`: a cooling-off past its hours reads as active.
    pub(crate) fn at(self, now: DateTime<Utc>, location_name: String) -> QueryResult<Assignment> {
        let state = self.facts()?.state_at(now);
        Ok(Assignment {
            id: stored(&self.id)?,
            location_id: stored(&self.location_id)?,
            location_name,
            renewal: self.kind == KIND_RENEWAL,
            state,
            reference: self.reference,
            agreement_number: self.agreement_number,
            months: self.months,
            units: self.units,
            reinstatement_units: self.reinstatement_units,
            starts_on: self.starts_on,
            expires_on: self.expires_on,
            created_at: utc(self.created_at),
            cooling_off_until: utc(self.cooling_off_until),
            activated_at: self.activated_at.map(utc).or_else(|| {
                (state == AssignmentState::Active).then(|| utc(self.cooling_off_until))
            }),
            cancelled_at: self.cancelled_at.map(utc),
        })
    }
}

/// The assignments with these ids, with their locations' names, as read at `now`.
pub(crate) fn read(
    c: &mut crate::db::DbConnection,
    ids: &[String],
    now: DateTime<Utc>,
) -> QueryResult<Vec<Assignment>> {
    let rows: Vec<(AssignmentRow, String)> = swa_assignments::table
        .inner_join(crate::schema::locations::table)
        .filter(swa_assignments::id.eq_any(ids))
        .order(swa_assignments::id.asc())
        .select((AssignmentRow::as_select(), crate::schema::locations::name))
        .load(c)?;
    rows.into_iter().map(|(r, name)| r.at(now, name)).collect()
}

/// An SWA use case failed.
#[derive(Debug, thiserror::Error)]
pub enum SwaError {
    #[error(transparent)]
    Location(#[from] LocationError),
    #[error("no partner with id {0}")]
    UnknownPartner(lms_domain::ids::PartnerId),
    #[error("this partner already has an SWA PO numbered {0}")]
    PoExists(String),
    #[error("no such SWA assignment")]
    AssignmentNotFound,
    #[error("{0}")]
    Refused(QuoteRefusal),
    #[error("location {location}: {refusal}")]
    LocationRefused {
        location: LocationId,
        refusal: QuoteRefusal,
    },
    #[error("{needed} SWA units are needed but only {available} unexpired units are available ({} missing)", needed - available)]
    InsufficientUnits { needed: i64, available: i64 },
    #[error("the assignment is {0}; only an assignment in cooling-off can be cancelled")]
    NotCancellable(AssignmentState),
    #[error("the assignment was cancelled; it cannot be activated")]
    Cancelled,
    #[error(transparent)]
    CoTerm(#[from] NoTwelveMonthLocation),
    #[error("location {0} is not one of this customer's")]
    NotOfCustomer(LocationId),
    #[error("no location of this customer can be renewed")]
    NothingToRenew,
    #[error(
        "free-of-charge licenses need SWA active or in its grace period; this location's SWA is {0}"
    )]
    FreeOfChargeNotAvailable(lms_domain::swa::SwaStatus),
    #[error("part {0} is not offered free of charge to this location")]
    NotOffered(String),
    #[error(transparent)]
    Attach(lms_domain::license::attach::AttachLineError),
    #[error("this location already has part {0} free of charge")]
    AlreadyTaken(String),
    #[error("the SWA rate table in the database is invalid: {0}")]
    Rates(#[from] lms_domain::swa::RatesError),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for SwaError {
    fn is_retryable(&self) -> bool {
        match self {
            Self::Db(e) => e.is_retryable(),
            Self::Location(LocationError::Db(e)) => e.is_retryable(),
            _ => false,
        }
    }
}

/// Whether `partner` has an SWA PO numbered `po_number` (of any expiry). One PO number may
/// hold several expiries only as one reship's lots, so the unique index cannot say this
/// alone; on PostgreSQL the partner is locked first, so two shipments of one number
/// serialize here.
pub(crate) fn po_number_taken(
    c: &mut crate::db::DbConnection,
    partner: lms_domain::ids::PartnerId,
    po_number: &str,
) -> QueryResult<bool> {
    use crate::schema::{partners, swa_pos};
    if let crate::db::DbConnection::Postgresql(pg) = c {
        partners::table
            .find(partner.to_string())
            .select(partners::id)
            .for_update()
            .first::<String>(pg)
            .optional()?;
    }
    diesel::select(diesel::dsl::exists(
        swa_pos::table
            .filter(swa_pos::partner_id.eq(partner.to_string()))
            .filter(swa_pos::po_number.eq(po_number)),
    ))
    .get_result(c)
}

/// A stored SWA PO id.
pub(crate) fn po_id(raw: &str) -> QueryResult<SwaPoId> {
    stored(raw)
}
