//! Table-driven checks against the guide's examples, plus property tests for the parser.

use proptest::prelude::*;

use super::*;
use SystemType::*;

/// Every example the guide and SPEC §3 give, per system type: (type, as entered, stored form).
const EXAMPLES: &[(SystemType, &str, &str)] = &[
    (Sl1000, "280001451316", "280001451316"),
    (Sl2100, "3810004626AD", "3810004626AD"),
    (Sv8100, "190400324412", "190400324412"),
    (Sv9100Cp10, "340209224568", "340209224568"),
    (Sv9100Cp20, "4410011575A6", "4410011575A6"),
    (Sv9100Cp20, "4410011575a6", "4410011575A6"),
    (
        Sv8300,
        "18CYG-IPS-00000000BJZ02319QK",
        "18CYG-IPS-00000000BJZ02319QK",
    ),
    (
        Sv9300,
        "36LYRAABK000000000CP10A087HY",
        "36LYRAABK000000000CP10A087HY",
    ),
    (
        Sv8500,
        "22CC538207AFD058020640CD57xO",
        "22CC538207AFD058020640CD57xO",
    ),
    (
        SrMgc,
        "22-121126064636-613-TEMP-KEY",
        "22-121126064636-613-TEMP-KEY",
    ),
    (
        SrMgc,
        "22-130320025726-607-TEMP-KEY",
        "22-130320025726-607-TEMP-KEY",
    ),
    (
        Sv9500,
        "35G00N470108E0S0A8832EF2d3Po",
        "35G00N470108E0S0A8832EF2d3Po",
    ),
    (
        Sv9500,
        "A_3565-A9C3-0842-67EF-2E44-A473-6DI2",
        "3565A9C3084267EF2E44A4736DI2",
    ),
    (
        Sv9500,
        "A_3565-ACE3-4C8C-5745-F647-08D3-63FK",
        "3565ACE34C8C5745F64708D363FK",
    ),
    (
        Sv9500,
        "3565A9C3084267EF2E44A4736DI2",
        "3565A9C3084267EF2E44A4736DI2",
    ),
    (
        Sv9500Server,
        "35-150601035832-610-TEMP-KEY",
        "35-150601035832-610-TEMP-KEY",
    ),
    (
        Sv9500Server,
        "35G00N360103F0S0007490B6E0yQ",
        "35G00N360103F0S0007490B6E0yQ",
    ),
    (
        Sv9500Se,
        "351A488E8B068683DFC26C7DDCKe",
        "351A488E8B068683DFC26C7DDCKe",
    ),
    (Is3000, "aa0014SA2792883418AA", "aa0014SA2792883418AA"),
    (
        Is3000,
        "aa0024IC960002104009xxx12345AA",
        "aa0024IC960002104009xxx12345AA",
    ),
    (
        Is3000,
        "aa0024IA956215554211xxx12345AA",
        "aa0024IA956215554211xxx12345AA",
    ),
    (Is3000, "aa0016HN242703562600AA", "aa0016HN242703562600AA"),
    (ThreeC, "3CB6CE81EECE", "3CB6CE81EECE"),
    (ThreeCCat2, "3CB6CE81EECE", "3CB6CE81EECE"),
    (IpDect, "1009FFFE", "1009FFFE"),
    (IpDect, "1FFFFFF9", "1FFFFFF9"),
    (DectNs, "1FFFFFF9", "1FFFFFF9"),
    (DectNs, "1009fffe", "1009FFFE"),
    (
        Lmc,
        "LM18CYG-IPS-00000000BJZ12329QK",
        "LM18CYG-IPS-00000000BJZ12329QK",
    ),
    (
        Lmc,
        "LM18CYG-IPS-00000000BJZ02329QK",
        "LM18CYG-IPS-00000000BJZ02329QK",
    ),
    (
        Lmc,
        "LM22CC528207AFC059020340CD57xO",
        "LM22CC528207AFC059020340CD57xO",
    ),
    (
        Lmc,
        "LM22CC538207AFD059020340CD57xO",
        "LM22CC538207AFD059020340CD57xO",
    ),
    (
        Lmc,
        "LM01PZPC3500000000H2TRP62357gM",
        "LM01PZPC3500000000H2TRP62357gM",
    ),
    (
        Lmc,
        "LM36LYRAABK000000000CP10A087HY",
        "LM36LYRAABK000000000CP10A087HY",
    ),
    (
        Lmc,
        "LM35G00N470108E0S0A8832EF2d3Po",
        "LM35G00N470108E0S0A8832EF2d3Po",
    ),
    (Lmc, "LMIS0014SA2792885418", "LMIS0014SA2792885418"),
    (Lmc, "LMIS0014SA2792882418", "LMIS0014SA2792882418"),
    (
        Lmc,
        "LMIS0024IC960002104011xxx12345",
        "LMIS0024IC960002104011xxx12345",
    ),
    (
        Lmc,
        "LMIS0024IA956215554213xxx12345",
        "LMIS0024IA956215554213xxx12345",
    ),
    (Lmc, "LMIS0016HN242703562600", "LMIS0016HN242703562600"),
    (
        Lmc,
        "LM16717688D912171C3E3E603E1836",
        "LM16717688D912171C3E3E603E1836",
    ),
    (Lmc, "LMA1B2C3D4E5F6G", "LMA1B2C3D4E5F6G"), // 2000IPS: LM + 13 (15 chars)
    (Lmc, "LM3CB6CE81EECE", "LM3CB6CE81EECE"),   // LMC on 3C
    (Bct, "aa0014SA2792889418AA", "aa0014SA2792889418AA"),
    (BxOvoc, "9551484", "9551484"),
    (BxOvoc, "95514841", "95514841"),
    (BxOvoc, "358744541284567", "358744541284567"),
    (BxOvoc, "35874454128456", "35874454128456"),
    (BxOvoc, "66E55234A97A", "66E55234A97A"),
    (BxOvoc, "66e55234a97a", "66E55234A97A"),
    (Rcc, "aa0014SA2792886419AA", "aa0014SA2792886419AA"),
    (Rcc, "aa0014SA2792123456AA", "aa0014SA2792123456AA"),
    (Um4730, "11-10465697", "11-10465697"),
    (Um4730, "11-10433345", "11-10433345"),
    (ExpenseManagement, "66045123", "66045123"),
    (MobicallMaster, "1A2F", "1A2F"),
    (MobicallSupervisor, "1a2f", "1A2F"),
    (Mobibox, "1234", "1234"),
];

