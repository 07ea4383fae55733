//! The audit details of Software Assurance changes: units before and after, in the bin and
//! on the PO or assignment they concern.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{LocationId, PartnerId, SwaAssignmentId};

/// Details of [`super::Change::SwaShipped`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SwaShipped {
    pub po_number: String,
    pub units: i64,
    pub expires_on: NaiveDate,
}

/// Details of [`super::Change::SwaReshipped`]: to whom, under which numbers, how many units
/// (each dealer PO they arrived on is audited for the dealer as [`SwaShipped`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SwaReshipped {
    pub dealer_id: PartnerId,
    pub po_number: String,
    pub so_number: String,
    pub units: i64,
}

/// Details of an SWA assignment's change: the partner's available SWA units before and
/// after, and what the assignment covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SwaAssignmentChange {
    pub assignment_id: SwaAssignmentId,
    pub location_id: LocationId,
    pub agreement_number: String,
    pub months: u32,
    /// Units of the assignment (term and reinstatement).
    pub units: i64,
    pub starts_on: NaiveDate,
    pub expires_on: NaiveDate,
    /// Unexpired units available in the bin before and after the change.
    pub available_before: i64,
    pub available_after: i64,
}
