//! The partner portal: the built single-page app served at `/`, with every unknown
//! non-API path answered by `index.html` so the SPA's own routes survive a reload.

use std::path::PathBuf;

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::web;

/// Serves `dir` at `/` when it holds a built portal; otherwise `/` points to the API docs.
pub fn mount(cfg: &mut web::ServiceConfig, dir: Option<PathBuf>) {
    match dir.filter(|d| d.join("index.html").is_file()) {
        Some(dir) => {
            let index = dir.join("index.html");
            cfg.service(
                Files::new("/", dir)
                    .index_file("index.html")
                    .default_handler(fn_service(move |req: ServiceRequest| {
                        let index = index.clone();
                        async move {
                            let (req, _) = req.into_parts();
                            let file = NamedFile::open_async(index).await?;
                            Ok(ServiceResponse::new(req.clone(), file.into_response(&req)))
                        }
                    })),
            );
        }
        None => {
            cfg.service(web::redirect("/", "/docs/"));
        }
    }
}
