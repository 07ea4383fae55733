//! Exact examples and golden values for every generator, and property tests that each
//! generated key satisfies its type's pattern.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::TimeZone;
use proptest::prelude::*;

use super::*;
use SystemType::*;

/// Golden derived keys: stored keys depend on these derivations, so they must never change.
/// SE key of MAC 6CE4DA01378C; standard-server key of the location and IP in
/// `standard_server_hwkc_is_pinned`.
const GOLDEN_SE: &str = "35250004074CECDD44133966EBct";
const GOLDEN_SERVER: &str = "35G00NGYW1Y8ALESRXZJYJ7BK2uQ";

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
}

#[test]
fn temp_keys_match_the_guide() {
    let key = temp_key(Sv9500Server, at(2015, 6, 1, 3, 58, 32), 610).unwrap();
    assert_eq!(key.as_str(), "35-150601035832-610-TEMP-KEY");
    let key = temp_key(SrMgc, at(2012, 11, 26, 6, 46, 36), 1613).unwrap();
    assert_eq!(key.as_str(), "22-121126064636-613-TEMP-KEY");
    let key = temp_key(SrMgc, at(2000, 1, 2, 3, 4, 5), 7).unwrap();
    assert_eq!(key.as_str(), "22-000102030405-007-TEMP-KEY");
    assert!(key.is_temp_key());
    assert_eq!(temp_key(Sv9500, at(2015, 6, 1, 3, 58, 32), 610), None);
    assert_eq!(temp_key(Sv8500, at(2015, 6, 1, 3, 58, 32), 610), None);
}

#[test]
fn is_temp_key_recognises_only_temp_keys() {
    assert!(is_temp_key("22-130320025726-607-TEMP-KEY"));
    assert!(is_temp_key("35-150601035832-610-TEMP-KEY"));
    assert!(!is_temp_key("35-150601035832-610-TEMP-KEY-svi.zip"));
    assert!(!is_temp_key("35G00N360103F0S0007490B6E0yQ"));
    assert!(!is_temp_key("35-15060103583-610-TEMP-KEY"));
    assert!(!is_temp_key(""));
}

#[test]
fn mac_addresses_in_common_notations_are_one_address() {
    let plain = MacAddress::parse("6CE4DA01378C").unwrap();
    assert_eq!(plain.as_str(), "6CE4DA01378C");
    for raw in [
        "6ce4da01378c",
        "6c:e4:da:01:37:8c",
        "6C-E4-DA-01-37-8C",
        " 6ce4.da01.378c ",
    ] {
        assert_eq!(MacAddress::parse(raw).as_ref(), Ok(&plain), "{raw}");
    }
}

#[test]
fn malformed_mac_addresses_are_refused() {
    for raw in [
        "",
        "6CE4DA01378",
        "6CE4DA01378C0",
        "6CE4DA01378G",
        "6C:E4-DA:01:37:8C",
        "6C:E4:DA:01:37:8",
        "6CE:4DA:013:78C",
        "6C E4 DA 01 37 8C",
        "6c:e4:da:01:37:8é",
    ] {
        assert_eq!(
            MacAddress::parse(raw),
            Err(MacAddressError::Malformed(raw.trim().into())),
            "{raw}"
        );
    }
    let err = MacAddress::parse("00:00:00:00:00:00").unwrap_err();
    assert_eq!(err, MacAddressError::NotADevice("000000000000".into()));
    assert!(MacAddress::parse("ff-ff-ff-ff-ff-ff").is_err());
    let msg = MacAddress::parse("xyz").unwrap_err().to_string();
    assert!(
        msg.contains("12 hexadecimal digits") && msg.contains("6CE4DA01378C"),
        "{msg}"
    );
}

#[test]
fn small_enterprise_hwkc_is_pinned() {
    let mac = MacAddress::parse("6CE4DA01378C").unwrap();
    let hwkc = small_enterprise_hwkc(&mac);
    assert_eq!(hwkc.as_str(), GOLDEN_SE);
    assert!(HardwareKeyCode::parse(Sv9500Se, hwkc.as_str()).is_ok());
    assert!(HardwareKeyCode::parse(Sv9500, hwkc.as_str()).is_ok());
}

