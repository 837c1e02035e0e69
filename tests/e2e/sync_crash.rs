//! Crash test: batches go to the real server on SQLite while it is killed with SIGKILL at random
//! moments, again and again. Whatever was not acknowledged is sent again after each restart. In the
//! end every acknowledged entry is there exactly once, with its latest content.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use evenkeel_tests::api::changes::{id, pain};
use evenkeel_tests::server::ServerHome;
use evenkeel_tests::{Api, Backend, TestServer};
use serde_json::Value;

const ROUNDS: usize = 24;
const BATCH: usize = 20;

/// A small deterministic generator, so a failing run can be repeated from its printed seed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

/// One version of one entry, as the phone's outbox keys it: acknowledging an id acknowledges the
/// version that was sent, not a newer edit of the same entry still waiting behind it.
type Version = (String, String);

fn version(change: &Value) -> Version {
    let field = |k: &str| change[k].as_str().unwrap_or_default().to_owned();
    (field("id"), field("client_updated_at"))
}

/// Sends `pending` in batches until done or the server dies; returns the versions acknowledged.
async fn send_all(api: Api, token: String, pending: Vec<Value>) -> BTreeSet<Version> {
    let mut acked = BTreeSet::new();
    for batch in pending.chunks(BATCH) {
        let body = serde_json::json!({"cursor": 0, "changes": batch});
        let sent = api.http.post(format!("{}/api/sync", api.base_url)).bearer_auth(&token).json(&body).send().await;
        let Ok(response) = sent else { break };
        let Ok(reply) = response.json::<Value>().await else { break };
        let applied: BTreeSet<&str> =
            reply["applied"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        acked.extend(batch.iter().filter(|c| applied.contains(c["id"].as_str().unwrap_or_default())).map(version));
    }
    acked
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_entries_survive_sigkill_exactly_once() {
    let seed =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(7);
    println!("crash test seed {seed}");
    let mut rng = Lcg(seed);

    let mut server = TestServer::start_in(ServerHome::new(Backend::Sqlite), &[]).await;
    let token = Api::new(&server.base_url).new_patient().await;
    // The latest version of every entry made so far, and which changes still await an answer.
    let mut latest: BTreeMap<String, Value> = BTreeMap::new();
    let mut pending: Vec<Value> = Vec::new();
    let mut acknowledged: BTreeSet<String> = BTreeSet::new();
    let mut clock =
        chrono::DateTime::parse_from_rfc3339("2026-11-01T08:00:00Z").map(|t| t.to_utc()).unwrap_or_default();
    let mut kills = 0;
    let mut interrupted = 0;

    for _ in 0..ROUNDS {
        for _ in 0..150 {
            clock += chrono::Duration::seconds(1);
            let stamp = clock.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            // Mostly new entries; some edits of earlier ones (a later time, so the edit must win).
            let entry_id = if !latest.is_empty() && rng.next(5) == 0 {
                latest.keys().nth(rng.next(latest.len() as u64) as usize).cloned().unwrap_or_else(id)
            } else {
                id()
            };
            let change = pain(&entry_id, rng.next(11) as i64, "2026-11-01T08:00:00+00:00", &stamp);
            latest.insert(entry_id, change.clone());
            pending.push(change);
        }
        let api = Api::new(&server.base_url);
        let sender = tokio::spawn(send_all(api, token.clone(), pending.clone()));
        tokio::time::sleep(Duration::from_millis(rng.next(60))).await;
        let home = server.kill().await;
        kills += 1;
        let acked = sender.await.unwrap_or_default();
        pending.retain(|c| !acked.contains(&version(c)));
        interrupted += usize::from(!pending.is_empty());
        acknowledged.extend(acked.into_iter().map(|(id, _)| id));
        server = TestServer::start_in(home, &[]).await;
    }

    // Back online for good: the phone sends whatever is still waiting.
    let api = Api::new(&server.base_url);
    let acked = send_all(api.clone(), token.clone(), pending.clone()).await;
    assert_eq!(acked.len(), pending.len(), "with the server up, everything waiting is acknowledged");
    acknowledged.extend(acked.into_iter().map(|(id, _)| id));
    println!("{kills} kills, {interrupted} of them before the phone's queue was empty");
    assert!(kills >= 20);
    assert!(interrupted >= 5, "the kills must land while batches are in flight");
    assert_eq!(acknowledged.len(), latest.len(), "every entry was acknowledged in the end");

    let mut stored: BTreeMap<String, Value> = BTreeMap::new();
    let mut cursor = 0;
    loop {
        let page = api.sync(&token, cursor, &[]).await;
        for change in page.body["changes"].as_array().into_iter().flatten() {
            let key = change["id"].as_str().unwrap_or_default().to_owned();
            assert!(stored.insert(key.clone(), change.clone()).is_none(), "{key} came back twice");
        }
        cursor = page.body["cursor"].as_i64().unwrap_or_default();
        if page.body["more"] != Value::Bool(true) {
            break;
        }
    }
    assert_eq!(stored.len(), latest.len(), "exactly the acknowledged entries, each once");
    for (key, change) in &latest {
        let kept = &stored[key];
        assert_eq!(kept["data"]["score"], change["data"]["score"], "{key} lost its latest content");
        assert_eq!(
            kept["client_updated_at"].as_str().map(|s| s.trim_end_matches("Z").trim_end_matches("+00:00").to_owned()),
            change["client_updated_at"].as_str().map(|s| s.trim_end_matches("Z").to_owned())
        );
    }
}
