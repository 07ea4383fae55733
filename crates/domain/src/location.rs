//! Location rules: which input each system type takes, where its HWKC comes from, and which
//! child locations a location may have (SPEC §3, §4).

use std::sync::LazyLock;

use regex::Regex;

use crate::ErrorCode;
use crate::derive::{DomainName, FullComputerName, MacAddress};
use crate::field::{FieldError, optional_text, required_text};
use crate::hwkc::{HardwareKeyCode, HwkcError};
use crate::system_type::{InputKind, SystemType};
use crate::text_enum::text_enum;

text_enum! {
    /// Why a location's HWKC history gained an entry.
    pub enum HwkcChangeReason {
        /// The location was created with this HWKC.
        Created = "created",
        /// An SV9500 standard server's real HWKC was derived from its IP address.
        ServerHwkcDerived = "server_hwkc_derived",
        /// A vendor administrator replaced the hardware (or the parent's, for a child whose
        /// key follows it); the entry names the key it replaced and the reason.
        HardwareReplaced = "hardware_replaced",
        /// The location was created by migrating another (SV9100 CP10 → CP20); the entry
        /// names that location and its key.
        Migrated = "migrated",
    }
}

/// What a client sends to create a location, before validation.
#[derive(Debug, Clone, Default)]
pub struct LocationInput {
    pub name: String,
    pub system_type: String,
    pub hwkc: Option<String>,
    pub secondary_hwkc: Option<String>,
    pub product_key: Option<String>,
    pub mac_address: Option<String>,
    pub full_computer_name: Option<String>,
    pub domain_name: Option<String>,
    pub reference_note: Option<String>,
}

/// Where the location's HWKC comes from. Generated keys need a clock or random numbers,
/// which the store supplies (and retries on the rare collision).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// Typed (or scanned) by the user, already valid for the system type.
    Given(HardwareKeyCode),
    /// A `<family>-<yymmddHHMMSS>-<nnn>-TEMP-KEY` (SR-MGC, SV9500 standard server).
    TempKey,
    /// Derived from the MAC address (SV9500 Small Enterprise): same MAC, same HWKC.
    SmallEnterprise(MacAddress),
    /// Generated once for an iS3000 without dongle; the computer name stays editable.
    DongleLess(FullComputerName),
    /// Generated for a 3C system, whose domain name is not unique.
    ThreeC(DomainName),
    /// `LM` + the parent's HWKC (License Manager Client child).
    ParentLmc(HardwareKeyCode),
}

/// A validated location, ready to be stored once its key is produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationDraft {
    pub name: String,
    pub system_type: SystemType,
    pub key: KeySource,
    pub secondary_hwkc: Option<HardwareKeyCode>,
    pub product_key: Option<String>,
    pub reference_note: Option<String>,
}

/// Where the new location goes.
#[derive(Debug, Clone, Copy)]
pub enum Placement<'a> {
    /// Directly under a customer.
    TopLevel,
    /// Under another location of the same customer.
    ChildOf {
        parent_type: SystemType,
        parent_hwkc: &'a HardwareKeyCode,
        /// The system types of the parent's live children.
        siblings: &'a [SystemType],
        /// Whether the parent has activated licenses.
        parent_activated: bool,
    },
}

/// Why a location cannot be created or changed as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocationRuleError {
    #[error(transparent)]
    Invalid(#[from] FieldError),
    #[error("{error}")]
    Hwkc {
        field: &'static str,
        error: HwkcError,
    },
    #[error("a {} location can only be created under a {} location", .0.name(), parent_names(*.0))]
    ParentRequired(SystemType),
    /// The type is never a child location (a rule of the request alone).
    #[error("a {} location cannot be a child location; child locations are {}", .0.name(), child_names())]
    NotAChildType(SystemType),
    /// The stored parent's type does not take this child type.
    #[error("a {} location cannot have a {} child location", parent.name(), child.name())]
    ChildNotAllowed {
        parent: SystemType,
        child: SystemType,
    },
    #[error("this location already has a {} child location", .0.name())]
    ChildExists(SystemType),
    /// SPEC §4: a redundant BX9000/OVOC pair is made before any activation, since the
    /// primary's file carries the secondary's license.
    #[error("the redundant secondary must be created before anything is activated on the primary")]
    ParentAlreadyActivated,
    /// An LMC child without `hwkc` under a parent whose key yields no LMC key (an SV9500
    /// standard server still on its temporary key).
    #[error("the LMC key cannot be derived from this {} location's key yet: give the LMC's hwkc", .0.name())]
    HwkcNotDerivable(SystemType),
}

