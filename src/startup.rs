//! Building the application: database, keys, bootstrap admin, HTTP server. Tests call
//! [`Application::build`] with port 0 and talk to the real server.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use chrono::Utc;
use lms_api::AppState;
use lms_api::auth::{LoginThrottle, Passwords, TokenKeys, hash_password};
use lms_api::metrics::Metrics;
use lms_domain::party::{Email, Role};
use lms_domain::swa::SwaPolicy;
use lms_store::users::{self, NewUser};
use lms_store::{DatabaseTarget, Pool};

use crate::private_files::{private_dir, write_private};
use crate::settings::Settings;

/// A built, bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    pool: Pool,
    jobs: Jobs,
    webhooks: lms_api::webhooks::Worker,
}

impl Application {
    /// Opens the database (running migrations), creates the bootstrap admin if configured,
    /// and binds the HTTP server.
    ///
    /// # Errors
    /// Bad configuration, an unreachable database, a port in use.
    pub fn build(settings: &Settings) -> anyhow::Result<Self> {
        private_dir(&settings.data_dir).with_context(|| {
            format!(
                "cannot prepare the data directory {}",
                settings.data_dir.display()
            )
        })?;
        let pool = open_database(settings)?;
        bootstrap_admin(settings, &pool)?;
        let sealer = crate::webhooks::secret_box(settings)?;
        crate::webhooks::configure(settings, &pool, &sealer)?;
        let tokens = TokenKeys::new(
            &jwt_secret(settings)?,
            Duration::from_secs(settings.token_ttl_seconds),
        )?;
        let state = web::Data::new(AppState {
            pool: pool.clone(),
            tokens,
            throttle: LoginThrottle::new(settings.login_max_failures, Duration::from_secs(60)),
            passwords: Passwords::new(
                std::thread::available_parallelism().map_or(2, std::num::NonZero::get),
            ),
            trusted_proxies: lms_api::client_ip::parse_trusted(&settings.trusted_proxies)
                .map_err(|e| anyhow::anyhow!("LMS_TRUSTED_PROXIES: {e}"))?,
            metrics: Metrics::new()?,
            metrics_token: settings
                .metrics_token
                .as_ref()
                .map(|t| t.expose().to_owned()),
            keyring: crate::keys::load_or_create(&settings.data_dir)?,
            clock: settings.clock.clone(),
            swa: SwaPolicy {
                grace_days: settings.swa_grace_days,
                renewable_days: settings.swa_renewable_days,
            },
            sso: settings
                .businessnet_sso_public_key
                .as_deref()
                .map(lms_api::auth::sso::SsoVerifier::from_pem)
                .transpose()?,
            webhook_secrets: sealer.clone(),
        });
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let portal_dir = Some(settings.portal_dir.clone());
        let mut server = HttpServer::new(move || {
            App::new()
                .wrap(lms_api::headers::security_headers())
                .wrap(from_fn(lms_api::metrics::observe))
                .configure(lms_api::configure(state.clone(), portal_dir.clone()))
                .default_service(web::to(lms_api::extract::unknown_route))
        })
        .client_request_timeout(Duration::from_secs(10))
        .client_disconnect_timeout(Duration::from_secs(5))
        .keep_alive(Duration::from_secs(30))
        .max_connections(10_000)
        .shutdown_timeout(5);
        if settings.workers > 0 {
            server = server.workers(settings.workers);
        }
        let server = server.listen(listener)?.run();
        let jobs = Jobs {
            pool: pool.clone(),
            clock: settings.clock.clone(),
            interval: Duration::from_secs(settings.jobs_interval_seconds.max(1)),
        };
        let webhooks = crate::webhooks::worker(settings, pool.clone(), sealer)?;
        Ok(Self {
            port,
            server,
            pool,
            jobs,
            webhooks,
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The connection pool, for tests that look at the database directly.
    pub fn pool(&self) -> Pool {
        self.pool.clone()
    }

    /// Serves until the process is asked to stop.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let jobs = tokio::spawn(self.jobs.run());
        let webhooks = tokio::spawn(self.webhooks.run());
        let served = self.server.await;
        jobs.abort();
        webhooks.abort();
        served
    }
}

/// The background work of a server process: activating SWA assignments whose cooling-off
/// ended. Every process runs it; the transitions are guarded, so each happens once.
struct Jobs {
    pool: Pool,
    clock: lms_api::Clock,
    interval: Duration,
}

impl Jobs {
    async fn run(self) {
        let mut tick = tokio::time::interval(self.interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let (pool, now) = (self.pool.clone(), self.clock.now());
            let settled = tokio::task::spawn_blocking(move || {
                let mut conn = pool.get().map_err(|e| anyhow::anyhow!(e))?;
                lms_store::swa::settle_due(&mut conn, lms_store::Scope::Vendor, now)
                    .map_err(anyhow::Error::from)
            })
            .await;
            match settled {
                Ok(Ok(0)) => {}
                Ok(Ok(n)) => tracing::info!(activated = n, "SWA cooling-off ended"),
                Ok(Err(e)) => tracing::warn!(error = %e, "SWA cooling-off job failed"),
                Err(e) => tracing::error!(error = %e, "SWA cooling-off job panicked"),
            }
        }
    }
}

/// Opens the pool and brings the schema up to date.
///
/// # Errors
/// Bad URL, unreachable database, failing migration.
pub fn open_database(settings: &Settings) -> anyhow::Result<Pool> {
    let target = DatabaseTarget::parse(&settings.database_url, &settings.data_dir)?;
    let pool = lms_store::open_pool(&target)?;
    let mut conn = pool.get()?;
    let applied = lms_store::run_migrations(&mut conn)?;
    let new_parts = lms_store::parts::seed(&mut conn, &lms_domain::license::seed_parts())?;
    lms_store::swa::rates::seed(&mut conn, &lms_domain::swa::seed_rates())?;
    tracing::info!(
        backend = target.backend(),
        applied,
        new_parts,
        "database ready"
    );
    Ok(pool)
}

fn bootstrap_admin(settings: &Settings, pool: &Pool) -> anyhow::Result<()> {
    let (Some(email), Some(password)) = (
        &settings.bootstrap_admin_email,
        &settings.bootstrap_admin_password,
    ) else {
        return Ok(());
    };
    let email = Email::parse(email)?;
    let mut conn = pool.get()?;
    if users::email_exists(&mut conn, &email)? {
        return Ok(());
    }
    let new = NewUser {
        email,
        name: "Bootstrap administrator".into(),
        password_hash: hash_password(password.expose()).map_err(|e| anyhow::anyhow!("{e}"))?,
        partner_id: None,
        roles: vec![Role::VendorAdmin],
    };
    users::create(&mut conn, None, &new, Utc::now())?;
    tracing::info!(email = new.email.as_str(), "bootstrap vendor admin created");
    Ok(())
}

/// The configured JWT secret, or the one generated into the data directory on first start.
fn jwt_secret(settings: &Settings) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = &settings.jwt_secret {
        return Ok(secret.expose().as_bytes().to_vec());
    }
    let path = settings.data_dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        return Ok(existing.trim().as_bytes().to_vec());
    }
    let secret: String = (0..64)
        .map(|_| format!("{:x}", rand::random::<u8>() & 0xf))
        .collect();
    match write_private(&path, &secret) {
        Ok(()) => {}
        // Another process starting on the same data directory wrote it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Ok(std::fs::read_to_string(&path)?.trim().as_bytes().to_vec());
        }
        Err(e) => return Err(e.into()),
    }
    tracing::info!(path = %path.display(), "generated a JWT secret");
    Ok(secret.into_bytes())
}
