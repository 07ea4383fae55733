//! Standard Webhooks signatures (standardwebhooks.com): the secret is `whsec_` followed by the
//! base64 of the key; a message is signed with HMAC-SHA256 over `id.timestamp.body` and sent
//! as `v1,<base64 signature>` in `webhook-signature` (several, space-separated, while a
//! rotated secret is still honoured).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The prefix of every secret.
pub const SECRET_PREFIX: &str = "whsec_";
/// Bytes of a generated key.
pub const KEY_BYTES: usize = 32;
/// The fewest and most key bytes a configured secret may have (the convention's 24–64).
const KEY_BYTES_MIN: usize = 24;
const KEY_BYTES_MAX: usize = 64;

/// A signing secret; its key never prints.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(Vec<u8>);

/// A configured secret is not `whsec_` + base64 of 24 to 64 bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("a webhook secret starts with {SECRET_PREFIX}")]
    Prefix,
    #[error("the part after {SECRET_PREFIX} is not base64")]
    Base64,
    #[error("the key has {0} bytes; 24 to 64 are accepted")]
    Length(usize),
}

impl WebhookSecret {
    /// A secret from fresh random bytes (the caller's generator: the domain draws none).
    pub fn from_key(key: [u8; KEY_BYTES]) -> Self {
        Self(key.to_vec())
    }

    /// Reads `whsec_<base64>`.
    ///
    /// # Errors
    /// [`SecretError`] for another prefix, bad base64 or a key of the wrong length.
    pub fn parse(text: &str) -> Result<Self, SecretError> {
        let encoded = text
            .trim()
            .strip_prefix(SECRET_PREFIX)
            .ok_or(SecretError::Prefix)?;
        let key = STANDARD.decode(encoded).map_err(|_| SecretError::Base64)?;
        if !(KEY_BYTES_MIN..=KEY_BYTES_MAX).contains(&key.len()) {
            return Err(SecretError::Length(key.len()));
        }
        Ok(Self(key))
    }

    /// The `whsec_…` text, for the one answer that shows it and for sealing.
    pub fn expose(&self) -> String {
        format!("{SECRET_PREFIX}{}", STANDARD.encode(&self.0))
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC takes a key of any length.
        Hmac::<Sha256>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!())
    }
}

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret(***)")
    }
}

/// The content that is signed.
fn signed_content(mac: &mut Hmac<Sha256>, id: &str, timestamp: i64, body: &[u8]) {
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
}

/// The `webhook-signature` header: `v1,<signature>` for each secret, space-separated.
pub fn sign(secrets: &[&WebhookSecret], id: &str, timestamp: i64, body: &[u8]) -> String {
    secrets
        .iter()
        .map(|secret| {
            let mut mac = secret.mac();
            signed_content(&mut mac, id, timestamp, body);
            format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether any `v1` signature in `header` is `secret`'s for the message (constant-time
/// comparison). A receiver also checks that `timestamp` is recent.
pub fn verify(secret: &WebhookSecret, id: &str, timestamp: i64, body: &[u8], header: &str) -> bool {
    header.split(' ').any(|entry| {
        let Some(encoded) = entry.strip_prefix("v1,") else {
            return false;
        };
        let Ok(signature) = STANDARD.decode(encoded) else {
            return false;
        };
        let mut mac = secret.mac();
        signed_content(&mut mac, id, timestamp, body);
        mac.verify_slice(&signature).is_ok()
    })
}
