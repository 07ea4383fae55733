//! Single sign-on from BusinessNet: partners log in there, and BusinessNet hands the portal an
//! assertion — a JWT it signs with Ed25519 (`alg: EdDSA`) — naming the user by e-mail. The
//! algorithm, issuer and audience are pinned; the assertion lives at most five minutes and
//! its `jti` is accepted once (the store remembers it until it expires).

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use lms_domain::ErrorCode;
use serde::Deserialize;

/// Who signs assertions.
pub const ISSUER: &str = "businessnet";
/// Whom assertions are for.
pub const AUDIENCE: &str = "lms";
/// The longest an assertion may live from now: a replay window, not a session.
pub const MAX_LIFETIME: Duration = Duration::from_secs(5 * 60);
/// Clock skew allowed between BusinessNet and us.
const LEEWAY_SECONDS: u64 = 30;

/// Verifies BusinessNet's assertions with its public key.
pub struct SsoVerifier {
    key: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for SsoVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SsoVerifier").finish_non_exhaustive()
    }
}

/// A verified assertion: the user's e-mail and what makes it single-use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assertion {
    pub email: String,
    pub jti: String,
    /// Unix seconds.
    pub expires_at: i64,
}

#[derive(Deserialize)]
struct Claims {
    sub: String,
    exp: i64,
    jti: Option<String>,
}

/// Why an assertion is refused; every one answers 401.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SsoRefusal {
    #[error("the assertion is not a valid BusinessNet assertion: {0}")]
    Invalid(String),
    #[error("the assertion has expired")]
    Expired,
    #[error("the assertion must expire within {} minutes", MAX_LIFETIME.as_secs() / 60)]
    TooLongLived,
    #[error("the assertion has been used already")]
    Replayed,
    #[error("no active LMS user has this e-mail")]
    UnknownUser,
}

impl SsoRefusal {
    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Invalid(_) | Self::TooLongLived => ErrorCode::SsoAssertionInvalid,
            Self::Expired => ErrorCode::SsoAssertionExpired,
            Self::Replayed => ErrorCode::SsoAssertionReplayed,
            Self::UnknownUser => ErrorCode::SsoUnknownUser,
        }
    }
}

impl SsoVerifier {
    /// A verifier for assertions signed by the Ed25519 key whose public half is `pem`
    /// (`-----BEGIN PUBLIC KEY-----`).
    ///
    /// # Errors
    /// When `pem` is not an Ed25519 public key.
    pub fn from_pem(pem: &str) -> anyhow::Result<Self> {
        let key = DecodingKey::from_ed_pem(pem.as_bytes()).map_err(|e| {
            anyhow::anyhow!(
                "LMS_BUSINESSNET_SSO_PUBLIC_KEY is not an Ed25519 public key in PEM: {e}"
            )
        })?;
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECONDS;
        Ok(Self { key, validation })
    }

    /// Checks signature, algorithm, issuer, audience, expiry and lifetime at `now` (unix
    /// seconds). Whether the `jti` was seen before is the store's to say.
    ///
    /// # Errors
    /// [`SsoRefusal`].
    pub fn verify(&self, assertion: &str, now: i64) -> Result<Assertion, SsoRefusal> {
        use jsonwebtoken::errors::ErrorKind;
        let claims = jsonwebtoken::decode::<Claims>(assertion, &self.key, &self.validation)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => SsoRefusal::Expired,
                _ => SsoRefusal::Invalid(e.to_string()),
            })?
            .claims;
        let max_exp =
            now + i64::try_from(MAX_LIFETIME.as_secs() + LEEWAY_SECONDS).unwrap_or(i64::MAX);
        if claims.exp > max_exp {
            return Err(SsoRefusal::TooLongLived);
        }
        let jti = claims
            .jti
            .filter(|j| !j.trim().is_empty() && j.len() <= 200)
            .ok_or_else(|| {
                SsoRefusal::Invalid("a jti of 1 to 200 characters is required".into())
            })?;
        Ok(Assertion {
            email: claims.sub.trim().to_lowercase(),
            jti,
            expires_at: claims.exp,
        })
    }
}
