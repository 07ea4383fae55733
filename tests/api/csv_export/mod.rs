//! CSV export of the lists (`Accept: text/csv` or `?format=csv`): every matching row, as
//! Python's csv module reads it back; JSON errors before the stream starts; only the caller's
//! rows; and every paged list of the document exports.

mod every_list;
mod negotiation;
mod paging;
mod round_trip;
mod scoping;

use std::io::Write as _;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::helpers::{Reply, TestApp, send};

/// GETs `/api/v1{path}` with `format=csv` added to its query.
async fn export(app: &TestApp, path: &str, token: &str) -> Reply {
    let sep = if path.contains('?') { '&' } else { '?' };
    app.get(&format!("{path}{sep}format=csv"), token).await
}

/// GETs `/api/v1{path}` with an `Accept` header.
async fn get_accepting(app: &TestApp, path: &str, token: &str, accept: &str) -> Reply {
    let req = app
        .client
        .get(app.url(&format!("/api/v1{path}")))
        .bearer_auth(token)
        .header(reqwest::header::ACCEPT, accept);
    send(req).await
}

/// Asserts a CSV export's status and headers (`<file>.csv`); answers its text.
#[track_caller]
fn csv_text<'a>(reply: &'a Reply, file: &str) -> &'a str {
    assert_eq!(reply.status.as_u16(), 200, "body: {}", reply.text);
    let header = |name: &str| {
        reply
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        header("content-disposition"),
        format!("attachment; filename=\"{file}.csv\"")
    );
    &reply.text
}

/// The rows of `csv` as Python's csv module reads them (`scripts/csv_rows.py`).
fn python_rows(csv: &str) -> Vec<Vec<String>> {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/csv_rows.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(csv.as_bytes())
        .expect("CSV written to python3");
    let out = child.wait_with_output().expect("python3 ends");
    assert!(
        out.status.success(),
        "Python's csv module cannot read the export: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("rows as JSON")
}

/// The header and the records of `csv` (read by Python), each record by column name.
fn records(csv: &str) -> (Vec<String>, Vec<serde_json::Map<String, Value>>) {
    let mut rows = python_rows(csv).into_iter();
    let header = rows.next().expect("a header row");
    let records = rows
        .map(|row| {
            assert_eq!(row.len(), header.len(), "{row:?}");
            header
                .iter()
                .cloned()
                .zip(row.into_iter().map(Value::String))
                .collect()
        })
        .collect();
    (header, records)
}

/// A JSON value as its CSV cell: `null` empty, text neutralised against formulas (`'` before
/// `=`, `+`, `-`, `@`, tab, carriage return), numbers and booleans as JSON writes them.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{s}"),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The column `name` of every record.
fn column<'a>(records: &'a [serde_json::Map<String, Value>], name: &str) -> Vec<&'a str> {
    records
        .iter()
        .map(|r| r[name].as_str().expect("a cell"))
        .collect()
}
