//! Which error codes each operation can answer, by status: the codes every operation of a
//! kind shares (a token, a body, an id in the path, paging) are derived from the operation,
//! the rest are listed per operation below. The document states them as an `enum` on each
//! error response's `code`, so a client can switch on them, and the end-to-end suite checks
//! every error it sees against this list (a code answered but not listed fails a test).

use lms_domain::ErrorCode::{self, *};
use serde_json::{Value, json};

/// Codes by status for one operation, beyond the shared ones.
type Codes = &'static [(u16, &'static [ErrorCode])];

/// What the location rules answer about a body alone (`LocationDraft::plan`).
const LOCATION_INPUT: &[ErrorCode] = &[
    InvalidField,
    MissingField,
    FieldNotAllowed,
    UnknownSystemType,
    InvalidHardwareKeycode,
];

/// The user guide's codes for feature lines and the key code they are for: a legacy DECT
/// file's content, or the result an activation would have.
const GUIDE_FEATURE_CODES: &[ErrorCode] = &[
    InvalidHardwareKeycode,
    InvalidFeatureCodeString,
    InvalidFeatureCode,
    InvalidFeatureQuantity,
    InvalidFeatureTimestamp,
];

/// Why no SWA quote can be given (`QuoteRefusal::code`).
const SWA_REFUSALS: &[ErrorCode] = &[
    SwaAssignmentPending,
    SwaAlreadyActive,
    NoSwaLicenses,
    SwaDurationOutOfRange,
    ReinstatementTooLong,
    CoveredPastEnd,
];

/// Operations that change a location, its licenses or its files, and its file's download: a
/// migrated location is read-only, its licenses and file are elsewhere, and each answers 409
/// `LOCATION_MIGRATED` naming where it went.
const LOCATION_WRITES: &[&str] = &[
    "download",
    "update_location",
    "create_child",
    "attach",
    "detach",
    "activate",
    "regenerate",
    "demo",
    "upload_dect_file",
    "import_dect_file",
    "assign_swa",
    "attach_free_of_charge",
    "migrate_location",
    "replace_hardware",
];

