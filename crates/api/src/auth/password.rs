//! Argon2id password hashes in PHC string form, and [`Passwords`]: the one way handlers hash
//! and verify, off the async workers and at most a few at a time.

use std::sync::LazyLock;
use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// Hashes a password with Argon2id and a fresh random salt.
///
/// # Errors
/// Only if the platform's random source fails.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    Ok(Argon2::default()
        .hash_password(password.as_bytes())?
        .to_string())
}

/// A hash of a password nobody has, verified when the e-mail is unknown so that a login
/// takes as long whether or not the account exists.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("no-such-user-dummy-password").unwrap_or_default());

/// Checks `password` against a stored hash; `None` (no such user) is checked against a
/// dummy hash and always fails.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    let hash = stored.unwrap_or(&DUMMY_HASH);
    let ok = Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok();
    ok && stored.is_some()
}

/// How long a request waits for a hashing slot before it answers 503.
const WAIT_FOR_SLOT: Duration = Duration::from_secs(10);

/// Password hashing for handlers. Each Argon2id run takes about 19 MiB and a core for tens
/// of milliseconds, so a flood of logins must queue for a few slots (as cheap futures)
/// rather than occupy hundreds of blocking threads at once.
#[derive(Debug)]
pub struct Passwords {
    slots: Semaphore,
}

impl Passwords {
    /// At most `concurrent` hashes run at once.
    pub fn new(concurrent: usize) -> Self {
        Self {
            slots: Semaphore::new(concurrent.max(1)),
        }
    }

    /// Hashes a new password.
    ///
    /// # Errors
    /// 503 when no slot frees up in time, 500 if hashing fails.
    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        let _slot = self.slot().await?;
        actix_web::web::block(move || hash_password(&password))
            .await
            .map_err(ApiError::internal)?
            .map_err(ApiError::internal)
    }

    /// Checks a password against a stored hash (`None`: against the dummy hash, failing).
    ///
    /// # Errors
    /// 503 when no slot frees up in time.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, ApiError> {
        let _slot = self.slot().await?;
        actix_web::web::block(move || verify_password(&password, stored.as_deref()))
            .await
            .map_err(ApiError::internal)
    }

    async fn slot(&self) -> Result<tokio::sync::SemaphorePermit<'_>, ApiError> {
        match tokio::time::timeout(WAIT_FOR_SLOT, self.slots.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(closed)) => Err(ApiError::internal(closed)),
            Err(_) => Err(ApiError::busy(
                "the server is busy checking passwords; try again",
                5,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifies_only_the_right_password() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", Some(&hash)));
        assert!(!verify_password("wrong horse", Some(&hash)));
        assert!(!verify_password("no-such-user-dummy-password", None));
    }
}
