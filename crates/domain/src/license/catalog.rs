//! The seed data of the part catalog: a realistic set of parts for every system type, and
//! the names of their feature keys. The store loads the parts into its catalog table; the
//! vendor administrator edits them from there.
//!
//! Part numbers follow the vendor's styles: 8-character `BE1xxxxx` / `EU91xxxx` codes, the
//! iS3000 `Lic-0xx` numbers, and dashed names such as `SV9100-IPPORT-8`.
//!
//! Feature keys are shared across products where they mean the same thing, so reports can
//! add them up: `ports.ip`, `ports.tdm`, `trunks.sip`, `seats.uc`, `seats.bct`,
//! `voicemail.ports`, `release` (the system release, a version), `option.*` (on/off
//! options), and product prefixes (`dect.*`, `srmgc.*`, `mobicall.*`, …). A feature has one
//! kind across the catalog, and [`feature_name`] names every key a part uses (both tested
//! below).
//!
//! SWA rates: quantity parts and options carry 1.000–5.000 units per month per unit; version
//! parts carry none, because SWA pays for the right to upgrade rather than for a release
//! already owned (and Lic-078 is itself the free SWA upgrade).
//!
//! SV9500 Small Enterprise takes only its own SE license set (`BE1142xx`); its IP port
//! capacity is limited to [`SV9500_SE_MAX_IP_PORTS`] (SPEC §4), checked at attach and
//! activation ([`super::attach::check_port_capacity`]).

use std::borrow::Cow;

use super::part::{Part, PartKind, PartNumber};
use crate::system_type::SystemType::{self, *};

/// SV9500 Small Enterprise IP port capacity (SPEC §4).
pub const SV9500_SE_MAX_IP_PORTS: u32 = 1536;

/// Parts obtainable free of charge while SWA is active or in its grace period (SPEC §10).
const FREE_OF_CHARGE: &[&str] = &["Lic-078"];

const Q: PartKind = PartKind::Quantity;
const V: PartKind = PartKind::Version;
const O: PartKind = PartKind::Option;

