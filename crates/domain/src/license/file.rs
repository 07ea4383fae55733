//! The license file (SPEC §13): our own text format, signed with Ed25519, with an activation
//! code derived from the signature.
//!
//! # Format `lms-license/1`
//!
//! UTF-8 text. Every line, the last included, ends with a single LF (`\n`); there is no CR,
//! no blank line and no other whitespace than described. Each line between the armour lines
//! is `key: value` (key, colon, one space, value to the end of the line). The lines come in
//! exactly this order:
//!
//! ```text
//! -----BEGIN LMS LICENSE-----
//! format: lms-license/1
//! license-id: <UUID, lower-case hyphenated>
//! kind: license | demo
//! location-id: <UUID, lower-case hyphenated>
//! location-name: <text, may be empty; no control characters>
//! system-type: <system type code, e.g. SV9100_CP10>
//! hwkc: <hardware key code; no control characters>
//! issued-at: <RFC 3339 UTC with seconds and Z, e.g. 2026-03-01T09:30:00Z>
//! expires-at: <same format>                      (only in demo files, optional there)
//! feature: <feature> <kind> <value> <parts>      (zero or more)
//! key-id: <16 lower-case hex digits>
//! signature: <base64, standard alphabet, padded: 88 characters>
//! activation-code: <XXXXX-XXXXX-XXXXX-XXXXX>
//! -----END LMS LICENSE-----
//! ```
//!
//! - `feature` lines: `<feature>` is 1+ characters of `A–Z a–z 0–9 . _ -`; `<kind>` is
//!   `quantity`, `version` or `option`; `<value>` is a decimal integer without sign or
//!   leading zeros (0 ≤ value < 2⁶⁴); `<parts>` is the contributing part numbers joined by `,`
//!   in ascending byte order (or `-` when none). Lines are in strictly ascending order of
//!   feature (byte order), then kind in the order quantity, version, option. Quantities and
//!   options hold the stacked sum; versions the highest version (SPEC §2).
//! - `key-id` is the first 16 hex digits of SHA-256 over the 32-byte Ed25519 public key.
//! - `signature` is the Ed25519 signature (RFC 8032, verified strictly) over the exact bytes
//!   of every line before the `signature` line, each with its LF: from the first `-` of the
//!   BEGIN line through the LF ending the `key-id` line.
//! - `activation-code` is the first 20 characters of the Crockford base32 encoding
//!   (alphabet `0123456789ABCDEFGHJKMNPQRSTVWXYZ`, most significant bit first) of SHA-256
//!   over the 64 signature bytes, in four dash-separated groups of five. It needs no
//!   signature of its own: it is a function of the signature.
//!
//! A verifier must reject a file that deviates in any byte from this form. [`verify`] does so
//! by parsing, rendering the canonical text again and comparing byte for byte.
//! Signing keys are passed in as 32-byte seeds; nothing here draws random numbers.

use std::fmt::{self, Write as _};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use ed25519_dalek::{Signature, Signer as _, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::part::{PartKind, PartNumber};
use super::stacking::{Stacked, combine};
use crate::ids::LocationId;
use crate::system_type::SystemType;

mod keys;
mod parse;
#[cfg(test)]
mod tests;

pub use keys::{LicenseSigningKey, PublicKeyError, PublicSigningKey};
pub use parse::VerifyError;

/// The value of the `format` line.
pub const FORMAT: &str = "lms-license/1";
const BEGIN: &str = "-----BEGIN LMS LICENSE-----";
const END: &str = "-----END LMS LICENSE-----";
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

crate::text_enum::text_enum! {
    /// Whether a file licenses permanently or is a time-limited demo (SPEC §5): the file's
    /// `kind` value.
    pub enum FileKind {
        /// Permanent.
        License = "license",
        /// Time-limited.
        Demo = "demo",
    }
}

/// What the LMS puts in a file before signing; in a [`LicenseFile`], what was signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsignedLicense {
    pub license_id: uuid::Uuid,
    pub kind: FileKind,
    pub location_id: LocationId,
    pub location_name: String,
    pub system_type: SystemType,
    pub hwkc: String,
    pub issued_at: DateTime<Utc>,
    /// Only written for demo files; ignored for licenses, which never expire.
    pub expires_at: Option<DateTime<Utc>>,
    /// The stacked features, e.g. from [`super::stacking::stack`].
    pub features: Vec<Stacked>,
}

