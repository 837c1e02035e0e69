//! "Who has looked" with a long history (issue 14, item 7): 2,500 rows are all reachable page by
//! page, newest first, none twice (rows that share a moment included); the data download holds
//! every one; and a project worker opening the caseload adds one row per patient, listing the
//! scopes read, not one per scope.

use std::collections::HashSet;

use evenkeel_tests::people::admin;
use evenkeel_tests::{Api, Backend, TestServer, both_backends, db};
use reqwest::StatusCode;
use serde_json::{Value, json};

const ROWS: usize = 2_500;

/// Writes `ROWS - 1` older audit rows by `actor` about `patient`, as years of sharing would, ten
/// at a time sharing one moment (as one caseload view's rows do).
fn a_long_history(url: &str, actor: &str, patient: &str) {
    let start = chrono::Utc::now().naive_utc() - chrono::Duration::days(400);
    let rows: Vec<String> = (0..ROWS - 1)
        .map(|i| {
            let at = (start + chrono::Duration::minutes((i / 10) as i64)).format("%Y-%m-%d %H:%M:%S%.f");
            let id = uuid::Uuid::new_v4();
            format!("('{id}', '{actor}', '{patient}', 'pain,mood', 'read', 'GET /api/patients/{{patient_id}}/entries', '{at}')")
        })
        .collect();
    for chunk in rows.chunks(250) {
        db::execute(
            url,
            &format!(
                "INSERT INTO audit_log (id, actor_id, patient_id, scope, action, endpoint, at) VALUES {}",
                chunk.join(", ")
            ),
        );
    }
}

async fn every_row_is_reachable_and_exported(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let alex = api.patient_named("Alex").await;
    let sam = api.carer_of(&alex, "Sam", &["pain", "mood"]).await;
    a_long_history(&server.home.database_url, &sam.id, &alex.id);
    // And one real read, the newest row.
    let read = api.get(&format!("/api/patients/{}/entries?kind=pain", alex.id), Some(&sam.token)).await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);

    // Page by page at the app's page size, as the phone does.
    let mut rows: Vec<Value> = Vec::new();
    let mut path = "/api/audit".to_owned();
    let mut pages = 0;
    loop {
        let page = api.get(&path, Some(&alex.token)).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        let got = page.body["rows"].as_array().cloned().unwrap_or_default();
        pages += 1;
        rows.extend(got);
        match page.body["next_before"].as_str() {
            Some(next) => path = format!("/api/audit?before={next}"),
            None => break,
        }
    }
    assert_eq!(pages, ROWS / 100, "pages of 100");
    assert_eq!(rows.len(), ROWS, "every row, none left out");
    let ids: HashSet<&str> = rows.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids.len(), ROWS, "no row twice");
    let times: Vec<&str> = rows.iter().filter_map(|r| r["at"].as_str()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(rows[0]["endpoint"], "GET /api/patients/{patient_id}/entries");
    assert_eq!(rows[0]["subjects"], json!(["pain"]));
    assert_eq!(rows[ROWS - 1]["subjects"], json!(["pain", "mood"]));

    let bad = api.get("/api/audit?before=yesterday", Some(&alex.token)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body["message"].as_str().unwrap_or_default().contains("page marker"), "{:?}", bad.body);

    let export = api.http.get(server.url("/api/me/export")).bearer_auth(&alex.token).send().await.expect("export");
    assert_eq!(export.status(), StatusCode::OK);
    let files = evenkeel_tests::unzip(&export.bytes().await.expect("bytes"));
    let exported: Vec<Value> = serde_json::from_str(&files["audit.json"]).expect("audit.json");
    assert_eq!(exported.len(), ROWS, "the download holds the whole log");
}

async fn a_caseload_view_is_one_row_per_patient(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let jo = api.worker(&admin, "Jo").await;
    let alex = api.patient_named("Alex").await;
    api.link(&alex, &jo, "worker", &["pain", "doses", "mood", "sleep"]).await;
    let before = api.audit(&alex).await.len();

    for _ in 0..2 {
        let caseload = api.get("/api/caseload", Some(&jo.token)).await;
        assert_eq!(caseload.status, StatusCode::OK, "{:?}", caseload.body);
    }
    let audit = api.audit(&alex).await;
    assert_eq!(audit.len() - before, 2, "one row per view: {:?}", &audit[..audit.len() - before]);
    let subjects: HashSet<&str> =
        audit[0]["subjects"].as_array().into_iter().flatten().filter_map(|s| s.as_str()).collect();
    assert!(subjects.len() > 1 && subjects.iter().all(|s| ["pain", "doses", "mood", "sleep"].contains(s)), "{audit:?}");
    assert_eq!(audit[0]["actor_id"], jo.id.as_str());
}

both_backends!(every_row_is_reachable_and_exported, a_caseload_view_is_one_row_per_patient);
