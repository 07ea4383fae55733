//! HWKCs the LMS makes itself (SPEC §4, §13): temp keys, keys derived from a MAC or IP
//! address, generated keys for iS3000 dongle-less and 3C locations, and LMC child keys;
//! plus the validated inputs they are made from.
//!
//! Nothing here reads a clock or a random source: the caller passes `now` and the random
//! numbers, so every result is reproducible in tests. Derived keys are a stable function of
//! their input: changing a derivation would orphan every stored key, so golden tests pin them.

use std::fmt::{self, Write as _};
use std::net::IpAddr;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Timelike, Utc};
use regex::Regex;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::hwkc::{HardwareKeyCode, is_valid};
use crate::system_type::SystemType;

mod names;

pub use names::{
    DomainName, DomainNameError, FullComputerName, FullComputerNameError, host_name_patterns,
};

static TEMP_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("^[0-9]{2}-[0-9]{12}-[0-9]{3}-TEMP-KEY$").expect("temp key pattern is valid")
});

/// Digits and letters of both cases, for the mixed-case tails the vendor's keys end with.
const ALNUM: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A temp key `<family>-<yymmddHHMMSS>-<serial % 1000, 3 digits>-TEMP-KEY` for the types
/// that start on one (SR-MGC: family 22, SV9500 standard server: 35); `None` otherwise.
///
/// The caller supplies `serial` (e.g. random, or a counter) and retries on a collision.
pub fn temp_key(
    system_type: SystemType,
    now: DateTime<Utc>,
    serial: u16,
) -> Option<HardwareKeyCode> {
    let family = system_type.temp_key_family()?;
    let key = format!(
        "{family}-{:02}{:02}{:02}{:02}{:02}{:02}-{:03}-TEMP-KEY",
        now.year().rem_euclid(100),
        now.month(),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
        serial % 1000,
    );
    Some(HardwareKeyCode::generated(system_type, key))
}

/// Whether `hwkc` has the temp-key shape (any family).
pub fn is_temp_key(hwkc: &str) -> bool {
    TEMP_KEY.is_match(hwkc)
}

/// A MAC address, normalised to 12 upper-case hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MacAddress(String);

/// Why a MAC address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MacAddressError {
    /// Not 12 hex digits in a recognised notation.
    #[error(
        "{0:?} is not a valid MAC address: expected 12 hexadecimal digits, optionally in pairs \
         separated by ':' or '-', e.g. 6CE4DA01378C or 6C:E4:DA:01:37:8C"
    )]
    Malformed(String),
    /// All zeros or broadcast: no device has it.
    #[error(
        "{0} is not the MAC address of a device: enter the MAC address printed on the \
         SV9500 Small Enterprise CPU, e.g. 6CE4DA01378C"
    )]
    NotADevice(String),
}

impl MacAddress {
    /// Accepts `6CE4DA01378C`, `6c:e4:da:01:37:8c`, `6C-E4-DA-01-37-8C` and Cisco's
    /// `6ce4.da01.378c`, surrounding whitespace ignored.
    ///
    /// # Errors
    ///
    /// [`MacAddressError::Malformed`] for anything else; [`MacAddressError::NotADevice`]
    /// for `000000000000` and `FFFFFFFFFFFF`, which would yield a key no device can use.
    pub fn parse(raw: &str) -> Result<Self, MacAddressError> {
        let trimmed = raw.trim();
        let digits =
            mac_digits(trimmed).ok_or_else(|| MacAddressError::Malformed(trimmed.into()))?;
        if digits == "000000000000" || digits == "FFFFFFFFFFFF" {
            return Err(MacAddressError::NotADevice(digits));
        }
        Ok(Self(digits))
    }

