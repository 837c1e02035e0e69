//! Rate limits. The limits that guard passwords and codes are counted in the database
//! ([`SharedLimit`]), so several instances behind a load balancer share one allowance: an attacker
//! gets no more tries by spreading them. They count per client address (see `client_address`:
//! behind a trusted proxy, the address it forwards) and per account. The sync limit, which only
//! stops a runaway phone, stays in each instance's memory ([`RateLimiter`]), off the database on the
//! busiest path.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::db::{DbConn, rate_limits};
use crate::error::{AppError, AppResult};

/// A limit of `max` attempts per `window`, per key, counted in the database. A sliding window,
/// estimated from two fixed ones (the previous window's hits weighted by how much of it still
/// overlaps the sliding one, plus this window's), so a burst at a window's edge gets no double
/// allowance. Every attempt counts, including refused ones: a script that keeps trying stays
/// refused.
pub struct SharedLimit {
    bucket: &'static str,
    max: u32,
    window: Duration,
}

impl SharedLimit {
    pub const fn new(bucket: &'static str, max: u32, window: Duration) -> Self {
        Self { bucket, max, window }
    }

    fn position(&self, now: chrono::DateTime<chrono::Utc>) -> (i64, i64, i64) {
        let len = self.window.as_secs().max(1) as i64;
        let secs = now.timestamp();
        (secs.div_euclid(len), secs.rem_euclid(len), len)
    }

    /// Records an attempt for `key` at `now`; false when the key has used its allowance. One write
    /// transaction: on SQLite it queues with the other writers instead of meeting them in SQLite's
    /// busy handler, which sleeps up to 100 ms at a time (seen as sync's slowest 1 % during a
    /// sign-in flood).
    pub fn allow_at(&self, conn: &mut DbConn, key: &str, now: chrono::DateTime<chrono::Utc>) -> AppResult<bool> {
        crate::db::write_transaction(conn, |conn| self.count(conn, key, now))
    }

    fn count(&self, conn: &mut DbConn, key: &str, now: chrono::DateTime<chrono::Utc>) -> AppResult<bool> {
        let (window, elapsed, len) = self.position(now);
        let key = hashed(key);
        let previous = rate_limits::hits(conn, self.bucket, &key, window - 1)?;
        let current = rate_limits::bump(conn, self.bucket, &key, window)?;
        Ok(within(self.max, len, elapsed, previous, current))
    }

    pub fn allow(&self, conn: &mut DbConn, key: &str) -> AppResult<bool> {
        self.allow_at(conn, key, chrono::Utc::now())
    }

    /// Whether one more attempt for `key` would be refused, without counting one.
    pub fn exhausted(&self, conn: &mut DbConn, key: &str) -> AppResult<bool> {
        let (window, elapsed, len) = self.position(chrono::Utc::now());
        let key = hashed(key);
        let previous = rate_limits::hits(conn, self.bucket, &key, window - 1)?;
        let current = rate_limits::hits(conn, self.bucket, &key, window)?;
        Ok(!within(self.max, len, elapsed, previous, current + 1))
    }
}

/// Whether `current` hits in this window (`elapsed` of `len` seconds in) and `previous` in the
/// last one fit in `max`: previous × (len − elapsed) / len + current ≤ max, in integers.
fn within(max: u32, len: i64, elapsed: i64, previous: i32, current: i32) -> bool {
    i64::from(previous) * (len - elapsed) + i64::from(current) * len <= i64::from(max) * len
}

/// Addresses and emails are kept only as hashes: the table says how often, never who.
fn hashed(key: &str) -> String {
    Sha256::digest(key.as_bytes()).iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// A per-instance, in-memory sliding window: for the sync limit only (see the module's comment).
pub struct RateLimiter {
    max: usize,
    window: Duration,
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn new(max: usize, window: Duration) -> Self {
        Self { max, window, hits: Mutex::new(HashMap::new()) }
    }

    /// Records an attempt for `key` at `now`; false when the key already used its allowance.
    pub fn allow_at(&self, key: &str, now: Instant) -> bool {
        let Ok(mut hits) = self.hits.lock() else { return true };
        // Forget stale keys now and then so the map stays small.
        if hits.len() > 10_000 {
            hits.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < self.window));
        }
        let queue = hits.entry(key.to_owned()).or_default();
        while queue.front().is_some_and(|t| now.duration_since(*t) >= self.window) {
            queue.pop_front();
        }
        if queue.len() >= self.max {
            return false;
        }
        queue.push_back(now);
        true
    }

    pub fn allow(&self, key: &str) -> bool {
        self.allow_at(key, Instant::now())
    }
}

/// Limits on creating accounts, per client address. Every sign-up costs an argon2 hash, so there
/// is a cap on how many accounts one address can create (20 an hour: a practice enrolling a room of
/// patients on its wifi fits; `EVENKEEL_SIGNUPS_PER_HOUR` changes it). Sign-up also says "that email already has an account" (so a person
/// who forgot they signed up knows to sign in), which tells a stranger that an address is
/// registered; those answers are counted like failed sign-ins: after 10 in 15 minutes, sign-up
/// from that address waits, whatever email it tries.
pub struct SignUpLimits {
    pub per_ip: SharedLimit,
    pub taken_per_ip: SharedLimit,
}

impl SignUpLimits {
    pub fn cap_reached() -> AppError {
        AppError::new(
            evenkeel_domain::error::ErrorCode::TooManyRequests,
            "Several accounts have been created from here in the last hour. Please wait an hour and try again, or ask your practice to help.",
        )
    }

