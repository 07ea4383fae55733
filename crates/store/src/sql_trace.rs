//! Every statement a connection runs, with its duration, as `tracing` debug events of target
//! `lms_store::sql` (`LMS_LOG=info,lms_store::sql=debug`): where a request's database time
//! goes, and the statement list `make bench` replays with pgbench. Installed on a connection
//! only when that target is enabled at connect time, so it costs nothing otherwise.

use std::time::Instant;

use diesel::connection::{Instrumentation, InstrumentationEvent};

/// The target of the events.
pub const TARGET: &str = "lms_store::sql";

/// Whether new connections should be traced.
pub(crate) fn enabled() -> bool {
    tracing::enabled!(target: TARGET, tracing::Level::DEBUG)
}

/// Times statements from start to finish and reports them (`BEGIN` and `COMMIT` included:
/// diesel runs them as statements).
#[derive(Default)]
pub(crate) struct SqlTrace {
    started: Option<Instant>,
}

impl Instrumentation for SqlTrace {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { .. } => self.started = Some(Instant::now()),
            InstrumentationEvent::FinishQuery { query, error, .. } => {
                let micros = self.started.take().map_or(0, |t| t.elapsed().as_micros());
                match error {
                    None => tracing::debug!(target: TARGET, micros, "{query}"),
                    Some(e) => tracing::debug!(target: TARGET, micros, error = %e, "{query}"),
                }
            }
            _ => {}
        }
    }
}
