//! The catalog of system types (SPEC §3): each type's API code, human name, what the user
//! enters to create a location, the hardware key code (HWKC) format and the child locations
//! it may have (SPEC §4).
//!
//! Everything here is static data; `crate::hwkc` applies the formats.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A kind of system a customer location licenses. Serialized as the stable API code
/// (`"SV9100_CP10"`, `"3C"`, …) that ERP clients send.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SystemType {
    /// SL1000 / SL1100.
    #[serde(rename = "SL1000")]
    Sl1000,
    /// SL2100.
    #[serde(rename = "SL2100")]
    Sl2100,
    /// SV8100 (also BCT on SV8100).
    #[serde(rename = "SV8100")]
    Sv8100,
    /// SV9100 with a CP10 board.
    #[serde(rename = "SV9100_CP10")]
    Sv9100Cp10,
    /// SV9100 with a CP20 board.
    #[serde(rename = "SV9100_CP20")]
    Sv9100Cp20,
    /// SV8300.
    #[serde(rename = "SV8300")]
    Sv8300,
    /// SV9300.
    #[serde(rename = "SV9300")]
    Sv9300,
    /// SV8500.
    #[serde(rename = "SV8500")]
    Sv8500,
    /// SR-MGC, a child of an SV8500 licensed on a generated temp key.
    #[serde(rename = "SR_MGC")]
    SrMgc,
    /// SV9500 appliance server (one or two CPU units).
    #[serde(rename = "SV9500")]
    Sv9500,
    /// SV9500 standard (virtual) server: temp key first, real HWKC derived from its IP address.
    #[serde(rename = "SV9500_SERVER")]
    Sv9500Server,
    /// SV9500 Small Enterprise: HWKC derived from the MAC address.
    #[serde(rename = "SV9500_SE")]
    Sv9500Se,
    /// iS3000 / SIP@Net Server (dongle, CPU3000, CIE-2, or dongle-less by full computer name).
    #[serde(rename = "IS3000")]
    Is3000,
    /// 3C: HWKC generated from the domain name.
    #[serde(rename = "3C")]
    ThreeC,
    /// 3C CAT2: HWKC generated from the domain name.
    #[serde(rename = "3C_CAT2")]
    ThreeCCat2,
    /// IP DECT with a full DAP controller (HWKC = PARI).
    #[serde(rename = "IP_DECT")]
    IpDect,
    /// DECT-NS, unlicensed DAP controller (HWKC = PARI).
    #[serde(rename = "DECT_NS")]
    DectNs,
    /// License Manager Client (MA4000 SM/EM, CTI, BCT, UIP via LMC).
    #[serde(rename = "LMC")]
    Lmc,
    /// BCT with a dongle.
    #[serde(rename = "BCT")]
    Bct,
    /// BX/OVOC hardware, BX9000 or OVOC software.
    #[serde(rename = "BX_OVOC")]
    BxOvoc,
    /// External product: RCC.
    #[serde(rename = "RCC")]
    Rcc,
    /// External product: UM4730.
    #[serde(rename = "UM4730")]
    Um4730,
    /// External product: Expense Management.
    #[serde(rename = "EXPENSE_MANAGEMENT")]
    ExpenseManagement,
    /// External product: MobiCall Master.
    #[serde(rename = "MOBICALL_MASTER")]
    MobicallMaster,
    /// External product: MobiCall Supervisor (redundant partner of a Master).
    #[serde(rename = "MOBICALL_SUPERVISOR")]
    MobicallSupervisor,
    /// External product: MobiBox (Master parts only).
    #[serde(rename = "MOBIBOX")]
    Mobibox,
}

/// Whether the LMS produces the license file itself or it arrives from outside (SPEC §4,
/// "External products").
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// The LMS generates the license file.
    Lms,
    /// The file is produced outside and uploaded later.
    External,
}

/// What the user types when creating a location of a system type.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// The hardware key code itself.
    Hwkc,
    /// A MAC address; the HWKC is derived from it (SV9500 SE).
    MacAddress,
    /// An IP address, entered after creation; the real HWKC is derived from it
    /// (SV9500 standard server).
    IpAddress,
    /// A full computer name; the LMS generates the HWKC (iS3000 dongle-less).
    FullComputerName,
    /// A domain name; the LMS generates the HWKC (3C).
    DomainName,
    /// Nothing: the LMS generates a temp key (SR-MGC).
    None,
}

/// The value given is not one of the API's system type codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a known system type code")]
pub struct UnknownSystemType(pub String);

