//! The worker's caseload dashboard for 300 patients with a year of diary each, on SQLite and
//! PostgreSQL, against `GET /api/health` (a request that touches the database) in the same run.
//!
//! `TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench -p evenkeel-tests --bench caseload`
//! The diaries are the demo generator's (about 10 entries a day), sent through `POST /api/sync`
//! like a phone would, so the daily rollups the dashboard reads are the ones sync maintains.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use evenkeel_domain::patterns::demo::demo_weeks;
use evenkeel_domain::{EntryData, EntryKind};
use evenkeel_tests::people::admin;
use evenkeel_tests::{Api, Backend, TestServer};
use serde_json::{Value, json};

const PATIENTS: usize = 300;
const WEEKS: u32 = 52;
const SAMPLES: usize = 30;
const ALL_SCOPES: [&str; 9] = ["pain", "activity", "doses", "mood", "sleep", "relaxation", "goals", "plan", "notes"];

/// One patient's year as the changes their phone would send, medicines first.
fn year_of_changes(seed: u64, start: NaiveDate) -> Vec<Value> {
    let mut entries = demo_weeks(start, WEEKS, seed);
    entries.sort_by_key(|(_, data)| data.kind() != EntryKind::Medication);
    entries
        .into_iter()
        .map(|(id, data): (uuid::Uuid, EntryData)| {
            json!({"id": id, "kind": data.kind(), "op": "upsert", "data": data.to_json(),
                   "client_updated_at": "2026-11-20T09:00:00Z"})
        })
        .collect()
}

async fn timed(api: &Api, path: &str, token: &str) -> Vec<Duration> {
    let mut times = Vec::new();
    for _ in 0..SAMPLES {
        let start = Instant::now();
        let reply = api.get(path, Some(token)).await;
        times.push(start.elapsed());
        assert_eq!(reply.status, reqwest::StatusCode::OK, "{path}: {:?}", reply.body);
    }
    times.sort();
    times
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut backends = vec![Backend::Sqlite];
    if std::env::var("TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty()) {
        backends.push(Backend::Postgres);
    }
    let start = chrono::Utc::now().date_naive() - chrono::Duration::weeks(i64::from(WEEKS));
    for backend in backends {
        let server = TestServer::start(backend).await;
        let api = Api::new(&server.base_url);
        let admin = admin(&server, &api).await;
        let worker = api.worker(&admin, "Jo").await;

        let seeding = Instant::now();
        let mut entries = 0;
        for seed in 0..PATIENTS as u64 {
            let patient = api.patient_named(&format!("Patient {seed}")).await;
            api.link(&patient, &worker, "worker", &ALL_SCOPES).await;
            let changes = year_of_changes(seed + 1, start);
            entries += changes.len();
            for batch in changes.chunks(500) {
                let reply = api.sync(&patient.token, i64::MAX / 2, batch).await;
                assert_eq!(reply.body["rejected"], json!([]), "{:?}", reply.body);
            }
        }
        println!(
            "\n== {backend:?}: {PATIENTS} patients, {entries} entries seeded through /api/sync in {:.0} s ==",
            seeding.elapsed().as_secs_f64()
        );

        let caseload = api.get("/api/caseload", Some(&worker.token)).await;
        let rows = caseload.body.as_array().map(Vec::len).unwrap_or_default();
        assert_eq!(rows, PATIENTS, "{:?}", caseload.body);
        let health = timed(&api, "/api/health", &worker.token).await;
        let dashboard = timed(&api, "/api/caseload", &worker.token).await;
        let (h50, c50, c99) = (health[SAMPLES / 2], dashboard[SAMPLES / 2], dashboard[SAMPLES - 1]);
        println!("GET /api/health    p50 {:>7.2} ms", ms(h50));
        println!(
            "GET /api/caseload  p50 {:>7.2} ms  max {:>7.2} ms  ({:.0}x /api/health), {rows} rows",
            ms(c50),
            ms(c99),
            ms(c50) / ms(h50)
        );
    }
}
