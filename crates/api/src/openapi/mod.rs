//! The OpenAPI 3.1 document, generated from the handlers' annotations. It is committed at
//! `openapi/openapi.json`; a test fails when the two differ.

mod error_codes;
mod links;
mod webhook_events;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::export::CsvExports;

use crate::routes::{
    admin, api_keys, audit, auth, bin, catalog, customers, dect_imports, files, hardware,
    impersonation, licenses, locations, ops, reships, sso, swa, uploads, webhooks,
};

/// The API description: `/api/v1` nested, the operations endpoints at the root.
#[derive(OpenApi)]
#[openapi(
    nest((path = "/api/v1", api = V1)),
    paths(ops::healthz, ops::readyz, ops::metrics),
    info(
        title = "LMS — License Management Server",
        description = "Licenses, locations and Software Assurance for a PBX vendor's two-tier channel. \
            Every error is `{\"error\": {\"code\", \"message\", \"field\", \"details\"}}` with a \
            stable code; `field` is a JSON Pointer into the request body (`/lines/2/quantity`), or \
            the name of the query parameter or header at fault, and `details` carries the facts a \
            program needs (`available`, `requested`, `po_line_id`, …). \
            Any POST may carry an `Idempotency-Key` header: repeated by the same user with the same \
            request within 24 hours it answers the first response again (header \
            `idempotent-replayed: true`) and does nothing twice; with a different request, 422 \
            `IDEMPOTENCY_KEY_REUSED`; while the first is still running, 409 (a claim whose \
            request died is released after 60 seconds). Operations that carry a secret in the \
            request or the reply (`POST /auth/login`, `/auth/impersonate`, `/auth/impersonation/end`, \
            `/api-keys`, `/me/password`, `/admin/users`) refuse the header with 400 `IDEMPOTENCY_KEY_NOT_ACCEPTED`: nothing \
            secret is ever stored for replay.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    modifiers(&BearerAuth, &PagingBounds, &CsvExports, &ErrorCodes, &TextRules),
    components(schemas(
        lms_domain::webhook::PartnerRef,
        lms_domain::webhook::EventType,
        lms_domain::webhook::events::LicenseShippedData,
        lms_domain::webhook::events::SwaShippedData,
        lms_domain::webhook::events::LicenseActivatedData,
        lms_domain::webhook::events::ExternalFileAvailableData,
        lms_domain::webhook::events::SwaActivatedData,
        lms_domain::webhook::events::ReshipReceivedData,
        lms_domain::webhook::events::HardwareReplacedData,
        lms_domain::webhook::events::LocationMigratedData,
    )),
    security(("bearer" = [])),
    tags(
        (name = "auth", description = "Log in, identity and impersonation"),
        (name = "catalog", description = "System types and HWKC rules"),
        (name = "customers", description = "The partner's customers"),
        (name = "locations", description = "Customer locations and their hardware key codes"),
        (name = "licenses", description = "The license bin, attach, detach, activate, license files"),
        (name = "swa", description = "Software Assurance: the SWA bin, quotes, assignments with cooling-off, renewals, free-of-charge licenses"),
        (name = "admin", description = "Vendor administration"),
        (name = "operations", description = "Health and metrics, outside /api/v1"),
        (name = "webhooks", description = "Events the LMS sends to the vendor's integration (see `webhooks`), and their endpoints and messages"),
    )
)]
pub struct ApiDoc;

