//! The request for each operation: its ids filled in, and a query and body that would succeed
//! for the owner of the objects.

use reqwest::Method;
use serde_json::{Value, json};

use super::document::Operation;
use super::objects::{A_HWKCS, Ids, Objects, dect_file};
use crate::helpers::{self, PARTNER_PASSWORD, Reply, TestApp};

#[derive(Debug, Clone)]
pub(super) enum Body {
    None,
    Json(Value),
    File(&'static str, Vec<u8>),
}

#[derive(Debug, Clone)]
pub(super) struct Request {
    pub(super) method: Method,
    /// Path and query, relative to `/api/v1`.
    pub(super) target: String,
    pub(super) body: Body,
}

impl Request {
    pub(super) fn text(&self) -> String {
        match &self.body {
            Body::Json(v) => format!("{} {v}", self.target),
            _ => self.target.clone(),
        }
    }

    pub(super) fn mentions(&self, ids: &[&str]) -> bool {
        let text = self.text();
        ids.iter().any(|id| text.contains(id))
    }

    /// The same request with each of `ids` replaced by a fresh random id; and the mapping.
    pub(super) fn with_unknown_ids(&self, ids: &[&str]) -> (Self, Vec<(String, String)>) {
        let mapping: Vec<(String, String)> = ids
            .iter()
            .map(|id| ((*id).to_owned(), uuid::Uuid::new_v4().to_string()))
            .collect();
        let swap = |text: &str| {
            mapping
                .iter()
                .fold(text.to_owned(), |t, (from, to)| t.replace(from, to))
        };
        let body = match &self.body {
            Body::Json(v) => Body::Json(serde_json::from_str(&swap(&v.to_string())).unwrap()),
            other => other.clone(),
        };
        let request = Self {
            method: self.method.clone(),
            target: swap(&self.target),
            body,
        };
        (request, mapping)
    }

    pub(super) fn label(&self) -> String {
        self.text()
    }
}

/// What the test needs besides one partner's objects to build a body.
pub(super) struct Ctx<'a> {
    pub(super) objects: &'a Objects,
    pub(super) email: &'a str,
    pub(super) distributor: &'a str,
}

/// The table of query strings and bodies: one request per operation that would succeed for
/// the owner of the objects. A writing operation missing here fails the suite.
pub(super) fn request_for(op: &Operation, ctx: &Ctx<'_>) -> (String, Body) {
    let o = ctx.objects;
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let json = |v: Value| (String::new(), Body::Json(v));
    if let Some(request) = channel_request(op, ctx)
        .or_else(|| account_request(op, ctx))
        .or_else(|| hardware_request(op))
        .or_else(|| webhook_request(op))
    {
        return request;
    }
    match (op.method.as_str(), op.template.as_str()) {
        ("GET", "/locations/{id}/license-preview") => {
            (format!("?attachment_ids={}", o.attached), Body::None)
        }
        ("DELETE", "/locations/{id}/attachments/{attachment_id}") => {
            ("?quantity=1".to_owned(), Body::None)
        }
        ("GET" | "DELETE", _) => (String::new(), Body::None),
        ("PATCH", "/admin/users/{id}") => json(json!({"disabled": true})),
        ("POST", "/admin/dect-imports/{id}/approve") => (String::new(), Body::None),
        ("POST", "/admin/dect-imports/{id}/reject") => json(json!({"reason": "Sneaky"})),
        ("POST", "/customers") => json(json!({"name": "Mass assignment", "country": "NL"})),
        ("PATCH", "/customers/{id}") => json(json!({"name": "Taken over", "reference_note": null})),
        ("POST", "/customers/{id}/locations") => {
            json(json!({"name": "Planted", "system_type": "SL1000", "hwkc": "280001451316"}))
        }
        ("POST", "/customers/{id}/locations/batch") => json(json!({"locations": [
            {"name": "Planted", "system_type": "SL1000", "hwkc": "280001451317"}
        ]})),
        ("PATCH", "/locations/{id}") => json(json!({"name": "Taken over", "reference_note": null})),
        ("POST", "/locations/{id}/activations") => {
            json(json!({"attachment_ids": [o.attached], "accept_license_agreement": true}))
        }
        ("POST", "/locations/{id}/attachments") => {
            json(json!({"lines": [{"po_line_id": o.po_line, "quantity": 1}]}))
        }
        ("POST", "/locations/{id}/children") => {
            json(json!({"name": "Planted LMC", "system_type": "LMC"}))
        }
        ("POST", "/locations/{id}/server-hwkc") => json(json!({"ip_address": "192.0.2.10"})),
        ("POST", "/locations/{id}/dect-license-upload") => (
            String::new(),
            Body::File("dect.lic", dect_file(A_HWKCS.pari)),
        ),
        (
            "POST",
            "/locations/{id}/dect-license-upload/{upload_id}/import"
            | "/locations/{id}/demo-licenses"
            | "/locations/{id}/license-file",
        ) => (String::new(), Body::None),
        ("POST", "/system-types/{code}/hwkc-check") => json(json!({"value": "340209224568"})),
        ("POST", "/admin/partners") => {
            json(json!({"name": format!("Sneaky {unique}"), "tier": "distributor"}))
        }
        ("POST", "/admin/users") => json(json!({
            "email": format!("sneaky-{unique}@partner.example"),
            "name": "Sneaky",
            "password": "a long enough password",
            "partner_id": o.partner,
            "roles": ["lms_user"],
        })),
        ("POST", "/admin/shipping-allowances") => {
            json(json!({"distributor_id": ctx.distributor, "dealer_id": o.partner}))
        }
        ("POST", "/admin/shipments") => json(json!({
            "partner_id": o.partner,
            "po_number": format!("SNEAKY-{unique}"),
            "so_number": "SO-SNEAKY",
            "lines": [{"part_number": "SV9100-IPPORT-8", "quantity": 1000}],
        })),
        ("PUT", "/admin/locations/{id}/external-license-file") => (
            String::new(),
            Body::File("external.lic", b"EXTERNAL LICENSE".to_vec()),
        ),
        (method, template) => panic!(
            "{method} {template}: no request in `request_for` in tests/api/isolation/requests.rs; add a \
             body that would succeed for the owner of the objects"
        ),
    }
}