#[test]
fn ip_addresses_are_parsed_and_canonical() {
    assert_eq!(
        IpAddress::parse(" 123.0.0.105 ").unwrap().get(),
        IpAddr::V4(Ipv4Addr::new(123, 0, 0, 105))
    );
    assert_eq!(
        IpAddress::parse("::ffff:123.0.0.105").unwrap(),
        IpAddress::parse("123.0.0.105").unwrap()
    );
    assert_eq!(
        IpAddress::parse("2001:DB8:0:0::105").unwrap().to_string(),
        "2001:db8::105"
    );
    for raw in [
        "",
        "123.0.0",
        "123.0.0.256",
        "123.0.0.105/24",
        "host.local",
        "1.2.3.04",
    ] {
        assert_eq!(
            IpAddress::parse(raw),
            Err(IpAddressError::Malformed(raw.into())),
            "{raw}"
        );
    }
    for raw in [
        "0.0.0.0",
        "::",
        "127.0.0.1",
        "::1",
        "224.0.0.1",
        "255.255.255.255",
        "ff02::1",
    ] {
        assert!(
            matches!(
                IpAddress::parse(raw),
                Err(IpAddressError::NotAHostAddress(_))
            ),
            "{raw}"
        );
    }
    let msg = IpAddress::parse("x").unwrap_err().to_string();
    assert!(
        msg.contains("e.g. 123.0.0.105") || msg.contains("such as 123.0.0.105"),
        "{msg}"
    );
}

#[test]
fn standard_server_hwkc_is_pinned() {
    let location = Uuid::from_u128(0x0191_2f7a_7c3e_7000_8000_0000_0000_0001);
    let ip = IpAddress::parse("123.0.0.105").unwrap();
    let hwkc = standard_server_hwkc(location, &ip, 0);
    assert_eq!(hwkc.as_str(), GOLDEN_SERVER);
    assert!(hwkc.as_str().starts_with("35G00N"));
    assert!(HardwareKeyCode::parse(Sv9500Server, hwkc.as_str()).is_ok());
    assert_ne!(standard_server_hwkc(location, &ip, 1), hwkc);
    let other_ip = IpAddress::parse("123.0.0.106").unwrap();
    assert_ne!(standard_server_hwkc(location, &other_ip, 0), hwkc);
    assert_ne!(standard_server_hwkc(Uuid::nil(), &ip, 0), hwkc);
}

#[test]
fn dongle_less_and_three_c_keys() {
    assert_eq!(
        dongle_less_hwkc(242_703_562_600).as_str(),
        "aa0016HN242703562600AA"
    );
    assert_eq!(dongle_less_hwkc(7).as_str(), "aa0016HN000000000007AA");
    assert_eq!(
        dongle_less_hwkc(u64::MAX).as_str(),
        format!("aa0016HN{:012}AA", u64::MAX % 1_000_000_000_000)
    );
    assert_eq!(
        three_c_hwkc(ThreeC, 0xB6_CE81_EECE).as_str(),
        "3CB6CE81EECE"
    );
    assert_eq!(
        three_c_hwkc(ThreeCCat2, 0x12_0000_0000_0001).as_str(),
        "3C0000000001"
    );
}

#[test]
fn lmc_keys_match_the_guide() {
    for (parent_type, parent, lmc) in [
        (
            Sv8300,
            "18CYG-IPS-00000000BJZ02319QK",
            "LM18CYG-IPS-00000000BJZ02319QK",
        ),
        (
            Sv8500,
            "22CC538207AFD058020640CD57xO",
            "LM22CC538207AFD058020640CD57xO",
        ),
        (
            Sv9300,
            "36LYRAABK000000000CP10A087HY",
            "LM36LYRAABK000000000CP10A087HY",
        ),
        (
            Sv9500,
            "35G00N470108E0S0A8832EF2d3Po",
            "LM35G00N470108E0S0A8832EF2d3Po",
        ),
        (
            Sv9500Se,
            "351A488E8B068683DFC26C7DDCKe",
            "LM351A488E8B068683DFC26C7DDCKe",
        ),
        (
            Sv9500Server,
            "35G00N360103F0S0007490B6E0yQ",
            "LM35G00N360103F0S0007490B6E0yQ",
        ),
        (Is3000, "aa0014SA2792885418AA", "LMIS0014SA2792885418"),
        (Is3000, "aa0016HN242703562600AA", "LMIS0016HN242703562600"),
        (
            Is3000,
            "aa0024IC960002104011xxx12345AA",
            "LMIS0024IC960002104011xxx12345",
        ),
        (ThreeC, "3CB6CE81EECE", "LM3CB6CE81EECE"),
    ] {
        let parent = HardwareKeyCode::parse(parent_type, parent).unwrap();
        let key = lmc_hwkc(parent_type, &parent).expect("LMC key");
        assert_eq!(key.as_str(), lmc);
        assert!(HardwareKeyCode::parse(Lmc, key.as_str()).is_ok());
    }
}

