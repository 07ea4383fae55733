//! The baseline of `make bench` row 1: a plain actix-web handler answering
//! `GET /api/v1/locations/{id}` with a fixed JSON object — no authentication, no database —
//! serialized on every request as the server serializes its view. Same actix-web, same
//! worker count and HTTP settings as `lms serve`, so the ratio measures what the server adds.
//!
//! `baseline_server BODY.json WORKERS` listens on a free loopback port and prints
//! `listening on http://127.0.0.1:PORT`.

use std::time::Duration;

use actix_web::{App, HttpResponse, HttpServer, get, web};

#[get("/api/v1/locations/{id}")]
async fn location(body: web::Data<serde_json::Value>, _id: web::Path<String>) -> HttpResponse {
    HttpResponse::Ok().json(body.get_ref())
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(workers)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: baseline_server BODY.json WORKERS");
    };
    let body: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let body = web::Data::new(body);
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    println!("listening on http://{}", listener.local_addr()?);
    HttpServer::new(move || App::new().app_data(body.clone()).service(location))
        .client_request_timeout(Duration::from_secs(10))
        .client_disconnect_timeout(Duration::from_secs(5))
        .keep_alive(Duration::from_secs(30))
        .max_connections(10_000)
        .shutdown_timeout(5)
        .workers(workers.parse()?)
        .listen(listener)?
        .run()
        .await?;
    Ok(())
}
