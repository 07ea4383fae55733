//! Renewing a customer's SWA: per-location quotes with reasons, co-term to one end date,
//! re-quoting per location, and an all-or-nothing renewal.

use chrono::{Duration, Months, NaiveDate};
use serde_json::{Value, json};

use crate::helpers::{
    PartnerFixture, SWA_LINES, TestApp, assert_swa_invariant, spawn_swa_app, unique_sv9100_hwkc,
};

fn date(v: &Value) -> NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

fn line<'a>(quote: &'a Value, location: &str) -> &'a Value {
    quote["locations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["location_id"] == location)
        .unwrap()
}

/// A customer with two SWA locations in their renewal window (A's SWA started two months
/// before B's) and one without SWA licenses.
struct Renewing {
    app: TestApp,
    dealer: PartnerFixture,
    a: String,
    b: String,
    bare: String,
    a_ends: NaiveDate,
    b_ends: NaiveDate,
    quotes: String,
    renewals: String,
}

async fn renewing() -> Renewing {
    let (app, _pool) = spawn_swa_app(3600).await;
    let dealer = app.swa_dealer().await;
    app.ship_swa(&dealer.id, "SWA-1", 5000, "2099-01-01").await;
    let customer = app.customer(&dealer).named("Renewals").await;
    let location = || {
        app.location(&dealer)
            .under(&customer)
            .sv9100()
            .hwkc(&unique_sv9100_hwkc())
    };
    let a = location().activated_with(SWA_LINES).await.id.clone();
    let bare = location().await.id;
    let a_ends = date(&app.assign_swa(&dealer, &a, 12, true).await.expect(201)["expires_on"]);
    app.advance(Duration::days(61));
    let b = location().activated_with(SWA_LINES).await.id.clone();
    let b_ends = date(&app.assign_swa(&dealer, &b, 12, true).await.expect(201)["expires_on"]);
    // Into B's renewal window (and so A's).
    app.advance(Duration::days(
        (b_ends - app.now().date_naive()).num_days() - 80,
    ));
    Renewing {
        quotes: format!("/customers/{customer}/swa-renewal-quotes"),
        renewals: format!("/customers/{customer}/swa-renewals"),
        app,
        dealer,
        a,
        b,
        bare,
        a_ends,
        b_ends,
    }
}

#[tokio::test]
async fn a_co_term_quote_ends_every_location_on_one_date() {
    // Arrange
    let Renewing {
        app,
        dealer,
        a,
        b,
        bare,
        a_ends,
        b_ends,
        quotes,
        ..
    } = renewing().await;

    // Act
    let quote = app
        .post(&quotes, &dealer.token, &json!({"co_term": true}))
        .await
        .expect(200);

    // Assert: one end date, 12 months after B's cover ends; A pays for its longer stretch.
    let end = b_ends.checked_add_months(Months::new(12)).unwrap();
    assert_eq!(quote["common_expires_on"], end.to_string());
    let (qa, qb) = (line(&quote, &a), line(&quote, &b));
    assert_eq!(qa["swa_status"], "renewable");
    assert_eq!(
        (date(&qa["starts_on"]), date(&qa["expires_on"])),
        (a_ends, end)
    );
    assert_eq!(
        (date(&qb["starts_on"]), date(&qb["expires_on"])),
        (b_ends, end)
    );
    assert_eq!(qb["months"], 12);
    assert_eq!(qb["total_units"], 264);
    assert_eq!(qa["months"], lms_domain::swa::months_started(a_ends, end));
    assert_eq!(line(&quote, &bare)["reason"]["code"], "NO_SWA_LICENSES");
    assert_eq!(
        quote["total_units"].as_u64(),
        Some(qa["total_units"].as_u64().unwrap() + 264)
    );
    assert_eq!(quote["available_units"], 5000 - 2 * 264);
    assert_eq!(quote["missing_units"], 0);
    let no_anchor = json!({"co_term": true, "months_by_location": {a.as_str(): 6, b.as_str(): 24}});
    app.post(&quotes, &dealer.token, &no_anchor)
        .await
        .expect_error(409, "CO_TERM_NEEDS_TWELVE_MONTHS");
    let stranger =
        json!({"co_term": false, "months_by_location": {uuid::Uuid::new_v4().to_string(): 12}});
    app.post(&quotes, &dealer.token, &stranger)
        .await
        .expect_error(404, "UNKNOWN_LOCATION");
    // Re-quoted without co-term: A for 24 months from its own end; quoting changes nothing.
    let before = app.swa_bin(&dealer).await;
    let requote = json!({"co_term": false, "months_by_location": {a.as_str(): 24}});
    let requoted = app.post(&quotes, &dealer.token, &requote).await.expect(200);
    assert_eq!(
        date(&line(&requoted, &a)["expires_on"]),
        a_ends.checked_add_months(Months::new(24)).unwrap()
    );
    assert_eq!(
        app.swa_bin(&dealer).await,
        before,
        "a quote changed the bin"
    );
}

