//! The one error type every handler returns, and the mapping of each operation's errors to
//! HTTP status, stable code, message and field. Internal causes are logged, never sent.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use lms_domain::field::FieldError;
use lms_domain::hardware::{MigrationError, NewKeyError, ReplacementError};
use lms_domain::license::dect_upload::DectUploadError;
use lms_domain::license::{AgreementNotAccepted, AttachRuleError, PartRuleError};
use lms_domain::location::LocationRuleError;
use lms_domain::packaging::ServerHwkcError;
use lms_domain::search::SearchQueryError;
use lms_domain::{ErrorCode, HwkcError};
use lms_store::PagingError;
use lms_store::activation::ActivationError;
use lms_store::bin::ShipError;
use lms_store::customers::CustomerError;
use lms_store::dect::DectError;
use lms_store::licenses::LicenseError;
use lms_store::locations::{LocationError, MigrationFailed, ReplacementFailed};
use lms_store::partners::{CreateAllowanceError, CreatePartnerError};
use lms_store::users::{CreateUserError, UpdateUserError};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// An error answer: `{"error": {"code", "message", "field", "details"}}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    // Boxed: errors travel in every `Result` of the API, so they stay one pointer wide.
    body: Box<ErrorDetail>,
    retry_after: Option<u64>,
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"error": {"code": "INVALID_HARDWARE_KEYCODE", "message": "\"4410011575A6\" is not a valid hardware key code for SV9100 CP10: expected 12 hexadecimal characters starting with 34, e.g. 340209224568 (it looks like a SV9100 CP20 code)", "field": "/hwkc", "details": null, "looks_like": "SV9100_CP20"}}))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong, for programs (`code`, `details`) and people (`message`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine code; each operation documents the codes it can answer.
    pub code: ErrorCode,
    /// A sentence for the user.
    pub message: String,
    /// Where the request is at fault, when one place is: a JSON Pointer into the body
    /// (`/lines/2/quantity`), or the name of a query parameter, header or multipart field
    /// (`limit`, `Idempotency-Key`, `file`).
    pub field: Option<String>,
    /// The facts a program needs, when the code has any, e.g. for `NOT_ENOUGH_QUANTITY`
    /// `{"po_line_id", "part_number", "available", "requested"}`; for a part that does not
    /// fit `{"part_number", "system_type"}`; for `TOO_MANY_REQUESTS`
    /// `{"retry_after_seconds"}`. `null` otherwise.
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
    /// For `INVALID_HARDWARE_KEYCODE`: the system type whose format the value fits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub looks_like: Option<String>,
}

impl ApiError {
    /// An error with the given status, code and message.
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            body: Box::new(ErrorDetail {
                code,
                message: message.into(),
                field: None,
                details: None,
                looks_like: None,
            }),
            retry_after: None,
        }
    }

    /// Adds the machine-readable facts of the error.
    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.body.details = Some(details);
        self
    }

    /// Names the request field at fault.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.body.field = Some(field.into());
        self
    }

    /// 401: no or bad credentials.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
            message,
        )
    }

    /// 403: authenticated, but not allowed.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
    }

    /// 404 for an object that does not exist or belongs to another partner.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("{what} not found"),
        )
    }

    /// 429 with the seconds to wait.
    pub fn too_many_requests(message: impl Into<String>, retry_after_secs: u64) -> Self {
        let wait = retry_after_secs.max(1);
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyRequests,
            message,
        )
        .with_details(serde_json::json!({"retry_after_seconds": wait}));
        e.retry_after = Some(wait);
        e
    }

    /// 503 with the seconds to wait: the server is saturated.
    pub fn busy(message: impl Into<String>, retry_after_secs: u64) -> Self {
        let mut e = Self::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Busy, message);
        e.retry_after = Some(retry_after_secs.max(1));
        e
    }

    /// 500: logs the cause, answers a generic message.
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        let cause = cause.into();
        tracing::error!(error = %cause, causes = %source_chain(cause.as_ref()), "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::InternalError,
            "something went wrong on our side; it has been logged",
        )
    }

    /// 503: the database cannot be reached.
    pub fn unavailable(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "database unavailable");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::DatabaseUnavailable,
            "the database is not reachable; try again shortly",
        )
    }

    /// The stable code, for logs and tests.
    pub fn code(&self) -> ErrorCode {
        self.body.code
    }

    /// The HTTP status it answers.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// What the body says, e.g. for one item of a batch.
    pub fn into_detail(self) -> ErrorDetail {
        *self.body
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.body.code,
            self.body.message
        )
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if let Some(secs) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, HeaderValue::from(secs)));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        response.json(ErrorBody {
            error: (*self.body).clone(),
        })
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        // A field error names a path in the JSON body: answer it as a JSON Pointer.
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, e.code, e.message)
            .with_field(format!("/{}", e.field))
    }
}