fn child_names() -> String {
    let children: Vec<&str> = SystemType::ALL
        .iter()
        .filter(|t| t.is_child_type())
        .map(|t| t.name())
        .collect();
    children.join(", ")
}

fn parent_names(child: SystemType) -> String {
    let parents: Vec<&str> = SystemType::ALL
        .iter()
        .filter(|p| p.allowed_child_types().contains(&child))
        .map(|p| p.name())
        .collect();
    parents.join(" or ")
}

impl LocationDraft {
    /// Validates `input` for its system type and placement.
    ///
    /// # Errors
    /// [`LocationRuleError`]: a bad or missing field, an invalid HWKC (with the type it looks
    /// like), or a child the parent may not have.
    pub fn plan(
        input: &LocationInput,
        placement: Placement<'_>,
    ) -> Result<Self, LocationRuleError> {
        // What the request alone decides comes first (422), then what the stored parent and
        // its children decide (409): a request that breaks a rule of its own hears so
        // whatever the state.
        let name = required_text("name", &input.name, 200)?;
        let system_type: SystemType = input.system_type.trim().parse().map_err(|_| {
            FieldError::with_code(
                ErrorCode::UnknownSystemType,
                "system_type",
                format!(
                    "\"{}\" is not a system type; GET /api/v1/system-types lists them",
                    input.system_type.trim()
                ),
            )
        })?;
        let child = matches!(placement, Placement::ChildOf { .. });
        if !child && !system_type.top_level() {
            return Err(LocationRuleError::ParentRequired(system_type));
        }
        if child && !system_type.is_child_type() {
            return Err(LocationRuleError::NotAChildType(system_type));
        }
        TakenFields::of(system_type).reject_others(input, system_type)?;
        let key = key_source(input, system_type, child)?;
        let secondary_hwkc = present(&input.secondary_hwkc)
            .map(|raw| parse_hwkc("secondary_hwkc", system_type, raw))
            .transpose()?;
        let product_key = product_key(system_type, key.as_ref(), input.product_key.as_deref())?;
        let reference_note = optional_text("reference_note", input.reference_note.as_deref(), 500)?;

        let from_parent = check_placement(system_type, placement)?;
        let key = match (key, from_parent, placement) {
            (Some(key), _, _) => key,
            (None, Some(derived), _) => KeySource::ParentLmc(derived),
            (None, None, Placement::ChildOf { parent_type, .. }) => {
                return Err(LocationRuleError::HwkcNotDerivable(parent_type));
            }
            (None, None, Placement::TopLevel) => return Err(missing("hwkc", system_type).into()),
        };
        Ok(Self {
            name,
            system_type,
            key,
            secondary_hwkc,
            product_key,
            reference_note,
        })
    }
}

/// Where the key comes from, as far as the request says; `None` for an LMC child that
/// leaves its key to be derived from the parent's.
fn key_source(
    input: &LocationInput,
    system_type: SystemType,
    child: bool,
) -> Result<Option<KeySource>, LocationRuleError> {
    let key = match system_type.input() {
        InputKind::Hwkc => match (present(&input.hwkc), present(&input.full_computer_name)) {
            (Some(raw), None) => KeySource::Given(parse_hwkc("hwkc", system_type, raw)?),
            (None, Some(fcn)) => KeySource::DongleLess(
                FullComputerName::parse(fcn)
                    .map_err(|e| FieldError::new("full_computer_name", e.to_string()))?,
            ),
            (Some(_), Some(_)) => {
                return Err(FieldError::new(
                    "full_computer_name",
                    "give either the dongle's hwkc or, for a dongle-less iS3000, the full computer name, not both",
                )
                .into());
            }
            (None, None) if child && system_type.hwkc_from_parent() => return Ok(None),
            (None, None) => return Err(missing("hwkc", system_type).into()),
        },
        InputKind::MacAddress => {
            let raw =
                present(&input.mac_address).ok_or_else(|| missing("mac_address", system_type))?;
            KeySource::SmallEnterprise(
                MacAddress::parse(raw)
                    .map_err(|e| FieldError::new("mac_address", e.to_string()))?,
            )
        }
        InputKind::DomainName => {
            let raw =
                present(&input.domain_name).ok_or_else(|| missing("domain_name", system_type))?;
            KeySource::ThreeC(
                DomainName::parse(raw)
                    .map_err(|e| FieldError::new("domain_name", e.to_string()))?,
            )
        }
        InputKind::IpAddress | InputKind::None | InputKind::FullComputerName => KeySource::TempKey,
    };
    Ok(Some(key))
}

