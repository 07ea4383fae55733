//! Refused location requests: wrong HWKCs name the type they look like, missing, unknown and
//! misplaced fields are named, and nothing is created.

use super::{Fields, customer_locations, field, row, text};
use crate::helpers::spawn_app_with_dealer;

/// (system type, wrong HWKC, the type it looks like) — at least three per format family.
const WRONG_HWKCS: &[(&str, &str, Option<&str>)] = &[
    // 12 hex digits with a type prefix
    ("SL1000", "3810004626AD", Some("SL2100")),
    ("SL1000", "4410011575A6", Some("SV9100_CP20")),
    ("SL1000", "28000145131", None),
    ("SL1000", "28000145131G", None),
    ("SL2100", "280001451316", Some("SL1000")),
    ("SV8100", "340209224568", Some("SV9100_CP10")),
    ("SV9100_CP10", "4410011575A6", Some("SV9100_CP20")),
    ("SV9100_CP10", "34020922456", None),
    ("SV9100_CP20", "340209224568", Some("SV9100_CP10")),
    ("SV9100_CP20", "4410011575A", None),
    // 12 hex digits without a PBX prefix: an OVOC id.
    ("SV9100_CP20", "AB10011575A6", Some("BX_OVOC")),
    // SV8300
    ("SV8300", "18CYG-IP5-00000000BJZ02319QK", None),
    ("SV8300", "18CYGIPS00000000BJZ02319QK", None),
    ("SV8300", "22CC538207AFD058020640CD57xO", Some("SV8500")),
    ("SV8300", "LM18CYG-IPS-00000000BJZ02319QK", Some("LMC")),
    // SV9300
    ("SV9300", "22CC538207AFD058020640CD57xO", Some("SV8500")),
    ("SV9300", "35G00N470108E0S0A8832EF2d3Po", Some("SV9500")),
    ("SV9300", "36LYRAABK000000000CP10A087H", None),
    // SV8500
    ("SV8500", "36LYRAABK000000000CP10A087HY", Some("SV9300")),
    ("SV8500", "22-121126064636-613-TEMP-KEY", Some("SR_MGC")),
    ("SV8500", "22CC538207AFD058020640CD57x", None),
    ("SV8500", "22CC538207AFD058020640CD57x!", None),
    // SV9500
    ("SV9500", "36LYRAABK000000000CP10A087HY", Some("SV9300")),
    (
        "SV9500",
        "35-150601035832-610-TEMP-KEY",
        Some("SV9500_SERVER"),
    ),
    ("SV9500", "A_3565-A9C3-0842-67EF-2E44-A473-6DI", None),
    ("SV9500", "3565A9C3084267EF2E44A4736DI", None),
    // iS3000 dongle format (iS3000, BCT, RCC)
    ("IS3000", "AA0014SA2792883418AA", None),
    ("IS3000", "aa0014SA2792883418", None),
    ("IS3000", "aa14SA2792883418AA", None),
    ("IS3000", "LMIS0014SA2792885418", Some("LMC")),
    ("BCT", "aa0014S12792889418AA", None),
    ("RCC", "1A2F", Some("MOBICALL_MASTER")),
    // DECT PARI
    ("IP_DECT", "2009FFFE", None),
    ("IP_DECT", "1009FFF", None),
    ("IP_DECT", "1A2F", Some("MOBICALL_MASTER")),
    ("DECT_NS", "20090000", Some("BX_OVOC")),
    // LMC
    ("LMC", "LM0123456789AB", None),
    ("LMC", "LM-22CC538207AFD058020640CD57xO", None),
    ("LMC", "22CC538207AFD058020640CD57xO", Some("SV8500")),
    ("LMC", "aa0014SA2792883418AA", Some("IS3000")),
    // BX/OVOC
    ("BX_OVOC", "955148", None),
    ("BX_OVOC", "955148412", None),
    ("BX_OVOC", "9551484X", None),
    ("BX_OVOC", "11-10465697", Some("UM4730")),
    // UM4730
    ("UM4730", "1110465697", None),
    ("UM4730", "11-1046569", None),
    ("UM4730", "66045123", Some("BX_OVOC")),
    // Expense Management
    ("EXPENSE_MANAGEMENT", "660451234", None),
    ("EXPENSE_MANAGEMENT", "6604512A", None),
    ("EXPENSE_MANAGEMENT", "11-10465697", Some("UM4730")),
    // MobiCall / MobiBox
    ("MOBICALL_MASTER", "1A2G", None),
    ("MOBICALL_MASTER", "1A2", None),
    ("MOBICALL_SUPERVISOR", "1A2F0", None),
    ("MOBIBOX", "1009FFFE", Some("IP_DECT")),
];

