//! A location's SWA status over time, with the server's clock moved by the test: the 24-hour
//! cooling-off ended by the background job (nobody calling the API) or seen at once by a
//! reader, the grace period's last day, renewable and expired, reinstatement, and the
//! prospective locations.

use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, Months};
use serde_json::json;

use crate::helpers::{assert_swa_invariant, id_of, spawn_swa_app};

/// Whether the database holds an `swa.activated` notification for the partner.
fn activated_events(pool: &lms_store::Pool, partner: &str) -> usize {
    let mut c = pool.get().unwrap();
    lms_store::outbox::of_partner(&mut c, partner.parse().unwrap())
        .unwrap()
        .iter()
        .filter(|e| e.event_type == "swa.activated")
        .count()
}

#[tokio::test]
async fn the_background_job_ends_the_cooling_off_without_any_request() {
    // Arrange: the job runs every second.
    let (app, pool) = spawn_swa_app(1).await;
    let dealer = app.swa_dealer().await;
    let location = app.swa_location(&dealer).await;
    app.ship_swa(&dealer.id, "SWA-1", 1000, "2099-01-01").await;
    app.assign_swa(&dealer, &location, 12, false)
        .await
        .expect(201);
    tokio::time::sleep(StdDuration::from_millis(1500)).await;
    assert_eq!(
        activated_events(&pool, &dealer.id),
        0,
        "active before its 24 hours"
    );

    // Act: a day passes; nobody calls the API.
    app.advance(Duration::hours(24) + Duration::seconds(1));
    let deadline = Instant::now() + StdDuration::from_secs(20);
    while activated_events(&pool, &dealer.id) == 0 && Instant::now() < deadline {
        tokio::time::sleep(StdDuration::from_millis(200)).await;
    }

    // Assert
    assert_eq!(
        activated_events(&pool, &dealer.id),
        1,
        "the job did not activate it"
    );
    let bin = app.swa_bin(&dealer).await;
    assert_eq!(bin["items"][0]["consumed"], 264);
    assert_eq!(bin["items"][0]["assigned"], 0);
    assert_eq!(app.swa_status(&dealer, &location).await, "active");
}

#[tokio::test]
async fn a_reader_sees_the_cooling_off_ended_before_the_job_runs() {
    // Arrange: the job would only run in an hour.
    let (app, pool) = spawn_swa_app(3600).await;
    let dealer = app.swa_dealer().await;
    let location = app.swa_location(&dealer).await;
    let other = app.swa_location(&dealer).await;
    app.ship_swa(&dealer.id, "SWA-1", 1000, "2099-01-01").await;
    let held = app
        .assign_swa(&dealer, &location, 12, false)
        .await
        .expect(201);
    let activated_now = app.assign_swa(&dealer, &other, 12, false).await.expect(201);
    let done = app
        .post_empty(
            &format!("/swa-assignments/{}/activate", id_of(&activated_now)),
            &dealer.token,
        )
        .await
        .expect(200);
    assert_eq!(done["status"], "active");

    // Act
    app.advance(Duration::hours(24) + Duration::seconds(1));

    // Assert: every read shows it active; nothing stale.
    assert_eq!(app.swa_status(&dealer, &location).await, "active");
    let listed = app
        .get(
            &format!("/swa-assignments?location_id={location}"),
            &dealer.token,
        )
        .await
        .expect(200);
    assert_eq!(listed["items"][0]["status"], "active");
    let bin = app.swa_bin(&dealer).await;
    assert_eq!(bin["items"][0]["consumed"], 528);
    assert_swa_invariant(&bin);
    assert_eq!(activated_events(&pool, &dealer.id), 2);
    app.delete(&format!("/swa-assignments/{}", id_of(&held)), &dealer.token)
        .await
        .expect_error(409, "NOT_CANCELLABLE");
}

