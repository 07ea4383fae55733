//! The published location bodies follow the catalog (`GET /system-types`): every system type
//! has its schema, whose HWKC pattern takes the type's example and refuses the examples of
//! types with another format, and a body of each type's example is created.

use std::collections::HashSet;

use regex::Regex;
use serde_json::{Value, json};

use crate::helpers::spawn_app;

/// The object forms of a body schema (one, or the alternatives of a `oneOf`).
fn forms<'a>(schemas: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return forms(schemas, &schemas[name]);
    }
    let parts = ["oneOf", "allOf"]
        .iter()
        .filter_map(|k| schema[*k].as_array())
        .flatten();
    let mut found: Vec<&Value> = parts.flat_map(|part| forms(schemas, part)).collect();
    if schema["properties"]["name"].is_object() {
        found.push(schema);
    }
    found
}

/// The patterns of `hwkc` in the forms that require it.
fn hwkc_patterns(forms: &[&Value]) -> Vec<Regex> {
    forms
        .iter()
        .filter(|f| f["required"].as_array().unwrap().contains(&json!("hwkc")))
        .map(|f| Regex::new(f["properties"]["hwkc"]["pattern"].as_str().unwrap()).unwrap())
        .collect()
}

#[tokio::test]
async fn every_system_type_has_its_body_schema_and_hwkc_pattern() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let doc: Value = serde_json::from_str(&app.public_text("/openapi.json").await).unwrap();
    let schemas = &doc["components"]["schemas"];
    let catalog = app.get("/system-types", &dealer.token).await.expect(200);
    let catalog = catalog["items"].as_array().unwrap();

    for entry in catalog {
        let code = entry["code"].as_str().unwrap();
        // SR-MGC exists only under its SV8500: its schema is a child body's.
        let body = if code == "SR_MGC" {
            "ChildLocationBody"
        } else {
            "LocationBody"
        };
        let mapped = &schemas[body]["discriminator"]["mapping"][code];
        let branch = json!({"$ref": mapped});
        assert!(mapped.is_string(), "{code} has no {body} schema");
        let forms = forms(schemas, &branch);
        assert!(!forms.is_empty(), "{code}");
        let patterns = hwkc_patterns(&forms);

        // Act / Assert: the type's example fits, another format's does not.
        if entry["input"] != "hwkc" {
            assert!(patterns.is_empty(), "{code} takes no hwkc");
            continue;
        }
        let example = entry["hwkc"]["example"].as_str().unwrap();
        assert!(
            patterns.iter().any(|p| p.is_match(example)),
            "{code}: {example}"
        );
        let own = Regex::new(entry["hwkc"]["pattern"].as_str().unwrap()).unwrap();
        for other in catalog {
            let theirs = other["hwkc"]["example"].as_str().unwrap();
            if !own.is_match(theirs) && !own.is_match(&theirs.to_ascii_uppercase()) {
                assert!(
                    patterns.iter().all(|p| !p.is_match(theirs)),
                    "{code} takes {}'s {theirs}",
                    other["code"]
                );
            }
        }
    }
}

#[tokio::test]
async fn the_top_level_types_example_bodies_are_created() {
    // Arrange
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    let catalog = app.get("/system-types", &dealer.token).await.expect(200);
    let mut used = HashSet::new();

    for entry in catalog["items"].as_array().unwrap() {
        let code = entry["code"].as_str().unwrap();
        let example = entry["hwkc"]["example"].as_str().unwrap();
        // A HWKC is used once: the MobiCall types share their example, and an automatic LMC
        // child may have taken the LMC example.
        if entry["input"] == "hwkc" && !used.insert(example.to_owned()) {
            continue;
        }
        let mut location = app.location(&dealer).of_type(code);
        match entry["input"].as_str().unwrap() {
            "hwkc" => location = location.hwkc(example),
            "mac_address" => location = location.with("mac_address", "6c:e4:da:01:37:8c"),
            "domain_name" => location = location.with("domain_name", "pbx.example.com"),
            _ => location = location.without("hwkc"),
        }
        if entry["takes_product_key"] == true {
            location = location.with("product_key", "DT123456");
        }

        // Act
        let reply = location.send().await;

        // Assert
        if code == "SR_MGC" {
            reply.expect_error(422, "PARENT_REQUIRED");
        } else {
            let created = reply.expect(201);
            for child in created["children"].as_array().unwrap() {
                used.insert(child["hwkc"].as_str().unwrap().to_owned());
            }
        }
    }
}