/// The `/api/v1` endpoints, paths relative to that prefix.
#[derive(OpenApi)]
#[openapi(paths(
    auth::login,
    sso::businessnet_login,
    auth::get_me,
    auth::change_password,
    impersonation::impersonate,
    impersonation::end_impersonation,
    api_keys::create_api_key,
    api_keys::list_api_keys,
    api_keys::revoke_api_key,
    api_keys::list_all_api_keys,
    api_keys::revoke_any_api_key,
    catalog::list_system_types,
    catalog::check_hwkc,
    customers::list_customers,
    customers::create_customer,
    customers::get_customer,
    customers::update_customer,
    locations::list_customer_locations,
    locations::create_location,
    locations::batch::create_locations_batch,
    locations::search_locations,
    locations::get_location,
    locations::update_location,
    locations::list_children,
    locations::create_child,
    locations::set_server_hwkc,
    locations::location_history,
    hardware::migrate_location,
    hardware::replace_hardware,
    admin::create_partner,
    admin::list_partners,
    admin::create_user,
    admin::list_users,
    admin::update_user,
    admin::create_shipping_allowance,
    admin::list_shipping_allowances,
    admin::delete_shipping_allowance,
    bin::list_parts,
    bin::license_bin,
    bin::create_shipment,
    licenses::attach,
    licenses::detach,
    licenses::location_licenses,
    files::activate,
    files::preview,
    files::download,
    files::regenerate,
    files::demo,
    files::signing_keys,
    audit::list_audit_events,
    uploads::upload_dect_file,
    uploads::import_dect_file,
    dect_imports::location_dect_imports,
    dect_imports::list_dect_imports,
    dect_imports::approve_dect_import,
    dect_imports::reject_dect_import,
    uploads::put_external_file,
    reships::create_reship,
    reships::list_reships,
    swa::bin::swa_bin,
    swa::bin::create_swa_shipment,
    swa::bin::prospective_locations,
    swa::assignments::quote_swa,
    swa::assignments::assign_swa,
    swa::assignments::list_swa_assignments,
    swa::assignments::activate_swa_assignment,
    swa::assignments::cancel_swa_assignment,
    swa::renewals::quote_swa_renewal,
    swa::renewals::renew_swa,
    swa::free_of_charge::free_of_charge_licenses,
    swa::free_of_charge::attach_free_of_charge,
    swa::reships::create_swa_reship,
    swa::reships::list_swa_reships,
    webhooks::endpoints::create_webhook_endpoint,
    webhooks::endpoints::list_webhook_endpoints,
    webhooks::endpoints::get_webhook_endpoint,
    webhooks::endpoints::update_webhook_endpoint,
    webhooks::endpoints::rotate_webhook_secret,
    webhooks::endpoints::delete_webhook_endpoint,
    webhooks::messages::list_webhook_messages,
    webhooks::messages::get_webhook_message,
    webhooks::messages::redeliver_webhook_message,
))]
struct V1;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A session token from POST /auth/login, or an API key (`lms_…`)",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "metrics_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("LMS_METRICS_TOKEN, when the server has one"))
                    .build(),
            ),
        );
    }
}

/// Every `limit` query parameter takes 1 to [`lms_store::paging::MAX_LIMIT`] (default
/// [`lms_store::paging::DEFAULT_LIMIT`]), as `PageRequest` checks: a value outside is not a
/// valid request, so the document says so rather than each handler's parameters.
struct PagingBounds;

impl Modify for PagingBounds {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        use utoipa::openapi::{RefOr, Schema};
        let limit = || -> RefOr<Schema> {
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                .minimum(Some(1))
                .maximum(Some(lms_store::paging::MAX_LIMIT))
                .default(Some(lms_store::paging::DEFAULT_LIMIT.into()))
                .into()
        };
        for operation in operations_mut(openapi) {
            for parameter in operation.parameters.iter_mut().flatten() {
                if parameter.name == "limit" && parameter.parameter_in == ParameterIn::Query {
                    parameter.schema = Some(limit());
                }
            }
        }
    }
}

/// Every error response states the codes it can carry (see [`error_codes`]): 401 where a
/// token is required, 415 where a body is taken, 429, 500 and 503 everywhere, and each
/// operation's own.
struct ErrorCodes;

impl Modify for ErrorCodes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        edit_as_json(openapi, "error codes", error_codes::document);
    }
}

/// Edits the document as JSON, where utoipa's builders do not reach; logs and leaves the
/// document as it was if the edit does not read back.
pub(crate) fn edit_as_json(
    openapi: &mut utoipa::openapi::OpenApi,
    what: &str,
    edit: fn(&mut serde_json::Value),
) {
    let Ok(mut doc) = serde_json::to_value(&*openapi) else {
        return;
    };
    edit(&mut doc);
    match serde_json::from_value(doc) {
        Ok(modified) => *openapi = modified,
        Err(e) => tracing::error!(error = %e, "the {what} could not be added to the document"),
    }
}

/// Every operation of the document, whatever its method.
fn operations_mut(
    openapi: &mut utoipa::openapi::OpenApi,
) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    openapi.paths.paths.values_mut().flat_map(|item| {
        [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
    })
}

/// Free text in request bodies follows one rule in the domain (`field::optional_text`,
/// `required_text`): trimmed, no control characters, a required text is not blank, and at
/// most so many characters once trimmed. The document says so on every string property of a
/// request body that has no format, pattern or enumeration of its own (passwords excepted:
/// any character is allowed there); a `maxLength` declared on one is folded into its pattern,
/// as `maxLength` itself would count the blanks at the ends that the domain trims away.
struct TextRules;

