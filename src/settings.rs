//! One typed configuration, loaded once: defaults, then an optional TOML file (`LMS_CONFIG`,
//! default `lms.toml`), then `LMS_*` environment variables.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// A secret value: deserialized like a string, never printed.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Log line format.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// Everything the server can be told.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// Address and port to listen on; port 0 picks a free one.
    pub bind: String,
    /// `sqlite://PATH` (relative to `data_dir`) or `postgres://…`.
    pub database_url: String,
    /// Where the SQLite file and generated keys live.
    pub data_dir: PathBuf,
    /// With the password: a `vendor_admin` created at start-up when no such user exists.
    pub bootstrap_admin_email: Option<String>,
    pub bootstrap_admin_password: Option<Secret>,
    /// The session-token signing secret (≥ 32 bytes); generated into `data_dir` when unset.
    /// Every process on one database must have the same.
    pub jwt_secret: Option<Secret>,
    /// The folder of license signing keys; `<data_dir>/license-keys` when unset. Every
    /// process on one database must read the same keys.
    pub license_keys_dir: Option<PathBuf>,
    /// Session token lifetime in seconds.
    pub token_ttl_seconds: u64,
    /// Failed logins a minute per account and per client address before 429.
    pub login_max_failures: usize,
    /// `text` or `json`.
    pub log_format: LogFormat,
    /// HTTP worker threads; 0 = one per core.
    pub workers: usize,
    /// Database connections per process; 0 = 4 on SQLite, 10 on PostgreSQL.
    pub database_pool_size: u32,
    /// A PostgreSQL read replica for list and search reads; unset reads everything from
    /// the primary.
    pub database_read_url: Option<String>,
    /// After a user's own change, their list reads stay on the primary this many seconds;
    /// keep it above the replica's worst lag.
    pub read_your_writes_seconds: u64,
    /// The built portal (`frontend/dist`), served at `/` when present.
    pub portal_dir: PathBuf,
    /// Comma-separated CIDRs of reverse proxies whose `Forwarded` / `X-Forwarded-For` header
    /// names the client (for the login throttle); empty trusts none.
    pub trusted_proxies: String,
    /// When set, `/metrics` answers only `Authorization: Bearer <token>`.
    pub metrics_token: Option<Secret>,
    /// Days after a location's first activation in which SWA needs no reinstatement.
    pub swa_grace_days: u32,
    /// Days before SWA expires from which a location is `renewable`.
    pub swa_renewable_days: u32,
    /// How often the background job activates SWA assignments whose cooling-off ended.
    pub jobs_interval_seconds: u64,
    /// BusinessNet's Ed25519 public key (PEM) for SSO assertions; unset disables
    /// `POST /auth/businessnet`.
    pub businessnet_sso_public_key: Option<String>,
    /// BusinessNet's webhook endpoint: with the secret, an endpoint that receives every
    /// event and that only the configuration changes.
    pub businessnet_webhook_url: Option<String>,
    /// Its `whsec_…` signing secret.
    pub businessnet_webhook_secret: Option<Secret>,
    /// Base64 of the 32-byte key that seals webhook secrets in the database; generated
    /// into `data_dir` when unset (every process on one database needs the same key).
    pub webhook_encryption_key: Option<Secret>,
    /// How often each process looks for webhook messages that are due, in milliseconds.
    pub webhook_poll_interval_ms: u64,
    /// How long one delivery attempt may take, in milliseconds.
    pub webhook_timeout_ms: u64,
    /// A factor on the retry schedule (5 s … 24 h): below 1 only in tests.
    pub webhook_retry_scale: f64,
    /// The clock of the business rules. Not configurable: always the system clock, except
    /// in the test suite, which builds settings in code.
    #[serde(skip)]
    pub clock: lms_api::Clock,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            database_url: "sqlite://lms.db".into(),
            data_dir: PathBuf::from("./data"),
            bootstrap_admin_email: None,
            bootstrap_admin_password: None,
            jwt_secret: None,
            license_keys_dir: None,
            token_ttl_seconds: 3600,
            login_max_failures: 5,
            log_format: LogFormat::Text,
            workers: 0,
            database_pool_size: 0,
            database_read_url: None,
            read_your_writes_seconds: 10,
            portal_dir: PathBuf::from("frontend/dist"),
            trusted_proxies: String::new(),
            metrics_token: None,
            swa_grace_days: 90,
            swa_renewable_days: 90,
            jobs_interval_seconds: 30,
            businessnet_sso_public_key: None,
            businessnet_webhook_url: None,
            businessnet_webhook_secret: None,
            webhook_encryption_key: None,
            webhook_poll_interval_ms: 1000,
            webhook_timeout_ms: 10_000,
            webhook_retry_scale: 1.0,
            clock: lms_api::Clock::system(),
        }
    }
}

impl Settings {
    /// Where the license signing keys are.
    pub fn license_keys_dir(&self) -> PathBuf {
        self.license_keys_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("license-keys"))
    }

    /// Loads defaults, the TOML file and the environment.
    ///
    /// # Errors
    /// When a value has the wrong type or the file is not valid TOML.
    pub fn load() -> Result<Self, Box<figment::Error>> {
        let file = std::env::var("LMS_CONFIG").unwrap_or_else(|_| "lms.toml".into());
        Self::load_from(Path::new(&file))
    }

    /// Like [`Settings::load`] with an explicit TOML file.
    ///
    /// # Errors
    /// When a value has the wrong type or the file is not valid TOML.
    pub fn load_from(file: &Path) -> Result<Self, Box<figment::Error>> {
        Figment::from(Serialized::defaults(Self::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("LMS_").ignore(&["config", "test_database_url"]))
            .extract()
            .map_err(Box::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let s = Settings {
            jwt_secret: Some(Secret::new("hunter2hunter2")),
            metrics_token: Some(Secret::new("hunter3hunter3")),
            businessnet_webhook_secret: Some(Secret::new("whsec_hunter4hunter4")),
            webhook_encryption_key: Some(Secret::new("hunter5hunter5")),
            ..Settings::default()
        };
        assert!(!format!("{s:?}").contains("hunter"));
    }

    #[test]
    #[expect(
        clippy::result_large_err,
        reason = "figment's Jail fixes the closure's error type"
    )]
    fn environment_overrides_file_overrides_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "lms.toml",
                "bind = \"127.0.0.1:9000\"\ntoken_ttl_seconds = 60\n",
            )?;
            jail.set_env("LMS_TOKEN_TTL_SECONDS", "120");
            let s = Settings::load_from(Path::new("lms.toml")).map_err(|e| *e)?;
            assert_eq!(s.bind, "127.0.0.1:9000");
            assert_eq!(s.token_ttl_seconds, 120);
            assert_eq!(s.database_url, "sqlite://lms.db");
            Ok(())
        });
    }
}