/// Checks the child relation; for an LMC child returns the HWKC derived from the parent.
fn check_placement(
    system_type: SystemType,
    placement: Placement<'_>,
) -> Result<Option<HardwareKeyCode>, LocationRuleError> {
    match placement {
        Placement::TopLevel => Ok(None),
        Placement::ChildOf {
            parent_type,
            parent_hwkc,
            siblings,
            parent_activated,
        } => {
            if !parent_type.allowed_child_types().contains(&system_type) {
                return Err(LocationRuleError::ChildNotAllowed {
                    parent: parent_type,
                    child: system_type,
                });
            }
            // An SV8500 may carry many SR-MGCs; every other child relation is one of a kind.
            if system_type != SystemType::SrMgc && siblings.contains(&system_type) {
                return Err(LocationRuleError::ChildExists(system_type));
            }
            if system_type == SystemType::BxOvoc && parent_activated {
                return Err(LocationRuleError::ParentAlreadyActivated);
            }
            Ok(if system_type.hwkc_from_parent() {
                crate::derive::lmc_hwkc(parent_type, parent_hwkc)
            } else {
                None
            })
        }
    }
}

/// The LMC child a new location of this type gets automatically, if any: its name and HWKC.
pub fn auto_lmc_child(
    name: &str,
    system_type: SystemType,
    hwkc: &HardwareKeyCode,
) -> Option<(String, HardwareKeyCode)> {
    if !system_type.auto_lmc_child() {
        return None;
    }
    crate::derive::lmc_hwkc(system_type, hwkc).map(|key| (format!("{name} LMC"), key))
}

/// The initial number of demo licenses of a location of this type (SPEC §5).
pub fn initial_demo_licenses(system_type: SystemType) -> i32 {
    if system_type.demo_licenses() { 2 } else { 0 }
}

fn parse_hwkc(
    field: &'static str,
    system_type: SystemType,
    raw: &str,
) -> Result<HardwareKeyCode, LocationRuleError> {
    HardwareKeyCode::parse(system_type, raw)
        .map_err(|error| LocationRuleError::Hwkc { field, error })
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn missing(field: &'static str, system_type: SystemType) -> FieldError {
    FieldError::with_code(
        ErrorCode::MissingField,
        field,
        format!("{field} is required for a {} location", system_type.name()),
    )
}

/// The BX/OVOC hardware serial among the type's key forms.
static BX_OVOC_HARDWARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&bx_ovoc_key_forms()[0]).expect("the hardware serial pattern is valid")
});

/// The BX/OVOC key forms as anchored patterns over the normalised key: the hardware serial
/// (7–8 digits), which needs a product key, and the BX9000/OVOC software ids, which must not
/// have one yet.
pub fn bx_ovoc_key_forms() -> [String; 2] {
    let (hardware, software) = crate::system_type::BX_OVOC_FORMS;
    [format!("^{hardware}$"), format!("^({software})$")]
}

/// The anchored pattern of a raw product key: letters, digits and dashes, 1 to 64 of them.
pub fn product_key_pattern() -> String {
    crate::field::trimmed_pattern("^[A-Za-z0-9-]{1,64}$")
}

