//! Several `lms serve` processes on one database: what they must share, and that they do.

mod processes;
mod shared_keys;
