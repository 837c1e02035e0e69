//! Memory under a long plain load (issue 14, item 16): does the server's resident memory level off?
//!
//! `cargo bench -p evenkeel-tests --bench soak` (set TEST_POSTGRES_URL to run PostgreSQL after
//! SQLite). For each backend the real release server (`target/release/evenkeel`, or `EVENKEEL_BIN`)
//! is started on a fresh database, then the load runs in phases: at the start of each phase sixteen
//! new patients sign up at once (each sign-up is an argon2 hash of 19 MiB, which is what made the
//! memory grow when this was first seen), then each of the sixteen phones sends batches of 20 pain
//! scores with its cursor until the phase ends. A phone told to wait (429: 300 syncs a minute per
//! account) waits a second, as the app does, and is counted apart from errors (5xx and anything
//! else unexpected). After the load the server is left idle, and its RSS (VmRSS in
//! /proc/<pid>/status) is sampled all along, every 10 s.
//!
//! Settings (environment):
//! - `SOAK_SECS`: load per backend, default 600 (10 minutes); e.g. 60 while developing.
//! - `SOAK_PHASE_SECS`: length of a phase (sign-ups at its start), default 60.
//! - `SOAK_IDLE_SECS`: idle time after the load before the final sample, default 30.
//! - `SOAK_SAMPLE_SECS`: sampling interval, default 10.
//! - `SOAK_BACKEND`: `sqlite` or `postgres` to run one backend only.
//!
//! The verdict compares the highest RSS of the first and the second half of the load after the
//! warm-up (the first phase): "growing" when it rose by more than 5 % or 8 MB, whichever is more.
//! RSS counts the binary's own pages too (about 40 MB of it here, file-backed and shared), so the
//! anonymous part (RssAnon: heap, stacks) is shown beside it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use evenkeel_tests::api::changes::{id, pain};
use evenkeel_tests::{Api, Backend, TestServer};
use reqwest::StatusCode;

const PHONES: usize = 16;
const BATCH: usize = 20;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[derive(Default)]
struct Counts {
    accepted: AtomicUsize,
    waits: AtomicUsize,
    errors: AtomicUsize,
    sign_ups: AtomicUsize,
}

struct Sample {
    at: Duration,
    phase: String,
    rss_kb: u64,
    anon_kb: u64,
    threads: u64,
    accepted: usize,
    waits: usize,
    errors: usize,
}

/// VmRSS and RssAnon (kB, the part that is not the binary's own pages) and Threads of a process,
/// from /proc/<pid>/status.
fn rss_and_threads(pid: i32) -> (u64, u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("RssAnon:"), field("Threads:"))
}

