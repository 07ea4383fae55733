//! What the audit trail records: each kind of change with its typed details, and the object
//! it is about. The store writes a [`Change`] as its `action` text and `details` JSON and
//! reads it back the same way, so an event's shape is stated once, here, and the OpenAPI
//! document publishes it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

mod swa;

pub use swa::{SwaAssignmentChange, SwaReshipped, SwaShipped};

use crate::ids::{
    ApiKeyId, AttachmentId, CustomerId, FileId, LocationId, PartnerId, PoLineId, PurchaseOrderId,
    ShippingAllowanceId, SwaPoId, UploadId, UserId,
};
use crate::license::dect_upload::UploadedLicense;
use crate::party::Tier;

/// Declares [`Change`] from its variants, each with its action text and details type, and
/// `Change::action`, so the action text of a variant is written once. The action is taken as
/// a `tt`, not a `literal`: utoipa does not see a `literal` fragment (an invisible group) as
/// a rename.
macro_rules! changes {
    ($( $(#[$doc:meta])* $variant:ident($details:ident) = $action:tt, )+) => {
        /// One recorded change: `action` names it, `details` says what changed.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(tag = "action", content = "details")]
        pub enum Change {
            $( $(#[$doc])* #[serde(rename = $action)] $variant($details), )+
        }

        impl Change {
            /// The action text, e.g. `license.attached`.
            pub fn action(&self) -> &'static str {
                match self {
                    $( Self::$variant(_) => $action, )+
                }
            }
        }
    };
}

changes! {
    /// A shipment arrived in the partner's bin.
    ShipmentReceived(ShipmentReceived) = "shipment.received",
    /// Licenses of a PO line were attached to a location.
    LicenseAttached(LicenseAttached) = "license.attached",
    /// Attached licenses went back to the bin.
    LicenseDetached(LicenseDetached) = "license.detached",
    /// Attached licenses were activated, permanently.
    LicenseActivated(LicenseActivated) = "license.activated",
    /// A location's license file was produced again.
    LicenseFileRegenerated(LicenseFileRegenerated) = "license_file.regenerated",
    /// A demo license file was issued.
    DemoLicenseIssued(DemoLicenseIssued) = "demo_license.issued",
    /// The license file of an external product was uploaded.
    ExternalLicenseFileUploaded(ExternalLicenseFileUploaded) = "external_license_file.uploaded",
    /// A customer was created.
    CustomerCreated(CustomerCreated) = "customer.created",
    /// A customer's name or country changed.
    CustomerUpdated(CustomerUpdated) = "customer.updated",
    /// A location was created.
    LocationCreated(LocationCreated) = "location.created",
    /// A location's editable fields changed.
    LocationUpdated(LocationUpdated) = "location.updated",
    /// An SV9500 standard server's real HWKC was derived from its IP address.
    ServerHwkcDerived(ServerHwkcDerived) = "location.server_hwkc_derived",
    /// A vendor admin replaced a location's hardware: it has a new HWKC and license file.
    HardwareReplaced(HardwareReplaced) = "location.hardware_replaced",
    /// An SV9100 CP10 location migrated to a new CP20 location, with its licenses and SWA.
    LocationMigrated(LocationMigrated) = "location.migrated",
    /// A DECT legacy file's licenses were submitted for approval.
    DectImportRequested(DectImportRequested) = "dect_import.requested",
    /// A vendor admin approved a DECT import.
    DectImportApproved(DectImportApproved) = "dect_import.approved",
    /// A vendor admin rejected a DECT import.
    DectImportRejected(DectImportRejected) = "dect_import.rejected",
    /// A partner was created.
    PartnerCreated(PartnerCreated) = "partner.created",
    /// A distributor may now ship to a dealer.
    ShippingAllowanceCreated(ShippingAllowanceCreated) = "shipping_allowance.created",
    /// A shipping allowance was removed: reships and impersonations under it stop.
    ShippingAllowanceRemoved(ShippingAllowanceRemoved) = "shipping_allowance.removed",
    /// A user started acting as another user (the event's `user_id`; `impersonator_id` acts).
    ImpersonationStarted(ImpersonationChange) = "impersonation.started",
    /// An impersonation was ended by the user acting.
    ImpersonationEnded(ImpersonationChange) = "impersonation.ended",
    /// A user was created.
    UserCreated(UserCreated) = "user.created",
    /// A user's name, roles or disabled state changed.
    UserUpdated(UserUpdated) = "user.updated",
    /// A user changed their own password.
    PasswordChanged(PasswordChanged) = "user.password_changed",
    /// An API key was created.
    ApiKeyCreated(ApiKeyCreated) = "api_key.created",
    /// An API key was revoked.
    ApiKeyRevoked(ApiKeyRevoked) = "api_key.revoked",
    /// A distributor reshipped licenses to one of its dealers.
    ReshipSent(ReshipSent) = "reship.sent",
    /// SWA units arrived in the partner's SWA bin.
    SwaShipped(SwaShipped) = "swa.shipped",
    /// A distributor reshipped SWA units to one of its dealers.
    SwaReshipped(SwaReshipped) = "swa.reshipped",
    /// SWA units were assigned to a location; they are held through the cooling-off.
    SwaAssigned(SwaAssignmentChange) = "swa.assigned",
    /// SWA units were assigned to a location as a renewal.
    SwaRenewed(SwaAssignmentChange) = "swa.renewed",
    /// An assignment's cooling-off ended (or was cut short): its units are consumed.
    SwaActivated(SwaAssignmentChange) = "swa.activated",
    /// An assignment was cancelled in cooling-off; its units went back to the bin.
    SwaCancelled(SwaAssignmentChange) = "swa.cancelled",
}

/// The object an event is about, as stored (`subject_type`, `subject_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Location(LocationId),
    Customer(CustomerId),
    PurchaseOrder(PurchaseOrderId),
    Partner(PartnerId),
    ShippingAllowance(ShippingAllowanceId),
    User(UserId),
    ApiKey(ApiKeyId),
    SwaPurchaseOrder(SwaPoId),
}

impl Subject {
    /// The stored `(subject_type, subject_id)`.
    pub fn stored(self) -> (&'static str, String) {
        match self {
            Self::Location(id) => ("location", id.to_string()),
            Self::Customer(id) => ("customer", id.to_string()),
            Self::PurchaseOrder(id) => ("purchase_order", id.to_string()),
            Self::Partner(id) => ("partner", id.to_string()),
            Self::ShippingAllowance(id) => ("shipping_allowance", id.to_string()),
            Self::User(id) => ("user", id.to_string()),
            Self::ApiKey(id) => ("api_key", id.to_string()),
            Self::SwaPurchaseOrder(id) => ("swa_purchase_order", id.to_string()),
        }
    }
}

/// Details of [`Change::ReshipSent`]: to whom, under which numbers, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReshipSent {
    pub dealer_id: PartnerId,
    pub po_number: String,
    pub so_number: String,
    pub lines: Vec<ShippedLine>,
}

/// Details of [`Change::ShipmentReceived`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentReceived {
    pub po_number: String,
    pub lines: Vec<ShippedLine>,
}