#[test]
fn every_guide_example_is_accepted_and_normalised() {
    for &(t, raw, stored) in EXAMPLES {
        let hwkc =
            HardwareKeyCode::parse(t, raw).unwrap_or_else(|e| panic!("{t} rejected {raw:?}: {e}"));
        assert_eq!(hwkc.as_str(), stored, "{t} {raw:?}");
        // Parsing is idempotent: the stored form parses to itself.
        assert_eq!(HardwareKeyCode::parse(t, stored).as_ref(), Ok(&hwkc));
    }
}

#[test]
fn every_type_has_an_example_in_the_table_and_its_own_example_is_valid() {
    for t in SystemType::ALL {
        assert!(EXAMPLES.iter().any(|&(et, _, _)| et == t), "{t} untested");
        let example = HardwareKeyCode::parse(t, t.hwkc_example()).expect("catalog example");
        assert_eq!(
            example.as_str(),
            t.hwkc_example(),
            "{t}: examples are stored form"
        );
    }
}

#[test]
fn input_is_trimmed() {
    let hwkc = HardwareKeyCode::parse(Sv8500, "  22CC538207AFD058020640CD57xO\t\n").unwrap();
    assert_eq!(hwkc.as_str(), "22CC538207AFD058020640CD57xO");
}

#[test]
fn mixed_case_formats_keep_case() {
    // Lower-casing would give another key; it must not be "fixed" behind the user's back.
    let hwkc = HardwareKeyCode::parse(Sv9500, "35g00n470108e0s0a8832ef2d3po").unwrap();
    assert_eq!(hwkc.as_str(), "35g00n470108e0s0a8832ef2d3po");
}

