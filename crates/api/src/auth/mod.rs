//! Authentication: password hashing, session tokens, login throttling, BusinessNet single
//! sign-on ([`sso`]) and the `Caller` every protected handler receives.

mod caller;
mod password;
pub mod sso;
mod throttle;
mod token;

pub use caller::{Caller, Credential, Identity, bearer_token, identify};
pub use password::{Passwords, hash_password, verify_password};
pub use throttle::LoginThrottle;
pub use token::{Claims, TokenKeys};