/// The login and own-account part of [`request_for`].
fn account_request(op: &Operation, ctx: &Ctx<'_>) -> Option<(String, Body)> {
    let json = |v: Value| Some((String::new(), Body::Json(v)));
    match (op.method.as_str(), op.template.as_str()) {
        ("POST", "/auth/login") => json(json!({"email": ctx.email, "password": PARTNER_PASSWORD})),
        // The suite's server has no BusinessNet key: the body's shape is what is tested.
        ("POST", "/auth/businessnet") => json(json!({"assertion": "a.b.c"})),
        ("POST", "/api-keys") => json(json!({"name": "ERP nightly sync"})),
        ("POST", "/me/password") => json(
            json!({"current_password": PARTNER_PASSWORD, "new_password": "another long passphrase"}),
        ),
        _ => None,
    }
}

/// The impersonation, reship and Software Assurance part of [`request_for`].
fn channel_request(op: &Operation, ctx: &Ctx<'_>) -> Option<(String, Body)> {
    let o = ctx.objects;
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let json = |v: Value| Some((String::new(), Body::Json(v)));
    match (op.method.as_str(), op.template.as_str()) {
        ("POST", "/auth/impersonate") => json(json!({"user_email": ctx.email})),
        ("POST", "/auth/impersonation/end") => Some((String::new(), Body::None)),
        ("POST", "/reships") => json(json!({
            "dealer_email": ctx.email,
            "so_number": "SO-SNEAKY",
            "po_number": format!("SNEAKY-{unique}"),
            "lines": [{"po_line_id": o.po_line, "quantity": 1}],
        })),
        ("POST", "/swa-reships") => json(json!({
            "dealer_email": ctx.email,
            "so_number": "SO-SNEAKY",
            "po_number": format!("SNEAKY-SWA-R-{unique}"),
            "units": 1,
        })),
        ("POST", "/admin/swa-shipments") => json(json!({
            "partner_id": o.partner,
            "po_number": format!("SNEAKY-SWA-{unique}"),
            "so_number": "SO-SNEAKY",
            "units": 1000,
            "expires_on": "2099-01-01",
        })),
        ("POST", "/locations/{id}/swa-quotes") => json(json!({"months": 12})),
        ("POST", "/locations/{id}/swa-assignments") => {
            json(json!({"months": 12, "reference": "Taken over", "approve": true}))
        }
        ("POST", "/swa-assignments/{id}/activate") => Some((String::new(), Body::None)),
        ("POST", "/customers/{id}/swa-renewal-quotes") => json(json!({"co_term": false})),
        ("POST", "/customers/{id}/swa-renewals") => json(json!({"co_term": false})),
        ("POST", "/locations/{id}/free-of-charge-licenses") => {
            json(json!({"part_number": "Lic-078"}))
        }
        _ => None,
    }
}

/// The hardware part of [`request_for`]: a migration and a hardware replacement.
fn hardware_request(op: &Operation) -> Option<(String, Body)> {
    let json = |v: Value| Some((String::new(), Body::Json(v)));
    match (op.method.as_str(), op.template.as_str()) {
        ("POST", "/locations/{id}/migrations") => json(json!({"new_hwkc": "4410011575A6"})),
        ("POST", "/admin/locations/{id}/hardware-replacement") => {
            json(json!({"new_hwkc": "340209224599", "reason": "Sneaky"}))
        }
        _ => None,
    }
}

/// The webhook administration part of [`request_for`].
fn webhook_request(op: &Operation) -> Option<(String, Body)> {
    let json = |v: Value| Some((String::new(), Body::Json(v)));
    match (op.method.as_str(), op.template.as_str()) {
        ("POST", "/admin/webhook-endpoints") => json(json!({
            "url": "https://sneaky.example/hooks",
            "event_types": ["license.shipped"],
        })),
        ("PATCH", "/admin/webhook-endpoints/{id}") => json(json!({"enabled": false})),
        (
            "POST",
            "/admin/webhook-endpoints/{id}/secret-rotation"
            | "/admin/webhook-messages/{id}/redelivery",
        ) => Some((String::new(), Body::None)),
        _ => None,
    }
}

pub(super) fn build(op: &Operation, ids: &Ids, ctx: &Ctx<'_>) -> Request {
    let mut path = op.template.clone();
    for (name, value) in ids {
        path = path.replace(&format!("{{{name}}}"), value);
    }
    assert!(
        !path.contains('{'),
        "{}: unfilled parameter in {path}",
        op.label()
    );
    let (query, body) = request_for(op, ctx);
    Request {
        method: op.method.clone(),
        target: format!("{path}{query}"),
        body,
    }
}

pub(super) async fn send(app: &TestApp, token: Option<&str>, request: &Request) -> Reply {
    let mut req = app.client.request(
        request.method.clone(),
        app.url(&format!("/api/v1{}", request.target)),
    );
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    req = match &request.body {
        Body::None => req,
        Body::Json(v) => req.json(v),
        Body::File(name, bytes) => req.multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes.clone()).file_name(*name),
        )),
    };
    helpers::send(req).await
}
