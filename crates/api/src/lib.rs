//! LMS HTTP API: actix-web handlers under `/api/v1`, authentication, the OpenAPI document
//! and interactive docs, the operations endpoints. Handlers parse the wire type into
//! domain input, call one store function and map the answer back. No rule is decided here:
//! the API only maps domain and store errors to status, code and field ([`error`]).

pub mod auth;
pub mod client_ip;
pub mod clock;
pub mod error;
pub mod export;
pub mod extract;
pub mod headers;
pub mod idempotency;
pub mod metrics;
pub mod openapi;
mod portal;
pub mod replica;
pub mod routes;
pub mod state;
pub mod webhooks;

use std::path::PathBuf;

use actix_web::web;
use utoipa_swagger_ui::SwaggerUi;

pub use clock::Clock;
pub use error::ApiError;
pub use state::AppState;

/// Everything the server serves: `/api/v1`, `/docs`, `/openapi.json`, `/healthz`,
/// `/readyz`, `/metrics`, and the portal (the built SPA in `portal_dir`) at `/`.
pub fn configure(
    state: web::Data<AppState>,
    portal_dir: Option<PathBuf>,
) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(state)
            .app_data(extract::json_config())
            .app_data(extract::query_config())
            .app_data(extract::path_config())
            .service(
                SwaggerUi::new("/docs/{_:.*}")
                    .external_url_unchecked("/openapi.json", openapi::document_value()),
            )
            .service(web::redirect("/docs", "/docs/"))
            .configure(routes::operations)
            .service(
                web::scope("/api/v1")
                    .wrap(actix_web::middleware::from_fn(replica::remember_writes))
                    .wrap(actix_web::middleware::from_fn(idempotency::guard))
                    .configure(routes::api_v1),
            );
        portal::mount(cfg, portal_dir);
    }
}
