//! Every error reply a test sees is checked against the committed OpenAPI document: its
//! status must be documented for the operation and its code listed in that response's
//! `enum`. A client generated from the document can then rely on both.

use std::sync::OnceLock;

use reqwest::Method;
use serde_json::Value;

use super::{Reply, committed_openapi};

/// The document's operations: method, path template split into segments, responses.
struct Operation {
    method: String,
    segments: Vec<String>,
    responses: Value,
}

fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(committed_openapi)
}

fn operations() -> &'static [Operation] {
    static OPERATIONS: OnceLock<Vec<Operation>> = OnceLock::new();
    OPERATIONS.get_or_init(|| {
        let doc = document();
        let mut all = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("a path item") {
                all.push(Operation {
                    method: method.to_uppercase(),
                    segments: path.split('/').map(str::to_owned).collect(),
                    responses: operation["responses"].clone(),
                });
            }
        }
        all
    })
}

/// The operation serving `method path`: the template that matches, literal segments
/// preferred over `{parameters}` (as the router does).
fn operation(method: &Method, path: &str) -> Option<&'static Operation> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    operations()
        .iter()
        .filter(|op| op.method == method.as_str() && op.segments.len() == segments.len())
        .filter(|op| {
            op.segments
                .iter()
                .zip(&segments)
                .all(|(t, s)| t == s || (t.starts_with('{') && !s.is_empty()))
        })
        .max_by_key(|op| op.segments.iter().filter(|t| !t.starts_with('{')).count())
}

/// Fails the test when an error reply is not what the document promises for its operation.
#[track_caller]
pub fn assert_documented(method: &Method, path: &str, reply: &Reply) {
    let status = reply.status.as_u16();
    if status < 400 {
        return;
    }
    let Some(op) = operation(method, path) else {
        return; // Not an operation (an unknown route or method): nothing is promised.
    };
    let response = &op.responses[status.to_string()];
    assert!(
        response.is_object(),
        "{method} {path} answered {status}, which the OpenAPI document does not list; body: {}",
        reply.body
    );
    let code = &reply.body["error"]["code"];
    let mut schema = &response["content"]["application/json"]["schema"];
    if let Some(name) = schema["$ref"].as_str() {
        let name = name.trim_start_matches("#/components/schemas/");
        schema = &document()["components"]["schemas"][name];
    }
    let listed = &schema["allOf"][1]["properties"]["error"]["properties"]["code"]["enum"];
    let listed = listed.as_array().map(Vec::as_slice).unwrap_or_default();
    assert!(
        listed.contains(code),
        "{method} {path} answered {status} {code}, which the OpenAPI document does not list \
         for it (listed: {listed:?}); add it in crates/api/src/openapi/error_codes.rs"
    );
}