/// (type, wrong value, expected `looks_like`).
const REJECTED: &[(SystemType, &str, Option<SystemType>)] = &[
    (Sl1000, "", None),
    (Sl1000, "28000145131", None),
    (Sl1000, "2800014513160", None),
    (Sl1000, "28000145131G", None),
    (Sl1000, "3810004626AD", Some(Sl2100)),
    (Sl2100, "280001451316", Some(Sl1000)),
    (Sl2100, "3810004626A", None),
    (Sl2100, "38 10004626AD", None),
    (Sv8100, "19040032441", None),
    (Sv8100, "1904003244121", None),
    (Sv8100, "340209224568", Some(Sv9100Cp10)),
    (Sv9100Cp10, "3410011575A6X", None),
    (Sv9100Cp10, "4410011575A6", Some(Sv9100Cp20)),
    (Sv9100Cp10, "4410011575a6", Some(Sv9100Cp20)),
    (Sv9100Cp10, "34020922456", None),
    (Sv9100Cp20, "340209224568", Some(Sv9100Cp10)),
    (Sv9100Cp20, "44100115 75A6", None),
    (Sv9100Cp20, "4410011575AZ", None),
    (Sv8300, "18CYG-IP5-00000000BJZ02319QK", None),
    (Sv8300, "18CYGIPS00000000BJZ02319QK", None),
    (Sv8300, "18CYG-IPS-00000000BJZ02319Q", None),
    (Sv8300, "LM18CYG-IPS-00000000BJZ02319QK", Some(Lmc)),
    (Sv9300, "36LYRAABK000000000CP10A087H", None),
    (Sv9300, "36LYRAABK000000000CP10A087HY1", None),
    (Sv9300, "36LYRAABK000000000CP10A087H#", None),
    (Sv9300, "22CC538207AFD058020640CD57xO", Some(Sv8500)),
    (Sv8500, "22CC538207AFD058020640CD57x", None),
    (Sv8500, "22CC538207AFD058020640CD57xO!", None),
    (Sv8500, "22-121126064636-613-TEMP-KEY", Some(SrMgc)),
    (Sv8500, "LM22CC538207AFD058020640CD57xO", Some(Lmc)),
    (SrMgc, "22-12112606463-613-TEMP-KEY", None),
    (SrMgc, "22-121126064636-613-temp-key", None),
    (SrMgc, "22CC538207AFD058020640CD57xO", Some(Sv8500)),
    (SrMgc, "35-150601035832-610-TEMP-KEY", Some(Sv9500Server)),
    (Sv9500, "A_3565-A9C3-0842-67EF-2E44-A473-6DI", None),
    (Sv9500, "A_3565A9C3084267EF2E44A4736DI2", None),
    (Sv9500, "35G00N470108E0S0A8832EF2d3P", None),
    (Sv9500, "36LYRAABK000000000CP10A087HY", Some(Sv9300)),
    (Sv9500, "35-150601035832-610-TEMP-KEY", Some(Sv9500Server)),
    (Sv9500, "LM35G00N470108E0S0A8832EF2d3Po", Some(Lmc)),
    (
        Sv9500Server,
        "A_3565-A9C3-0842-67EF-2E44-A473-6DI2",
        Some(Sv9500),
    ),
    (Sv9500Server, "35-150601035832-61-TEMP-KEY", None),
    (Sv9500Server, "22-121126064636-613-TEMP-KEY", Some(SrMgc)),
    (Sv9500Se, "351A488E8B068683DFC26C7DDCK", None),
    (Sv9500Se, "6CE4DA01378C", Some(BxOvoc)),
    (Sv9500Se, "35-150601035832-610-TEMP-KEY", Some(Sv9500Server)),
    (Is3000, "AA0014SA2792883418AA", None),
    (Is3000, "aa0014SA2792883418aa", None),
    (Is3000, "aa14SA2792883418AA", None),
    (Is3000, "LMIS0014SA2792885418", Some(Lmc)),
    (Bct, "aa0014SA2792889418", None),
    (Rcc, "aa001SA2792886419AA", None),
    (ThreeC, "3CB6CE81EEC", None),
    (ThreeC, "3CB6CE81EECG", None),
    (ThreeC, "3CB6CE81EECE0", None),
    (ThreeCCat2, "hvpc030pbx.devnlnec.local", None),
    (IpDect, "2009FFFE", None),
    (IpDect, "1009FFF", None),
    (IpDect, "1009FFFG", None),
    (DectNs, "1009FFFE0", None),
    (Lmc, "LM", None),
    (Lmc, "lm36LYRAABK000000000CP10A087HY", None),
    (Lmc, "LMaa0014SA2792885418AA", None),
    (Lmc, "22CC538207AFD058020640CD57xO", Some(Sv8500)),
    (Lmc, "aa0014SA2792885418AA", Some(Is3000)),
    (BxOvoc, "955148", None),
    (BxOvoc, "123456789", None),
    (BxOvoc, "1234567890123", None),
    (BxOvoc, "66E55234A97", None),
    (Um4730, "1110465697", None),
    (Um4730, "11-1046569", None),
    (Um4730, "AB-10465697", None),
    (ExpenseManagement, "6604512", Some(BxOvoc)),
    (ExpenseManagement, "660451234", None),
    (ExpenseManagement, "6604512A", None),
    (MobicallMaster, "1A2", None),
    (MobicallSupervisor, "1A2F3", None),
    (Mobibox, "1A2G", None),
    (Mobibox, "12345678", Some(IpDect)),
];

