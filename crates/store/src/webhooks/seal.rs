//! Webhook signing secrets at rest: sealed with XChaCha20-Poly1305 under the server's
//! webhook key (`LMS_WEBHOOK_ENCRYPTION_KEY`, or a key generated into the data directory),
//! so a copy of the database alone does not let anyone sign as the LMS. A sealed value is
//! `v1:` + base64(24-byte random nonce ‖ ciphertext); the endpoint's id is the associated
//! data, so a sealed secret copied to another endpoint's row does not open.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use lms_domain::webhook::WebhookSecret;

const PREFIX: &str = "v1:";
const NONCE_BYTES: usize = 24;

/// The key that seals and opens endpoint secrets.
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(***)")
    }
}

/// A sealed secret does not open: another key, another endpoint, or a damaged value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a webhook secret does not open with this server's webhook key")]
pub struct SealError;

impl SecretBox {
    /// A box over a 32-byte key.
    pub fn new(key: [u8; 32]) -> Self {
        Self {
            cipher: XChaCha20Poly1305::new(Key::from_slice(&key)),
        }
    }

    /// Seals `secret` for the endpoint `endpoint_id`, with a fresh random nonce.
    pub fn seal(&self, endpoint_id: &str, secret: &WebhookSecret) -> String {
        let nonce: [u8; NONCE_BYTES] = rand::random();
        let plain = secret.expose();
        let sealed = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: endpoint_id.as_bytes(),
                },
            )
            // Encryption fails only for messages longer than the cipher's limit (256 GiB).
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(sealed);
        format!("{PREFIX}{}", STANDARD.encode(out))
    }

    /// Opens a value [`SecretBox::seal`] made for `endpoint_id`.
    ///
    /// # Errors
    /// [`SealError`] when it does not open.
    pub fn open(&self, endpoint_id: &str, sealed: &str) -> Result<WebhookSecret, SealError> {
        let bytes = sealed
            .strip_prefix(PREFIX)
            .and_then(|b| STANDARD.decode(b).ok())
            .filter(|b| b.len() > NONCE_BYTES)
            .ok_or(SealError)?;
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let plain = self
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: endpoint_id.as_bytes(),
                },
            )
            .map_err(|_| SealError)?;
        let text = String::from_utf8(plain).map_err(|_| SealError)?;
        WebhookSecret::parse(&text).map_err(|_| SealError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_endpoint() {
        let secret = WebhookSecret::from_key([5; 32]);
        let sealed_box = SecretBox::new([1; 32]);
        let sealed = sealed_box.seal("endpoint-a", &secret);
        assert!(!sealed.contains(&secret.expose()[6..]));
        assert_ne!(
            sealed,
            sealed_box.seal("endpoint-a", &secret),
            "fresh nonce"
        );
        assert_eq!(sealed_box.open("endpoint-a", &sealed), Ok(secret));
        assert_eq!(sealed_box.open("endpoint-b", &sealed), Err(SealError));
        assert_eq!(
            SecretBox::new([2; 32]).open("endpoint-a", &sealed),
            Err(SealError)
        );
        assert_eq!(sealed_box.open("endpoint-a", "v1:AAAA"), Err(SealError));
    }
}
