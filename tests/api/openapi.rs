//! The committed OpenAPI document is the one the code generates and the server serves.
//! After an API change: `make openapi` (or `UPDATE_OPENAPI=1 cargo test openapi`).

use crate::helpers::spawn_app;

const COMMITTED: &str = "openapi/openapi.json";

#[test]
fn committed_openapi_document_matches_the_code() {
    let generated = lms_api::openapi::document_json();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(COMMITTED);
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{COMMITTED} is stale: run `make openapi` and commit it"
    );
}

#[tokio::test]
async fn the_server_serves_the_same_document() {
    let app = spawn_app().await;
    let served: serde_json::Value =
        serde_json::from_str(&app.public_text("/openapi.json").await).unwrap();
    let generated: serde_json::Value =
        serde_json::from_str(&lms_api::openapi::document_json()).unwrap();
    assert_eq!(served, generated);
}

#[test]
fn every_operation_documents_its_errors_and_has_a_summary() {
    let doc: serde_json::Value = serde_json::from_str(&lms_api::openapi::document_json()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{method} {path} has no summary"
            );
            // Operations that need no token say so with an empty security requirement.
            let public = op["security"] == serde_json::json!([{}]);
            if !public {
                assert!(
                    responses.contains_key("401"),
                    "{method} {path} does not document 401"
                );
            }
        }
    }
}
