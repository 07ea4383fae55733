//! License signing keys on disk: `<key folder>/<created>-<key id>.seed` (the folder is
//! `LMS_LICENSE_KEYS_DIR`, by default `<data dir>/license-keys`), each the hex of a 32-byte
//! Ed25519 seed (mode 0600). The newest signs; all verify. The first start on a new database
//! generates one; `lms rotate-signing-key` adds a newer one.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::Utc;
use lms_api::state::Keyring;
use lms_store::DbConnection;
use lms_store::deployment::{self, KeyKind};

use crate::settings::Settings;
use lms_domain::license::LicenseSigningKey;

/// Loads every key for a serving process, generating the first when there is none — but
/// only on a database no process has used yet: the processes of one database share one key
/// folder (`LMS_LICENSE_KEYS_DIR`), and a process that would sign with a key of its own is
/// refused instead.
///
/// # Errors
/// Unreadable or malformed key files, a database error, or a key folder that does not
/// hold the key the other processes sign with.
pub fn keyring(settings: &Settings, conn: &mut DbConnection) -> anyhow::Result<Keyring> {
    let dir = settings.license_keys_dir();
    let mut keys = load(&dir)?;
    if keys.is_empty() {
        if let Some(current) = deployment::recorded(conn, KeyKind::LicenseSigningKey)? {
            anyhow::bail!(
                "{} holds no license signing key, but other processes on this database sign \
                 with key {current}: give every process the same key folder \
                 (LMS_LICENSE_KEYS_DIR) instead of generating a new key",
                dir.display()
            );
        }
        keys.push(generate(&dir)?);
    }
    let current = keys.last().cloned().context("no signing key")?;
    let shared = deployment::record_first(
        conn,
        KeyKind::LicenseSigningKey,
        current.key_id(),
        Utc::now(),
    )?;
    anyhow::ensure!(
        shared == current.key_id(),
        "this process would sign with license key {} from {}, but the processes on this \
         database sign with key {shared}: give every process the same key folder \
         (LMS_LICENSE_KEYS_DIR), and rotate with `lms rotate-signing-key`",
        current.key_id(),
        dir.display()
    );
    Ok(Keyring {
        published: keys.iter().map(LicenseSigningKey::public_key).collect(),
        current,
    })
}

/// Adds a new key, which signs from each process's next start on; older keys keep
/// verifying. The database records it as the key every process must now start with.
///
/// # Errors
/// When the folder cannot be written or the database cannot be reached.
pub fn rotate(settings: &Settings) -> anyhow::Result<LicenseSigningKey> {
    let pool = crate::startup::open_database(settings)?;
    let key = generate(&settings.license_keys_dir())?;
    deployment::replace(
        &mut *pool.get()?,
        KeyKind::LicenseSigningKey,
        key.key_id(),
        Utc::now(),
    )?;
    Ok(key)
}

/// The keys in a key folder, in creation order.
///
/// # Errors
/// Unreadable or malformed key files.
pub fn load(dir: &Path) -> anyhow::Result<Vec<LicenseSigningKey>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "seed"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let seed = decode_hex(text.trim())
                .with_context(|| format!("{} is not a hex seed", path.display()))?;
            Ok(LicenseSigningKey::from_seed(seed))
        })
        .collect()
}

fn generate(dir: &Path) -> anyhow::Result<LicenseSigningKey> {
    crate::private_files::private_dir(dir)?;
    let seed: [u8; 32] = rand::random();
    let key = LicenseSigningKey::from_seed(seed);
    let name = format!(
        "{}-{}.seed",
        Utc::now().format("%Y%m%d%H%M%S%6f"),
        key.key_id()
    );
    let hex: String = seed.iter().map(|b| format!("{b:02x}")).collect();
    crate::private_files::write_private(&dir.join(name), &hex)?;
    tracing::info!(key_id = key.key_id(), "generated a license signing key");
    Ok(key)
}

fn decode_hex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_load_creates_a_key_and_rotation_keeps_the_old_one_published() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings {
            data_dir: dir.path().to_owned(),
            ..Settings::default()
        };
        let pool = crate::startup::open_database(&settings).unwrap();
        let load = || keyring(&settings, &mut pool.get().unwrap()).unwrap();
        let first = load();
        assert_eq!(load().current.key_id(), first.current.key_id());
        let second = rotate(&settings).unwrap();
        let ring = load();
        assert_eq!(ring.current.key_id(), second.key_id());
        let ids: Vec<&str> = ring.published.iter().map(|k| k.key_id.as_str()).collect();
        assert_eq!(ids, [first.current.key_id(), second.key_id()]);
    }
}
