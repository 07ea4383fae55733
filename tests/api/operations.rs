//! Health, readiness, metrics, request ids, docs.

use crate::helpers::spawn_app;

#[tokio::test]
async fn health_and_readiness_answer_ok() {
    let app = spawn_app().await;
    for path in ["/healthz", "/readyz"] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(
            res.json::<serde_json::Value>().await.unwrap()["status"],
            "ok"
        );
    }
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_a_sent_one_is_echoed() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    let generated = res
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(generated.len(), 36);
    let res = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "erp-batch-42")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers().get("x-request-id").unwrap(), "erp-batch-42");
    let res = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "bad id with spaces")
        .send()
        .await
        .unwrap();
    assert_ne!(
        res.headers().get("x-request-id").unwrap(),
        "bad id with spaces"
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    let app = spawn_app().await;
    app.get("/me", &app.admin_token).await.expect(200);
    app.get(
        "/customers/00000000-0000-0000-0000-000000000000",
        &app.admin_token,
    )
    .await
    .expect(404);
    let text = app.public_text("/metrics").await;
    assert!(
        text.contains(r#"lms_http_requests_total{method="GET",route="/api/v1/me",status="200"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"route="/api/v1/customers/{id}",status="404"} 1"#),
        "{text}"
    );
    assert!(text.contains("lms_http_request_duration_seconds_bucket"));
}

#[tokio::test]
async fn interactive_docs_are_served_without_network() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(
        !html.contains("https://"),
        "docs must not load anything from a CDN"
    );
    let redirect = app.client.get(app.url("/docs")).send().await.unwrap();
    assert!(redirect.status().is_redirection());
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/api/v1/me",
        "/healthz",
        "/docs/",
        "/api/v1/no-such-thing",
    ] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
    }
}

#[tokio::test]
async fn invented_methods_do_not_create_metric_series() {
    let app = spawn_app().await;
    for i in 0..20 {
        let method = reqwest::Method::from_bytes(format!("BREW{i}").as_bytes()).unwrap();
        app.client
            .request(method, app.url("/api/v1/customers"))
            .send()
            .await
            .unwrap();
    }
    let text = app.public_text("/metrics").await;
    assert!(!text.contains("BREW"), "{text}");
    assert!(text.contains(r#"method="other""#), "{text}");
}

#[tokio::test]
async fn metrics_can_require_a_token() {
    let app = crate::helpers::spawn_app_with(|s| {
        s.metrics_token = Some(lms::settings::Secret::new("scrape-token-for-tests"));
    })
    .await;
    let metrics = |token: Option<&'static str>| {
        let mut req = app.client.get(app.url("/metrics"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    assert_eq!(metrics(None).await.unwrap().status(), 401);
    assert_eq!(metrics(Some("wrong")).await.unwrap().status(), 401);
    let ok = metrics(Some("scrape-token-for-tests")).await.unwrap();
    assert_eq!(ok.status(), 200);
    assert!(ok.text().await.unwrap().contains("lms_http_requests_total"));
}

#[tokio::test]
async fn sqlite_commits_are_durable_with_synchronous_full() {
    use diesel::RunQueryDsl as _;
    #[derive(diesel::QueryableByName)]
    struct Mode {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        synchronous: i32,
    }
    let (_app, pool) = crate::helpers::spawn_app_with_pool(|_| {}).await;
    let mode = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        match &mut *conn {
            lms_store::DbConnection::Sqlite(c) => Some(
                diesel::sql_query("PRAGMA synchronous")
                    .get_result::<Mode>(c)
                    .unwrap()
                    .synchronous,
            ),
            lms_store::DbConnection::Postgresql(_) => None,
        }
    })
    .await
    .unwrap();
    // 2 = FULL: WAL is synced at every commit, so an acknowledged activation survives a
    // power loss. (PostgreSQL's default synchronous_commit = on needs nothing.)
    if let Some(mode) = mode {
        assert_eq!(mode, 2);
    }
}
