//! Prometheus metrics and the middleware that records every request: count and latency by
//! route and status, a request id on every response, and one log line per request.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use prometheus::{HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder};

use crate::state::AppState;

/// The header carrying the request id, echoed when the client sent a sane one.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The registry and the request metrics.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    tx_retries: IntCounterVec,
    list_reads: IntCounterVec,
}

impl Metrics {
    /// Registers the request metrics.
    ///
    /// # Errors
    /// Only on a duplicate registration, which this code does not do.
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "lms_http_requests_total",
                "HTTP requests by method, route and status",
            ),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "lms_http_request_duration_seconds",
                "HTTP request latency by method and route",
            ),
            &["method", "route"],
        )?;
        let tx_retries = IntCounterVec::new(
            Opts::new(
                "lms_transaction_retries_total",
                "Write transactions the database asked to run again (40001/40P01): `retried` \
                 attempts, and `exhausted` transactions answered 503 after the last attempt",
            ),
            &["outcome"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        let list_reads = IntCounterVec::new(
            Opts::new(
                "lms_list_reads_total",
                "List and search reads by the database that answered them: `primary`, or \
                 `replica` (LMS_DATABASE_READ_URL)",
            ),
            &["database"],
        )?;
        registry.register(Box::new(tx_retries.clone()))?;
        registry.register(Box::new(list_reads.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            tx_retries,
            list_reads,
        })
    }

    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[method, route, &status.to_string()])
            .inc();
        self.latency
            .with_label_values(&[method, route])
            .observe(seconds);
    }

    /// Counts a list or search read answered by `database` (`primary` or `replica`).
    pub fn count_list_read(&self, database: &str) {
        self.list_reads.with_label_values(&[database]).inc();
    }

    /// The Prometheus text exposition of every metric.
    ///
    /// # Errors
    /// An encoding error (a metric the text format cannot express).
    pub fn render(&self) -> Result<String, prometheus::Error> {
        // The store counts retries process-wide; bring the counters up to its figures.
        let counts = lms_store::db::retry_counts();
        for (outcome, total) in [("retried", counts.retried), ("exhausted", counts.exhausted)] {
            let counter = self.tx_retries.with_label_values(&[outcome]);
            counter.inc_by(total.saturating_sub(counter.get()));
        }
        TextEncoder::new().encode_to_string(&self.registry.gather())
    }
}

/// The method as a metric label: any method outside the standard ones is `other`, so a
/// client inventing methods cannot create new series without bound.
fn method_label(method: &actix_web::http::Method) -> String {
    use actix_web::http::Method;
    const KNOWN: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    if KNOWN.contains(method) {
        method.as_str().to_owned()
    } else {
        "other".to_owned()
    }
}

/// Middleware: request id, metrics and a log line for every request.
///
/// # Errors
/// Passes on the inner service's error.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let request_id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let method = method_label(req.method());
    let mut res = next.call(req).await?;
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let status = res.status().as_u16();
    let elapsed = started.elapsed();
    if let Some(state) = state {
        state
            .metrics
            .observe(&method, &route, status, elapsed.as_secs_f64());
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    tracing::info!(
        request_id,
        method,
        route,
        status,
        latency_ms = elapsed.as_secs_f64() * 1000.0,
        "request"
    );
    Ok(res)
}
