//! Resource limits: bodies past 64 KiB (1 MiB for uploads), pages past 200, overlong search
//! text, huge request lines and slow clients are refused with 413/400/408, never served.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

use super::document::operations;
use super::world;
use crate::helpers::{TestApp, spawn_app, spawn_app_with_dealer};

const MAX_JSON: usize = 64 * 1024;
const MAX_UPLOAD: usize = 1024 * 1024;

/// A JSON object of exactly `len` bytes.
fn json_of_len(len: usize) -> Vec<u8> {
    let frame = r#"{"name":""}"#.len();
    format!(r#"{{"name":"{}"}}"#, "x".repeat(len - frame)).into_bytes()
}

#[tokio::test]
async fn every_body_past_its_limit_is_413_and_changes_nothing() {
    // Arrange
    let w = world().await;
    let app = &w.app;
    let before = w.state().await;
    let mut checked = 0;

    for op in operations(&w.doc) {
        if !op.takes_json() && !op.takes_upload() {
            continue;
        }
        let request = w.owner_request(&op);
        let token = w.owner_token(&op);

        // Act
        let reply = if op.takes_json() {
            app.raw(
                op.method.clone(),
                &request.target,
                token,
                "application/json",
                json_of_len(MAX_JSON + 1),
            )
            .await
        } else {
            app.upload_file(
                op.method.clone(),
                &request.target,
                token.unwrap(),
                "big.lic",
                &vec![b'x'; MAX_UPLOAD + 1],
            )
            .await
        };

        // Assert
        assert_eq!(
            (reply.status.as_u16(), reply.code()),
            (413, "PAYLOAD_TOO_LARGE"),
            "{}: {}",
            op.label(),
            reply.body
        );
        checked += 1;
    }

    // At the limit the body is read (and judged on its content).
    let at_limit = app
        .raw(
            Method::POST,
            "/customers",
            Some(&w.a.token),
            "application/json",
            json_of_len(MAX_JSON),
        )
        .await;
    assert_eq!(at_limit.status.as_u16(), 422, "{}", at_limit.body);

    assert!(checked >= 14, "{checked} operations with a body");
    w.assert_unchanged_since(&before).await;
    println!("body limits: {checked} operations");
}

/// `host:port` of the app.
fn authority(app: &TestApp) -> String {
    app.address.trim_start_matches("http://").to_owned()
}

/// Writes `head` then `chunks` on a raw connection and reads until the server closes it.
fn raw_exchange(authority: &str, head: &str, chunks: &[Vec<u8>], timeout: Duration) -> String {
    let mut stream = std::net::TcpStream::connect(authority).unwrap();
    stream.set_read_timeout(Some(timeout)).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    for chunk in chunks {
        // The server may answer and close before everything is written.
        if stream.write_all(chunk).is_err() {
            break;
        }
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_chunked_body_past_64_kib_is_413_without_a_content_length() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let head = format!(
        "POST /api/v1/customers HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        authority(&app),
        dealer.token
    );
    let body = json_of_len(MAX_JSON * 2);
    let mut chunks: Vec<Vec<u8>> = body
        .chunks(8 * 1024)
        .map(|c| {
            [
                format!("{:x}\r\n", c.len()).into_bytes(),
                c.to_vec(),
                b"\r\n".to_vec(),
            ]
            .concat()
        })
        .collect();
    chunks.push(b"0\r\n\r\n".to_vec());
    let target = authority(&app);

    let answer = tokio::task::spawn_blocking(move || {
        raw_exchange(&target, &head, &chunks, Duration::from_secs(20))
    })
    .await
    .unwrap();

    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("PAYLOAD_TOO_LARGE"), "{answer}");
    let listed = app.get("/customers", &dealer.token).await.expect(200);
    assert_eq!(listed["items"], json!([]));
}

#[tokio::test]
async fn every_list_refuses_pages_past_200_as_documented() {
    let w = world().await;
    let app = &w.app;
    let mut lists = 0;

    for op in operations(&w.doc) {
        let Some(limit) = op.query_param("limit") else {
            continue;
        };
        assert_eq!(op.method, Method::GET, "{}", op.label());
        // The document states the bounds the server enforces.
        assert_eq!(
            (&limit["schema"]["minimum"], &limit["schema"]["maximum"]),
            (&json!(1), &json!(200)),
            "{}",
            op.label()
        );
        let path = w.owner_request(&op).target;
        let sep = if path.contains('?') { '&' } else { '?' };
        let token = w.owner_token(&op).unwrap();

        let page = app
            .get(&format!("{path}{sep}limit=200"), token)
            .await
            .expect(200);
        assert!(page["items"].as_array().unwrap().len() <= 200);
        for (limit, code) in [
            ("201", "INVALID_PAGING"),
            ("100000", "INVALID_PAGING"),
            ("0", "INVALID_PAGING"),
            ("-1", "INVALID_PAGING"),
            ("9223372036854775808", "INVALID_QUERY"),
            ("1e3", "INVALID_QUERY"),
        ] {
            app.get(&format!("{path}{sep}limit={limit}"), token)
                .await
                .expect_error(400, code);
        }
        lists += 1;
    }
    assert!(lists >= 7, "{lists} lists");
    println!("page limits: {lists} lists");
}

#[tokio::test]
async fn oversized_search_text_and_request_lines_are_refused_not_served() {
    let (app, dealer) = spawn_app_with_dealer().await;
    let t = &dealer.token;
    app.customer(&dealer).named("Hotel Zon").await;

    // Every search takes at most 500 characters (no name, HWKC or note is longer); past
    // SQLite's 50,000-byte LIKE limit this used to be a 500.
    for search in ["/customers?q=", "/locations?q="] {
        app.get(&format!("{search}{}", "a".repeat(500)), t)
            .await
            .expect(200);
        for len in [501, 30_000] {
            let error = app
                .get(&format!("{search}{}", "_".repeat(len)), t)
                .await
                .expect_error(400, "INVALID_QUERY");
            assert_eq!(error["error"]["field"], "q", "{search}");
        }
    }
    // An exact filter (an id) answers, whatever the length the server reads.
    let reply = app
        .get(&format!("/audit-events?subject={}", "_".repeat(30_000)), t)
        .await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
    // No id holds a control character, and PostgreSQL text cannot hold a NUL: refused, not a 500.
    for control in ["%00", "%01", "%C2%85"] {
        let error = app
            .get(&format!("/audit-events?subject=a{control}b"), t)
            .await
            .expect_error(400, "INVALID_QUERY");
        assert_eq!(error["error"]["field"], "subject");
    }

    // A request line past the HTTP layer's limit (64 KiB) is refused before any handler
    // runs: a bare 400/431 from actix-http's parser, which the application cannot shape.
    let target = authority(&app);
    let head = format!(
        "GET /api/v1/locations?q={} HTTP/1.1\r\nHost: {target}\r\nAuthorization: Bearer {t}\r\nConnection: close\r\n\r\n",
        "a".repeat(200_000)
    );
    let answer = tokio::task::spawn_blocking(move || {
        raw_exchange(&target, &head, &[], Duration::from_secs(20))
    })
    .await
    .unwrap();
    assert!(
        ["HTTP/1.1 400", "HTTP/1.1 414", "HTTP/1.1 431"]
            .iter()
            .any(|status| answer.starts_with(status)),
        "{answer}"
    );
    // The server is fine afterwards.
    app.get("/customers", t).await.expect(200);
}

#[tokio::test]
async fn many_items_inside_the_size_limit_are_answered_with_a_code_and_quickly() {
    let w = world().await;
    let app = &w.app;
    let t = &w.a.token;
    let loc = &w.ao.sv9100;
    let before = w.state().await;
    let random = || uuid::Uuid::new_v4().to_string();

    let lines: Vec<Value> = (0..900)
        .map(|_| json!({"po_line_id": random(), "quantity": 1}))
        .collect();
    let ids: Vec<String> = (0..1500).map(|_| random()).collect();
    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let started = Instant::now();

    let attach = app
        .post(
            &format!("/locations/{loc}/attachments"),
            t,
            &json!({"lines": lines}),
        )
        .await;
    let activate = app
        .post(
            &format!("/locations/{loc}/activations"),
            t,
            &json!({"attachment_ids": ids, "accept_license_agreement": true}),
        )
        .await;
    let preview = app
        .get(
            &format!(
                "/locations/{loc}/license-preview?attachment_ids={}",
                ids[..1000].join(",")
            ),
            t,
        )
        .await;
    let nested = app
        .raw(
            Method::POST,
            "/customers",
            Some(t),
            "application/json",
            format!(r#"{{"name": {deep}, "country": "NL"}}"#).into_bytes(),
        )
        .await;

    for (label, reply) in [
        ("900 attach lines", &attach),
        ("1500 attachment ids", &activate),
        ("1000 ids in the preview query", &preview),
        ("20,000 nested arrays", &nested),
    ] {
        assert!(
            reply.status.is_client_error() && reply.code() != "<no error code>",
            "{label}: {} {}",
            reply.status,
            reply.body
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    w.assert_unchanged_since(&before).await;
}

#[tokio::test]
async fn a_client_that_never_finishes_its_request_is_cut_off() {
    let app = spawn_app().await;
    let target = authority(&app);
    let head = format!("GET /api/v1/me HTTP/1.1\r\nHost: {target}\r\nAuthorization: Bearer");
    let started = Instant::now();

    let answer = tokio::task::spawn_blocking(move || {
        raw_exchange(&target, &head, &[], Duration::from_secs(30))
    })
    .await
    .unwrap();

    // The server's client request timeout (10 s) ends it: a 408, or the connection closed.
    let waited = started.elapsed();
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    assert!(
        (Duration::from_secs(5)..Duration::from_secs(25)).contains(&waited),
        "cut off after {waited:?}"
    );
    // Others are served meanwhile and after.
    app.get("/me", &app.admin_token).await.expect(200);
}
