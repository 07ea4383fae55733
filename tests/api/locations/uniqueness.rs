//! HWKC uniqueness: a key in use anywhere, by any partner and as any type, is refused in any
//! spelling — an automatic LMC child's key too, and then its parent is not created either.

use super::{customer_locations, easy_nav, field, text};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_hwkc_in_use_anywhere_is_refused_in_any_spelling() {
    // Arrange
    let app = spawn_app().await;
    let a = app.dealer().await;
    let b = app.distributor().await;
    let a_first = app.customer(&a).named("A First").await;
    let a_second = app.customer(&a).named("A Second").await;
    let b_customer = app.customer(&b).named("B Customer").await;
    for (system_type, hwkc) in [
        ("SL2100", "3810004626AD"),
        ("SV9500", "A_3565-A9C3-0842-67EF-2E44-A473-6DI2"),
        ("SV8500", "22CC538207AFD058020640CD57xO"),
        ("IS3000", "aa0014SA2792883418AA"),
    ] {
        app.location(&a)
            .of_type(system_type)
            .named("Original")
            .hwkc(hwkc)
            .under(&a_first)
            .await;
    }
    let a_before = easy_nav(&app, &a.token, "").await;
    let b_before = easy_nav(&app, &b.token, "").await;
    // (partner, customer, system type, HWKC as typed)
    let duplicates = [
        (&a, &a_first, "SL2100", "3810004626AD"),
        (&a, &a_second, "SL2100", " 3810004626ad "),
        (&b, &b_customer, "SL2100", "3810004626ad"),
        (&b, &b_customer, "SV9500", "3565A9C3084267EF2E44A4736DI2"),
        (
            &a,
            &a_second,
            "SV9500",
            "3565-A9C3-0842-67EF-2E44-A473-6DI2",
        ),
        (&b, &b_customer, "SV8500", "22CC538207AFD058020640CD57xO"),
        // The automatic LMC child's key is taken too.
        (&b, &b_customer, "LMC", "LM22CC538207AFD058020640CD57xO"),
        // Unique across system types: the same dongle as a BCT or RCC.
        (&b, &b_customer, "BCT", "aa0014SA2792883418AA"),
        (&a, &a_second, "RCC", "\taa0014SA2792883418AA"),
    ];

    for (partner, customer, system_type, hwkc) in duplicates {
        // Act
        let reply = app
            .location(partner)
            .of_type(system_type)
            .named("Duplicate")
            .hwkc(hwkc)
            .under(customer)
            .send()
            .await;

        // Assert
        let error = reply.expect_error(409, "HWKC_IN_USE");
        assert_eq!(field(&error), "/hwkc", "{system_type} {hwkc:?}");
    }
    assert_eq!(easy_nav(&app, &a.token, "").await, a_before);
    assert_eq!(easy_nav(&app, &b.token, "").await, b_before);
}

#[tokio::test]
async fn a_location_whose_lmc_child_key_is_taken_is_not_created_at_all() {
    // Arrange: another partner holds the key the SV9300's LMC child would get.
    let app = spawn_app().await;
    let a = app.dealer().await;
    let b = app.dealer().await;
    let a_customer = app.customer(&a).named("A").await;
    app.location(&b)
        .of_type("LMC")
        .named("Stray LMC")
        .hwkc("LM36LYRAABK000000000CP10A087HY")
        .await;

    // Act
    let reply = app
        .location(&a)
        .of_type("SV9300")
        .hwkc("36LYRAABK000000000CP10A087HY")
        .under(&a_customer)
        .send()
        .await;

    // Assert
    let error = reply.expect_error(409, "HWKC_IN_USE");
    assert!(
        text(&error["error"], "message").contains("LM36LYRAABK000000000CP10A087HY"),
        "{error}"
    );
    assert!(
        customer_locations(&app, &a.token, &a_customer)
            .await
            .is_empty(),
        "the parent of a failed LMC child was kept"
    );
    assert!(
        easy_nav(&app, &a.token, "36LYRAABK").await.is_empty(),
        "a half-created SV9300 is visible"
    );
}
