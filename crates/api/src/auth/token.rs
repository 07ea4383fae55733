//! Session tokens: HS256 JWTs with a fixed issuer, audience, type and expiry (RFC 8725).
//! The algorithm is pinned on both sides, so `alg: none` and key-confusion tokens fail.

use std::time::Duration;

use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use lms_domain::ids::UserId;
use serde::{Deserialize, Serialize};

const ISSUER: &str = "lms";
const AUDIENCE: &str = "lms-api";
/// Our tokens' `typ` header; a JWT minted for another purpose is refused.
const TOKEN_TYPE: &str = "JWT";

/// The claims of a session token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user the token acts as.
    pub sub: UserId,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    /// A unique id per token.
    pub jti: String,
    /// When impersonating: the distributor user who really acts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<UserId>,
    /// The session version, at issue, of the user whose session this is (the impersonator
    /// when impersonating): a password change or a disable raises it, and a token of an
    /// older version is refused.
    #[serde(default)]
    pub ver: i32,
    /// When impersonating: the session version of the user acted as, at issue, so that
    /// user's disable or password change ends the impersonation too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_ver: Option<i32>,
}

/// Signs and verifies session tokens with one secret.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

/// The token is not one of ours, or no longer valid.
#[derive(Debug, thiserror::Error)]
#[error("invalid token: {0}")]
pub struct InvalidToken(String);

impl TokenKeys {
    /// Keys from a secret of at least 32 bytes; tokens live for `ttl`.
    ///
    /// # Errors
    /// When the secret is shorter than 32 bytes.
    pub fn new(secret: &[u8], ttl: Duration) -> anyhow::Result<Self> {
        anyhow::ensure!(
            secret.len() >= 32,
            "the JWT secret must be at least 32 bytes"
        );
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 30;
        Ok(Self {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            validation,
            ttl,
        })
    }

    /// How long a token lives.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// A token of `user`'s own session, at its session version `version`.
    ///
    /// # Errors
    /// Only if signing fails, which HS256 does not.
    pub fn issue(&self, user: UserId, version: i32) -> anyhow::Result<String> {
        self.sign(user, version, None)
    }

    /// A token of `actor`'s session (at its session version `actor_version`) acting as
    /// `user` (at `user_version`).
    ///
    /// # Errors
    /// Only if signing fails, which HS256 does not.
    pub fn issue_impersonation(
        &self,
        user: UserId,
        user_version: i32,
        actor: UserId,
        actor_version: i32,
    ) -> anyhow::Result<String> {
        self.sign(user, actor_version, Some((actor, user_version)))
    }

    fn sign(
        &self,
        user: UserId,
        version: i32,
        acting: Option<(UserId, i32)>,
    ) -> anyhow::Result<String> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: user,
            iat: now,
            nbf: now,
            exp: now + i64::try_from(self.ttl.as_secs())?,
            jti: uuid::Uuid::new_v4().to_string(),
            act: acting.map(|(actor, _)| actor),
            ver: version,
            sub_ver: acting.map(|(_, v)| v),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some(TOKEN_TYPE.to_owned());
        Ok(jsonwebtoken::encode(&header, &claims, &self.encoding)?)
    }

    /// Verifies signature, algorithm, type, issuer, audience and time window.
    ///
    /// # Errors
    /// [`InvalidToken`] for anything else.
    pub fn verify(&self, token: &str) -> Result<Claims, InvalidToken> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| InvalidToken(e.to_string()))?;
        if header.typ.as_deref() != Some(TOKEN_TYPE) {
            return Err(InvalidToken("wrong token type".into()));
        }
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| InvalidToken(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(&[7u8; 32], Duration::from_secs(3600)).unwrap()
    }

    #[test]
    fn issued_tokens_verify_and_carry_the_user() {
        let user = UserId::new_random();
        let claims = keys().verify(&keys().issue(user, 3).unwrap()).unwrap();
        assert_eq!(claims.ver, 3);
        assert_eq!(claims.sub, user);
        assert_eq!((claims.act, claims.sub_ver), (None, None));
        assert_eq!(
            (claims.iss.as_str(), claims.aud.as_str()),
            (ISSUER, AUDIENCE)
        );
    }

    #[test]
    fn an_impersonation_carries_both_users_and_their_versions() {
        let (user, actor) = (UserId::new_random(), UserId::new_random());
        let token = keys().issue_impersonation(user, 2, actor, 5).unwrap();
        let claims = keys().verify(&token).unwrap();
        assert_eq!(
            (claims.sub, claims.sub_ver, claims.act, claims.ver),
            (user, Some(2), Some(actor), 5)
        );
    }

    #[test]
    fn another_secret_or_short_secret_fails() {
        let token = keys().issue(UserId::new_random(), 0).unwrap();
        let other = TokenKeys::new(&[8u8; 32], Duration::from_secs(3600)).unwrap();
        assert!(other.verify(&token).is_err());
        assert!(TokenKeys::new(b"short", Duration::from_secs(1)).is_err());
    }
}
