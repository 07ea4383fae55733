//! Delivery to a real receiver: signed events, retries with the same `webhook-id`, the end
//! of the schedule, a partner's events in order, and nothing for a change that rolled back.

use std::time::Duration;

use diesel::prelude::*;
use lms::Settings;
use lms::settings::Secret;
use lms_store::schema::webhook_messages;

use super::events::refuse_shipment_audits;
use super::receiver::{Answer, Receiver, SECRET};
use super::{recorded, recorded_of};
use crate::helpers::{TestApp, spawn_app_with_pool};

const WAIT: Duration = Duration::from_secs(20);

/// Settings delivering to `receiver` as BusinessNet's endpoint, quickly: polled every 20 ms,
/// a 500 ms timeout, the retry schedule a thousand times faster (5 ms, 30 ms, 120 ms, …).
pub fn deliver_to(receiver: &Receiver) -> impl FnOnce(&mut Settings) {
    let url = receiver.url.clone();
    move |s| {
        s.businessnet_webhook_url = Some(url);
        s.businessnet_webhook_secret = Some(Secret::new(SECRET));
        s.webhook_poll_interval_ms = 20;
        s.webhook_timeout_ms = 500;
        s.webhook_retry_scale = 0.001;
    }
}

/// `(status, attempts)` of every message of `event_id`.
pub fn message_states(pool: &lms_store::Pool, event_id: &str) -> Vec<(String, i32)> {
    let mut c = pool.get().unwrap();
    webhook_messages::table
        .filter(webhook_messages::event_id.eq(event_id))
        .select((webhook_messages::status, webhook_messages::attempts))
        .load(&mut c)
        .unwrap()
}

/// Waits until the message of `event_id` has `status`.
async fn wait_for_status(pool: &lms_store::Pool, event_id: &str, status: &str) -> i32 {
    let start = std::time::Instant::now();
    loop {
        if let [(s, attempts)] = message_states(pool, event_id).as_slice()
            && s == status
        {
            return *attempts;
        }
        assert!(start.elapsed() < WAIT, "{event_id} never became {status}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn ship_one(app: &TestApp, partner: &crate::helpers::PartnerFixture) {
    app.ship(partner, &[("SV9100-IPPORT-8", 1)]).await;
}

#[tokio::test]
async fn an_event_arrives_signed_with_the_recorded_body() {
    // Arrange
    let receiver = Receiver::start(&[]);
    let (app, pool) = spawn_app_with_pool(deliver_to(&receiver)).await;
    let dealer = app.dealer().await;

    // Act
    ship_one(&app, &dealer).await;

    // Assert
    let received = receiver.wait_for(1, WAIT).await;
    let event = &recorded(&pool, &dealer.id)[0];
    let request = &received[0];
    assert_eq!(request.id, event.id);
    assert_eq!(request.content_type, "application/json");
    assert_eq!(request.json()["type"], "license.shipped");
    assert_eq!(request.json()["recipients"][0], dealer.email.as_str());
    let stored =
        lms_store::outbox::of_partner(&mut pool.get().unwrap(), dealer.id.parse().unwrap())
            .unwrap();
    assert_eq!(
        request.body,
        stored[0].payload.as_bytes(),
        "the recorded bytes"
    );
    assert!(request.signature.starts_with("v1,"));
    assert!(request.verifies_with(SECRET));
    assert!(!request.verifies_with("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    let sent_at: i64 = request.timestamp.parse().unwrap();
    assert!((chrono::Utc::now().timestamp() - sent_at).abs() < 60);
    assert_eq!(wait_for_status(&pool, &event.id, "delivered").await, 1);
}

#[tokio::test]
async fn a_failed_attempt_is_retried_with_the_same_webhook_id() {
    // Arrange: an error answer, then no answer at all (a timeout), then success.
    let receiver = Receiver::start(&[Answer::Status(503), Answer::Hang]);
    let (app, pool) = spawn_app_with_pool(deliver_to(&receiver)).await;
    let dealer = app.dealer().await;

    // Act
    ship_one(&app, &dealer).await;

    // Assert
    let received = receiver.wait_for(3, WAIT).await;
    let event = &recorded(&pool, &dealer.id)[0];
    assert!(received.iter().all(|r| r.id == event.id), "one webhook-id");
    assert!(
        received.iter().all(|r| r.body == received[0].body),
        "the same body"
    );
    assert!(received.iter().all(|r| r.verifies_with(SECRET)));
    assert_eq!(wait_for_status(&pool, &event.id, "delivered").await, 3);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.received().len(), 3, "nothing after the delivery");
}

#[tokio::test]
async fn after_the_last_retry_the_message_has_failed() {
    // Arrange: a receiver that always fails; the schedule 100,000 times faster (the last
    // retries wait 0.9 s).
    let receiver = Receiver::start(&[Answer::Status(500); 20]);
    let (app, pool) = spawn_app_with_pool(|s| {
        deliver_to(&receiver)(s);
        s.webhook_retry_scale = 0.000_01;
    })
    .await;
    let dealer = app.dealer().await;

    // Act
    ship_one(&app, &dealer).await;

    // Assert: the first attempt and eleven retries, then nothing more.
    let event = &recorded(&pool, &dealer.id)[0];
    assert_eq!(wait_for_status(&pool, &event.id, "failed").await, 12);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.received().len(), 12);
}

#[tokio::test]
async fn a_partners_events_arrive_in_the_order_they_happened() {
    // Arrange: the first event fails twice, so the later ones wait behind it.
    let receiver = Receiver::start(&[Answer::Status(500), Answer::Status(500)]);
    let (app, pool) = spawn_app_with_pool(deliver_to(&receiver)).await;
    let dealer = app.dealer().await;

    // Act
    for _ in 0..4 {
        ship_one(&app, &dealer).await;
    }

    // Assert
    let received = receiver.wait_for(6, WAIT).await;
    let order: Vec<String> = recorded(&pool, &dealer.id)
        .into_iter()
        .map(|e| e.id)
        .collect();
    let mut arrived: Vec<&str> = received.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        &arrived[..3],
        [order[0].as_str(); 3],
        "the first, until it succeeds"
    );
    arrived.dedup();
    assert_eq!(arrived, order);
}

#[tokio::test]
async fn a_change_that_rolls_back_sends_nothing() {
    // Arrange
    let receiver = Receiver::start(&[]);
    let (app, pool) = spawn_app_with_pool(deliver_to(&receiver)).await;
    let dealer = app.dealer().await;
    refuse_shipment_audits(&pool);

    // Act: a shipment fails after its event was written; a reship-free partner's next event
    // is an SWA shipment, which the trigger lets through.
    app.ship(&dealer, &[("SV9100-IPPORT-8", 1)])
        .send()
        .await
        .expect_error(500, "INTERNAL_ERROR");
    app.ship_swa(&dealer.id, "SWA-1", 10, "2099-01-01").await;

    // Assert: only the SWA shipment arrives.
    let received = receiver.wait_for(1, WAIT).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.received().len(), 1);
    assert_eq!(received[0].json()["type"], "swa.shipped");
    assert!(recorded_of(&pool, &dealer.id, "license.shipped").is_empty());
}