#[test]
fn wrong_values_are_rejected_with_the_type_they_look_like() {
    for &(t, raw, looks_like) in REJECTED {
        let err = HardwareKeyCode::parse(t, raw).expect_err(&format!("{t} accepted {raw:?}"));
        assert_eq!(err.system_type, t);
        assert_eq!(err.value, raw.trim());
        assert_eq!(err.looks_like, looks_like, "{t} {raw:?}");
    }
}

#[test]
fn at_least_three_rejections_per_pattern_family() {
    let mut families: Vec<&str> = SystemType::ALL.iter().map(|t| t.hwkc_pattern()).collect();
    families.sort_unstable();
    families.dedup();
    for pattern in families {
        let n = REJECTED
            .iter()
            .filter(|(t, _, _)| t.hwkc_pattern() == pattern)
            .count();
        assert!(n >= 3, "{pattern}: only {n} rejected values");
    }
}

#[test]
fn error_message_names_format_example_and_look_alike() {
    let err = HardwareKeyCode::parse(Sv9100Cp10, "3410011575A6X").unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"3410011575A6X\" is not a valid hardware key code for SV9100 CP10: \
         expected 12 hexadecimal characters starting with 34, e.g. 340209224568"
    );
    assert_eq!(err.expected(), "12 hexadecimal characters starting with 34");
    assert_eq!(err.example(), "340209224568");

    let err = HardwareKeyCode::parse(Sv9100Cp10, "4410011575A6").unwrap_err();
    assert!(
        err.to_string()
            .ends_with("e.g. 340209224568 (it looks like a SV9100 CP20 code)"),
        "{err}"
    );

    for t in SystemType::ALL {
        let msg = HardwareKeyCode::parse(t, "?").unwrap_err().to_string();
        assert!(msg.contains(t.hwkc_description()), "{msg}");
        assert!(msg.contains(t.hwkc_example()), "{msg}");
        assert!(msg.contains(t.name()), "{msg}");
    }
}

#[test]
fn check_reports_normalised_value_or_error() {
    assert_eq!(
        check(Sv9500, " A_3565-A9C3-0842-67EF-2E44-A473-6DI2 "),
        HwkcCheck {
            valid: true,
            normalized: Some("3565A9C3084267EF2E44A4736DI2".into()),
            error: None,
            looks_like: None,
        }
    );
    let answer = check(Sl1000, "3810004626AD");
    assert!(!answer.valid);
    assert_eq!(answer.normalized, None);
    assert_eq!(answer.looks_like, Some(Sl2100));
    assert!(
        answer
            .error
            .unwrap()
            .contains("(it looks like a SL2100 code)")
    );
}