    /// The 12 upper-case hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The anchored pattern of the notations [`MacAddress::parse`] reads (white space around).
pub fn mac_address_pattern() -> String {
    const H2: &str = "[0-9A-Fa-f]{2}";
    const H4: &str = "[0-9A-Fa-f]{4}";
    crate::field::trimmed_pattern(&format!(
        "^([0-9A-Fa-f]{{12}}|{H2}(:{H2}){{5}}|{H2}(-{H2}){{5}}|{H4}\\.{H4}\\.{H4})$"
    ))
}

/// Found (unanchored) in every value of [`mac_address_pattern`] that is a device's MAC: a hex
/// digit other than 0 and F, or both a 0 and an F. All zeros and all F's are no device's.
pub const MAC_ADDRESS_OF_A_DEVICE: &str = "[1-9A-Ea-e]|0.*[Ff]|[Ff].*0";

/// The 12 hex digits of a MAC in one of the accepted notations, upper-cased.
fn mac_digits(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let digits: String = match bytes.len() {
        12 => s.to_owned(),
        17 => {
            let sep = bytes[2];
            let separated =
                (sep == b':' || sep == b'-') && (2..17).step_by(3).all(|i| bytes[i] == sep);
            if !separated {
                return None;
            }
            s.chars().filter(|&c| c != char::from(sep)).collect()
        }
        14 if bytes[4] == b'.' && bytes[9] == b'.' => s.replace('.', ""),
        _ => return None,
    };
    (digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| digits.to_ascii_uppercase())
}

impl fmt::Display for MacAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The SV9500 Small Enterprise HWKC for a MAC address: `35`, 24 upper-case hex digits and
/// two letters or digits (28 characters, like the guide's `351A488E8B068683DFC26C7DDCKe`),
/// all taken from SHA-256 of the MAC. Same MAC → same HWKC.
///
/// The vendor's algorithm is not published, so keys differ from the guide's example; a
/// collision (≈2⁻¹⁰⁸ per pair) is caught by the store's uniqueness check.
pub fn small_enterprise_hwkc(mac: &MacAddress) -> HardwareKeyCode {
    let digest = Sha256::new()
        .chain_update(b"lms/sv9500-se/v1\0")
        .chain_update(mac.0.as_bytes())
        .finalize();
    let mut key = String::with_capacity(28);
    key.push_str("35");
    for byte in &digest[..12] {
        write!(key, "{byte:02X}").expect("writing to a String cannot fail");
    }
    key.extend(digest[12..14].iter().map(|&b| alnum(b)));
    HardwareKeyCode::generated(SystemType::Sv9500Se, key)
}

fn alnum(byte: u8) -> char {
    char::from(ALNUM[usize::from(byte) % ALNUM.len()])
}

/// The IP address of an SV9500 standard server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IpAddress(IpAddr);

/// Why an IP address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IpAddressError {
    /// Not an IPv4 or IPv6 address.
    #[error(
        "{0:?} is not a valid IP address: expected an IPv4 address such as 123.0.0.105 \
         or an IPv6 address such as 2001:db8::105"
    )]
    Malformed(String),
    /// Unspecified, loopback, multicast or broadcast: cannot be a server's address.
    #[error(
        "{0} cannot be the address of a server: enter the IP address the SV9500 standard \
         server is reached on, e.g. 123.0.0.105"
    )]
    NotAHostAddress(String),
}

impl IpAddress {
    /// Parses an IPv4 or IPv6 address (surrounding whitespace ignored). An IPv4-mapped IPv6
    /// address is stored as IPv4, so both spellings derive the same HWKC.
    ///
    /// # Errors
    ///
    /// [`IpAddressError::Malformed`] when it is not an address;
    /// [`IpAddressError::NotAHostAddress`] for `0.0.0.0`, `::`, loopback, multicast and
    /// `255.255.255.255`.
    pub fn parse(raw: &str) -> Result<Self, IpAddressError> {
        let trimmed = raw.trim();
        let ip = trimmed
            .parse::<IpAddr>()
            .map_err(|_| IpAddressError::Malformed(trimmed.into()))?
            .to_canonical();
        let broadcast = matches!(ip, IpAddr::V4(v4) if v4.is_broadcast());
        if ip.is_unspecified() || ip.is_loopback() || ip.is_multicast() || broadcast {
            return Err(IpAddressError::NotAHostAddress(ip.to_string()));
        }
        Ok(Self(ip))
    }

