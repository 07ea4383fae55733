//! Software Assurance (SPEC §10): the SWA bin and the vendor's SWA shipments
//! ([`bin`](mod@bin)), quotes, assignments and their cooling-off
//! ([`assignments`]), customer renewals ([`renewals`]) and free-of-charge licenses
//! ([`free_of_charge`]) and reships to dealers ([`reships`]). Everything but the shipment
//! needs an SWA role.

pub mod assignments;
pub mod bin;
mod errors;
pub mod free_of_charge;
pub mod renewals;
pub mod reships;

use chrono::NaiveDate;
use lms_domain::ErrorCode;
use lms_domain::party::Role;
use lms_domain::swa::{Quote, QuoteRefusal};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::ApiError;

/// Fails with 403 unless the caller holds an SWA role (SPEC §10: visible only with one).
///
/// # Errors
/// [`ApiError`] 403 `FORBIDDEN`.
pub(crate) fn require_swa_role(caller: &Caller) -> Result<(), ApiError> {
    if may_use_swa(caller) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "Software Assurance needs the swa_dealer_admin or swa_distributor_admin role",
        ))
    }
}

/// Whether the caller holds an SWA role.
pub(crate) fn may_use_swa(caller: &Caller) -> bool {
    caller.user.has_role(Role::SwaDealerAdmin) || caller.user.has_role(Role::SwaDistributorAdmin)
}

/// Why a quote cannot be given: a stable code and a message.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReasonView {
    pub code: ErrorCode,
    pub message: String,
}

impl From<QuoteRefusal> for ReasonView {
    fn from(r: QuoteRefusal) -> Self {
        Self {
            code: r.code(),
            message: r.to_string(),
        }
    }
}

/// An SWA quote, or why none can be given (`reason` set, units 0, no dates).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"units": 304, "reinstatement_units": 17, "total_units": 321, "months": 60, "months_without_swa": 3, "starts_on": "2026-12-03", "expires_on": "2031-12-03", "reason": null}))]
pub struct QuoteView {
    /// Units for the term: `ceil(rate × months × term factor)`.
    pub units: u64,
    /// Units for the months without SWA: `ceil(rate × months × reinstatement factor)`.
    pub reinstatement_units: u64,
    pub total_units: u64,
    /// The location's rate: Σ the parts' SWA units per month × quantity; `null` with a
    /// reason.
    pub swa_units_per_month: Option<f64>,
    pub months: u32,
    /// The months the reinstatement units pay for.
    pub months_without_swa: u32,
    pub starts_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    /// Set when no quote can be given.
    pub reason: Option<ReasonView>,
}

impl QuoteView {
    /// The view of a quote outcome for `months`.
    pub fn new(months: u32, outcome: Result<Quote, QuoteRefusal>) -> Self {
        match outcome {
            Ok(q) => Self {
                units: q.units,
                reinstatement_units: q.reinstatement_units,
                total_units: q.total_units,
                swa_units_per_month: Some(units_per_month(q.monthly_millis)),
                months: q.months,
                months_without_swa: q.months_without_swa,
                starts_on: Some(q.starts_on),
                expires_on: Some(q.expires_on),
                reason: None,
            },
            Err(r) => Self {
                units: 0,
                reinstatement_units: 0,
                total_units: 0,
                swa_units_per_month: None,
                months,
                months_without_swa: 0,
                starts_on: None,
                expires_on: None,
                reason: Some(r.into()),
            },
        }
    }
}

/// Thousandths of a unit a month as units a month.
#[allow(clippy::cast_precision_loss)] // rates are far below 2^52 thousandths
pub(crate) fn units_per_month(millis: u64) -> f64 {
    millis as f64 / 1000.0
}

/// The longest term a request may name; the rate table decides which terms are quoted.
pub const MAX_MONTHS: u32 = 120;

/// Checks a term in months against the bounds the document states (1 to [`MAX_MONTHS`]).
///
/// # Errors
/// 422 `INVALID_FIELD` on `field`.
pub(crate) fn months(field: &str, months: i64) -> Result<u32, ApiError> {
    u32::try_from(months)
        .ok()
        .filter(|m| (1..=MAX_MONTHS).contains(m))
        .ok_or_else(|| {
            ApiError::new(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidField,
                format!("months must be 1 to {MAX_MONTHS}"),
            )
            .with_field(field.to_owned())
        })
}