/// BX/OVOC hardware (7–8 digit serial) needs the product key; BX9000/OVOC software gets it
/// at first activation, so it must be empty now.
fn product_key(
    system_type: SystemType,
    key: Option<&KeySource>,
    raw: Option<&str>,
) -> Result<Option<String>, FieldError> {
    let value = optional_text("product_key", raw, 64)?;
    if let Some(v) = &value
        && !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(FieldError::new(
            "product_key",
            "product_key may hold only letters, digits and dashes",
        ));
    }
    let hardware = matches!(key, Some(KeySource::Given(k)) if system_type == SystemType::BxOvoc
        && BX_OVOC_HARDWARE.is_match(k.as_str()));
    match (hardware, &value) {
        (true, None) => Err(FieldError::with_code(
            ErrorCode::MissingField,
            "product_key",
            "product_key (the delivery serial, DT…) is required for BX/OVOC hardware",
        )),
        (false, Some(_)) if system_type == SystemType::BxOvoc => Err(FieldError::with_code(
            ErrorCode::FieldNotAllowed,
            "product_key",
            "BX9000/OVOC software gets its product key at first activation; leave product_key empty",
        )),
        _ => Ok(value),
    }
}

/// Which optional inputs a system type takes; any other one given (not blank) is an error,
/// so an ERP client learns at once that it sent the wrong field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TakenFields {
    pub hwkc: bool,
    pub secondary_hwkc: bool,
    pub product_key: bool,
    pub mac_address: bool,
    pub full_computer_name: bool,
    pub domain_name: bool,
}

impl TakenFields {
    /// The inputs a location of type `t` takes.
    pub fn of(t: SystemType) -> Self {
        let input = t.input();
        Self {
            hwkc: input == InputKind::Hwkc,
            secondary_hwkc: t.takes_secondary_hwkc(),
            product_key: t.takes_product_key(),
            mac_address: input == InputKind::MacAddress,
            full_computer_name: t.alternative_input() == Some(InputKind::FullComputerName),
            domain_name: input == InputKind::DomainName,
        }
    }

    fn reject_others(&self, input: &LocationInput, t: SystemType) -> Result<(), FieldError> {
        let given = [
            ("hwkc", self.hwkc, &input.hwkc),
            ("secondary_hwkc", self.secondary_hwkc, &input.secondary_hwkc),
            ("product_key", self.product_key, &input.product_key),
            ("mac_address", self.mac_address, &input.mac_address),
            (
                "full_computer_name",
                self.full_computer_name,
                &input.full_computer_name,
            ),
            ("domain_name", self.domain_name, &input.domain_name),
        ];
        for (field, allowed, value) in given {
            if !allowed && present(value).is_some() {
                return Err(FieldError::with_code(
                    ErrorCode::FieldNotAllowed,
                    field,
                    format!("a {} location does not take {field}", t.name()),
                ));
            }
        }
        Ok(())
    }
}

/// A partial update of a location's editable fields (the HWKC is not one of them: that is
/// a hardware replacement).
#[derive(Debug, Clone, Default)]
pub struct LocationChanges {
    pub name: Option<String>,
    /// `Some(None)` clears the note.
    pub reference_note: Option<Option<String>>,
    pub full_computer_name: Option<String>,
    pub domain_name: Option<String>,
}

/// The validated form of [`LocationChanges`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidChanges {
    pub name: Option<String>,
    pub reference_note: Option<Option<String>>,
    pub full_computer_name: Option<FullComputerName>,
    pub domain_name: Option<DomainName>,
}

/// Why [`LocationChanges`] cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    /// A value is malformed: the request alone is wrong.
    #[error(transparent)]
    Invalid(#[from] FieldError),
    /// A field the stored location does not have (a computer name on a location without
    /// one, a domain name on a type without one): the request is well-formed, the
    /// location's state refuses it.
    #[error(transparent)]
    NotForThisLocation(FieldError),
}