/// The content of a signed license file: the content as written, and the key and code
/// that sign it. Its JSON (`lms verify`) is one flat object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseFile {
    #[serde(flatten)]
    pub content: UnsignedLicense,
    pub key_id: String,
    /// `XXXXX-XXXXX-XXXXX-XXXXX`, derived from the signature (see the module doc).
    pub activation_code: String,
}

/// A signed file: its content and its exact text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedLicense {
    pub file: LicenseFile,
    pub text: String,
}

impl LicenseSigningKey {
    /// Renders and signs a file. Sub-second times are dropped; control characters in the
    /// location name and HWKC become spaces (then trimmed); characters outside
    /// `A–Z a–z 0–9 . _ -` in feature keys become `_`; features are put in file order, repeated
    /// ones merged as [`combine`] does, part numbers sorted and deduplicated; `expires_at` is
    /// kept for demo files only. `file` holds the content as written, so
    /// `verify(&signed.text, …)` returns exactly `signed.file`.
    pub fn sign(&self, unsigned: UnsignedLicense) -> SignedLicense {
        let features = if in_file_order(&unsigned.features) {
            // What `stack` and `combine` produce: nothing to sanitize, sort or merge.
            unsigned.features
        } else {
            let sanitized: Vec<Stacked> = unsigned
                .features
                .into_iter()
                .map(|mut s| {
                    s.feature = sanitize_feature(&s.feature);
                    s
                })
                .collect();
            // `combine` sorts into file order, merges repeated features the way stacking
            // does and sorts and deduplicates part numbers.
            combine(&sanitized, &[])
        };
        let mut file = LicenseFile {
            content: UnsignedLicense {
                location_name: sanitize_text(&unsigned.location_name),
                hwkc: sanitize_text(&unsigned.hwkc),
                issued_at: unsigned.issued_at.trunc_subsecs(0),
                expires_at: match unsigned.kind {
                    FileKind::Demo => unsigned.expires_at.map(|t| t.trunc_subsecs(0)),
                    FileKind::License => None,
                },
                features,
                ..unsigned
            },
            key_id: self.key_id.clone(),
            activation_code: String::new(),
        };
        let mut text = render_signed_part(&file);
        let signature = self.key.sign(text.as_bytes()).to_bytes();
        file.activation_code = activation_code(&signature);
        render_tail(&mut text, &signature, &file.activation_code);
        SignedLicense { file, text }
    }
}

/// Verifies a license file strictly (see the module doc) against every key the LMS ever
/// signed with; the key is chosen by the file's `key-id`, so older keys keep verifying.
///
/// # Errors
/// [`VerifyError`]: malformed or non-canonical text, an unknown key id, a bad signature or a
/// wrong activation code.
pub fn verify(text: &str, keys: &[PublicSigningKey]) -> Result<LicenseFile, VerifyError> {
    let parsed = parse::parse(text)?;
    let mut canonical = render_signed_part(&parsed.file);
    let signed_len = canonical.len();
    render_tail(
        &mut canonical,
        &parsed.signature,
        &parsed.file.activation_code,
    );
    if canonical != text {
        return Err(VerifyError::NotCanonical {
            line: first_difference(&canonical, text),
        });
    }
    let key = keys
        .iter()
        .find(|k| k.key_id == parsed.file.key_id)
        .ok_or_else(|| VerifyError::UnknownKey(parsed.file.key_id.clone()))?;
    // The cheap check first; both must pass.
    if activation_code(&parsed.signature) != parsed.file.activation_code {
        return Err(VerifyError::BadActivationCode);
    }
    let verifying = VerifyingKey::from_bytes(&key.bytes).map_err(|_| VerifyError::BadSignature)?;
    verifying
        .verify_strict(
            &text.as_bytes()[..signed_len],
            &Signature::from_bytes(&parsed.signature),
        )
        .map_err(|_| VerifyError::BadSignature)?;
    Ok(parsed.file)
}