    /// The address.
    pub fn get(&self) -> IpAddr {
        self.0
    }
}

impl fmt::Display for IpAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The real HWKC of an SV9500 standard server: `35G00N` and 22 characters (20 upper-case
/// letters or digits, then two of either case, like the guide's `35G00N360103F0S0007490B6E0yQ`)
/// from SHA-256 of the location id, the IP address and `attempt`.
///
/// Deterministic for (location, IP). Pass `attempt = 0`; only if the store finds the key
/// already taken (≈2⁻¹¹⁵ per pair) does it retry with 1, 2, … .
pub fn standard_server_hwkc(location_id: Uuid, ip: &IpAddress, attempt: u32) -> HardwareKeyCode {
    let digest = Sha256::new()
        .chain_update(b"lms/sv9500-server/v1\0")
        .chain_update(location_id.as_bytes())
        .chain_update(ip.0.to_string().as_bytes())
        .chain_update(b"\0")
        .chain_update(attempt.to_be_bytes())
        .finalize();
    let mut key = String::with_capacity(28);
    key.push_str("35G00N");
    // Only the first 36 symbols of ALNUM: digits and upper-case letters.
    key.extend(
        digest[..20]
            .iter()
            .map(|&b| char::from(ALNUM[usize::from(b) % 36])),
    );
    key.extend(digest[20..22].iter().map(|&b| alnum(b)));
    HardwareKeyCode::generated(SystemType::Sv9500Server, key)
}

/// The HWKC of an iS3000 dongle-less location: `aa0016HN`, `number % 10¹²` as 12 digits,
/// `AA`.
///
/// The store passes a random number and retries on a collision. The full computer name is
/// deliberately not an input, so editing it never changes the key (SPEC §4).
pub fn dongle_less_hwkc(number: u64) -> HardwareKeyCode {
    let key = format!("aa0016HN{:012}AA", number % 1_000_000_000_000);
    HardwareKeyCode::generated(SystemType::Is3000, key)
}

/// The HWKC of a 3C or 3C CAT2 location: `3C` and `number % 16¹⁰` as 10 upper-case hex
/// digits. The store passes a random number and retries on a collision; the domain name is
/// not an input because domain names are not unique.
///
/// # Panics
///
/// In debug builds, when `system_type` is not 3C or 3C CAT2.
pub fn three_c_hwkc(system_type: SystemType, number: u64) -> HardwareKeyCode {
    debug_assert!(
        matches!(system_type, SystemType::ThreeC | SystemType::ThreeCCat2),
        "three_c_hwkc called for {system_type}"
    );
    let key = format!("3C{:010X}", number % (1 << 40));
    HardwareKeyCode::generated(system_type, key)
}

/// The HWKC of the LMC child of a location: `LM` + the parent's HWKC (SV8300, SV8500,
/// SV9300, SV9500 and its SE / standard-server variants, 3C), or for iS3000 `LMIS` + the
/// part between `aa` and `AA` (`aa0014SA2792885418AA` → `LMIS0014SA2792885418`).
///
/// `None` when the parent type has no LMC, the parent key is not valid for `parent_type`,
/// or it is a temp key (a standard server gets its LMC once its real key exists).
pub fn lmc_hwkc(parent_type: SystemType, parent: &HardwareKeyCode) -> Option<HardwareKeyCode> {
    use SystemType::*;
    let parent = parent.as_str();
    if !is_valid(parent_type, parent) {
        return None;
    }
    let key = match parent_type {
        Sv8300 | Sv8500 | Sv9300 | Sv9500 | Sv9500Se | Sv9500Server | ThreeC | ThreeCCat2 => {
            format!("LM{parent}")
        }
        Is3000 => format!("LMIS{}", parent.strip_prefix("aa")?.strip_suffix("AA")?),
        _ => return None,
    };
    is_valid(Lmc, &key).then(|| HardwareKeyCode::generated(Lmc, key))
}

#[cfg(test)]
mod tests;