impl From<(&'static str, HwkcError)> for ApiError {
    fn from((field, e): (&'static str, HwkcError)) -> Self {
        hwkc_error(StatusCode::UNPROCESSABLE_ENTITY, field, &e)
    }
}

/// `INVALID_HARDWARE_KEYCODE` on `field`, with the type the value looks like: 422 when the
/// request alone is wrong, 409 when the stored location's type decides.
fn hwkc_error(status: StatusCode, field: &str, e: &HwkcError) -> ApiError {
    let mut api = ApiError::new(status, ErrorCode::InvalidHardwareKeycode, e.to_string())
        .with_field(format!("/{field}"));
    api.body.looks_like = e.looks_like.map(|t| t.code().to_owned());
    api
}

impl From<LocationRuleError> for ApiError {
    fn from(e: LocationRuleError) -> Self {
        let message = e.to_string();
        match e {
            LocationRuleError::Invalid(f) => f.into(),
            LocationRuleError::Hwkc { field, error } => (field, error).into(),
            LocationRuleError::ParentRequired(_) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ParentRequired,
                message,
            )
            .with_field("/system_type"),
            LocationRuleError::NotAChildType(_) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::NotAChildType,
                message,
            )
            .with_field("/system_type"),
            // The parent's type is stored state: another parent takes this child.
            LocationRuleError::ChildNotAllowed { .. } => Self::new(
                StatusCode::CONFLICT,
                ErrorCode::ChildTypeNotAllowed,
                message,
            )
            .with_field("/system_type"),
            LocationRuleError::HwkcNotDerivable(_) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::HwkcNotDerivable, message)
                    .with_field("/hwkc")
            }
            LocationRuleError::ChildExists(_) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::ChildExists, message)
                    .with_field("/system_type")
            }
            LocationRuleError::ParentAlreadyActivated => Self::new(
                StatusCode::CONFLICT,
                ErrorCode::ParentAlreadyActivated,
                message,
            ),
        }
    }
}

impl From<AgreementNotAccepted> for ApiError {
    fn from(e: AgreementNotAccepted) -> Self {
        FieldError::with_code(
            ErrorCode::LicenseAgreementNotAccepted,
            "accept_license_agreement",
            e.to_string(),
        )
        .into()
    }
}

impl From<SearchQueryError> for ApiError {
    fn from(e: SearchQueryError) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidQuery,
            e.to_string(),
        )
        .with_field("q")
    }
}

impl From<PagingError> for ApiError {
    fn from(e: PagingError) -> Self {
        let field = match e {
            PagingError::Limit => "limit",
            PagingError::Cursor => "cursor",
        };
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidPaging,
            e.to_string(),
        )
        .with_field(field)
    }
}

impl From<lms_store::QueryError> for ApiError {
    fn from(e: lms_store::QueryError) -> Self {
        use lms_store::db::RetryableError;
        // Still conflicting after every retry (see `db::write_tx`): nothing was changed, and
        // the same request a moment later is expected to pass.
        if e.is_retryable() {
            tracing::warn!(error = %e, "transaction conflict persisted; answering 503");
            return Self::busy(
                "the data changed under this request too often; nothing was changed, try again",
                1,
            );
        }
        Self::internal(e)
    }
}

/// Every `source()` below an error, outermost first, joined with `: ` (empty when none): what
/// a log line needs to tell a corrupt row from a lost connection.
pub fn source_chain(error: &(dyn std::error::Error + 'static)) -> String {
    std::iter::successors(error.source(), |e| e.source())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}

fn partner_required(message: String) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, ErrorCode::PartnerRequired, message)
}

