//! Sync ingest and latency, measured against a baseline in the same run.
//!
//! `cargo bench -p evenkeel-tests --bench sync` (set TEST_POSTGRES_URL to include PostgreSQL).
//! - Ingest: entries/s through `POST /api/sync` of the real release server at batch sizes 1, 50 and
//!   500, against raw diesel batched inserts of the same rows (one transaction per batch) into the
//!   same schema on the same backend.
//! - Latency, closed loop: 64 concurrent clients (each its own patient) sending batches of 20, each
//!   waiting for its answer before the next; p50/p99, errors and the throughput reached (the
//!   "measured maximum"). This measures queueing more than latency.
//! - Latency, open loop: batches of 20 sent at a fixed rate, 50% and 80% of that maximum, whatever
//!   the answers do (each request timed from when it was due, so a slow server cannot slow the
//!   clock down); p50, p99, p99/p50 and errors.
//! - Under a sign-in flood: the 50% open-loop sync load alone, then again while 8 clients send
//!   wrong-password sign-ins as fast as they are answered, each from a new address (behind a
//!   trusted proxy) and for a new account, so no limit stops them and every one costs an argon2
//!   check: the worst case for the hasher. Sync p99 with the flood over p99 without.
//!   `SYNC_BENCH_ONLY=flood` runs the closed loop (for the rate) and this part only.
//!
//! Each open-loop run prints where the time went, from the server's `Server-Timing` phases.

use std::time::{Duration, Instant};

use diesel::Connection;
use evenkeel_server::db::entries::{self, Entry};
use evenkeel_server::db::users::{self, NewUser};
use evenkeel_server::db::{self, DatabaseUrl};
use evenkeel_tests::api::changes::{id, pain};
use evenkeel_tests::server::ServerHome;
use evenkeel_tests::{Api, Backend, TestServer};
use serde_json::Value;

const ENTRIES: usize = 3000;

/// Pain scores as a phone logs them: about ten a day, spread back over the days before today.
fn changes(n: usize) -> Vec<Value> {
    changes_from(0, n)
}