#[tokio::test]
async fn wrong_hwkcs_are_refused_with_the_type_they_look_like_and_nothing_is_created() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let customer = app.customer(&dealer).named("Typo Telecom").await;
    let catalog = app.get("/system-types", &dealer.token).await.expect(200);
    let example_of = |code: &str| -> String {
        catalog["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["code"] == code)
            .map(|t| t["hwkc"]["example"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("{code} not in the catalog"))
    };

    for &(system_type, wrong, looks_like) in WRONG_HWKCS {
        let mut fields = vec![("hwkc", wrong)];
        if system_type == "BX_OVOC" {
            fields.push(("product_key", "DT1234567"));
        }

        // Act
        let reply = row(&app, &dealer, "Typo", system_type, &fields)
            .under(&customer)
            .send()
            .await;

        // Assert
        let what = format!("{wrong:?} as {system_type}");
        let error = reply.expect_error(422, "INVALID_HARDWARE_KEYCODE");
        assert_eq!(field(&error), "/hwkc", "{what}");
        assert_eq!(
            error["error"]["looks_like"].as_str(),
            looks_like,
            "{what}: {error}"
        );
        let message = text(&error["error"], "message");
        assert!(
            message.contains(&example_of(system_type)),
            "{what}: the message names no example: {message}"
        );
    }
    assert!(
        customer_locations(&app, &dealer.token, &customer)
            .await
            .is_empty(),
        "a refused location was stored"
    );
}

#[tokio::test]
async fn an_sv9500_takes_an_optional_secondary_hwkc_checked_like_the_first() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let twin = || {
        app.location(&dealer)
            .of_type("SV9500")
            .named("Twin")
            .hwkc("35G00N470108E0S0A8832EF2d3Po")
    };

    // Act
    let bad = twin()
        .with("secondary_hwkc", "36LYRAABK000000000CP10A087HY")
        .send()
        .await;
    let good = twin()
        .with("secondary_hwkc", "A_3565-A9C3-0842-67EF-2E44-A473-6DI2")
        .await;

    // Assert
    let error = bad.expect_error(422, "INVALID_HARDWARE_KEYCODE");
    assert_eq!(field(&error), "/secondary_hwkc");
    assert_eq!(error["error"]["looks_like"], "SV9300");
    assert_eq!(good["secondary_hwkc"], "3565A9C3084267EF2E44A4736DI2");
}

/// Refused requests: (system type, fields, the field named).
type Refused = &'static [(&'static str, Fields, &'static str)];

/// Fields a type does not take.
const NOT_ALLOWED: Refused = &[
    (
        "SL1000",
        &[("hwkc", "280001451316"), ("mac_address", "6CE4DA01378C")],
        "mac_address",
    ),
    (
        "SL1000",
        &[("hwkc", "280001451316"), ("product_key", "DT1")],
        "product_key",
    ),
    (
        "SV9100_CP10",
        &[("hwkc", "340209224568"), ("secondary_hwkc", "340209224569")],
        "secondary_hwkc",
    ),
    (
        "SV9500_SE",
        &[
            ("mac_address", "6CE4DA01378C"),
            ("hwkc", "35G00N470108E0S0A8832EF2d3Po"),
        ],
        "hwkc",
    ),
    (
        "SV9500_SERVER",
        &[("hwkc", "35G00N360103F0S0007490B6E0yQ")],
        "hwkc",
    ),
    (
        "3C",
        &[("domain_name", "pbx.example.com"), ("hwkc", "3CB6CE81EECE")],
        "hwkc",
    ),
    (
        "BCT",
        &[("full_computer_name", "pc.example.local")],
        "full_computer_name",
    ),
    (
        "IS3000",
        &[
            ("hwkc", "aa0014SA2792883418AA"),
            ("domain_name", "pbx.example.com"),
        ],
        "domain_name",
    ),
    // BX9000 / OVOC software gets its product key at first activation.
    (
        "BX_OVOC",
        &[("hwkc", "358744541284567"), ("product_key", "DT1234567")],
        "product_key",
    ),
];

