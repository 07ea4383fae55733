//! Activation — permanent — and the license file it produces, regeneration, the preview
//! before the irreversible step, and demo licenses. Each runs in one transaction: the
//! quantities move, the attachments change state, the file is stored and the audit event
//! written together, or nothing happens. The rules are the domain's (activation and DECT
//! rules, the SV9500 server's temporary key, rendering); each use case loads, asks them,
//! writes, audits.
//!
//! - [`activate`](mod@activate): [`activate()`].
//! - [`preview`](mod@preview): [`preview()`], what an activation would produce.
//! - [`license_files`]: [`regenerate`], [`download`], [`demo`] and [`upload_external`].
//! - [`server_hwkc`]: [`derive_server_hwkc`], the SV9500 standard server's real key.

use lms_domain::ids::ActivationId;
use lms_domain::license::render::RenderError;
use lms_domain::license::{ActivationRuleError, Stacked};
use lms_domain::packaging::VirtualizationOptionRequired;

use crate::db::RetryableError;
use crate::files::StoredFile;
use crate::licenses::LicenseError;
use crate::locations::LocationError;

pub mod activate;
pub mod license_files;
pub mod preview;
pub mod server_hwkc;

pub use activate::activate;
pub use license_files::{DEMO_DAYS, demo, download, regenerate, upload_external};
pub use preview::{Preview, preview};
pub use server_hwkc::derive_server_hwkc;

/// An activation failed.
#[derive(Debug, thiserror::Error)]
pub enum ActivationError {
    #[error(transparent)]
    License(#[from] LicenseError),
    #[error("{}", .0)]
    Rule(#[from] ActivationRuleError),
    #[error("nothing is activated on this location yet")]
    NothingActivated,
    #[error(
        "the license file of this external product is produced outside the LMS and is not available yet"
    )]
    FileNotAvailable,
    #[error("{0} locations have no demo licenses")]
    DemoNotOffered(String),
    #[error("this location has used both of its demo licenses")]
    DemoExhausted,
    #[error("{0} is not an external product: the LMS produces its license file")]
    NotExternal(String),
    #[error(transparent)]
    VirtualizationOptionRequired(#[from] VirtualizationOptionRequired),
    /// The license file could not be rendered.
    #[error(transparent)]
    Render(#[from] RenderError),
}

impl From<LocationError> for ActivationError {
    fn from(e: LocationError) -> Self {
        Self::License(e.into())
    }
}

impl From<diesel::result::Error> for ActivationError {
    fn from(e: diesel::result::Error) -> Self {
        Self::License(e.into())
    }
}

impl RetryableError for ActivationError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::License(e) if e.is_retryable())
    }
}

/// What an activation produced.
#[derive(Debug, Clone)]
pub struct Activation {
    pub id: ActivationId,
    /// `None` for external products, whose file arrives later.
    pub activation_code: Option<String>,
    pub file: Option<StoredFile>,
    pub stacked: Vec<Stacked>,
}