/// Each operation's own codes, by operation id. A status may appear more than once; its
/// codes are merged.
const OPERATIONS: &[(&str, Codes)] = &[
    (
        "login",
        &[(401, &[Unauthenticated]), (422, &[InvalidField])],
    ),
    (
        "businessnet_login",
        &[
            (
                401,
                &[
                    SsoAssertionInvalid,
                    SsoAssertionExpired,
                    SsoAssertionReplayed,
                    SsoUnknownUser,
                ],
            ),
            (404, &[SsoNotConfigured]),
            (422, &[InvalidField]),
        ],
    ),
    ("get_me", &[]),
    (
        "change_password",
        &[
            (403, &[SessionRequired, ImpersonationNotAllowed]),
            (422, &[InvalidField, WrongPassword]),
        ],
    ),
    (
        "impersonate",
        &[
            (
                403,
                &[
                    Forbidden,
                    SessionRequired,
                    NoShippingAllowance,
                    ImpersonationNotAllowed,
                ],
            ),
            (404, &[UnknownUser]),
            (422, &[InvalidField]),
        ],
    ),
    ("end_impersonation", &[(409, &[NotImpersonating])]),
    (
        "create_api_key",
        &[
            (403, &[SessionRequired, ImpersonationNotAllowed]),
            (409, &[ExpiryPassed]),
            (422, &[InvalidField]),
        ],
    ),
    ("list_api_keys", &[]),
    ("revoke_api_key", &[]),
    ("list_all_api_keys", &[(403, &[Forbidden])]),
    ("revoke_any_api_key", &[(403, &[Forbidden])]),
    ("list_system_types", &[]),
    ("check_hwkc", &[(422, &[InvalidField])]),
    ("list_customers", &[(400, &[InvalidQuery])]),
    (
        "create_customer",
        &[
            (403, &[PartnerRequired]),
            (422, &[InvalidField, MissingField]),
        ],
    ),
    ("get_customer", &[]),
    (
        "update_customer",
        &[(403, &[PartnerRequired]), (422, &[InvalidField])],
    ),
    ("list_customer_locations", &[]),
    (
        "create_location",
        &[
            (403, &[PartnerRequired]),
            (409, &[HwkcInUse]),
            (422, LOCATION_INPUT),
            (422, &[ParentRequired]),
        ],
    ),
    (
        "create_locations_batch",
        &[(403, &[PartnerRequired]), (422, &[InvalidField])],
    ),
    ("search_locations", &[(400, &[InvalidQuery])]),
    ("get_location", &[]),
    (
        "update_location",
        &[
            (403, &[PartnerRequired]),
            (409, &[FieldNotAllowed]),
            (422, &[InvalidField]),
        ],
    ),
    ("list_children", &[]),
    (
        "create_child",
        &[
            (403, &[PartnerRequired]),
            (
                409,
                &[
                    HwkcInUse,
                    ChildExists,
                    ChildTypeNotAllowed,
                    HwkcNotDerivable,
                    ParentAlreadyActivated,
                ],
            ),
            (422, LOCATION_INPUT),
            (422, &[NotAChildType]),
        ],
    ),
    (
        "set_server_hwkc",
        &[
            (403, &[PartnerRequired]),
            (
                409,
                &[
                    NotAStandardServer,
                    HwkcAlreadySet,
                    VirtualizationOptionRequired,
                    HwkcInUse,
                ],
            ),
            (422, &[InvalidField]),
        ],
    ),
    ("location_history", &[]),
    (
        "migrate_location",
        &[
            (403, &[PartnerRequired]),
            (
                409,
                &[
                    MigrationNotApplicable,
                    NothingActivated,
                    PartNotMigratable,
                    HwkcInUse,
                    ConcurrentChange,
                ],
            ),
            (422, &[InvalidHardwareKeycode]),
        ],
    ),
    (
        "replace_hardware",
        &[
            (403, &[Forbidden]),
            (
                409,
                &[
                    HardwareReplacementNotApplicable,
                    InvalidHardwareKeycode,
                    HwkcInUse,
                ],
            ),
            (422, &[InvalidHardwareKeycode, InvalidField]),
        ],
    ),
    (
        "create_partner",
        &[
            (403, &[Forbidden]),
            (409, &[PartnerExists]),
            (422, &[InvalidField]),
        ],
    ),
    ("list_partners", &[(403, &[Forbidden])]),
    (
        "create_user",
        &[
            (403, &[Forbidden]),
            (404, &[UnknownPartner]),
            (409, &[EmailInUse, InvalidRoles]),
            (422, &[InvalidField, InvalidRoles]),
        ],
    ),
    ("list_users", &[(403, &[Forbidden])]),
    (
        "update_user",
        &[
            (403, &[Forbidden]),
            (409, &[OwnAccount, InvalidRoles]),
            (422, &[InvalidField, InvalidRoles]),
        ],
    ),
    (
        "create_shipping_allowance",
        &[
            (403, &[Forbidden]),
            (404, &[UnknownPartner]),
            (409, &[AllowanceExists, WrongTier]),
        ],
    ),
    ("list_shipping_allowances", &[(403, &[Forbidden])]),
    ("delete_shipping_allowance", &[(403, &[Forbidden])]),
    ("list_parts", &[(400, &[InvalidQuery])]),
    ("license_bin", &[]),
    (
        "create_shipment",
        &[
            (403, &[Forbidden]),
            (404, &[UnknownPartner, UnknownPart]),
            (409, &[PoExists]),
            (422, &[InvalidField]),
        ],
    ),
    (
        "attach",
        &[
            (403, &[PartnerRequired]),
            (404, &[UnknownPoLine]),
            (
                409,
                &[
                    NotEnoughQuantity,
                    PartNotForSystemType,
                    MobicallSupervisorOnly,
                    MobicallMasterOnly,
                    AttachNotAllowed,
                    PortCapacityExceeded,
                    ConcurrentChange,
                ],
            ),
            (422, &[InvalidField]),
        ],
    ),
    (
        "detach",
        &[
            (400, &[InvalidQuery]),
            (403, &[PartnerRequired]),
            (
                409,
                &[AlreadyActivated, NotEnoughQuantity, ConcurrentChange],
            ),
            (422, &[InvalidField]),
        ],
    ),
    ("location_licenses", &[]),
    (
        "activate",
        &[
            (403, &[PartnerRequired]),
            (
                409,
                &[
                    AlreadyActivated,
                    ConcurrentChange,
                    VirtualizationOptionRequired,
                    PortCapacityExceeded,
                ],
            ),
            // The guide's product rules judge what would be active: stored state.
            (409, GUIDE_FEATURE_CODES),
            (409, &[NotApplicable, CannotWriteLicenseFile, UnknownError]),
            (422, &[InvalidField, LicenseAgreementNotAccepted]),
        ],
    ),
    (
        "preview",
        &[
            (400, &[InvalidQuery]),
            (409, &[AlreadyActivated]),
            (422, &[InvalidField]),
        ],
    ),
    (
        "download",
        &[(409, &[NothingActivated, LicenseFileNotAvailable])],
    ),
    (
        "regenerate",
        &[
            (403, &[PartnerRequired]),
            (
                409,
                &[
                    NothingActivated,
                    NotAnExternalProduct,
                    LicenseFileNotAvailable,
                ],
            ),
        ],
    ),
    (
        "demo",
        &[
            (403, &[PartnerRequired]),
            (409, &[DemoNotAvailable, DemoLicensesExhausted]),
        ],
    ),
    ("signing_keys", &[]),
    ("list_audit_events", &[(400, &[InvalidQuery])]),
    (
        "upload_dect_file",
        &[
            (400, &[InvalidUpload]),
            (403, &[PartnerRequired]),
            (409, &[NotApplicable]),
            (422, GUIDE_FEATURE_CODES),
            (422, &[InvalidFileName]),
        ],
    ),
    (
        "import_dect_file",
        &[(403, &[PartnerRequired]), (409, &[NotApplicable])],
    ),
    ("location_dect_imports", &[]),
    (
        "list_dect_imports",
        &[(400, &[InvalidQuery]), (403, &[Forbidden])],
    ),
    (
        "approve_dect_import",
        &[
            (403, &[Forbidden]),
            (409, &[DectImportNotPending, NotApplicable]),
        ],
    ),
    (
        "reject_dect_import",
        &[
            (403, &[Forbidden]),
            (409, &[DectImportNotPending]),
            (422, &[InvalidField]),
        ],
    ),
    (
        "put_external_file",
        &[
            (400, &[InvalidUpload]),
            (403, &[Forbidden]),
            (409, &[NotAnExternalProduct, NothingActivated]),
            (422, &[InvalidFileName]),
        ],
    ),
    ("healthz", &[]),
    ("readyz", &[]),
    ("metrics", &[]),
    (
        "create_reship",
        &[
            (403, &[Forbidden, NoShippingAllowance]),
            (404, &[UnknownPoLine]),
            (409, &[NotEnoughQuantity, PoExists]),
            (422, &[InvalidField]),
        ],
    ),
    ("list_reships", &[(400, &[InvalidQuery])]),
    ("swa_bin", &[(403, &[Forbidden])]),
    (
        "create_swa_reship",
        &[
            (403, &[Forbidden, NoShippingAllowance]),
            (409, &[InsufficientSwaUnits, PoExists]),
            (422, &[InvalidField]),
        ],
    ),
    (
        "list_swa_reships",
        &[(400, &[InvalidQuery]), (403, &[Forbidden])],
    ),
    (
        "create_swa_shipment",
        &[
            (403, &[Forbidden]),
            (404, &[UnknownPartner]),
            (409, &[PoExists, ExpiryPassed]),
            (422, &[InvalidField]),
        ],
    ),
    ("prospective_locations", &[(403, &[Forbidden])]),
    ("quote_swa", &[(403, &[Forbidden]), (422, &[InvalidField])]),
    (
        "assign_swa",
        &[
            (403, &[Forbidden, PartnerRequired]),
            (409, SWA_REFUSALS),
            (409, &[InsufficientSwaUnits]),
            (422, &[InvalidField, ApprovalRequired]),
        ],
    ),
    (
        "list_swa_assignments",
        &[(400, &[InvalidQuery]), (403, &[Forbidden])],
    ),
    (
        "activate_swa_assignment",
        &[(403, &[Forbidden]), (409, &[AssignmentCancelled])],
    ),
    (
        "cancel_swa_assignment",
        &[(403, &[Forbidden]), (409, &[NotCancellable])],
    ),
    (
        "quote_swa_renewal",
        &[
            (403, &[Forbidden]),
            (404, &[UnknownLocation]),
            (409, &[CoTermNeedsTwelveMonths]),
            (422, &[InvalidField]),
        ],
    ),
    (
        "renew_swa",
        &[
            (403, &[Forbidden, PartnerRequired]),
            (404, &[UnknownLocation]),
            (409, SWA_REFUSALS),
            (
                409,
                &[
                    CoTermNeedsTwelveMonths,
                    NothingToRenew,
                    InsufficientSwaUnits,
                ],
            ),
            (422, &[InvalidField]),
        ],
    ),
    ("free_of_charge_licenses", &[(403, &[Forbidden])]),
    (
        "attach_free_of_charge",
        &[
            (403, &[Forbidden, PartnerRequired]),
            (
                409,
                &[
                    FreeOfChargeNotAvailable,
                    NotFreeOfCharge,
                    AlreadyTaken,
                    PartNotForSystemType,
                    MobicallSupervisorOnly,
                    MobicallMasterOnly,
                    AttachNotAllowed,
                ],
            ),
        ],
    ),
    (
        "create_webhook_endpoint",
        &[(403, &[Forbidden]), (422, &[InvalidField])],
    ),
    ("list_webhook_endpoints", &[(403, &[Forbidden])]),
    ("get_webhook_endpoint", &[(403, &[Forbidden])]),
    (
        "update_webhook_endpoint",
        &[
            (403, &[Forbidden]),
            (409, &[EndpointManagedByConfiguration]),
            (422, &[InvalidField]),
        ],
    ),
    (
        "rotate_webhook_secret",
        &[
            (403, &[Forbidden]),
            (409, &[EndpointManagedByConfiguration]),
        ],
    ),
    (
        "delete_webhook_endpoint",
        &[
            (403, &[Forbidden]),
            (409, &[EndpointManagedByConfiguration]),
        ],
    ),
    ("list_webhook_messages", &[(403, &[Forbidden])]),
    ("get_webhook_message", &[(403, &[Forbidden])]),
    ("redeliver_webhook_message", &[(403, &[Forbidden])]),
];

