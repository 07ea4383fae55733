//! Each partner's real objects — one of everything an id in a path can name — and which of
//! them fill a path template's parameters.

use reqwest::Method;

use crate::helpers::{PartnerFixture, TestApp, id_of};

/// A partner's real objects: one of everything an id in a path can name.
#[derive(Debug, Clone)]
pub(super) struct Objects {
    pub(super) partner: String,
    pub(super) customer: String,
    pub(super) sv9100: String,
    pub(super) parent: String,
    pub(super) child: String,
    pub(super) dect: String,
    pub(super) server: String,
    pub(super) po_line: String,
    /// Attached, not activated (on `sv9100`).
    pub(super) attached: String,
    /// Activated (on `sv9100`), so `sv9100` has a license file.
    pub(super) activated: String,
    /// A parsed DECT upload waiting for its import (on `dect`).
    pub(super) upload: String,
    /// The partner user's API key.
    pub(super) api_key: String,
    /// The partner's user.
    pub(super) user: String,
    /// An SWA assignment in cooling-off (on `sv9100`).
    pub(super) swa_assignment: String,
    /// The shipping allowance of the world's distributor for the partner.
    pub(super) allowance: String,
    /// A webhook endpoint (admin) made with the partner's objects.
    pub(super) webhook_endpoint: String,
    /// A message of the partner's events to it.
    pub(super) webhook_message: String,
}

impl Objects {
    pub(super) fn locations(&self) -> [&str; 5] {
        [
            &self.sv9100,
            &self.parent,
            &self.child,
            &self.dect,
            &self.server,
        ]
    }

    /// Every id of the partner's own objects.
    pub(super) fn ids(&self) -> Vec<&str> {
        let mut ids = vec![
            self.customer.as_str(),
            &self.po_line,
            &self.attached,
            &self.activated,
            &self.upload,
            &self.api_key,
            &self.swa_assignment,
        ];
        ids.extend(self.locations());
        ids
    }
}

/// HWKCs that differ per partner (they are unique across partners).
pub(super) struct Hwkcs {
    pub(super) sv9100: &'static str,
    pub(super) sv8500: &'static str,
    pub(super) pari: &'static str,
}

pub(super) const A_HWKCS: Hwkcs = Hwkcs {
    sv9100: "340209224568",
    sv8500: "22CC538207AFD058020640CD57xO",
    pari: "1009FFFE",
};
pub(super) const B_HWKCS: Hwkcs = Hwkcs {
    sv9100: "340209224569",
    sv8500: "22CC538207AFD058020640CD57xP",
    pari: "1009FFFD",
};

pub(super) fn dect_file(pari: &str) -> Vec<u8> {
    format!("[DECT-LICENSE]\nPARI={pari}\nFEATURE=EU917062,4,2019-03-12\nEND\n").into_bytes()
}