/// Crockford base32 of SHA-256(signature), first 20 characters (100 bits), grouped by five.
fn activation_code(signature: &[u8; 64]) -> String {
    let digest = Sha256::digest(signature);
    let mut head = [0u8; 16];
    head.copy_from_slice(&digest[..16]);
    let bits = u128::from_be_bytes(head);
    let mut code = String::with_capacity(23);
    for i in 0..20 {
        if i > 0 && i % 5 == 0 {
            code.push('-');
        }
        let index = (bits >> (123 - 5 * i)) & 31;
        code.push(char::from(CROCKFORD[index as usize]));
    }
    code
}

/// File order of feature lines: by feature bytes, then kind in declaration order.
fn feature_order(a: &Stacked, b: &Stacked) -> std::cmp::Ordering {
    (a.feature.as_bytes(), a.kind).cmp(&(b.feature.as_bytes(), b.kind))
}

/// Whether features are already as a file writes them: sanitized feature keys, in strictly
/// ascending file order (so no feature twice), part numbers strictly ascending.
fn in_file_order(features: &[Stacked]) -> bool {
    features.iter().all(|s| {
        !s.feature.is_empty()
            && s.feature.chars().all(is_feature_char)
            && s.part_numbers.windows(2).all(|w| w[0] < w[1])
    }) && features
        .windows(2)
        .all(|w| feature_order(&w[0], &w[1]) == std::cmp::Ordering::Less)
}

/// Keeps a value on one line: control and line-separator characters become spaces.
fn sanitize_text(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Feature keys are single tokens on the feature line.
fn sanitize_feature(feature: &str) -> String {
    if feature.is_empty() {
        return "_".to_owned();
    }
    feature
        .chars()
        .map(|c| if is_feature_char(c) { c } else { '_' })
        .collect()
}

fn is_feature_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

fn rfc3339(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The lines the signature covers: BEGIN through `key-id`, each with its LF. Linear in the
/// number of features: one pass, appending to a pre-sized buffer.
fn render_signed_part(file: &LicenseFile) -> String {
    let content = &file.content;
    let mut out = String::with_capacity(512 + 64 * content.features.len());
    let mut line = |key: &str, value: &dyn fmt::Display| {
        let _ = writeln!(out, "{key}: {value}");
    };
    line("format", &FORMAT);
    line("license-id", &content.license_id.hyphenated());
    line("kind", &content.kind.as_str());
    line("location-id", &content.location_id.0.hyphenated());
    line("location-name", &content.location_name);
    line("system-type", &content.system_type.code());
    line("hwkc", &content.hwkc);
    line("issued-at", &rfc3339(&content.issued_at));
    if let Some(expires_at) = &content.expires_at {
        line("expires-at", &rfc3339(expires_at));
    }
    for s in &content.features {
        line("feature", &FeatureLine(s));
    }
    line("key-id", &file.key_id);
    let mut text = String::with_capacity(out.len() + 256);
    text.push_str(BEGIN);
    text.push('\n');
    text.push_str(&out);
    text
}

fn render_tail(text: &mut String, signature: &[u8; 64], activation_code: &str) {
    let _ = writeln!(text, "signature: {}", BASE64.encode(signature));
    let _ = writeln!(text, "activation-code: {activation_code}");
    text.push_str(END);
    text.push('\n');
}

/// `<feature> <kind> <value> <part,part,…>`, `-` for no parts.
struct FeatureLine<'a>(&'a Stacked);

impl fmt::Display for FeatureLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        write!(f, "{} {} {} ", s.feature, s.kind.as_str(), s.value)?;
        if s.part_numbers.is_empty() {
            return f.write_str("-");
        }
        for (i, part) in s.part_numbers.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(part.as_str())?;
        }
        Ok(())
    }
}

/// 1-based number of the first line where two texts differ.
fn first_difference(a: &str, b: &str) -> usize {
    let at = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    a.as_bytes()[..at].iter().filter(|&&c| c == b'\n').count() + 1
}

/// Parts of the file that [`parse`] also needs.
fn kind_from_str(value: &str) -> Option<PartKind> {
    value.parse().ok()
}

fn part_numbers_from_str(value: &str) -> Option<Vec<PartNumber>> {
    if value == "-" {
        return Some(Vec::new());
    }
    value
        .split(',')
        .map(|p| PartNumber::parse(p).ok())
        .collect()
}
