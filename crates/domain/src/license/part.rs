//! Part numbers and catalog parts: what a license line grants and which system types may
//! take it, including the MobiCall Master/Supervisor split (SPEC §4).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ErrorCode;
use crate::field::FieldError;
use crate::system_type::SystemType;

/// Longest part number we accept; the vendor's numbers are 8–20 characters.
const MAX_LEN: usize = 40;

/// A vendor part number such as `EU917062`, `Lic-078` or `SV9100-IPPORT-8`.
///
/// Trimmed, 1–40 characters of `A–Z a–z 0–9 . _ -`, starting with a letter or digit. Case is
/// preserved because the vendor's numbers are mixed-case (`Lic-073`). The character set keeps
/// part numbers safe inside the license file's comma-separated lists.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, example = "EU917062"))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PartNumber(String);

/// Why a text is not a part number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartNumberError {
    #[error("the part number must not be empty")]
    Empty,
    #[error("the part number must be at most {MAX_LEN} characters")]
    TooLong,
    #[error("the part number must start with a letter or digit")]
    BadStart,
    #[error("the part number may only hold letters, digits, '.', '_' and '-' (found {0:?})")]
    BadCharacter(char),
}

impl From<PartNumberError> for FieldError {
    fn from(err: PartNumberError) -> Self {
        FieldError::new("part_number", err.to_string())
    }
}

impl PartNumber {
    /// Trims `raw` and checks it (see the type's doc).
    ///
    /// # Errors
    /// [`PartNumberError`] naming what is wrong.
    pub fn parse(raw: &str) -> Result<Self, PartNumberError> {
        let value = raw.trim();
        let first = value.chars().next().ok_or(PartNumberError::Empty)?;
        if value.chars().count() > MAX_LEN {
            return Err(PartNumberError::TooLong);
        }
        if !first.is_ascii_alphanumeric() {
            return Err(PartNumberError::BadStart);
        }
        if let Some(bad) = value
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        {
            return Err(PartNumberError::BadCharacter(bad));
        }
        Ok(Self(value.to_owned()))
    }

    /// The part number as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a MobiCall Supervisor part: its number ends in `-M` (SPEC §4). The
    /// suffix is matched case-insensitively so a mistyped `-m` cannot slip past the rule.
    pub fn is_supervisor_part(&self) -> bool {
        // Part numbers are ASCII, so slicing by bytes is safe.
        self.0.len() >= 2 && self.0[self.0.len() - 2..].eq_ignore_ascii_case("-m")
    }
}

impl fmt::Display for PartNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for PartNumber {
    type Err = PartNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for PartNumber {
    type Error = PartNumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PartNumber> for String {
    fn from(value: PartNumber) -> Self {
        value.0
    }
}

impl AsRef<str> for PartNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// How licenses of a part stack (SPEC §2).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// Seats, ports, trunks, access points: amounts add up.
    Quantity,
    /// A release: the highest version wins.
    Version,
    /// An on/off feature (e.g. the SV9500 virtualization option). Stacks like a quantity,
    /// so the value counts how many were activated; any value ≥ 1 means "on".
    Option,
}

impl PartKind {
    /// The wire and license-file name: `quantity`, `version` or `option`.
    pub fn as_str(self) -> &'static str {
        match self {
            PartKind::Quantity => "quantity",
            PartKind::Version => "version",
            PartKind::Option => "option",
        }
    }
}

impl fmt::Display for PartKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text is not `quantity`, `version` or `option`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a part kind (quantity, version or option)")]
pub struct UnknownPartKind(pub String);

impl FromStr for PartKind {
    type Err = UnknownPartKind;
    /// Parses the exact name [`PartKind::as_str`] gives.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "quantity" => Ok(PartKind::Quantity),
            "version" => Ok(PartKind::Version),
            "option" => Ok(PartKind::Option),
            _ => Err(UnknownPartKind(s.to_owned())),
        }
    }
}

/// A catalog part: what one unit of the part number grants, and where it may go.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub part_number: PartNumber,
    /// The vendor's description, e.g. "IPDECT 1 AP Cap Lic".
    pub description: String,
    pub kind: PartKind,
    /// The feature key the part grants, e.g. `ports.ip`, `release`, `dect.dap`.
    pub feature: String,
    /// Per unit: seats/ports per unit, the version number for version parts, 1 for options.
    pub amount: u32,
    /// The system types whose locations may take the part.
    pub system_types: Vec<SystemType>,
    /// SWA units per month per unit of quantity, in thousandths (SPEC §13).
    pub swa_millis_per_month: u32,
    /// Obtainable without a PO while SWA is active or in its grace period (SPEC §10).
    pub free_of_charge: bool,
}

/// Why a part may not go to a location.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartRuleError {
    #[error("part {part_number} is not licensed for {} locations", system_type.name())]
    NotForSystemType {
        part_number: PartNumber,
        system_type: SystemType,
    },
    #[error(
        "part {part_number} ends in -M and may only go to a MobiCall Supervisor location, not to a {} location",
        system_type.name()
    )]
    MobicallSupervisorOnly {
        part_number: PartNumber,
        system_type: SystemType,
    },
    #[error(
        "part {part_number} is a MobiCall Master part; a MobiCall Supervisor location takes only parts whose number ends in -M"
    )]
    MobicallMasterOnly { part_number: PartNumber },
}

