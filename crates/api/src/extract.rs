//! How malformed requests become JSON errors: bodies, paths and queries that do not parse,
//! unknown fields, oversized bodies, unknown routes. Never a 500, never an HTML page.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use lms_domain::ErrorCode;
use serde::{Deserialize, Deserializer};

use crate::error::ApiError;

/// The largest JSON body accepted.
pub const MAX_JSON_BODY: usize = 64 * 1024;

/// Body parsing with our error shape.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(MAX_JSON_BODY)
        .error_handler(|err, _req| json_error(&err).into())
}

fn json_error(err: &JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::ContentType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "send the body as application/json",
        ),
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                format!("the body is larger than {MAX_JSON_BODY} bytes"),
            )
        }
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            let message = e.to_string();
            let error = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidBody,
                message.clone(),
            );
            // Only a body that is not even a JSON value ends here (see `Json`).
            match backticked(&message) {
                Some(field) => error.with_field(format!("/{field}")),
                None => error,
            }
        }
        JsonPayloadError::Deserialize(e) => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
            format!("the body is not valid JSON: {e}"),
        ),
        other => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
            format!("the body could not be read: {other}"),
        ),
    }
}

/// serde names the field in backticks: "unknown field `x`", "missing field `y`".
fn backticked(message: &str) -> Option<&str> {
    let rest = ["unknown field `", "missing field `"]
        .iter()
        .find_map(|p| message.find(p).map(|i| (i, p.len())))?;
    let start = rest.0 + rest.1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// A JSON body, like `web::Json` (same content-type, size and syntax checks), whose
/// deserialization errors point at the exact place in the body: `field` is a JSON Pointer
/// such as `/lines/0/quantity`, found by `serde_path_to_error`.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    /// The body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: serde::de::DeserializeOwned + 'static> actix_web::FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let value = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let mut value = value.await?.into_inner();
            whole_numbers_as_integers(&mut value);
            serde_path_to_error::deserialize(value)
                .map(Json)
                .map_err(|e| invalid_body(&e).into())
        })
    }
}

/// JSON Schema counts `4.0` as an integer, so a client (or a generator) may send one: such
/// numbers become integers before the body meets its Rust type. `4.5` stays a float and is
/// refused where an integer is expected.
fn whole_numbers_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0) {
                // In range of i64 exactly: the cast below cannot lose anything.
                #[expect(
                    clippy::cast_possible_truncation,
                    reason = "checked to be whole and in range"
                )]
                if (-9_007_199_254_740_992.0..=9_007_199_254_740_992.0).contains(&f) {
                    *value = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

/// 422 `INVALID_BODY` pointing at where the body does not fit its type.
pub(crate) fn invalid_body(e: &serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    use serde_path_to_error::Segment;
    let message = e.inner().to_string();
    let mut segments: Vec<String> = e
        .path()
        .iter()
        .filter_map(|s| match s {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect();
    // An unknown or missing field is named in the message, not in the path.
    if let Some(name) = backticked(&message)
        && segments.last().map(String::as_str) != Some(name)
    {
        segments.push(name.to_owned());
    }
    let pointer: String = segments
        .iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect();
    let error = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidBody,
        message,
    );
    if pointer.is_empty() {
        error
    } else {
        error.with_field(pointer)
    }
}

/// Query-string parsing with our error shape.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err: QueryPayloadError, _| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidQuery,
            format!("the query string is not valid: {err}"),
        )
        .into()
    })
}

/// Path parsing with our error shape (our paths take strings, so this is a safety net).
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err: PathError, _| {
        ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, err.to_string()).into()
    })
}

/// Any route we do not serve: 405 with `Allow` when the path is one of ours and only the
/// method is wrong (RFC 9110 §15.5.6), otherwise 404.
pub async fn unknown_route(req: HttpRequest) -> HttpResponse {
    if let Some(allowed) = allowed_methods(req.path()) {
        let mut response = ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotAllowed,
            format!(
                "{} is not supported on {}; use {allowed}",
                req.method(),
                req.path()
            ),
        )
        .error_response();
        if let Ok(value) = actix_web::http::header::HeaderValue::from_str(allowed) {
            response
                .headers_mut()
                .insert(actix_web::http::header::ALLOW, value);
        }
        return response;
    }
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        format!("no such endpoint: {} {}", req.method(), req.path()),
    )
    .error_response()
}

