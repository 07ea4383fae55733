//! The system-type catalog and the HWKC check (SPEC §3, API.md "Catalog"): what the frontend
//! and ERP clients validate against must be what location creation enforces. And the names
//! of the part catalog's features, which every stacked license carries so no client keeps its
//! own list.

use reqwest::Method;
use serde_json::{Value, json};

use lms_domain::license::feature_name;

use crate::helpers::{TestApp, spawn_app, spawn_app_with_dealer};

/// One row of SPEC §3: code, what the user enters, alternative input, category, and the
/// guide's HWKC example where the table gives one literally (`None` for the LMC row, whose
/// examples are abbreviated in the guide).
struct CatalogRow {
    code: &'static str,
    input: &'static str,
    alternative_input: Option<&'static str>,
    category: &'static str,
    example: Option<&'static str>,
}

const fn row(
    code: &'static str,
    input: &'static str,
    category: &'static str,
    example: Option<&'static str>,
) -> CatalogRow {
    CatalogRow {
        code,
        input,
        alternative_input: None,
        category,
        example,
    }
}

/// Every system type code of SPEC §3, in the table's order.
const SPEC_CATALOG: [CatalogRow; 26] = [
    row("SL1000", "hwkc", "lms", Some("280001451316")),
    row("SL2100", "hwkc", "lms", Some("3810004626AD")),
    row("SV8100", "hwkc", "lms", Some("190400324412")),
    row("SV9100_CP10", "hwkc", "lms", Some("340209224568")),
    row("SV9100_CP20", "hwkc", "lms", Some("4410011575A6")),
    row(
        "SV8300",
        "hwkc",
        "lms",
        Some("18CYG-IPS-00000000BJZ02319QK"),
    ),
    row(
        "SV9300",
        "hwkc",
        "lms",
        Some("36LYRAABK000000000CP10A087HY"),
    ),
    row(
        "SV8500",
        "hwkc",
        "lms",
        Some("22CC538207AFD058020640CD57xO"),
    ),
    row(
        "SR_MGC",
        "none",
        "lms",
        Some("22-121126064636-613-TEMP-KEY"),
    ),
    row(
        "SV9500",
        "hwkc",
        "lms",
        Some("35G00N470108E0S0A8832EF2d3Po"),
    ),
    row(
        "SV9500_SERVER",
        "ip_address",
        "lms",
        Some("35G00N360103F0S0007490B6E0yQ"),
    ),
    row(
        "SV9500_SE",
        "mac_address",
        "lms",
        Some("351A488E8B068683DFC26C7DDCKe"),
    ),
    CatalogRow {
        code: "IS3000",
        input: "hwkc",
        alternative_input: Some("full_computer_name"),
        category: "lms",
        example: Some("aa0014SA2792883418AA"),
    },
    row("3C", "domain_name", "lms", Some("3CB6CE81EECE")),
    row("3C_CAT2", "domain_name", "lms", Some("3CB6CE81EECE")),
    row("IP_DECT", "hwkc", "lms", Some("1009FFFE")),
    row("DECT_NS", "hwkc", "lms", Some("1FFFFFF9")),
    row("LMC", "hwkc", "lms", None),
    row("BCT", "hwkc", "lms", Some("aa0014SA2792889418AA")),
    row("BX_OVOC", "hwkc", "lms", Some("9551484")),
    row("RCC", "hwkc", "external", Some("aa0014SA2792886419AA")),
    row("UM4730", "hwkc", "external", Some("11-10465697")),
    row("EXPENSE_MANAGEMENT", "hwkc", "external", Some("66045123")),
    row("MOBICALL_MASTER", "hwkc", "external", Some("1A2F")),
    row("MOBICALL_SUPERVISOR", "hwkc", "external", Some("1A2F")),
    row("MOBIBOX", "hwkc", "external", Some("1A2F")),
];

async fn catalog(app: &TestApp, token: &str) -> Vec<Value> {
    let body = app.get("/system-types", token).await.expect(200);
    assert!(body["next_cursor"].is_null(), "the catalog is one page");
    body["items"].as_array().expect("items").clone()
}

async fn check(app: &TestApp, token: &str, code: &str, value: &str) -> Value {
    app.post(
        &format!("/system-types/{code}/hwkc-check"),
        token,
        &json!({ "value": value }),
    )
    .await
    .expect(200)
}