/// One line of a shipment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShippedLine {
    pub part_number: String,
    pub quantity: u32,
}

/// Details of [`Change::LicenseAttached`]: the PO line's available quantity before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseAttached {
    pub attachment_id: AttachmentId,
    pub location_id: LocationId,
    pub po_line_id: PoLineId,
    pub part_number: String,
    pub quantity: i32,
    pub available_before: i32,
    pub available_after: i32,
}

/// Details of [`Change::LicenseDetached`]: the attachment's quantity before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseDetached {
    pub attachment_id: AttachmentId,
    pub location_id: LocationId,
    pub po_line_id: PoLineId,
    pub part_number: String,
    pub quantity: i32,
    pub attached_before: i32,
    pub attached_after: i32,
}

/// Details of [`Change::LicenseActivated`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseActivated {
    pub location_id: LocationId,
    /// `None` for external products, whose file arrives later.
    pub activation_code: Option<String>,
    pub attachments: Vec<ActivatedAttachment>,
}

/// One attachment of an activation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivatedAttachment {
    pub attachment_id: AttachmentId,
    pub po_line_id: PoLineId,
    pub part_number: String,
    pub quantity: i32,
}

/// Details of [`Change::LicenseFileRegenerated`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseFileRegenerated {
    pub location_id: LocationId,
    pub file_id: FileId,
    pub activation_code: Option<String>,
}

/// Details of [`Change::DemoLicenseIssued`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoLicenseIssued {
    pub location_id: LocationId,
    pub file_id: FileId,
    /// Demo licenses the location has left.
    pub remaining_after: i32,
}

/// Details of [`Change::ExternalLicenseFileUploaded`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExternalLicenseFileUploaded {
    pub location_id: LocationId,
    pub file_id: FileId,
    pub file_name: String,
    pub bytes: u64,
}

/// Details of [`Change::CustomerCreated`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerCreated {
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub reference_note: Option<String>,
}

/// Details of [`Change::CustomerUpdated`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerUpdated {
    pub before: CustomerNameCountry,
    pub after: CustomerNameCountry,
}

/// A customer's name and country, before or after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerNameCountry {
    pub name: String,
    pub country: String,
}

/// Details of [`Change::LocationCreated`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationCreated {
    pub name: String,
    /// The system type's code, e.g. `SV9100`.
    pub system_type: String,
    pub hwkc: String,
    pub customer_id: CustomerId,
    pub parent_id: Option<LocationId>,
}

/// Details of [`Change::LocationUpdated`]: the fields as they are after the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationUpdated {
    pub name: Option<String>,
    pub reference_note: Option<String>,
    pub full_computer_name: Option<String>,
    pub domain_name: Option<String>,
}

