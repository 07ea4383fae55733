//! Authentication: password hashing, session tokens, login throttling and the `Caller`
//! every protected handler receives.

mod caller;
mod password;
mod throttle;
mod token;

pub use caller::{Caller, identify};
pub use password::{hash_password, verify_password};
pub use throttle::LoginThrottle;
pub use token::{Claims, TokenKeys};
