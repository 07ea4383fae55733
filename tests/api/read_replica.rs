//! `LMS_DATABASE_READ_URL`: list and search reads go to the replica — here the same database
//! given as both URLs, counted by `lms_list_reads_total` — except a user's reads right after
//! their own change, which stay on the primary.

use std::time::Duration;

use serde_json::json;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

/// `(primary, replica)` list reads the server has counted.
async fn list_reads(app: &TestApp) -> (u64, u64) {
    let text = app
        .client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let count = |database: &str| {
        let series = format!("lms_list_reads_total{{database=\"{database}\"}} ");
        text.lines()
            .find_map(|l| l.strip_prefix(&series))
            .map_or(0, |v| v.trim().parse().unwrap())
    };
    (count("primary"), count("replica"))
}

#[tokio::test]
async fn lists_read_from_the_replica_except_right_after_the_users_own_write() {
    // Arrange
    let app = spawn_app_with(|s| {
        s.database_read_url = Some(s.database_url.clone());
        s.read_your_writes_seconds = 2;
    })
    .await;
    let dealer = app.dealer().await;
    let other = app.dealer().await;

    // Act + Assert: a list read with no recent write goes to the replica.
    app.get("/customers", &dealer.token).await.expect(200);
    assert_eq!(list_reads(&app).await, (0, 1));

    // Right after the dealer's own change, the dealer's lists come from the primary and
    // show it; another user's reads stay on the replica.
    app.post(
        "/customers",
        &dealer.token,
        &json!({"name": "Fresh", "country": "DE"}),
    )
    .await
    .expect(201);
    let listed = app.get("/customers", &dealer.token).await.expect(200);
    assert_eq!(listed["items"][0]["name"], "Fresh");
    app.get("/locations?q=abc", &dealer.token).await.expect(200);
    assert_eq!(list_reads(&app).await, (2, 1));
    app.get("/customers", &other.token).await.expect(200);
    assert_eq!(list_reads(&app).await, (2, 2));

    // A refused change is no write.
    app.post("/customers", &other.token, &json!({"name": ""}))
        .await
        .expect(422);
    app.get("/customers", &other.token).await.expect(200);
    assert_eq!(list_reads(&app).await, (2, 3));

    // Once the window has passed, back to the replica.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    app.get("/customers", &dealer.token).await.expect(200);
    assert_eq!(list_reads(&app).await, (2, 4));
}

#[tokio::test]
async fn without_a_replica_every_read_is_the_primarys() {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    app.get("/customers", &dealer.token).await.expect(200);
    app.get("/license-bin", &dealer.token).await.expect(200);
    assert_eq!(list_reads(&app).await, (2, 0));
}
