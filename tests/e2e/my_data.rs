//! "My data": the export holds every entry the patient made; deleting the account leaves no health
//! data behind, ends every session and link, and keeps (without health content) the record of what
//! a deleted carer read in someone else's diary.

use evenkeel_tests::api::changes::{dose, id, medication, pain};
use evenkeel_tests::people::PASSWORD;
use evenkeel_tests::{Api, Backend, TestServer, both_backends, db};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn the_export_holds_everything_the_patient_made(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let alex = api.patient_named("Alex").await;
    let (med, dose_id, pain_id, mood_id, sleep_id, activity_id, deleted) = (id(), id(), id(), id(), id(), id(), id());
    let at = "2026-11-20T09:00:00+00:00";
    let batch = [
        medication(&med, "Morphine, slow release", "morphine", 10.0),
        dose(&dose_id, &med, 10.0, at, &["pain"]),
        pain(&pain_id, 6, at, at),
        json!({"id": mood_id, "kind": "mood", "op": "upsert", "client_updated_at": at,
               "data": {"recorded_at": at, "stress": 3, "mood": "okay"}}),
        json!({"id": sleep_id, "kind": "sleep", "op": "upsert", "client_updated_at": at,
               "data": {"night_of": "2026-11-19", "into_bed": "2026-11-19T22:30:00+00:00",
                        "tried_to_sleep": "2026-11-19T23:00:00+00:00", "minutes_to_fall_asleep": 30,
                        "awakenings": 2, "minutes_awake_in_night": 40, "final_waking": "2026-11-20T06:30:00+00:00",
                        "out_of_bed": "2026-11-20T07:00:00+00:00", "quality": "fair"}}),
        json!({"id": activity_id, "kind": "activity", "op": "upsert", "client_updated_at": at,
               "data": {"started_at": at, "minutes": 20, "what": "Walk, with a \"rest\", then home", "effort": "moderate", "kind": "activity"}}),
        pain(&deleted, 2, at, at),
    ];
    let synced = api.sync(&alex.token, 0, &batch).await;
    assert_eq!(synced.body["rejected"], json!([]), "{:?}", synced.body);
    api.sync(&alex.token, 0, &[evenkeel_tests::api::changes::delete(&deleted, "pain", "2026-11-20T10:00:00Z")]).await;
    let sam = api.carer_of(&alex, "Sam", &["pain", "notes"]).await;
    api.get(&format!("/api/patients/{}/entries?kind=pain&from=2026-11-01", alex.id), Some(&sam.token)).await;
    api.post(&format!("/api/patients/{}/notes", alex.id), Some(&sam.token), &json!({"text": "Good walk."})).await;

    let reply = api
        .http
        .get(format!("{}/api/me/export", server.base_url))
        .bearer_auth(&alex.token)
        .send()
        .await
        .expect("export");
    assert_eq!(reply.status(), StatusCode::OK);
    assert_eq!(reply.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/zip"));
    let files = evenkeel_tests::unzip(&reply.bytes().await.expect("bytes"));

    let entries: Value = serde_json::from_str(&files["entries.json"]).expect("entries.json");
    let mut exported: Vec<&str> = entries.as_array().into_iter().flatten().filter_map(|e| e["id"].as_str()).collect();
    exported.sort();
    let mut made = vec![
        med.as_str(),
        dose_id.as_str(),
        pain_id.as_str(),
        mood_id.as_str(),
        sleep_id.as_str(),
        activity_id.as_str(),
    ];
    made.sort();
    assert_eq!(exported, made, "every live entry, and not the deleted one");
    for (kind, entry) in [
        ("medication", &med),
        ("dose", &dose_id),
        ("pain", &pain_id),
        ("mood", &mood_id),
        ("sleep", &sleep_id),
        ("activity", &activity_id),
    ] {
        let csv = &files[&format!("{kind}.csv")];
        assert!(csv.starts_with("id,kind,recorded_at"), "{kind}.csv: {csv}");
        assert_eq!(csv.lines().count(), 2, "{kind}.csv has a header and its one entry: {csv}");
        assert!(csv.contains(entry.as_str()), "{kind}.csv lacks {entry}");
    }
    assert!(files["dose.csv"].contains(",10,uk-opioids-aware-2020,"), "the dose's OME: {}", files["dose.csv"]);
    assert!(files["activity.csv"].contains(r#""{""#), "JSON data is quoted for CSV: {}", files["activity.csv"]);
    let account: Value = serde_json::from_str(&files["account.json"]).expect("account.json");
    assert_eq!(account["email"], alex.email.as_str());
    let links: Value = serde_json::from_str(&files["links.json"]).expect("links.json");
    assert_eq!(links[0]["member_name"], "Sam");
    let notes: Value = serde_json::from_str(&files["notes.json"]).expect("notes.json");
    assert_eq!(notes[0]["text"], "Good walk.");
    let audit: Value = serde_json::from_str(&files["audit.json"]).expect("audit.json");
    assert_eq!(audit.as_array().map(Vec::len), Some(2), "one read and one note: {audit}");
    assert!(files.contains_key("README.txt"));
}

/// Notes belong to the record of the patient they are about: a carer's download holds the notes
/// they wrote only while the patient shares notes with them, and reading them for it is in the
/// patient's "Who has looked".
async fn a_carers_download_holds_their_notes_only_while_the_patient_shares_them(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let alex = api.patient_named("Alex").await;
    let sam = api.carer_of(&alex, "Sam", &["pain", "notes"]).await;
    let wrote =
        api.post(&format!("/api/patients/{}/notes", alex.id), Some(&sam.token), &json!({"text": "Good walk."})).await;
    assert_eq!(wrote.status, StatusCode::CREATED, "{:?}", wrote.body);

    let notes: Value = serde_json::from_str(&api.export(&sam).await["notes.json"]).expect("notes.json");
    assert_eq!(notes.as_array().map(Vec::len), Some(1), "{notes}");
    assert_eq!(notes[0]["text"], "Good walk.");
    let looked = api.audit(&alex).await;
    assert!(looked.iter().any(|r| r["endpoint"] == "GET /api/me/export" && r["actor_name"] == "Sam"), "{looked:?}");

    let link = api.links(&alex).await[0]["id"].as_str().expect("link id").to_owned();
    let revoked = api.delete(&format!("/api/links/{link}"), Some(&alex.token), None).await;
    assert_eq!(revoked.status, StatusCode::OK, "{:?}", revoked.body);
    assert_eq!(
        api.export(&sam).await["notes.json"],
        "[]",
        "Alex stopped sharing: the note stays in Alex's record only"
    );
    let notes: Value = serde_json::from_str(&api.export(&alex).await["notes.json"]).expect("notes.json");
    assert_eq!(notes[0]["text"], "Good walk.", "{notes}");
}

async fn deleting_the_account_leaves_no_health_data(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let url = server.home.database_url.clone();
    let login_reply = {
        let alex = api.patient_named("Alex").await;
        (alex.clone(), api.login(&alex.email, PASSWORD).await)
    };
    let (alex, login) = login_reply;
    let cookie = login.refresh_cookie().expect("a refresh cookie");
    api.sync(&alex.token, 0, &[pain(&id(), 6, "2026-11-20T09:00:00+00:00", "2026-11-20T09:00:00Z")]).await;
    let sam = api.carer_of(&alex, "Sam", &["pain", "notes"]).await;
    api.get(&format!("/api/patients/{}/entries?kind=pain&from=2026-11-01", alex.id), Some(&sam.token)).await;
    api.post(&format!("/api/patients/{}/notes", alex.id), Some(&sam.token), &json!({"text": "Good walk."})).await;
    api.invite(&alex, "carer", &["pain"]).await;
    let who = format!("patient_id = '{}'", alex.id);
    assert!(db::count(&url, "entries", &who) > 0 && db::count(&url, "audit_log", &who) > 0);

    let wrong = api.delete("/api/me", Some(&alex.token), Some(&json!({"password": "not my password"}))).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert_eq!(db::count(&url, "entries", &who), 1, "a wrong password deletes nothing");

    let deleted = api.delete("/api/me", Some(&alex.token), Some(&json!({"password": PASSWORD}))).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    for table in ["entries", "sync_counters", "care_notes", "audit_log"] {
        assert_eq!(db::count(&url, table, &who), 0, "{table} still has rows about the deleted patient");
    }
    assert_eq!(db::count(&url, "care_links", &format!("{who} AND state <> 'revoked'")), 0, "every link ended");
    assert_eq!(db::count(&url, "invites", &format!("created_by = '{}'", alex.id)), 0);
    assert_eq!(db::count(&url, "users", &format!("id = '{}' AND email LIKE '%alex%'", alex.id)), 0);
    assert_eq!(db::count(&url, "refresh_tokens", &format!("user_id = '{}' AND revoked_at IS NULL", alex.id)), 0);

    assert_eq!(api.get("/api/me", Some(&alex.token)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.sync(&alex.token, 0, &[]).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.refresh(&cookie).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.login(&alex.email, PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    let carers_view = api.get(&format!("/api/patients/{}/entries?kind=pain", alex.id), Some(&sam.token)).await;
    assert_eq!(carers_view.status, StatusCode::FORBIDDEN, "{:?}", carers_view.body);
}

async fn a_deleted_carer_stays_in_the_patients_audit_without_a_name(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let bea = api.patient_named("Bea").await;
    let sam = api.carer_of(&bea, "Sam", &["pain"]).await;
    api.get(&format!("/api/patients/{}/entries?kind=pain", bea.id), Some(&sam.token)).await;
    let deleted = api.delete("/api/me", Some(&sam.token), Some(&json!({"password": PASSWORD}))).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);

    let audit = api.audit(&bea).await;
    assert_eq!(audit.len(), 1, "Bea still sees that her diary was read: {audit:?}");
    assert_eq!(audit[0]["actor_name"], "Deleted account");
    assert_eq!(audit[0]["subjects"], json!(["pain"]));
    assert_eq!(api.links(&bea).await[0]["state"], "revoked");
}

/// The password check on deleting draws on the sign-in allowance (issue 14, item 2): after 10
/// wrong passwords in 15 minutes the account waits, even with the right one, and nothing is deleted.
async fn deleting_is_no_endless_way_to_guess_a_password(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let alex = api.patient_named("Alex").await;
    let delete = |password: &'static str| {
        let (api, token) = (&api, alex.token.clone());
        async move {
            api.send(
                reqwest::Method::DELETE,
                "/api/me",
                Some(&token),
                None,
                Some(&serde_json::json!({"password": password})),
            )
            .await
        }
    };
    for _ in 0..10 {
        assert_eq!(delete("not my password at all").await.status, reqwest::StatusCode::FORBIDDEN);
    }
    let waited = delete(PASSWORD).await;
    assert_eq!(waited.status, reqwest::StatusCode::TOO_MANY_REQUESTS, "{:?}", waited.body);
    assert_eq!(api.get("/api/me", Some(&alex.token)).await.status, reqwest::StatusCode::OK, "nothing was deleted");
}

both_backends!(
    the_export_holds_everything_the_patient_made,
    a_carers_download_holds_their_notes_only_while_the_patient_shares_them,
    deleting_the_account_leaves_no_health_data,
    a_deleted_carer_stays_in_the_patients_audit_without_a_name,
    deleting_is_no_endless_way_to_guess_a_password,
);