#[test]
fn hwkc_serializes_as_plain_string() {
    let hwkc = HardwareKeyCode::parse(Sl1000, "280001451316").unwrap();
    assert_eq!(serde_json::to_string(&hwkc).unwrap(), "\"280001451316\"");
    assert_eq!(hwkc.to_string(), "280001451316");
    assert_eq!(AsRef::<str>::as_ref(&hwkc), "280001451316");
    assert_eq!(hwkc.into_inner(), "280001451316");
    let check = serde_json::to_value(check(Sl1000, "3810004626AD")).unwrap();
    assert_eq!(check["looks_like"], "SL2100");
    assert_eq!(check["valid"], false);
}

#[test]
fn temp_keys_are_recognised() {
    let temp = HardwareKeyCode::parse(Sv9500Server, "35-150601035832-610-TEMP-KEY").unwrap();
    assert!(temp.is_temp_key());
    let real = HardwareKeyCode::parse(Sv9500Server, "35G00N360103F0S0007490B6E0yQ").unwrap();
    assert!(!real.is_temp_key());
}

/// Length of every valid value for formats that have one length; `None` for the
/// variable-length ones (iS3000 family, LMC, BX/OVOC).
fn fixed_length(t: SystemType) -> Option<usize> {
    match t {
        Is3000 | Bct | Rcc | Lmc | BxOvoc => None,
        _ => Some(t.hwkc_example().chars().count()),
    }
}

/// Characters that cannot appear in a valid value of `t`, even after normalisation.
fn outside_alphabet(t: SystemType) -> &'static str {
    const PUNCTUATION: &str = "#!*@/%~.,;:+=é";
    if t.hex_only() {
        // Lower-case g–z are upper-cased to G–Z, still not hex.
        "GHJKLMNPQRSTUVWXYZghkmqz#!*@/%~.,;:+=é"
    } else {
        PUNCTUATION
    }
}

fn examples_of(t: SystemType) -> Vec<&'static str> {
    EXAMPLES
        .iter()
        .filter(|(et, _, _)| *et == t)
        .map(|&(_, _, stored)| stored)
        .collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(prop::sample::Index, prop::sample::Index),
    Delete(prop::sample::Index),
    Append(char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(at, with)| Mutation::Replace(at, with)),
        any::<prop::sample::Index>().prop_map(Mutation::Delete),
        proptest::char::ranges(vec!['0'..='9', 'A'..='Z', 'a'..='z'].into())
            .prop_map(Mutation::Append),
    ]
}

proptest! {
    #[test]
    fn mutated_examples_are_rejected(
        t in prop::sample::select(SystemType::ALL.to_vec()),
        which in any::<prop::sample::Index>(),
        m in mutation(),
    ) {
        let examples = examples_of(t);
        let example = examples[which.index(examples.len())];
        let mut chars: Vec<char> = example.chars().collect();
        match m {
            Mutation::Replace(at, with) => {
                let outside: Vec<char> = outside_alphabet(t).chars().collect();
                let at = at.index(chars.len());
                chars[at] = outside[with.index(outside.len())];
            }
            Mutation::Delete(at) => {
                prop_assume!(fixed_length(t).is_some());
                chars.remove(at.index(chars.len()));
            }
            Mutation::Append(c) => {
                prop_assume!(fixed_length(t).is_some());
                chars.push(c);
            }
        }
        let mutated: String = chars.into_iter().collect();
        prop_assert!(
            HardwareKeyCode::parse(t, &mutated).is_err(),
            "{} accepted {:?} (from {:?})", t, mutated, example
        );
    }

    #[test]
    fn random_hex_codes_are_accepted_and_upper_cased(
        (t, prefix) in prop::sample::select(vec![
            (Sl1000, "28"), (Sl2100, "38"), (Sv8100, "19"), (Sv9100Cp10, "34"),
            (Sv9100Cp20, "44"), (ThreeC, "3c"), (ThreeCCat2, "3C"), (IpDect, "1"),
            (DectNs, "1"), (MobicallMaster, ""), (MobicallSupervisor, ""), (Mobibox, ""),
        ]),
        body in "[0-9a-fA-F]{10}",
    ) {
        let len = fixed_length(t).unwrap() - prefix.len();
        let raw = format!("{prefix}{}", &body[..len]);
        let hwkc = HardwareKeyCode::parse(t, &raw);
        prop_assert!(hwkc.is_ok(), "{} rejected {:?}", t, raw);
        prop_assert_eq!(hwkc.unwrap().into_inner(), raw.to_ascii_uppercase());
    }

    #[test]
    fn parse_never_panics_and_accepted_values_are_stable(
        t in prop::sample::select(SystemType::ALL.to_vec()),
        raw in "\\PC{0,40}",
    ) {
        if let Ok(hwkc) = HardwareKeyCode::parse(t, &raw) {
            prop_assert_eq!(HardwareKeyCode::parse(t, hwkc.as_str()), Ok(hwkc));
        }
    }
}

