//! Every stable error code the API can answer, in one enum: programs match on these, the
//! OpenAPI document lists them (all of them on `ErrorDetail.code`, each operation's own on its
//! responses), and no code is spelled anywhere else.

/// Declares the codes with their wire text. The text is captured as a token tree, not a
/// literal, so that utoipa's derive sees the `rename` (it ignores a `$text:literal`).
macro_rules! error_codes {
    ( $( $(#[$vmeta:meta])* $variant:ident = $text:tt, )+ ) => {
        /// A stable machine code in SCREAMING_SNAKE_CASE.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum ErrorCode {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )+
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The code as it is sent.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $text, )+
                }
            }
        }
    };
}

error_codes! {
    // Credentials and permissions.
    Unauthenticated = "UNAUTHENTICATED",
    SessionRequired = "SESSION_REQUIRED",
    Forbidden = "FORBIDDEN",
    PartnerRequired = "PARTNER_REQUIRED",
    WrongPassword = "WRONG_PASSWORD",
    OwnAccount = "OWN_ACCOUNT",
    // The request as a whole.
    NotFound = "NOT_FOUND",
    MethodNotAllowed = "METHOD_NOT_ALLOWED",
    UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE",
    PayloadTooLarge = "PAYLOAD_TOO_LARGE",
    MalformedJson = "MALFORMED_JSON",
    InvalidBody = "INVALID_BODY",
    InvalidQuery = "INVALID_QUERY",
    InvalidPaging = "INVALID_PAGING",
    UnsupportedFormat = "UNSUPPORTED_FORMAT",
    InvalidUpload = "INVALID_UPLOAD",
    InvalidIdempotencyKey = "INVALID_IDEMPOTENCY_KEY",
    IdempotencyKeyNotAccepted = "IDEMPOTENCY_KEY_NOT_ACCEPTED",
    IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED",
    IdempotencyKeyInProgress = "IDEMPOTENCY_KEY_IN_PROGRESS",
    TooManyRequests = "TOO_MANY_REQUESTS",
    InternalError = "INTERNAL_ERROR",
    Busy = "BUSY",
    DatabaseUnavailable = "DATABASE_UNAVAILABLE",
    ConcurrentChange = "CONCURRENT_CHANGE",
    // One field.
    InvalidField = "INVALID_FIELD",
    MissingField = "MISSING_FIELD",
    FieldNotAllowed = "FIELD_NOT_ALLOWED",
    InvalidFileName = "INVALID_FILE_NAME",
    InvalidRoles = "INVALID_ROLES",
    ExpiryPassed = "EXPIRY_PASSED",
    LicenseAgreementNotAccepted = "LICENSE_AGREEMENT_NOT_ACCEPTED",
    // Partners and users.
    UnknownPartner = "UNKNOWN_PARTNER",
    PartnerExists = "PARTNER_EXISTS",
    EmailInUse = "EMAIL_IN_USE",
    WrongTier = "WRONG_TIER",
    AllowanceExists = "ALLOWANCE_EXISTS",
    NoShippingAllowance = "NO_SHIPPING_ALLOWANCE",
    UnknownUser = "UNKNOWN_USER",
    // Impersonation.
    ImpersonationNotAllowed = "IMPERSONATION_NOT_ALLOWED",
    ImpersonationEnded = "IMPERSONATION_ENDED",
    NotImpersonating = "NOT_IMPERSONATING",
    // Locations.
    UnknownSystemType = "UNKNOWN_SYSTEM_TYPE",
    InvalidHardwareKeycode = "INVALID_HARDWARE_KEYCODE",
    HwkcInUse = "HWKC_IN_USE",
    HwkcAlreadySet = "HWKC_ALREADY_SET",
    NotAStandardServer = "NOT_A_STANDARD_SERVER",
    ParentRequired = "PARENT_REQUIRED",
    ChildTypeNotAllowed = "CHILD_TYPE_NOT_ALLOWED",
    ChildExists = "CHILD_EXISTS",
    ParentAlreadyActivated = "PARENT_ALREADY_ACTIVATED",
    NotAChildType = "NOT_A_CHILD_TYPE",
    HwkcNotDerivable = "HWKC_NOT_DERIVABLE",
    UnknownLocation = "UNKNOWN_LOCATION",
    LocationMigrated = "LOCATION_MIGRATED",
    HardwareReplacementNotApplicable = "HARDWARE_REPLACEMENT_NOT_APPLICABLE",
    MigrationNotApplicable = "MIGRATION_NOT_APPLICABLE",
    PartNotMigratable = "PART_NOT_MIGRATABLE",
    // BusinessNet single sign-on.
    SsoNotConfigured = "SSO_NOT_CONFIGURED",
    SsoAssertionInvalid = "SSO_ASSERTION_INVALID",
    SsoAssertionExpired = "SSO_ASSERTION_EXPIRED",
    SsoAssertionReplayed = "SSO_ASSERTION_REPLAYED",
    SsoUnknownUser = "SSO_UNKNOWN_USER",
    BatchRolledBack = "BATCH_ROLLED_BACK",
    // Webhooks.
    EndpointManagedByConfiguration = "ENDPOINT_MANAGED_BY_CONFIGURATION",
    // Orders and licenses.
    UnknownPart = "UNKNOWN_PART",
    PoExists = "PO_EXISTS",
    UnknownPoLine = "UNKNOWN_PO_LINE",
    NotEnoughQuantity = "NOT_ENOUGH_QUANTITY",
    PartNotForSystemType = "PART_NOT_FOR_SYSTEM_TYPE",
    MobicallSupervisorOnly = "MOBICALL_SUPERVISOR_ONLY",
    PortCapacityExceeded = "PORT_CAPACITY_EXCEEDED",
    MobicallMasterOnly = "MOBICALL_MASTER_ONLY",
    AttachNotAllowed = "ATTACH_NOT_ALLOWED",
    AlreadyActivated = "ALREADY_ACTIVATED",
    NothingActivated = "NOTHING_ACTIVATED",
    VirtualizationOptionRequired = "VIRTUALIZATION_OPTION_REQUIRED",
    DemoNotAvailable = "DEMO_NOT_AVAILABLE",
    DemoLicensesExhausted = "DEMO_LICENSES_EXHAUSTED",
    LicenseFileNotAvailable = "LICENSE_FILE_NOT_AVAILABLE",
    NotAnExternalProduct = "NOT_AN_EXTERNAL_PRODUCT",
    DectImportNotPending = "DECT_IMPORT_NOT_PENDING",
    // Software Assurance.
    ApprovalRequired = "APPROVAL_REQUIRED",
    InsufficientSwaUnits = "INSUFFICIENT_SWA_UNITS",
    SwaAssignmentPending = "SWA_ASSIGNMENT_PENDING",
    SwaAlreadyActive = "SWA_ALREADY_ACTIVE",
    NoSwaLicenses = "NO_SWA_LICENSES",
    SwaDurationOutOfRange = "SWA_DURATION_OUT_OF_RANGE",
    ReinstatementTooLong = "REINSTATEMENT_TOO_LONG",
    CoveredPastEnd = "COVERED_PAST_END",
    NotCancellable = "NOT_CANCELLABLE",
    AssignmentCancelled = "ASSIGNMENT_CANCELLED",
    CoTermNeedsTwelveMonths = "CO_TERM_NEEDS_TWELVE_MONTHS",
    NothingToRenew = "NOTHING_TO_RENEW",
    FreeOfChargeNotAvailable = "FREE_OF_CHARGE_NOT_AVAILABLE",
    NotFreeOfCharge = "NOT_FREE_OF_CHARGE",
    AlreadyTaken = "ALREADY_TAKEN",
    // The user guide's activation and DECT upload codes.
    UnknownError = "UNKNOWN_ERROR",
    NotApplicable = "NOT_APPLICABLE",
    InvalidFeatureCodeString = "INVALID_FEATURE_CODE_STRING",
    InvalidFeatureCode = "INVALID_FEATURE_CODE",
    InvalidFeatureQuantity = "INVALID_FEATURE_QUANTITY",
    InvalidFeatureTimestamp = "INVALID_FEATURE_TIMESTAMP",
    CannotWriteLicenseFile = "CANNOT_WRITE_LICENSE_FILE",
    // Verifying a license file (the command-line verifier).
    LicenseMalformed = "LICENSE_MALFORMED",
    LicenseNotCanonical = "LICENSE_NOT_CANONICAL",
    LicenseUnknownKey = "LICENSE_UNKNOWN_KEY",
    LicenseBadSignature = "LICENSE_BAD_SIGNATURE",
    LicenseBadActivationCode = "LICENSE_BAD_ACTIVATION_CODE",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Codes compare with their text, so a test or a client check reads `code == "NOT_FOUND"`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<ErrorCode> for &str {
    fn eq(&self, other: &ErrorCode) -> bool {
        *self == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn every_code_serializes_as_its_text_in_screaming_snake_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in ErrorCode::ALL {
            let text = code.as_str();
            assert_eq!(serde_json::to_value(code).unwrap(), text);
            assert!(
                text.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
                "{text}"
            );
            assert!(seen.insert(text), "{text} twice");
        }
    }
}
