//! `lms`: the License Management Server and its maintenance commands.

use clap::{Parser, Subcommand};
use lms::settings::{LogFormat, Settings};
use lms::{Application, demo, startup};

#[derive(Parser)]
#[command(version, about = "LMS — License Management Server")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server (API, docs, portal).
    Serve,
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Create the demo partners, users, customers and locations (once), and print the logins.
    SeedDemo,
    /// Print the OpenAPI document (the committed `openapi/openapi.json`).
    ExportOpenapi,
    /// Check a license file offline and print its contents.
    Verify {
        /// The license file (`.lic`), or a zip the LMS produced (every `.lic` in it must
        /// verify).
        file: std::path::PathBuf,
        /// Public keys as served by `GET /api/v1/license-signing-keys` (JSON); default: the
        /// keys in the data directory.
        #[arg(long)]
        keys: Option<std::path::PathBuf>,
    },
    /// Add a new license signing key; new files use it after the next start, older files
    /// keep verifying.
    RotateSigningKey,
}

/// mimalloc instead of glibc's malloc. An Argon2id hash (every login) allocates a 19 MiB
/// block aligned to 64 bytes; glibc rarely reuses such a freed block for the next one, so a
/// server's resident memory grew by about 19 MiB a login up to some 300 MB. mimalloc reuses
/// and returns them: it stays bounded (under 90 MB with `make bench`'s load).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = Settings::load()?;
    init_logging(settings.log_format);
    match cli.command {
        Command::Serve => serve(&settings).await,
        Command::Migrate => {
            startup::open_database(&settings)?;
            println!("database schema is up to date");
            Ok(())
        }
        Command::SeedDemo => {
            let pool = startup::open_database(&settings)?;
            let keyring = lms::keys::keyring(&settings, &mut *pool.get()?)?;
            let created = demo::seed(&mut *pool.get()?, &keyring.current)?;
            println!(
                "{}",
                if created {
                    "demo data created"
                } else {
                    "demo data already present"
                }
            );
            println!("demo logins:");
            for login in &demo::LOGINS {
                println!(
                    "  {:<12} {:<24} {}",
                    login.role, login.email, login.password
                );
            }
            Ok(())
        }
        Command::Verify { file, keys } => verify(&settings, &file, keys.as_deref()),
        Command::RotateSigningKey => {
            let key = lms::keys::rotate(&settings)?;
            println!(
                "new signing key {} (used from the next start)",
                key.key_id()
            );
            Ok(())
        }
        Command::ExportOpenapi => {
            print!("{}", lms_api::openapi::document_json());
            Ok(())
        }
    }
}

/// Verifies a file against published or local keys; exits non-zero when it does not verify.
fn verify(
    settings: &Settings,
    file: &std::path::Path,
    keys: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    use lms_domain::license::PublicSigningKey;
    let bytes = std::fs::read(file)?;
    let public: Vec<PublicSigningKey> = match keys {
        Some(path) => serde_json::from_str(&std::fs::read_to_string(path)?)?,
        None => lms::keys::load(&settings.license_keys_dir())?
            .iter()
            .map(|k| k.public_key())
            .collect(),
    };
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    match lms_domain::license::verify_download(&name, &bytes, &public) {
        Ok(licenses) => {
            for (entry, license) in licenses {
                println!("valid: {entry} signed by key {}", license.key_id);
                println!("{}", serde_json::to_string_pretty(&license)?);
            }
            Ok(())
        }
        Err(e) => {
            eprintln!("NOT VALID: {e}");
            std::process::exit(1);
        }
    }
}

async fn serve(settings: &Settings) -> anyhow::Result<()> {
    let app = Application::build(settings)?;
    let host = settings
        .bind
        .rsplit_once(':')
        .map_or("127.0.0.1", |(host, _)| host);
    let url = format!("http://{host}:{}", app.port());
    tracing::info!(%url, "LMS listening");
    println!("LMS listening on {url}  (portal {url}/, API docs {url}/docs/)");
    app.run_until_stopped().await?;
    Ok(())
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LMS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}