/// No C0 or C1 control character once the blanks at the ends are trimmed (a tab or line
/// feed there is white space, trimmed away).
const PRINTABLE: &str = "^\\s*[^\\u0000-\\u001f\\u007f-\\u009f]*\\s*$";
/// Printable, with at least one character that is not white space.
const PRINTABLE_NOT_BLANK: &str = "^\\s*[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*\\s*$";

/// The pattern of a text field: printable and not blank when `required`; with a `max`, the
/// domain's exact pattern of its trimmed text ([`lms_domain::field::text_pattern`]).
fn printable(required: bool, max: Option<u64>) -> String {
    match (max.and_then(|m| usize::try_from(m).ok()), required) {
        (Some(max), _) => lms_domain::field::text_pattern(max, required),
        (None, true) => PRINTABLE_NOT_BLANK.to_owned(),
        (None, false) => PRINTABLE.to_owned(),
    }
}

/// The most characters a name has (`required_text(…, 200)` for customers and users).
const NAME_MAX: usize = 200;

impl Modify for TextRules {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        edit_as_json(openapi, "text rules", text_rules);
    }
}

fn text_rules(doc: &mut serde_json::Value) {
    use serde_json::Value;
    let mut bodies: Vec<String> = Vec::new();
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
    {
        for op in item.as_object().into_iter().flat_map(|o| o.values()) {
            for content in op["requestBody"]["content"]
                .as_object()
                .into_iter()
                .flat_map(|c| c.values())
            {
                if let Some(name) = content["schema"]["$ref"].as_str() {
                    bodies.push(name.trim_start_matches("#/components/schemas/").to_owned());
                }
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = bodies.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(schema) = doc["components"]["schemas"].get_mut(&name) else {
            continue;
        };
        let required: Vec<String> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str().map(str::to_owned))
            .collect();
        // `get_mut`, not `[]`: indexing would insert a `null` where nothing is.
        let properties = schema.get_mut("properties").and_then(Value::as_object_mut);
        for (field, property) in properties.into_iter().flatten() {
            // Nested request objects (order and attach lines) follow the same rule.
            for reference in [&property["$ref"], &property["items"]["$ref"]] {
                if let Some(r) = reference.as_str() {
                    bodies.push(r.trim_start_matches("#/components/schemas/").to_owned());
                }
            }
            let is_text = match &property["type"] {
                Value::String(t) => t == "string",
                Value::Array(types) => types.iter().any(|t| t == "string"),
                _ => false,
            };
            let free = property.get("format").is_none()
                && property.get("pattern").is_none()
                && property.get("enum").is_none()
                && !field.contains("password");
            if is_text && free {
                let max = property
                    .as_object_mut()
                    .and_then(|p| p.remove("maxLength"))
                    .and_then(|m| m.as_u64());
                property["pattern"] = Value::from(printable(required.contains(field), max));
            }
        }
    }
}

/// `{"type": "boolean", "enum": [true]}`: an explicit yes (an agreement, an approval), or the
/// call is refused.
pub(crate) fn only_true(description: &str) -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Boolean)
        .enum_values(Some([true]))
        .description(Some(description))
        .build()
}

/// A name in a PATCH body: when sent, it may not clear the name, and has at most 200
/// characters once trimmed.
pub(crate) fn not_blank_name() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .pattern(Some(lms_domain::field::text_pattern(NAME_MAX, true)))
        .build()
}

/// The whole document as served and committed.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document as served: [`document`] with the links that utoipa cannot carry (its
/// `Link` does not read back `operationId` or `requestBody`), added as JSON.
pub fn document_value() -> serde_json::Value {
    let mut doc = serde_json::to_value(document()).unwrap_or_default();
    links::document(&mut doc);
    webhook_events::document(&mut doc);
    doc
}

/// The document as pretty JSON with a trailing newline, the committed form.
pub fn document_json() -> String {
    let mut json = serde_json::to_string_pretty(&document_value()).unwrap_or_default();
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_text_is_documented_printable_and_required_text_not_blank() {
        let doc = serde_json::to_value(document()).unwrap();
        let customer = &doc["components"]["schemas"]["CustomerBody"]["properties"];
        let exact = lms_domain::field::text_pattern;
        assert_eq!(customer["name"]["pattern"], exact(NAME_MAX, true));
        assert_eq!(customer["city"]["pattern"], exact(200, false));
        assert!(customer["city"].get("maxLength").is_none());
        let user = &doc["components"]["schemas"]["UserBody"]["properties"];
        assert!(user["password"].get("pattern").is_none());
        assert!(
            user["partner_id"].get("pattern").is_none(),
            "a uuid has its format"
        );
    }
}
