//! Upload of a legacy (pre-release-6) DECT license file (SPEC §4, "License file upload").
//! Once per DECT location and before anything is activated, the partner uploads the file
//! the DECT Manager exported; the LMS parses it, shows the licenses for confirmation and
//! imports them as activated on the PARI. The import records the old system as it is, so the
//! release-6 feature checks of [`super::rules::check_activation`] do not apply to it; the
//! next activation must bring the location in line.
//!
//! # Legacy format
//!
//! ```text
//! [DECT-LICENSE]
//! PARI=1009FFFE
//! FEATURE=EU917062,4,2019-03-12
//! FEATURE=EU917064,4,2019-03-12
//! END
//! ```
//!
//! - UTF-8 (a leading byte-order mark is skipped); lines end in LF or CRLF, since the DECT
//!   Manager runs on Windows. Whitespace around a line and around each value is ignored.
//!   Blank lines and lines starting with `;` (INI comments) are ignored everywhere.
//! - In this order: the `[DECT-LICENSE]` header; one `PARI=` line with the system's PARI
//!   (8 hex digits starting with 1, as the location's HWKC); one or more
//!   `FEATURE=<part number>,<quantity>,<date of issue YYYY-MM-DD>` lines; `END`. Nothing may
//!   follow `END`. The same part may appear on several lines (separate purchases).
//!
//! Failures carry the guide's codes ([`DectUploadError::guide_code`]): a missing, malformed or
//! foreign PARI → `INVALID_HARDWARE_KEYCODE`; a malformed file or FEATURE line, or no FEATURE
//! line at all → `INVALID_FEATURE_CODE_STRING` (the "feature code string" is the licensed
//! content, and "include at least one EU917062" is the right advice for an empty file);
//! an unknown part → `INVALID_FEATURE_CODE`; a zero or non-numeric quantity, one above
//! [`MAX_LEGACY_QUANTITY`], or a part whose lines add up to more than it →
//! `INVALID_FEATURE_QUANTITY`; a bad or future date → `INVALID_FEATURE_TIMESTAMP`; an upload
//! that is not allowed → `NOT_APPLICABLE`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::part::PartNumber;
use super::rules::GuideCode;
use super::stacking::Stacked;
use crate::ErrorCode;
use crate::hwkc::HardwareKeyCode;
use crate::order::Quantity;
use crate::system_type::SystemType;

/// One license of an uploaded file, as shown for confirmation and review, stored with the
/// import and recorded in its audit event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadedLicense {
    pub part_number: String,
    pub quantity: u32,
    pub issued_on: NaiveDate,
}

impl From<LegacyLicense> for UploadedLicense {
    fn from(l: LegacyLicense) -> Self {
        Self {
            part_number: l.part_number.to_string(),
            quantity: l.quantity,
            issued_on: l.issued_on,
        }
    }
}

/// The most of one part a legacy DECT system can hold, per line and summed over the lines of
/// the part: a DECT system serves at most a few thousand handsets, so anything above is a
/// forged or corrupt file, and the bound keeps every sum far from integer overflow.
pub const MAX_LEGACY_QUANTITY: u32 = 10_000;

/// One license line of a legacy DECT file, as shown for confirmation and review and kept
/// with the upload until it is decided.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyLicense {
    pub part_number: PartNumber,
    pub quantity: u32,
    pub issued_on: NaiveDate,
}

/// Why a legacy DECT license file cannot be imported. `line` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DectUploadError {
    #[error("a DECT license file can only be uploaded {0}")]
    NotApplicable(&'static str),
    #[error("line {line}: this is not a DECT license file ({reason})")]
    Malformed { line: usize, reason: &'static str },
    #[error("the DECT license file has no PARI line")]
    PariMissing,
    #[error("line {line}: {value:?} is not a valid PARI (8 hexadecimal digits starting with 1)")]
    PariMalformed { line: usize, value: String },
    #[error("line {line}: the file is for PARI {pari}, but this location's PARI is {location}")]
    PariMismatch {
        line: usize,
        pari: String,
        location: String,
    },
    #[error("line {line}: expected FEATURE=<part number>,<quantity>,<YYYY-MM-DD>")]
    MalformedFeature { line: usize },
    #[error("the DECT license file holds no FEATURE line")]
    NoFeatures,
    #[error("line {line}: part {part_number} is not a DECT part known to the LMS")]
    UnknownPart {
        line: usize,
        part_number: PartNumber,
    },
    #[error("line {line}: {value:?} is not a quantity from 1 to {MAX_LEGACY_QUANTITY}")]
    InvalidQuantity { line: usize, value: String },
    #[error(
        "the lines of part {part_number} add up to more than {MAX_LEGACY_QUANTITY}, more than a DECT system holds"
    )]
    TotalTooLarge { part_number: PartNumber },
    #[error("line {line}: {value:?} is not a date of issue in the form YYYY-MM-DD")]
    InvalidDate { line: usize, value: String },
    #[error("line {line}: the date of issue {date} lies in the future")]
    FutureDate { line: usize, date: NaiveDate },
}

