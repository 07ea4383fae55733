//! Software Assurance (SPEC §10): the rates a quote uses ([`rates`]), the quote itself
//! ([`quote`]), where a location stands from its dated facts ([`standing`]), co-terming a
//! customer's renewal ([`renewal`]), agreement numbers ([`agreement`]) and the
//! free-of-charge offer ([`free_of_charge`]).
//!
//! The quote formula (SPEC §13): a location's monthly rate is the sum over its activated
//! licenses of `swa_units_per_month × quantity`; a quote for `months` costs
//! `ceil(rate × months × term factor)` units, and, when the location went without SWA,
//! `ceil(rate × months without SWA × reinstatement factor)` more. Factors are data
//! ([`rates::SwaRates`]), seeded from [`rates::seed_rates`] and edited in the database.
//!
//! Nothing here reads the clock: every function takes `now` or `today`.

pub mod agreement;
pub mod free_of_charge;
pub mod quote;
pub mod rates;
pub mod renewal;
pub mod shipment;
pub mod standing;

pub use agreement::agreement_number;
pub use quote::{Quote, QuoteRefusal, QuoteRequest, quote};
pub use rates::{RateBand, RateRule, RatesError, SwaRates, seed_rates};
pub use shipment::{NotApproved, SwaShipmentDraft, check_approval, reference};
pub use standing::{
    AssignmentFacts, AssignmentState, SwaFacts, SwaPolicy, SwaStanding, SwaStatus, months_started,
    standing,
};
