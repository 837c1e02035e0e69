//! Sync under a plain concurrent load (issue 14, item 16): sixteen phones, each its own patient,
//! all signing up at once, then each sending batches of 20 entries with its cursor as fast as the
//! server answers, and renewing its session (the refresh-token rotation) every tenth batch, as a
//! phone does every quarter of an hour. No request
//! may fail with a 5xx (on SQLite, "database is locked" when a read transaction cannot upgrade to
//! a write); once a phone uses its sync allowance it is told to wait (429), which is the limit
//! working. Every entry in an accepted batch is applied exactly once.

use std::time::{Duration, Instant};

use evenkeel_tests::api::changes::{id, pain};
use evenkeel_tests::{Api, Backend, TestServer, both_backends};
use reqwest::StatusCode;

const PHONES: usize = 16;
const BATCH: usize = 20;
const RUN: Duration = Duration::from_secs(12);

struct PhoneRun {
    sent: usize,
    applied: usize,
    waits: usize,
    failures: Vec<(StatusCode, String)>,
}

async fn one_phone(api: Api, (mut token, mut cookie): (String, String)) -> PhoneRun {
    let mut run = PhoneRun { sent: 0, applied: 0, waits: 0, failures: Vec::new() };
    let mut cursor = 0;
    let stop = Instant::now() + RUN;
    for round in 1.. {
        if Instant::now() >= stop {
            break;
        }
        if round % 10 == 0 {
            let renewed = api.refresh(&cookie).await;
            match renewed.status {
                StatusCode::OK => {
                    token = renewed.access_token();
                    cookie = renewed.refresh_cookie().unwrap_or(cookie);
                }
                status => run.failures.push((status, renewed.body.to_string())),
            }
        }
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let batch: Vec<_> = (0..BATCH).map(|i| pain(&id(), (i % 11) as i64, &at, &at)).collect();
        let reply = api.sync(&token, cursor, &batch).await;
        match reply.status {
            StatusCode::OK => {
                run.sent += BATCH;
                run.applied += reply.body["applied"].as_array().map_or(0, Vec::len);
                cursor = reply.body["cursor"].as_i64().unwrap_or(cursor);
            }
            StatusCode::TOO_MANY_REQUESTS => run.waits += 1,
            status => run.failures.push((status, reply.body.to_string())),
        }
    }
    run
}

async fn sixteen_phones_syncing_at_once_all_succeed(backend: Backend) {
    let server = TestServer::start(backend).await;
    let sign_ups: Vec<_> = (0..PHONES)
        .map(|n| {
            let api = Api::new(&server.base_url);
            tokio::spawn(async move {
                let reply = api.register(&format!("phone{n}@example.com"), "kettle orchard blue").await;
                assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
                (reply.access_token(), reply.refresh_cookie().expect("a refresh cookie"))
            })
        })
        .collect();
    let mut sessions = Vec::new();
    for sign_up in sign_ups {
        sessions.push(sign_up.await.expect("a sign-up"));
    }
    let phones: Vec<_> =
        sessions.into_iter().map(|session| tokio::spawn(one_phone(Api::new(&server.base_url), session))).collect();
    let (mut sent, mut applied, mut waits, mut failures) = (0, 0, 0, Vec::new());
    for phone in phones {
        let run = phone.await.expect("a phone's task");
        sent += run.sent;
        applied += run.applied;
        waits += run.waits;
        failures.extend(run.failures);
    }
    let requests = sent / BATCH + waits + failures.len();
    println!("{backend:?}: {requests} requests, {} accepted ({sent} entries), {waits} told to wait", sent / BATCH);
    assert!(failures.is_empty(), "{} of {requests} requests failed, e.g. {:?}", failures.len(), failures.first());
    assert_eq!(applied, sent, "every entry of an accepted batch was applied once");
    // A floor far below what even a busy 2-core machine manages (about 60 batches per phone).
    assert!(sent >= PHONES * BATCH * 20, "the load ran: only {sent} entries accepted");
}

both_backends!(sixteen_phones_syncing_at_once_all_succeed);
