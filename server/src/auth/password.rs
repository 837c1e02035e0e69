//! Password hashing with argon2id at OWASP's minimum parameters (m = 19 MiB, t = 2, p = 1).

use argon2::password_hash::{self, Output, PasswordHash, Salt, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError, mpsc};
use std::time::Duration;

fn hasher() -> Argon2<'static> {
    // The parameters are constants known to be valid, so `Params::new` cannot fail here.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

type Job = Box<dyn FnOnce(&mut Memory) + Send>;

/// How long a hashing thread keeps its 19 MiB after its last hash. Under a flood of sign-ins the
/// next hash is already waiting; between one person's sign-ins there are seconds. So the memory is
/// reused all through a flood and given back a moment after it.
const KEEP_MEMORY_FOR: Duration = Duration::from_millis(250);

/// Half the cores, at least one: one thread answered 25-30 wrong-password sign-ins a second during
/// the flood benchmark, while also serving sync; plenty for a practice.
fn hashing_threads() -> usize {
    (std::thread::available_parallelism().map_or(2, |n| n.get()) / 2).max(1)
}

/// Runs `work` on a hashing thread and waits for its answer, blocking this thread; `None` if it
/// panicked or no hashing thread could be started.
fn on_hashing_thread<T: Send + 'static>(work: impl FnOnce(&mut Memory) -> T + Send + 'static) -> Option<T> {
    let (answer, answered) = mpsc::channel();
    submit(Box::new(move |memory| {
        let _ = answer.send(work(memory));
    }))?;
    answered.recv().ok()
}

/// `on_hashing_thread`, awaited: the caller's thread goes on with other requests meanwhile.
async fn on_hashing_thread_awaited<T: Send + 'static>(
    work: impl FnOnce(&mut Memory) -> T + Send + 'static,
) -> Option<T> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    submit(Box::new(move |memory| {
        let _ = answer.send(work(memory));
    }))?;
    answered.await.ok()
}

/// Queues a job for the hashing threads, starting them the first time.
fn submit(job: Job) -> Option<()> {
    static QUEUE: OnceLock<Option<Arc<Queue>>> = OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let queue = Arc::new(Queue::default());
        let mut started = 0;
        for n in 0..hashing_threads() {
            let for_thread = queue.clone();
            match std::thread::Builder::new().name(format!("argon2-{n}")).spawn(move || hash_forever(&for_thread)) {
                Ok(_) => started += 1,
                Err(e) => tracing::error!("could not start a hashing thread: {e}"),
            }
        }
        // With no thread, every caller gets `None` at once instead of waiting for one that never comes.
        (started > 0).then_some(queue)
    });
    queue.as_ref()?.push(job);
    Some(())
}

/// A hashing thread's life: take the next job, or give the memory back once none has come for a
/// while. A job that panics loses its answer (its caller gets `None`), not the thread.
fn hash_forever(queue: &Queue) {
    lower_this_threads_priority();
    let mut memory = Memory::default();
    loop {
        match queue.next(memory.is_held().then_some(KEEP_MEMORY_FOR)) {
            Some(job) => {
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut memory)));
            }
            None => memory.release(),
        }
    }
}

/// The hashing threads' jobs, first come first served. Each waiting thread waits on its own
/// timeout (a condition variable, not a shared receiver behind a lock), so every idle thread gives
/// its memory back, not only the one holding the receiver.
#[derive(Default)]
struct Queue {
    jobs: Mutex<VecDeque<Job>>,
    ready: Condvar,
}

impl Queue {
    fn push(&self, job: Job) {
        self.jobs.lock().unwrap_or_else(PoisonError::into_inner).push_back(job);
        self.ready.notify_one();
    }

    /// The next job, waiting for one as long as `patience` (forever if `None`); `None` if none came.
    fn next(&self, patience: Option<Duration>) -> Option<Job> {
        let jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        let mut jobs = match patience {
            None => self.ready.wait_while(jobs, |jobs| jobs.is_empty()).unwrap_or_else(PoisonError::into_inner),
            Some(patience) => {
                let waited = self.ready.wait_timeout_while(jobs, patience, |jobs| jobs.is_empty());
                waited.unwrap_or_else(PoisonError::into_inner).0
            }
        };
        jobs.pop_front()
    }
}

/// A hashing thread's working memory (19 MiB), kept from one hash to the next. argon2's own
/// `hash_password` allocates it afresh for every hash, and the server maps each allocation that
/// large anew (main.rs), so under a flood every sign-in made the kernel map, zero and unmap 4,864
/// fresh pages. Kept, the hashing thread answered about a fifth more sign-ins during the flood
/// benchmark (sync's tail under it did not measurably change; BENCHMARKS.md, Sync).
#[derive(Default)]
struct Memory(Vec<Block>);

impl Memory {
    fn blocks(&mut self, count: usize) -> &mut [Block] {
        if self.0.len() != count {
            // argon2 overwrites every block before it reads it, so the contents need no clearing.
            self.0 = vec![Block::default(); count];
        }
        &mut self.0
    }

    fn is_held(&self) -> bool {
        !self.0.is_empty()
    }

