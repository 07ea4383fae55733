//! Product rules checked before licenses are activated (SPEC §4), the guide's DECT error
//! codes with their user actions (SPEC §11), and which system types get a file from the LMS.

use serde::{Deserialize, Serialize};

use super::attach::{PortCapacityExceeded, check_port_capacity};
use super::stacking::{Stacked, value_of};
use crate::ErrorCode;
use crate::system_type::{Category, SystemType};

/// Feature keys the DECT rules read (see `catalog`).
pub mod features {
    /// Access point capacity, EU917062 "IPDECT 1 AP Cap Lic".
    pub const DECT_DAP: &str = "dect.dap";
    /// DSWU upgrade licenses.
    pub const DECT_DSWU: &str = "dect.dswu";
    /// Messaging licenses.
    pub const DECT_MESSAGING: &str = "dect.messaging";
    /// Location licenses.
    pub const DECT_LOCATION: &str = "dect.location";
    /// EU910010 "DMLS Discounted Messaging License", the one DECT-NS license.
    pub const DECT_DMLS: &str = "dect.dmls";
}

/// The guide's stable DECT error codes (user guide, "Error messages and what should I do?").
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum GuideCode {
    UnknownError,
    NotApplicable,
    InvalidHardwareKeycode,
    InvalidFeatureCodeString,
    InvalidFeatureCode,
    InvalidFeatureQuantity,
    InvalidFeatureTimestamp,
    CannotWriteLicenseFile,
}

const CONTACT_ADMIN: &str = "Contact the LMS Administrator";
const CHECK_AP: &str = "Check if minimal 1 x IPDECT 1 AP Cap Lic (EU917062) is included.";
const CHECK_QUANTITIES: &str = "1. Check if minimal 1 x IPDECT 1 AP Cap Lic (EU917062) is included.\n\
2. Check if number of DSWU (upgrade feature) licenses is equal to the number of DAP licenses.\n\
3. Check if the number of Messaging and/or Location licenses is equal or higher than the number of DAP licenses.";

impl GuideCode {
    /// The stable code, e.g. `INVALID_FEATURE_QUANTITY`.
    pub fn code(self) -> ErrorCode {
        match self {
            GuideCode::UnknownError => ErrorCode::UnknownError,
            GuideCode::NotApplicable => ErrorCode::NotApplicable,
            GuideCode::InvalidHardwareKeycode => ErrorCode::InvalidHardwareKeycode,
            GuideCode::InvalidFeatureCodeString => ErrorCode::InvalidFeatureCodeString,
            GuideCode::InvalidFeatureCode => ErrorCode::InvalidFeatureCode,
            GuideCode::InvalidFeatureQuantity => ErrorCode::InvalidFeatureQuantity,
            GuideCode::InvalidFeatureTimestamp => ErrorCode::InvalidFeatureTimestamp,
            GuideCode::CannotWriteLicenseFile => ErrorCode::CannotWriteLicenseFile,
        }
    }

    /// The guide's user action for the code, word for word (numbered lines for
    /// `INVALID_FEATURE_QUANTITY`, separated by `\n`).
    pub fn user_action(self) -> &'static str {
        match self {
            GuideCode::InvalidHardwareKeycode => {
                "Enter a valid Hardware Key Code, format 8 hex digits starting with 1 (e.g. 1009FFFE)"
            }
            GuideCode::InvalidFeatureCodeString => CHECK_AP,
            GuideCode::InvalidFeatureQuantity => CHECK_QUANTITIES,
            GuideCode::UnknownError
            | GuideCode::NotApplicable
            | GuideCode::InvalidFeatureCode
            | GuideCode::InvalidFeatureTimestamp
            | GuideCode::CannotWriteLicenseFile => CONTACT_ADMIN,
        }
    }
}

/// Which DECT feature check failed (user guide, INVALID_FEATURE_QUANTITY points 2 and 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DectShortfall {
    /// DSWU licenses must equal DAP licenses.
    DswuNotEqualDap,
    /// Messaging licenses must be at least the DAP licenses.
    MessagingBelowDap,
    /// Location licenses must be at least the DAP licenses.
    LocationBelowDap,
}

/// Why an activation is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActivationRuleError {
    /// IP DECT without any access point license.
    #[error(
        "an IP DECT license file needs at least 1 x IPDECT 1 AP Cap Lic (EU917062), selected now or already active"
    )]
    InvalidFeatureCodeString,
    /// IP DECT feature quantities do not match the access point licenses.
    #[error(
        "IP DECT licenses do not match the {dap} access point license(s): {dswu} DSWU (must be equal), {messaging} messaging and {location} location (each must be at least {dap})"
    )]
    InvalidFeatureQuantity {
        shortfall: DectShortfall,
        dap: u64,
        dswu: u64,
        messaging: u64,
        location: u64,
    },
    /// DECT-NS takes exactly one EU910010 and nothing else, ever.
    #[error("{}", dect_ns_message(*already_licensed))]
    DectNsSingleDmls {
        /// The location already holds its EU910010, so this is an attempted expansion.
        already_licensed: bool,
    },
    /// An SV9500 Small Enterprise past its IP port cap (attach refuses this first; the
    /// check here keeps older attachments from reaching a file).
    #[error(transparent)]
    PortCapacity(#[from] PortCapacityExceeded),
}