/// `n` entries continuing a phone's history `skip` entries back from now.
fn changes_from(skip: usize, n: usize) -> Vec<Value> {
    let today = chrono::Utc::now();
    (skip..skip + n)
        .map(|i| {
            let at =
                (today - chrono::Duration::minutes(i as i64 * 144)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            pain(&id(), (i % 11) as i64, &at, &at)
        })
        .collect()
}

/// Entries/s through the API. A phone may sync 300 times a minute, so at batch size 1 the
/// requests are spread over several patients (tokens made before the clock starts).
async fn http_ingest(api: &Api, batch: usize, n: usize) -> f64 {
    let all = changes(n);
    let requests = n.div_ceil(batch);
    let mut tokens = Vec::new();
    for _ in 0..requests.div_ceil(250) {
        tokens.push(api.new_patient().await);
    }
    let start = Instant::now();
    for (i, chunk) in all.chunks(batch).enumerate() {
        let reply = api.sync(&tokens[i / 250], i64::MAX / 2, chunk).await;
        assert_eq!(reply.body["applied"].as_array().map(Vec::len), Some(chunk.len()), "{:?}", reply.body);
    }
    n as f64 / start.elapsed().as_secs_f64()
}

/// The same rows written straight through diesel, one transaction per batch.
fn raw_ingest(database_url: &str, batch: usize, n: usize) -> f64 {
    let pool = db::connect(&DatabaseUrl::parse(database_url).expect("url"), 2).expect("pool");
    let mut conn = pool.get().expect("conn");
    let patient = db::new_id();
    let now = db::now();
    users::insert(
        &mut conn,
        &NewUser {
            id: &patient,
            email: &format!("{patient}@bench.example"),
            password_hash: "x",
            display_name: "Bench",
            role: "patient",
            time_zone: "Europe/London",
            must_change_password: false,
            created_at: now,
            updated_at: now,
        },
    )
    .expect("user");
    let rows: Vec<Entry> = changes(n)
        .iter()
        .enumerate()
        .map(|(i, c)| Entry {
            id: c["id"].as_str().unwrap_or_default().to_owned(),
            patient_id: patient.clone(),
            author_id: patient.clone(),
            kind: "pain".into(),
            recorded_at: now,
            tz_offset_min: 0,
            data: Some(c["data"].to_string()),
            ome_mg: None,
            ome_table_version: None,
            client_updated_at: now,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            rev: i as i64,
        })
        .collect();
    let start = Instant::now();
    for chunk in rows.chunks(batch) {
        // The raw-insert baseline, outside any request: nobody to check, nothing read.
        let patient = evenkeel_server::access::Granted::unattended(&patient);
        conn.transaction::<_, diesel::result::Error, _>(|c| entries::insert_all(c, patient, chunk)).expect("insert");
    }
    n as f64 / start.elapsed().as_secs_f64()
}

async fn latency(server: &TestServer, clients: usize, requests: usize) -> (Duration, Duration, usize, f64) {
    let api = Api::new(&server.base_url);
    let mut tokens = Vec::new();
    for _ in 0..clients {
        tokens.push(api.new_patient().await);
    }
    let start = Instant::now();
    let tasks: Vec<_> = tokens
        .into_iter()
        .map(|token| {
            let api = api.clone();
            tokio::spawn(async move {
                let mut times = Vec::new();
                let mut errors = 0;
                let mut cursor = 0;
                for request in 0..requests {
                    let batch = changes_from(request * 20, 20);
                    let t = Instant::now();
                    let reply = api.sync(&token, cursor, &batch).await;
                    times.push(t.elapsed());
                    if reply.status != reqwest::StatusCode::OK {
                        if errors == 0 {
                            eprintln!("first error: {} {:?}", reply.status, reply.body);
                        }
                        errors += 1;
                    }
                    cursor = reply.body["cursor"].as_i64().unwrap_or(cursor);
                }
                (times, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (times, e) = task.await.expect("client task");
        all.extend(times);
        errors += e;
    }
    let wall = start.elapsed().as_secs_f64();
    all.sort();
    let pick = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    (pick(0.50), pick(0.99), errors, all.len() as f64 / wall)
}

struct OpenLoop {
    p50: Duration,
    p99: Duration,
    errors: usize,
    sent: usize,
    /// Each request's time at the client and its server's `Server-Timing` phases (ms), slowest last.
    samples: Vec<(Duration, Vec<(String, f64)>)>,
}

/// `lock;dur=1.2, apply;dur=3.4` → [("lock", 1.2), ("apply", 3.4)].
fn server_timing(reply: &evenkeel_tests::api::Reply) -> Vec<(String, f64)> {
    let Some(value) = reply.headers.get("server-timing").and_then(|v| v.to_str().ok()) else { return Vec::new() };
    value
        .split(',')
        .filter_map(|phase| {
            let (name, dur) = phase.trim().split_once(";dur=")?;
            Some((name.to_owned(), dur.parse().ok()?))
        })
        .collect()
}

/// Patients enough that none goes over the sync allowance (300 a minute) at `rate` for `secs`.
async fn patients_for(api: &Api, rate: f64, secs: f64) -> Vec<String> {
    let per_patient = 250.0 * secs.max(60.0) / 60.0;
    let mut tokens = Vec::new();
    for _ in 0..((rate * secs / per_patient).ceil() as usize).max(1) {
        tokens.push(api.new_patient().await);
    }
    tokens
}

/// Batches of 20 sent at `rate` a second for `secs`, spread over `tokens`, each timed from the
/// moment it was due.
async fn open_loop(api: &Api, tokens: &[String], rate: f64, secs: f64) -> OpenLoop {
    let total = (rate * secs) as usize;
    let start = tokio::time::Instant::now() + Duration::from_millis(200);
    let mut tasks = Vec::with_capacity(total);
    for i in 0..total {
        let due = start + Duration::from_secs_f64(i as f64 / rate);
        tokio::time::sleep_until(due).await;
        let (api, token) = (api.clone(), tokens[i % tokens.len()].clone());
        tasks.push(tokio::spawn(async move {
            let batch = changes_from(i * 20, 20);
            let reply = api.sync(&token, i64::MAX / 2, &batch).await;
            (due.elapsed(), reply.status == reqwest::StatusCode::OK, server_timing(&reply))
        }));
    }
    let mut samples = Vec::with_capacity(total);
    let mut errors = 0;
    for task in tasks {
        let (took, ok, phases) = task.await.expect("a request task");
        samples.push((took, phases));
        errors += usize::from(!ok);
    }
    samples.sort_by_key(|(took, _)| *took);
    let pick = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)].0;
    OpenLoop { p50: pick(0.50), p99: pick(0.99), errors, sent: total, samples }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn print_open(label: &str, run: &OpenLoop) {
    println!(
        "{label}: {} sent, p50 {:.1} ms, p99 {:.1} ms, p99/p50 {:.1}, {} errors",
        run.sent,
        ms(run.p50),
        ms(run.p99),
        ms(run.p99) / ms(run.p50).max(0.001),
        run.errors
    );
}

/// Where the time went, from the server's `Server-Timing` phases: each phase's p50 and p99 over
/// every request, and its mean among the requests near the median (45th to 55th percentile) and
/// among the slowest 1 %. "outside" is the client's time less the server's phases: the accept
/// queue, HTTP parsing, and waiting for a core (the load generator shares the machine).
fn print_profile(run: &OpenLoop) {
    let mut names: Vec<String> = Vec::new();
    for (_, phases) in &run.samples {
        for (name, _) in phases {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names.push("outside".to_owned());
    let of = |sample: &(Duration, Vec<(String, f64)>), name: &str| -> f64 {
        if name == "outside" {
            return (ms(sample.0) - sample.1.iter().map(|(_, d)| d).sum::<f64>()).max(0.0);
        }
        sample.1.iter().filter(|(n, _)| n == name).map(|(_, d)| d).sum()
    };
    let n = run.samples.len();
    let mean = |from: usize, to: usize, name: &str| {
        let band = &run.samples[from.min(n - 1)..to.clamp(from + 1, n)];
        band.iter().map(|s| of(s, name)).sum::<f64>() / band.len() as f64
    };
    println!("  {:<10} {:>8} {:>8} {:>12} {:>12}", "phase", "p50 ms", "p99 ms", "median band", "slowest 1%");
    for name in &names {
        let mut all: Vec<f64> = run.samples.iter().map(|s| of(s, name)).collect();
        all.sort_by(f64::total_cmp);
        let pick = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
        println!(
            "  {name:<10} {:>8.2} {:>8.2} {:>12.2} {:>12.2}",
            pick(0.5),
            pick(0.99),
            mean(n * 45 / 100, n * 55 / 100, name),
            mean(n * 99 / 100, n, name)
        );
    }
}

/// Wrong-password sign-ins from 8 clients until `stop`, each from a new forwarded address and for
/// a new email (the server trusts this machine as its proxy). Returns how many were answered.
async fn sign_in_flood(base_url: String, stop: tokio::time::Instant) -> usize {
    let tasks: Vec<_> = (0..8)
        .map(|client| {
            let url = format!("{base_url}/api/auth/login");
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                let mut answered = 0;
                while tokio::time::Instant::now() < stop {
                    let n = answered * 8 + client;
                    let address = format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255);
                    let sent = http
                        .post(&url)
                        .header("x-forwarded-for", address)
                        .json(&serde_json::json!({"email": format!("flood{n}@example.com"), "password": "not the password"}))
                        .send()
                        .await;
                    if sent.is_ok() {
                        answered += 1;
                    }
                }
                answered
            })
        })
        .collect();
    let mut answered = 0;
    for task in tasks {
        answered += task.await.expect("a flood task");
    }
    answered
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut backends = vec![Backend::Sqlite];
    if std::env::var("TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty()) {
        backends.push(Backend::Postgres);
    }
    for backend in backends {
        println!("\n== {backend:?} ==");
        println!("{:>6} {:>14} {:>14} {:>8}", "batch", "sync entries/s", "raw entries/s", "ratio");
        let server = TestServer::start_with_args(backend, &["--server-timing", "true"]).await;
        let api = Api::new(&server.base_url);
        // SYNC_BENCH_ONLY=flood: the closed loop (for the rate) and the flood only.
        let flood_only = std::env::var("SYNC_BENCH_ONLY").is_ok_and(|v| v == "flood");
        for batch in if flood_only { vec![] } else { vec![1, 50, 500] } {
            let n = if batch == 1 { ENTRIES / 3 } else { ENTRIES };
            let http = http_ingest(&api, batch, n).await;
            let home = ServerHome::new(backend);
            let url = home.database_url.clone();
            let raw = tokio::task::spawn_blocking(move || raw_ingest(&url, batch, n)).await.expect("raw");
            drop(home);
            println!("{batch:>6} {http:>14.0} {raw:>14.0} {:>7.0}%", 100.0 * http / raw);
        }
        let (p50, p99, errors, rps) = latency(&server, 64, 30).await;
        println!(
            "POST /api/sync, batch 20, 64 concurrent clients x 30 (closed loop): p50 {:.1} ms, p99 {:.1} ms, {rps:.0} req/s, {errors} errors",
            ms(p50),
            ms(p99)
        );
        let secs: f64 = std::env::var("EVENKEEL_OPEN_LOOP_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(20.0);
        for share in if flood_only { vec![] } else { vec![0.5, 0.8] } {
            let rate = rps * share;
            let tokens = patients_for(&api, rate, secs).await;
            let run = open_loop(&api, &tokens, rate, secs).await;
            print_open(
                &format!("open loop at {:.0}% of the maximum ({rate:.0} req/s, {secs:.0} s)", share * 100.0),
                &run,
            );
            print_profile(&run);
        }
        drop(server);

        // The flood needs a server that trusts this machine as its proxy, so each sign-in can come
        // from a new address.
        let server =
            TestServer::start_with_args(backend, &["--trusted-proxies", "127.0.0.1/32", "--server-timing", "true"])
                .await;
        let api = Api::new(&server.base_url);
        let (rate, flood_secs) = (rps * 0.5, 30.0);
        let tokens = patients_for(&api, rate, flood_secs).await;
        let calm = open_loop(&api, &tokens, rate, flood_secs).await;
        print_open(&format!("sync at {rate:.0} req/s for {flood_secs:.0} s, no flood"), &calm);
        print_profile(&calm);
        let tokens = patients_for(&api, rate, flood_secs).await;
        let stop = tokio::time::Instant::now() + Duration::from_secs_f64(flood_secs + 0.5);
        let flood = tokio::spawn(sign_in_flood(server.base_url.clone(), stop));
        let flooded = open_loop(&api, &tokens, rate, flood_secs).await;
        let sign_ins = flood.await.expect("the flood");
        print_open(
            &format!("sync at {rate:.0} req/s for {flood_secs:.0} s, with {sign_ins} wrong-password sign-ins"),
            &flooded,
        );
        print_profile(&flooded);
        println!("sync p99 with the flood / without: {:.2}x", ms(flooded.p99) / ms(calm.p99).max(0.001));
    }
}