#[tokio::test]
async fn a_co_termed_renewal_renews_all_quotable_locations_or_none() {
    // Arrange
    let Renewing {
        app,
        dealer,
        a,
        b,
        bare,
        b_ends,
        quotes,
        renewals,
        ..
    } = renewing().await;
    let quote = app
        .post(&quotes, &dealer.token, &json!({"co_term": true}))
        .await
        .expect(200);
    let named_bare = json!({"co_term": true, "months_by_location": {bare.as_str(): 12}});
    let refused = app.post(&renewals, &dealer.token, &named_bare).await;
    assert_eq!(
        refused.expect_error(409, "NO_SWA_LICENSES")["error"]["field"],
        format!("/months_by_location/{bare}")
    );

    // Act
    let renewed = app
        .post(
            &renewals,
            &dealer.token,
            &json!({"co_term": true, "reference": "RENEW-2027"}),
        )
        .await
        .expect(201);

    // Assert: both, to the common end, in cooling-off, then active.
    let end = b_ends.checked_add_months(Months::new(12)).unwrap();
    let items = renewed["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(
        items
            .iter()
            .all(|i| i["kind"] == "renewal" && i["status"] == "cooling_off")
    );
    assert!(items.iter().all(|i| date(&i["expires_on"]) == end));
    assert_eq!(renewed["total_units"], quote["total_units"]);
    let bin = app.swa_bin(&dealer).await;
    assert_eq!(bin["items"][0]["assigned"], quote["total_units"]);
    assert_swa_invariant(&bin);
    app.advance(Duration::hours(24) + Duration::seconds(1));
    assert_eq!(app.swa_status(&dealer, &a).await, "active");
    assert_eq!(app.swa_status(&dealer, &b).await, "active");
    let again = app
        .post(&quotes, &dealer.token, &json!({"co_term": false}))
        .await
        .expect(200);
    assert_eq!(line(&again, &a)["reason"]["code"], "SWA_ALREADY_ACTIVE");
    app.post(&renewals, &dealer.token, &json!({"co_term": false}))
        .await
        .expect_error(409, "NOTHING_TO_RENEW");
}

#[tokio::test]
async fn a_renewal_the_bin_cannot_cover_renews_nothing() {
    // Arrange
    let (app, _pool) = spawn_swa_app(3600).await;
    let dealer = app.swa_dealer().await;
    app.ship_swa(&dealer.id, "SWA-1", 300, "2099-01-01").await;
    let customer = app.customer(&dealer).named("Short").await;
    for _ in 0..2 {
        app.location(&dealer)
            .under(&customer)
            .sv9100()
            .hwkc(&unique_sv9100_hwkc())
            .activated_with(SWA_LINES)
            .await;
    }

    let quote = app
        .post(
            &format!("/customers/{customer}/swa-renewal-quotes"),
            &dealer.token,
            &json!({"co_term": false}),
        )
        .await
        .expect(200);
    assert_eq!(quote["missing_units"], 228);

    // Act
    let short = app
        .post(
            &format!("/customers/{customer}/swa-renewals"),
            &dealer.token,
            &json!({"co_term": false}),
        )
        .await;

    // Assert
    let body = short.expect_error(409, "INSUFFICIENT_SWA_UNITS");
    assert_eq!(body["error"]["details"]["needed"], 528);
    assert_eq!(body["error"]["details"]["missing"], 228);
    let bin = app.swa_bin(&dealer).await;
    assert_eq!(bin["available_units"], 300);
    let listed = app.get("/swa-assignments", &dealer.token).await.expect(200);
    assert_eq!(listed["items"], json!([]));
}