fn text<'a>(item: &'a Value, pointer: &str) -> &'a str {
    item.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{pointer} is not a string in {item}"))
}

#[tokio::test]
async fn system_types_lists_every_code_of_the_spec_with_its_rule_and_input() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;

    // Act
    let items = catalog(&app, &dealer.token).await;

    // Assert
    let codes: Vec<&str> = items.iter().map(|t| text(t, "/code")).collect();
    let spec_codes: Vec<&str> = SPEC_CATALOG.iter().map(|r| r.code).collect();
    assert_eq!(codes, spec_codes);
    for (item, spec) in items.iter().zip(&SPEC_CATALOG) {
        let code = spec.code;
        assert!(!text(item, "/name").is_empty(), "{code}: name");
        let pattern = text(item, "/hwkc/pattern");
        assert!(
            pattern.starts_with('^') && pattern.ends_with('$'),
            "{code}: pattern {pattern:?} is not anchored"
        );
        assert!(
            !text(item, "/hwkc/description").is_empty(),
            "{code}: description"
        );
        let example = text(item, "/hwkc/example");
        match spec.example {
            Some(expected) => assert_eq!(example, expected, "{code}: example"),
            None => assert!(example.starts_with("LM"), "{code}: example {example}"),
        }
        assert_eq!(text(item, "/input"), spec.input, "{code}: input");
        assert_eq!(
            item["alternative_input"].as_str(),
            spec.alternative_input,
            "{code}: alternative_input"
        );
        assert_eq!(text(item, "/category"), spec.category, "{code}: category");
        assert!(item["demo_licenses"].is_boolean(), "{code}: demo_licenses");
    }
}

#[tokio::test]
async fn system_types_describe_the_child_locations_of_spec_section_4() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    // (code, child types, LMC child created automatically)
    let expected: [(&str, &[&str], bool); 9] = [
        ("SV8500", &["SR_MGC", "LMC"], true),
        ("SV8300", &["LMC"], true),
        ("SV9300", &["LMC"], true),
        ("SV9500", &["LMC"], true),
        ("SV9500_SE", &["LMC"], true),
        ("IS3000", &["LMC"], false),
        ("BX_OVOC", &["BX_OVOC"], false),
        ("MOBICALL_MASTER", &["MOBICALL_SUPERVISOR"], false),
        ("SL1000", &[], false),
    ];

    // Act
    let items = catalog(&app, &dealer.token).await;

    // Assert
    for (code, children, auto_lmc) in expected {
        let item = items
            .iter()
            .find(|t| t["code"] == code)
            .unwrap_or_else(|| panic!("{code} missing"));
        let child_types: Vec<&str> = item["child_types"]
            .as_array()
            .expect("child_types")
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(child_types, children, "{code}: child_types");
        assert_eq!(item["auto_lmc_child"], auto_lmc, "{code}: auto_lmc_child");
    }
}

#[tokio::test]
async fn system_types_say_which_inputs_beside_the_hwkc_each_type_takes() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let flags = [
        "takes_secondary_hwkc",
        "takes_product_key",
        "hwkc_from_parent",
        "dect_upload",
    ];
    // The one type each flag is true for, or the two for the DECT upload.
    let expected: [(&str, &[&str]); 4] = [
        ("takes_secondary_hwkc", &["SV9500"]),
        ("takes_product_key", &["BX_OVOC"]),
        ("hwkc_from_parent", &["LMC"]),
        ("dect_upload", &["IP_DECT", "DECT_NS"]),
    ];

    // Act
    let items = catalog(&app, &dealer.token).await;

    // Assert
    for (flag, codes) in expected {
        let mut with: Vec<&str> = items
            .iter()
            .filter(|t| t[flag] == true)
            .map(|t| t["code"].as_str().unwrap())
            .collect();
        with.sort_unstable();
        let mut want = codes.to_vec();
        want.sort_unstable();
        assert_eq!(with, want, "{flag}");
    }
    for item in &items {
        for flag in flags {
            assert!(item[flag].is_boolean(), "{}: {flag}", item["code"]);
        }
        let temp_key_feature = &item["temp_key_feature"];
        if item["code"] == "SV9500_SERVER" {
            assert_eq!(temp_key_feature, "option.virtualization");
        } else {
            assert!(
                temp_key_feature.is_null(),
                "{}: temp_key_feature",
                item["code"]
            );
        }
    }
}

