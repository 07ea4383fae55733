//! Licenses: the part catalog and its seed data, stacking (SPEC §2), the product rules
//! checked before activation (SPEC §4), the signed license file (SPEC §13) and the upload of
//! legacy DECT license files.
//!
//! Everything here is pure: signing keys arrive as seeds and "today" as an argument.
//!
//! - [`part`]: [`PartNumber`], [`Part`], [`PartKind`] and [`Part::fits`] (system type and
//!   MobiCall rules).
//! - [`catalog`]: [`seed_parts`], the catalog the store seeds its table with, and
//!   [`feature_name`], what each feature key is called.
//! - [`stacking`]: [`stack`] and [`combine`]: quantities add, versions take the maximum.
//! - [`rules`]: [`check_activation`] (DECT rules), the guide's error codes ([`GuideCode`]),
//!   [`produces_file`] and [`whole_po_only`] for external products.
//! - [`file`]: the `lms-license/1` text format, [`LicenseSigningKey::sign`] and [`verify`].
//! - [`dect_upload`]: [`parse_legacy_dect`] for pre-release-6 DECT license files, and the
//!   PO lines an approved import becomes ([`dect_upload::import_lines`]).
//! - [`attach`]: the rules of attaching from the bin: the request's lines, the part of each
//!   line, whole POs for external products; [`detach`]: how much a detach takes back.
//! - [`agreement`]: [`check_agreement`]: activation needs the license agreement accepted.
//! - [`render`](mod@render): [`render()`] a location's file for download (signed, plain or
//!   zipped with its issue log), license ids and time passed in; [`download`]:
//!   [`verify_download`] checks such a download offline.

pub mod agreement;
pub mod attach;
pub mod catalog;
pub mod dect_upload;
pub mod detach;
pub mod download;
pub mod file;
pub mod part;
pub mod render;
pub mod rules;
pub mod stacking;
pub mod states;

pub use agreement::{AgreementNotAccepted, check_agreement};
pub use attach::{AttachLineError, AttachLinesError, AttachRuleError};
pub use catalog::{SV9500_SE_MAX_IP_PORTS, feature_name, seed_parts};
pub use dect_upload::{DectUploadError, LegacyLicense, check_upload_allowed, parse_legacy_dect};
pub use download::{DownloadError, verify_download};
pub use file::{
    FileKind, LicenseFile, LicenseSigningKey, PublicKeyError, PublicSigningKey, SignedLicense,
    UnsignedLicense, VerifyError, verify,
};
pub use part::{Part, PartKind, PartNumber, PartNumberError, PartRuleError, UnknownPartKind};
pub use render::{FileContent, FileTarget, RenderError, Rendered, render};
pub use rules::{
    ActivationRuleError, DectShortfall, FileAvailability, GuideCode, check_activation,
    produces_file, whole_po_only,
};
pub use stacking::{Stacked, combine, stack, value_of};
pub use states::{AttachmentState, DectImportState, StoredFileKind};