/// Raw inputs near the valid ones: an example of the type (or of any type) with letters'
/// case flipped, characters dropped or changed, in the scanned QR layout, padded with white
/// space or control characters.
fn near_valid_input() -> impl Strategy<Value = (SystemType, String)> {
    (
        prop::sample::select(SystemType::ALL.to_vec()),
        prop::sample::select(EXAMPLES.to_vec()),
        any::<bool>(),
        prop::collection::vec(any::<bool>(), 40),
        prop::option::of(any::<prop::sample::Index>()),
        any::<bool>(),
        prop::sample::select(vec![
            "", " ", "\t", "\u{3000}", "\u{85}", "\u{1c}", "\u{feff}",
        ]),
    )
        .prop_map(|(t, (_, raw, _), own, flips, drop, qr, pad)| {
            let raw = if own { examples_of(t)[0] } else { raw };
            let mut chars: Vec<char> = raw
                .chars()
                .zip(flips.iter().cycle())
                .map(|(c, &flip)| if flip { flip_case(c) } else { c })
                .collect();
            if let Some(at) = drop {
                chars.remove(at.index(chars.len()));
            }
            let mut value: String = chars.into_iter().collect();
            if qr && value.len() == 28 {
                let groups: Vec<String> = value
                    .as_bytes()
                    .chunks(4)
                    .map(|g| String::from_utf8_lossy(g).into_owned())
                    .collect();
                value = format!("A_{}", groups.join("-"));
            }
            (t, format!("{pad}{value}{pad}"))
        })
}

fn flip_case(c: char) -> char {
    if c.is_ascii_uppercase() {
        c.to_ascii_lowercase()
    } else {
        c.to_ascii_uppercase()
    }
}

#[test]
fn every_example_fits_its_input_pattern() {
    for &(t, raw, _) in EXAMPLES {
        let pattern = regex::Regex::new(&input_pattern(t)).unwrap();
        assert!(pattern.is_match(raw), "{t}: {raw:?}");
        assert!(pattern.is_match(&format!(" {raw}\u{3000}")), "{t}: {raw:?}");
    }
    let sv9500 = regex::Regex::new(&input_pattern(Sv9500)).unwrap();
    assert!(sv9500.is_match("A_35G0-0N47-0108-E0S0-A883-2EF2-d3Po"));
    assert!(!sv9500.is_match("A_36G0-0N47-0108-E0S0-A883-2EF2-d3Po"));
}

proptest! {
    #[test]
    fn the_input_pattern_accepts_exactly_what_parse_accepts(
        (t, raw) in near_valid_input(),
    ) {
        let pattern = regex::Regex::new(&input_pattern(t)).unwrap();
        prop_assert_eq!(
            pattern.is_match(&raw),
            HardwareKeyCode::parse(t, &raw).is_ok(),
            "{} {:?} against {}", t, raw, input_pattern(t)
        );
    }

    #[test]
    fn the_input_pattern_agrees_with_parse_on_any_text(
        t in prop::sample::select(SystemType::ALL.to_vec()),
        raw in "\\PC{0,30}",
    ) {
        let pattern = regex::Regex::new(&input_pattern(t)).unwrap();
        prop_assert_eq!(pattern.is_match(&raw), HardwareKeyCode::parse(t, &raw).is_ok());
    }
}
