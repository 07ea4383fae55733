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
use lms_store::deployment::KeyKind;

use crate::shared_keys;
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
        let sealer = crate::webhooks::secret_box(settings, &pool)?;
        crate::webhooks::configure(settings, &pool, &sealer)?;
        let tokens = TokenKeys::new(
            &jwt_secret(settings, &pool)?,
            Duration::from_secs(settings.token_ttl_seconds),
        )?;
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        let workers = if settings.workers > 0 {
            settings.workers
        } else {
            cores
        };
        let blocking = blocking_threads_per_worker(pool.max_size(), cores, workers);
        let state = web::Data::new(AppState {
            pool: pool.clone(),
            tokens,
            throttle: LoginThrottle::new(settings.login_max_failures, Duration::from_secs(60)),
            passwords: Passwords::new(cores),
            trusted_proxies: lms_api::client_ip::parse_trusted(&settings.trusted_proxies)
                .map_err(|e| anyhow::anyhow!("LMS_TRUSTED_PROXIES: {e}"))?,
            metrics: Metrics::new()?,
            metrics_token: settings
                .metrics_token
                .as_ref()
                .map(|t| t.expose().to_owned()),
            keyring: crate::keys::keyring(settings, &mut *pool.get()?)?,
            clock: settings.clock.clone(),
            swa: SwaPolicy {
                grace_days: settings.swa_grace_days,
                renewable_days: settings.swa_renewable_days,
            },
            replica: read_replica(settings)?,
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
        let server = HttpServer::new(move || {
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
        .shutdown_timeout(5)
        .workers(workers)
        .worker_max_blocking_threads(blocking);
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

/// Blocking threads per HTTP worker (database work and password hashing run there): enough
/// for every pooled connection and every hashing slot (`hashing`) to be busy at once, no
/// more. actix-web's default (512 / cores) lets a burst of requests start hundreds of
/// threads that only wait for a connection — switching, contending on the pool's lock and
/// each growing an allocator arena of its own — while queued work costs nothing.
fn blocking_threads_per_worker(pool: u32, hashing: usize, workers: usize) -> usize {
    let pool = usize::try_from(pool).unwrap_or(usize::MAX);
    pool.saturating_add(hashing).div_ceil(workers.max(1)).max(1)
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

/// The read replica's pool, when one is configured. Its schema is the primary's (migrations
/// run on the primary only).
fn read_replica(settings: &Settings) -> anyhow::Result<Option<lms_api::replica::ReadReplica>> {
    let Some(url) = settings.database_read_url.as_deref() else {
        return Ok(None);
    };
    let target = DatabaseTarget::parse(url, &settings.data_dir).context("LMS_DATABASE_READ_URL")?;
    let pool = lms_store::open_pool_sized(&target, Some(settings.database_pool_size))
        .context("LMS_DATABASE_READ_URL")?;
    Ok(Some(lms_api::replica::ReadReplica {
        pool,
        read_your_writes: Duration::from_secs(settings.read_your_writes_seconds),
    }))
}

/// Opens the pool and brings the schema up to date.
///
/// # Errors
/// Bad URL, unreachable database, failing migration.
pub fn open_database(settings: &Settings) -> anyhow::Result<Pool> {
    let target = DatabaseTarget::parse(&settings.database_url, &settings.data_dir)?;
    let pool = lms_store::open_pool_sized(&target, Some(settings.database_pool_size))?;
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

/// The configured JWT secret, or the one generated into the data directory on the first
/// start on a new database. Every process on the database must hold the same secret (see
/// [`crate::shared_keys`]).
fn jwt_secret(settings: &Settings, pool: &Pool) -> anyhow::Result<Vec<u8>> {
    let mut conn = pool.get()?;
    let secret = match &settings.jwt_secret {
        Some(secret) => secret.expose().as_bytes().to_vec(),
        None => match stored_jwt_secret(settings)? {
            Some(secret) => secret,
            None => {
                shared_keys::refuse_to_generate(&mut conn, KeyKind::JwtSecret, "LMS_JWT_SECRET")?;
                generate_jwt_secret(settings)?
            }
        },
    };
    shared_keys::ensure_shared(&mut conn, KeyKind::JwtSecret, &secret, "LMS_JWT_SECRET")?;
    Ok(secret)
}

fn stored_jwt_secret(settings: &Settings) -> anyhow::Result<Option<Vec<u8>>> {
    match std::fs::read_to_string(settings.data_dir.join("jwt-secret")) {
        Ok(existing) => Ok(Some(existing.trim().as_bytes().to_vec())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn generate_jwt_secret(settings: &Settings) -> anyhow::Result<Vec<u8>> {
    let path = settings.data_dir.join("jwt-secret");
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