#[tokio::test]
async fn every_listed_example_passes_the_hwkc_check_of_its_type() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let items = catalog(&app, &dealer.token).await;
    assert_eq!(items.len(), 26);

    for item in &items {
        let code = text(item, "/code");
        let example = text(item, "/hwkc/example");

        // Act
        let verdict = check(&app, &dealer.token, code, example).await;

        // Assert
        assert_eq!(verdict["valid"], true, "{code} {example}: {verdict}");
        assert_eq!(
            verdict["normalized"], example,
            "{code}: examples are stored as shown"
        );
        assert!(verdict["error"].is_null(), "{code}: {verdict}");
        assert!(verdict["looks_like"].is_null(), "{code}: {verdict}");
    }
}

#[tokio::test]
async fn a_cp20_code_checked_as_cp10_is_invalid_and_looks_like_cp20() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;

    // Act
    let verdict = check(&app, &dealer.token, "SV9100_CP10", "4410011575A6").await;

    // Assert
    assert_eq!(verdict["valid"], false);
    assert_eq!(verdict["looks_like"], "SV9100_CP20");
    assert!(verdict["normalized"].is_null());
    let error = verdict["error"].as_str().expect("error message");
    // The message names the expected format and an example (SPEC §3).
    assert!(error.contains("starting with 34"), "{error}");
    assert!(error.contains("340209224568"), "{error}");
}

#[tokio::test]
async fn the_hwkc_check_normalises_input_as_location_creation_does() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    // (code, raw value, stored form)
    let cases = [
        (
            "SV9500",
            "A_3565-A9C3-0842-67EF-2E44-A473-6DI2",
            "3565A9C3084267EF2E44A4736DI2",
        ),
        // The QR form without the A_ prefix.
        (
            "SV9500",
            "3565-A9C3-0842-67EF-2E44-A473-6DI2",
            "3565A9C3084267EF2E44A4736DI2",
        ),
        // Mixed-case formats keep their case.
        (
            "SV9500",
            "35G00N470108E0S0A8832EF2d3Po",
            "35G00N470108E0S0A8832EF2d3Po",
        ),
        // Hex-only formats are upper-cased and trimmed.
        ("SL2100", "  3810004626ad\t", "3810004626AD"),
        ("BX_OVOC", "66e55234a97a", "66E55234A97A"),
        ("MOBIBOX", "1a2f", "1A2F"),
        // The iS3000 aa…AA wrapper is kept as entered.
        ("IS3000", " aa0014SA2792883418AA ", "aa0014SA2792883418AA"),
    ];

    for (code, raw, stored) in cases {
        // Act
        let verdict = check(&app, &dealer.token, code, raw).await;

        // Assert
        assert_eq!(verdict["valid"], true, "{code} {raw:?}: {verdict}");
        assert_eq!(verdict["normalized"], stored, "{code} {raw:?}");
    }
}

#[tokio::test]
async fn invalid_values_name_the_type_they_look_like() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    // (code, value, looks_like)
    let cases = [
        ("SL1000", "3810004626AD", Some("SL2100")),
        ("SV9100_CP20", "340209224568", Some("SV9100_CP10")),
        ("SV8500", "36LYRAABK000000000CP10A087HY", Some("SV9300")),
        ("SV8500", "22-121126064636-613-TEMP-KEY", Some("SR_MGC")),
        (
            "SV9500",
            "35-150601035832-610-TEMP-KEY",
            Some("SV9500_SERVER"),
        ),
        ("UM4730", "1A2F", Some("MOBICALL_MASTER")),
        ("SL1000", "28000145131", None),
        // The scanned QR form is an SV9500 code.
        (
            "SV9300",
            "A_3565-A9C3-0842-67EF-2E44-A473-6DI2",
            Some("SV9500"),
        ),
        // The iS3000 wrapper is case-significant.
        ("IS3000", "AA0014SA2792883418AA", None),
    ];

    for (code, value, looks_like) in cases {
        // Act
        let verdict = check(&app, &dealer.token, code, value).await;

        // Assert
        assert_eq!(verdict["valid"], false, "{code} {value}: {verdict}");
        assert_eq!(
            verdict["looks_like"].as_str(),
            looks_like,
            "{code} {value}: {verdict}"
        );
        assert!(verdict["error"].is_string(), "{code} {value}: {verdict}");
    }
}