impl DectUploadError {
    /// The guide's code for the error (see the module doc).
    pub fn guide_code(&self) -> GuideCode {
        use DectUploadError::*;
        match self {
            NotApplicable(_) => GuideCode::NotApplicable,
            PariMissing | PariMalformed { .. } | PariMismatch { .. } => {
                GuideCode::InvalidHardwareKeycode
            }
            Malformed { .. } | MalformedFeature { .. } | NoFeatures => {
                GuideCode::InvalidFeatureCodeString
            }
            UnknownPart { .. } => GuideCode::InvalidFeatureCode,
            InvalidQuantity { .. } | TotalTooLarge { .. } => GuideCode::InvalidFeatureQuantity,
            InvalidDate { .. } | FutureDate { .. } => GuideCode::InvalidFeatureTimestamp,
        }
    }

    /// The stable code, e.g. `INVALID_FEATURE_CODE`.
    pub fn code(&self) -> ErrorCode {
        self.guide_code().code()
    }

    /// The guide's user action for the code.
    pub fn user_action(&self) -> &'static str {
        self.guide_code().user_action()
    }
}

/// A location's earlier legacy import that still counts: one waiting for the vendor's
/// approval, or one approved. A rejected one does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriorImport {
    None,
    Pending,
    Approved,
}

/// Whether a location may upload a legacy DECT file: a DECT location (IP DECT or DECT-NS)
/// with no import pending or approved and nothing activated (user guide, Note 1).
///
/// # Errors
/// [`DectUploadError::NotApplicable`] saying which condition fails.
pub fn check_upload_allowed(
    system_type: SystemType,
    already_active: &[Stacked],
    prior: PriorImport,
) -> Result<(), DectUploadError> {
    if !system_type.dect_upload() {
        return Err(DectUploadError::NotApplicable("for a DECT location"));
    }
    match prior {
        PriorImport::None => {}
        PriorImport::Pending => {
            return Err(DectUploadError::NotApplicable(
                "once per location, and an import of this location waits for the vendor's approval",
            ));
        }
        PriorImport::Approved => {
            return Err(DectUploadError::NotApplicable("once per location"));
        }
    }
    if !already_active.is_empty() {
        return Err(DectUploadError::NotApplicable(
            "before any license is activated on the location",
        ));
    }
    Ok(())
}

/// Parses a legacy DECT license file for the location whose HWKC (PARI) is
/// `location_hwkc`. `is_known` says whether a part number is a DECT part the location may
/// hold (the caller looks it up in its catalog); `today` bounds the dates of issue.
///
/// # Errors
/// [`DectUploadError`] for the first problem, with its line (see the module doc).
pub fn parse_legacy_dect(
    text: &str,
    location_hwkc: &str,
    today: NaiveDate,
    is_known: impl Fn(&PartNumber) -> bool,
) -> Result<Vec<LegacyLicense>, DectUploadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // `lines` splits on LF and drops a CR before it; trim handles stray whitespace.
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with(';'));
    let last_line = text.lines().count().max(1);

    match lines.next() {
        Some((_, "[DECT-LICENSE]")) => {}
        Some((line, _)) => {
            return Err(DectUploadError::Malformed {
                line,
                reason: "it must start with [DECT-LICENSE]",
            });
        }
        None => {
            return Err(DectUploadError::Malformed {
                line: 1,
                reason: "the file is empty",
            });
        }
    }

    let (line, pari) = match lines.next() {
        Some((line, l)) => match l.strip_prefix("PARI=") {
            Some(pari) => (line, pari.trim()),
            None => return Err(DectUploadError::PariMissing),
        },
        None => return Err(DectUploadError::PariMissing),
    };
    check_pari(line, pari, location_hwkc)?;

    let mut licenses = Vec::new();
    loop {
        let Some((line, l)) = lines.next() else {
            return Err(DectUploadError::Malformed {
                line: last_line,
                reason: "the END line is missing",
            });
        };
        if l == "END" {
            break;
        }
        let Some(feature) = l.strip_prefix("FEATURE=") else {
            return Err(DectUploadError::Malformed {
                line,
                reason: "expected a FEATURE line or END",
            });
        };
        licenses.push(parse_feature(line, feature, today, &is_known)?);
    }
    if let Some((line, _)) = lines.next() {
        return Err(DectUploadError::Malformed {
            line,
            reason: "nothing may follow END",
        });
    }
    if licenses.is_empty() {
        return Err(DectUploadError::NoFeatures);
    }
    totals(&licenses)?;
    Ok(licenses)
}