/// part number, description, kind, feature, amount per unit, SWA millis per month per unit.
type Row = (&'static str, &'static str, PartKind, &'static str, u32, u32);

/// The seed table, grouped by the system types that take each part. Kept as one row per
/// part so a reviewer can read it like the vendor's price list.
#[rustfmt::skip]
const GROUPS: &[(&[SystemType], &[Row])] = &[
    (&[Sl1000], &[
        ("BE113986", "SL1000 IP Trunk 4 Channel Lic", Q, "trunks.sip", 4, 1200),
        ("BE113987", "SL1000 IP Phone 4 Port Lic", Q, "ports.ip", 4, 1000),
        ("BE113990", "SL1000 InMail 2 Port Lic", Q, "voicemail.ports", 2, 1500),
        ("BE113995", "SL1000 System Release 2", V, "release", 2, 0),
        ("BE113996", "SL1000 System Release 3", V, "release", 3, 0),
    ]),
    (&[Sl2100], &[
        ("BE116500", "SL2100 IP Trunk 4 Channel Lic", Q, "trunks.sip", 4, 1200),
        ("BE116501", "SL2100 IP Phone 4 Port Lic", Q, "ports.ip", 4, 1000),
        ("BE116505", "SL2100 InMail 2 Port Lic", Q, "voicemail.ports", 2, 1500),
        ("BE116510", "SL2100 UC Client 5 Seat Lic", Q, "seats.uc", 5, 2000),
        ("BE116520", "SL2100 System Release 2", V, "release", 2, 0),
        ("BE116521", "SL2100 System Release 3", V, "release", 3, 0),
    ]),
    (&[Sv8100], &[
        ("BE106800", "SV8100 IP Trunk 16 Channel Lic", Q, "trunks.sip", 16, 2500),
        ("BE106801", "SV8100 IP Phone 8 Port Lic", Q, "ports.ip", 8, 1500),
        ("BE106810", "SV8100 UM8000 Mail 4 Port Lic", Q, "voicemail.ports", 4, 2000),
        ("BE106850", "SV8100 BCT Client 1 Seat Lic", Q, "seats.bct", 1, 1000),
        ("BE106890", "SV8100 System Release 8", V, "release", 8, 0),
        ("BE106891", "SV8100 System Release 9", V, "release", 9, 0),
    ]),
    (&[Sv9100Cp10, Sv9100Cp20], &[
        ("SV9100-IPPORT-8", "SV9100 IP Port 8 Lic", Q, "ports.ip", 8, 1500),
        ("SV9100-IPPORT-32", "SV9100 IP Port 32 Lic", Q, "ports.ip", 32, 5000),
        ("SV9100-SIPTRK-4", "SV9100 SIP Trunk 4 Channel Lic", Q, "trunks.sip", 4, 1200),
        ("SV9100-UCDT-5", "SV9100 UC Desktop Client 5 Seat Lic", Q, "seats.uc", 5, 2500),
        ("SV9100-INMAIL-4", "SV9100 InMail 4 Port Lic", Q, "voicemail.ports", 4, 1500),
        ("SV9100-R6", "SV9100 System Release 6", V, "release", 6, 0),
        ("SV9100-R7", "SV9100 System Release 7", V, "release", 7, 0),
        ("SV9100-R8", "SV9100 System Release 8", V, "release", 8, 0),
    ]),
    // CP10 boards only; on migration to CP20 they map by `hardware::CP10_TO_CP20` or refuse.
    (&[Sv9100Cp10], &[
        ("SV9100-CP10-VM-8", "SV9100 CP10 Voice Mail 8 Port Lic", Q, "voicemail.ports", 8, 1500),
        ("SV9100-CP10-R5", "SV9100 CP10 System Release 5", V, "release", 5, 0),
    ]),
    (&[Sv9100Cp20], &[
        ("SV9100-CP20-VM-8", "SV9100 CP20 Voice Mail 8 Port Lic", Q, "voicemail.ports", 8, 1500),
    ]),
    (&[Sv8300], &[
        ("BE107400", "SV8300 IP Port 16 Lic", Q, "ports.ip", 16, 2500),
        ("BE107410", "SV8300 SIP Trunk 8 Channel Lic", Q, "trunks.sip", 8, 2000),
        ("BE107420", "SV8300 UC Client 10 Seat Lic", Q, "seats.uc", 10, 3000),
        ("BE107490", "SV8300 Series 6 Release", V, "release", 6, 0),
        ("BE107491", "SV8300 Series 7 Release", V, "release", 7, 0),
    ]),
    (&[Sv9300], &[
        ("BE114500", "SV9300 IP Port 16 Lic", Q, "ports.ip", 16, 2500),
        ("BE114510", "SV9300 SIP Trunk 8 Channel Lic", Q, "trunks.sip", 8, 2000),
        ("BE114520", "SV9300 UC Client 10 Seat Lic", Q, "seats.uc", 10, 3000),
        ("BE114590", "SV9300 Series 5 Release", V, "release", 5, 0),
        ("BE114591", "SV9300 Series 6 Release", V, "release", 6, 0),
    ]),
    (&[Sv8500], &[
        ("BE104800", "SV8500 IP Port 64 Lic", Q, "ports.ip", 64, 5000),
        ("BE104810", "SV8500 SIP Trunk 32 Channel Lic", Q, "trunks.sip", 32, 4000),
        ("BE104820", "SV8500 Hospitality 100 Room Lic", Q, "hospitality.rooms", 100, 3000),
        ("BE104890", "SV8500 Series 7 Release", V, "release", 7, 0),
        ("BE104891", "SV8500 Series 8 Release", V, "release", 8, 0),
    ]),
    (&[SrMgc], &[
        ("BE104880", "SR-MGC(E) Lic", O, "srmgc.e", 1, 3000),
        ("BE104881", "SR-MGC(S) Lic", O, "srmgc.s", 1, 3000),
        ("BE104882", "SR-MGC IP Port 16 Lic", Q, "ports.ip", 16, 2000),
    ]),
    (&[Sv9500, Sv9500Server], &[
        ("BE114000", "SV9500 IP Port 64 Lic", Q, "ports.ip", 64, 5000),
        ("BE114001", "SV9500 IP Port 16 Lic", Q, "ports.ip", 16, 2000),
        ("BE114010", "SV9500 SIP Trunk 32 Channel Lic", Q, "trunks.sip", 32, 4000),
        ("BE114020", "SV9500 UC Client 10 Seat Lic", Q, "seats.uc", 10, 3000),
        ("BE114090", "SV9500 Series 6 Release", V, "release", 6, 0),
        ("BE114091", "SV9500 Series 7 Release", V, "release", 7, 0),
    ]),
    (&[Sv9500Server], &[
        ("SV9500-VIRT-OPT", "SV9500 Virtualization Option", O, "option.virtualization", 1, 5000),
    ]),
    // The SE license set only (SPEC §4); ports capped at SV9500_SE_MAX_IP_PORTS.
    (&[Sv9500Se], &[
        ("BE114200", "SV9500 SE IP Port 16 Lic", Q, "ports.ip", 16, 2000),
        ("BE114210", "SV9500 SE SIP Trunk 8 Channel Lic", Q, "trunks.sip", 8, 2000),
        ("BE114220", "SV9500 SE UC Client 10 Seat Lic", Q, "seats.uc", 10, 3000),
        ("BE114290", "SV9500 SE Series 7 Release", V, "release", 7, 0),
    ]),
    (&[Is3000], &[
        ("Lic-010", "SIP@Net IP Extension 10 Lic", Q, "ports.ip", 10, 2000),
        ("Lic-020", "SIP@Net SIP Trunk 10 Channel Lic", Q, "trunks.sip", 10, 2500),
        ("Lic-030", "SIP@Net TDM Extension 10 Lic", Q, "ports.tdm", 10, 1500),
        ("Lic-073", "SIP@Net Upgrade Allowance", O, "option.upgrade_allowance", 1, 3000),
        ("Lic-075", "System R5", V, "release", 5, 0),
        ("Lic-076", "System R6", V, "release", 6, 0),
        ("Lic-077", "System R7", V, "release", 7, 0),
        ("Lic-078", "System R8", V, "release", 8, 0),
    ]),
    (&[ThreeC, ThreeCCat2], &[
        ("3C-SEAT-10", "3C UC Seat 10 Lic", Q, "seats.uc", 10, 3000),
        ("3C-SIPTRK-10", "3C SIP Trunk 10 Channel Lic", Q, "trunks.sip", 10, 2500),
        ("3C-R5", "3C Release 5", V, "release", 5, 0),
    ]),
    (&[ThreeCCat2], &[
        ("3C-CAT2-CC-5", "3C CAT2 Contact Center 5 Agent Lic", Q, "seats.agent", 5, 4000),
    ]),
    (&[IpDect], &[
        ("EU917062", "IPDECT 1 AP Cap Lic", Q, "dect.dap", 1, 1500),
        ("EU917063", "IPDECT 1 DSWU Upgrade Lic", Q, "dect.dswu", 1, 1000),
        ("EU917064", "IPDECT 1 Messaging Lic", Q, "dect.messaging", 1, 1000),
        ("EU917065", "IPDECT 1 Location Lic", Q, "dect.location", 1, 1000),
        ("EU917070", "IPDECT 10 Handset Registration Lic", Q, "dect.handsets", 10, 1200),
    ]),
    (&[DectNs], &[
        ("EU910010", "DMLS Discounted Messaging License", Q, "dect.dmls", 1, 1000),
    ]),
    (&[Lmc], &[
        ("BE108900", "MA4000 System Manager 100 User Lic", Q, "ma4000.sm.users", 100, 3000),
        ("BE108910", "MA4000 Expense Manager 100 Ext Lic", Q, "ma4000.em.extensions", 100, 3000),
        ("BE108920", "CTI Server 10 User Lic", Q, "cti.users", 10, 2000),
        ("BE108930", "BCT via LMC 1 Seat Lic", Q, "seats.bct", 1, 1000),
        ("BE108990", "LMC Release 3", V, "release", 3, 0),
    ]),
    (&[Bct], &[
        ("BE109000", "BCT Client 1 Seat Lic", Q, "seats.bct", 1, 1000),
        ("BE109010", "BCT Operator Console 1 Seat Lic", Q, "seats.operator", 1, 2000),
        ("BE109090", "BCT Release 3", V, "release", 3, 0),
    ]),
    (&[BxOvoc], &[
        ("BX-SBC-SESS-25", "BX SBC 25 Session Lic", Q, "sbc.sessions", 25, 3000),
        ("BX-TRANSC-10", "BX Transcoding 10 Session Lic", Q, "sbc.transcoding", 10, 2500),
        ("OVOC-DEV-10", "OVOC 10 Managed Device Lic", Q, "ovoc.devices", 10, 2000),
        ("BX-HA-OPT", "BX/OVOC High Availability Option", O, "option.high_availability", 1, 4000),
        ("BX-R7", "BX/OVOC Release 7", V, "release", 7, 0),
    ]),
    (&[Rcc], &[
        ("RCC-BASE", "RCC Base System Lic", O, "rcc.base", 1, 3000),
        ("RCC-AGENT-1", "RCC 1 Agent Lic", Q, "rcc.agents", 1, 1500),
    ]),
    (&[Um4730], &[
        ("UM4730-MBX-25", "UM4730 25 Mailbox Lic", Q, "um.mailboxes", 25, 2500),
        ("UM4730-PORT-4", "UM4730 4 Voice Port Lic", Q, "um.ports", 4, 2000),
    ]),
    (&[ExpenseManagement], &[
        ("EXM-BASE", "Expense Management Base Lic", O, "exm.base", 1, 2000),
        ("EXM-EXT-100", "Expense Management 100 Extension Lic", Q, "exm.extensions", 100, 2500),
    ]),
    // Master parts; a MobiBox takes Master parts only (SPEC §4).
    (&[MobicallMaster, Mobibox], &[
        ("MOBI-BASE", "MobiCall Base System Lic", O, "mobicall.base", 1, 3000),
        ("MOBI-USR-10", "MobiCall 10 User Lic", Q, "mobicall.users", 10, 2000),
        ("MOBI-ESPA", "MobiCall ESPA 4.4.4 Interface Lic", O, "mobicall.espa", 1, 1500),
    ]),
    // Supervisor parts end in -M (SPEC §4).
    (&[MobicallSupervisor], &[
        ("MOBI-BASE-M", "MobiCall Supervisor Base System Lic", O, "mobicall.base", 1, 1500),
        ("MOBI-USR-10-M", "MobiCall Supervisor 10 User Lic", Q, "mobicall.users", 10, 1000),
        ("MOBI-ESPA-M", "MobiCall Supervisor ESPA Interface Lic", O, "mobicall.espa", 1, 1000),
    ]),
];

/// The name of each feature key as a partner reads it on a price list. Display words only:
/// no rule hangs on them.
#[rustfmt::skip]
const FEATURE_NAMES: &[(&str, &str)] = &[
    ("ports.ip", "IP extension ports"),
    ("ports.tdm", "TDM extension ports"),
    ("trunks.sip", "SIP trunk channels"),
    ("seats.uc", "UC client seats"),
    ("seats.bct", "BCT client seats"),
    ("seats.operator", "Operator console seats"),
    ("seats.agent", "Contact center agents"),
    ("voicemail.ports", "Voicemail ports"),
    ("hospitality.rooms", "Hospitality rooms"),
    ("release", "System release"),
    ("srmgc.e", "SR-MGC(E)"),
    ("srmgc.s", "SR-MGC(S)"),
    ("option.virtualization", "Virtualization option"),
    ("option.upgrade_allowance", "Upgrade allowance"),
    ("option.high_availability", "High availability option"),
    ("dect.dap", "DECT access points (DAP)"),
    ("dect.dswu", "DECT DSWU upgrades"),
    ("dect.messaging", "DECT messaging"),
    ("dect.location", "DECT location"),
    ("dect.handsets", "DECT handset registrations"),
    ("dect.dmls", "DMLS discounted messaging"),
    ("ma4000.sm.users", "MA4000 System Manager users"),
    ("ma4000.em.extensions", "MA4000 Expense Manager extensions"),
    ("cti.users", "CTI server users"),
    ("sbc.sessions", "SBC sessions"),
    ("sbc.transcoding", "Transcoding sessions"),
    ("ovoc.devices", "OVOC managed devices"),
    ("rcc.base", "RCC base system"),
    ("rcc.agents", "RCC agents"),
    ("um.mailboxes", "UM4730 mailboxes"),
    ("um.ports", "UM4730 voice ports"),
    ("exm.base", "Expense Management base"),
    ("exm.extensions", "Expense Management extensions"),
    ("mobicall.base", "MobiCall base system"),
    ("mobicall.users", "MobiCall users"),
    ("mobicall.espa", "MobiCall ESPA interface"),
];

/// The name of a feature key as a partner reads it, e.g. "IP extension ports" for
/// `ports.ip`.
///
/// A key the seed catalog does not name (a part added to the store's table later, a feature
/// read from an older license file) reads as its own words: `foo.bar_baz` → "Foo bar baz",
/// so every feature the LMS shows has a name.
pub fn feature_name(feature: &str) -> Cow<'static, str> {
    if let Some(&(_, name)) = FEATURE_NAMES.iter().find(|(key, _)| *key == feature) {
        return Cow::Borrowed(name);
    }
    let words = feature.replace(['.', '_'], " ");
    let words = words.trim();
    let mut chars = words.chars();
    Cow::Owned(match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    })
}

