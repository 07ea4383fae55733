//! Rendering a location's license or demo file for download: signed (see [`super::file`]),
//! packaged as the system type wants ([`packaging`]: a plain `.lic`, or a zip with the
//! redundant secondary's license and an issue log), the log's text included.
//!
//! Nothing here draws random numbers or reads the clock: license ids come from the caller's
//! generator, "now" is an argument. Storing the result is the store's job.

use std::io::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};

use super::file::{FileKind, LicenseSigningKey, UnsignedLicense};
use super::stacking::Stacked;
use crate::ids::LocationId;
use crate::packaging::{FileKeys, Packaging, ZipEntry, packaging};
use crate::system_type::SystemType;

/// The content type of a plain license file.
pub const TEXT_CONTENT_TYPE: &str = "text/plain; charset=utf-8";
/// The content type of a zip download.
pub const ZIP_CONTENT_TYPE: &str = "application/zip";

/// The location a file is rendered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileTarget<'a> {
    pub location_id: LocationId,
    pub location_name: &'a str,
    pub system_type: SystemType,
    /// The HWKC it is issued for, and the BX/OVOC product key that names it.
    pub keys: FileKeys<'a>,
    /// A BX/OVOC primary's redundant secondary, whose license goes in the same zip.
    pub secondary: Option<FileKeys<'a>>,
}

/// What a file grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileContent<'a> {
    /// The stacked features, e.g. everything activated on the location.
    pub features: &'a [Stacked],
    pub kind: FileKind,
    /// When a demo file stops working; ignored for licenses.
    pub expires_at: Option<DateTime<Utc>>,
}

/// A rendered file, ready to store and download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub file_name: String,
    pub content_type: &'static str,
    pub content: Vec<u8>,
    /// The id of the key that signed it.
    pub key_id: String,
    /// The activation code of the location's own (primary) license.
    pub activation_code: String,
}

/// A file could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Writing the zip archive failed (in memory: only when memory runs out).
    #[error("could not write the zip archive {file_name}")]
    Zip {
        file_name: String,
        #[source]
        source: zip::result::ZipError,
    },
}

/// Renders the file of `target` granting `content`, signed by `key` and issued at `now`.
/// Each signed license takes the next id from `license_ids`: the location's own first,
/// then its secondary's.
///
/// # Errors
/// [`RenderError`] when the zip archive cannot be written.
pub fn render(
    target: &FileTarget<'_>,
    content: &FileContent<'_>,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
    mut license_ids: impl FnMut() -> uuid::Uuid,
) -> Result<Rendered, RenderError> {
    let mut sign = |hwkc: &str| {
        key.sign(UnsignedLicense {
            license_id: license_ids(),
            kind: content.kind,
            location_id: target.location_id,
            location_name: target.location_name.to_owned(),
            system_type: target.system_type,
            hwkc: hwkc.to_owned(),
            issued_at: now,
            expires_at: content.expires_at,
            features: content.features.to_vec(),
        })
    };
    let hwkc = target.keys.hwkc;
    let primary = sign(hwkc);
    let activation_code = primary.file.activation_code.clone();
    let (file_name, content_type, bytes) =
        match packaging(target.system_type, target.keys, target.secondary) {
            // A demo must not overwrite the real license file in the user's downloads.
            Packaging::Plain { .. } if content.kind == FileKind::Demo => (
                format!("{hwkc}-demo.lic"),
                TEXT_CONTENT_TYPE,
                primary.text.into_bytes(),
            ),
            Packaging::Plain { file_name } => {
                (file_name, TEXT_CONTENT_TYPE, primary.text.into_bytes())
            }
            Packaging::Zip { file_name, entries } => {
                let log = issue_log(target, content.features, &activation_code, now);
                let bytes = zip(&file_name, entries, |entry| match entry {
                    ZipEntry::License { hwkc: of, .. } if of.as_str() == hwkc => {
                        primary.text.clone().into_bytes()
                    }
                    ZipEntry::License { hwkc: of, .. } => sign(of).text.into_bytes(),
                    ZipEntry::Log { .. } => log.clone().into_bytes(),
                })?;
                (file_name, ZIP_CONTENT_TYPE, bytes)
            }
        };
    Ok(Rendered {
        file_name,
        content_type,
        content: bytes,
        key_id: key.key_id().to_owned(),
        activation_code,
    })
}

/// A zip archive named `file_name` of `entries`, each with the bytes `bytes_of` gives it.
fn zip(
    file_name: &str,
    entries: Vec<ZipEntry>,
    mut bytes_of: impl FnMut(&ZipEntry) -> Vec<u8>,
) -> Result<Vec<u8>, RenderError> {
    let failed = |source| RenderError::Zip {
        file_name: file_name.to_owned(),
        source,
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for entry in entries {
        let bytes = bytes_of(&entry);
        let (ZipEntry::License { name, .. } | ZipEntry::Log { name }) = entry;
        zip.start_file(name, options)
            .and_then(|()| Ok(zip.write_all(&bytes)?))
            .map_err(failed)?;
    }
    let cursor = zip.finish().map_err(failed)?;
    Ok(cursor.into_inner())
}

/// The plain-text log a zip download carries: what was issued, to which location, when.
pub fn issue_log(
    target: &FileTarget<'_>,
    features: &[Stacked],
    activation_code: &str,
    now: DateTime<Utc>,
) -> String {
    let mut out = format!(
        "LMS license issue log\nlocation: {}\nsystem-type: {}\nhwkc: {}\nissued-at: {}\nactivation-code: {activation_code}\n",
        target.location_name,
        target.system_type.code(),
        target.keys.hwkc,
        now.to_rfc3339_opts(SecondsFormat::Secs, true)
    );
    if let Some(product_key) = target.keys.product_key {
        out.push_str(&format!("product-key: {product_key}\n"));
    }
    for f in features {
        out.push_str(&format!("feature: {} {}\n", f.feature, f.value));
    }
    out
}

#[cfg(test)]
mod tests;
