//! The LMS server: configuration, start-up, and the demo data. `main.rs` is only the
//! command line around these.

pub mod demo;
pub mod keys;
pub mod private_files;
pub mod settings;
pub mod shared_keys;
pub mod startup;
pub mod webhooks;

pub use settings::Settings;
pub use startup::Application;
