//! Mass assignment: every JSON and upload body refuses unknown fields (422) — including every
//! field the server controls, such as `partner_id`, `roles`, `shipped` or `state` — and
//! changes nothing.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Value, json};

use super::document::{Operation, operations, properties};
use super::objects::Objects;
use super::requests::{Body, Request, send};
use super::{World, world};
use crate::helpers;

/// A value for an injected field, from the partner's objects.
type Sample = fn(&Objects) -> Value;

/// Fields only the server sets, tried on every body that does not declare them.
const SERVER_FIELDS: [(&str, Sample); 18] = [
    ("id", |_| json!(uuid::Uuid::new_v4())),
    ("partner_id", |o| json!(o.partner)),
    (
        "partner",
        |o| json!({"id": o.partner, "name": "Other", "tier": "distributor"}),
    ),
    ("customer_id", |o| json!(o.customer)),
    ("parent_id", |o| json!(o.parent)),
    ("user_id", |_| json!(uuid::Uuid::new_v4())),
    ("roles", |_| json!(["vendor_admin"])),
    ("tier", |_| json!("distributor")),
    ("state", |_| json!("activated")),
    ("shipped", |_| json!(1_000_000)),
    ("available", |_| json!(1_000_000)),
    ("attached", |_| json!(0)),
    ("activated", |_| json!(0)),
    ("reshipped", |_| json!(0)),
    ("demo_licenses_remaining", |_| json!(99)),
    ("created_at", |_| json!("2000-01-01T00:00:00Z")),
    ("impersonator", |_| json!(null)),
    ("disabled_at", |_| json!(null)),
];

/// A plausible value for a response property of this schema.
fn sample(schema: &Value) -> Value {
    let ty = match &schema["type"] {
        Value::Array(types) => types
            .iter()
            .find(|t| *t != "null")
            .cloned()
            .unwrap_or(Value::Null),
        other => other.clone(),
    };
    match ty.as_str() {
        Some("integer") => json!(999_999),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("array") => json!(["vendor_admin"]),
        Some("object") => json!({"id": uuid::Uuid::new_v4()}),
        _ if schema["format"] == "uuid" => json!(uuid::Uuid::new_v4()),
        _ => json!("injected"),
    }
}

/// Paths (JSON pointers) of every object inside `value`, the root first.
fn object_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            out.push(at.clone());
            for (k, v) in map {
                object_pointers(v, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                object_pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn every_body_refuses_unknown_and_server_controlled_fields_and_changes_nothing() {
    // Arrange
    let w = world().await;
    let before = w.state().await;

    // Act and assert
    let (json_variants, json_bodies) = json_bodies_refuse_injected_fields(&w).await;
    let (upload_variants, uploads) = uploads_refuse_any_part_but_one_file(&w).await;
    identity_cannot_be_written_at_all(&w).await;

    let (variants, bodies) = (json_variants + upload_variants, json_bodies + uploads);
    assert!(bodies >= 14, "{bodies} bodies");
    w.assert_unchanged_since(&before).await;
    println!("mass assignment: {variants} refused bodies over {bodies} operations");
}

/// Every field a JSON operation does not declare — the ones its answer carries, the ones only
/// the server sets, and an unexpected one — with a value to inject.
fn injected_fields(w: &World, op: &Operation) -> Vec<(String, Value)> {
    // What the answer carries that the request does not: fields the server controls.
    let mut controlled = BTreeMap::new();
    for (status, response) in op.spec["responses"].as_object().unwrap() {
        if status.starts_with('2') {
            let schema = &response["content"]["application/json"]["schema"];
            properties(&w.doc, schema, &mut controlled);
        }
    }
    let mut injected: Vec<(String, Value)> = controlled
        .iter()
        .map(|(name, schema)| (name.clone(), sample(schema)))
        .collect();
    injected.extend(
        SERVER_FIELDS
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value(&w.ao))),
    );
    injected.push(("unexpected_field".to_owned(), json!(1)));
    injected
}

