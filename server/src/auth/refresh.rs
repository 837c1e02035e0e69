//! Refresh tokens: 256 random bits, sent only as an HttpOnly, Secure, SameSite=Strict cookie scoped
//! to `/api/auth`, stored server-side only as a SHA-256 hash.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const COOKIE_NAME: &str = "ek_refresh";

/// How long after its first use a refresh token may be presented again and still be honoured.
///
/// Tabs of the app in one browser share the cookie, so two can refresh at the same moment with the
/// same token; and when the answer to a refresh is lost (a phone going into a tunnel) the browser
/// keeps the old cookie and the app retries with it 30 seconds later. Without a grace period both
/// look like theft and sign the person out everywhere. Within it, the second use gets a sibling
/// session in the same token family (so a later replay still revokes both); after it, a used token
/// coming back revokes the family as before. The same idea as Okta's refresh-token rotation grace
/// period (0–60 s, configurable); here 60 s by default (`EVENKEEL_REFRESH_REUSE_GRACE_SECS`).
#[derive(Debug, Clone, Copy)]
pub struct ReuseGrace(pub chrono::Duration);
pub const REFRESH_TOKEN_DAYS: i64 = 30;
const COOKIE_PATH: &str = "/api/auth";

pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn cookie(token: String) -> Cookie<'static> {
    Cookie::build(COOKIE_NAME, token)
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::days(REFRESH_TOKEN_DAYS))
        .finish()
}

/// A cookie that tells the browser to forget the refresh token.
pub fn cleared_cookie() -> Cookie<'static> {
    let mut c = cookie(String::new());
    c.make_removal();
    c
}
