//! Password hashing with argon2id at OWASP's minimum parameters (m = 19 MiB, t = 2, p = 1).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Arc, Mutex, OnceLock, mpsc};

fn hasher() -> Argon2<'static> {
    // The parameters are constants known to be valid, so `Params::new` cannot fail here.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Argon2 runs on its own threads, one per two cores, at a lower CPU priority (issue 14, item 2).
/// Each hash takes 19 MiB and tens of milliseconds of a core. At nice 10 a hash uses what the rest
/// of the server leaves idle, and a sync that needs a core gets it first (Linux weighs nice 0
/// about nine times nice 10). So a flood of sign-ins delays sign-ins more than diaries. Measured
/// under a flood on 2 cores (BENCHMARKS.md, Sync): one thread for the two cores left sync's p99
/// 2.3-4.4 times its calm value on SQLite over seven runs; two threads gave 1.4 once and 9-11 at
/// nice 19, and up to 30 times on PostgreSQL.
const HASHING_NICE: i32 = 10;

type Job = Box<dyn FnOnce() + Send>;

/// Half the cores, at least one: one thread answered 25-30 wrong-password sign-ins a second during
/// the flood benchmark, while also serving sync; plenty for a practice.
fn hashing_threads() -> usize {
    (std::thread::available_parallelism().map_or(2, |n| n.get()) / 2).max(1)
}

/// Runs `work` on a hashing thread and waits for its answer; `None` if the thread died.
fn on_hashing_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    static JOBS: OnceLock<Mutex<mpsc::Sender<Job>>> = OnceLock::new();
    let jobs = JOBS.get_or_init(|| {
        let (send, receive) = mpsc::channel::<Job>();
        let receive = Arc::new(Mutex::new(receive));
        for n in 0..hashing_threads() {
            let receive = receive.clone();
            let started = std::thread::Builder::new().name(format!("argon2-{n}")).spawn(move || {
                lower_this_threads_priority();
                loop {
                    // The lock is held only while waiting for the next job, never while hashing.
                    let job = match receive.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                }
            });
            if let Err(e) = started {
                tracing::error!("could not start a hashing thread: {e}");
            }
        }
        Mutex::new(send)
    });
    let (answer, answered) = mpsc::channel();
    let job: Job = Box::new(move || {
        let _ = answer.send(work());
    });
    jobs.lock().ok()?.send(job).ok()?;
    answered.recv().ok()
}

/// Nice 10 for the calling thread only (on Linux, `setpriority` given a thread id sets that thread).
/// Lowering one's own priority needs no privilege; if it fails, hashing still works, at nice 0.
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::process::setpriority_process(Some(rustix::thread::gettid()), HASHING_NICE) {
        tracing::warn!("hashing threads run at normal priority: setpriority failed ({e})");
    }
}

/// A request's turn to hash: taken (awaited) before the request takes a database connection, so
/// requests waiting for the hashing threads hold no connection and no blocking thread. At most one
/// turn per hashing thread is out, so at most that many database connections wait on argon2 while
/// sync and the rest of the API keep the others. `hash` and `verify` ask for one, so no request
/// path can hash without it.
pub struct Turn(#[allow(dead_code)] Option<tokio::sync::OwnedSemaphorePermit>);

impl Turn {
    pub async fn take() -> Self {
        static TURNS: OnceLock<Arc<tokio::sync::Semaphore>> = OnceLock::new();
        let turns = TURNS.get_or_init(|| Arc::new(tokio::sync::Semaphore::new(hashing_threads())));
        // The semaphore is never closed, so acquiring cannot fail.
        Self(turns.clone().acquire_owned().await.ok())
    }

    /// For work outside any request (the demo seeding and the admin command line), which has the
    /// process to itself.
    pub fn outside_requests() -> Self {
        Self(None)
    }
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

pub fn hash(_turn: &Turn, password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let password = password.to_owned();
    on_hashing_thread(move || hasher().hash_password(password.as_bytes(), &salt).map(|p| p.to_string()))
        .ok_or_else(|| anyhow::anyhow!("no hashing thread answered"))?
        .map_err(|e| anyhow::anyhow!("argon2 hashing failed: {e}"))
}

/// True when `password` matches the stored PHC string. A malformed stored hash never matches.
pub fn verify(_turn: &Turn, password: &str, stored: &str) -> bool {
    if PasswordHash::new(stored).is_err() {
        return false;
    }
    let (password, stored) = (password.to_owned(), stored.to_owned());
    on_hashing_thread(move || {
        PasswordHash::new(&stored).is_ok_and(|parsed| hasher().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .unwrap_or(false)
}

/// Verifying against this when the email is unknown makes a wrong email take as long as a wrong
/// password, so response times don't reveal who has an account.
pub fn burn_time(turn: &Turn, password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash(turn, "not a real password at all").unwrap_or_default());
    let _ = verify(turn, password, stored);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_runs_on_its_own_threads_at_nice_10() {
        let (names, nice): (Vec<_>, Vec<_>) = (0..8)
            .map(|_| {
                std::thread::spawn(|| {
                    on_hashing_thread(|| {
                        (
                            std::thread::current().name().map(str::to_owned),
                            rustix::process::getpriority_process(Some(rustix::thread::gettid())),
                        )
                    })
                    .expect("an answer")
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().expect("a caller"))
            .unzip();
        assert!(nice.iter().all(|n| n.as_ref().ok() == Some(&HASHING_NICE)), "every hash at nice 10: {nice:?}");
        let threads: std::collections::BTreeSet<_> = names.into_iter().map(|n| n.unwrap_or_default()).collect();
        assert!(threads.iter().all(|n| n.starts_with("argon2-")), "{threads:?}");
        assert!(threads.len() <= hashing_threads(), "no more hashing threads than set: {threads:?}");
    }

    #[tokio::test]
    async fn turns_run_out_at_one_per_hashing_thread_and_come_back() {
        use futures_util::FutureExt;
        let mut taken = Vec::new();
        for _ in 0..hashing_threads() {
            taken.push(Turn::take().now_or_never().expect("a free turn"));
        }
        assert!(Turn::take().now_or_never().is_none(), "one more request waits, holding nothing");
        taken.pop();
        assert!(Turn::take().now_or_never().is_some(), "a turn given back is taken again");
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
        let turn = Turn::outside_requests();
        let h = hash(&turn, "kettle orchard blue").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify(&turn, "kettle orchard blue", &h));
        assert!(!verify(&turn, "kettle orchard blu", &h));
        assert!(!verify(&turn, "kettle orchard blue", "not a hash"));
    }
}
