//! Customers (SPEC §2 step 1, API.md "Customers and locations"): create with name and
//! country required, get, list with `q` and paging, partial update re-validating the whole
//! record; vendor staff have no customers of their own.

mod create;
mod list;
mod update;

use serde_json::{Value, json};

use crate::helpers::{PartnerFixture, TestApp};

/// Every optional field, filled.
fn full_customer() -> Value {
    json!({
        "name": "Hotel Zonneveld",
        "country": "NL",
        "address": "Stationsplein 1",
        "postal_code": "3511 ED",
        "city": "Utrecht",
        "contact_name": "Anna de Vries",
        "email": "anna@zonneveld.example",
        "phone": "+31 30 123 4567",
        "reference_note": "ERP-10042",
    })
}

const OPTIONAL_FIELDS: [&str; 7] = [
    "address",
    "postal_code",
    "city",
    "contact_name",
    "email",
    "phone",
    "reference_note",
];

fn field(error: &Value) -> &str {
    error["error"]["field"].as_str().unwrap_or("<no field>")
}

/// A customer of `dealer` with every optional field filled, as created.
async fn full_customer_of(app: &TestApp, dealer: &PartnerFixture) -> Value {
    app.post("/customers", &dealer.token, &full_customer())
        .await
        .expect(201)
}