// The 12-hex formats differ only in their two-digit prefix.
const HEX12_SL1000: &str = "^28[0-9A-F]{10}$";
const HEX12_SL2100: &str = "^38[0-9A-F]{10}$";
const HEX12_SV8100: &str = "^19[0-9A-F]{10}$";
const HEX12_CP10: &str = "^34[0-9A-F]{10}$";
const HEX12_CP20: &str = "^44[0-9A-F]{10}$";
const SV8300: &str = "^18[A-Za-z0-9]{3}-[A-Za-z]{3}-[A-Za-z0-9]{18}$";
const SV9300: &str = "^36[A-Za-z0-9]{26}$";
const SV8500: &str = "^22[A-Za-z0-9]{26}$";
const SR_MGC: &str = "^22-[0-9]{12}-[0-9]{3}-TEMP-KEY$";
const SV9500: &str = "^35[A-Za-z0-9]{26}$";
const SV9500_SERVER: &str = "^(35-[0-9]{12}-[0-9]{3}-TEMP-KEY|35[A-Za-z0-9]{26})$";
const IS3000_DONGLE: &str = "^aa[0-9]{4}[A-Za-z]{2}[A-Za-z0-9]+AA$";
const THREE_C: &str = "^3C[0-9A-F]{10}$";
const DECT: &str = "^1[0-9A-F]{7}$";
// LM + a PBX HWKC: 13 (2000IPS), 28 alnum (SV8500/SV9300/SV9500/SV7000, UIP), the SV8300
// form, a 3C HWKC (the guide lists 3C among the LMC platforms), or LMIS + the iS3000 body.
const LMC: &str = "^LM([A-Za-z0-9]{13}|[A-Za-z0-9]{28}|18[A-Za-z0-9]{3}-[A-Za-z]{3}-[A-Za-z0-9]{18}|3C[0-9A-F]{10}|IS[0-9]{4}[A-Za-z]{2}[A-Za-z0-9]+)$";
const BX_OVOC: &str = "^([0-9]{7,8}|[0-9]{14,15}|[0-9A-F]{12})$";
/// The two halves of [`BX_OVOC`]: hardware serials, then the software ids.
pub(crate) const BX_OVOC_FORMS: (&str, &str) = ("[0-9]{7,8}", "[0-9]{14,15}|[0-9A-F]{12}");
const UM4730: &str = "^[0-9]{2}-[0-9]{8}$";
const EXPENSE: &str = "^[0-9]{8}$";
const MOBI: &str = "^[0-9A-F]{4}$";

impl SystemType {
    /// Every system type, in catalog order (SPEC §3). `looks_like` suggestions follow this
    /// order, and the API serves the catalog in it.
    pub const ALL: [SystemType; 26] = [
        SystemType::Sl1000,
        SystemType::Sl2100,
        SystemType::Sv8100,
        SystemType::Sv9100Cp10,
        SystemType::Sv9100Cp20,
        SystemType::Sv8300,
        SystemType::Sv9300,
        SystemType::Sv8500,
        SystemType::SrMgc,
        SystemType::Sv9500,
        SystemType::Sv9500Server,
        SystemType::Sv9500Se,
        SystemType::Is3000,
        SystemType::ThreeC,
        SystemType::ThreeCCat2,
        SystemType::IpDect,
        SystemType::DectNs,
        SystemType::Lmc,
        SystemType::Bct,
        SystemType::BxOvoc,
        SystemType::Rcc,
        SystemType::Um4730,
        SystemType::ExpenseManagement,
        SystemType::MobicallMaster,
        SystemType::MobicallSupervisor,
        SystemType::Mobibox,
    ];

