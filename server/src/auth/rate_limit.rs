//! Sign-in rate limits: a sliding window per client IP and per account. Kept in memory, so with
//! several instances each enforces its own window (the limit degrades gracefully, it never blocks
//! everyone); the argon2 cost already makes guessing slow.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

    /// Whether `key` has used its allowance, without counting this as an attempt.
    pub fn exhausted(&self, key: &str) -> bool {
        let now = Instant::now();
        let Ok(hits) = self.hits.lock() else { return false };
        hits.get(key).is_some_and(|q| q.iter().filter(|t| now.duration_since(**t) < self.window).count() >= self.max)
    }
}

/// Sign-up says "that email already has an account" (so a person who forgot they signed up knows
/// to sign in), which also tells a stranger that an address is registered. So the answers that say
/// it are counted per IP like failed sign-ins: after 10 in 15 minutes, sign-up from that address
/// waits, whatever email it tries.
pub struct SignUpLimits {
    pub taken_per_ip: RateLimiter,
}

impl SignUpLimits {
    pub fn refused() -> crate::error::AppError {
        crate::error::AppError::new(
            evenkeel_domain::error::ErrorCode::TooManyRequests,
            "Too many tries to create an account from here. Please wait 15 minutes and try again, or sign in.",
        )
    }
}

impl Default for SignUpLimits {
    fn default() -> Self {
        Self { taken_per_ip: RateLimiter::new(10, Duration::from_secs(15 * 60)) }
    }
}

/// One allowance per client IP and one per account: each attempt draws on both (on the IP's
/// alone when there is no account to count it against). The shape of the sign-in, code and
/// reset-link limits below, which differ only in their numbers and their words.
pub struct ClientAndAccount {
    pub per_ip: RateLimiter,
    pub per_account: RateLimiter,
}

impl ClientAndAccount {
    fn new(per_ip: (usize, Duration), per_account: (usize, Duration)) -> Self {
        Self {
            per_ip: RateLimiter::new(per_ip.0, per_ip.1),
            per_account: RateLimiter::new(per_account.0, per_account.1),
        }
    }

    /// Records an attempt from `ip`, on `account` when there is one; false when either has used
    /// its allowance.
    pub fn allow(&self, ip: &str, account: Option<&str>) -> bool {
        self.per_ip.allow(ip) && account.is_none_or(|a| self.per_account.allow(a))
    }
}

const fn minutes(m: u64) -> Duration {
    Duration::from_secs(m * 60)
}

/// The limits applied to `POST /api/auth/login`, and to the password checks of changing the
/// password or the email and of deleting the account: all draw on one allowance per account (the
/// normalised email) and per IP, so none is a second way to guess a password.
pub struct LoginLimits(pub ClientAndAccount);

impl Default for LoginLimits {
    fn default() -> Self {
        Self(ClientAndAccount::new((30, minutes(5)), (10, minutes(15))))
    }
}

/// The limits on trying invite and enrolment codes (at sign-up, and when a signed-in person
/// accepts one), and reset codes and links. An invite code is 8 characters from 31 (about 39.6
/// bits), single use and valid 7 days, so guessing is already hopeless one at a time; this keeps
/// it so for a script. Every try counts, right or wrong: people use a code or two, not dozens.
pub struct CodeLimits(pub ClientAndAccount);

impl CodeLimits {
    pub fn refused() -> crate::error::AppError {
        crate::error::AppError::new(
            evenkeel_domain::error::ErrorCode::TooManyRequests,
            "Too many codes tried. Please wait 15 minutes and try again, or ask for a new code.",
        )
    }
}

impl Default for CodeLimits {
    fn default() -> Self {
        Self(ClientAndAccount::new((30, minutes(15)), (10, minutes(15))))
    }
}

/// The limits on asking for a reset link (`POST /api/auth/forgot`): each message is an email to a
/// real inbox, so few per address asked about and per client, whether or not the address has an
/// account (the answer is the same either way).
pub struct RecoveryLimits(pub ClientAndAccount);

impl RecoveryLimits {
    pub fn refused() -> crate::error::AppError {
        crate::error::AppError::new(
            evenkeel_domain::error::ErrorCode::TooManyRequests,
            "We've sent several links already. Please check your email (and its spam folder), or wait an hour and try again, or ask your practice for a reset code.",
        )
    }
}

impl Default for RecoveryLimits {
    fn default() -> Self {
        Self(ClientAndAccount::new((10, minutes(15)), (3, minutes(60))))
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
