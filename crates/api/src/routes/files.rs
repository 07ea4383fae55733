//! Activation and license files: activate (with the agreement), preview, download,
//! regenerate, demo licenses, and the public signing keys.

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use lms_domain::SystemType;
use lms_domain::field::FieldError;
use lms_domain::ids::{AttachmentId, LocationId};
use lms_domain::license::{LicenseSigningKey, check_agreement};
use lms_store::DbConnection;
use lms_store::activation::{self, ActivationError};
use lms_store::audit::Actor;
use lms_store::files::StoredFile;
use lms_store::swa;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, path_id};
use crate::routes::licenses::StackedView;
use crate::routes::swa::{QuoteView, may_use_swa};
use crate::state::AppState;

/// Attachments to activate, and the explicit acceptance of the license agreement.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"attachment_ids": ["0b8f1d0e-2c55-4a8e-9d0c-3f1a7a2b9c11"], "accept_license_agreement": true}))]
pub struct ActivateBody {
    #[schema(min_items = 1)]
    pub attachment_ids: Vec<uuid::Uuid>,
    /// Must be `true`: activation is permanent.
    #[schema(schema_with = must_be_true)]
    pub accept_license_agreement: bool,
}

fn must_be_true() -> utoipa::openapi::Object {
    crate::openapi::only_true("Must be `true`: activation is permanent.")
}

/// A license file to download.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileLink {
    pub name: String,
    /// Where to download it (`GET`, with the same token).
    pub url: String,
    pub activation_code: Option<String>,
}

/// What an activation produced.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivationView {
    pub id: uuid::Uuid,
    /// Derived from the signed file; `null` for external products (their file comes later).
    pub activation_code: Option<String>,
    pub license_file: Option<FileLink>,
    /// Everything now activated on the location, stacked.
    pub stacked: Vec<StackedView>,
    /// For callers with an SWA role: the 12-month SWA quote for the location, offered right
    /// after activation (`POST /locations/{id}/swa-assignments` takes it); absent when the
    /// location cannot be quoted (e.g. SWA already active) or the caller has no SWA role.
    pub swa_quote: Option<QuoteView>,
}

/// The term of the quote offered after activation.
const OFFER_MONTHS: u32 = 12;

/// The download link of a stored file.
pub(crate) fn link(location: LocationId, file: &StoredFile) -> FileLink {
    FileLink {
        name: file.file_name.clone(),
        url: format!("/api/v1/locations/{location}/license-file"),
        activation_code: file.activation_code.clone(),
    }
}

/// Activate attached licenses — permanently — and produce the location's license file.
#[utoipa::path(
    tag = "licenses",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    request_body = ActivateBody,
    responses(
        (status = 201, description = "Activated", body = ActivationView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Vendor staff cannot activate", body = ErrorBody),
        (status = 404, description = "No such location or attachment", body = ErrorBody),
        (status = 409, description = "Already activated, or the result would break a product rule (the guide's codes)", body = ErrorBody),
        (status = 422, description = "Agreement not accepted, or no attachment named", body = ErrorBody),
    )
)]
#[post("/locations/{id}/activations")]
pub async fn activate(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<ActivateBody>,
) -> Result<HttpResponse, ApiError> {
    let id: LocationId = path_id(&id, "location")?;
    let body = body.into_inner();
    check_agreement(body.accept_license_agreement)?;
    let (actor, key) = (caller.actor(), state.keyring.current.clone());
    let (now, policy, offer_swa) = (state.clock.now(), state.swa, may_use_swa(&caller));
    let scope = caller.scope();
    let (done, swa_quote) = state
        .db(move |c| {
            let ids: Vec<AttachmentId> = body
                .attachment_ids
                .iter()
                .copied()
                .map(AttachmentId)
                .collect();
            let done = activation::activate(c, &actor, id, &ids, &key, now)?;
            // The guide's pop-up: the SWA quote right after activation, for whoever may
            // assign SWA, when the location can be quoted.
            let quote = if offer_swa {
                swa::quote_location(c, scope, id, OFFER_MONTHS, policy, now)?.ok()
            } else {
                None
            };
            Ok::<_, ApiError>((done, quote))
        })
        .await?;
    Ok(HttpResponse::Created().json(ActivationView {
        id: done.id.0,
        activation_code: done.activation_code,
        license_file: done.file.as_ref().map(|f| link(id, f)),
        stacked: done.stacked.into_iter().map(Into::into).collect(),
        swa_quote: swa_quote.map(|q| QuoteView::new(OFFER_MONTHS, Ok(q))),
    }))
}

/// Which attachments a preview assumes activated.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PreviewQuery {
    /// Comma-separated attachment ids.
    #[param(
        pattern = "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(,[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})*)?$"
    )]
    pub attachment_ids: String,
}

/// The file an activation would produce; nothing changes.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewView {
    pub file_name: String,
    pub system_type: SystemType,
    pub hwkc: String,
    /// What the current file holds.
    pub current: Vec<StackedView>,
    /// What the file would hold after the activation.
    pub after: Vec<StackedView>,
    /// `null`, or the product rule the activation would break (its code and message).
    pub rule_violation: Option<RuleViolation>,
}

/// A product rule an activation would break.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleViolation {
    pub code: lms_domain::ErrorCode,
    pub message: String,
    pub user_action: String,
}

