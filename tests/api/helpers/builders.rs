//! Typed builders for the fixtures most tests need — a customer, a location of a type, a
//! shipment into a partner's bin, a location with licenses attached and activated — so a test
//! states only what matters to it:
//!
//! ```ignore
//! let loc = app.location(&dealer).sv9100().await;
//! let po = app.ship(&dealer, &[("SV9100-IPPORT-8", 5)]).await;
//! app.attach(&dealer.token, &loc.id, &[(&po.line("SV9100-IPPORT-8"), 2)]).await.expect(201);
//! let licensed = app.location(&dealer).ip_dect().activated_with(&[("EU917062", 2)]).await;
//! ```
//!
//! A builder does nothing until awaited: `.await` creates the fixture and asserts it was
//! created; `.send()` answers the raw [`Reply`] for a test that expects a refusal.

use std::future::{Future, IntoFuture};
use std::ops::Deref;
use std::pin::Pin;

use serde_json::{Map, Value, json};

use super::{Licensed, PartnerFixture, Reply, TestApp, id_of};

type Pending<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The HWKC of the guide's example for each system type that takes one (SPEC §3); a location
/// built with [`LocationBuilder::of_type`] gets it unless the test names another.
const EXAMPLE_HWKCS: &[(&str, &str)] = &[
    ("SL1000", "280001451316"),
    ("SL2100", "3810004626AD"),
    ("SV8100", "190400324412"),
    ("SV9100_CP10", "340209224568"),
    ("SV9100_CP20", "4410011575A6"),
    ("SV8300", "18CYG-IPS-00000000BJZ02319QK"),
    ("SV9300", "36LYRAABK000000000CP10A087HY"),
    ("SV8500", "22CC538207AFD058020640CD57xO"),
    ("SV9500", "35G00N470108E0S0A8832EF2d3Po"),
    ("IS3000", "aa0014SA2792883418AA"),
    ("IP_DECT", "1009FFFE"),
    ("DECT_NS", "1FFFFFF9"),
    ("BCT", "aa0014SA2792889418AA"),
    ("RCC", "aa0014SA2792886419AA"),
    ("UM4730", "11-10465697"),
    ("EXPENSE_MANAGEMENT", "66045123"),
    ("MOBICALL_MASTER", "1A2F"),
];

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

/// A customer about to be created for a partner; `.await` answers its id.
#[must_use = "a builder does nothing until awaited"]
pub struct CustomerBuilder<'a> {
    app: &'a TestApp,
    token: &'a str,
    body: Map<String, Value>,
}

impl TestApp {
    /// A customer of `partner` named "Customer" in NL (change either, or add a field).
    pub fn customer<'a>(&'a self, partner: &'a PartnerFixture) -> CustomerBuilder<'a> {
        let body = json!({"name": "Customer", "country": "NL"});
        CustomerBuilder {
            app: self,
            token: &partner.token,
            body: body.as_object().cloned().unwrap_or_default(),
        }
    }
}

impl CustomerBuilder<'_> {
    pub fn named(mut self, name: &str) -> Self {
        self.body.insert("name".into(), json!(name));
        self
    }

    /// Any other field of the customer, e.g. `reference_note`.
    pub fn with(mut self, field: &str, value: impl Into<Value>) -> Self {
        self.body.insert(field.into(), value.into());
        self
    }

    /// Sends the request; answers the reply as it is.
    pub async fn send(self) -> Reply {
        self.app
            .post("/customers", self.token, &Value::Object(self.body))
            .await
    }
}

impl<'a> IntoFuture for CustomerBuilder<'a> {
    type Output = String;
    type IntoFuture = Pending<'a, String>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { id_of(&self.send().await.expect(201)) })
    }
}

// ---------------------------------------------------------------------------------------------
// Locations
// ---------------------------------------------------------------------------------------------

/// Where a location is created.
enum Place {
    /// Under a customer of its own, made on the way.
    NewCustomer,
    Customer(String),
    /// A child location of this parent.
    ChildOf(String),
}

/// A location about to be created for a partner; `.await` answers the created [`Location`].
#[must_use = "a builder does nothing until awaited"]
pub struct LocationBuilder<'a> {
    app: &'a TestApp,
    partner: &'a PartnerFixture,
    place: Place,
    body: Map<String, Value>,
    named: bool,
}