fn dect_ns_message(already_licensed: bool) -> &'static str {
    if already_licensed {
        "this DECT-NS location already has its EU910010 DMLS Discounted Messaging License; a DECT-NS system cannot be expanded with other licenses"
    } else {
        "a DECT-NS location takes exactly one EU910010 DMLS Discounted Messaging License and no other license"
    }
}

impl ActivationRuleError {
    /// The guide's code for the error.
    ///
    /// DECT-NS violations use `NOT_APPLICABLE`: the guide says "expansion with other license
    /// parts is not possible", i.e. the licenses do not apply to this system type. The
    /// quantity code would be wrong here because its user action is about AP licenses.
    pub fn guide_code(&self) -> GuideCode {
        match self {
            ActivationRuleError::InvalidFeatureCodeString => GuideCode::InvalidFeatureCodeString,
            ActivationRuleError::InvalidFeatureQuantity { .. } => GuideCode::InvalidFeatureQuantity,
            ActivationRuleError::DectNsSingleDmls { .. } => GuideCode::NotApplicable,
            ActivationRuleError::PortCapacity(_) => GuideCode::InvalidFeatureQuantity,
        }
    }

    /// The stable code, e.g. `INVALID_FEATURE_QUANTITY`.
    pub fn code(&self) -> ErrorCode {
        match self {
            ActivationRuleError::PortCapacity(_) => ErrorCode::PortCapacityExceeded,
            _ => self.guide_code().code(),
        }
    }

    /// The guide's user action for the code.
    pub fn user_action(&self) -> &'static str {
        match self {
            ActivationRuleError::PortCapacity(_) => {
                "Activate at most 1,536 IP ports on an SV9500 Small Enterprise; detach the rest"
            }
            _ => self.guide_code().user_action(),
        }
    }
}

/// Checks the product rules for activating licenses on a location of `location_type`.
///
/// `already_active` is the stacked result before this activation and `after` the stacked
/// result including it (see [`super::stacking::combine`]); rules are judged on `after`, since
/// the license file will hold it. Part-level rules (system type, MobiCall) are
/// [`super::part::Part::fits`], checked at attach time.
///
/// # Errors
/// [`ActivationRuleError`] with the guide's code and user action.
pub fn check_activation(
    location_type: SystemType,
    already_active: &[Stacked],
    after: &[Stacked],
) -> Result<(), ActivationRuleError> {
    match location_type {
        SystemType::IpDect => check_ip_dect(after),
        SystemType::Sv9500Se => Ok(check_port_capacity(location_type, &[], after)?),
        SystemType::DectNs => {
            let only_one_dmls =
                after.len() == 1 && after[0].feature == features::DECT_DMLS && after[0].value == 1;
            if only_one_dmls {
                Ok(())
            } else {
                Err(ActivationRuleError::DectNsSingleDmls {
                    already_licensed: value_of(already_active, features::DECT_DMLS) > 0,
                })
            }
        }
        _ => Ok(()),
    }
}

fn check_ip_dect(after: &[Stacked]) -> Result<(), ActivationRuleError> {
    let dap = value_of(after, features::DECT_DAP);
    if dap == 0 {
        return Err(ActivationRuleError::InvalidFeatureCodeString);
    }
    let dswu = value_of(after, features::DECT_DSWU);
    let messaging = value_of(after, features::DECT_MESSAGING);
    let location = value_of(after, features::DECT_LOCATION);
    let shortfall = if dswu != dap {
        Some(DectShortfall::DswuNotEqualDap)
    } else if messaging < dap {
        Some(DectShortfall::MessagingBelowDap)
    } else if location < dap {
        Some(DectShortfall::LocationBelowDap)
    } else {
        None
    };
    match shortfall {
        None => Ok(()),
        Some(shortfall) => Err(ActivationRuleError::InvalidFeatureQuantity {
            shortfall,
            dap,
            dswu,
            messaging,
            location,
        }),
    }
}

/// Where a location's license file comes from (SPEC §4, "External products").
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileAvailability {
    /// The LMS generates the file at activation and on regenerate.
    Generated,
    /// Produced outside and uploaded later; until then "license file not available yet".
    External,
    /// An external product whose file is "available immediately" (RCC). We take that to
    /// mean: the LMS generates it at activation exactly like [`FileAvailability::Generated`],
    /// while the product keeps the external rules (whole PO only). Nothing has to be uploaded,
    /// and no "file available" notification waits on an upload.
    ExternalImmediate,
}

impl FileAvailability {
    /// Whether the LMS renders and signs the file itself.
    pub fn generated_by_lms(self) -> bool {
        matches!(
            self,
            FileAvailability::Generated | FileAvailability::ExternalImmediate
        )
    }
}

/// Where the license file of a location of type `t` comes from.
pub fn produces_file(t: SystemType) -> FileAvailability {
    match (t, t.category()) {
        (SystemType::Rcc, _) => FileAvailability::ExternalImmediate,
        (_, Category::External) => FileAvailability::External,
        (_, Category::Lms) => FileAvailability::Generated,
    }
}

/// Whether a PO must be attached whole: true for every external product, RCC included
/// (SPEC §4: "a PO cannot be split").
pub fn whole_po_only(t: SystemType) -> bool {
    t.category() == Category::External
}

#[cfg(test)]
mod tests;
