//! License files: rendering a location's file (the domain's [`render::render`], given the
//! location and fresh license ids), storing it, and reading the latest back.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::SystemType;
use lms_domain::ids::{FileId, LocationId, PartnerId};
use lms_domain::license::render::{self, FileContent, FileTarget, RenderError, Rendered};
use lms_domain::license::{LicenseSigningKey, StoredFileKind};
use lms_domain::packaging::FileKeys;

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
    /// The key the file was made for: only a file for the location's current key is served.
    hwkc: String,
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

impl From<Rendered> for RenderedFile {
    fn from(r: Rendered) -> Self {
        Self {
            file_name: r.file_name,
            content_type: r.content_type.to_owned(),
            content: r.content,
            key_id: Some(r.key_id),
            activation_code: Some(r.activation_code),
        }
    }
}

/// Renders the file of `location` granting `content`, signed by `key`, with fresh random
/// license ids (see [`render::render`]). A BX/OVOC primary's zip also holds the license of
/// its redundant `secondary`; BX/OVOC files are named after the product key.
///
/// # Errors
/// [`RenderError`] when the zip archive cannot be written.
pub fn render(
    location: &Location,
    secondary: Option<&Location>,
    content: &FileContent<'_>,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> Result<RenderedFile, RenderError> {
    let target = FileTarget {
        location_id: location.id,
        location_name: &location.name,
        system_type: location.system_type,
        keys: file_keys(location),
        secondary: secondary.map(file_keys),
    };
    render::render(&target, content, key, now, uuid::Uuid::new_v4).map(Into::into)
}

fn file_keys(location: &Location) -> FileKeys<'_> {
    FileKeys {
        hwkc: location.hwkc.as_str(),
        product_key: location.product_key.as_deref(),
    }
}

/// Stores a rendered file for a location's current key as its next revision. The caller
/// holds the location's lock ([`locations::lock`]), so revisions follow the order of the
/// writes; a unique index on (location, revision) refuses a write that did not.
///
/// # Errors
/// Database errors only.
pub fn insert(
    c: &mut DbConnection,
    partner: PartnerId,
    location: &Location,
    kind: StoredFileKind,
    file: RenderedFile,
    now: DateTime<Utc>,
) -> QueryResult<StoredFile> {
    let (hwkc, location) = (location.hwkc.as_str().to_owned(), location.id);
    let row = FileRow {
        hwkc,
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

/// The newest license (not demo) file of a location made for its current key, if it has
/// one: a file signed for replaced hardware is never served again.
///
/// # Errors
/// [`LocationError::NotFound`] when the location is not visible,
/// [`LocationError::Migrated`] when it migrated.
pub fn latest(
    c: &mut DbConnection,
    scope: Scope,
    location: LocationId,
) -> Result<Option<StoredFile>, LocationError> {
    let found = locations::get(c, scope, location)?;
    // A migrated location's licenses and file are on the location it migrated to.
    found.check_live()?;
    Ok(license_files::table
        .filter(license_files::location_id.eq(location.to_string()))
        .filter(license_files::hwkc.eq(found.hwkc.as_str()))
        .filter(license_files::kind.ne(StoredFileKind::Demo.as_str()))
        .select(FileRow::as_select())
        .order(license_files::revision.desc())
        .first(c)
        .optional()?
        .map(StoredFile::try_from)
        .transpose()?)
}

/// A BX/OVOC primary's redundant secondary, if it has one.
///
/// # Errors
/// Database errors only.
pub fn secondary(
    c: &mut DbConnection,
    scope: Scope,
    location: &Location,
) -> Result<Option<Location>, LocationError> {
    if location.system_type != SystemType::BxOvoc || location.parent_id.is_some() {
        return Ok(None);
    }
    Ok(locations::children(c, scope, location.id)?
        .into_iter()
        .find(|l| l.system_type == SystemType::BxOvoc))
}