impl From<CustomerError> for ApiError {
    fn from(e: CustomerError) -> Self {
        match e {
            CustomerError::NotFound => Self::not_found("customer"),
            CustomerError::PartnerRequired => partner_required(e.to_string()),
            CustomerError::Invalid(f) => f.into(),
            CustomerError::Db(d) => d.into(),
        }
    }
}

impl From<LocationError> for ApiError {
    fn from(e: LocationError) -> Self {
        let message = e.to_string();
        match e {
            LocationError::NotFound => Self::not_found("location"),
            LocationError::CustomerNotFound => Self::not_found("customer"),
            LocationError::PartnerRequired => partner_required(message),
            LocationError::Rule(r) => r.into(),
            LocationError::NotForThisLocation(f) => {
                let field = format!("/{}", f.field);
                Self::new(StatusCode::CONFLICT, f.code, f.message).with_field(field)
            }
            LocationError::HwkcInUse(hwkc) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::HwkcInUse, message)
                    .with_field("/hwkc")
                    .with_details(json!({"hwkc": hwkc}))
            }
            LocationError::Migrated { to } => {
                Self::new(StatusCode::CONFLICT, ErrorCode::LocationMigrated, message)
                    .with_details(json!({"migrated_to": to}))
            }
            LocationError::ServerHwkc(ServerHwkcError::NotAStandardServer) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::NotAStandardServer, message)
            }
            LocationError::ServerHwkc(ServerHwkcError::HwkcAlreadySet) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::HwkcAlreadySet, message)
            }
            LocationError::Db(d) => d.into(),
        }
    }
}

impl From<CreatePartnerError> for ApiError {
    fn from(e: CreatePartnerError) -> Self {
        match e {
            CreatePartnerError::NameTaken(_) => Self::new(
                StatusCode::CONFLICT,
                ErrorCode::PartnerExists,
                e.to_string(),
            )
            .with_field("/name"),
            CreatePartnerError::Db(d) => d.into(),
        }
    }
}

impl From<CreateUserError> for ApiError {
    fn from(e: CreateUserError) -> Self {
        let message = e.to_string();
        match e {
            CreateUserError::UnknownPartner(_) => {
                Self::new(StatusCode::NOT_FOUND, ErrorCode::UnknownPartner, message)
                    .with_field("/partner_id")
            }
            CreateUserError::Roles(r) => roles_error(&r, message),
            CreateUserError::EmailTaken(_) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::EmailInUse, message).with_field("/email")
            }
            CreateUserError::Db(d) => d.into(),
        }
    }
}

/// No role at all is a malformed request (422); roles that do not fit the partner's tier
/// depend on the stored partner (409).
fn roles_error(e: &lms_domain::party::RolesError, message: String) -> ApiError {
    let status = match e {
        lms_domain::party::RolesError::Empty => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::CONFLICT,
    };
    ApiError::new(status, ErrorCode::InvalidRoles, message).with_field("/roles")
}

impl From<UpdateUserError> for ApiError {
    fn from(e: UpdateUserError) -> Self {
        let message = e.to_string();
        match e {
            UpdateUserError::NotFound => Self::not_found("user"),
            UpdateUserError::Roles(r) => roles_error(&r, message),
            UpdateUserError::OwnAccount(own) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::OwnAccount, message)
                    .with_field(format!("/{}", own.field()))
            }
            UpdateUserError::WrongPassword => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::WrongPassword,
                message,
            )
            .with_field("/current_password"),
            UpdateUserError::Db(d) => d.into(),
        }
    }
}

impl From<CreateAllowanceError> for ApiError {
    fn from(e: CreateAllowanceError) -> Self {
        let message = e.to_string();
        match e {
            CreateAllowanceError::UnknownPartner(_, field) => {
                Self::new(StatusCode::NOT_FOUND, ErrorCode::UnknownPartner, message)
                    .with_field(format!("/{field}"))
            }
            CreateAllowanceError::NotADistributor(_) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::WrongTier, message)
                    .with_field("/distributor_id")
            }
            CreateAllowanceError::NotADealer(_) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::WrongTier, message)
                    .with_field("/dealer_id")
            }
            CreateAllowanceError::Exists => {
                Self::new(StatusCode::CONFLICT, ErrorCode::AllowanceExists, message)
            }
            CreateAllowanceError::Db(d) => d.into(),
        }
    }
}