impl LocationChanges {
    /// Validates the changes for a location of `system_type`. The computer name can change
    /// only on a dongle-less iS3000 (`has_full_computer_name`), the domain name only on 3C.
    ///
    /// # Errors
    /// [`ChangeError`] naming the field.
    pub fn validate(
        &self,
        system_type: SystemType,
        has_full_computer_name: bool,
    ) -> Result<ValidChanges, ChangeError> {
        let name = self
            .name
            .as_deref()
            .map(|n| required_text("name", n, 200))
            .transpose()?;
        let reference_note = match &self.reference_note {
            None => None,
            Some(note) => Some(optional_text("reference_note", note.as_deref(), 500)?),
        };
        let full_computer_name = match &self.full_computer_name {
            None => None,
            Some(_) if !has_full_computer_name => {
                return Err(ChangeError::NotForThisLocation(FieldError::with_code(
                    ErrorCode::FieldNotAllowed,
                    "full_computer_name",
                    "only a dongle-less iS3000 location has a full computer name",
                )));
            }
            Some(raw) => Some(
                FullComputerName::parse(raw)
                    .map_err(|e| FieldError::new("full_computer_name", e.to_string()))?,
            ),
        };
        let domain_name = match &self.domain_name {
            None => None,
            Some(_) if system_type.input() != InputKind::DomainName => {
                return Err(ChangeError::NotForThisLocation(FieldError::with_code(
                    ErrorCode::FieldNotAllowed,
                    "domain_name",
                    format!("a {} location has no domain name", system_type.name()),
                )));
            }
            Some(raw) => Some(
                DomainName::parse(raw)
                    .map_err(|e| FieldError::new("domain_name", e.to_string()))?,
            ),
        };
        Ok(ValidChanges {
            name,
            reference_note,
            full_computer_name,
            domain_name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(system_type: &str) -> LocationInput {
        LocationInput {
            name: "Main office".into(),
            system_type: system_type.into(),
            ..Default::default()
        }
    }

    #[test]
    fn hwkc_types_need_a_valid_hwkc() {
        let mut i = input("SV9100_CP10");
        assert!(
            matches!(LocationDraft::plan(&i, Placement::TopLevel), Err(LocationRuleError::Invalid(e)) if e.field == "hwkc")
        );
        i.hwkc = Some("4410011575A6".into());
        let err = LocationDraft::plan(&i, Placement::TopLevel).unwrap_err();
        assert!(
            matches!(err, LocationRuleError::Hwkc { error, .. } if error.looks_like == Some(SystemType::Sv9100Cp20))
        );
        i.hwkc = Some(" 340209224568 ".into());
        let draft = LocationDraft::plan(&i, Placement::TopLevel).unwrap();
        assert!(matches!(draft.key, KeySource::Given(k) if k.as_str() == "340209224568"));
    }

    #[test]
    fn fields_of_other_types_are_refused() {
        let mut i = input("SL1000");
        i.hwkc = Some("280001451316".into());
        i.mac_address = Some("6CE4DA01378C".into());
        assert!(matches!(LocationDraft::plan(&i, Placement::TopLevel),
            Err(LocationRuleError::Invalid(e)) if e.field == "mac_address" && e.code == ErrorCode::FieldNotAllowed));
    }

    #[test]
    fn generated_sources() {
        let mut se = input("SV9500_SE");
        se.mac_address = Some("6c:e4:da:01:37:8c".into());
        assert!(matches!(
            LocationDraft::plan(&se, Placement::TopLevel).unwrap().key,
            KeySource::SmallEnterprise(_)
        ));
        let mut is = input("IS3000");
        is.full_computer_name = Some("HVPC030PBX.devnlnec.local".into());
        assert!(matches!(
            LocationDraft::plan(&is, Placement::TopLevel).unwrap().key,
            KeySource::DongleLess(_)
        ));
        let mut c3 = input("3C");
        c3.domain_name = Some("pbx.example.com".into());
        assert!(matches!(
            LocationDraft::plan(&c3, Placement::TopLevel).unwrap().key,
            KeySource::ThreeC(_)
        ));
        assert_eq!(
            LocationDraft::plan(&input("SV9500_SERVER"), Placement::TopLevel)
                .unwrap()
                .key,
            KeySource::TempKey
        );
    }

    #[test]
    fn sr_mgc_only_under_sv8500_and_lmc_derived_from_parent() {
        assert!(matches!(
            LocationDraft::plan(&input("SR_MGC"), Placement::TopLevel),
            Err(LocationRuleError::ParentRequired(_))
        ));
        let parent =
            HardwareKeyCode::parse(SystemType::Sv8500, "22CC538207AFD058020640CD57xO").unwrap();
        let under = |siblings: &'static [SystemType]| Placement::ChildOf {
            parent_type: SystemType::Sv8500,
            parent_hwkc: &parent,
            siblings,
            parent_activated: false,
        };
        assert_eq!(
            LocationDraft::plan(&input("SR_MGC"), under(&[SystemType::SrMgc]))
                .unwrap()
                .key,
            KeySource::TempKey
        );
        let lmc = LocationDraft::plan(&input("LMC"), under(&[])).unwrap();
        assert!(
            matches!(lmc.key, KeySource::ParentLmc(k) if k.as_str() == "LM22CC538207AFD058020640CD57xO")
        );
        assert!(matches!(
            LocationDraft::plan(&input("LMC"), under(&[SystemType::Lmc])),
            Err(LocationRuleError::ChildExists(_))
        ));
        let mut sl = input("SL1000");
        sl.hwkc = Some("280001451316".into());
        assert!(matches!(
            LocationDraft::plan(&sl, under(&[])),
            Err(LocationRuleError::NotAChildType(SystemType::Sl1000))
        ));
        let mut bx = input("BX_OVOC");
        bx.hwkc = Some("358744541284567".into());
        assert!(matches!(
            LocationDraft::plan(&bx, under(&[])),
            Err(LocationRuleError::ChildNotAllowed { .. })
        ));
    }

    #[test]
    fn the_request_is_checked_before_the_parent() {
        let parent = HardwareKeyCode::parse(SystemType::Sl1000, "280001451316").unwrap();
        let under_sl1000 = Placement::ChildOf {
            parent_type: SystemType::Sl1000,
            parent_hwkc: &parent,
            siblings: &[],
            parent_activated: false,
        };
        let mut lmc = input("LMC");
        lmc.hwkc = Some("not a key".into());
        assert!(matches!(
            LocationDraft::plan(&lmc, under_sl1000),
            Err(LocationRuleError::Hwkc { .. })
        ));
        lmc.hwkc = None;
        assert!(matches!(
            LocationDraft::plan(&lmc, under_sl1000),
            Err(LocationRuleError::ChildNotAllowed { .. })
        ));
    }

    #[test]
    fn an_lmc_key_is_not_derived_from_a_temp_key() {
        let temp = HardwareKeyCode::parse(SystemType::Sv9500Server, "35-121126064636-613-TEMP-KEY")
            .unwrap();
        let under = Placement::ChildOf {
            parent_type: SystemType::Sv9500Server,
            parent_hwkc: &temp,
            siblings: &[],
            parent_activated: false,
        };
        assert_eq!(
            LocationDraft::plan(&input("LMC"), under),
            Err(LocationRuleError::HwkcNotDerivable(
                SystemType::Sv9500Server
            ))
        );
        let mut typed = input("LMC");
        typed.hwkc = Some("LM35G00N360103F0S0007490B6E0yQ".into());
        assert!(LocationDraft::plan(&typed, under).is_ok());
    }

    #[test]
    fn bx_hardware_needs_a_product_key_and_software_must_not_have_one() {
        let mut hw = input("BX_OVOC");
        hw.hwkc = Some("9551484".into());
        assert!(
            matches!(LocationDraft::plan(&hw, Placement::TopLevel), Err(LocationRuleError::Invalid(e)) if e.field == "product_key")
        );
        hw.product_key = Some("DT123456".into());
        assert!(LocationDraft::plan(&hw, Placement::TopLevel).is_ok());
        let mut sw = input("BX_OVOC");
        sw.hwkc = Some("358744541284567".into());
        sw.product_key = Some("DT1".into());
        assert!(LocationDraft::plan(&sw, Placement::TopLevel).is_err());
    }

    #[test]
    fn computer_name_editable_only_when_dongle_less() {
        let change = LocationChanges {
            full_computer_name: Some("new.example.local".into()),
            ..Default::default()
        };
        assert!(change.validate(SystemType::Is3000, true).is_ok());
        let refused = change.validate(SystemType::Is3000, false).unwrap_err();
        assert!(
            matches!(&refused, ChangeError::NotForThisLocation(f) if f.field == "full_computer_name"),
            "{refused:?}"
        );
    }
}