    fn release(&mut self) {
        self.0 = Vec::new();
    }
}

/// argon2's `hash_password`, with the thread's kept memory instead of a new allocation.
fn output_with(
    memory: &mut Memory,
    argon2: &Argon2<'_>,
    password: &[u8],
    salt: Salt<'_>,
) -> password_hash::Result<Output> {
    let mut salt_bytes = [0u8; Salt::MAX_LENGTH];
    let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
    let params = argon2.params();
    Output::init_with(params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN), |out| {
        Ok(argon2.hash_password_into_with_memory(password, salt_bytes, out, memory.blocks(params.block_count()))?)
    })
}

/// Verifies with the stored hash's own algorithm, version and parameters, so hashes made with
/// other settings still verify.
fn verify_with(memory: &mut Memory, password: &[u8], stored: &PasswordHash<'_>) -> password_hash::Result<bool> {
    let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
        return Ok(false);
    };
    let version = stored.version.map(Version::try_from).transpose()?.unwrap_or_default();
    let argon2 = Argon2::new(Algorithm::try_from(stored.algorithm)?, version, Params::try_from(stored)?);
    // `Output`'s equality is constant-time.
    Ok(output_with(memory, &argon2, password, salt)? == expected)
}

/// Argon2 runs on its own threads, one per two cores, under Linux's idle scheduling policy
/// (issue 14, item 2). Each hash takes 19 MiB and tens of milliseconds of a core; a hashing thread
/// gets a core only when no other thread of the machine wants it, so a flood of sign-ins delays
/// sign-ins, not diaries. Measured under a flood on 2 cores (BENCHMARKS.md, Sync): at nice 10,
/// sync's p99 was 2.4-3.0 times its calm value on SQLite; under the idle policy 0.9-2.2 times. The
/// price: under a load that keeps every core busy, sign-ins wait for it to ease. The policy is set
/// for the calling thread only; lowering one's own priority needs no privilege, and if it fails,
/// hashing still works, at normal priority.
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    {
        use thread_priority::{NormalThreadSchedulePolicy, ThreadPriority, ThreadSchedulePolicy, unix};
        let idle = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle);
        if let Err(e) = unix::set_thread_priority_and_policy(unix::thread_native_id(), ThreadPriority::Min, idle) {
            tracing::warn!("hashing threads run at normal priority: the idle policy was refused ({e:?})");
        }
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
    let password = password.to_owned();
    on_hashing_thread(move |memory| {
        let salt = SaltString::generate(&mut OsRng);
        let output = output_with(memory, &hasher(), password.as_bytes(), salt.as_salt())?;
        stored_form(salt.as_salt(), output).map(|hash| hash.to_string())
    })
    .ok_or_else(|| anyhow::anyhow!("no hashing thread answered"))?
    .map_err(|e| anyhow::anyhow!("argon2 hashing failed: {e}"))
}

/// True when `password` matches the stored PHC string. A malformed stored hash never matches.
/// Blocks this thread for the hash: for the few places that check a password inside a database
/// transaction (changing it, deleting the account).
pub fn verify(_turn: &Turn, password: &str, stored: &str) -> bool {
    let (password, stored) = (password.to_owned(), stored.to_owned());
    on_hashing_thread(move |memory| matches(memory, &password, &stored)).unwrap_or(false)
}

/// `verify` for signing in, awaited, so a request waiting for its hash holds neither a blocking
/// thread nor a database connection (under a flood of sign-ins those are what sync queues for).
/// With no stored hash (no such account) it checks against one that matches nothing, made with
/// the same parameters, so a wrong email takes as long as a wrong password and response times
/// don't reveal who has an account.
pub async fn check(_turn: &Turn, password: &str, stored: Option<&str>) -> bool {
    let password = password.to_owned();
    let stored = stored.map_or_else(matches_nothing, str::to_owned);
    on_hashing_thread_awaited(move |memory| matches(memory, &password, &stored)).await.unwrap_or(false)
}

fn matches(memory: &mut Memory, password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| matches!(verify_with(memory, password.as_bytes(), &parsed), Ok(true)))
}

/// A well-formed hash at our parameters that no password has: a fixed salt and an all-zero output.
fn matches_nothing() -> String {
    let salt = Salt::from_b64("bm8tb25lLWhhcy10aGlzLWFjY291bnQ");
    let output = Output::new(&[0; Params::DEFAULT_OUTPUT_LEN]);
    salt.and_then(|salt| stored_form(salt, output?)).map(|hash| hash.to_string()).unwrap_or_default()
}

