//! Who is calling: passwords, access tokens (JWT), rotating refresh tokens, the `Caller` extractor
//! and login rate limits.

pub mod caller;
pub mod common_passwords;
pub mod password;
pub mod rate_limit;
pub mod refresh;
pub mod secret_key;
pub mod tokens;
