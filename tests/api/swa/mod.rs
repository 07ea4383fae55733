//! Software Assurance end to end (SPEC §10): the SWA bin and shipments, roles, quotes,
//! assignment with cooling-off (by the job, lazily on read, or at once), status and grace
//! with a clock the test moves, renewal with co-term, free-of-charge licenses, the quote
//! offered after activation, and no oversell under concurrency.

mod assignments;
mod bin;
mod concurrency;
mod free_of_charge;
mod renewals;
mod reships;
mod status;
