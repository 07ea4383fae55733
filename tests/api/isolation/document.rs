//! The operations of the committed OpenAPI document, and the properties of their schemas.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::Value;

/// One documented operation under `/api/v1`.
#[derive(Debug, Clone)]
pub(super) struct Operation {
    pub(super) method: Method,
    /// Relative to `/api/v1`, e.g. `/locations/{id}/attachments/{attachment_id}`.
    pub(super) template: String,
    pub(super) spec: Value,
}

impl Operation {
    pub(super) fn params(&self) -> Vec<String> {
        self.template
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(str::to_owned)
            .collect()
    }

    pub(super) fn label(&self) -> String {
        format!("{} {}", self.method, self.template)
    }

    pub(super) fn is_admin(&self) -> bool {
        self.template.starts_with("/admin/")
    }

    pub(super) fn body_content(&self) -> Option<(&str, &Value)> {
        let content = self.spec["requestBody"]["content"].as_object()?;
        content
            .iter()
            .next()
            .map(|(k, v)| (k.as_str(), &v["schema"]))
    }

    pub(super) fn takes_json(&self) -> bool {
        self.body_content()
            .is_some_and(|(t, _)| t == "application/json")
    }

    pub(super) fn takes_upload(&self) -> bool {
        self.body_content()
            .is_some_and(|(t, _)| t == "multipart/form-data")
    }

    pub(super) fn query_param(&self, name: &str) -> Option<&Value> {
        self.spec["parameters"]
            .as_array()?
            .iter()
            .find(|p| p["in"] == "query" && p["name"] == name)
    }
}

pub(super) fn operations(doc: &Value) -> Vec<Operation> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let Some(template) = path.strip_prefix("/api/v1") else {
            continue;
        };
        for (method, spec) in item.as_object().unwrap() {
            let method = match method.as_str() {
                "get" => Method::GET,
                "post" => Method::POST,
                "put" => Method::PUT,
                "patch" => Method::PATCH,
                "delete" => Method::DELETE,
                _ => continue,
            };
            ops.push(Operation {
                method,
                template: template.to_owned(),
                spec: spec.clone(),
            });
        }
    }
    assert!(
        ops.len() > 30,
        "the OpenAPI document lists {} operations",
        ops.len()
    );
    ops
}

/// Follows `$ref`s and collects the property names of a schema (through `allOf`, `oneOf`,
/// `anyOf` and array `items`).
pub(super) fn properties(doc: &Value, schema: &Value, out: &mut BTreeMap<String, Value>) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap();
        return properties(doc, &doc["components"]["schemas"][name], out);
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for part in schema[key].as_array().into_iter().flatten() {
            properties(doc, part, out);
        }
    }
    if schema["items"].is_object() {
        properties(doc, &schema["items"], out);
    }
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        out.entry(name.clone()).or_insert_with(|| property.clone());
    }
}