impl From<ShipError> for ApiError {
    fn from(e: ShipError) -> Self {
        let message = e.to_string();
        match e {
            ShipError::UnknownPartner(_) => {
                Self::new(StatusCode::NOT_FOUND, ErrorCode::UnknownPartner, message)
                    .with_field("/partner_id")
            }
            ShipError::UnknownPart { line, part_number } => {
                Self::new(StatusCode::NOT_FOUND, ErrorCode::UnknownPart, message)
                    .with_field(format!("/lines/{line}/part_number"))
                    .with_details(json!({"part_number": part_number}))
            }
            ShipError::PoExists(_) => Self::new(StatusCode::CONFLICT, ErrorCode::PoExists, message)
                .with_field("/po_number"),
            ShipError::Db(d) => d.into(),
        }
    }
}

impl From<LicenseError> for ApiError {
    fn from(e: LicenseError) -> Self {
        let message = e.to_string();
        let status = |status, code| Self::new(status, code, message.clone());
        match e {
            LicenseError::Location(l) => l.into(),
            LicenseError::UnknownPoLine { line, po_line } => {
                status(StatusCode::NOT_FOUND, ErrorCode::UnknownPoLine)
                    .with_field(format!("/lines/{line}/po_line_id"))
                    .with_details(json!({"po_line_id": po_line}))
            }
            LicenseError::UnknownAttachment(_) => Self::not_found("attachment"),
            LicenseError::NotEnoughQuantity {
                line,
                po_line,
                part_number,
                available,
                requested,
            } => Self::new(StatusCode::CONFLICT, ErrorCode::NotEnoughQuantity, message)
                .with_field(format!("/lines/{line}/quantity"))
                .with_details(json!({"po_line_id": po_line, "part_number": part_number,
                    "available": available, "requested": requested})),
            LicenseError::PartRule { line, rule } => {
                let details = match &rule {
                    PartRuleError::NotForSystemType {
                        part_number,
                        system_type,
                    }
                    | PartRuleError::MobicallSupervisorOnly {
                        part_number,
                        system_type,
                    } => json!({"part_number": part_number, "system_type": system_type}),
                    PartRuleError::MobicallMasterOnly { part_number } => {
                        json!({"part_number": part_number})
                    }
                };
                status(StatusCode::CONFLICT, rule.code())
                    .with_field(format!("/lines/{line}/po_line_id"))
                    .with_details(details)
            }
            LicenseError::AttachRule {
                rule: AttachRuleError::PortCapacity(e),
                ..
            } => status(StatusCode::CONFLICT, ErrorCode::PortCapacityExceeded)
                .with_field("/lines")
                .with_details(json!({"max": e.max, "would_be": e.would_be})),
            LicenseError::AttachRule { line, .. } => {
                status(StatusCode::CONFLICT, ErrorCode::AttachNotAllowed)
                    .with_field(line.map_or_else(|| "/lines".to_owned(), |l| format!("/lines/{l}")))
            }
            LicenseError::Lines(lines) => FieldError::from(lines).into(),
            LicenseError::DetachTooMuch { attached } => {
                status(StatusCode::CONFLICT, ErrorCode::NotEnoughQuantity)
                    .with_field("quantity")
                    .with_details(json!({"attached": attached}))
            }
            LicenseError::AlreadyActivated(_) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::AlreadyActivated, message)
            }
            LicenseError::Conflict(_) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::ConcurrentChange, message)
            }
            LicenseError::Invalid(f) => f.into(),
            LicenseError::Db(d) => d.into(),
        }
    }
}

impl From<ActivationError> for ApiError {
    fn from(e: ActivationError) -> Self {
        let message = e.to_string();
        match e {
            ActivationError::License(l) => l.into(),
            // The product rules judge what is attached and active: stored state.
            ActivationError::Rule(rule) => Self::new(
                StatusCode::CONFLICT,
                rule.code(),
                format!("{message} What to do: {}", rule.user_action()),
            )
            .with_field("/attachment_ids"),
            ActivationError::NothingActivated => {
                Self::new(StatusCode::CONFLICT, ErrorCode::NothingActivated, message)
            }
            ActivationError::FileNotAvailable => Self::new(
                StatusCode::CONFLICT,
                ErrorCode::LicenseFileNotAvailable,
                message,
            ),
            ActivationError::DemoNotOffered(_) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::DemoNotAvailable, message)
            }
            ActivationError::DemoExhausted => Self::new(
                StatusCode::CONFLICT,
                ErrorCode::DemoLicensesExhausted,
                message,
            ),
            ActivationError::NotExternal(_) => Self::new(
                StatusCode::CONFLICT,
                ErrorCode::NotAnExternalProduct,
                message,
            ),
            ActivationError::VirtualizationOptionRequired(_) => Self::new(
                StatusCode::CONFLICT,
                ErrorCode::VirtualizationOptionRequired,
                message,
            ),
            ActivationError::Render(render) => Self::internal(render),
        }
    }
}

