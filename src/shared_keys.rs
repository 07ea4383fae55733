//! Secrets every process on one database must share (the JWT secret, the webhook key): the
//! first process records a fingerprint — a hash, never the secret — and a process holding
//! another secret, or about to generate one where one is recorded, refuses to start and
//! names the setting to share.

use chrono::Utc;
use lms_store::DbConnection;
use lms_store::deployment::{self, KeyKind};
use sha2::{Digest, Sha256};

/// Refuses when another process already recorded a secret of `kind`: generating one here
/// would split the deployment.
///
/// # Errors
/// The refusal, naming `setting`; database errors.
pub fn refuse_to_generate(
    conn: &mut DbConnection,
    kind: KeyKind,
    setting: &str,
) -> anyhow::Result<()> {
    if deployment::recorded(conn, kind)?.is_some() {
        anyhow::bail!(
            "no {setting}, but other processes on this database already use one: set \
             {setting} to the value they use instead of generating a new one"
        );
    }
    Ok(())
}

/// Records `secret`'s fingerprint for `kind` when none is, or checks it matches.
///
/// # Errors
/// A different recorded fingerprint, naming `setting`; database errors.
pub fn ensure_shared(
    conn: &mut DbConnection,
    kind: KeyKind,
    secret: &[u8],
    setting: &str,
) -> anyhow::Result<()> {
    let fingerprint = fingerprint(kind, secret);
    let shared = deployment::record_first(conn, kind, &fingerprint, Utc::now())?;
    anyhow::ensure!(
        shared == fingerprint,
        "this process's {setting} differs from the one the other processes on this database \
         use: give every process the same {setting}"
    );
    Ok(())
}

/// Identifies a secret without revealing it.
fn fingerprint(kind: KeyKind, secret: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(format!("lms {kind:?} fingerprint\0").as_bytes());
    hash.update(secret);
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