/// How a hash made by `hasher()` is stored: its algorithm, version, parameters and salt beside it.
fn stored_form(salt: Salt<'_>, output: Output) -> password_hash::Result<PasswordHash<'_>> {
    Ok(PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: hasher().params().try_into()?,
        salt: Some(salt),
        hash: Some(output),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// This thread's scheduling policy as the kernel reports it (`/proc/thread-self/stat`, field
    /// 41; 5 is `SCHED_IDLE`).
    fn this_threads_policy() -> u32 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("this thread's stat");
        // After the name in parentheses the fields run from the third (state) on.
        let after_name = stat.rsplit_once(')').expect("a name").1;
        after_name.split_whitespace().nth(41 - 3).and_then(|n| n.parse().ok()).expect("policy")
    }

    const SCHED_IDLE: u32 = 5;

    #[test]
    fn hashing_runs_on_its_own_threads_under_the_idle_policy() {
        let (names, policies): (Vec<_>, Vec<_>) = (0..8)
            .map(|_| {
                std::thread::spawn(|| {
                    on_hashing_thread(|_| (std::thread::current().name().map(str::to_owned), this_threads_policy()))
                        .expect("an answer")
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().expect("a caller"))
            .unzip();
        assert!(policies.iter().all(|&p| p == SCHED_IDLE), "every hash under SCHED_IDLE: {policies:?}");
        assert_ne!(this_threads_policy(), SCHED_IDLE, "the caller keeps its own policy");
        let threads: std::collections::BTreeSet<_> = names.into_iter().map(|n| n.unwrap_or_default()).collect();
        assert!(threads.iter().all(|n| n.starts_with("argon2-")), "{threads:?}");
        assert!(threads.len() <= hashing_threads(), "no more hashing threads than set: {threads:?}");
    }

    /// Pages this thread touched for the first time (minor faults), as the kernel counts them.
    fn pages_first_touched_by_this_thread() -> u64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("this thread's stat");
        // After the name in parentheses: state, ppid, pgrp, session, tty, tpgid, flags, minflt.
        let after_name = stat.rsplit_once(')').expect("a name").1;
        after_name.split_whitespace().nth(7).and_then(|n| n.parse().ok()).expect("minflt")
    }

    #[test]
    fn a_hashing_thread_hashes_again_in_the_memory_it_already_has() {
        let stored = hash(&Turn::outside_requests(), "kettle orchard blue").unwrap();
        let touched = on_hashing_thread(move |memory| {
            let stored = PasswordHash::new(&stored).unwrap();
            assert!(verify_with(memory, b"kettle orchard blue", &stored).unwrap());
            let before = pages_first_touched_by_this_thread();
            assert!(!verify_with(memory, b"kettle orchard blu", &stored).unwrap());
            pages_first_touched_by_this_thread() - before
        })
        .expect("an answer");
        // A fresh 19 MiB is 4,864 pages.
        assert!(touched < 100, "the second hash touched {touched} new pages");
    }

    #[test]
    fn the_queue_gives_jobs_in_order_and_nothing_when_none_came_in_time() {
        let queue = Queue::default();
        let (said, heard) = mpsc::channel();
        for n in 0..3 {
            let said = said.clone();
            queue.push(Box::new(move |_| said.send(n).expect("heard")));
        }
        let mut memory = Memory::default();
        while let Some(job) = queue.next(Some(Duration::ZERO)) {
            job(&mut memory);
        }
        assert_eq!(heard.try_iter().collect::<Vec<_>>(), [0, 1, 2]);
        assert!(
            queue.next(Some(Duration::from_millis(5))).is_none(),
            "an idle thread hears nothing and gives its memory back"
        );
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

    #[tokio::test]
    async fn signing_in_checks_a_password_and_an_unknown_account_matches_nothing() {
        // Not `Turn::take`: the test of the turns runs beside this one and counts them.
        let turn = Turn::outside_requests();
        let stored = hash(&turn, "kettle orchard blue").unwrap();
        assert!(check(&turn, "kettle orchard blue", Some(&stored)).await);
        assert!(!check(&turn, "kettle orchard blu", Some(&stored)).await);
        assert!(!check(&turn, "kettle orchard blue", None).await);
        assert!(!check(&turn, "", None).await);
    }

    /// An unknown email is checked against `matches_nothing`: the same algorithm and parameters,
    /// so the same work as a real account's check, or its quicker answer would tell who has one.
    #[test]
    fn the_hash_that_matches_nothing_costs_what_a_real_one_does() {
        let real = hash(&Turn::outside_requests(), "kettle orchard blue").unwrap();
        let (real, nothing) = (PasswordHash::new(&real).unwrap(), matches_nothing());
        let nothing = PasswordHash::new(&nothing).expect("well formed");
        assert_eq!((nothing.algorithm, nothing.version, &nothing.params), (real.algorithm, real.version, &real.params));
        assert_eq!(nothing.hash.map(|h| h.len()), real.hash.map(|h| h.len()));
    }

    /// Hashes stored before the hashing threads kept their memory were made by argon2's own
    /// `hash_password`; both ways must agree with it.
    #[test]
    fn hashes_agree_with_argon2s_own_hasher_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let turn = Turn::outside_requests();
        let salt = SaltString::generate(&mut OsRng);
        let theirs = hasher().hash_password(b"kettle orchard blue", &salt).unwrap().to_string();
        assert!(verify(&turn, "kettle orchard blue", &theirs));
        assert!(!verify(&turn, "kettle orchard blu", &theirs));
        let ours = hash(&turn, "kettle orchard blue").unwrap();
        assert!(hasher().verify_password(b"kettle orchard blue", &PasswordHash::new(&ours).unwrap()).is_ok());
    }
}