/// The codes an operation shares with every operation of its kind.
fn shared(method: &str, path: &str, operation: &Value) -> Vec<(u16, ErrorCode)> {
    let mut codes = vec![
        (429, TooManyRequests),
        (500, InternalError),
        (503, Busy),
        (503, DatabaseUnavailable),
    ];
    // `security: [{}]` lists an empty requirement: the token is optional there.
    let token_optional = operation["security"]
        .as_array()
        .is_some_and(|s| s.iter().any(|r| r == &json!({})));
    if !token_optional {
        codes.push((401, Unauthenticated));
        // An impersonation token is checked on every request; ending one is always allowed.
        if path != "/api/v1/auth/impersonation/end" {
            codes.push((403, ImpersonationEnded));
        }
    }
    if let Some(content) = operation["requestBody"]["content"].as_object() {
        codes.extend([
            (413, PayloadTooLarge),
            (415, UnsupportedMediaType),
            (422, InvalidBody),
        ]);
        if content.contains_key("application/json") {
            codes.push((400, MalformedJson));
        }
    }
    if method == "post" {
        // A malformed key is refused first, on every POST (see `idempotency::accepted_key`).
        codes.push((400, InvalidIdempotencyKey));
        if crate::idempotency::carries_secret(path) {
            codes.push((400, IdempotencyKeyNotAccepted));
        } else {
            codes.extend([(409, IdempotencyKeyInProgress), (422, IdempotencyKeyReused)]);
        }
    }
    if path.contains('{') {
        codes.push((404, NotFound));
    }
    let parameters = operation["parameters"].as_array().into_iter().flatten();
    for parameter in parameters.filter(|p| p["in"] == "query") {
        codes.push((400, InvalidQuery));
        if parameter["name"] == "limit" || parameter["name"] == "cursor" {
            codes.push((400, InvalidPaging));
        }
        // An exported list's format (see `export::document`).
        if parameter["name"] == "format" {
            codes.push((422, UnsupportedFormat));
        }
    }
    codes
}

