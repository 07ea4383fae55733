//! The Ed25519 key pair the LMS signs license files with: the secret key built from a seed
//! the caller supplies, and the public key as published (with its key id).

use std::fmt::{self, Write as _};

use base64::Engine as _;
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::BASE64;

/// The LMS's Ed25519 signing key. Its `Debug` shows the key id only.
#[derive(Clone)]
pub struct LicenseSigningKey {
    pub(super) key: SigningKey,
    pub(super) key_id: String,
}

impl fmt::Debug for LicenseSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LicenseSigningKey")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

impl LicenseSigningKey {
    /// The key for a 32-byte secret seed (RFC 8032 private key). The caller loads or
    /// generates the seed; the domain takes no randomness of its own.
    pub fn from_seed(seed: [u8; 32]) -> Self {
        let key = SigningKey::from_bytes(&seed);
        let key_id = key_id_of(&key.verifying_key().to_bytes());
        Self { key, key_id }
    }

    /// First 16 hex digits of SHA-256 over the public key.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The public half, to publish and to verify with.
    pub fn public_key(&self) -> PublicSigningKey {
        PublicSigningKey::from_bytes(self.key.verifying_key().to_bytes())
    }
}

/// A public verification key and its id.
///
/// Serialized as `{"key_id": "…", "public_key": "<base64 of the 32 bytes>"}`; deserializing
/// checks that the id belongs to the bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PublicKeyWire", into = "PublicKeyWire")]
pub struct PublicSigningKey {
    pub key_id: String,
    pub bytes: [u8; 32],
}

#[derive(Serialize, Deserialize)]
struct PublicKeyWire {
    key_id: String,
    public_key: String,
}

/// A published key that cannot be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PublicKeyError {
    #[error("the public key is not base64 of 32 bytes")]
    BadEncoding,
    #[error("key id {0} does not belong to this public key")]
    KeyIdMismatch(String),
}

impl PublicSigningKey {
    /// The key for 32 public key bytes, with its id computed.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self {
            key_id: key_id_of(&bytes),
            bytes,
        }
    }

    /// The 32 bytes in standard padded base64.
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.bytes)
    }

    /// Reads [`PublicSigningKey::to_base64`] output.
    ///
    /// # Errors
    /// [`PublicKeyError::BadEncoding`] unless it is base64 of exactly 32 bytes.
    pub fn from_base64(text: &str) -> Result<Self, PublicKeyError> {
        let bytes = BASE64
            .decode(text.trim())
            .map_err(|_| PublicKeyError::BadEncoding)?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| PublicKeyError::BadEncoding)?;
        Ok(Self::from_bytes(bytes))
    }
}

impl TryFrom<PublicKeyWire> for PublicSigningKey {
    type Error = PublicKeyError;
    fn try_from(wire: PublicKeyWire) -> Result<Self, Self::Error> {
        let key = Self::from_base64(&wire.public_key)?;
        if key.key_id != wire.key_id {
            return Err(PublicKeyError::KeyIdMismatch(wire.key_id));
        }
        Ok(key)
    }
}

impl From<PublicSigningKey> for PublicKeyWire {
    fn from(key: PublicSigningKey) -> Self {
        Self {
            public_key: key.to_base64(),
            key_id: key.key_id,
        }
    }
}

pub(super) fn key_id_of(public: &[u8; 32]) -> String {
    let digest = Sha256::digest(public);
    let mut id = String::with_capacity(16);
    for byte in &digest[..8] {
        let _ = write!(id, "{byte:02x}");
    }
    id
}
