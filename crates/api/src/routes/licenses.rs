//! A location's licenses: attach from the bin, detach back, and the licenses view.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use lms_domain::field::FieldError;
use lms_domain::ids::{AttachmentId, LocationId, PoLineId};
use lms_domain::license::{AttachmentState, PartKind, PartNumber, Stacked, feature_name};
use lms_domain::order::Quantity;
use lms_store::licenses::{self, AttachLine, Attachment, ChildLicenses};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, path_id};
use crate::state::AppState;

/// One PO line and how many of it to attach ("Sel").
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachLineBody {
    pub po_line_id: uuid::Uuid,
    /// 1 to 1,000,000; leave out the parts you do not want.
    #[schema(minimum = 1, maximum = 1_000_000)]
    pub quantity: u32,
}

/// What to attach to the location.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"lines": [{"po_line_id": "0b8f1d0e-2c55-4a8e-9d0c-3f1a7a2b9c11", "quantity": 2}]}))]
pub struct AttachBody {
    /// At least one line, each PO line at most once (a PO line twice is 422).
    #[schema(min_items = 1)]
    pub lines: Vec<AttachLineBody>,
}

/// Licenses of one PO line on a location.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentView {
    pub id: uuid::Uuid,
    pub po_line_id: uuid::Uuid,
    pub po_number: String,
    pub part_number: String,
    pub quantity: i32,
    /// `attached` (may be detached), `activated` (permanent), or `migrated` (was activated
    /// here; now on the location this one migrated to).
    pub state: AttachmentStateView,
    pub attached_at: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
}

/// Where an attachment stands.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentStateView {
    Attached,
    Activated,
    Migrated,
}

impl From<Attachment> for AttachmentView {
    fn from(a: Attachment) -> Self {
        Self {
            id: a.id.0,
            po_line_id: a.po_line_id.0,
            po_number: a.po_number,
            part_number: a.part_number,
            quantity: a.quantity,
            state: match a.state {
                AttachmentState::Attached => AttachmentStateView::Attached,
                AttachmentState::Activated => AttachmentStateView::Activated,
                AttachmentState::Migrated => AttachmentStateView::Migrated,
            },
            attached_at: a.attached_at,
            activated_at: a.activated_at,
        }
    }
}

/// A location's licenses.
#[derive(Debug, Serialize, ToSchema)]
pub struct LocationLicensesView {
    pub attached: Vec<AttachmentView>,
    pub activated: Vec<AttachmentView>,
    /// Everything activated, stacked: quantities add up, versions take the highest.
    pub stacked: Vec<StackedView>,
    /// A migrated location's licenses as they were activated here, read-only: they are on
    /// the location named by its `migrated_to`. Empty for every other location.
    pub migrated: Vec<AttachmentView>,
    /// An SV8500's SR-MGC child locations with their activated licenses, shown on the
    /// parent's page as well (each licensed under its own temporary key); empty for other
    /// types.
    pub sr_mgc: Vec<ChildLicensesView>,
}

/// The activated licenses of one SR-MGC child location.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChildLicensesView {
    pub location_id: uuid::Uuid,
    pub name: String,
    /// The child's temporary key, which its license file is issued for.
    pub hwkc: String,
    pub activated: Vec<AttachmentView>,
    pub stacked: Vec<StackedView>,
}

impl From<ChildLicenses> for ChildLicensesView {
    fn from(c: ChildLicenses) -> Self {
        Self {
            location_id: c.location.0,
            name: c.name,
            hwkc: c.hwkc,
            activated: c.activated.into_iter().map(Into::into).collect(),
            stacked: c.stacked.into_iter().map(Into::into).collect(),
        }
    }
}

/// The stacked value of one feature, with the feature's name.
// Named `Stacked` in the OpenAPI document, as the domain type it wraps always was there.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Stacked)]
pub struct StackedView {
    /// The feature key, e.g. `ports.ip`.
    pub feature: String,
    /// The feature as a partner reads it, e.g. "IP extension ports".
    pub feature_name: String,
    pub kind: PartKind,
    /// The sum (quantity, option) or the highest version.
    pub value: u64,
    /// The parts that contributed, sorted and without duplicates. For a version that is the
    /// part(s) carrying the winning version only: a superseded release grants nothing.
    pub part_numbers: Vec<PartNumber>,
}

