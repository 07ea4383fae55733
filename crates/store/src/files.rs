//! License files: rendering a location's file from everything activated on it (signed,
//! packaged as the system type wants), storing it, and reading the latest back.

use std::io::Write;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::SystemType;
use lms_domain::ids::{FileId, LocationId, PartnerId};
use lms_domain::license::{FileKind, LicenseSigningKey, Stacked, StoredFileKind, UnsignedLicense};
use lms_domain::packaging::{Packaging, ZipEntry, packaging};

use crate::Scope;
use crate::convert::{naive, stored, utc};
use crate::db::DbConnection;
use crate::locations::{self, Location, LocationError};
use crate::schema::license_files;

/// A stored license file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub id: FileId,
    pub location_id: LocationId,
    pub kind: StoredFileKind,
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
    pub key_id: Option<String>,
    pub activation_code: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = license_files)]
struct FileRow {
    id: String,
    partner_id: String,
    location_id: String,
    kind: String,
    file_name: String,
    content_type: String,
    content: Vec<u8>,
    key_id: Option<String>,
    activation_code: Option<String>,
    created_at: chrono::NaiveDateTime,
    /// 1, 2, … per location, in the order the files were stored.
    revision: i32,
}

impl TryFrom<FileRow> for StoredFile {
    type Error = diesel::result::Error;

    fn try_from(r: FileRow) -> QueryResult<Self> {
        Ok(Self {
            id: stored(&r.id)?,
            location_id: stored(&r.location_id)?,
            kind: stored(&r.kind)?,
            file_name: r.file_name,
            content_type: r.content_type,
            content: r.content,
            key_id: r.key_id,
            activation_code: r.activation_code,
            created_at: utc(r.created_at),
        })
    }
}

/// A file before it is stored: rendered and signed here, or uploaded (external products).
#[derive(Debug, Clone)]
pub struct RenderedFile {
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
    /// `None` for files produced outside the LMS.
    pub key_id: Option<String>,
    pub activation_code: Option<String>,
}

/// Renders the file of `location` with `features`, signed by `key`. A BX/OVOC primary's zip
/// also holds the license of its redundant secondary (`secondary_hwkc`).
pub fn render(
    location: &Location,
    secondary_hwkc: Option<&str>,
    features: &[Stacked],
    kind: FileKind,
    expires_at: Option<DateTime<Utc>>,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> RenderedFile {
    let sign = |hwkc: &str| {
        key.sign(UnsignedLicense {
            license_id: uuid::Uuid::new_v4(),
            kind,
            location_id: location.id,
            location_name: location.name.clone(),
            system_type: location.system_type,
            hwkc: hwkc.to_owned(),
            issued_at: now,
            expires_at,
            features: features.to_vec(),
        })
    };
    let primary = sign(location.hwkc.as_str());
    let activation_code = primary.file.activation_code.clone();
    let (file_name, content_type, content) =
        match packaging(location.system_type, location.hwkc.as_str(), secondary_hwkc) {
            // A demo must not overwrite the real license file in the user's downloads.
            Packaging::Plain { .. } if kind == FileKind::Demo => (
                format!("{}-demo.lic", location.hwkc),
                "text/plain; charset=utf-8",
                primary.text.into_bytes(),
            ),
            Packaging::Plain { file_name } => (
                file_name,
                "text/plain; charset=utf-8",
                primary.text.into_bytes(),
            ),
            Packaging::Zip { file_name, entries } => {
                let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
                let options = zip::write::SimpleFileOptions::default();
                for entry in entries {
                    let (name, bytes) = match entry {
                        ZipEntry::License { name, hwkc } if hwkc == location.hwkc.as_str() => {
                            (name, primary.text.clone().into_bytes())
                        }
                        ZipEntry::License { name, hwkc } => (name, sign(&hwkc).text.into_bytes()),
                        ZipEntry::Log { name } => (
                            name,
                            log(location, features, &activation_code, now).into_bytes(),
                        ),
                    };
                    // Writing into memory cannot fail short of running out of it.
                    let _ = zip
                        .start_file(name, options)
                        .and_then(|()| Ok(zip.write_all(&bytes)?));
                }
                let bytes = zip
                    .finish()
                    .map(std::io::Cursor::into_inner)
                    .unwrap_or_default();
                (file_name, "application/zip", bytes)
            }
        };
    RenderedFile {
        file_name,
        content_type: content_type.to_owned(),
        content,
        key_id: Some(key.key_id().to_owned()),
        activation_code: Some(activation_code),
    }
}

fn log(location: &Location, features: &[Stacked], code: &str, now: DateTime<Utc>) -> String {
    let mut out = format!(
        "LMS license issue log\nlocation: {}\nsystem-type: {}\nhwkc: {}\nissued-at: {}\nactivation-code: {code}\n",
        location.name,
        location.system_type.code(),
        location.hwkc,
        now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    for f in features {
        out.push_str(&format!("feature: {} {}\n", f.feature, f.value));
    }
    out
}

/// Stores a rendered file for a location as its next revision. The caller holds the
/// location's lock ([`locations::lock`]), so revisions follow the order of the writes; a
/// unique index on (location, revision) refuses a write that did not.
///
/// # Errors
/// Database errors only.
pub fn insert(
    c: &mut DbConnection,
    partner: PartnerId,
    location: LocationId,
    kind: StoredFileKind,
    file: RenderedFile,
    now: DateTime<Utc>,
) -> QueryResult<StoredFile> {
    let row = FileRow {
        // v7: time-ordered, so "newest" is well defined within one clock tick too.
        id: uuid::Uuid::now_v7().to_string(),
        partner_id: partner.to_string(),
        location_id: location.to_string(),
        kind: kind.as_str().to_owned(),
        file_name: file.file_name,
        content_type: file.content_type,
        content: file.content,
        key_id: file.key_id,
        activation_code: file.activation_code,
        created_at: naive(now),
        revision: 1 + license_files::table
            .filter(license_files::location_id.eq(location.to_string()))
            .select(diesel::dsl::max(license_files::revision))
            .first::<Option<i32>>(c)?
            .unwrap_or(0),
    };
    diesel::insert_into(license_files::table)
        .values(&row)
        .execute(c)?;
    row.try_into()
}

/// The newest license (not demo) file of a location, if it has one.
///
/// # Errors
/// [`LocationError::NotFound`] when the location is not visible.
pub fn latest(
    c: &mut DbConnection,
    scope: Scope,
    location: LocationId,
) -> Result<Option<StoredFile>, LocationError> {
    locations::get(c, scope, location)?;
    Ok(license_files::table
        .filter(license_files::location_id.eq(location.to_string()))
        .filter(license_files::kind.ne(StoredFileKind::Demo.as_str()))
        .select(FileRow::as_select())
        .order(license_files::revision.desc())
        .first(c)
        .optional()?
        .map(StoredFile::try_from)
        .transpose()?)
}

/// The HWKC of a BX/OVOC primary's redundant secondary, if it has one.
///
/// # Errors
/// Database errors only.
pub fn secondary_hwkc(
    c: &mut DbConnection,
    scope: Scope,
    location: &Location,
) -> Result<Option<String>, LocationError> {
    if location.system_type != SystemType::BxOvoc || location.parent_id.is_some() {
        return Ok(None);
    }
    Ok(locations::children(c, scope, location.id)?
        .into_iter()
        .find(|l| l.system_type == SystemType::BxOvoc)
        .map(|l| l.hwkc.into_inner()))
}
