//! License signing keys on disk: `<data dir>/license-keys/<created>-<key id>.seed`, each the
//! hex of a 32-byte Ed25519 seed (mode 0600). The newest signs; all verify. The first start
//! generates one; `lms rotate-signing-key` adds a newer one.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::Utc;
use lms_api::state::Keyring;
use lms_domain::license::LicenseSigningKey;

/// The folder of key files under the data directory.
pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("license-keys")
}

/// Loads every key, generating the first when there is none.
///
/// # Errors
/// Unreadable or malformed key files.
pub fn load_or_create(data_dir: &Path) -> anyhow::Result<Keyring> {
    let mut keys = load(data_dir)?;
    if keys.is_empty() {
        keys.push(generate(data_dir)?);
    }
    let current = keys.last().cloned().context("no signing key")?;
    Ok(Keyring {
        published: keys.iter().map(LicenseSigningKey::public_key).collect(),
        current,
    })
}

/// Adds a new key, which signs from the next start on; older keys keep verifying.
///
/// # Errors
/// When the folder cannot be written.
pub fn rotate(data_dir: &Path) -> anyhow::Result<LicenseSigningKey> {
    generate(data_dir)
}

/// The keys in creation order.
///
/// # Errors
/// Unreadable or malformed key files.
pub fn load(data_dir: &Path) -> anyhow::Result<Vec<LicenseSigningKey>> {
    let dir = dir(data_dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
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

fn generate(data_dir: &Path) -> anyhow::Result<LicenseSigningKey> {
    let dir = dir(data_dir);
    crate::private_files::private_dir(&dir)?;
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
        let first = load_or_create(dir.path()).unwrap();
        assert_eq!(
            load_or_create(dir.path()).unwrap().current.key_id(),
            first.current.key_id()
        );
        let second = rotate(dir.path()).unwrap();
        let ring = load_or_create(dir.path()).unwrap();
        assert_eq!(ring.current.key_id(), second.key_id());
        let ids: Vec<&str> = ring.published.iter().map(|k| k.key_id.as_str()).collect();
        assert_eq!(ids, [first.current.key_id(), second.key_id()]);
    }
}