#[tokio::test]
async fn an_unknown_system_type_is_a_json_404() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;

    // Codes are exact: lower case is not a code either.
    for code in ["SV9100", "sv8100", "NOPE"] {
        // Act
        let reply = app
            .post(
                &format!("/system-types/{code}/hwkc-check"),
                &dealer.token,
                &json!({"value": "190400324412"}),
            )
            .await;

        // Assert
        reply.expect_error(404, "NOT_FOUND");
    }
}

#[tokio::test]
async fn the_hwkc_check_needs_a_value() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;

    // Act
    let reply = app
        .post("/system-types/SL1000/hwkc-check", &dealer.token, &json!({}))
        .await;

    // Assert
    let body = reply.expect_error(422, "INVALID_BODY");
    assert_eq!(body["error"]["field"], "/value");
}

#[tokio::test]
async fn the_catalog_needs_a_token() {
    // Arrange
    let app = spawn_app().await;
    let body = json!({"value": "190400324412"});
    let requests = [
        (Method::GET, "/system-types", None),
        (Method::POST, "/system-types/SV8100/hwkc-check", Some(&body)),
    ];

    for (method, path, body) in requests {
        for token in [None, Some("not-a-token")] {
            // Act
            let reply = app.call(method.clone(), path, token, body).await;

            // Assert
            reply.expect_error(401, "UNAUTHENTICATED");
        }
    }
}

/// `(feature, feature_name)` of every stacked entry in `stacked`.
fn feature_names(stacked: &Value) -> Vec<(&str, &str)> {
    stacked
        .as_array()
        .unwrap_or_else(|| panic!("not a stacked list: {stacked}"))
        .iter()
        .map(|s| (text(s, "/feature"), text(s, "/feature_name")))
        .collect()
}

#[tokio::test]
async fn every_part_names_its_feature() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;

    // Act
    let parts = app.get("/parts", &dealer.token).await.expect(200);

    // Assert
    let parts = parts["items"].as_array().expect("items");
    assert!(!parts.is_empty());
    for part in parts {
        let (number, feature) = (text(part, "/part_number"), text(part, "/feature"));
        let name = text(part, "/feature_name");
        assert_eq!(name, feature_name(feature), "{number}");
        assert_ne!(name, feature, "{number}: {feature} has no name of its own");
    }
    let name_of = |number: &str| {
        let part = parts.iter().find(|p| p["part_number"] == number).unwrap();
        text(part, "/feature_name").to_owned()
    };
    assert_eq!(name_of("SV9100-IPPORT-8"), "IP extension ports");
    assert_eq!(name_of("EU917062"), "DECT access points (DAP)");
    assert_eq!(name_of("SV9500-VIRT-OPT"), "Virtualization option");
}

#[tokio::test]
async fn stacked_licenses_name_their_features_in_preview_activation_and_location() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let loc = app.location(&dealer).sv9100().await;
    let earlier = app
        .activate_new(&dealer, &loc.id, &[("SV9100-IPPORT-8", 1)])
        .await;
    assert_eq!(
        feature_names(&earlier.activation["stacked"]),
        [("ports.ip", "IP extension ports")]
    );
    let lines = [("SV9100-SIPTRK-4", 2), ("SV9100-R8", 1)];
    let attached = app.attach_new(&dealer, &loc.id, &lines).await;

    // Act
    let preview = app
        .preview(&dealer.token, &loc.id, &attached.attachments)
        .await
        .expect(200);
    let activation = app
        .activate(&dealer.token, &loc.id, &attached.attachments)
        .await
        .expect(201);
    let licenses = app.licenses(&dealer.token, &loc.id).await;

    // Assert
    let all = [
        ("ports.ip", "IP extension ports"),
        ("release", "System release"),
        ("trunks.sip", "SIP trunk channels"),
    ];
    assert_eq!(feature_names(&preview["current"]), all[..1]);
    assert_eq!(feature_names(&preview["after"]), all);
    assert_eq!(feature_names(&activation["stacked"]), all);
    assert_eq!(feature_names(&licenses["stacked"]), all);
}
