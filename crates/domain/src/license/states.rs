//! The stored states of licensing objects, each mapped to its column text in one place.

use crate::text_enum::text_enum;

text_enum! {
    /// Where an attachment stands.
    pub enum AttachmentState {
        /// Reserved for the location; may be detached.
        Attached = "attached",
        /// Permanent; part of the location's license file.
        Activated = "activated",
        /// Was activated on a location that migrated (SV9100 CP10 → CP20): the licenses now
        /// live on the new location's migration PO; this row is the old location's record.
        Migrated = "migrated",
    }
}

text_enum! {
    /// What a stored license file is.
    pub enum StoredFileKind {
        /// Signed by the LMS from everything activated on the location.
        License = "license",
        /// A time-limited demo opening every feature.
        Demo = "demo",
        /// Produced outside the LMS for an external product and uploaded by the vendor.
        External = "external",
    }
}

text_enum! {
    /// Where a DECT import stands: `parsed` → (partner confirms) `pending` → (vendor admin)
    /// `approved` | `rejected`.
    pub enum DectImportState {
        /// Parsed and shown to the partner; not yet confirmed.
        Parsed = "parsed",
        /// Confirmed by the partner; waiting for a vendor admin.
        Pending = "pending",
        /// Approved: the licenses are activated on the location.
        Approved = "approved",
        /// Rejected by a vendor admin, with a reason.
        Rejected = "rejected",
    }
}