#[test]
fn lmc_key_is_none_where_it_cannot_be_formed() {
    let temp = temp_key(Sv9500Server, at(2015, 6, 1, 3, 58, 32), 610).unwrap();
    assert_eq!(lmc_hwkc(Sv9500Server, &temp), None);
    let sl = HardwareKeyCode::parse(Sl1000, "280001451316").unwrap();
    assert_eq!(lmc_hwkc(Sl1000, &sl), None);
    // A key that is not valid for the stated parent type.
    assert_eq!(lmc_hwkc(Sv8500, &sl), None);
    let bct = HardwareKeyCode::parse(Bct, "aa0014SA2792889418AA").unwrap();
    assert_eq!(lmc_hwkc(Bct, &bct), None);
}

#[test]
fn every_auto_lmc_parent_example_yields_an_lmc_key() {
    for t in SystemType::ALL.into_iter().filter(|t| t.auto_lmc_child()) {
        let parent = HardwareKeyCode::parse(t, t.hwkc_example()).unwrap();
        assert!(lmc_hwkc(t, &parent).is_some(), "{t}");
    }
}

fn mac_notation(bytes: [u8; 6], style: u8) -> String {
    let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    match style % 4 {
        0 => hex.concat().to_uppercase(),
        1 => hex.join(":"),
        2 => hex.join("-").to_uppercase(),
        _ => format!(
            "{}{}.{}{}.{}{}",
            hex[0], hex[1], hex[2], hex[3], hex[4], hex[5]
        ),
    }
}

proptest! {
    #[test]
    fn small_enterprise_keys_are_valid_and_deterministic(
        bytes in any::<[u8; 6]>(),
        a in any::<u8>(),
        b in any::<u8>(),
    ) {
        let Ok(mac) = MacAddress::parse(&mac_notation(bytes, a)) else {
            prop_assume!(false);
            unreachable!()
        };
        let hwkc = small_enterprise_hwkc(&mac);
        prop_assert_eq!(hwkc.as_str().len(), 28);
        prop_assert!(hwkc.as_str().starts_with("35"));
        prop_assert!(is_valid(Sv9500Se, hwkc.as_str()), "{}", hwkc);
        prop_assert!(is_valid(Sv9500, hwkc.as_str()), "{}", hwkc);
        let again = MacAddress::parse(&mac_notation(bytes, b)).unwrap();
        prop_assert_eq!(small_enterprise_hwkc(&again), hwkc.clone());
        prop_assert!(lmc_hwkc(Sv9500Se, &hwkc).is_some());
    }

    #[test]
    fn standard_server_keys_are_valid_and_deterministic(
        location in any::<u128>(),
        v4 in any::<u32>(),
        v6 in any::<u128>(),
        use_v6 in any::<bool>(),
        attempt in any::<u32>(),
    ) {
        let ip = if use_v6 {
            IpAddr::V6(Ipv6Addr::from(v6))
        } else {
            IpAddr::V4(Ipv4Addr::from(v4))
        };
        let Ok(ip) = IpAddress::parse(&ip.to_string()) else {
            prop_assume!(false);
            unreachable!()
        };
        let location = Uuid::from_u128(location);
        let hwkc = standard_server_hwkc(location, &ip, attempt);
        prop_assert!(hwkc.as_str().starts_with("35G00N"));
        prop_assert_eq!(hwkc.as_str().len(), 28);
        prop_assert!(is_valid(Sv9500Server, hwkc.as_str()), "{}", hwkc);
        prop_assert!(!hwkc.is_temp_key());
        prop_assert_eq!(standard_server_hwkc(location, &ip, attempt), hwkc.clone());
        prop_assert_ne!(standard_server_hwkc(location, &ip, attempt.wrapping_add(1)), hwkc.clone());
        prop_assert!(lmc_hwkc(Sv9500Server, &hwkc).is_some());
    }

    #[test]
    fn generated_keys_are_valid(number in any::<u64>()) {
        let is3000 = dongle_less_hwkc(number);
        prop_assert!(is_valid(Is3000, is3000.as_str()), "{}", is3000);
        prop_assert!(lmc_hwkc(Is3000, &is3000).is_some());
        for t in [ThreeC, ThreeCCat2] {
            let key = three_c_hwkc(t, number);
            prop_assert!(is_valid(t, key.as_str()), "{}", key);
            prop_assert_eq!(HardwareKeyCode::parse(t, key.as_str()), Ok(key.clone()));
            prop_assert!(lmc_hwkc(t, &key).is_some());
        }
    }

    #[test]
    fn temp_keys_are_valid(
        // Years 1 to 9999.
        seconds in -62_135_596_800_i64..253_402_300_799,
        serial in any::<u16>(),
    ) {
        let now = DateTime::from_timestamp(seconds, 0).unwrap();
        for t in [SrMgc, Sv9500Server] {
            let key = temp_key(t, now, serial).unwrap();
            prop_assert!(is_valid(t, key.as_str()), "{}", key);
            prop_assert!(key.is_temp_key());
            prop_assert_eq!(HardwareKeyCode::parse(t, key.as_str()), Ok(key.clone()));
        }
    }
}

