//! Customer locations (SPEC §3, §4, §8): a location for every HWKC example of the guide,
//! wrong HWKCs, the derived and generated keys, child locations, HWKC uniqueness, Easy Nav
//! and edits.

mod batch;
mod children;
mod edits;
mod examples;
mod generated_keys;
mod schema;
mod search;
mod uniqueness;
mod validation;

use serde_json::Value;

use crate::helpers::{LocationBuilder, PartnerFixture, TestApp, id_of, query_value};

/// The SV9500 SE key of MAC 6CE4DA01378C (pinned by the domain crate's golden test; the
/// vendor's own derivation is unpublished, so it differs from the guide's example).
const SE_KEY_OF_6CE4DA01378C: &str = "35250004074CECDD44133966EBct";

// ---------------------------------------------------------------------------------------
// Shapes of generated keys

/// `<family>-<yymmddHHMMSS>-<3 digits>-TEMP-KEY`.
fn is_temp_key(family: &str, key: &str) -> bool {
    let Some(middle) = key
        .strip_prefix(family)
        .and_then(|k| k.strip_prefix('-'))
        .and_then(|k| k.strip_suffix("-TEMP-KEY"))
    else {
        return false;
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    matches!(middle.split_once('-'), Some((stamp, serial))
        if stamp.len() == 12 && digits(stamp) && serial.len() == 3 && digits(serial))
}

fn is_sr_mgc_temp_key(key: &str) -> bool {
    is_temp_key("22", key)
}

fn is_server_temp_key(key: &str) -> bool {
    is_temp_key("35", key)
}

/// `aa0016HN` + 12 digits + `AA`.
fn is_dongle_less_key(key: &str) -> bool {
    key.len() == 22
        && key.starts_with("aa0016HN")
        && key.ends_with("AA")
        && key[8..20].bytes().all(|b| b.is_ascii_digit())
}

/// `3C` + 10 upper-case hex digits.
fn is_three_c_key(key: &str) -> bool {
    key.len() == 12
        && key.starts_with("3C")
        && key[2..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
}

/// `35G00N` + 20 upper-case letters or digits + 2 letters or digits (28 in all).
fn is_server_key(key: &str) -> bool {
    key.len() == 28
        && key.starts_with("35G00N")
        && key[6..26]
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        && key[26..].bytes().all(|b| b.is_ascii_alphanumeric())
}

// ---------------------------------------------------------------------------------------
// Small helpers

/// Body fields of a location: (field, value).
type Fields = &'static [(&'static str, &'static str)];

/// A location request of exactly `name`, `system_type` and `fields`, as a table row gives
/// them (no example HWKC added).
fn row<'a>(
    app: &'a TestApp,
    partner: &'a PartnerFixture,
    name: &str,
    system_type: &str,
    fields: &[(&str, &str)],
) -> LocationBuilder<'a> {
    let builder = app
        .location(partner)
        .of_type(system_type)
        .without("hwkc")
        .named(name);
    fields
        .iter()
        .fold(builder, |b, (field, value)| b.with(field, *value))
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {v}"))
}

/// The location `id` as the token's partner reads it now.
async fn read(app: &TestApp, token: &str, id: &str) -> Value {
    app.get(&format!("/locations/{id}"), token)
        .await
        .expect(200)
}

/// The first page of `parent`'s child locations.
async fn children_of(app: &TestApp, token: &str, parent: &str) -> Value {
    app.get(&format!("/locations/{parent}/children"), token)
        .await
        .expect(200)
}

/// The HWKC history of location `id`.
async fn history(app: &TestApp, token: &str, id: &str) -> Value {
    app.get(&format!("/locations/{id}/history"), token)
        .await
        .expect(200)
}

/// All locations of a customer.
async fn customer_locations(app: &TestApp, token: &str, customer: &str) -> Vec<Value> {
    app.all_pages(&format!("/customers/{customer}/locations"), token, 200)
        .await
}

/// Everything Easy Nav finds for `q`, in one page.
async fn easy_nav(app: &TestApp, token: &str, q: &str) -> Vec<Value> {
    let page = app
        .get(&format!("/locations?q={}&limit=200", query_value(q)), token)
        .await
        .expect(200);
    assert!(
        page["next_cursor"].is_null(),
        "more than one page for {q:?}"
    );
    page["items"].as_array().expect("items").clone()
}

fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(id_of).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The error's `field`.
fn field(error: &Value) -> &str {
    error["error"]["field"].as_str().unwrap_or("<no field>")
}
