//! The catalog of system types and the HWKC check, so clients validate the same way we do.

use actix_web::{get, post, web};
use lms_domain::license::{FileAvailability, produces_file};
use lms_domain::{Category, InputKind, SystemType, hwkc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, path_id};
use crate::routes::Paged;

/// A system type and the rule its hardware key codes follow.
#[derive(Debug, Serialize, ToSchema)]
pub struct SystemTypeView {
    /// The stable code ERP clients send, e.g. `SV9100_CP10`.
    pub code: SystemType,
    pub name: &'static str,
    pub category: Category,
    pub hwkc: HwkcRule,
    /// What the user enters to obtain the HWKC.
    pub input: InputKind,
    /// A second way in (iS3000: the full computer name of a dongle-less server).
    pub alternative_input: Option<InputKind>,
    /// Whether locations of this type may obtain demo licenses.
    pub demo_licenses: bool,
    /// Child location types a location of this type may have.
    pub child_types: Vec<SystemType>,
    /// Whether an LMC child location is created automatically.
    pub auto_lmc_child: bool,
    /// Who produces the license file: the LMS at activation (`generated`, also RCC's
    /// `external_immediate`), or the vendor later (`external`).
    pub license_file: FileAvailability,
    /// Whether the location body takes `secondary_hwkc` (an SV9500 redundant pair).
    pub takes_secondary_hwkc: bool,
    /// Whether the location body takes `product_key` (BX/OVOC hardware needs it).
    pub takes_product_key: bool,
    /// Whether a child location of this type may leave `hwkc` out, the LMS deriving it
    /// from the parent's.
    pub hwkc_from_parent: bool,
    /// Whether a legacy DECT license file may be uploaded to locations of this type.
    pub dect_upload: bool,
    /// The one feature that may be attached while the location has its temporary key
    /// (the SV9500 standard server's virtualization option); `null` when no such limit.
    pub temp_key_feature: Option<&'static str>,
}

/// The format of a system type's HWKC.
#[derive(Debug, Serialize, ToSchema)]
pub struct HwkcRule {
    /// An anchored regular expression, valid in Rust and JavaScript, matching the stored form.
    pub pattern: &'static str,
    pub example: &'static str,
    pub description: &'static str,
}

impl From<SystemType> for SystemTypeView {
    fn from(t: SystemType) -> Self {
        Self {
            code: t,
            name: t.name(),
            category: t.category(),
            hwkc: HwkcRule {
                pattern: t.hwkc_pattern(),
                example: t.hwkc_example(),
                description: t.hwkc_description(),
            },
            input: t.input(),
            alternative_input: t.alternative_input(),
            demo_licenses: t.demo_licenses(),
            child_types: t.allowed_child_types().to_vec(),
            auto_lmc_child: t.auto_lmc_child(),
            license_file: produces_file(t),
            takes_secondary_hwkc: t.takes_secondary_hwkc(),
            takes_product_key: t.takes_product_key(),
            hwkc_from_parent: t.hwkc_from_parent(),
            dect_upload: t.dect_upload(),
            temp_key_feature: t.temp_key_feature(),
        }
    }
}

/// A value to check against a system type's HWKC rule.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"value": "4410011575A6"}))]
pub struct HwkcCheckBody {
    /// Any text: the answer says whether it is a valid key code.
    #[schema(pattern = "^[\\s\\S]*$")]
    pub value: String,
}

/// The verdict on a HWKC.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"valid": false, "normalized": null, "error": "\"4410011575A6\" is not a valid hardware key code for SV9100 CP10: expected 12 hexadecimal characters starting with 34, e.g. 340209224568 (it looks like a SV9100 CP20 code)", "looks_like": "SV9100_CP20"}))]
pub struct HwkcCheckView {
    pub valid: bool,
    /// The form that would be stored (trimmed, upper-cased hex, QR form unwrapped).
    pub normalized: Option<String>,
    pub error: Option<String>,
    pub looks_like: Option<SystemType>,
}

/// List the system types with their HWKC rules and inputs.
#[utoipa::path(
    tag = "catalog",
    responses(
        (status = 200, description = "Every system type", body = Paged<SystemTypeView>),
    )
)]
#[get("/system-types")]
pub async fn list_system_types(_caller: Caller) -> web::Json<Paged<SystemTypeView>> {
    web::Json(Paged {
        items: SystemType::ALL.into_iter().map(Into::into).collect(),
        next_cursor: None,
    })
}

/// Check a HWKC for a system type without creating anything.
#[utoipa::path(
    tag = "catalog",
    params(("code" = String, Path, description = "A system type code", example = "SV9100_CP10")),
    request_body = HwkcCheckBody,
    responses(
        (status = 200, description = "The verdict", body = HwkcCheckView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 404, description = "Unknown system type", body = ErrorBody),
        (status = 422, description = "Missing or unknown field", body = ErrorBody),
    )
)]
#[post("/system-types/{code}/hwkc-check")]
pub async fn check_hwkc(
    _caller: Caller,
    code: web::Path<String>,
    body: Json<HwkcCheckBody>,
) -> Result<web::Json<HwkcCheckView>, ApiError> {
    let system_type: SystemType = path_id(&code, "system type")?;
    let check = hwkc::check(system_type, &body.value);
    Ok(web::Json(HwkcCheckView {
        valid: check.valid,
        normalized: check.normalized,
        error: check.error,
        looks_like: check.looks_like,
    }))
}