/// Details of [`Change::ServerHwkcDerived`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServerHwkcDerived {
    pub temp_key: String,
    pub hwkc: String,
    pub ip_address: String,
}

/// Details of [`Change::HardwareReplaced`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HardwareReplaced {
    pub location_id: LocationId,
    pub old_hwkc: String,
    pub new_hwkc: String,
    /// The vendor admin's reason.
    pub reason: String,
    /// Set for a child whose key follows its parent's: the parent whose hardware was replaced.
    pub follows_parent: Option<LocationId>,
    /// The code of the license file produced for the new key; `None` when nothing is
    /// activated or the file comes from outside the LMS.
    pub activation_code: Option<String>,
}

/// Details of [`Change::LocationMigrated`], recorded on both locations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationMigrated {
    pub from_location_id: LocationId,
    pub to_location_id: LocationId,
    pub old_hwkc: String,
    pub new_hwkc: String,
    /// The PO (and SO) number the licenses carry on the new location: `MIGSU_…`.
    pub po_number: String,
    pub licenses: Vec<MigratedLicense>,
    /// Licenses attached but not activated on the old location: back in the bin.
    pub detached: Vec<ShippedLine>,
    pub activation_code: Option<String>,
}

/// One part of a migration: as activated on the old location, as it is on the new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MigratedLicense {
    pub from_part_number: String,
    pub to_part_number: String,
    pub quantity: u32,
}

/// Details of [`Change::DectImportRequested`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DectImportRequested {
    pub location_id: LocationId,
    pub upload_id: UploadId,
}

/// Details of [`Change::DectImportApproved`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DectImportApproved {
    pub location_id: LocationId,
    pub upload_id: UploadId,
    pub licenses: Vec<UploadedLicense>,
    pub activation_code: Option<String>,
}

/// Details of [`Change::DectImportRejected`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DectImportRejected {
    pub location_id: LocationId,
    pub upload_id: UploadId,
    pub reason: String,
}

/// Details of [`Change::PartnerCreated`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerCreated {
    pub name: String,
    pub tier: Tier,
}

/// Details of [`Change::ShippingAllowanceCreated`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShippingAllowanceCreated {
    pub distributor_id: PartnerId,
    pub dealer_id: PartnerId,
}

/// Details of [`Change::ShippingAllowanceRemoved`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShippingAllowanceRemoved {
    pub distributor_id: PartnerId,
    pub dealer_id: PartnerId,
}

/// Details of [`Change::ImpersonationStarted`] and [`Change::ImpersonationEnded`]: who acted
/// as whom (the event's `impersonator_id` and `user_id`), by e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImpersonationChange {
    /// The user acted as.
    pub user_email: String,
    /// The user who acts.
    pub impersonator_email: String,
    /// The partner of the user who acts; `null` for vendor staff.
    pub impersonator_partner_id: Option<PartnerId>,
}

/// Details of [`Change::UserCreated`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserCreated {
    pub email: String,
    /// The roles, comma-separated, e.g. `lms_user,swa_dealer_admin`.
    pub roles: String,
    pub partner_id: Option<PartnerId>,
}

/// Details of [`Change::UserUpdated`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserUpdated {
    pub before: UserAccess,
    pub after: UserAccess,
}

/// A user's name, roles (comma-separated) and disabled state, before or after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserAccess {
    pub name: String,
    pub roles: String,
    pub disabled: bool,
}

/// Details of [`Change::PasswordChanged`]: none (the password is never recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChanged {}

/// Details of [`Change::ApiKeyCreated`]; the secret is never recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyCreated {
    pub name: String,
    /// The key's public prefix, by which its owner recognises it.
    pub prefix: String,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Details of [`Change::ApiKeyRevoked`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyRevoked {
    /// The key's owner.
    pub user_id: UserId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_serializes_as_its_action_and_details() {
        let change = Change::ApiKeyRevoked(ApiKeyRevoked {
            user_id: UserId(uuid::Uuid::nil()),
        });
        let json = serde_json::to_value(&change).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "action": "api_key.revoked",
                "details": {"user_id": "00000000-0000-0000-0000-000000000000"},
            })
        );
        assert_eq!(change.action(), "api_key.revoked");
        assert_eq!(serde_json::from_value::<Change>(json).unwrap(), change);
    }

    #[test]
    fn details_of_the_wrong_shape_do_not_read_as_a_change() {
        let wrong =
            serde_json::json!({"action": "license.attached", "details": {"po_number": "X"}});
        assert!(serde_json::from_value::<Change>(wrong).is_err());
        let unknown = serde_json::json!({"action": "license.stolen", "details": {}});
        assert!(serde_json::from_value::<Change>(unknown).is_err());
    }

    #[test]
    fn a_shipping_allowance_is_stored_by_its_id() {
        let allowance = ShippingAllowanceId(uuid::Uuid::max());
        let (kind, id) = Subject::ShippingAllowance(allowance).stored();
        assert_eq!(kind, "shipping_allowance");
        assert_eq!(id, allowance.to_string());
    }
}
