//! Hardware key codes (HWKC): the validated newtype, input normalisation and the checks
//! behind `POST /system-types/{code}/hwkc-check` (SPEC §3).
//!
//! Normalisation, in order: trim; for SV9500 (and SE) turn a scanned QR code
//! `A_3565-A9C3-…` into the plain key; upper-case hex-only formats. The result must fully
//! match the system type's [`SystemType::hwkc_pattern`].

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::system_type::SystemType;

/// One compiled pattern per system type, indexed by catalog position.
static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    SystemType::ALL
        .iter()
        .map(|t| Regex::new(t.hwkc_pattern()).expect("catalog patterns are valid regexes"))
        .collect()
});

/// What an SV9500 CPU label's QR code scans to: optional `A_`, then seven dash-separated
/// groups of four (the guide: "without preceding A, underscores and dashes").
static SV9500_QR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("^(A_)?[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){6}$").expect("QR pattern is valid")
});

/// The scanned QR form of an SV9500 key that normalises to a match of the SV9500 pattern
/// (`35` and 26 letters or digits): `A_` optional, `35`, then groups of four.
const SV9500_QR_INPUT: &str = "(A_)?35[A-Za-z0-9]{2}(-[A-Za-z0-9]{4}){6}";

/// The anchored pattern of the raw input [`HardwareKeyCode::parse`] accepts for
/// `system_type`: its [`SystemType::hwkc_pattern`] with white space around, lower case
/// letters too where the type upper-cases input, and the scanned QR form for SV9500.
pub fn input_pattern(system_type: SystemType) -> String {
    input_pattern_for(system_type, system_type.hwkc_pattern())
}

/// [`input_pattern`] for a sub-form of the type's format, `anchored` being a pattern over
/// the normalised key (e.g. only BX/OVOC hardware serials).
pub fn input_pattern_for(system_type: SystemType, anchored: &str) -> String {
    crate::field::trimmed_pattern(&format!("^{}$", input_body(system_type, anchored)))
}

/// The unanchored body of [`input_pattern_for`], before the white space around it.
pub(crate) fn input_body(system_type: SystemType, anchored: &str) -> String {
    let mut body = anchored
        .strip_prefix('^')
        .and_then(|p| p.strip_suffix('$'))
        .unwrap_or(anchored)
        .to_owned();
    if system_type.hex_only() {
        body = with_lower_case(&body);
    }
    if matches!(system_type, SystemType::Sv9500 | SystemType::Sv9500Se)
        && anchored == system_type.hwkc_pattern()
    {
        body = format!("{SV9500_QR_INPUT}|{body}");
    }
    body
}

/// Lets every upper-case letter of a catalog pattern match its lower-case form too.
fn with_lower_case(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut in_class = false;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' => in_class = true,
            ']' => in_class = false,
            _ => {}
        }
        if !c.is_ascii_uppercase() {
            out.push(c);
        } else if !in_class {
            out.extend(['[', c, c.to_ascii_lowercase(), ']']);
        } else if chars.peek() == Some(&'-') {
            // A range `A-F`: copy it, then its lower-case twin.
            chars.next();
            let end = chars.next().unwrap_or(c);
            out.extend([
                c,
                '-',
                end,
                c.to_ascii_lowercase(),
                '-',
                end.to_ascii_lowercase(),
            ]);
        } else {
            out.extend([c, c.to_ascii_lowercase()]);
        }
    }
    out
}

/// Whether an already-normalised value is a valid HWKC for `system_type`.
pub(crate) fn is_valid(system_type: SystemType, normalized: &str) -> bool {
    PATTERNS[system_type.index()].is_match(normalized)
}

/// Brings raw input into the stored form for `system_type` (see the module doc).
fn normalize(system_type: SystemType, raw: &str) -> String {
    let trimmed = raw.trim();
    let mut value = if matches!(system_type, SystemType::Sv9500 | SystemType::Sv9500Se)
        && SV9500_QR.is_match(trimmed)
    {
        trimmed
            .strip_prefix("A_")
            .unwrap_or(trimmed)
            .replace('-', "")
    } else {
        trimmed.to_owned()
    };
    if system_type.hex_only() {
        value.make_ascii_uppercase();
    }
    value
}

