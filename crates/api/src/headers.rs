//! Security headers on every response: no MIME sniffing, no referrer leaving the site, and a
//! Content-Security-Policy that lets the portal and the API docs load only their own files,
//! never be framed, and never post forms elsewhere.

use actix_web::middleware::DefaultHeaders;

/// The portal and Swagger UI need nothing from elsewhere; Swagger UI's icons are `data:`
/// images, and its logo carries one inline `<style>`
/// (`.logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}`), allowed by
/// its hash alone. `frame-ancestors 'none'` forbids framing (clickjacking).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; \
     style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Middleware adding the headers to every response that does not set them itself.
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("X-Frame-Options", "DENY"))
}