impl From<DectError> for ApiError {
    fn from(e: DectError) -> Self {
        match e {
            DectError::License(l) => l.into(),
            DectError::Rejected(rejected) => Self::new(
                // Whether an upload is allowed at all depends on the stored location; the
                // other codes judge the file's content.
                if matches!(rejected, DectUploadError::NotApplicable(_)) {
                    StatusCode::CONFLICT
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                },
                rejected.code(),
                format!("{rejected} What to do: {}", rejected.user_action()),
            )
            .with_field("file"),
            DectError::UnknownUpload(_) => Self::not_found("upload"),
            DectError::NotPending { id, state } => Self::new(
                StatusCode::CONFLICT,
                ErrorCode::DectImportNotPending,
                format!("DECT import {id} is {}, not pending", state.as_str()),
            )
            .with_details(json!({"upload_id": id, "state": state.as_str()})),
            DectError::Invalid(f) => f.into(),
            DectError::Render(render) => Self::internal(render),
        }
    }
}

/// A key in use, answered on the body's `new_hwkc`.
fn new_hwkc_in_use(e: LocationError) -> ApiError {
    let message = e.to_string();
    match e {
        LocationError::HwkcInUse(hwkc) => {
            ApiError::new(StatusCode::CONFLICT, ErrorCode::HwkcInUse, message)
                .with_field("/new_hwkc")
                .with_details(json!({"hwkc": hwkc}))
        }
        other => other.into(),
    }
}

impl From<ReplacementFailed> for ApiError {
    fn from(e: ReplacementFailed) -> Self {
        let message = e.to_string();
        match e {
            ReplacementFailed::Location(l) => new_hwkc_in_use(l),
            ReplacementFailed::Rule(ReplacementError::Key(key)) => match key {
                NewKeyError::Malformed(e) => {
                    hwkc_error(StatusCode::UNPROCESSABLE_ENTITY, "new_hwkc", &e)
                }
                NewKeyError::OtherType(e) => hwkc_error(StatusCode::CONFLICT, "new_hwkc", &e),
                NewKeyError::Unchanged(hwkc) => {
                    Self::new(StatusCode::CONFLICT, ErrorCode::HwkcInUse, message)
                        .with_field("/new_hwkc")
                        .with_details(json!({"hwkc": hwkc}))
                }
            },
            ReplacementFailed::Rule(ReplacementError::NotReplaceable(_)) => Self::new(
                StatusCode::CONFLICT,
                ErrorCode::HardwareReplacementNotApplicable,
                message,
            ),
            ReplacementFailed::File(file) => file.into(),
        }
    }
}

impl From<MigrationFailed> for ApiError {
    fn from(e: MigrationFailed) -> Self {
        let message = e.to_string();
        match e {
            MigrationFailed::Location(l) => new_hwkc_in_use(l),
            MigrationFailed::Rule(MigrationError::NotCp10(t)) => Self::new(
                StatusCode::CONFLICT,
                ErrorCode::MigrationNotApplicable,
                message,
            )
            .with_details(json!({"system_type": t})),
            MigrationFailed::Rule(MigrationError::PartsNotMigratable(parts)) => {
                Self::new(StatusCode::CONFLICT, ErrorCode::PartNotMigratable, message)
                    .with_details(json!({"part_numbers": parts}))
            }
            MigrationFailed::NothingActivated => {
                Self::new(StatusCode::CONFLICT, ErrorCode::NothingActivated, message)
            }
            MigrationFailed::Conflict => {
                Self::new(StatusCode::CONFLICT, ErrorCode::ConcurrentChange, message)
            }
            MigrationFailed::Render(render) => Self::internal(render),
        }
    }
}
