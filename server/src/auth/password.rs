//! Password hashing with argon2id at OWASP's minimum parameters (m = 19 MiB, t = 2, p = 1).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Condvar, Mutex, OnceLock};

fn hasher() -> Argon2<'static> {
    // The parameters are constants known to be valid, so `Params::new` cannot fail here.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// At most one argon2 computation per core at a time (issue 14, item 2): each takes 19 MiB and
/// tens of milliseconds of one core, so a flood of sign-ins queues here instead of taking every
/// core from sync and the rest of the API.
struct Permits {
    free: Mutex<usize>,
    returned: Condvar,
}

impl Permits {
    fn new(n: usize) -> Self {
        Self { free: Mutex::new(n.max(1)), returned: Condvar::new() }
    }

    /// Runs `work` once a permit is free, and gives it back after (also if `work` panics: the
    /// guard's drop returns it).
    fn with<T>(&self, work: impl FnOnce() -> T) -> T {
        struct Guard<'a>(&'a Permits);
        impl Drop for Guard<'_> {
            fn drop(&mut self) {
                if let Ok(mut free) = self.0.free.lock() {
                    *free += 1;
                }
                self.0.returned.notify_one();
            }
        }
        {
            let Ok(mut free) = self.free.lock() else { return work() };
            while *free == 0 {
                free = match self.returned.wait(free) {
                    Ok(f) => f,
                    Err(_) => return work(),
                };
            }
            *free -= 1;
        }
        let _guard = Guard(self);
        work()
    }
}

fn permits() -> &'static Permits {
    static PERMITS: OnceLock<Permits> = OnceLock::new();
    PERMITS.get_or_init(|| Permits::new(std::thread::available_parallelism().map_or(2, |n| n.get())))
}

/// A one-time password for a new staff account: four groups of four lowercase letters and digits
/// from the unambiguous alphabet (no 0/o, 1/l/i), like `kq7m-x3fd-9hpa-tw2e`. About 79 bits, typed
/// on a phone without the shift key, read out without confusion, and replaced at first sign-in.
pub fn one_time() -> String {
    use argon2::password_hash::rand_core::RngCore;
    let alphabet = evenkeel_domain::sharing::code::ALPHABET;
    let mut rng = OsRng;
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        // Rejection sampling keeps every character equally likely.
        let limit = u32::MAX - u32::MAX % alphabet.len() as u32;
        let n = loop {
            let n = rng.next_u32();
            if n < limit {
                break n;
            }
        };
        out.push(alphabet[(n % alphabet.len() as u32) as usize].to_ascii_lowercase() as char);
    }
    out
}

pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let phc = permits()
        .with(|| hasher().hash_password(password.as_bytes(), &salt).map(|p| p.to_string()))
        .map_err(|e| anyhow::anyhow!("argon2 hashing failed: {e}"))?;
    Ok(phc)
}

/// True when `password` matches the stored PHC string. A malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| permits().with(|| hasher().verify_password(password.as_bytes(), &parsed).is_ok()))
        .unwrap_or(false)
}

/// Verifying against this when the email is unknown makes a wrong email take as long as a wrong
/// password, so response times don't reveal who has an account.
pub fn burn_time(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("not a real password at all").unwrap_or_default());
    let _ = verify(password, stored);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_more_hashing_at_once_than_there_are_permits() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let permits = std::sync::Arc::new(Permits::new(2));
        let (now, most) = (std::sync::Arc::new(AtomicUsize::new(0)), std::sync::Arc::new(AtomicUsize::new(0)));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (permits, now, most) = (permits.clone(), now.clone(), most.clone());
                std::thread::spawn(move || {
                    permits.with(|| {
                        let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(n, Ordering::SeqCst);
                        // Long enough that eight threads overlap without a limit.
                        let _ = hash("a long enough password");
                        now.fetch_sub(1, Ordering::SeqCst);
                    })
                })
            })
            .collect();
        for t in threads {
            t.join().expect("a hashing thread");
        }
        assert_eq!(most.load(Ordering::SeqCst), 2, "two at a time, and the threads did overlap");
        assert_eq!(*permits.free.lock().unwrap(), 2, "every permit came back");
    }

    #[test]
    fn one_time_passwords_are_four_groups_of_four_easy_characters() {
        let alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        let a = one_time();
        let groups: Vec<&str> = a.split('-').collect();
        assert_eq!(groups.len(), 4, "{a}");
        assert!(groups.iter().all(|g| g.len() == 4 && g.chars().all(|c| alphabet.contains(c))), "{a}");
        assert!(evenkeel_domain::account::NewPassword::parse(&a).is_ok(), "{a} passes the password rules");
        assert_ne!(a, one_time());
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("kettle orchard blue").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("kettle orchard blue", &h));
        assert!(!verify("kettle orchard blu", &h));
        assert!(!verify("kettle orchard blue", "not a hash"));
    }
}