/// The quantity of each part over all lines of a legacy file (the same part may appear on
/// several lines, one per purchase), as one PO line per part is imported.
///
/// # Errors
/// [`DectUploadError::TotalTooLarge`] when a part's lines add up to more than
/// [`MAX_LEGACY_QUANTITY`].
pub fn totals(licenses: &[LegacyLicense]) -> Result<BTreeMap<PartNumber, u32>, DectUploadError> {
    let mut per_part: BTreeMap<PartNumber, u32> = BTreeMap::new();
    for l in licenses {
        let total = per_part.entry(l.part_number.clone()).or_default();
        *total = total
            .checked_add(l.quantity)
            .filter(|t| *t <= MAX_LEGACY_QUANTITY)
            .ok_or_else(|| DectUploadError::TotalTooLarge {
                part_number: l.part_number.clone(),
            })?;
    }
    Ok(per_part)
}

/// The SO number of the PO an approved import becomes.
pub const IMPORT_SO_NUMBER: &str = "DECT-LICENSE-UPLOAD";

/// The PO number of an approved import of the location with PARI `hwkc`: `DECT-<PARI>-`
/// and the last 8 hex digits of the PO's id, so two imports of a location differ.
pub fn import_po_number(hwkc: &str, po_id: uuid::Uuid) -> String {
    let id = po_id.simple().to_string();
    format!("DECT-{hwkc}-{}", &id[id.len() - 8..])
}

/// One PO line of an approved import: a part with the quantity of all its lines, fully
/// activated on the location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportLine {
    pub part_number: PartNumber,
    pub quantity: Quantity,
}

/// The PO lines an approved import becomes: one per part, its lines added up ([`totals`]).
///
/// # Errors
/// [`DectUploadError::TotalTooLarge`] when a part's lines add up to more than
/// [`MAX_LEGACY_QUANTITY`].
pub fn import_lines(licenses: &[LegacyLicense]) -> Result<Vec<ImportLine>, DectUploadError> {
    totals(licenses)?
        .into_iter()
        .map(|(part_number, total)| {
            // `totals` bounds a part to MAX_LEGACY_QUANTITY, far inside a line's quantity.
            match Quantity::new("quantity", i64::from(total)) {
                Ok(quantity) => Ok(ImportLine {
                    part_number,
                    quantity,
                }),
                Err(_) => Err(DectUploadError::TotalTooLarge { part_number }),
            }
        })
        .collect()
}

fn check_pari(line: usize, pari: &str, location_hwkc: &str) -> Result<(), DectUploadError> {
    let parsed = HardwareKeyCode::parse(SystemType::IpDect, pari).map_err(|_| {
        DectUploadError::PariMalformed {
            line,
            value: pari.to_owned(),
        }
    })?;
    let location = location_hwkc.trim().to_ascii_uppercase();
    if parsed.as_str() != location {
        return Err(DectUploadError::PariMismatch {
            line,
            pari: parsed.into_inner(),
            location,
        });
    }
    Ok(())
}

fn parse_feature(
    line: usize,
    value: &str,
    today: NaiveDate,
    is_known: &impl Fn(&PartNumber) -> bool,
) -> Result<LegacyLicense, DectUploadError> {
    let fields: Vec<&str> = value.split(',').map(str::trim).collect();
    let [part, quantity, date] = fields[..] else {
        return Err(DectUploadError::MalformedFeature { line });
    };
    let part_number =
        PartNumber::parse(part).map_err(|_| DectUploadError::MalformedFeature { line })?;
    if !is_known(&part_number) {
        return Err(DectUploadError::UnknownPart { line, part_number });
    }
    let quantity = quantity
        .parse::<u32>()
        .ok()
        .filter(|q| (1..=MAX_LEGACY_QUANTITY).contains(q))
        .ok_or_else(|| DectUploadError::InvalidQuantity {
            line,
            value: quantity.to_owned(),
        })?;
    // chrono accepts unpadded fields; the format asks for exactly YYYY-MM-DD.
    let issued_on = (date.len() == 10)
        .then(|| NaiveDate::parse_from_str(date, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| DectUploadError::InvalidDate {
            line,
            value: date.to_owned(),
        })?;
    if issued_on > today {
        return Err(DectUploadError::FutureDate {
            line,
            date: issued_on,
        });
    }
    Ok(LegacyLicense {
        part_number,
        quantity,
        issued_on,
    })
}

#[cfg(test)]
mod tests;