/// Whether `raw` fits every pattern of `patterns` (anchored, or searched where not).
fn fits(patterns: &[String], raw: &str) -> bool {
    patterns
        .iter()
        .all(|p| regex::Regex::new(p).unwrap().is_match(raw))
}

fn mac_patterns() -> [String; 2] {
    [mac_address_pattern(), MAC_ADDRESS_OF_A_DEVICE.to_owned()]
}

#[test]
fn mac_patterns_refuse_what_no_device_has() {
    for raw in [
        "000000000000",
        "ff:ff:ff:ff:ff:ff",
        "0000.0000.0000",
        "FF-FF-FF-FF-FF-FF",
    ] {
        assert!(!fits(&mac_patterns(), raw), "{raw}");
        assert!(MacAddress::parse(raw).is_err());
    }
    for raw in [
        " 6CE4DA01378C ",
        "0f:00:00:00:00:00",
        "ffff.ffff.fff0",
        "00-00-00-00-00-01",
    ] {
        assert!(fits(&mac_patterns(), raw), "{raw}");
        assert!(MacAddress::parse(raw).is_ok());
    }
}

#[test]
fn host_name_patterns_bound_the_length() {
    let label = "a".repeat(63);
    let longest = format!("{label}.{label}.{label}.{}", "b".repeat(61));
    assert_eq!(longest.len(), 253);
    for name in [
        longest.clone(),
        format!("{longest}."),
        format!(" {longest}.\t"),
    ] {
        assert!(fits(&host_name_patterns(), &name));
        assert!(DomainName::parse(&name).is_ok());
    }
    let too_long = format!("{longest}b");
    assert!(!fits(&host_name_patterns(), &too_long));
    assert!(DomainName::parse(&too_long).is_err());
}

proptest! {
    #[test]
    fn mac_patterns_accept_exactly_what_parse_accepts(
        bytes in prop::sample::select(vec![[0u8; 6], [0xff; 6], [0, 0, 0, 0, 0, 0xf0], [0xf0, 0, 0, 0, 0, 0x0f]]),
        random in any::<[u8; 6]>(),
        use_random in any::<bool>(),
        style in any::<u8>(),
        noise in "[0-9a-fA-F:.\\- \\u{85}]{0,3}",
        at in any::<prop::sample::Index>(),
    ) {
        let mut raw = mac_notation(if use_random { random } else { bytes }, style);
        if !noise.is_empty() {
            let at = at.index(raw.len() + 1);
            raw.insert_str(at, &noise);
        }
        prop_assert_eq!(fits(&mac_patterns(), &raw), MacAddress::parse(&raw).is_ok(), "{:?}", raw);
    }

    #[test]
    fn host_name_patterns_accept_exactly_what_parse_accepts(
        raw in "[ \\t]?[a-zA-Z0-9.\\-é_]{0,24}\\.?[ \\u{3000}]?",
    ) {
        let ok = DomainName::parse(&raw).is_ok();
        prop_assert_eq!(FullComputerName::parse(&raw).is_ok(), ok);
        prop_assert_eq!(fits(&host_name_patterns(), &raw), ok, "{:?}", raw);
    }
}
