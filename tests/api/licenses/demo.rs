//! Files without an activation: demo licenses (two per location, where the type has them),
//! and nothing to download or regenerate before the first activation.

use crate::helpers::spawn_app_with_dealer;

#[tokio::test]
async fn demo_licenses_run_out_after_two() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let loc = app.location(&dealer).of_type("SV8100").await.id;
    for remaining in [1, 0] {
        let res = app
            .client
            .post(app.url(&format!("/api/v1/locations/{loc}/demo-licenses")))
            .bearer_auth(&dealer.token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        assert_eq!(
            res.headers()["x-demo-licenses-remaining"],
            remaining.to_string().as_str()
        );
        assert!(res.text().await.unwrap().contains("kind: demo"));
    }
    app.post_empty(&format!("/locations/{loc}/demo-licenses"), &dealer.token)
        .await
        .expect_error(409, "DEMO_LICENSES_EXHAUSTED");
    assert_eq!(
        app.get(&format!("/locations/{loc}"), &dealer.token)
            .await
            .expect(200)["demo_licenses_remaining"],
        0
    );
    let no_demo = app.location(&dealer).sl1000().await.id;
    app.post_empty(
        &format!("/locations/{no_demo}/demo-licenses"),
        &dealer.token,
    )
    .await
    .expect_error(409, "DEMO_NOT_AVAILABLE");
}

#[tokio::test]
async fn nothing_to_download_before_activation() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let loc = app.location(&dealer).of_type("SV8100").await.id;
    app.get(&format!("/locations/{loc}/license-file"), &dealer.token)
        .await
        .expect_error(409, "NOTHING_ACTIVATED");
    app.post_empty(&format!("/locations/{loc}/license-file"), &dealer.token)
        .await
        .expect_error(409, "NOTHING_ACTIVATED");
}
