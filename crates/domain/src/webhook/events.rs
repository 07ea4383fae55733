//! The `data` of each event type: what a notification e-mail needs, without a call back.
//! Published as OpenAPI components (and as the document's `webhooks`), so the integration
//! can generate its types.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::EventType;
use crate::audit::ShippedLine;
use crate::ids::{ActivationId, CustomerId, LocationId, PurchaseOrderId, SwaAssignmentId, SwaPoId};

/// An event and its details; serialized as `{"type": …, "data": {…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum EventData {
    #[serde(rename = "license.shipped")]
    LicenseShipped(LicenseShippedData),
    #[serde(rename = "swa.shipped")]
    SwaShipped(SwaShippedData),
    #[serde(rename = "license.activated")]
    LicenseActivated(LicenseActivatedData),
    #[serde(rename = "external_file.available")]
    ExternalFileAvailable(ExternalFileAvailableData),
    #[serde(rename = "swa.activated")]
    SwaActivated(SwaActivatedData),
    #[serde(rename = "reship.received")]
    ReshipReceived(ReshipReceivedData),
    #[serde(rename = "hardware.replaced")]
    HardwareReplaced(HardwareReplacedData),
    #[serde(rename = "location.migrated")]
    LocationMigrated(LocationMigratedData),
}

impl EventData {
    /// The event's type.
    pub fn event_type(&self) -> EventType {
        match self {
            Self::LicenseShipped(_) => EventType::LicenseShipped,
            Self::SwaShipped(_) => EventType::SwaShipped,
            Self::LicenseActivated(_) => EventType::LicenseActivated,
            Self::ExternalFileAvailable(_) => EventType::ExternalFileAvailable,
            Self::SwaActivated(_) => EventType::SwaActivated,
            Self::ReshipReceived(_) => EventType::ReshipReceived,
            Self::HardwareReplaced(_) => EventType::HardwareReplaced,
            Self::LocationMigrated(_) => EventType::LocationMigrated,
        }
    }

    /// Who of the partner's users should hear of it: Software Assurance only concerns the
    /// users who see it.
    pub fn audience(&self) -> super::Audience {
        match self {
            Self::SwaShipped(_)
            | Self::SwaActivated(_)
            | Self::ReshipReceived(ReshipReceivedData::SwaUnits(_)) => super::Audience::SwaUsers,
            _ => super::Audience::AllUsers,
        }
    }
}

/// The location an event concerns, named as the partner knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = WebhookLocation))]
pub struct LocationRef {
    pub id: LocationId,
    pub name: String,
    /// The `system_type` code (`SV9100_CP20`, …).
    pub system_type: String,
    pub hwkc: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
}

/// `license.shipped`: a PO of licenses arrived in the partner's license bin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseShippedData {
    pub purchase_order_id: PurchaseOrderId,
    pub po_number: String,
    pub so_number: String,
    /// Months of SWA the order included, if any.
    pub swa_months: Option<u32>,
    pub lines: Vec<ShippedLine>,
}

/// `swa.shipped`: a PO of SWA units arrived in the partner's SWA bin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SwaShippedData {
    pub swa_po_id: SwaPoId,
    pub po_number: String,
    pub so_number: String,
    pub units: i64,
    pub expires_on: NaiveDate,
}

/// One part activated, and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivatedPart {
    pub part_number: String,
    pub quantity: u32,
}

/// How the licenses came to be activated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivationSource {
    /// The partner activated attached licenses (or set an SV9500 server's IP address).
    Activation,
    /// A vendor admin approved the import of a legacy DECT license file.
    DectImport,
}

/// `license.activated`: licenses were activated on a location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseActivatedData {
    pub location: LocationRef,
    pub source: ActivationSource,
    /// The activation, for `source` `activation`.
    pub activation_id: Option<ActivationId>,
    /// The activation code of the new license file; null for an external product, whose
    /// file comes from outside the LMS (an `external_file.available` follows).
    pub activation_code: Option<String>,
    /// The file name of the new license file, when the LMS made one.
    pub license_file_name: Option<String>,
    pub licenses: Vec<ActivatedPart>,
}

/// `external_file.available`: an external product's license file was uploaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExternalFileAvailableData {
    pub location: LocationRef,
    pub file_name: String,
}

/// `swa.activated`: an SWA assignment became active (at once or after its cooling-off).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SwaActivatedData {
    pub assignment_id: SwaAssignmentId,
    pub location_id: LocationId,
    pub agreement_number: String,
    pub months: u32,
    pub units: i64,
    pub starts_on: NaiveDate,
    pub expires_on: NaiveDate,
}

/// `reship.received`: a distributor's reship arrived in the dealer's bin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReshipReceivedData {
    /// Licenses, as a new PO in the license bin.
    Licenses(LicensesReshipped),
    /// SWA units, one SWA PO per expiry date.
    SwaUnits(SwaUnitsReshipped),
}

/// Licenses reshipped: the dealer's new PO.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicensesReshipped {
    pub purchase_order_id: PurchaseOrderId,
    pub po_number: String,
    pub so_number: String,
    pub lines: Vec<ShippedLine>,
}

/// SWA units reshipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SwaUnitsReshipped {
    pub po_number: String,
    pub so_number: String,
    pub units: i32,
    pub swa_purchase_orders: Vec<ReshippedSwaPo>,
}

/// One SWA PO a reship arrived on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReshippedSwaPo {
    pub swa_po_id: SwaPoId,
    pub units: i32,
    pub expires_on: NaiveDate,
}

/// `hardware.replaced`: a location got a new HWKC (one event per changed location: a child
/// whose key follows its parent's names it in `follows_parent`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HardwareReplacedData {
    pub location_id: LocationId,
    pub customer_id: CustomerId,
    pub old_hwkc: String,
    pub new_hwkc: String,
    pub reason: String,
    pub follows_parent: Option<LocationId>,
}

/// `location.migrated`: an SV9100 CP10 location's licenses moved to a new CP20 location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationMigratedData {
    pub from_location_id: LocationId,
    pub to_location_id: LocationId,
    pub customer_id: CustomerId,
    pub old_hwkc: String,
    pub new_hwkc: String,
    /// The `MIGSU_…` PO the licenses are on now.
    pub po_number: String,
}
