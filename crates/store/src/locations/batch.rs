//! Creating many locations under one customer at once (an ERP's import): one transaction,
//! each location in a savepoint of its own, so a refused one leaves the others as they would
//! be alone; with `all_or_nothing` any refusal rolls the whole batch back.

use chrono::{DateTime, Utc};
use diesel::Connection as _;
use lms_domain::ids::CustomerId;
use lms_domain::location::LocationInput;
use rand::Rng;

use super::create::create_in;
use super::{Created, LocationError};
use crate::audit::Actor;
use crate::customers;
use crate::db::{DbConnection, RetryableError, write_tx};

/// What became of each location of a batch, in request order.
pub type Outcomes = Vec<Result<Created, LocationError>>;

/// A batch failed as a whole.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The customer is not visible, or the caller cannot create locations.
    #[error(transparent)]
    Location(#[from] LocationError),
    /// `all_or_nothing` and at least one location was refused: nothing was created.
    #[error("a location of the batch was refused, so none was created")]
    RolledBack(Outcomes),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for BatchError {
    fn is_retryable(&self) -> bool {
        match self {
            Self::Db(e) => e.is_retryable(),
            Self::Location(e) => e.is_retryable(),
            // A retry could only change the outcome if one item hit a transient error.
            Self::RolledBack(outcomes) => outcomes
                .iter()
                .any(|o| matches!(o, Err(e) if e.is_retryable())),
        }
    }
}

/// Creates `inputs` under `customer`: every one it can (each as [`super::create`] would), or
/// with `all_or_nothing` all of them or none.
///
/// # Errors
/// [`BatchError`]: the customer not visible, or (with `all_or_nothing`) the outcomes of a
/// batch that was rolled back.
pub fn create_batch(
    conn: &mut DbConnection,
    actor: &Actor,
    customer: CustomerId,
    inputs: &[LocationInput],
    all_or_nothing: bool,
    now: DateTime<Utc>,
    rng: &mut impl Rng,
) -> Result<Outcomes, BatchError> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    write_tx(conn, |c| {
        customers::get(c, actor.scope(), customer).map_err(LocationError::from)?;
        let outcomes: Outcomes = inputs
            .iter()
            // A savepoint per location: a refused one leaves no trace, and on PostgreSQL
            // the transaction stays usable after a failed statement.
            .map(|input| c.transaction(|c| create_in(c, actor, partner, customer, input, now, rng)))
            .collect();
        if all_or_nothing && outcomes.iter().any(Result::is_err) {
            return Err(BatchError::RolledBack(outcomes));
        }
        Ok(outcomes)
    })
}
