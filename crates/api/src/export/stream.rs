//! A list's answer: one JSON page as before, or every row as a streamed CSV body.
//!
//! The CSV export reads the list in keyset pages of [`MAX_LIMIT`] rows. The first page is
//! read before the answer starts, so that a refusal (an unknown customer, a bad filter, no
//! database) is still a JSON error with its status. Each later page is read on the blocking
//! pool with a connection of its own, given back before the page is sent, encoded there, and
//! handed to the response body through a channel of [`CHUNKS_IN_FLIGHT`] chunks: a slow
//! client stalls the reading instead of piling rows up in memory or holding a connection.

use std::sync::Arc;

use actix_web::HttpResponse;
use actix_web::http::header;
use actix_web::web::Bytes;
use futures_util::StreamExt as _;
use futures_util::stream;
use lms_store::paging::MAX_LIMIT;
use lms_store::{DbConnection, Page, PageRequest, Pool};
use serde::Serialize;
use tokio::sync::mpsc;

use super::encode::{CsvRows, Records};
use super::lists::ExportList;
use super::negotiate::ListFormat;
use crate::error::ApiError;
use crate::routes::Paged;
use crate::state::on_pool;

/// Encoded pages waiting for the client, at most.
pub const CHUNKS_IN_FLIGHT: usize = 4;

/// The media type of an export.
pub const CSV_CONTENT_TYPE: &str = "text/csv; charset=utf-8";

/// Answers a paged list read from `pool` (the primary, or the read replica: see
/// `AppState::list_pool`): the page `page` of `fetch` as JSON, or for CSV every page of it,
/// from the first, whatever `page` says.
///
/// # Errors
/// What `fetch` answers for the (first) page, before anything is sent.
pub async fn respond<R, F>(
    pool: Pool,
    format: ListFormat,
    list: &'static ExportList,
    page: PageRequest,
    fetch: F,
) -> Result<HttpResponse, ApiError>
where
    R: CsvRows + Serialize + Send + 'static,
    F: Fn(&mut DbConnection, &PageRequest) -> Result<Page<R>, ApiError> + Send + Sync + 'static,
{
    match format {
        ListFormat::Json => {
            let found = on_pool(pool, move |c| fetch(c, &page)).await?;
            Ok(json(&Paged::from(found)))
        }
        ListFormat::Csv => csv_stream(pool, list, Arc::new(fetch)).await,
    }
}

/// Answers a list read whole (a short one, such as the SWA bin): `json` of the items, or
/// the items as CSV.
///
/// # Errors
/// Only a record that does not fit the header (a bug).
pub fn respond_all<R: CsvRows>(
    format: ListFormat,
    list: &'static ExportList,
    items: Vec<R>,
    json_body: impl FnOnce(Vec<R>) -> HttpResponse,
) -> Result<HttpResponse, ApiError> {
    match format {
        ListFormat::Json => {
            let mut response = json_body(items);
            response
                .headers_mut()
                .insert(header::VARY, header::HeaderValue::from_static("accept"));
            Ok(response)
        }
        ListFormat::Csv => {
            let (chunk, _) = encode(
                list,
                Page {
                    items,
                    next_cursor: None,
                },
                true,
            )?;
            Ok(csv_head(list).body(chunk))
        }
    }
}

fn json(body: &impl Serialize) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::VARY, "accept"))
        .json(body)
}

fn csv_head(list: &ExportList) -> actix_web::HttpResponseBuilder {
    let mut head = HttpResponse::Ok();
    head.content_type(CSV_CONTENT_TYPE)
        .insert_header((header::VARY, "accept"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.csv\"", list.file),
        ));
    head
}

/// The first page now (its error is the answer's), the rest streamed.
async fn csv_stream<R, F>(
    pool: Pool,
    list: &'static ExportList,
    fetch: Arc<F>,
) -> Result<HttpResponse, ApiError>
where
    R: CsvRows + Send + 'static,
    F: Fn(&mut DbConnection, &PageRequest) -> Result<Page<R>, ApiError> + Send + Sync + 'static,
{
    let first_page = PageRequest::new(Some(MAX_LIMIT), None)?;
    let first_fetch = Arc::clone(&fetch);
    let (first, cursor) = on_pool(pool.clone(), move |c| {
        encode(list, first_fetch(c, &first_page)?, true)
    })
    .await?;
    let (tx, rx) = mpsc::channel(CHUNKS_IN_FLIGHT);
    if let Some(cursor) = cursor {
        actix_web::rt::spawn(produce(pool, list, fetch, cursor, tx));
    }
    let rest = stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let body = stream::once(async move { Ok(first) }).chain(rest);
    Ok(csv_head(list).streaming(body))
}

/// Reads and encodes the pages after `cursor` into `tx` until the list ends, the client
/// goes away (the body, and with it the receiver, is dropped) or a page cannot be read.
async fn produce<R, F>(
    pool: Pool,
    list: &'static ExportList,
    fetch: Arc<F>,
    mut cursor: String,
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
) where
    R: CsvRows + Send + 'static,
    F: Fn(&mut DbConnection, &PageRequest) -> Result<Page<R>, ApiError> + Send + Sync + 'static,
{
    loop {
        let fetch = Arc::clone(&fetch);
        let chunk = on_pool(pool.clone(), move |c| {
            let page = PageRequest::new(Some(MAX_LIMIT), Some(&cursor))?;
            encode(list, fetch(c, &page)?, false)
        })
        .await;
        let next = match chunk {
            Ok((bytes, next)) => {
                if tx.send(Ok(bytes)).await.is_err() {
                    return;
                }
                next
            }
            Err(e) => {
                // The status is sent already: break the body off, so the client sees an
                // incomplete transfer rather than a short file that looks whole.
                tracing::error!(list = list.file, error = %e, "a CSV export stopped");
                let _ = tx
                    .send(Err(std::io::Error::other(
                        "the export could not be completed",
                    )))
                    .await;
                return;
            }
        };
        match next {
            Some(n) => cursor = n,
            None => return,
        }
    }
}

/// One page's records (after the header, for the first) and the cursor of the next page.
fn encode<R: CsvRows>(
    list: &ExportList,
    page: Page<R>,
    header: bool,
) -> Result<(Bytes, Option<String>), ApiError> {
    let mut out = Records::new(R::HEADER.len());
    debug_assert_eq!(list.columns, R::HEADER, "{} lists other rows", list.file);
    if header {
        out.header(R::HEADER).map_err(ApiError::internal)?;
    }
    for item in &page.items {
        item.write(&mut out).map_err(ApiError::internal)?;
    }
    let bytes = out.into_bytes().map_err(ApiError::internal)?;
    Ok((bytes, page.next_cursor))
}