    /// Position in [`SystemType::ALL`]; the declaration order is the catalog order.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The stable API code, e.g. `"SV9100_CP10"`.
    pub fn code(self) -> &'static str {
        use SystemType::*;
        match self {
            Sl1000 => "SL1000",
            Sl2100 => "SL2100",
            Sv8100 => "SV8100",
            Sv9100Cp10 => "SV9100_CP10",
            Sv9100Cp20 => "SV9100_CP20",
            Sv8300 => "SV8300",
            Sv9300 => "SV9300",
            Sv8500 => "SV8500",
            SrMgc => "SR_MGC",
            Sv9500 => "SV9500",
            Sv9500Server => "SV9500_SERVER",
            Sv9500Se => "SV9500_SE",
            Is3000 => "IS3000",
            ThreeC => "3C",
            ThreeCCat2 => "3C_CAT2",
            IpDect => "IP_DECT",
            DectNs => "DECT_NS",
            Lmc => "LMC",
            Bct => "BCT",
            BxOvoc => "BX_OVOC",
            Rcc => "RCC",
            Um4730 => "UM4730",
            ExpenseManagement => "EXPENSE_MANAGEMENT",
            MobicallMaster => "MOBICALL_MASTER",
            MobicallSupervisor => "MOBICALL_SUPERVISOR",
            Mobibox => "MOBIBOX",
        }
    }

    /// The name shown to users, e.g. `"SV9100 CP10"`.
    pub fn name(self) -> &'static str {
        use SystemType::*;
        match self {
            Sl1000 => "SL1000 / SL1100",
            Sl2100 => "SL2100",
            Sv8100 => "SV8100",
            Sv9100Cp10 => "SV9100 CP10",
            Sv9100Cp20 => "SV9100 CP20",
            Sv8300 => "SV8300",
            Sv9300 => "SV9300",
            Sv8500 => "SV8500",
            SrMgc => "SR-MGC",
            Sv9500 => "SV9500",
            Sv9500Server => "SV9500 Standard Server",
            Sv9500Se => "SV9500 Small Enterprise",
            Is3000 => "iS3000 / SIP@Net Server",
            ThreeC => "3C",
            ThreeCCat2 => "3C CAT2",
            IpDect => "IP DECT",
            DectNs => "DECT-NS",
            Lmc => "License Manager Client",
            Bct => "BCT",
            BxOvoc => "BX/OVOC",
            Rcc => "External: RCC",
            Um4730 => "External: UM4730",
            ExpenseManagement => "External: Expense Management",
            MobicallMaster => "External: MobiCall Master",
            MobicallSupervisor => "External: MobiCall Supervisor",
            Mobibox => "External: MobiBox",
        }
    }

    /// Whether the LMS produces the license file (SPEC §4, "External products").
    pub fn category(self) -> Category {
        use SystemType::*;
        match self {
            Rcc | Um4730 | ExpenseManagement | MobicallMaster | MobicallSupervisor | Mobibox => {
                Category::External
            }
            _ => Category::Lms,
        }
    }

    /// What the user enters when creating a location of this type.
    pub fn input(self) -> InputKind {
        use SystemType::*;
        match self {
            SrMgc => InputKind::None,
            // Created without a HWKC (temp key); the IP address comes later.
            Sv9500Server => InputKind::IpAddress,
            Sv9500Se => InputKind::MacAddress,
            ThreeC | ThreeCCat2 => InputKind::DomainName,
            _ => InputKind::Hwkc,
        }
    }

    /// A second way to create the location: iS3000 takes a dongle/board HWKC or, dongle-less,
    /// a full computer name.
    pub fn alternative_input(self) -> Option<InputKind> {
        match self {
            SystemType::Is3000 => Some(InputKind::FullComputerName),
            _ => None,
        }
    }

    /// Whether a location may obtain demo licenses (SPEC §5).
    ///
    /// The guide names only "SV8100 and iS3000 and others". We flag the current PBX lines a
    /// partner would demo on site: SV8100, iS3000, SV9100 (CP10 and CP20), SL2100 and the
    /// SV9500 appliance. Derived/generated-key types, children, LMC and external products
    /// are not flagged; the API reads this flag, so changing the set is a one-line edit.
    pub fn demo_licenses(self) -> bool {
        use SystemType::*;
        matches!(
            self,
            Sv8100 | Is3000 | Sv9100Cp10 | Sv9100Cp20 | Sl2100 | Sv9500
        )
    }

    /// The HWKC format as an anchored regular expression over the *normalised* value.
    ///
    /// Written in the common subset of Rust's `regex` and JavaScript's `RegExp` (only
    /// `^…$`, literal characters, ASCII ranges, groups, alternation and `{m,n}`), so the
    /// frontend can use the same string. Input normalisation (trim, upper-casing hex-only
    /// formats, the SV9500 QR form) happens before matching.
    pub fn hwkc_pattern(self) -> &'static str {
        use SystemType::*;
        match self {
            Sl1000 => HEX12_SL1000,
            Sl2100 => HEX12_SL2100,
            Sv8100 => HEX12_SV8100,
            Sv9100Cp10 => HEX12_CP10,
            Sv9100Cp20 => HEX12_CP20,
            Sv8300 => SV8300,
            Sv9300 => SV9300,
            Sv8500 => SV8500,
            SrMgc => SR_MGC,
            Sv9500 | Sv9500Se => SV9500,
            Sv9500Server => SV9500_SERVER,
            Is3000 | Bct | Rcc => IS3000_DONGLE,
            ThreeC | ThreeCCat2 => THREE_C,
            IpDect | DectNs => DECT,
            Lmc => LMC,
            BxOvoc => BX_OVOC,
            Um4730 => UM4730,
            ExpenseManagement => EXPENSE,
            MobicallMaster | MobicallSupervisor | Mobibox => MOBI,
        }
    }

    /// A valid example HWKC from the guide (SPEC §3).
    pub fn hwkc_example(self) -> &'static str {
        use SystemType::*;
        match self {
            Sl1000 => "280001451316",
            Sl2100 => "3810004626AD",
            Sv8100 => "190400324412",
            Sv9100Cp10 => "340209224568",
            Sv9100Cp20 => "4410011575A6",
            Sv8300 => "18CYG-IPS-00000000BJZ02319QK",
            Sv9300 => "36LYRAABK000000000CP10A087HY",
            Sv8500 => "22CC538207AFD058020640CD57xO",
            SrMgc => "22-121126064636-613-TEMP-KEY",
            Sv9500 => "35G00N470108E0S0A8832EF2d3Po",
            Sv9500Server => "35G00N360103F0S0007490B6E0yQ",
            Sv9500Se => "351A488E8B068683DFC26C7DDCKe",
            Is3000 => "aa0014SA2792883418AA",
            ThreeC | ThreeCCat2 => "3CB6CE81EECE",
            IpDect => "1009FFFE",
            DectNs => "1FFFFFF9",
            Lmc => "LM36LYRAABK000000000CP10A087HY",
            Bct => "aa0014SA2792889418AA",
            BxOvoc => "9551484",
            Rcc => "aa0014SA2792886419AA",
            Um4730 => "11-10465697",
            ExpenseManagement => "66045123",
            MobicallMaster | MobicallSupervisor | Mobibox => "1A2F",
        }
    }

    /// The HWKC format in words, for error messages and the catalog.
    pub fn hwkc_description(self) -> &'static str {
        use SystemType::*;
        match self {
            Sl1000 => "12 hexadecimal characters starting with 28",
            Sl2100 => "12 hexadecimal characters starting with 38",
            Sv8100 => "12 hexadecimal characters starting with 19",
            Sv9100Cp10 => "12 hexadecimal characters starting with 34",
            Sv9100Cp20 => "12 hexadecimal characters starting with 44",
            Sv8300 => {
                "28 characters: 18, 3 letters or digits, a dash, 3 letters, a dash and 18 letters or digits"
            }
            Sv9300 => "28 letters or digits starting with 36",
            Sv8500 => "28 letters or digits starting with 22",
            SrMgc => "a temp key generated by the LMS: 22-<yymmddHHMMSS>-<3 digits>-TEMP-KEY",
            Sv9500 => {
                "28 letters or digits starting with 35 (a scanned QR code A_3565-… is accepted too)"
            }
            Sv9500Server => {
                "a temp key generated by the LMS (35-<yymmddHHMMSS>-<3 digits>-TEMP-KEY) or 28 letters or digits starting with 35"
            }
            Sv9500Se => {
                "28 letters or digits starting with 35, derived by the LMS from the MAC address"
            }
            Is3000 | Bct | Rcc => "aa, 4 digits, 2 letters, letters or digits, then AA",
            ThreeC | ThreeCCat2 => {
                "12 hexadecimal characters starting with 3C, generated by the LMS for the domain name"
            }
            IpDect | DectNs => "8 hexadecimal characters starting with 1",
            Lmc => {
                "LM followed by the PBX hardware key code (LMIS and the part between aa and AA for iS3000), or LM and 13 or 28 letters or digits"
            }
            BxOvoc => {
                "a 7- or 8-digit serial number, a 14- or 15-digit machine id, or 12 hexadecimal characters"
            }
            Um4730 => "2 digits, a dash and 8 digits",
            ExpenseManagement => "8 digits (the dongle id)",
            MobicallMaster | MobicallSupervisor | Mobibox => "4 hexadecimal characters",
        }
    }

    /// Whether an LMC child location is created automatically with this location (SPEC §4).
    ///
    /// SV9500 Small Enterprise is an SV9500 with a derived HWKC, so it gets its LMC child at
    /// once. The SV9500 standard server starts on a temp key, which an LMC key cannot be built
    /// from: the store creates its LMC child when the real HWKC is derived from the IP address.
    pub fn auto_lmc_child(self) -> bool {
        use SystemType::*;
        matches!(self, Sv8300 | Sv8500 | Sv9300 | Sv9500 | Sv9500Se)
    }

    /// The system types a child location of this type may have (SPEC §4).
    ///
    /// LMC children follow the guide's list of LMC platforms (SV8300, SV8500, SV9300,
    /// SV9500, iS3000 / SIP@Net and 3C); on SL/SV8100/SV9100 BCT is licensed on the PBX's
    /// own HWKC, so they have no LMC child. An LMC location for a PBX outside the catalog
    /// (SV7000, 2000IPS, UIP) is a top-level location of type LMC.
    pub fn allowed_child_types(self) -> &'static [SystemType] {
        use SystemType::*;
        match self {
            Sv8500 => &[SrMgc, Lmc],
            Sv8300 | Sv9300 | Sv9500 | Sv9500Server | Sv9500Se | Is3000 | ThreeC | ThreeCCat2 => {
                &[Lmc]
            }
            // The redundant secondary of a BX9000/OVOC pair.
            BxOvoc => &[BxOvoc],
            MobicallMaster => &[MobicallSupervisor],
            _ => &[],
        }
    }

    /// Whether a location of this type may be created directly under a customer: all but
    /// SR-MGC, which exists only under its SV8500.
    pub fn top_level(self) -> bool {
        self != SystemType::SrMgc
    }

    /// Whether some system type takes child locations of this type.
    pub fn is_child_type(self) -> bool {
        SystemType::ALL
            .iter()
            .any(|p| p.allowed_child_types().contains(&self))
    }

    /// Whether a location of this type takes a secondary HWKC (an SV9500 redundant pair).
    pub fn takes_secondary_hwkc(self) -> bool {
        self == SystemType::Sv9500
    }

    /// Whether a location of this type takes a product key (BX/OVOC hardware's delivery serial).
    pub fn takes_product_key(self) -> bool {
        self == SystemType::BxOvoc
    }

    /// Whether a child location of this type may leave its HWKC out: the LMS then derives it
    /// from the parent's (an LMC under a PBX, SPEC §4).
    pub fn hwkc_from_parent(self) -> bool {
        self == SystemType::Lmc
    }

    /// Whether a legacy DECT license file may be uploaded to a location of this type (SPEC §5).
    pub fn dect_upload(self) -> bool {
        matches!(self, SystemType::IpDect | SystemType::DectNs)
    }

    /// The one feature that may be attached while the location still has its temporary key,
    /// if the type starts on one and limits it (the SV9500 standard server's virtualization
    /// option, SPEC §4).
    pub fn temp_key_feature(self) -> Option<&'static str> {
        (self == SystemType::Sv9500Server).then_some(crate::packaging::VIRTUALIZATION_FEATURE)
    }

    /// The temp-key family prefix for types created on a generated temp key (SPEC §4).
    pub fn temp_key_family(self) -> Option<&'static str> {
        match self {
            SystemType::SrMgc => Some("22"),
            SystemType::Sv9500Server => Some("35"),
            _ => None,
        }
    }

    /// Whether the format's letters are all hexadecimal (or it has none), so input is
    /// upper-cased before matching. Mixed-case formats, and the iS3000 family whose
    /// `aa…AA` wrapper is case-significant, keep the case as typed.
    pub fn hex_only(self) -> bool {
        use SystemType::*;
        matches!(
            self,
            Sl1000
                | Sl2100
                | Sv8100
                | Sv9100Cp10
                | Sv9100Cp20
                | ThreeC
                | ThreeCCat2
                | IpDect
                | DectNs
                | BxOvoc
                | Um4730
                | ExpenseManagement
                | MobicallMaster
                | MobicallSupervisor
                | Mobibox
        )
    }
}

