//! Generated from the OpenAPI document (`openapi/openapi.json`), so a new endpoint is covered
//! or the suite fails:
//!
//! - isolation matrix: every path with an id and every method, partner B's token on partner
//!   A's real objects (and on B's own objects naming A's in a nested id, body or query) answers
//!   exactly what an id that does not exist answers — 404 — and changes nothing;
//! - every `/admin/…` operation answers 403 to partners and creates nothing;
//! - mass assignment: every JSON and upload body refuses unknown fields (422) — including every
//!   field the server controls, such as `partner_id`, `roles`, `shipped` or `state` — and
//!   changes nothing;
//! - resource limits: bodies past 64 KiB (1 MiB for uploads), pages past 200, overlong search
//!   text, huge request lines and slow clients are refused with 413/400/408, never served.
//!
//! A path template or operation these tables do not know fails with a message naming the table
//! to extend: [`objects::fill_for`] (which objects fill its ids) and [`requests::request_for`]
//! (its body).

mod document;
mod limits;
mod mass_assignment;
mod matrix;
mod objects;
mod requests;

use serde_json::Value;

use self::document::Operation;
use self::objects::{A_HWKCS, B_HWKCS, Objects, fill_for, objects, own};
use self::requests::{Ctx, Request, build};
use crate::helpers::{PartnerFixture, TestApp, committed_openapi, spawn_app};

/// Two dealers' objects, a distributor, and the OpenAPI document.
struct World {
    app: TestApp,
    doc: Value,
    a: PartnerFixture,
    b: PartnerFixture,
    distributor: PartnerFixture,
    ao: Objects,
    bo: Objects,
}

impl World {
    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            objects: &self.ao,
            email: &self.a.email,
            distributor: &self.distributor.id,
        }
    }

    /// The request the rightful user would make of `op`, on A's first object of each kind.
    fn owner_request(&self, op: &Operation) -> Request {
        let ids = if op.params().is_empty() {
            Vec::new()
        } else {
            own(fill_for(&op.template), &self.ao)
                .into_iter()
                .next()
                .unwrap()
        };
        build(op, &ids, &self.ctx())
    }

    /// The token an operation is called with by its rightful user.
    fn owner_token(&self, op: &Operation) -> Option<&str> {
        if op.template == "/auth/login" || op.template == "/auth/businessnet" {
            None
        } else if op.is_admin() {
            Some(&self.app.admin_token)
        } else if op.template == "/swa-reships" {
            // Only a distributor's SWA admin may reship SWA units (or list them).
            Some(&self.distributor.token)
        } else {
            Some(&self.a.token)
        }
    }
}

async fn world() -> World {
    let app = spawn_app().await;
    // With an SWA role, so the SWA operations answer what they would for a real user.
    let a = app.swa_dealer().await;
    let b = app.swa_dealer().await;
    let distributor = app.distributor().await;
    let ao = objects(&app, &a, &A_HWKCS, "ISO-A").await;
    let bo = objects(&app, &b, &B_HWKCS, "ISO-B").await;
    World {
        app,
        doc: committed_openapi(),
        a,
        b,
        distributor,
        ao,
        bo,
    }
}

/// Everything a partner can read about its objects, and its license file, to compare before
/// and after.
async fn snapshot(app: &TestApp, token: &str, o: &Objects) -> Vec<Value> {
    let mut reads = vec![
        format!("/customers/{}", o.customer),
        format!("/customers/{}/locations", o.customer),
        "/customers?limit=200".to_owned(),
        "/locations?limit=200".to_owned(),
        "/license-bin?include_used=true&limit=200".to_owned(),
        "/api-keys".to_owned(),
        "/swa-bin".to_owned(),
        "/swa-assignments".to_owned(),
    ];
    for l in o.locations() {
        for suffix in ["", "/children", "/history", "/licenses"] {
            reads.push(format!("/locations/{l}{suffix}"));
        }
    }
    let mut state = Vec::new();
    for path in reads {
        state.push(app.get(&path, token).await.expect(200));
    }
    state.extend(app.all_pages("/audit-events", token, 200).await);
    state.push(Value::String(app.download(token, &o.sv9100).await.text()));
    state
}

/// What vendor staff see across partners: partners, users, shipping allowances.
async fn vendor_snapshot(app: &TestApp) -> Vec<Value> {
    let mut state = app
        .all_pages("/admin/partners", &app.admin_token, 200)
        .await;
    state.extend(app.all_pages("/admin/users", &app.admin_token, 200).await);
    state.push(
        app.get("/admin/shipping-allowances", &app.admin_token)
            .await
            .expect(200),
    );
    state
}

/// What vendor staff and each partner can read, to compare before and after.
struct State {
    vendor: Vec<Value>,
    a: Vec<Value>,
    b: Vec<Value>,
}

impl World {
    async fn state(&self) -> State {
        State {
            vendor: vendor_snapshot(&self.app).await,
            a: snapshot(&self.app, &self.a.token, &self.ao).await,
            b: snapshot(&self.app, &self.b.token, &self.bo).await,
        }
    }

    /// Asserts that nothing vendor staff or either partner can read changed since `before`.
    async fn assert_unchanged_since(&self, before: &State) {
        let now = self.state().await;
        assert_eq!(now.vendor, before.vendor, "admin data changed");
        assert_eq!(now.a, before.a, "A's data changed");
        assert_eq!(now.b, before.b, "B's data changed");
    }
}

/// `message` with `mapping`'s random ids put back to the ids they replaced.
fn unmap(message: &str, mapping: &[(String, String)]) -> String {
    mapping
        .iter()
        .fold(message.to_owned(), |m, (original, random)| {
            m.replace(random, original)
        })
}