/// The operation's own codes; `None` for an operation missing from [`OPERATIONS`] (a test
/// fails on it).
fn own_codes(operation_id: &str) -> Option<Codes> {
    OPERATIONS
        .iter()
        .find(|(id, _)| *id == operation_id)
        .map(|(_, codes)| *codes)
}

/// Every code `operation_id` can answer, by status: its own and the shared ones.
fn codes_of(
    operation_id: &str,
    method: &str,
    path: &str,
    operation: &Value,
) -> Vec<(u16, Vec<ErrorCode>)> {
    let own = own_codes(operation_id).unwrap_or_default();
    let mut by_status: std::collections::BTreeMap<u16, Vec<ErrorCode>> = Default::default();
    let migrated = LOCATION_WRITES
        .contains(&operation_id)
        .then_some((409, LocationMigrated));
    let all = own
        .iter()
        .flat_map(|(status, codes)| codes.iter().map(move |c| (*status, *c)))
        .chain(migrated)
        .chain(shared(method, path, operation));
    for (status, code) in all {
        let codes = by_status.entry(status).or_default();
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    by_status
        .into_iter()
        .map(|(s, mut c)| {
            c.sort();
            (s, c)
        })
        .collect()
}

/// Gives each error response of each operation the `enum` of its codes (and says them in
/// its description), adding the response where the handler did not document the status.
/// A small set of codes (the shared 401, 404, 429, 500, 503, …) is one named component,
/// referenced from every response that answers it, rather than repeated inline.
pub(super) fn document(doc: &mut Value) {
    let mut components = serde_json::Map::new();
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            let id = operation["operationId"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            for (status, codes) in codes_of(&id, method, path, operation) {
                let response = &mut operation["responses"][status.to_string()];
                let schema = error_schema(&codes, &mut components);
                *response = json!({
                    "description": description(response, status, &codes),
                    "content": {"application/json": {"schema": schema}},
                });
            }
        }
    }
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        schemas.extend(components);
    }
}