/// Preview the license file before the irreversible activation.
#[utoipa::path(
    tag = "licenses",
    params(("id" = uuid::Uuid, Path, description = "Location id"), PreviewQuery),
    responses(
        (status = 200, description = "The file's content after the activation", body = PreviewView),
        (status = 400, description = "Bad query", body = ErrorBody),
        (status = 404, description = "No such location or attachment", body = ErrorBody),
        (status = 409, description = "An attachment is already activated", body = ErrorBody),
        (status = 422, description = "Malformed attachment id", body = ErrorBody),
    )
)]
#[get("/locations/{id}/license-preview")]
pub async fn preview(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: web::Query<PreviewQuery>,
) -> Result<web::Json<PreviewView>, ApiError> {
    let id: LocationId = path_id(&id, "location")?;
    let ids = query
        .attachment_ids
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse::<AttachmentId>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| {
            // A query parameter: named, not pointed at.
            ApiError::from(FieldError::new(
                "attachment_ids",
                "attachment_ids must be comma-separated ids",
            ))
            .with_field("attachment_ids")
        })?;
    let scope = caller.scope();
    let p = state
        .db(move |c| activation::preview(c, scope, id, &ids))
        .await?;
    Ok(web::Json(PreviewView {
        file_name: p.file_name,
        system_type: p.location.system_type,
        hwkc: p.location.hwkc.into_inner(),
        current: p.before.into_iter().map(Into::into).collect(),
        after: p.after.into_iter().map(Into::into).collect(),
        rule_violation: p.rule_violation.map(|r| RuleViolation {
            code: r.code(),
            message: r.to_string(),
            user_action: r.user_action().to_owned(),
        }),
    }))
}

fn file_response(status: actix_web::http::StatusCode, file: StoredFile) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    response
        .content_type(file.content_type.as_str())
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            // Uploads are checked for control characters; a name stored before that check
            // must not break the header either.
            parameters: vec![DispositionParam::Filename(
                file.file_name.chars().filter(|c| !c.is_control()).collect(),
            )],
        });
    if let Some(code) = &file.activation_code {
        response.insert_header(("x-activation-code", code.as_str()));
    }
    response.body(file.content)
}

/// A store step that signs a new file for a location, as an actor, with a key, now.
type SignStep<T> = fn(
    &mut DbConnection,
    &Actor,
    LocationId,
    &LicenseSigningKey,
    DateTime<Utc>,
) -> Result<T, ActivationError>;

/// Runs `step` for the location named in the path, as the caller, with the current key:
/// regenerating a file and issuing a demo differ only in the step.
async fn sign_new<T: Send + 'static>(
    state: &AppState,
    caller: &Caller,
    id: &str,
    step: SignStep<T>,
) -> Result<(LocationId, T), ApiError> {
    let id: LocationId = path_id(id, "location")?;
    let (actor, key) = (caller.actor(), state.keyring.current.clone());
    let now = state.clock.now();
    let signed = state.db(move |c| step(c, &actor, id, &key, now)).await?;
    Ok((id, signed))
}

/// Download the location's license file (a text file, or a zip for BX/OVOC and SR-MGC).
#[utoipa::path(
    tag = "licenses",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/plain"), (Vec<u8> = "application/zip")
        )),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
        (status = 409, description = "Nothing activated yet, or an external product's file not available yet", body = ErrorBody),
    )
)]
#[get("/locations/{id}/license-file")]
pub async fn download(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: LocationId = path_id(&id, "location")?;
    let scope = caller.scope();
    let file = state
        .db(move |c| activation::download(c, scope, id))
        .await?;
    Ok(file_response(actix_web::http::StatusCode::OK, file))
}

/// Produce the license file again from everything activated so far.
#[utoipa::path(
    tag = "licenses",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    responses(
        (status = 201, description = "A new file", body = FileLink),
        (status = 403, description = "Vendor staff cannot regenerate", body = ErrorBody),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
        (status = 409, description = "Nothing activated, or an external product", body = ErrorBody),
    )
)]
#[post("/locations/{id}/license-file")]
pub async fn regenerate(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (id, file) = sign_new(&state, &caller, &id, activation::regenerate).await?;
    Ok(HttpResponse::Created().json(link(id, &file)))
}

/// Issue a 30-day demo license opening every feature; uses one of the location's two.
/// The remaining count is in `x-demo-licenses-remaining`.
#[utoipa::path(
    tag = "licenses",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    responses(
        (status = 201, description = "The demo file", content((String = "text/plain"))),
        (status = 403, description = "Vendor staff cannot issue demos", body = ErrorBody),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
        (status = 409, description = "No demo licenses left, or none for this system type", body = ErrorBody),

    )
)]
#[post("/locations/{id}/demo-licenses")]
pub async fn demo(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (_, (file, remaining)) = sign_new(&state, &caller, &id, activation::demo).await?;
    let mut response = file_response(actix_web::http::StatusCode::CREATED, file);
    if let Ok(value) = remaining.to_string().parse() {
        response.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("x-demo-licenses-remaining"),
            value,
        );
    }
    Ok(response)
}

/// A public key that verifies license files.
#[derive(Debug, Serialize, ToSchema)]
pub struct SigningKeyView {
    pub key_id: String,
    #[schema(example = "Ed25519")]
    pub algorithm: &'static str,
    /// The 32-byte Ed25519 public key, base64.
    pub public_key: String,
    /// Whether new files are signed with it.
    pub current: bool,
}

/// The public keys that verify license files, current and retired (no token needed).
#[utoipa::path(
    tag = "licenses",
    responses((status = 200, description = "Every key ever used", body = Vec<SigningKeyView>)),
    security(())
)]
#[get("/license-signing-keys")]
pub async fn signing_keys(state: web::Data<AppState>) -> web::Json<Vec<SigningKeyView>> {
    let current = state.keyring.current.key_id();
    web::Json(
        state
            .keyring
            .published
            .iter()
            .map(|k| SigningKeyView {
                key_id: k.key_id.clone(),
                algorithm: "Ed25519",
                public_key: k.to_base64(),
                current: k.key_id == current,
            })
            .collect(),
    )
}
