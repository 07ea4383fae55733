//! End-to-end tests: the real server on a real database (a SQLite file per test, or a fresh
//! PostgreSQL database per test when `LMS_TEST_DATABASE_URL` is set), driven over HTTP.

mod helpers;

mod api_keys;
mod auth;
mod catalog;
mod concurrency;
mod credentials;
mod csv_export;
mod customers;
mod deploy_docs;
mod errors;
mod hardware;
mod idempotency;
mod impersonation;
mod isolation;
mod jwt;
mod license_files;
mod licenses;
mod location_lock;
mod locations;
mod openapi;
mod operations;
mod product_rules;
mod read_replica;
mod reships;
mod scale_out;
mod sso;
mod swa;
mod tenancy;
mod uploads;
mod webhooks;