/// The first other system type (catalog order) that would accept `raw`.
///
/// Types sharing the requested type's pattern are skipped: they would fail the same way,
/// and "an iS3000 code looks like a BCT code" helps nobody. The temp-key types (SR-MGC,
/// SV9500 standard server) can only be suggested for a temp key, because their patterns
/// match nothing else but `…-TEMP-KEY` and ordinary 35… keys already match SV9500 first.
fn looks_like(requested: SystemType, raw: &str) -> Option<SystemType> {
    SystemType::ALL.into_iter().find(|&other| {
        other != requested
            && other.hwkc_pattern() != requested.hwkc_pattern()
            && is_valid(other, &normalize(other, raw))
    })
}

/// A hardware key code valid for the system type it was parsed for, in normalised form.
///
/// It can only be built through [`HardwareKeyCode::parse`] or the generators in
/// [`crate::derive`], so holding one means the format was checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct HardwareKeyCode(String);

impl HardwareKeyCode {
    /// Normalises `raw` for `system_type` and checks it against the type's format.
    ///
    /// # Errors
    ///
    /// [`HwkcError`] when the normalised value does not match the format (an empty value
    /// never does); it names the expected format, an example and, where the value matches
    /// another type's format, that type.
    pub fn parse(system_type: SystemType, raw: &str) -> Result<Self, HwkcError> {
        let normalized = normalize(system_type, raw);
        if is_valid(system_type, &normalized) {
            Ok(Self(normalized))
        } else {
            Err(HwkcError {
                system_type,
                value: raw.trim().to_owned(),
                looks_like: looks_like(system_type, raw),
            })
        }
    }

    /// Wraps a key produced by [`crate::derive`]; generators are tested to satisfy their
    /// type's pattern, and debug builds check it on every call.
    pub(crate) fn generated(system_type: SystemType, value: String) -> Self {
        debug_assert!(
            is_valid(system_type, &value),
            "generated {value:?} does not match the {system_type} pattern"
        );
        Self(value)
    }

    /// The normalised key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The normalised key, by value.
    pub fn into_inner(self) -> String {
        self.0
    }

    /// Whether this is a generated `…-TEMP-KEY` (SR-MGC, SV9500 standard server before its
    /// IP address is entered).
    pub fn is_temp_key(&self) -> bool {
        crate::derive::is_temp_key(&self.0)
    }
}

impl fmt::Display for HardwareKeyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for HardwareKeyCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A value that is not a valid HWKC for a system type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct HwkcError {
    /// The system type the value was checked for.
    pub system_type: SystemType,
    /// The value as entered (trimmed).
    pub value: String,
    /// Another system type whose format the value matches, if any.
    pub looks_like: Option<SystemType>,
}

impl HwkcError {
    /// The expected format in words.
    pub fn expected(&self) -> &'static str {
        self.system_type.hwkc_description()
    }

    /// A valid example for the system type.
    pub fn example(&self) -> &'static str {
        self.system_type.hwkc_example()
    }
}

impl fmt::Display for HwkcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a valid hardware key code for {}: expected {}, e.g. {}",
            self.value,
            self.system_type.name(),
            self.expected(),
            self.example()
        )?;
        if let Some(other) = self.looks_like {
            write!(f, " (it looks like a {} code)", other.name())?;
        }
        Ok(())
    }
}

/// The answer of an HWKC check: the normalised value when valid, else the message and the
/// type the value looks like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HwkcCheck {
    /// Whether the value is valid for the system type.
    pub valid: bool,
    /// The value as it would be stored, when valid.
    pub normalized: Option<String>,
    /// The user-facing error message, when invalid.
    pub error: Option<String>,
    /// Another system type whose format the value matches, when invalid.
    pub looks_like: Option<SystemType>,
}

/// Checks `raw` as an HWKC for `system_type` without creating anything.
pub fn check(system_type: SystemType, raw: &str) -> HwkcCheck {
    match HardwareKeyCode::parse(system_type, raw) {
        Ok(hwkc) => HwkcCheck {
            valid: true,
            normalized: Some(hwkc.into_inner()),
            error: None,
            looks_like: None,
        },
        Err(err) => HwkcCheck {
            valid: false,
            normalized: None,
            error: Some(err.to_string()),
            looks_like: err.looks_like,
        },
    }
}

#[cfg(test)]
mod tests;