/// Required inputs that are missing.
const MISSING: Refused = &[
    ("SL1000", &[], "hwkc"),
    ("SL1000", &[("hwkc", "   ")], "hwkc"),
    ("SV9500_SE", &[], "mac_address"),
    ("3C_CAT2", &[], "domain_name"),
    ("BX_OVOC", &[("hwkc", "9551484")], "product_key"),
    ("BX_OVOC", &[("hwkc", "95514840")], "product_key"),
];

/// Bad inputs, derived ones among them.
const INVALID: Refused = &[
    (
        "BX_OVOC",
        &[("hwkc", "9551484"), ("product_key", "DT 12/34")],
        "product_key",
    ),
    (
        "SV9500_SE",
        &[("mac_address", "6CE4DA01378")],
        "mac_address",
    ),
    (
        "SV9500_SE",
        &[("mac_address", "00:00:00:00:00:00")],
        "mac_address",
    ),
    (
        "IS3000",
        &[("full_computer_name", "not a host!")],
        "full_computer_name",
    ),
    (
        "IS3000",
        &[
            ("hwkc", "aa0014SA2792883418AA"),
            ("full_computer_name", "pc.example.local"),
        ],
        "full_computer_name",
    ),
    ("3C", &[("domain_name", "-bad-.example.com")], "domain_name"),
];

/// Each table of refused requests with the code that refuses them (all with 422); and an
/// unknown system type, and a body field the API does not know.
const FIELD_CASES: [(&str, Refused); 5] = [
    ("FIELD_NOT_ALLOWED", NOT_ALLOWED),
    ("MISSING_FIELD", MISSING),
    ("INVALID_FIELD", INVALID),
    (
        "UNKNOWN_SYSTEM_TYPE",
        &[("SV9100", &[("hwkc", "340209224568")], "system_type")],
    ),
    (
        "INVALID_BODY",
        &[(
            "SL1000",
            &[("hwkc", "280001451316"), ("colour", "blue")],
            "colour",
        )],
    ),
];

#[tokio::test]
async fn missing_unknown_and_misplaced_fields_are_named() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let customer = app.customer(&dealer).named("Wrong Fields BV").await;

    for (code, cases) in FIELD_CASES {
        for &(system_type, fields, expected_field) in cases {
            // Act
            let reply = row(&app, &dealer, "Wrong", system_type, fields)
                .under(&customer)
                .send()
                .await;

            // Assert
            let what = format!("{system_type} {fields:?}");
            assert_eq!(
                (reply.status.as_u16(), reply.code()),
                (422, code),
                "{what}: {}",
                reply.body
            );
            assert_eq!(field(&reply.body), format!("/{expected_field}"), "{what}");
            if code == "FIELD_NOT_ALLOWED" || code == "MISSING_FIELD" {
                let message = text(&reply.body["error"], "message");
                assert!(message.contains(expected_field), "{what}: {message}");
            }
        }
    }
    assert!(
        customer_locations(&app, &dealer.token, &customer)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn bx_ovoc_hardware_is_created_with_its_product_key() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let bx800 = || {
        app.location(&dealer)
            .of_type("BX_OVOC")
            .named("BX800")
            .hwkc("9551484")
    };

    // Act
    let without = bx800().send().await;
    let with = bx800().with("product_key", " DT1234567 ").send().await;

    // Assert
    let error = without.expect_error(422, "MISSING_FIELD");
    assert_eq!(field(&error), "/product_key");
    let location = with.expect(201);
    assert_eq!(location["hwkc"], "9551484");
    assert_eq!(location["product_key"], "DT1234567");
}
