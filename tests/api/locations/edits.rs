//! Edits: a location is renamed and its note cleared; a patch refuses what the location
//! does not have, and the HWKC, and changes nothing then.

use serde_json::json;

use super::field;
use crate::helpers::spawn_app_with_dealer;

#[tokio::test]
async fn a_location_can_be_renamed_and_its_note_cleared() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let location = app
        .location(&dealer)
        .sv9100()
        .named("Utrecht")
        .with("reference_note", "rack 2")
        .await;
    let path = format!("/locations/{}", location.id);

    // Act
    let renamed = app
        .patch(&path, &dealer.token, &json!({"name": "  Utrecht HQ  "}))
        .await
        .expect(200);
    let cleared = app
        .patch(&path, &dealer.token, &json!({"reference_note": null}))
        .await
        .expect(200);

    // Assert
    assert_eq!(renamed["name"], "Utrecht HQ");
    assert_eq!(renamed["reference_note"], "rack 2", "absent fields stay");
    assert_eq!(cleared["name"], "Utrecht HQ");
    assert!(cleared["reference_note"].is_null());
    for unchanged in ["hwkc", "system_type", "customer_id", "created_at"] {
        assert_eq!(cleared[unchanged], location[unchanged], "{unchanged}");
    }
    let stored = app.get(&path, &dealer.token).await.expect(200);
    assert_eq!(stored, cleared);
}

#[tokio::test]
async fn a_location_patch_refuses_what_the_location_does_not_have() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let dongle = app.location(&dealer).of_type("IS3000").await;
    let sl = app.location(&dealer).sl1000().await;
    // (location, patch, status, code, field)
    let cases = [
        (
            &dongle,
            json!({"full_computer_name": "pc.example.local"}),
            409,
            "FIELD_NOT_ALLOWED",
            "full_computer_name",
        ),
        (
            &sl,
            json!({"full_computer_name": "pc.example.local"}),
            409,
            "FIELD_NOT_ALLOWED",
            "full_computer_name",
        ),
        (
            &sl,
            json!({"domain_name": "pbx.example.com"}),
            409,
            "FIELD_NOT_ALLOWED",
            "domain_name",
        ),
        (&sl, json!({"name": "  "}), 422, "INVALID_FIELD", "name"),
        // Changing the HWKC is a hardware replacement, not an edit.
        (
            &sl,
            json!({"hwkc": "280001451317"}),
            422,
            "INVALID_BODY",
            "hwkc",
        ),
        (
            &sl,
            json!({"colour": "blue"}),
            422,
            "INVALID_BODY",
            "colour",
        ),
        (
            &sl,
            json!({"name": "Renamed", "system_type": "SL2100"}),
            422,
            "INVALID_BODY",
            "system_type",
        ),
    ];

    for (location, patch, status, code, expected_field) in cases {
        let path = format!("/locations/{}", location.id);
        let before = app.get(&path, &dealer.token).await.expect(200);

        // Act
        let reply = app.patch(&path, &dealer.token, &patch).await;

        // Assert
        let error = reply.expect_error(status, code);
        assert_eq!(field(&error), format!("/{expected_field}"), "{patch}");
        let after = app.get(&path, &dealer.token).await.expect(200);
        assert_eq!(after, before, "{patch} changed the location");
    }
}