async fn one_phone(api: Api, email: String, counts: Arc<Counts>, stop: Instant) {
    let reply = api.register(&email, "kettle orchard blue").await;
    if reply.status != StatusCode::CREATED {
        eprintln!("sign-up failed: {} {:?}", reply.status, reply.body);
        counts.errors.fetch_add(1, Ordering::Relaxed);
        return;
    }
    counts.sign_ups.fetch_add(1, Ordering::Relaxed);
    let (mut token, mut cookie) = (reply.access_token(), reply.refresh_cookie().unwrap_or_default());
    let mut cursor = 0;
    while Instant::now() < stop {
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let batch: Vec<_> = (0..BATCH).map(|i| pain(&id(), (i % 11) as i64, &at, &at)).collect();
        let reply = api.sync(&token, cursor, &batch).await;
        match reply.status {
            StatusCode::OK => {
                counts.accepted.fetch_add(1, Ordering::Relaxed);
                cursor = reply.body["cursor"].as_i64().unwrap_or(cursor);
            }
            StatusCode::TOO_MANY_REQUESTS => {
                counts.waits.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            // The access token lasts 15 minutes; a phone renews it, as the app does.
            StatusCode::UNAUTHORIZED => {
                let renewed = api.refresh(&cookie).await;
                if renewed.status == StatusCode::OK {
                    token = renewed.access_token();
                    cookie = renewed.refresh_cookie().unwrap_or(cookie);
                } else {
                    counts.errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            status => {
                if counts.errors.fetch_add(1, Ordering::Relaxed) < 3 {
                    eprintln!("sync failed: {status} {:?}", reply.body);
                }
            }
        }
    }
}

async fn soak(backend: Backend) {
    let load = Duration::from_secs(setting("SOAK_SECS", 600));
    let phase_len = Duration::from_secs(setting("SOAK_PHASE_SECS", 60)).min(load);
    let idle = Duration::from_secs(setting("SOAK_IDLE_SECS", 30));
    let every = Duration::from_secs(setting("SOAK_SAMPLE_SECS", 10).max(1));

    let server = TestServer::start(backend).await;
    let pid = server.pid();
    let (idle_rss, _, _) = rss_and_threads(pid);
    println!(
        "\n== {backend:?}: {} s of load in phases of {} s, then {} s idle ==",
        load.as_secs(),
        phase_len.as_secs(),
        idle.as_secs()
    );
    println!("idle at start: {:.1} MB", idle_rss as f64 / 1024.0);
    println!(
        "{:>6} {:>7} {:>8} {:>8} {:>8} {:>9} {:>7} {:>7}",
        "t (s)", "phase", "RSS MB", "anon MB", "threads", "accepted", "429", "errors"
    );

    let counts = Arc::new(Counts::default());
    let phase = Arc::new(std::sync::Mutex::new(String::from("1")));
    let done = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let sampler = {
        let (counts, phase, done) = (counts.clone(), phase.clone(), done.clone());
        tokio::spawn(async move {
            let mut samples = Vec::new();
            let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            while !done.load(Ordering::Relaxed) {
                tick.tick().await;
                let (rss_kb, anon_kb, threads) = rss_and_threads(pid);
                let sample = Sample {
                    at: start.elapsed(),
                    phase: phase.lock().map(|p| p.clone()).unwrap_or_default(),
                    rss_kb,
                    anon_kb,
                    threads,
                    accepted: counts.accepted.load(Ordering::Relaxed),
                    waits: counts.waits.load(Ordering::Relaxed),
                    errors: counts.errors.load(Ordering::Relaxed),
                };
                println!(
                    "{:>6} {:>7} {:>8.1} {:>8.1} {:>8} {:>9} {:>7} {:>7}",
                    sample.at.as_secs(),
                    sample.phase,
                    sample.rss_kb as f64 / 1024.0,
                    sample.anon_kb as f64 / 1024.0,
                    sample.threads,
                    sample.accepted,
                    sample.waits,
                    sample.errors
                );
                samples.push(sample);
            }
            samples
        })
    };

    let phases = load.as_secs().div_ceil(phase_len.as_secs().max(1)) as usize;
    for p in 0..phases {
        if let Ok(mut name) = phase.lock() {
            *name = (p + 1).to_string();
        }
        let stop = (start + phase_len * (p as u32 + 1)).min(start + load);
        let phones: Vec<_> = (0..PHONES)
            .map(|n| {
                let api = Api::new(&server.base_url);
                let email = format!("soak{p}-{n}-{}@example.com", uuid::Uuid::new_v4().simple());
                tokio::spawn(one_phone(api, email, counts.clone(), stop))
            })
            .collect();
        for phone in phones {
            let _ = phone.await;
        }
    }
    if let Ok(mut name) = phase.lock() {
        *name = "idle".into();
    }
    let load_secs = start.elapsed().as_secs_f64();
    tokio::time::sleep(idle).await;
    done.store(true, Ordering::Relaxed);
    let samples = sampler.await.unwrap_or_default();
    let (final_rss, final_anon, final_threads) = rss_and_threads(pid);

    let accepted = counts.accepted.load(Ordering::Relaxed);
    println!(
        "{backend:?}: {} sign-ups, {accepted} batches accepted ({:.0}/s, {} entries), {} told to wait (429), {} errors",
        counts.sign_ups.load(Ordering::Relaxed),
        accepted as f64 / load_secs,
        accepted * BATCH,
        counts.waits.load(Ordering::Relaxed),
        counts.errors.load(Ordering::Relaxed)
    );
    let at_minutes: Vec<String> = [1u64, 2, 5, 10]
        .iter()
        .filter_map(|m| {
            samples
                .iter()
                .find(|s| s.at >= Duration::from_secs(m * 60 - 1))
                .filter(|s| s.at <= load + every)
                .map(|s| format!("{m} min {:.0} MB", s.rss_kb as f64 / 1024.0))
        })
        .collect();
    println!("RSS at {}", at_minutes.join(", "));

    let loaded: Vec<&Sample> = samples.iter().filter(|s| s.at > phase_len && s.at <= load).collect();
    let (first, second) = loaded.split_at(loaded.len() / 2);
    let peak = |part: &[&Sample]| part.iter().map(|s| s.rss_kb).max().unwrap_or(0) as f64 / 1024.0;
    let verdict = if first.is_empty() || second.is_empty() {
        "too short to tell (needs samples after the first phase)".to_owned()
    } else {
        let (a, b) = (peak(first), peak(second));
        let growing = b - a > (a * 0.05).max(8.0);
        format!(
            "{} after warm-up: highest {a:.1} MB in its first half, {b:.1} MB in its second",
            if growing { "GROWING" } else { "flat" }
        )
    };
    println!(
        "verdict: RSS {verdict}; peak {:.1} MB; idle {:.1} MB at start, {:.1} MB at the end ({:.1} MB anonymous, {final_threads} threads)",
        samples.iter().map(|s| s.rss_kb).max().unwrap_or(0) as f64 / 1024.0,
        idle_rss as f64 / 1024.0,
        final_rss as f64 / 1024.0,
        final_anon as f64 / 1024.0
    );
    let _ = server.stop().await;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut backends = vec![Backend::Sqlite];
    if std::env::var("TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty()) {
        backends.push(Backend::Postgres);
    }
    match std::env::var("SOAK_BACKEND").as_deref() {
        Ok("sqlite") => backends.retain(|b| *b == Backend::Sqlite),
        Ok("postgres") => backends.retain(|b| *b == Backend::Postgres),
        _ => {}
    }
    for backend in backends {
        soak(backend).await;
    }
}
