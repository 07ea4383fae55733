//! Files that come from outside: the legacy DECT license file a partner uploads once
//! (parsed, confirmed, then approved by a vendor admin — see `dect_imports`), and an external
//! product's license file the vendor supplies.

use actix_web::{HttpResponse, post, put, web};
use lms_domain::ErrorCode;
use lms_domain::ids::{LocationId, UploadId};
use lms_domain::party::Role;
use lms_store::{activation, dect};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{path_id, uploaded_file};
use crate::routes::dect_imports::DectImportView;
use crate::routes::files::FileLink;
use crate::state::AppState;

/// A multipart upload with one file field (any other field is 422 `INVALID_BODY`).
#[derive(Debug, ToSchema)]
#[serde(deny_unknown_fields)]
#[expect(dead_code, reason = "documents the multipart body only")]
pub struct FileUpload {
    /// The file.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Upload the license file of an existing pre-release-6 DECT system (once, before anything
/// is activated). Answers the licenses found, to confirm with the import call.
#[utoipa::path(
    tag = "licenses",
    params(("id" = uuid::Uuid, Path, description = "DECT location id")),
    request_body(content = FileUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Parsed (state `parsed`); confirm with …/import", body = DectImportView),
        (status = 400, description = "Not a multipart upload", body = ErrorBody),
        (status = 403, description = "Vendor staff cannot upload", body = ErrorBody),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
        (status = 413, description = "File too large", body = ErrorBody),
        (status = 422, description = "The guide's codes: INVALID_HARDWARE_KEYCODE, INVALID_FEATURE_CODE_STRING, INVALID_FEATURE_CODE, INVALID_FEATURE_QUANTITY (also above 10,000 per line or per part), INVALID_FEATURE_TIMESTAMP: the file's content is not a legacy DECT license", body = ErrorBody),
        (status = 409, description = "The location cannot take an import: not a DECT location, an import pending or approved, or licenses activated", body = ErrorBody),
    )
)]
#[post("/locations/{id}/dect-license-upload")]
pub async fn upload_dect_file(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    form: actix_multipart::Multipart,
) -> Result<HttpResponse, ApiError> {
    let id: LocationId = path_id(&id, "location")?;
    let (_, bytes) = uploaded_file(form).await?;
    let text = String::from_utf8(bytes).map_err(|_| {
        ApiError::new(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidFeatureCodeString,
            "the file is not text",
        )
        .with_field("file")
    })?;
    let actor = caller.actor();
    let now = state.clock.now();
    let upload = state
        .db(move |c| dect::upload(c, &actor, id, &text, now))
        .await?;
    Ok(HttpResponse::Created().json(DectImportView::from(upload)))
}

/// Confirm a parsed DECT upload. The file is plain text anyone can write, so this asks a
/// vendor admin to approve the import: it answers the request (state `pending`), and the
/// licenses are activated only on approval.
#[utoipa::path(
    tag = "licenses",
    params(
        ("id" = uuid::Uuid, Path, description = "DECT location id"),
        ("upload_id" = uuid::Uuid, Path, description = "From the upload"),
    ),
    responses(
        (status = 202, description = "Requested; waiting for a vendor admin", body = DectImportView),
        (status = 403, description = "Vendor staff cannot import", body = ErrorBody),
        (status = 404, description = "No such location or parsed upload", body = ErrorBody),
        (status = 409, description = "Another import pending or approved, or licenses activated since", body = ErrorBody),
    )
)]
#[post("/locations/{id}/dect-license-upload/{upload_id}/import")]
pub async fn import_dect_file(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, upload) = path.into_inner();
    let id: LocationId = path_id(&id, "location")?;
    let upload: UploadId = path_id(&upload, "upload")?;
    let actor = caller.actor();
    let now = state.clock.now();
    let requested = state
        .db(move |c| dect::request_import(c, &actor, id, upload, now))
        .await?;
    Ok(HttpResponse::Accepted().json(DectImportView::from(requested)))
}

/// Supply the license file of an external product (RCC excepted), produced outside the
/// LMS, against the location's activated licenses (vendor staff or the integration).
#[utoipa::path(
    tag = "admin",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    request_body(content = FileUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored; the partner's download now answers it", body = FileLink),
        (status = 400, description = "Not a multipart upload", body = ErrorBody),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 404, description = "No such location", body = ErrorBody),
        (status = 409, description = "Not an external product, or nothing activated", body = ErrorBody),
        (status = 413, description = "File too large", body = ErrorBody),
        (status = 422, description = "A field other than `file`", body = ErrorBody),
    )
)]
#[put("/admin/locations/{id}/external-license-file")]
pub async fn put_external_file(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    form: actix_multipart::Multipart,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let id: LocationId = path_id(&id, "location")?;
    let (name, bytes) = uploaded_file(form).await?;
    let actor = caller.actor();
    let now = state.clock.now();
    let file = state
        .db(move |c| activation::upload_external(c, &actor, id, &name, bytes, now))
        .await?;
    Ok(HttpResponse::Created().json(crate::routes::files::link(id, &file)))
}
