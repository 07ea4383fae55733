//! Which answer a list gives: `format` decides, then `Accept`; JSON as before otherwise. A
//! refusal is a JSON error with its status, also when CSV was asked for: nothing is streamed
//! before the first page has been read.

use super::{csv_text, export, get_accepting};
use crate::helpers::spawn_app_with_dealer;

#[tokio::test]
async fn format_decides_then_accept_and_json_stays_the_default() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    app.customer(&dealer).named("Hotel Zonneveld").await;
    let t = &dealer.token;
    let json = app.get("/customers", t).await.expect(200);

    // Act, Assert: (path, Accept, CSV?)
    let cases = [
        ("/customers", None, false),
        ("/customers", Some("application/json"), false),
        ("/customers", Some("*/*"), false),
        ("/customers", Some("text/csv"), true),
        (
            "/customers",
            Some("text/csv;q=0.4, application/json"),
            false,
        ),
        ("/customers", Some("application/json;q=0.4, text/csv"), true),
        ("/customers?format=csv", Some("application/json"), true),
        ("/customers?format=json", Some("text/csv"), false),
        ("/customers?format=json", None, false),
    ];
    for (path, accept, csv) in cases {
        let reply = match accept {
            Some(a) => get_accepting(&app, path, t, a).await,
            None => app.get(path, t).await,
        };
        if csv {
            let text = csv_text(&reply, "customers");
            assert!(
                text.starts_with("id,name,country,"),
                "{path} {accept:?}: {text}"
            );
            assert!(text.contains("Hotel Zonneveld"), "{path} {accept:?}");
        } else {
            let vary = reply
                .headers
                .get("vary")
                .map(|v| v.to_str().unwrap().to_owned());
            assert_eq!(reply.expect(200), json, "{path} {accept:?}");
            assert_eq!(vary.as_deref(), Some("accept"), "{path} {accept:?}");
        }
    }
}

#[tokio::test]
async fn an_unknown_format_is_422_on_the_format_parameter() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;

    for query in [
        "format=xml",
        "format=",
        "format=CSV",
        "format=csv&format=json",
    ] {
        // Act
        let reply = get_accepting(
            &app,
            &format!("/customers?{query}"),
            &dealer.token,
            "text/csv",
        )
        .await;

        // Assert
        let error = reply.expect_error(422, "UNSUPPORTED_FORMAT");
        assert_eq!(error["error"]["field"], "format", "{query}");
    }
}

#[tokio::test]
async fn refusals_are_json_errors_before_any_csv() {
    // Arrange
    let (app, dealer) = spawn_app_with_dealer().await;
    let t = &dealer.token;
    let unknown = uuid::Uuid::new_v4();
    let long_q = "x".repeat(501);

    // Act, Assert: (path, status, code)
    let cases = [
        (format!("/customers/{unknown}/locations"), 404, "NOT_FOUND"),
        (format!("/customers?q={long_q}"), 400, "INVALID_QUERY"),
        ("/customers?limit=0".to_owned(), 400, "INVALID_PAGING"),
        (
            "/customers?cursor=garbage!".to_owned(),
            400,
            "INVALID_PAGING",
        ),
        ("/customers?nope=1".to_owned(), 400, "INVALID_QUERY"),
        ("/reships?from=yesterday".to_owned(), 400, "INVALID_QUERY"),
        // A dealer user without an SWA role.
        ("/swa-bin".to_owned(), 403, "FORBIDDEN"),
        ("/admin/partners".to_owned(), 403, "FORBIDDEN"),
    ];
    for (path, status, code) in cases {
        let reply = export(&app, &path, t).await;
        let content_type = reply.headers["content-type"].to_str().unwrap().to_owned();
        reply.expect_error(status, code);
        assert_eq!(content_type, "application/json", "{path}");
    }
}