pub(super) async fn objects(
    app: &TestApp,
    partner: &PartnerFixture,
    distributor: &PartnerFixture,
    hw: &Hwkcs,
    po: &str,
) -> Objects {
    let t = &partner.token;
    let allowance = id_of(
        &app.post(
            "/admin/shipping-allowances",
            &app.admin_token,
            &serde_json::json!({"distributor_id": distributor.id, "dealer_id": partner.id}),
        )
        .await
        .expect(201),
    );
    let webhook_endpoint = webhook_endpoint(app).await;
    let customer = app.customer(partner).named("Isolation customer").await;
    let location = || app.location(partner).under(&customer);
    let sv9100 = location().sv9100().named("PBX").hwkc(hw.sv9100).await.id;
    let parent = location().sv8500().named("Core").hwkc(hw.sv8500).await;
    let child = id_of(&parent["children"][0]);
    let parent = parent.id.clone();
    let dect = location().ip_dect().named("DECT").hwkc(hw.pari).await.id;
    let server = location().sv9500_server().named("Server").await.id;

    let po_line = app
        .ship(partner, &[("SV9100-IPPORT-8", 10)])
        .po(po)
        .await
        .line("SV9100-IPPORT-8");
    let attach = async |quantity: i64| app.attach(t, &sv9100, &[(&po_line, quantity)]).await;
    let activated = id_of(&attach(2).await.expect(201)[0]);
    app.activate(t, &sv9100, &[&activated]).await.expect(201);
    let attached = id_of(&attach(3).await.expect(201)[0]);
    let upload = app
        .upload_file(
            Method::POST,
            &format!("/locations/{dect}/dect-license-upload"),
            t,
            "dect.lic",
            &dect_file(hw.pari),
        )
        .await
        .expect(201)["upload_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let api_key = id_of(&app.api_key(t, "ERP sync").await);
    let webhook_message = webhook_message(app, partner, &webhook_endpoint).await;
    let user = id_of(&app.get("/me", t).await.expect(200));
    app.ship_swa(&partner.id, &format!("{po}-SWA"), 1000, "2099-01-01")
        .await;
    let swa_assignment = id_of(
        &app.post(
            &format!("/locations/{sv9100}/swa-assignments"),
            t,
            &serde_json::json!({"months": 12, "reference": "ISO", "approve": true}),
        )
        .await
        .expect(201),
    );
    Objects {
        partner: partner.id.clone(),
        customer,
        sv9100,
        parent,
        child,
        dect,
        server,
        po_line,
        attached,
        activated,
        upload,
        api_key,
        user,
        swa_assignment,
        allowance,
        webhook_endpoint,
        webhook_message,
    }
}

/// A webhook endpoint (admin) that wants license shipments; its id.
async fn webhook_endpoint(app: &TestApp) -> String {
    let body = serde_json::json!({"url": "http://127.0.0.1:9/isolation",
                                  "event_types": ["license.shipped"]});
    id_of(
        &app.post("/admin/webhook-endpoints", &app.admin_token, &body)
            .await
            .expect(201),
    )
}

/// A message of `partner`'s events to `endpoint`; its id.
async fn webhook_message(app: &TestApp, partner: &PartnerFixture, endpoint: &str) -> String {
    let path = format!(
        "/admin/webhook-messages?partner_id={}&endpoint_id={endpoint}",
        partner.id
    );
    id_of(&app.get(&path, &app.admin_token).await.expect(200)["items"][0])
}

/// Which objects a path template's parameters name.
#[derive(Debug, Clone, Copy)]
pub(super) enum Fill {
    /// `{id}` is a customer.
    Customer,
    /// `{id}` is a location: every kind the partner has (PBX, parent, child, DECT, server).
    Location,
    /// `{id}` a location, `{attachment_id}` one of its attachments.
    LocationAttachment,
    /// `{id}` a DECT location, `{upload_id}` its pending upload.
    LocationUpload,
    /// `{id}` is one of the user's API keys.
    ApiKey,
    /// `{id}` is a DECT upload (admin review).
    Upload,
    /// `{id}` is a user (admin).
    User,
    /// `{id}` is an SWA assignment.
    SwaAssignment,
    /// `{id}` is a shipping allowance (admin).
    Allowance,
    /// `{id}` is a webhook endpoint (admin).
    WebhookEndpoint,
    /// `{id}` is a webhook message (admin).
    WebhookMessage,
    /// Not partner data (a catalog code): nothing to isolate.
    Catalog,
}

/// The table of path templates with ids. A template missing here fails the suite.
pub(super) fn fill_for(template: &str) -> Fill {
    match template {
        "/customers/{id}"
        | "/customers/{id}/locations"
        | "/customers/{id}/locations/batch"
        | "/customers/{id}/swa-renewal-quotes"
        | "/customers/{id}/swa-renewals" => Fill::Customer,
        "/locations/{id}"
        | "/locations/{id}/activations"
        | "/locations/{id}/attachments"
        | "/locations/{id}/children"
        | "/locations/{id}/dect-license-upload"
        | "/locations/{id}/dect-imports"
        | "/locations/{id}/demo-licenses"
        | "/locations/{id}/history"
        | "/locations/{id}/license-file"
        | "/locations/{id}/license-preview"
        | "/locations/{id}/licenses"
        | "/locations/{id}/server-hwkc"
        | "/locations/{id}/swa-quotes"
        | "/locations/{id}/swa-assignments"
        | "/locations/{id}/free-of-charge-licenses"
        | "/locations/{id}/migrations"
        | "/admin/locations/{id}/external-license-file"
        | "/admin/locations/{id}/hardware-replacement" => Fill::Location,
        "/locations/{id}/attachments/{attachment_id}" => Fill::LocationAttachment,
        "/locations/{id}/dect-license-upload/{upload_id}/import" => Fill::LocationUpload,
        "/api-keys/{id}" | "/admin/api-keys/{id}" => Fill::ApiKey,
        "/admin/dect-imports/{id}/approve" | "/admin/dect-imports/{id}/reject" => Fill::Upload,
        "/admin/users/{id}" => Fill::User,
        "/admin/shipping-allowances/{id}" => Fill::Allowance,
        "/admin/webhook-endpoints/{id}" | "/admin/webhook-endpoints/{id}/secret-rotation" => {
            Fill::WebhookEndpoint
        }
        "/admin/webhook-messages/{id}" | "/admin/webhook-messages/{id}/redelivery" => {
            Fill::WebhookMessage
        }
        "/swa-assignments/{id}" | "/swa-assignments/{id}/activate" => Fill::SwaAssignment,
        "/system-types/{code}/hwkc-check" => Fill::Catalog,
        other => panic!(
            "{other}: this path template is not in the isolation table; add it to `fill_for` in \
             tests/api/isolation/objects.rs, naming the partner objects its parameters take"
        ),
    }
}

pub(super) type Ids = Vec<(&'static str, String)>;

/// Every way to fill `fill` with `o`'s objects alone.
pub(super) fn own(fill: Fill, o: &Objects) -> Vec<Ids> {
    match fill {
        Fill::Customer => vec![vec![("id", o.customer.clone())]],
        Fill::Location => o
            .locations()
            .iter()
            .map(|l| vec![("id", (*l).to_owned())])
            .collect(),
        Fill::LocationAttachment => [&o.attached, &o.activated]
            .iter()
            .map(|a| vec![("id", o.sv9100.clone()), ("attachment_id", (*a).clone())])
            .collect(),
        Fill::LocationUpload => vec![vec![
            ("id", o.dect.clone()),
            ("upload_id", o.upload.clone()),
        ]],
        Fill::ApiKey => vec![vec![("id", o.api_key.clone())]],
        Fill::Upload => vec![vec![("id", o.upload.clone())]],
        Fill::User => vec![vec![("id", o.user.clone())]],
        Fill::SwaAssignment => vec![vec![("id", o.swa_assignment.clone())]],
        Fill::Allowance => vec![vec![("id", o.allowance.clone())]],
        Fill::WebhookEndpoint => vec![vec![("id", o.webhook_endpoint.clone())]],
        Fill::WebhookMessage => vec![vec![("id", o.webhook_message.clone())]],
        Fill::Catalog => vec![vec![("code", "SV9100_CP10".to_owned())]],
    }
}

/// The intruder's own objects in the outer id with the owner's in the inner one.
pub(super) fn mixed(fill: Fill, intruder: &Objects, owner: &Objects) -> Vec<Ids> {
    match fill {
        Fill::Location => vec![
            vec![("id", intruder.sv9100.clone())],
            vec![("id", intruder.dect.clone())],
        ],
        Fill::LocationAttachment => [&owner.attached, &owner.activated]
            .iter()
            .map(|a| {
                vec![
                    ("id", intruder.sv9100.clone()),
                    ("attachment_id", (*a).clone()),
                ]
            })
            .collect(),
        Fill::LocationUpload => vec![vec![
            ("id", intruder.dect.clone()),
            ("upload_id", owner.upload.clone()),
        ]],
        Fill::Customer
        | Fill::ApiKey
        | Fill::Upload
        | Fill::User
        | Fill::SwaAssignment
        | Fill::Allowance
        | Fill::WebhookEndpoint
        | Fill::WebhookMessage
        | Fill::Catalog => Vec::new(),
    }
}
