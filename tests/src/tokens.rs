//! Access tokens minted by a test: the server is started with a signing key the test wrote, so a
//! test can make an expired token, or one signed with another key, and see them refused.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;

use crate::server::{Backend, ServerHome, TestServer};

/// 48 random bytes.
pub fn random_key() -> Vec<u8> {
    (0..3).flat_map(|_| uuid::Uuid::new_v4().into_bytes()).collect()
}

/// Starts a server whose signing key is `key`.
pub async fn start_with_key(backend: Backend, key: &[u8]) -> TestServer {
    let home = ServerHome::new(backend);
    home.write_key(key);
    TestServer::start_in(home, &[]).await
}

/// A token with the server's claims, valid from `iat` to `exp` (Unix seconds).
pub fn sign(key: &[u8], sub: &str, role: &str, iat: i64, exp: i64) -> String {
    let claims = json!({"sub": sub, "role": role, "aud": "evenkeel-api", "iss": "evenkeel", "typ": "access", "iat": iat, "exp": exp});
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(key)).expect("sign a token")
}

/// A token that expired half an hour ago.
pub fn expired(key: &[u8], sub: &str, role: &str) -> String {
    let now = chrono::Utc::now().timestamp();
    sign(key, sub, role, now - 3600, now - 1800)
}

/// An unsigned token (`alg: none`) with otherwise valid claims.
pub fn alg_none(sub: &str, role: &str) -> String {
    let now = chrono::Utc::now().timestamp();
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let claims = json!({"sub": sub, "role": role, "aud": "evenkeel-api", "iss": "evenkeel", "typ": "access", "iat": now, "exp": now + 600});
    format!("{header}.{}.", URL_SAFE_NO_PAD.encode(claims.to_string()))
}