impl From<Stacked> for StackedView {
    fn from(s: Stacked) -> Self {
        Self {
            feature_name: feature_name(&s.feature).into_owned(),
            feature: s.feature,
            kind: s.kind,
            value: s.value,
            part_numbers: s.part_numbers,
        }
    }
}

/// Attach licenses from the bin to a location.
#[utoipa::path(
    tag = "licenses",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    request_body = AttachBody,
    responses(
        (status = 201, description = "The new attachments", body = Vec<AttachmentView>),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Vendor staff cannot attach", body = ErrorBody),
        (status = 404, description = "No such location for this partner, or no such PO line in its bin", body = ErrorBody),
        (status = 409, description = "Not enough quantity left, a part not for this system type, or a PO that must be attached whole", body = ErrorBody),
        (status = 422, description = "No lines, a line twice, or a quantity out of range", body = ErrorBody),
    )
)]
#[post("/locations/{id}/attachments")]
pub async fn attach(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<AttachBody>,
) -> Result<HttpResponse, ApiError> {
    let id: LocationId = path_id(&id, "location")?;
    let lines = body
        .into_inner()
        .lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            Ok(AttachLine {
                po_line_id: PoLineId(l.po_line_id),
                quantity: Quantity::new(format!("lines/{i}/quantity"), l.quantity.into())?,
            })
        })
        .collect::<Result<Vec<_>, FieldError>>()?;
    let actor = caller.actor();
    let now = state.clock.now();
    let created = state
        .db(move |c| licenses::attach(c, &actor, id, &lines, now))
        .await?;
    Ok(HttpResponse::Created().json(
        created
            .into_iter()
            .map(AttachmentView::from)
            .collect::<Vec<_>>(),
    ))
}

/// How much to detach.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DetachQuery {
    /// Detach only this many (1 to 1,000,000); all when absent.
    #[param(minimum = 1, maximum = 1_000_000)]
    pub quantity: Option<u32>,
}

/// Detach attached (not yet activated) licenses back to the bin.
#[utoipa::path(
    tag = "licenses",
    params(
        ("id" = uuid::Uuid, Path, description = "Location id"),
        ("attachment_id" = uuid::Uuid, Path, description = "Attachment id"),
        DetachQuery,
    ),
    responses(
        (status = 204, description = "Back in the bin"),
        (status = 400, description = "Bad query", body = ErrorBody),
        (status = 403, description = "Vendor staff cannot detach", body = ErrorBody),
        (status = 404, description = "No such location or attachment", body = ErrorBody),
        (status = 409, description = "Activated licenses can never be detached, or more than attached", body = ErrorBody),
        (status = 422, description = "A quantity out of range", body = ErrorBody),
    )
)]
#[delete("/locations/{id}/attachments/{attachment_id}")]
pub async fn detach(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    query: web::Query<DetachQuery>,
) -> Result<HttpResponse, ApiError> {
    let (id, attachment) = path.into_inner();
    let id: LocationId = path_id(&id, "location")?;
    let attachment: AttachmentId = path_id(&attachment, "attachment")?;
    let quantity = query
        .quantity
        .map(|q| Quantity::new("quantity", q.into()))
        .transpose()
        // A query parameter, not a place in a body: named, not pointed at.
        .map_err(|e| ApiError::from(e).with_field("quantity"))?;
    let actor = caller.actor();
    let now = state.clock.now();
    state
        .db(move |c| licenses::detach(c, &actor, id, attachment, quantity, now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A location's attached and activated licenses and their stacked result.
#[utoipa::path(
    tag = "licenses",
    params(("id" = uuid::Uuid, Path, description = "Location id")),
    responses(
        (status = 200, description = "The licenses", body = LocationLicensesView),
        (status = 404, description = "No such location for this partner", body = ErrorBody),
    )
)]
#[get("/locations/{id}/licenses")]
pub async fn location_licenses(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<LocationLicensesView>, ApiError> {
    let id: LocationId = path_id(&id, "location")?;
    let scope = caller.scope();
    let found = state
        .db(move |c| licenses::of_location(c, scope, id))
        .await?;
    Ok(web::Json(LocationLicensesView {
        attached: found.attached.into_iter().map(Into::into).collect(),
        activated: found.activated.into_iter().map(Into::into).collect(),
        stacked: found.stacked.into_iter().map(Into::into).collect(),
        migrated: found.migrated.into_iter().map(Into::into).collect(),
        sr_mgc: found.sr_mgc.into_iter().map(Into::into).collect(),
    }))
}
