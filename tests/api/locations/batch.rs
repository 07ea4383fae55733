//! `POST /customers/{id}/locations/batch`: a result per location, each as it would be alone;
//! `all_or_nothing` rolls back on any refusal; an `Idempotency-Key` replays the answer.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app_with_dealer};

/// A valid SV9100, a malformed HWKC, and the first one's HWKC again.
fn mixed(hwkc: &str) -> Value {
    json!([
        {"name": "Head office", "system_type": "SV9100_CP10", "hwkc": hwkc},
        {"name": "Broken", "system_type": "SV9100_CP10", "hwkc": "not-a-key"},
        {"name": "Twin", "system_type": "SV9100_CP10", "hwkc": hwkc},
    ])
}

async fn batch(app: &TestApp, token: &str, customer: &str, body: &Value) -> Value {
    app.post(
        &format!("/customers/{customer}/locations/batch"),
        token,
        body,
    )
    .await
    .expect(200)
}

fn statuses(answer: &Value) -> Vec<i64> {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_i64().unwrap())
        .collect()
}

async fn location_count(app: &TestApp, token: &str, customer: &str) -> usize {
    app.get(&format!("/customers/{customer}/locations"), token)
        .await
        .expect(200)["items"]
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn each_location_is_created_or_refused_as_it_would_be_alone() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let customer = app.customer(&dealer).await;

    let answer = batch(
        &app,
        &dealer.token,
        &customer,
        &json!({"locations": mixed("340209224501")}),
    )
    .await;

    assert_eq!(statuses(&answer), [201, 422, 409]);
    assert_eq!(
        (answer["created"].as_i64(), answer["failed"].as_i64()),
        (Some(1), Some(2))
    );
    assert_eq!(answer["rolled_back"], false);
    let results = &answer["results"];
    assert_eq!(results[0]["location"]["hwkc"], "340209224501");
    assert_eq!(results[1]["error"]["code"], "INVALID_HARDWARE_KEYCODE");
    assert_eq!(results[1]["error"]["field"], "/hwkc");
    assert_eq!(results[2]["error"]["code"], "HWKC_IN_USE");
    assert_eq!(location_count(&app, &dealer.token, &customer).await, 1);
}

#[tokio::test]
async fn all_or_nothing_rolls_back_on_any_refusal_and_creates_all_otherwise() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let customer = app.customer(&dealer).await;

    let refused = batch(
        &app,
        &dealer.token,
        &customer,
        &json!({"locations": mixed("340209224502"), "all_or_nothing": true}),
    )
    .await;
    let whole = batch(
        &app,
        &dealer.token,
        &customer,
        &json!({"all_or_nothing": true, "locations": [
            {"name": "A", "system_type": "SV9100_CP10", "hwkc": "340209224502"},
            {"name": "B", "system_type": "SV9500_SE", "mac_address": "6CE4DA013790"},
        ]}),
    )
    .await;

    assert_eq!(statuses(&refused), [424, 422, 409]);
    assert_eq!(refused["results"][0]["error"]["code"], "BATCH_ROLLED_BACK");
    assert_eq!(
        (
            refused["created"].as_i64(),
            refused["rolled_back"].as_bool()
        ),
        (Some(0), Some(true))
    );
    assert_eq!(statuses(&whole), [201, 201]);
    // The SV9500 SE got its LMC child, as alone.
    assert_eq!(
        whole["results"][1]["location"]["children"][0]["system_type"],
        "LMC"
    );
    assert_eq!(location_count(&app, &dealer.token, &customer).await, 3);
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_replays_the_answer() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let customer = app.customer(&dealer).await;
    let path = format!("/customers/{customer}/locations/batch");
    let body = json!({"locations": mixed("340209224503")});

    let first = app
        .post_with_key(&dealer.token, &path, "erp-import-7", &body)
        .await
        .expect(200);
    let again = app
        .post_with_key(&dealer.token, &path, "erp-import-7", &body)
        .await
        .expect(200);

    assert_eq!(first, again);
    assert_eq!(location_count(&app, &dealer.token, &customer).await, 1);
}

#[tokio::test]
async fn an_empty_or_oversized_batch_or_another_partners_customer_changes_nothing() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let customer = app.customer(&dealer).await;
    let other = app.dealer().await;
    let path = format!("/customers/{customer}/locations/batch");
    let many: Vec<Value> = (0..101)
        .map(|i| json!({"name": format!("L{i}"), "system_type": "SV9100_CP10", "hwkc": format!("3402092246{i:02}")}))
        .collect();

    let empty = app
        .post(&path, &dealer.token, &json!({"locations": []}))
        .await
        .expect_error(422, "INVALID_FIELD");
    let over = app
        .post(&path, &dealer.token, &json!({"locations": many}))
        .await
        .expect_error(422, "INVALID_FIELD");
    app.post(
        &path,
        &other.token,
        &json!({"locations": mixed("340209224504")}),
    )
    .await
    .expect_error(404, "NOT_FOUND");

    assert_eq!(empty["error"]["field"], "/locations");
    assert_eq!(over["error"]["field"], "/locations");
    assert_eq!(location_count(&app, &dealer.token, &customer).await, 0);
}

#[tokio::test]
async fn a_malformed_location_is_its_own_422_and_refuses_an_all_or_nothing_batch() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let customer = app.customer(&dealer).await;
    let items = json!([
        {"name": "Fine", "system_type": "SV9100_CP10", "hwkc": "340209224505"},
        {"name": "Odd", "system_type": "SV9100_CP10", "hwkc": "340209224506", "colour": "red"},
        {"system_type": 42},
    ]);

    let partial = batch(&app, &dealer.token, &customer, &json!({"locations": items})).await;
    let whole = batch(
        &app,
        &dealer.token,
        &customer,
        &json!({"locations": items, "all_or_nothing": true}),
    )
    .await;

    assert_eq!(statuses(&partial), [201, 422, 422]);
    assert_eq!(partial["results"][1]["error"]["field"], "/colour");
    assert_eq!(statuses(&whole), [424, 422, 422]);
    assert_eq!(location_count(&app, &dealer.token, &customer).await, 1);
}