/// `ErrorBody` with `code` narrowed to `codes`: a reference to a named component for up to
/// two codes (`BusyOrDatabaseUnavailableError`), inline otherwise.
fn error_schema(codes: &[ErrorCode], components: &mut serde_json::Map<String, Value>) -> Value {
    let names: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
    let schema = json!({"allOf": [
        {"$ref": "#/components/schemas/ErrorBody"},
        {"type": "object", "properties": {"error": {"type": "object", "properties": {
            "code": {"type": "string", "enum": names}
        }}}}
    ]});
    if codes.len() > 2 {
        return schema;
    }
    let name = names
        .iter()
        .map(|n| pascal_case(n))
        .collect::<Vec<_>>()
        .join("Or");
    let name = format!("{}Error", name.trim_end_matches("Error"));
    components.insert(name.clone(), schema);
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// `DATABASE_UNAVAILABLE` → `DatabaseUnavailable`.
fn pascal_case(code: &str) -> String {
    code.split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_string() + &chars.as_str().to_lowercase()
            })
        })
        .collect()
}

fn description(response: &Value, status: u16, codes: &[ErrorCode]) -> String {
    let listed = codes
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match response["description"].as_str() {
        Some(d) if !d.is_empty() => format!("{d}. Codes: {listed}."),
        _ => format!("{}. Codes: {listed}.", default_description(status)),
    }
}

fn default_description(status: u16) -> &'static str {
    match status {
        400 => "The query, a header or the body cannot be read",
        401 => "No, invalid or expired token (or session ended)",
        403 => "Not allowed for this caller",
        404 => "No such object for this caller",
        409 => "Conflicts with the stored state",
        413 => "The body is too large",
        415 => "The body is not of the documented content type",
        422 => "The request breaks a rule the schema states",
        429 => "Too many requests; wait for `Retry-After`",
        500 => "Internal error (logged; never caused by the request's content)",
        503 => {
            "The database is unreachable or the server is saturated; retry after `Retry-After` if given"
        }
        _ => "Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_lists_its_own_codes_once() {
        let doc = serde_json::to_value(super::super::document()).unwrap();
        let mut ids: Vec<String> = Vec::new();
        for item in doc["paths"].as_object().unwrap().values() {
            for operation in item.as_object().unwrap().values() {
                let id = operation["operationId"].as_str().unwrap().to_owned();
                assert!(own_codes(&id).is_some(), "{id} is not in OPERATIONS");
                ids.push(id);
            }
        }
        for (id, _) in OPERATIONS {
            assert!(
                ids.iter().any(|i| i == id),
                "{id} is listed but is no operation"
            );
        }
    }

    #[test]
    fn an_error_response_states_its_codes_as_an_enum() {
        let doc = serde_json::to_value(super::super::document()).unwrap();
        let attach = &doc["paths"]["/api/v1/locations/{id}/attachments"]["post"]["responses"];
        let codes = &attach["409"]["content"]["application/json"]["schema"]["allOf"][1]["properties"]
            ["error"]["properties"]["code"]["enum"];
        let codes: Vec<&str> = codes
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(codes.contains(&"NOT_ENOUGH_QUANTITY"), "{codes:?}");
        assert!(codes.contains(&"IDEMPOTENCY_KEY_IN_PROGRESS"), "{codes:?}");
        assert!(!codes.contains(&"NOT_FOUND"), "{codes:?}");
    }
}