impl PartRuleError {
    /// A stable machine code for the API.
    pub fn code(&self) -> ErrorCode {
        match self {
            PartRuleError::NotForSystemType { .. } => ErrorCode::PartNotForSystemType,
            PartRuleError::MobicallSupervisorOnly { .. } => ErrorCode::MobicallSupervisorOnly,
            PartRuleError::MobicallMasterOnly { .. } => ErrorCode::MobicallMasterOnly,
        }
    }
}

impl Part {
    /// Whether the part may be attached to a location of `location_type`.
    ///
    /// The MobiCall rule is checked first: a `-M` part offered to a Master is a common
    /// mistake, and "only for a Supervisor" tells the user what to do where "not for this
    /// type" would not. The `-M` rule holds for every system type, so no other product can
    /// take a Supervisor part even if the catalog listed it by mistake.
    ///
    /// # Errors
    /// [`PartRuleError`] saying why not.
    pub fn fits(&self, location_type: SystemType) -> Result<(), PartRuleError> {
        let supervisor_part = self.part_number.is_supervisor_part();
        if supervisor_part && location_type != SystemType::MobicallSupervisor {
            return Err(PartRuleError::MobicallSupervisorOnly {
                part_number: self.part_number.clone(),
                system_type: location_type,
            });
        }
        if !supervisor_part && location_type == SystemType::MobicallSupervisor {
            return Err(PartRuleError::MobicallMasterOnly {
                part_number: self.part_number.clone(),
            });
        }
        if !self.system_types.contains(&location_type) {
            return Err(PartRuleError::NotForSystemType {
                part_number: self.part_number.clone(),
                system_type: location_type,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SystemType::*;

    fn part(number: &str, types: &[SystemType]) -> Part {
        Part {
            part_number: PartNumber::parse(number).unwrap(),
            description: "test".into(),
            kind: PartKind::Quantity,
            feature: "users".into(),
            amount: 1,
            system_types: types.to_vec(),
            swa_millis_per_month: 1000,
            free_of_charge: false,
        }
    }

    #[test]
    fn part_numbers_are_trimmed_and_checked() {
        assert_eq!(PartNumber::parse("  Lic-073 ").unwrap().as_str(), "Lic-073");
        assert_eq!(PartNumber::parse(""), Err(PartNumberError::Empty));
        assert_eq!(PartNumber::parse("  "), Err(PartNumberError::Empty));
        assert_eq!(PartNumber::parse("-M"), Err(PartNumberError::BadStart));
        assert_eq!(
            PartNumber::parse("SR-MGC(E)"),
            Err(PartNumberError::BadCharacter('('))
        );
        assert_eq!(
            PartNumber::parse("A,B"),
            Err(PartNumberError::BadCharacter(','))
        );
        assert!(PartNumber::parse(&"A".repeat(40)).is_ok());
        assert_eq!(
            PartNumber::parse(&"A".repeat(41)),
            Err(PartNumberError::TooLong)
        );
        let field: FieldError = PartNumberError::Empty.into();
        assert_eq!(field.field, "part_number");
    }

    #[test]
    fn part_numbers_serialize_as_strings() {
        let pn = PartNumber::parse("EU917062").unwrap();
        assert_eq!(serde_json::to_string(&pn).unwrap(), "\"EU917062\"");
        assert_eq!(
            serde_json::from_str::<PartNumber>("\"EU917062\"").unwrap(),
            pn
        );
        assert!(serde_json::from_str::<PartNumber>("\"a b\"").is_err());
        assert_eq!(
            serde_json::to_string(&PartKind::Option).unwrap(),
            "\"option\""
        );
        assert_eq!("version".parse::<PartKind>(), Ok(PartKind::Version));
    }

    #[test]
    fn fits_checks_the_system_type() {
        let p = part("SV9100-IPPORT-8", &[Sv9100Cp10, Sv9100Cp20]);
        assert!(p.fits(Sv9100Cp20).is_ok());
        let err = p.fits(Sv8100).unwrap_err();
        assert_eq!(err.code(), "PART_NOT_FOR_SYSTEM_TYPE");
        assert!(err.to_string().contains("SV8100"), "{err}");
    }

    #[test]
    fn mobicall_supervisor_takes_only_m_parts() {
        let master = part("MOBI-USR-10", &[MobicallMaster, Mobibox]);
        let supervisor = part("MOBI-USR-10-M", &[MobicallSupervisor]);
        assert!(master.fits(MobicallMaster).is_ok());
        assert!(master.fits(Mobibox).is_ok());
        assert!(supervisor.fits(MobicallSupervisor).is_ok());
        assert!(matches!(
            master.fits(MobicallSupervisor),
            Err(PartRuleError::MobicallMasterOnly { .. })
        ));
        for t in [MobicallMaster, Mobibox, Sv9500] {
            assert!(matches!(
                supervisor.fits(t),
                Err(PartRuleError::MobicallSupervisorOnly { .. })
            ));
        }
        // Even a miscatalogued -M part listed for a Master never fits it.
        let wrong = part("MOBI-X-m", &[MobicallMaster, MobicallSupervisor]);
        assert!(wrong.fits(MobicallMaster).is_err());
        assert!(wrong.fits(MobicallSupervisor).is_ok());
    }
}