#[tokio::test]
async fn grace_ends_after_90_days_and_then_reinstatement_is_quoted() {
    // Arrange
    let (app, _pool) = spawn_swa_app(3600).await;
    let dealer = app.swa_dealer().await;
    let location = app.swa_location(&dealer).await;
    let activated_on = app.now().date_naive();
    let quote = async || {
        app.post(
            &format!("/locations/{location}/swa-quotes"),
            &dealer.token,
            &json!({"months": 12}),
        )
        .await
        .expect(200)
    };
    assert_eq!(app.swa_status(&dealer, &location).await, "grace");
    let prospects = app
        .get("/swa/prospective-locations", &dealer.token)
        .await
        .expect(200);
    assert_eq!(prospects["items"][0]["location_id"], location.as_str());
    assert_eq!(
        prospects["items"][0]["grace_ends_on"],
        (activated_on + Duration::days(90)).to_string()
    );
    assert_eq!(prospects["items"][0]["swa_units_per_month"], 22.0);

    // Act / Assert: the last day of grace.
    app.advance(Duration::days(89));
    assert_eq!(app.swa_status(&dealer, &location).await, "grace");
    assert_eq!(quote().await["reinstatement_units"], 0);

    // The day after: no SWA, not prospective, reinstatement from here on.
    app.advance(Duration::days(1));
    assert_eq!(app.swa_status(&dealer, &location).await, "none");
    let prospects = app
        .get("/swa/prospective-locations", &dealer.token)
        .await
        .expect(200);
    assert_eq!(prospects["items"], json!([]));
    assert_eq!(quote().await["reinstatement_units"], 0);

    // 92 days later: three or four months started without SWA (by the calendar), 22 units
    // each.
    app.advance(Duration::days(92));
    let months =
        lms_domain::swa::months_started(activated_on + Duration::days(90), app.now().date_naive());
    assert!((3..=4).contains(&months));
    let late = quote().await;
    assert_eq!(late["months_without_swa"], months);
    assert_eq!(late["reinstatement_units"], 22 * months);
    assert_eq!(late["total_units"], 264 + 22 * months);
}

#[tokio::test]
async fn active_turns_renewable_90_days_before_expiry_then_expired() {
    // Arrange
    let (app, _pool) = spawn_swa_app(3600).await;
    let dealer = app.swa_dealer().await;
    let location = app.swa_location(&dealer).await;
    app.ship_swa(&dealer.id, "SWA-1", 2000, "2099-01-01").await;
    let start = app.now().date_naive();
    let active = app
        .assign_swa(&dealer, &location, 12, true)
        .await
        .expect(201);
    let expires = start.checked_add_months(Months::new(12)).unwrap();
    assert_eq!(active["expires_on"], expires.to_string());
    let to = |day: chrono::NaiveDate| (day - app.now().date_naive()).num_days();

    // Act / Assert
    app.advance(Duration::days(to(expires) - 91));
    assert_eq!(app.swa_status(&dealer, &location).await, "active");
    app.advance(Duration::days(1));
    assert_eq!(app.swa_status(&dealer, &location).await, "renewable");
    let renewal = app
        .post(
            &format!("/locations/{location}/swa-quotes"),
            &dealer.token,
            &json!({"months": 12}),
        )
        .await
        .expect(200);
    assert_eq!(renewal["starts_on"], expires.to_string());
    assert_eq!(renewal["reinstatement_units"], 0);
    app.advance(Duration::days(to(expires)));
    assert_eq!(app.swa_status(&dealer, &location).await, "expired");
    app.advance(Duration::days(45));
    let late = app
        .post(
            &format!("/locations/{location}/swa-quotes"),
            &dealer.token,
            &json!({"months": 12}),
        )
        .await
        .expect(200);
    assert_eq!(late["months_without_swa"], 2);
    assert_eq!(late["reinstatement_units"], 44);
    assert_eq!(late["starts_on"], app.now().date_naive().to_string());
}

#[tokio::test]
async fn expired_units_cannot_be_assigned() {
    // Arrange
    let (app, _pool) = spawn_swa_app(3600).await;
    let dealer = app.swa_dealer().await;
    let location = app.swa_location(&dealer).await;
    let soon = app.now().date_naive() + Duration::days(10);
    app.ship_swa(&dealer.id, "SOON", 1000, &soon.to_string())
        .await;

    // Act
    app.advance(Duration::days(10));

    // Assert
    let bin = app.swa_bin(&dealer).await;
    assert_eq!(bin["items"][0]["expired"], true);
    assert_eq!(bin["available_units"], 0);
    let short = app.assign_swa(&dealer, &location, 12, false).await;
    assert_eq!(
        short.expect_error(409, "INSUFFICIENT_SWA_UNITS")["error"]["details"]["available"],
        0
    );
}