/// A created location: its id, its customer's id and the answer it was created with.
#[derive(Debug, Clone)]
pub struct Location {
    pub id: String,
    pub customer: String,
    pub body: Value,
}

impl Deref for Location {
    type Target = Value;

    fn deref(&self) -> &Value {
        &self.body
    }
}

impl TestApp {
    /// A location of `partner`, under a new customer unless [`LocationBuilder::under`] or
    /// [`LocationBuilder::child_of`] says where; give it a type with
    /// [`LocationBuilder::of_type`] or a shorthand such as [`LocationBuilder::sv9100`].
    pub fn location<'a>(&'a self, partner: &'a PartnerFixture) -> LocationBuilder<'a> {
        LocationBuilder {
            app: self,
            partner,
            place: Place::NewCustomer,
            body: Map::new(),
            named: false,
        }
    }
}

impl LocationBuilder<'_> {
    /// A location of `system_type` with the guide's example HWKC for it, if the type takes
    /// one, named after its type unless [`Self::named`] says otherwise.
    pub fn of_type(mut self, system_type: &str) -> Self {
        self.body.insert("system_type".into(), json!(system_type));
        if let Some((_, hwkc)) = EXAMPLE_HWKCS.iter().find(|(t, _)| *t == system_type) {
            self.body.insert("hwkc".into(), json!(hwkc));
        }
        if !self.named {
            self.body.insert("name".into(), json!(system_type));
        }
        self
    }

    /// An SV9100 CP10 (HWKC 340209224568).
    pub fn sv9100(self) -> Self {
        self.of_type("SV9100_CP10")
    }

    /// An SL1000 (HWKC 280001451316).
    pub fn sl1000(self) -> Self {
        self.of_type("SL1000")
    }

    /// An SV8500 (HWKC 22CC538207AFD058020640CD57xO), which comes with its LMC child.
    pub fn sv8500(self) -> Self {
        self.of_type("SV8500")
    }

    /// An IP DECT system (PARI 1009FFFE).
    pub fn ip_dect(self) -> Self {
        self.of_type("IP_DECT")
    }

    /// An SV9500 standard server, on a temp key until its real HWKC is derived.
    pub fn sv9500_server(self) -> Self {
        self.of_type("SV9500_SERVER")
    }

    /// An external product, UM4730 (HWKC 11-10465697).
    pub fn um4730(self) -> Self {
        self.of_type("UM4730")
    }

    pub fn hwkc(self, hwkc: &str) -> Self {
        self.with("hwkc", hwkc)
    }

    pub fn named(mut self, name: &str) -> Self {
        self.named = true;
        self.with("name", name)
    }

    /// Any other field of the request, e.g. `product_key` or `mac_address`.
    pub fn with(mut self, field: &str, value: impl Into<Value>) -> Self {
        self.body.insert(field.into(), value.into());
        self
    }

    /// Leaves `field` (e.g. the example HWKC) out of the request.
    pub fn without(mut self, field: &str) -> Self {
        self.body.remove(field);
        self
    }

    /// Under this customer of the partner's.
    pub fn under(mut self, customer: &str) -> Self {
        self.place = Place::Customer(customer.to_owned());
        self
    }

    /// As a child location of `parent`.
    pub fn child_of(mut self, parent: &str) -> Self {
        self.place = Place::ChildOf(parent.to_owned());
        self
    }

    /// Sends the request (making the customer first, if it is a new one); answers the reply
    /// as it is.
    pub async fn send(self) -> Reply {
        let (app, partner) = (self.app, self.partner);
        let path = match self.place {
            Place::NewCustomer => {
                let customer = app.customer(partner).named("Locations").await;
                format!("/customers/{customer}/locations")
            }
            Place::Customer(customer) => format!("/customers/{customer}/locations"),
            Place::ChildOf(parent) => format!("/locations/{parent}/children"),
        };
        app.post(&path, &partner.token, &Value::Object(self.body))
            .await
    }

    /// Creates the location, ships `lines` (part, quantity) to its partner on a PO of their
    /// own, attaches all of them and activates them.
    pub async fn activated_with(self, lines: &[(&str, i64)]) -> ActivatedLocation {
        let (app, partner) = (self.app, self.partner);
        let location = self.await;
        let licensed = app.activate_new(partner, &location.id, lines).await;
        ActivatedLocation { location, licensed }
    }
}