impl fmt::Display for SystemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for SystemType {
    type Err = UnknownSystemType;

    /// Parses the exact API code (case-sensitive, as ERP clients send it).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SystemType::ALL
            .into_iter()
            .find(|t| t.code() == s)
            .ok_or_else(|| UnknownSystemType(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_in_declaration_order_and_complete() {
        for (i, t) in SystemType::ALL.iter().enumerate() {
            assert_eq!(t.index(), i, "{t}");
        }
        let mut codes: Vec<_> = SystemType::ALL.iter().map(|t| t.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), SystemType::ALL.len());
    }

    #[test]
    fn code_display_fromstr_and_serde_agree() {
        for t in SystemType::ALL {
            assert_eq!(t.to_string(), t.code());
            assert_eq!(t.code().parse::<SystemType>(), Ok(t));
            let json = serde_json_string(t);
            assert_eq!(json, format!("\"{}\"", t.code()));
            assert_eq!(serde_json::from_str::<SystemType>(&json).unwrap(), t);
        }
    }

    fn serde_json_string<T: Serialize>(value: T) -> String {
        serde_json::to_string(&value).unwrap()
    }

    #[test]
    fn unknown_code_is_rejected_with_its_value() {
        let err = "SV9100".parse::<SystemType>().unwrap_err();
        assert_eq!(err, UnknownSystemType("SV9100".into()));
        assert!(err.to_string().contains("\"SV9100\""));
        assert!("sv8100".parse::<SystemType>().is_err(), "codes are exact");
    }

    #[test]
    fn categories_inputs_and_children() {
        assert_eq!(SystemType::Rcc.category(), Category::External);
        assert_eq!(SystemType::Mobibox.category(), Category::External);
        assert_eq!(SystemType::Sv9500.category(), Category::Lms);
        assert_eq!(SystemType::SrMgc.input(), InputKind::None);
        assert_eq!(SystemType::Sv9500Server.input(), InputKind::IpAddress);
        assert_eq!(SystemType::Sv9500Se.input(), InputKind::MacAddress);
        assert_eq!(SystemType::ThreeCCat2.input(), InputKind::DomainName);
        assert_eq!(SystemType::Is3000.input(), InputKind::Hwkc);
        assert_eq!(
            SystemType::Is3000.alternative_input(),
            Some(InputKind::FullComputerName)
        );
        assert_eq!(SystemType::Bct.alternative_input(), None);
        assert_eq!(
            SystemType::Sv8500.allowed_child_types(),
            &[SystemType::SrMgc, SystemType::Lmc]
        );
        assert_eq!(
            SystemType::BxOvoc.allowed_child_types(),
            &[SystemType::BxOvoc]
        );
        assert!(SystemType::Lmc.allowed_child_types().is_empty());
        assert_eq!(SystemType::SrMgc.temp_key_family(), Some("22"));
        assert_eq!(SystemType::Sv9500Server.temp_key_family(), Some("35"));
        assert_eq!(SystemType::Sv9500.temp_key_family(), None);
        // Every auto-created LMC child is an allowed child.
        for t in SystemType::ALL.into_iter().filter(|t| t.auto_lmc_child()) {
            assert!(t.allowed_child_types().contains(&SystemType::Lmc), "{t}");
        }
    }

    #[test]
    fn patterns_are_anchored_and_javascript_compatible() {
        for t in SystemType::ALL {
            let p = t.hwkc_pattern();
            assert!(p.starts_with('^') && p.ends_with('$'), "{t}: {p}");
            // No escapes (so no \d, which is Unicode-aware in Rust), no (?…) syntax.
            assert!(!p.contains('\\') && !p.contains("(?"), "{t}: {p}");
            assert!(
                p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "^$[]{}()|,-+".contains(c)),
                "{t}: {p}"
            );
        }
    }

    #[test]
    fn the_bx_ovoc_forms_make_its_pattern() {
        let (hardware, software) = BX_OVOC_FORMS;
        assert_eq!(BX_OVOC, format!("^({hardware}|{software})$"));
    }

    #[test]
    fn child_types_and_top_level_types() {
        let children: Vec<_> = SystemType::ALL
            .into_iter()
            .filter(|t| t.is_child_type())
            .collect();
        use SystemType::*;
        assert_eq!(children, [SrMgc, Lmc, BxOvoc, MobicallSupervisor]);
        assert!(
            SystemType::ALL
                .into_iter()
                .all(|t| t.top_level() || t.is_child_type())
        );
        assert!(!SrMgc.top_level());
    }

    #[test]
    fn category_and_input_serialize_as_documented() {
        assert_eq!(serde_json_string(Category::External), "\"external\"");
        assert_eq!(serde_json_string(InputKind::MacAddress), "\"mac_address\"");
        assert_eq!(
            serde_json_string(InputKind::FullComputerName),
            "\"full_computer_name\""
        );
        assert_eq!(serde_json_string(InputKind::None), "\"none\"");
    }
}