/// Every part of the seed catalog.
pub fn seed_parts() -> Vec<Part> {
    GROUPS
        .iter()
        .flat_map(|(types, rows)| rows.iter().map(move |row| part(types, row)))
        .collect()
}

fn part(types: &[SystemType], row: &Row) -> Part {
    let &(number, description, kind, feature, amount, swa_millis_per_month) = row;
    Part {
        part_number: PartNumber::parse(number).expect("seed part numbers are valid"),
        description: description.to_owned(),
        kind,
        feature: feature.to_owned(),
        amount,
        system_types: types.to_vec(),
        swa_millis_per_month,
        free_of_charge: FREE_OF_CHARGE.contains(&number),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;

    fn find(parts: &[Part], number: &str) -> Part {
        parts
            .iter()
            .find(|p| p.part_number.as_str() == number)
            .unwrap_or_else(|| panic!("{number} missing"))
            .clone()
    }

    #[test]
    fn every_system_type_has_parts() {
        let parts = seed_parts();
        for t in SystemType::ALL {
            assert!(
                parts.iter().any(|p| p.system_types.contains(&t)),
                "no part for {t}"
            );
        }
    }

    #[test]
    fn part_numbers_are_unique() {
        let parts = seed_parts();
        let numbers: HashSet<_> = parts.iter().map(|p| p.part_number.as_str()).collect();
        assert_eq!(numbers.len(), parts.len());
    }

    #[test]
    fn every_part_fits_its_own_system_types() {
        for p in seed_parts() {
            assert!(!p.system_types.is_empty(), "{}", p.part_number);
            for &t in &p.system_types {
                assert_eq!(p.fits(t), Ok(()), "{} on {t}", p.part_number);
            }
        }
    }

    #[test]
    fn amounts_kinds_and_rates_are_consistent() {
        let mut kinds: HashMap<&str, PartKind> = HashMap::new();
        let parts = seed_parts();
        for p in &parts {
            let kind = *kinds.entry(p.feature.as_str()).or_insert(p.kind);
            assert_eq!(kind, p.kind, "feature {} has two kinds", p.feature);
            assert!(p.amount >= 1, "{}", p.part_number);
            match p.kind {
                PartKind::Version => assert_eq!(p.swa_millis_per_month, 0),
                PartKind::Option => assert_eq!(p.amount, 1, "{}", p.part_number),
                PartKind::Quantity => {}
            }
            if p.kind != PartKind::Version {
                assert!((1000..=5000).contains(&p.swa_millis_per_month));
            }
            assert!(!p.description.is_empty());
        }
    }

    #[test]
    fn every_feature_of_a_part_has_a_name() {
        let parts = seed_parts();
        let named: HashSet<&str> = FEATURE_NAMES.iter().map(|&(key, _)| key).collect();
        assert_eq!(named.len(), FEATURE_NAMES.len(), "a feature named twice");
        for p in &parts {
            assert!(
                named.contains(p.feature.as_str()),
                "{} grants {}, which has no name",
                p.part_number,
                p.feature
            );
        }
        // No name outlives its parts, and every name reads as words.
        for &(key, name) in FEATURE_NAMES {
            assert!(
                parts.iter().any(|p| p.feature == key),
                "{key} names no part's feature"
            );
            assert!(!name.trim().is_empty() && name != key, "{key}");
        }
        for t in SystemType::ALL {
            if let Some(feature) = t.temp_key_feature() {
                assert!(named.contains(feature), "{t}: {feature}");
            }
        }
    }

    #[test]
    fn feature_names_read_as_words() {
        assert_eq!(feature_name("ports.ip"), "IP extension ports");
        assert_eq!(feature_name("dect.dap"), "DECT access points (DAP)");
        assert_eq!(
            feature_name("option.virtualization"),
            "Virtualization option"
        );
        // Keys the seed catalog does not know read as their own words.
        assert_eq!(feature_name("paging.zones"), "Paging zones");
        assert_eq!(feature_name("option.night_mode"), "Option night mode");
        assert_eq!(feature_name(""), "");
    }

    #[test]
    fn the_guides_parts_are_there() {
        let parts = seed_parts();
        let dap = find(&parts, "EU917062");
        assert_eq!(dap.description, "IPDECT 1 AP Cap Lic");
        assert_eq!(
            (dap.feature.as_str(), dap.system_types.as_slice()),
            ("dect.dap", &[IpDect][..])
        );
        let dmls = find(&parts, "EU910010");
        assert_eq!(dmls.system_types, vec![DectNs]);
        assert_eq!(dmls.feature, "dect.dmls");
        for feature in ["dect.dswu", "dect.messaging", "dect.location"] {
            assert!(
                parts
                    .iter()
                    .any(|p| p.feature == feature && p.system_types == [IpDect])
            );
        }
        // DECT-NS takes EU910010 and nothing else.
        assert_eq!(
            parts
                .iter()
                .filter(|p| p.system_types.contains(&DectNs))
                .count(),
            1
        );
        let virt = find(&parts, "SV9500-VIRT-OPT");
        assert_eq!(
            (virt.kind, virt.feature.as_str()),
            (PartKind::Option, "option.virtualization")
        );
        assert_eq!(virt.system_types, vec![Sv9500Server]);
        assert!(find(&parts, "Lic-078").free_of_charge);
        assert_eq!(find(&parts, "Lic-078").description, "System R8");
        assert!(!find(&parts, "Lic-073").free_of_charge);
        let free: Vec<_> = parts.iter().filter(|p| p.free_of_charge).collect();
        assert_eq!(free.len(), FREE_OF_CHARGE.len());
        for version in 5..=8 {
            assert!(parts.iter().any(|p| p.system_types.contains(&Is3000)
                && p.amount == version
                && p.kind == PartKind::Version));
        }
    }
}
