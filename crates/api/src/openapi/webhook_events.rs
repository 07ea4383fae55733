//! The events the LMS sends (SPEC §9): OpenAPI 3.1's `webhooks`, one per event type, each
//! a POST of its envelope (`{type, id, occurred_at, partner, recipients, data}`) signed the
//! Standard Webhooks way. utoipa has no `webhooks`, so they are added to the document as
//! JSON; the `data` schemas come from the domain's types (components of the document).

use lms_domain::webhook::EventType;
use serde_json::{Value, json};

/// The component holding each type's `data`, and what the event says.
fn data_schema(event_type: EventType) -> (&'static str, &'static str) {
    match event_type {
        EventType::LicenseShipped => (
            "LicenseShippedData",
            "A PO of licenses arrived in the partner's license bin (a vendor shipment).",
        ),
        EventType::SwaShipped => (
            "SwaShippedData",
            "A PO of SWA units arrived in the partner's SWA bin; sent to its SWA users.",
        ),
        EventType::LicenseActivated => (
            "LicenseActivatedData",
            "Licenses were activated on a location; carries the activation code of the new file.",
        ),
        EventType::ExternalFileAvailable => (
            "ExternalFileAvailableData",
            "An external product's license file arrived and can be downloaded.",
        ),
        EventType::SwaActivated => (
            "SwaActivatedData",
            "An SWA assignment became active (at once, or when its cooling-off ended); sent to the SWA users.",
        ),
        EventType::ReshipReceived => (
            "ReshipReceivedData",
            "A distributor's reship arrived in the dealer's bin: licenses, or SWA units (then sent to the SWA users).",
        ),
        EventType::HardwareReplaced => (
            "HardwareReplacedData",
            "A vendor admin replaced a location's hardware: new key, new license file. One event per changed location.",
        ),
        EventType::LocationMigrated => (
            "LocationMigratedData",
            "An SV9100 CP10 location migrated to a new CP20 location.",
        ),
    }
}

/// The name of the envelope component of `event_type`, e.g. `LicenseShippedEvent`.
fn envelope_name(event_type: EventType) -> String {
    data_schema(event_type).0.replace("Data", "Event")
}

const DELIVERY: &str = "Delivered by POST with the Standard Webhooks headers: `webhook-id` (the \
    event's `id`, the same on every retry: drop a duplicate), `webhook-timestamp` (Unix seconds) \
    and `webhook-signature` (`v1,` + base64 HMAC-SHA256 over `id.timestamp.body` with the \
    key of the endpoint's `whsec_` secret; during a secret rotation two signatures, \
    space-separated). Any 2xx answer acknowledges it; anything else, a timeout or a \
    connection error is retried after about 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h, \
    12 h, 24 h and 24 h (±20 %), then the message is marked failed. A partner's events reach \
    an endpoint in the order they happened.";

fn header(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "header", "required": true, "description": description,
           "schema": {"type": "string"}})
}

/// The envelope schema of one event type.
fn envelope(event_type: EventType) -> Value {
    let (data, _) = data_schema(event_type);
    json!({
        "type": "object",
        "description": format!("The `{}` event as sent.", event_type.as_str()),
        "required": ["type", "id", "occurred_at", "partner", "recipients", "data"],
        "properties": {
            "type": {"type": "string", "enum": [event_type.as_str()]},
            "id": {"type": "string", "description": "The event's id, also its `webhook-id`."},
            "occurred_at": {"type": "string", "format": "date-time"},
            "partner": {"$ref": "#/components/schemas/WebhookPartner"},
            "recipients": {
                "type": "array",
                "items": {"type": "string", "format": "email"},
                "description": "E-mail addresses of the partner's enabled users who should be notified (for SWA events, those with an SWA role)."
            },
            "data": {"$ref": format!("#/components/schemas/{data}")}
        }
    })
}

/// The `webhooks` entry of one event type.
fn webhook(event_type: EventType) -> Value {
    let (_, summary) = data_schema(event_type);
    json!({"post": {
        "operationId": format!("webhook_{}", event_type.as_str().replace('.', "_")),
        "summary": summary,
        "description": DELIVERY,
        "tags": ["webhooks"],
        "parameters": [
            header("webhook-id", "The event's id; the same on every retry."),
            header("webhook-timestamp", "When this attempt was signed, in Unix seconds."),
            header("webhook-signature", "`v1,<base64 signature>`, one or two, space-separated."),
        ],
        "requestBody": {"required": true, "content": {"application/json": {
            "schema": {"$ref": format!("#/components/schemas/{}", envelope_name(event_type))}
        }}},
        "responses": {"2XX": {"description": "Received; any other answer is retried."}},
        "security": []
    }})
}

/// Adds every event type's envelope component and webhook to the document.
pub(super) fn document(doc: &mut Value) {
    let mut hooks = serde_json::Map::new();
    for &event_type in EventType::ALL {
        if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
            schemas.insert(envelope_name(event_type), envelope(event_type));
        }
        hooks.insert(event_type.as_str().to_owned(), webhook(event_type));
    }
    doc["webhooks"] = Value::Object(hooks);
}
