//! What the OpenAPI document says about CSV export: each exported list's GET takes a
//! `format` query parameter and documents a `text/csv` answer of 200 with its columns (the
//! 422 `UNSUPPORTED_FORMAT` follows from the parameter, see `openapi::error_codes`).

use serde_json::{Value, json};
use utoipa::Modify;

use super::lists::{ALL, ExportList};
use super::negotiate::FORMAT_PARAMETER;

/// Adds the `format` parameter and the `text/csv` answer to every list in [`ALL`].
pub struct CsvExports;

impl Modify for CsvExports {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        crate::openapi::edit_as_json(openapi, "CSV exports", document);
    }
}

fn document(doc: &mut Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for item in paths.values_mut() {
        let operation = &mut item["get"];
        let id = operation["operationId"].as_str().unwrap_or_default();
        if let Some(list) = ALL.iter().find(|l| l.operation == id) {
            add_export(operation, list);
        }
    }
}

fn add_export(operation: &mut Value, list: &ExportList) {
    let parameter = json!({
        "name": FORMAT_PARAMETER,
        "in": "query",
        "required": false,
        "description": "`csv`: every matching item as CSV (the filters apply, `limit` and \
            `cursor` do not), as `Accept: text/csv` asks; `json` (the default): the JSON answer, \
            whatever `Accept` says. Any other value is 422 `UNSUPPORTED_FORMAT`.",
        "schema": {"type": "string", "enum": ["json", "csv"]},
    });
    match operation["parameters"].as_array_mut() {
        Some(parameters) => parameters.push(parameter),
        None => operation["parameters"] = json!([parameter]),
    }
    let ok = &mut operation["responses"]["200"];
    let described = ok["description"].as_str().unwrap_or("The list").to_owned();
    ok["description"] = json!(format!(
        "{described}; with `format=csv` or `Accept: text/csv`, every item as `{}.csv`",
        list.file
    ));
    ok["content"]["text/csv"] = json!({
        "schema": {
            "type": "string",
            "description": format!(
                "RFC 4180 CSV in UTF-8 with CRLF line ends, streamed, and a header row: {}. \
                 A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return has a `'` \
                 in front (spreadsheet formula injection).",
                list.columns.join(", ")
            ),
        },
        "example": format!("{}\r\n", list.columns.join(",")),
    });
}