/// Each undeclared field put into each object of each valid JSON body is refused with 422
/// `INVALID_BODY` pointing at it. Answers (refused bodies, operations).
async fn json_bodies_refuse_injected_fields(w: &World) -> (usize, usize) {
    let (mut variants, mut bodies) = (0, 0);
    for op in operations(&w.doc).into_iter().filter(Operation::takes_json) {
        let request = w.owner_request(&op);
        let Body::Json(valid) = &request.body else {
            panic!(
                "{}: documented as JSON, no JSON body in `request_for`",
                op.label()
            );
        };
        let (_, request_schema) = op.body_content().unwrap();
        let mut declared = BTreeMap::new();
        properties(&w.doc, request_schema, &mut declared);
        let injected = injected_fields(w, &op);
        let mut pointers = Vec::new();
        object_pointers(valid, String::new(), &mut pointers);
        bodies += 1;

        for pointer in &pointers {
            // Nested objects (lines) have their own declared fields.
            let nested_declared: Vec<String> = valid
                .pointer(pointer)
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            for (name, value) in &injected {
                let known = if pointer.is_empty() {
                    declared.contains_key(name)
                } else {
                    nested_declared.contains(name)
                };
                if known {
                    continue;
                }
                let mut body = valid.clone();
                body.pointer_mut(pointer)
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .insert(name.clone(), value.clone());
                let attempt = Request {
                    body: Body::Json(body),
                    ..request.clone()
                };

                // Act
                let reply = send(&w.app, w.owner_token(&op), &attempt).await;

                // Assert
                let label = format!("{} with {name} at '{pointer}'", op.label());
                let (error, place) = if let Some(item) = pointer.strip_prefix("/locations/") {
                    // A batch answers each location as it would be alone: the one with the
                    // field is refused in the results, at its own body's place.
                    let batch = reply.expect(200);
                    let result = batch["results"][item.parse::<usize>().unwrap()].clone();
                    assert_eq!(result["status"], 422, "{label}: {batch}");
                    assert_eq!(batch["created"], 0, "{label}: {batch}");
                    (json!({"error": result["error"]}), format!("/{name}"))
                } else {
                    (
                        reply.expect_error(422, "INVALID_BODY"),
                        format!("{pointer}/{name}"),
                    )
                };
                assert_eq!(error["error"]["code"], "INVALID_BODY", "{label}");
                // The exact place: the object it was put into, then its name.
                assert_eq!(error["error"]["field"], place, "{label}");
                variants += 1;
            }
        }
    }
    (variants, bodies)
}

/// Uploads: `file` is the one field, before or after any other, and only once. Answers
/// (refused bodies, operations).
async fn uploads_refuse_any_part_but_one_file(w: &World) -> (usize, usize) {
    let app = &w.app;
    let (mut variants, mut bodies) = (0, 0);
    for op in operations(&w.doc)
        .into_iter()
        .filter(Operation::takes_upload)
    {
        let request = w.owner_request(&op);
        let Body::File(file_name, content) = &request.body else {
            panic!(
                "{}: documented as an upload, no file in `request_for`",
                op.label()
            );
        };
        let file = || reqwest::multipart::Part::bytes(content.clone()).file_name(*file_name);
        let forms = [
            (
                "partner_id",
                reqwest::multipart::Form::new()
                    .part("file", file())
                    .text("partner_id", w.bo.partner.clone()),
            ),
            (
                "state",
                reqwest::multipart::Form::new()
                    .text("state", "activated")
                    .part("file", file()),
            ),
            (
                "file",
                reqwest::multipart::Form::new()
                    .part("file", file())
                    .part("file", file()),
            ),
        ];
        for (field, form) in forms {
            // Act
            let mut req = app
                .client
                .request(
                    op.method.clone(),
                    app.url(&format!("/api/v1{}", request.target)),
                )
                .multipart(form);
            if let Some(token) = w.owner_token(&op) {
                req = req.bearer_auth(token);
            }
            let reply = helpers::send(req).await;

            // Assert
            let error = reply.expect_error(422, "INVALID_BODY");
            assert_eq!(
                error["error"]["field"],
                field,
                "{} with {field}",
                op.label()
            );
            variants += 1;
        }
        bodies += 1;
    }
    (variants, bodies)
}

/// Identity cannot be written at all: `/me` has no writing method.
async fn identity_cannot_be_written_at_all(w: &World) {
    let app = &w.app;
    for method in [Method::PATCH, Method::PUT, Method::POST] {
        let reply = app
            .call(
                method.clone(),
                "/me",
                Some(&w.a.token),
                Some(&json!({"roles": ["vendor_admin"], "partner_id": w.bo.partner})),
            )
            .await;
        reply.expect_error(405, "METHOD_NOT_ALLOWED");
    }
    let me = app.get("/me", &w.a.token).await.expect(200);
    assert_eq!(me["roles"], json!(["lms_user", "swa_dealer_admin"]));
    assert_eq!(me["partner"]["id"], w.a.id.as_str());
}
