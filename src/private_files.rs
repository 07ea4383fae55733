//! The data directory's secrets on disk: the directory is private to the server's user
//! (0700), and a secret file appears whole or not at all — written to a temporary file,
//! flushed to disk, then linked into place — so a crash mid-write never leaves a truncated
//! key that the next start would load.

use std::io::Write;
use std::path::Path;

/// Creates `dir` (and its parents) when missing and makes it private (mode 0700 on Unix).
///
/// # Errors
/// When the directory cannot be created or its mode set.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Writes `content` to a new file at `path` (mode 0600), atomically: a temporary file in the
/// same directory is written and fsynced, then hard-linked to `path` — which, unlike a
/// rename, fails with `AlreadyExists` rather than replace a file another process wrote —
/// and the directory is fsynced so the new name survives a power loss.
///
/// # Errors
/// `AlreadyExists` when `path` exists; any I/O error.
pub fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", uuid_like()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = (|| {
        let mut file = options.open(&temp)?;
        file.write_all(content.as_bytes())?;
        file.sync_all()?;
        std::fs::hard_link(&temp, path)
    })();
    let removed = std::fs::remove_file(&temp);
    written?;
    removed?;
    std::fs::File::open(dir)?.sync_all()
}

/// A random suffix for temporary names.
fn uuid_like() -> String {
    format!("{:016x}", rand::random::<u64>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_written_whole_private_and_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        private_dir(&data).unwrap();
        let path = data.join("jwt-secret");
        write_private(&path, "first").unwrap();
        let second = write_private(&path, "second").unwrap_err();
        assert_eq!(second.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(&data).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&data), 0o700);
            assert_eq!(mode(&path), 0o600);
        }
    }
}
