//! The strict line parser behind [`super::verify`]. It reads the fields in their fixed order;
//! anything it lets through that is not canonical (an upper-case UUID, `+00:00`, a leading
//! zero) is caught by the byte-for-byte comparison with the re-rendered text.

use std::iter::{Enumerate, Peekable};
use std::str::Split;

use base64::Engine as _;
use chrono::{DateTime, Utc};

use super::{
    BASE64, BEGIN, END, FORMAT, FileKind, LicenseFile, UnsignedLicense, feature_order,
    is_feature_char, kind_from_str, part_numbers_from_str,
};
use crate::ErrorCode;
use crate::ids::LocationId;
use crate::license::stacking::Stacked;
use crate::system_type::SystemType;

/// Why a license file does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("line {line} of the license file is malformed: {reason}")]
    Malformed { line: usize, reason: String },
    #[error("line {line} of the license file is not in canonical form")]
    NotCanonical { line: usize },
    #[error("the license file was signed with an unknown key ({0})")]
    UnknownKey(String),
    #[error("the license file's signature is not valid")]
    BadSignature,
    #[error("the activation code does not match the license file's signature")]
    BadActivationCode,
}

impl VerifyError {
    /// A stable machine code for the API and the command-line verifier.
    pub fn code(&self) -> ErrorCode {
        match self {
            VerifyError::Malformed { .. } => ErrorCode::LicenseMalformed,
            VerifyError::NotCanonical { .. } => ErrorCode::LicenseNotCanonical,
            VerifyError::UnknownKey(_) => ErrorCode::LicenseUnknownKey,
            VerifyError::BadSignature => ErrorCode::LicenseBadSignature,
            VerifyError::BadActivationCode => ErrorCode::LicenseBadActivationCode,
        }
    }
}

/// The file's content plus the raw signature.
pub(super) struct Parsed {
    pub file: LicenseFile,
    pub signature: [u8; 64],
}

fn malformed(line: usize, reason: impl Into<String>) -> VerifyError {
    VerifyError::Malformed {
        line,
        reason: reason.into(),
    }
}

struct Lines<'a> {
    inner: Peekable<Enumerate<Split<'a, char>>>,
    last: usize,
}

impl<'a> Lines<'a> {
    /// The next line and its 1-based number.
    fn next(&mut self) -> Result<(usize, &'a str), VerifyError> {
        let (i, line) = self
            .inner
            .next()
            .ok_or_else(|| malformed(self.last + 1, "the file ends early"))?;
        self.last = i + 1;
        Ok((i + 1, line))
    }

    /// The value of the next line, which must be `key: value`.
    fn field(&mut self, key: &str) -> Result<(usize, &'a str), VerifyError> {
        let (n, line) = self.next()?;
        let value = line
            .strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(": "))
            .ok_or_else(|| malformed(n, format!("expected the {key} line")))?;
        Ok((n, value))
    }

    fn next_is(&mut self, key: &str) -> bool {
        self.inner.peek().is_some_and(|(_, line)| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(": "))
        })
    }
}

fn parsed<T>(
    lines: &mut Lines<'_>,
    key: &str,
    read: impl FnOnce(&str) -> Option<T>,
) -> Result<T, VerifyError> {
    let (n, value) = lines.field(key)?;
    read(value).ok_or_else(|| malformed(n, format!("invalid {key} {value:?}")))
}

fn time(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn kind(value: &str) -> Option<FileKind> {
    value.parse().ok()
}

fn feature(value: &str) -> Option<Stacked> {
    let mut tokens = value.split(' ');
    let (Some(name), Some(kind), Some(number), Some(parts), None) = (
        tokens.next(),
        tokens.next(),
        tokens.next(),
        tokens.next(),
        tokens.next(),
    ) else {
        return None;
    };
    if name.is_empty() || !name.chars().all(is_feature_char) {
        return None;
    }
    let part_numbers = part_numbers_from_str(parts)?;
    if !part_numbers.windows(2).all(|w| w[0] < w[1]) {
        return None;
    }
    Some(Stacked {
        feature: name.to_owned(),
        kind: kind_from_str(kind)?,
        value: number.parse().ok()?,
        part_numbers,
    })
}

/// Reads the fields in file order.
pub(super) fn parse(text: &str) -> Result<Parsed, VerifyError> {
    let body = text.strip_suffix('\n').ok_or_else(|| {
        malformed(
            text.split('\n').count(),
            "the file must end with a line feed",
        )
    })?;
    let mut lines = Lines {
        inner: body.split('\n').enumerate().peekable(),
        last: 0,
    };
    let (n, begin) = lines.next()?;
    if begin != BEGIN {
        return Err(malformed(n, format!("expected {BEGIN}")));
    }
    parsed(&mut lines, "format", |v| (v == FORMAT).then_some(()))?;
    let license_id = parsed(&mut lines, "license-id", |v| uuid::Uuid::parse_str(v).ok())?;
    let file_kind = parsed(&mut lines, "kind", kind)?;
    let location_id = parsed(&mut lines, "location-id", |v| {
        uuid::Uuid::parse_str(v).ok().map(LocationId)
    })?;
    let (_, location_name) = lines.field("location-name")?;
    let system_type = parsed(&mut lines, "system-type", |v| v.parse::<SystemType>().ok())?;
    let (_, hwkc) = lines.field("hwkc")?;
    let issued_at = parsed(&mut lines, "issued-at", time)?;
    let expires_at = if lines.next_is("expires-at") {
        if file_kind != FileKind::Demo {
            return Err(malformed(lines.last + 1, "only demo files expire"));
        }
        Some(parsed(&mut lines, "expires-at", time)?)
    } else {
        None
    };
    let mut features: Vec<Stacked> = Vec::new();
    while lines.next_is("feature") {
        let next = parsed(&mut lines, "feature", feature)?;
        if let Some(previous) = features.last()
            && feature_order(previous, &next).is_ge()
        {
            return Err(malformed(lines.last, "features are out of order"));
        }
        features.push(next);
    }
    let key_id = parsed(&mut lines, "key-id", |v| {
        (v.len() == 16 && v.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| v.to_owned())
    })?;
    let signature = parsed(&mut lines, "signature", |v| {
        BASE64.decode(v).ok()?.try_into().ok()
    })?;
    let (_, activation_code) = lines.field("activation-code")?;
    let (n, end) = lines.next()?;
    if end != END {
        return Err(malformed(n, format!("expected {END}")));
    }
    if let Ok((n, _)) = lines.next() {
        return Err(malformed(n, format!("nothing may follow {END}")));
    }
    Ok(Parsed {
        file: LicenseFile {
            content: UnsignedLicense {
                license_id,
                kind: file_kind,
                location_id,
                location_name: location_name.to_owned(),
                system_type,
                hwkc: hwkc.to_owned(),
                issued_at,
                expires_at,
                features,
            },
            key_id,
            activation_code: activation_code.to_owned(),
        },
        signature,
    })
}