    pub fn refused() -> AppError {
        AppError::new(
            evenkeel_domain::error::ErrorCode::TooManyRequests,
            "Too many tries to create an account from here. Please wait 15 minutes and try again, or sign in.",
        )
    }
}

impl SignUpLimits {
    pub fn new(per_hour: u32) -> Self {
        Self {
            per_ip: SharedLimit::new("signup_ip", per_hour, minutes(60)),
            taken_per_ip: SharedLimit::new("signup_taken_ip", 10, minutes(15)),
        }
    }
}

/// One allowance per client address and one per account: each attempt draws on both (on the
/// address's alone when there is no account to count it against). The shape of the sign-in, code
/// and reset-link limits below, which differ only in their numbers and their words.
pub struct ClientAndAccount {
    per_ip: SharedLimit,
    per_account: SharedLimit,
    refused: fn() -> AppError,
}

impl ClientAndAccount {
    /// Records an attempt from `ip`, on `account` when there is one; the limit's own "too many"
    /// error when either has used its allowance.
    pub fn check(&self, conn: &mut DbConn, ip: &str, account: Option<&str>) -> AppResult<()> {
        let now = chrono::Utc::now();
        let allowed = crate::db::write_transaction(conn, |conn| {
            Ok::<_, AppError>(
                self.per_ip.count(conn, ip, now)?
                    && account.map_or(Ok(true), |a| self.per_account.count(conn, a, now))?,
            )
        })?;
        if allowed { Ok(()) } else { Err((self.refused)()) }
    }
}

const fn minutes(m: u64) -> Duration {
    Duration::from_secs(m * 60)
}

/// The limits applied to `POST /api/auth/login`, and to the password checks of changing the
/// password or the email and of deleting the account: all draw on one allowance per account (the
/// normalised email) and per address, so none is a second way to guess a password.
pub struct LoginLimits(pub ClientAndAccount);

impl Default for LoginLimits {
    fn default() -> Self {
        Self(ClientAndAccount {
            per_ip: SharedLimit::new("login_ip", 30, minutes(5)),
            per_account: SharedLimit::new("login_account", 10, minutes(15)),
            refused: crate::accounts::too_many_attempts,
        })
    }
}

/// The limits on trying invite and enrolment codes (at sign-up, and when a signed-in person
/// accepts one), and reset codes and links. An invite code is 8 characters from 31 (about 39.6
/// bits), single use and valid 7 days, so guessing is already hopeless one at a time; this keeps
/// it so for a script. Every try counts, right or wrong: people use a code or two, not dozens.
pub struct CodeLimits(pub ClientAndAccount);

impl Default for CodeLimits {
    fn default() -> Self {
        Self(ClientAndAccount {
            per_ip: SharedLimit::new("code_ip", 30, minutes(15)),
            per_account: SharedLimit::new("code_account", 10, minutes(15)),
            refused: || {
                AppError::new(
                    evenkeel_domain::error::ErrorCode::TooManyRequests,
                    "Too many codes tried. Please wait 15 minutes and try again, or ask for a new code.",
                )
            },
        })
    }
}

/// The limits on asking for a reset link (`POST /api/auth/forgot`): each message is an email to a
/// real inbox, so few per address asked about and per client, whether or not the address has an
/// account (the answer is the same either way).
pub struct RecoveryLimits(pub ClientAndAccount);

impl Default for RecoveryLimits {
    fn default() -> Self {
        Self(ClientAndAccount {
            per_ip: SharedLimit::new("recovery_ip", 10, minutes(15)),
            per_account: SharedLimit::new("recovery_account", 3, minutes(60)),
            refused: || {
                AppError::new(
                    evenkeel_domain::error::ErrorCode::TooManyRequests,
                    "We've sent several links already. Please check your email (and its spam folder), or wait an hour and try again, or ask your practice for a reset code.",
                )
            },
        })
    }
}

/// The limit on `POST /api/sync` per account: generous for a phone (it syncs after each entry and
/// on reconnect), but it stops a runaway client from hogging the database.
pub struct SyncLimits {
    pub per_account: RateLimiter,
}

impl Default for SyncLimits {
    fn default() -> Self {
        Self { per_account: RateLimiter::new(300, Duration::from_secs(60)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sliding_window_weighs_the_last_window_by_how_much_of_it_still_counts() {
        // 10 a minute: 10 at the very end of the last window leave nothing at this one's start,
        // half an allowance halfway through, and all of it once the last window is out of reach.
        assert!(!within(10, 60, 0, 10, 1));
        assert!(within(10, 60, 30, 10, 5));
        assert!(!within(10, 60, 30, 10, 6));
        assert!(within(10, 60, 59, 10, 9));
        assert!(within(10, 60, 0, 0, 10));
        assert!(!within(10, 60, 0, 0, 11));
    }

    #[test]
    fn keys_are_stored_as_hashes() {
        assert_eq!(hashed("203.0.113.5").len(), 32);
        assert_ne!(hashed("203.0.113.5"), hashed("203.0.113.6"));
    }

    #[test]
    fn allows_up_to_the_limit_then_refuses_until_the_window_passes() {
        let limiter = RateLimiter::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(limiter.allow_at("a", t0));
        assert!(limiter.allow_at("a", t0));
        assert!(limiter.allow_at("a", t0));
        assert!(!limiter.allow_at("a", t0 + Duration::from_secs(59)));
        assert!(limiter.allow_at("b", t0), "other keys are unaffected");
        assert!(limiter.allow_at("a", t0 + Duration::from_secs(61)));
    }
}
