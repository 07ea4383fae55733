//! Which format a list request asks for: `?format=csv` or `?format=json` decide; without
//! `format`, `Accept` does (`text/csv` preferred over JSON → CSV); otherwise JSON, as before
//! CSV existed. The list's own query parameters are parsed as `web::Query` would, with
//! `format` taken out first (the query types refuse unknown fields).

use std::future::{Ready, ready};

use actix_web::http::StatusCode;
use actix_web::http::header::{Accept, Header as _};
use actix_web::{FromRequest, HttpRequest, dev::Payload};
use lms_domain::ErrorCode;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The answer's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    /// `{items, next_cursor}`, one page.
    Json,
    /// Every matching row as `text/csv`.
    Csv,
}

/// The query parameter that chooses the format.
pub const FORMAT_PARAMETER: &str = "format";

impl ListFormat {
    /// The format `format` names; `None` when there is none.
    ///
    /// # Errors
    /// 422 `UNSUPPORTED_FORMAT` (field `format`) for any other value, or `format` twice.
    fn from_parameter(values: &[String]) -> Result<Option<Self>, ApiError> {
        match values {
            [] => Ok(None),
            [one] if one == "json" => Ok(Some(Self::Json)),
            [one] if one == "csv" => Ok(Some(Self::Csv)),
            _ => Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::UnsupportedFormat,
                "format must be `json` or `csv`, given once",
            )
            .with_field(FORMAT_PARAMETER)),
        }
    }

    /// The format `Accept` prefers: CSV when `text/csv` ranks above every type that JSON
    /// satisfies (`application/json`, `application/*`, `*/*`); JSON otherwise, also when
    /// the header is absent or cannot be read.
    fn from_accept(req: &HttpRequest) -> Self {
        let Ok(accept) = Accept::parse(req) else {
            return Self::Json;
        };
        for mime in accept.ranked() {
            let (kind, sub) = (mime.type_().as_str(), mime.subtype().as_str());
            match (kind, sub) {
                ("text", "csv") => return Self::Csv,
                ("application", "json" | "*") | ("*", "*") => return Self::Json,
                _ => {}
            }
        }
        Self::Json
    }
}

/// A list's query `T` and the format asked for.
#[derive(Debug)]
pub struct ListQuery<T> {
    pub query: T,
    pub format: ListFormat,
}

/// The query of a list that takes no parameters besides `format` (others are ignored, as
/// they were before).
#[derive(Debug, Deserialize)]
pub struct NoFilter {}

impl<T: DeserializeOwned> FromRequest for ListQuery<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse(req))
    }
}

fn parse<T: DeserializeOwned>(req: &HttpRequest) -> Result<ListQuery<T>, ApiError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(req.query_string()).map_err(|e| invalid_query(&e))?;
    let (formats, rest): (Vec<_>, Vec<_>) =
        pairs.into_iter().partition(|(k, _)| k == FORMAT_PARAMETER);
    let formats: Vec<String> = formats.into_iter().map(|(_, v)| v).collect();
    // The rest as the query string it was, for the list's own type.
    let rest = serde_urlencoded::to_string(&rest).map_err(|e| invalid_query(&e))?;
    let query = serde_urlencoded::from_str(&rest).map_err(|e| invalid_query(&e))?;
    let format =
        ListFormat::from_parameter(&formats)?.unwrap_or_else(|| ListFormat::from_accept(req));
    Ok(ListQuery { query, format })
}

/// 400 `INVALID_QUERY`, as `web::Query` answers (see `extract::query_config`).
fn invalid_query(e: &dyn std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::InvalidQuery,
        format!("the query string is not valid: {e}"),
    )
}

#[cfg(test)]
mod tests {
    use actix_web::ResponseError as _;
    use actix_web::test::TestRequest;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Q {
        q: Option<String>,
        limit: Option<i64>,
    }

    fn format_of(uri: &str, accept: Option<&str>) -> Result<ListFormat, ApiError> {
        let mut req = TestRequest::get().uri(uri);
        if let Some(a) = accept {
            req = req.insert_header(("accept", a));
        }
        parse::<Q>(&req.to_http_request()).map(|q| q.format)
    }

    #[test]
    fn the_parameter_wins_over_accept() {
        use ListFormat::{Csv, Json};
        let cases = [
            ("/x", None, Json),
            ("/x", Some("application/json"), Json),
            ("/x", Some("text/csv"), Csv),
            ("/x", Some("text/csv;q=0.5, application/json"), Json),
            ("/x", Some("application/json;q=0.5, text/csv"), Csv),
            ("/x", Some("*/*"), Json),
            ("/x", Some("text/html"), Json),
            ("/x", Some("not a media type"), Json),
            ("/x?format=csv", None, Csv),
            ("/x?format=csv", Some("application/json"), Csv),
            ("/x?format=json", Some("text/csv"), Json),
        ];
        for (uri, accept, expected) in cases {
            assert_eq!(
                format_of(uri, accept).unwrap(),
                expected,
                "{uri} {accept:?}"
            );
        }
    }

    #[test]
    fn an_unknown_format_is_422_on_the_parameter() {
        for uri in [
            "/x?format=xml",
            "/x?format=",
            "/x?format=CSV",
            "/x?format=csv&format=csv",
        ] {
            let e = format_of(uri, None).unwrap_err();
            assert_eq!(e.status_code(), StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        }
    }

    #[test]
    fn the_list_query_is_parsed_without_format() {
        let req = TestRequest::get()
            .uri("/x?q=a%26b%3Dc&format=csv&limit=5")
            .to_http_request();
        let parsed = parse::<Q>(&req).unwrap();
        assert_eq!(parsed.query.q.as_deref(), Some("a&b=c"));
        assert_eq!(parsed.query.limit, Some(5));
        let unknown = TestRequest::get().uri("/x?nope=1").to_http_request();
        assert!(parse::<Q>(&unknown).is_err());
        let bad = TestRequest::get().uri("/x?limit=ten").to_http_request();
        assert!(parse::<Q>(&bad).is_err());
    }
}