/// Every documented path template with its methods (`GET, POST`), from the OpenAPI document.
static ROUTES: std::sync::LazyLock<Vec<(Vec<String>, String)>> = std::sync::LazyLock::new(|| {
    crate::openapi::document()
        .paths
        .paths
        .iter()
        .map(|(template, item)| {
            let segments = template.split('/').map(str::to_owned).collect();
            let methods = [
                ("GET", item.get.is_some()),
                ("PUT", item.put.is_some()),
                ("POST", item.post.is_some()),
                ("DELETE", item.delete.is_some()),
                ("OPTIONS", item.options.is_some()),
                ("HEAD", item.head.is_some()),
                ("PATCH", item.patch.is_some()),
                ("TRACE", item.trace.is_some()),
            ]
            .iter()
            .filter(|(_, present)| *present)
            .map(|(m, _)| *m)
            .collect::<Vec<_>>()
            .join(", ");
            (segments, methods)
        })
        .collect()
});

/// The methods of the documented path `path` matches (a `{param}` matches one segment).
fn allowed_methods(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.split('/').collect();
    ROUTES
        .iter()
        .find(|(template, _)| {
            template.len() == segments.len()
                && template.iter().zip(&segments).all(|(t, s)| {
                    (t.starts_with('{') && t.ends_with('}') && !s.is_empty()) || t == s
                })
        })
        .map(|(_, methods)| methods.as_str())
}

/// An id from the path; one that is not a UUID cannot name anything, so it is not found.
///
/// # Errors
/// 404 `NOT_FOUND` naming `what`.
pub fn path_id<T: std::str::FromStr>(raw: &str, what: &str) -> Result<T, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found(what))
}

/// For PATCH bodies: a field that is absent stays `None`, `null` becomes `Some(None)`.
///
/// # Errors
/// When the value is present but of the wrong type.
pub fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// For PATCH bodies whose fields cannot be cleared: absent stays `None`, `null` is refused
/// like any other wrong type.
///
/// # Errors
/// When the value is `null` or of the wrong type.
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// The largest uploaded file accepted (license files are a few kilobytes).
pub const MAX_UPLOAD: usize = 1024 * 1024;

/// The first file of a `multipart/form-data` body: its file name and bytes.
///
/// # Errors
/// 400 `INVALID_UPLOAD` for a body that is not multipart or has no file, 422 `INVALID_BODY`
/// for a field other than `file` or a second file, 413 past [`MAX_UPLOAD`].
pub async fn uploaded_file(
    mut form: actix_multipart::Multipart,
) -> Result<(String, Vec<u8>), ApiError> {
    use futures_util::StreamExt as _;
    let invalid = |m: String| {
        ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidUpload, m).with_field("file")
    };
    let mut upload = None;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|e| invalid(format!("the upload could not be read: {e}")))?;
        // Like `deny_unknown_fields` on JSON bodies: the one field is `file`, once.
        let field_name = field.name().unwrap_or_default().to_owned();
        if field_name != "file" {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidBody,
                format!("unknown field `{field_name}`, expected `file`"),
            )
            .with_field(field_name));
        }
        let Some(name) = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(lms_domain::field::file_name)
            .transpose()
            // The multipart field, not a place in a JSON body: named, not pointed at.
            .map_err(|e| ApiError::from(e).with_field("file"))?
        else {
            continue;
        };
        if upload.is_some() {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidBody,
                "send one file",
            )
            .with_field("file"));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| invalid(format!("the upload could not be read: {e}")))?;
            if bytes.len() + chunk.len() > MAX_UPLOAD {
                return Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::PayloadTooLarge,
                    format!("the file is larger than {MAX_UPLOAD} bytes"),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        upload = Some((name, bytes));
    }
    upload.ok_or_else(|| invalid("send the file as multipart/form-data with a file field".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_come_out_of_serde_messages() {
        assert_eq!(
            backticked("unknown field `colour`, expected one of `name`"),
            Some("colour")
        );
        assert_eq!(backticked("missing field `name` at line 1"), Some("name"));
        assert_eq!(
            backticked("invalid type: integer `1`, expected a string"),
            None
        );
    }

    #[test]
    fn known_paths_name_their_methods_and_unknown_ones_none() {
        assert_eq!(allowed_methods("/api/v1/customers"), Some("GET, POST"));
        assert_eq!(
            allowed_methods("/api/v1/customers/anything"),
            Some("GET, PATCH")
        );
        assert_eq!(allowed_methods("/api/v1/customers//locations"), None);
        assert_eq!(allowed_methods("/api/v1/no-such-thing"), None);
    }
}
