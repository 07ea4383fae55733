//! Every process on one database signs tokens and license files with the same keys: a
//! process that would generate its own, or holds others, refuses to start and says which
//! setting to share (JWT secret, license keys, webhook key).

use lms::settings::Secret;

use crate::helpers::spawn_app;

/// The webhook key the first process generated into its data directory.
fn webhook_key_of(app: &crate::helpers::TestApp) -> Option<Secret> {
    let key = std::fs::read_to_string(app.settings.data_dir.join("webhook-key")).unwrap();
    Some(Secret::new(key.trim()))
}

#[tokio::test]
async fn a_second_process_never_generates_keys_of_its_own() {
    // Arrange: the first process has recorded its keys.
    let first = spawn_app().await;
    let elsewhere = tempfile::tempdir().unwrap();
    let secret = first.settings.jwt_secret.clone();
    let webhook_key = webhook_key_of(&first);

    // Act + Assert: no webhook key (it would generate one) …
    let refused = first
        .try_spawn_beside(|s| s.data_dir = elsewhere.path().to_owned())
        .await
        .err()
        .expect("a process without the shared webhook key must not start");
    assert!(refused.contains("LMS_WEBHOOK_ENCRYPTION_KEY"), "{refused}");

    // … no JWT secret …
    let refused = first
        .try_spawn_beside(|s| {
            s.data_dir = elsewhere.path().to_owned();
            s.webhook_encryption_key = webhook_key.clone();
            s.jwt_secret = None;
        })
        .await
        .err()
        .expect("a process without the shared JWT secret must not start");
    assert!(refused.contains("LMS_JWT_SECRET"), "{refused}");

    // … another JWT secret …
    let refused = first
        .try_spawn_beside(|s| s.jwt_secret = Some(Secret::new("another-secret-".repeat(4))))
        .await
        .err()
        .expect("a process with another JWT secret must not start");
    assert!(refused.contains("differs"), "{refused}");

    // … and an empty key folder (it would generate a signing key) are refused.
    let refused = first
        .try_spawn_beside(|s| {
            s.data_dir = elsewhere.path().to_owned();
            s.webhook_encryption_key = webhook_key.clone();
            s.jwt_secret = secret.clone();
        })
        .await
        .err()
        .expect("a process without the shared signing keys must not start");
    assert!(refused.contains("LMS_LICENSE_KEYS_DIR"), "{refused}");
    assert!(
        std::fs::read_dir(elsewhere.path().join("license-keys")).is_err(),
        "no key was generated"
    );
}

#[tokio::test]
async fn processes_sharing_the_keys_accept_each_others_tokens_and_publish_one_current_key() {
    // Arrange
    let first = spawn_app().await;
    let elsewhere = tempfile::tempdir().unwrap();
    let keys_dir = first.settings.license_keys_dir();

    // Act: another data directory, the same secret and key folder by configuration.
    let second = first
        .try_spawn_beside(|s| {
            s.data_dir = elsewhere.path().to_owned();
            s.webhook_encryption_key = webhook_key_of(&first);
            s.license_keys_dir = Some(keys_dir);
        })
        .await
        .expect("a process sharing the keys starts");

    // Assert
    second.get("/me", &first.admin_token).await.expect(200);
    first.get("/me", &second.admin_token).await.expect(200);
    assert_eq!(
        first.public_text("/api/v1/license-signing-keys").await,
        second.public_text("/api/v1/license-signing-keys").await
    );
}
