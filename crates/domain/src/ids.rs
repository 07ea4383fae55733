//! Typed ids, so a customer id can never be passed where a location id is expected.

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A fresh random id.
            pub fn new_random() -> Self {
                Self(uuid::Uuid::new_v4())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(/// A business partner (distributor or dealer).
    PartnerId);
id_type!(/// A user account.
    UserId);
id_type!(/// A partner's customer.
    CustomerId);
id_type!(/// A customer location (one hardware key code).
    LocationId);
id_type!(/// A purchase order in a partner's bin.
    PurchaseOrderId);
id_type!(/// One line (part and quantities) of a purchase order.
    PoLineId);
id_type!(/// Licenses of one PO line attached to, or activated on, a location.
    AttachmentId);
id_type!(/// One activation: the attachments made permanent together.
    ActivationId);
id_type!(/// A stored license file.
    FileId);
id_type!(/// An uploaded DECT legacy file and its import.
    UploadId);
id_type!(/// An API key of a user.
    ApiKeyId);
id_type!(/// A PO of SWA units in a partner's SWA bin.
    SwaPoId);
id_type!(/// An assignment of SWA units to a location.
    SwaAssignmentId);
id_type!(/// A shipping allowance: a distributor may reship to, and act for, a dealer.
    ShippingAllowanceId);
id_type!(/// An endpoint webhook events are sent to.
    WebhookEndpointId);
id_type!(/// One event on its way to one webhook endpoint.
    WebhookMessageId);
