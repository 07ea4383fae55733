//! OpenAPI links: a response that creates an object says which operations take its id, so a
//! client (and schemathesis' stateful phase) can walk customer → location → attach →
//! activate → detach with real ids. utoipa's path macro has no links, so they are added to
//! the document here.

use serde_json::{Value, json};

/// Operations that take a location's id as `{id}`, with their link names.
const LOCATION_USES: &[(&str, &str)] = &[
    ("GetLocation", "get_location"),
    ("UpdateLocation", "update_location"),
    ("LocationLicenses", "location_licenses"),
    ("Attach", "attach"),
    ("ListChildren", "list_children"),
    ("CreateChild", "create_child"),
    ("History", "location_history"),
    ("LicenseFile", "download"),
    ("DemoLicenses", "demo"),
    ("ServerHwkc", "set_server_hwkc"),
    ("DectUpload", "upload_dect_file"),
    ("DectImports", "location_dect_imports"),
    ("SwaQuote", "quote_swa"),
    ("AssignSwa", "assign_swa"),
    ("FreeOfCharge", "free_of_charge_licenses"),
];

/// `(operation, success status, link name, link)` for every link in the document.
fn links() -> Vec<(&'static str, &'static str, &'static str, Value)> {
    let by_id = |operation: &str| json!({"operationId": operation, "parameters": {"id": "$response.body#/id"}});
    let mut links: Vec<_> = [
        ("GetCustomer", "get_customer"),
        ("UpdateCustomer", "update_customer"),
        ("CustomerLocations", "list_customer_locations"),
        ("CreateLocation", "create_location"),
    ]
    .into_iter()
    .map(|(name, operation)| ("create_customer", "201", name, by_id(operation)))
    .collect();
    links.extend([
        (
            "create_api_key",
            "201",
            "RevokeApiKey",
            by_id("revoke_api_key"),
        ),
        ("create_user", "201", "UpdateUser", by_id("update_user")),
        (
            "create_shipping_allowance",
            "201",
            "DeleteShippingAllowance",
            by_id("delete_shipping_allowance"),
        ),
    ]);
    links.extend(swa_links());
    links.extend(webhook_links());
    for created in ["create_location", "create_child"] {
        for (name, operation) in LOCATION_USES {
            links.push((created, "201", name, by_id(operation)));
        }
    }
    // The bin names the PO lines an attach takes (the location comes from elsewhere: a
    // link gives what it knows).
    links.push((
        "license_bin",
        "200",
        "AttachFirstLine",
        json!({"operationId": "attach", "requestBody": {"lines": [
            {"po_line_id": "$response.body#/items/0/lines/0/id", "quantity": 1}
        ]}}),
    ));
    // Attach answers the new attachments, an array: the first one is activated, previewed
    // or detached on the same location.
    let attached = "$response.body#/0/id";
    links.extend([
        (
            "attach",
            "201",
            "Activate",
            json!({"operationId": "activate",
                "parameters": {"id": "$request.path.id"},
                "requestBody": {"attachment_ids": [attached], "accept_license_agreement": true}}),
        ),
        (
            "attach",
            "201",
            "Preview",
            json!({"operationId": "preview",
                "parameters": {"id": "$request.path.id", "attachment_ids": attached}}),
        ),
        (
            "attach",
            "201",
            "Detach",
            json!({"operationId": "detach",
                "parameters": {"id": "$request.path.id", "attachment_id": attached}}),
        ),
        (
            "upload_dect_file",
            "201",
            "Import",
            json!({"operationId": "import_dect_file",
                "parameters": {"id": "$request.path.id", "upload_id": "$response.body#/id"}}),
        ),
    ]);
    links
}

/// Software Assurance: a customer's renewal quote, and an assignment's cooling-off.
fn swa_links() -> Vec<(&'static str, &'static str, &'static str, Value)> {
    let by_id = |operation: &str| json!({"operationId": operation, "parameters": {"id": "$response.body#/id"}});
    // No link from a new customer to its renewal quote: schemathesis merges a link's body
    // with a generated one, whose random `months_by_location` ids answer 404
    // `UNKNOWN_LOCATION` as they should, which its stateful phase reads as the new customer
    // being gone (ST302). The quote is tested on a customer of its own (the setup's).
    vec![
        // An assignment is activated or cancelled in its cooling-off.
        (
            "assign_swa",
            "201",
            "ActivateAssignment",
            by_id("activate_swa_assignment"),
        ),
        (
            "assign_swa",
            "201",
            "CancelAssignment",
            by_id("cancel_swa_assignment"),
        ),
    ]
}

/// Adds the links to the responses they start from.
pub(super) fn document(doc: &mut Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    let links = links();
    for item in paths.values_mut() {
        for operation in item
            .as_object_mut()
            .into_iter()
            .flat_map(|o| o.values_mut())
        {
            let id = operation["operationId"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            for (_, status, name, link) in links.iter().filter(|(from, ..)| *from == id) {
                operation["responses"][*status]["links"][*name] = link.clone();
            }
        }
    }
}

/// A new webhook endpoint's id leads to reading, changing, rotating and deleting it.
fn webhook_links() -> Vec<(&'static str, &'static str, &'static str, Value)> {
    [
        ("GetWebhookEndpoint", "get_webhook_endpoint"),
        ("UpdateWebhookEndpoint", "update_webhook_endpoint"),
        ("RotateWebhookSecret", "rotate_webhook_secret"),
        ("DeleteWebhookEndpoint", "delete_webhook_endpoint"),
    ]
    .into_iter()
    .map(|(name, operation)| {
        let link = json!({"operationId": operation, "parameters": {"id": "$response.body#/id"}});
        ("create_webhook_endpoint", "201", name, link)
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_link_starts_at_a_documented_response_and_ends_at_an_operation() {
        let doc = super::super::document_value();
        let operations: Vec<&Value> = doc["paths"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|item| item.as_object().unwrap().values())
            .collect();
        let find = |id: &str| {
            operations
                .iter()
                .find(|o| o["operationId"] == id)
                .unwrap_or_else(|| panic!("no operation {id}"))
        };
        for (from, status, name, link) in links() {
            let response = &find(from)["responses"][status];
            assert_eq!(response["links"][name], link, "{from} {status} {name}");
            let target = find(link["operationId"].as_str().unwrap());
            let declared: Vec<&str> = target["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p["name"].as_str())
                .collect();
            let parameters = link["parameters"].as_object().into_iter().flatten();
            for (parameter, _) in parameters {
                assert!(
                    declared.contains(&parameter.as_str()),
                    "{name}: {parameter}"
                );
            }
        }
    }
}
