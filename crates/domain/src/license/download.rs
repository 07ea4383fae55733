//! Checking a downloaded license file offline, as `lms verify` does: a plain `.lic`, or a zip
//! the LMS produced (BX/OVOC, SR-MGC) whose every `.lic` entry must verify; the issue log in
//! a zip is not signed and not checked.

use std::io::Read as _;

use super::file::{LicenseFile, PublicSigningKey, VerifyError, verify};

/// A download did not verify.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error("{name}: {source}")]
    License {
        name: String,
        #[source]
        source: VerifyError,
    },
    #[error("not a license file: {0}")]
    NotText(std::str::Utf8Error),
    #[error("not a readable zip archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("{0}: not readable: {1}")]
    Entry(String, std::io::Error),
    #[error("the zip archive holds no .lic file")]
    NoLicense,
}

/// Verifies every license a download holds against `keys`: `(entry name, license)` in
/// archive order (one entry named `name` for a plain file).
///
/// # Errors
/// [`DownloadError`] for the first entry that does not verify, or an unreadable archive.
pub fn verify_download(
    name: &str,
    bytes: &[u8],
    keys: &[PublicSigningKey],
) -> Result<Vec<(String, LicenseFile)>, DownloadError> {
    let check = |name: &str, text: &str| {
        verify(text, keys).map_err(|source| DownloadError::License {
            name: name.to_owned(),
            source,
        })
    };
    if !bytes.starts_with(b"PK\x03\x04") {
        let text = std::str::from_utf8(bytes).map_err(DownloadError::NotText)?;
        return Ok(vec![(name.to_owned(), check(name, text)?)]);
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut verified = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let entry_name = entry.name().to_owned();
        if !entry_name.ends_with(".lic") {
            continue;
        }
        let mut text = String::new();
        entry
            .read_to_string(&mut text)
            .map_err(|e| DownloadError::Entry(entry_name.clone(), e))?;
        verified.push((entry_name.clone(), check(&entry_name, &text)?));
    }
    if verified.is_empty() {
        return Err(DownloadError::NoLicense);
    }
    Ok(verified)
}