impl<'a> IntoFuture for LocationBuilder<'a> {
    type Output = Location;
    type IntoFuture = Pending<'a, Location>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let body = self.send().await.expect(201);
            Location {
                id: id_of(&body),
                customer: body["customer_id"].as_str().unwrap_or_default().to_owned(),
                body,
            }
        })
    }
}

/// A location whose freshly shipped licenses are attached and activated.
#[derive(Debug)]
pub struct ActivatedLocation {
    pub location: Location,
    pub licensed: Licensed,
}

impl Deref for ActivatedLocation {
    type Target = Location;

    fn deref(&self) -> &Location {
        &self.location
    }
}

// ---------------------------------------------------------------------------------------------
// Shipments
// ---------------------------------------------------------------------------------------------

/// A PO about to be shipped to a partner's bin; `.await` answers the shipped [`Shipment`].
#[must_use = "a builder does nothing until awaited"]
pub struct ShipmentBuilder<'a> {
    app: &'a TestApp,
    token: &'a str,
    body: Map<String, Value>,
}

/// A shipped PO, as the shipment answered it.
#[derive(Debug, Clone)]
pub struct Shipment {
    pub body: Value,
    /// The part numbers in the order they were asked for.
    parts: Vec<String>,
}

impl Deref for Shipment {
    type Target = Value;

    fn deref(&self) -> &Value {
        &self.body
    }
}

impl Shipment {
    /// The id of the PO line of `part`.
    #[track_caller]
    pub fn line(&self, part: &str) -> String {
        let lines = self.body["lines"].as_array().expect("lines");
        let line = lines
            .iter()
            .find(|l| l["part_number"] == part)
            .unwrap_or_else(|| panic!("no line of {part} in {}", self.body));
        id_of(line)
    }

    /// The ids of the PO lines, in the order the parts were asked for.
    pub fn line_ids(&self) -> Vec<String> {
        self.parts.iter().map(|part| self.line(part)).collect()
    }
}

impl TestApp {
    /// Ships `lines` (part, quantity) to `partner` as the vendor admin, on a PO with a number
    /// of its own (or [`ShipmentBuilder::po`]) and SO number `SO-<PO number>`.
    pub fn ship<'a>(
        &'a self,
        partner: &PartnerFixture,
        lines: &[(&str, i64)],
    ) -> ShipmentBuilder<'a> {
        let po = format!("PO-{}", uuid::Uuid::new_v4().simple());
        let lines: Vec<Value> = lines
            .iter()
            .map(|(part, quantity)| json!({"part_number": part, "quantity": quantity}))
            .collect();
        let body = json!({"partner_id": partner.id, "po_number": po, "so_number": format!("SO-{po}"),
            "lines": lines});
        ShipmentBuilder {
            app: self,
            token: &self.admin_token,
            body: body.as_object().cloned().unwrap_or_default(),
        }
    }
}

impl<'a> ShipmentBuilder<'a> {
    /// The PO number (and SO number `SO-<number>`).
    pub fn po(mut self, number: &str) -> Self {
        self.body.insert("po_number".into(), json!(number));
        self.body
            .insert("so_number".into(), json!(format!("SO-{number}")));
        self
    }

    pub fn swa_months(mut self, months: i64) -> Self {
        self.body.insert("swa_months".into(), json!(months));
        self
    }

    /// Sent with this token instead of the vendor admin's.
    pub fn by(mut self, token: &'a str) -> Self {
        self.token = token;
        self
    }

    /// Sends the shipment; answers the reply as it is.
    pub async fn send(self) -> Reply {
        self.app
            .post("/admin/shipments", self.token, &Value::Object(self.body))
            .await
    }
}

impl<'a> IntoFuture for ShipmentBuilder<'a> {
    type Output = Shipment;
    type IntoFuture = Pending<'a, Shipment>;

    fn into_future(self) -> Self::IntoFuture {
        let parts = self.body["lines"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|l| l["part_number"].as_str().unwrap_or_default().to_owned())
            .collect();
        Box::pin(async move {
            Shipment {
                body: self.send().await.expect(201),
                parts,
            }
        })
    }
}
