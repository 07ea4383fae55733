//! Partial updates: only the given fields change, `null` clears an optional one, the whole
//! record is re-validated, and concurrent patches of different fields both survive.

use serde_json::json;

use super::{OPTIONAL_FIELDS, field, full_customer_of};
use crate::helpers::{at_once, id_of, spawn_app, spawn_app_with_dealer};

#[tokio::test]
async fn a_patch_changes_only_the_given_fields_and_null_clears() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let created = full_customer_of(&app, &dealer).await;
    let path = format!("/customers/{}", id_of(&created));

    // Act
    let patched = app
        .patch(
            &path,
            &dealer.token,
            &json!({"city": "Amersfoort", "phone": null, "country": "de"}),
        )
        .await
        .expect(200);

    // Assert
    assert_eq!(patched["city"], "Amersfoort");
    assert!(patched["phone"].is_null());
    assert_eq!(patched["country"], "DE");
    for unchanged in [
        "id",
        "name",
        "address",
        "postal_code",
        "contact_name",
        "email",
        "reference_note",
        "created_at",
    ] {
        assert_eq!(patched[unchanged], created[unchanged], "{unchanged}");
    }
    let read = app.get(&path, &dealer.token).await.expect(200);
    assert_eq!(read, patched);
    // An empty patch changes nothing.
    let same = app
        .patch(&path, &dealer.token, &json!({}))
        .await
        .expect(200);
    for f in ["name", "country", "city", "phone", "email"] {
        assert_eq!(same[f], patched[f], "{f}");
    }
}

#[tokio::test]
async fn every_optional_field_can_be_cleared_with_null() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let created = full_customer_of(&app, &dealer).await;
    let path = format!("/customers/{}", id_of(&created));

    for f in OPTIONAL_FIELDS {
        // Act
        let patched = app
            .patch(&path, &dealer.token, &json!({ f: null }))
            .await
            .expect(200);

        // Assert
        assert!(patched[f].is_null(), "{f} not cleared: {patched}");
    }
    let read = app.get(&path, &dealer.token).await.expect(200);
    for f in OPTIONAL_FIELDS {
        assert!(read[f].is_null(), "{f}");
    }
    assert_eq!(read["name"], created["name"]);
}

#[tokio::test]
async fn a_patch_is_validated_as_a_whole_and_changes_nothing_when_refused() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let created = full_customer_of(&app, &dealer).await;
    let path = format!("/customers/{}", id_of(&created));
    // (patch, code, field)
    let cases = [
        (
            json!({"city": "Amersfoort", "email": "broken"}),
            "INVALID_FIELD",
            "email",
        ),
        (
            json!({"city": "Amersfoort", "country": "ZZ"}),
            "INVALID_FIELD",
            "country",
        ),
        (json!({"name": ""}), "INVALID_FIELD", "name"),
        (
            json!({"city": "Amersfoort", "vat": "x"}),
            "INVALID_BODY",
            "vat",
        ),
        (json!({"id": uuid::Uuid::new_v4()}), "INVALID_BODY", "id"),
    ];

    for (patch, code, expected_field) in cases {
        // Act
        let reply = app.patch(&path, &dealer.token, &patch).await;

        // Assert
        let error = reply.expect_error(422, code);
        assert_eq!(field(&error), format!("/{expected_field}"), "{patch}");
        let read = app.get(&path, &dealer.token).await.expect(200);
        assert_eq!(read, created, "{patch} changed the customer");
    }
}

#[tokio::test]
async fn required_fields_cannot_be_patched_away_with_null() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let created = full_customer_of(&app, &dealer).await;
    let path = format!("/customers/{}", id_of(&created));
    for field in ["name", "country"] {
        let refused = app
            .patch(&path, &dealer.token, &json!({ field: null }))
            .await
            .expect_error(422, "INVALID_FIELD");
        assert_eq!(refused["error"]["field"], format!("/{field}"));
    }
    assert_eq!(app.get(&path, &dealer.token).await.expect(200), created);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_patches_of_different_fields_both_survive() {
    // Arrange
    let app = std::sync::Arc::new(spawn_app().await);
    let dealer = app.dealer().await;
    let customer = app.customer(&dealer).named("Race").await;
    let path = format!("/customers/{customer}");

    // Act: many pairs of PATCHes, each pair setting a different field at once.
    for round in 0..10 {
        let patches = [
            json!({"city": format!("City {round}")}),
            json!({"phone": format!("+31 {round}")}),
        ];
        let statuses = at_once(2, |i| {
            let (app, token, path, body) = (
                app.clone(),
                dealer.token.clone(),
                path.clone(),
                patches[i].clone(),
            );
            async move { app.patch(&path, &token, &body).await.status.as_u16() }
        })
        .await;
        assert_eq!(statuses, [200, 200]);

        // Assert: neither write lost the other's field.
        let now = app.get(&path, &dealer.token).await.expect(200);
        assert_eq!(
            (&now["city"], &now["phone"]),
            (
                &json!(format!("City {round}")),
                &json!(format!("+31 {round}"))
            ),
            "round {round}: a concurrent PATCH was lost"
        );
    }
}
