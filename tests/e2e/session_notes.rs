//! A project worker's private session notes (issue 5): Jo writes, lists and edits notes about Alex;
//! a second worker linked to Alex (Kim) sees none of them and cannot change them; a carer and Alex
//! herself are refused (403), an unlinked worker is told there is no such person (404); every
//! granted access is in Alex's audit log. Validation answers in plain words. Once Alex stops
//! sharing with Jo, the next request is refused and shows nothing. The notes are part of Alex's
//! record: her "My data" download holds them, and deleting her account deletes them.

use chrono::{Days, NaiveDate, Utc};
use evenkeel_tests::people::{PASSWORD, Person, admin};
use evenkeel_tests::{Api, Backend, TestServer, both_backends, db};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn notes_path(patient: &Person) -> String {
    format!("/api/patients/{}/session-notes", patient.id)
}

fn note_path(patient: &Person, note_id: &str) -> String {
    format!("/api/patients/{}/session-notes/{note_id}", patient.id)
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn days_ago(n: u64) -> String {
    today().checked_sub_days(Days::new(n)).unwrap_or_default().format("%Y-%m-%d").to_string()
}

fn days_ahead(n: u64) -> String {
    today().checked_add_days(Days::new(n)).unwrap_or_default().format("%Y-%m-%d").to_string()
}

async fn write(api: &Api, worker: &Person, patient: &Person, date: &str, text: &str) -> Value {
    let reply = api.post(&notes_path(patient), Some(&worker.token), &json!({"session_date": date, "text": text})).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body
}

async fn list(api: &Api, worker: &Person, patient: &Person) -> Vec<Value> {
    let reply = api.get(&notes_path(patient), Some(&worker.token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body.as_array().cloned().unwrap_or_default()
}

async fn put(api: &Api, worker: &Person, patient: &Person, note_id: &str, body: &Value) -> evenkeel_tests::api::Reply {
    api.send(Method::PUT, &note_path(patient, note_id), Some(&worker.token), None, Some(body)).await
}

fn time(value: &Value) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(value.as_str().unwrap_or_default()).expect("an RFC 3339 time")
}

fn texts(notes: &[Value]) -> Vec<&str> {
    notes.iter().filter_map(|n| n["text"].as_str()).collect()
}

/// The session-notes rows of the patient's audit log, newest first.
async fn session_audit(api: &Api, patient: &Person) -> Vec<Value> {
    api.audit(patient).await.into_iter().filter(|r| r["subjects"] == json!(["session_notes"])).collect()
}

async fn a_worker_keeps_private_session_notes(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let alex = api.patient_named("Alex").await;
    let jo = api.worker(&admin, "Jo").await;
    let kim = api.worker(&admin, "Kim").await;
    let lee = api.worker(&admin, "Lee (not linked)").await;
    // Jo holds one scope only: session notes don't depend on what is shared.
    api.link(&alex, &jo, "worker", &["pain"]).await;
    api.link(&alex, &kim, "worker", &["pain", "mood", "notes"]).await;
    let sam = api.carer_of(&alex, "Sam", &["pain", "activity", "doses", "mood", "sleep", "notes"]).await;

    // Nothing yet.
    assert_eq!(list(&api, &jo, &alex).await, Vec::<Value>::new());

    // Jo writes three notes, out of order; line breaks are kept, the ends trimmed.
    let first =
        write(&api, &jo, &alex, &days_ago(1), "  Talked about pacing.\nAgreed a short walk each morning.\n ").await;
    assert_eq!(first["text"], "Talked about pacing.\nAgreed a short walk each morning.");
    assert_eq!(first["session_date"], days_ago(1));
    assert_eq!(first["author_id"], jo.id.as_str());
    assert_eq!(first["author_name"], "Jo");
    assert_eq!(first["patient_id"], alex.id.as_str());
    assert_eq!(first["created_at"], first["updated_at"], "not edited yet");
    let older = write(&api, &jo, &alex, &days_ago(14), "First meeting. Went through the diary together.").await;
    let newest = write(&api, &jo, &alex, &days_ago(0), "Phone call: the new routine is going well.").await;
    let mine = list(&api, &jo, &alex).await;
    assert_eq!(
        texts(&mine),
        [
            "Phone call: the new routine is going well.",
            "Talked about pacing.\nAgreed a short walk each morning.",
            "First meeting. Went through the diary together.",
        ],
        "newest session first"
    );
    assert_eq!(mine[0]["id"], newest["id"]);

    // Editing changes the date and text; updated_at moves on, created_at stays.
    let older_id = older["id"].as_str().unwrap_or_default().to_owned();
    let edited = put(
        &api,
        &jo,
        &alex,
        &older_id,
        &json!({"session_date": days_ago(13), "text": "First meeting. Went through the diary and her goals."}),
    )
    .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert_eq!(edited.body["session_date"], days_ago(13));
    assert_eq!(edited.body["text"], "First meeting. Went through the diary and her goals.");
    assert_eq!(edited.body["created_at"], older["created_at"]);
    assert!(time(&edited.body["updated_at"]) > time(&older["updated_at"]), "{:?}", edited.body);
    let mine = list(&api, &jo, &alex).await;
    assert_eq!(mine[2]["text"], "First meeting. Went through the diary and her goals.");

    // Kim, also Alex's worker, sees none of Jo's notes and cannot change them.
    assert_eq!(list(&api, &kim, &alex).await, Vec::<Value>::new());
    let hijack =
        put(&api, &kim, &alex, &older_id, &json!({"session_date": days_ago(1), "text": "Changed by Kim"})).await;
    assert_eq!(hijack.status, StatusCode::NOT_FOUND, "{:?}", hijack.body);
    assert_eq!(hijack.error_code(), "not_found");
    let kims = write(&api, &kim, &alex, &days_ago(2), "Kim's own session: sleep routine.").await;
    assert_eq!(texts(&list(&api, &kim, &alex).await), ["Kim's own session: sleep routine."]);
    assert_eq!(list(&api, &jo, &alex).await.len(), 3, "Jo still sees exactly his own three");
    assert!(!texts(&list(&api, &jo, &alex).await).contains(&"Changed by Kim"));
    let kims_id = kims["id"].as_str().unwrap_or_default();
    let by_jo = put(&api, &jo, &alex, kims_id, &json!({"session_date": days_ago(2), "text": "x"})).await;
    assert_eq!(by_jo.status, StatusCode::NOT_FOUND, "{:?}", by_jo.body);

    // Every granted access is in Alex's audit log; refusals leave nothing.
    let before = session_audit(&api, &alex).await.len();
    list(&api, &jo, &alex).await;
    let audit = session_audit(&api, &alex).await;
    assert_eq!(audit.len(), before + 1);
    assert_eq!(audit[0]["actor_id"], jo.id.as_str());
    assert_eq!(audit[0]["actor_name"], "Jo");
    assert_eq!(audit[0]["relation"], "worker");
    assert_eq!(audit[0]["action"], "read");
    assert_eq!(audit[0]["endpoint"], "GET /api/patients/{patient_id}/session-notes");
    let writes: Vec<&Value> =
        audit.iter().filter(|r| r["action"] == "write" && r["actor_id"] == jo.id.as_str()).collect();
    assert_eq!(writes.len(), 5, "three notes, one edit and one refused edit of Kim's note: {writes:?}");
    assert!(writes.iter().any(|r| r["endpoint"] == "PUT /api/patients/{patient_id}/session-notes/{note_id}"));
    let audit_len = api.audit(&alex).await.len();

    // A carer, even one with every scope, and Alex herself: 403. An unlinked worker or the
    // admin: 404, the same answer as for someone who doesn't exist.
    let body = json!({"session_date": days_ago(0), "text": "Should not be saved."});
    for (who, person, status) in [
        ("carer", &sam, StatusCode::FORBIDDEN),
        ("the patient", &alex, StatusCode::FORBIDDEN),
        ("unlinked worker", &lee, StatusCode::NOT_FOUND),
        ("admin", &admin, StatusCode::NOT_FOUND),
    ] {
        let read = api.get(&notes_path(&alex), Some(&person.token)).await;
        assert_eq!(read.status, status, "{who} lists: {:?}", read.body);
        read.error_code();
        assert!(!read.body.to_string().contains("pacing"), "{who}: nothing leaks: {:?}", read.body);
        let wrote = api.post(&notes_path(&alex), Some(&person.token), &body).await;
        assert_eq!(wrote.status, status, "{who} writes: {:?}", wrote.body);
        let changed = put(&api, person, &alex, &older_id, &body).await;
        assert_eq!(changed.status, status, "{who} edits: {:?}", changed.body);
    }
    let own = api.get(&notes_path(&alex), Some(&alex.token)).await;
    assert!(own.body["message"].as_str().unwrap_or_default().contains("My data"), "{:?}", own.body);
    let nobody = api.get(&format!("/api/patients/{}/session-notes", uuid::Uuid::new_v4()), Some(&lee.token)).await;
    let unlinked = api.get(&notes_path(&alex), Some(&lee.token)).await;
    assert_eq!((unlinked.status, &unlinked.body), (nobody.status, &nobody.body));
    assert_eq!(api.get(&notes_path(&alex), None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.audit(&alex).await.len(), audit_len, "refusals are not audited");
    assert_eq!(list(&api, &jo, &alex).await.len(), 3, "nothing was saved by anyone refused");
    let audit_len = api.audit(&alex).await.len();

    // Alex stops sharing with Jo: his very next request is refused, and shows nothing.
    let link = api.links(&alex).await.into_iter().find(|l| l["member_id"] == jo.id.as_str()).unwrap_or_default();
    let revoked =
        api.delete(&format!("/api/links/{}", link["id"].as_str().unwrap_or_default()), Some(&alex.token), None).await;
    assert_eq!(revoked.status, StatusCode::OK, "{:?}", revoked.body);
    let after = api.get(&notes_path(&alex), Some(&jo.token)).await;
    assert_eq!(after.status, StatusCode::FORBIDDEN, "{:?}", after.body);
    assert!(!after.body.to_string().contains("pacing") && after.body.get("text").is_none(), "{:?}", after.body);
    let late = api.post(&notes_path(&alex), Some(&jo.token), &body).await;
    assert_eq!(late.status, StatusCode::FORBIDDEN, "{:?}", late.body);
    let late_edit = put(&api, &jo, &alex, &older_id, &body).await;
    assert_eq!(late_edit.status, StatusCode::FORBIDDEN, "{:?}", late_edit.body);
    assert_eq!(api.audit(&alex).await.len(), audit_len, "refused after revocation: not audited");
    // Kim's link is untouched.
    assert_eq!(list(&api, &kim, &alex).await.len(), 1);
}

async fn session_notes_are_checked_in_plain_words(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let alex = api.patient_named("Alex").await;
    let jo = api.worker(&admin, "Jo").await;
    api.link(&alex, &jo, "worker", &["relaxation"]).await;

    let long = "a".repeat(5001);
    let cases = [
        (json!({"session_date": days_ago(0), "text": "   \n  "}), "Please write something in the note."),
        (json!({"session_date": days_ago(0), "text": long}), "Please keep a note under 5000 characters."),
        (json!({"session_date": days_ahead(3), "text": "x"}), "The session date can't be in the future."),
        (
            json!({"session_date": "03/06/2025", "text": "x"}),
            "Please give the session date as a date, like 2025-06-03.",
        ),
        (
            json!({"session_date": "2025-02-30", "text": "x"}),
            "Please give the session date as a date, like 2025-06-03.",
        ),
        (json!({"session_date": "", "text": "x"}), "Please give the session date as a date, like 2025-06-03."),
        (json!({"text": "x"}), "Please fill in session_date."),
    ];
    for (body, message) in &cases {
        let reply = api.post(&notes_path(&alex), Some(&jo.token), body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}: {:?}", reply.body);
        assert_eq!(reply.error_code(), "invalid_input");
        assert_eq!(reply.body["message"], *message, "{body}");
    }
    assert_eq!(list(&api, &jo, &alex).await, Vec::<Value>::new(), "nothing invalid was saved");

    // Tomorrow is accepted (the patient's day may already have begun), and exactly 5000 characters.
    write(&api, &jo, &alex, &days_ahead(1), "Booked for tomorrow morning, written up early.").await;
    let note = write(&api, &jo, &alex, &days_ago(0), &"b".repeat(5000)).await;

    // An edit is checked the same way and leaves the note as it was.
    let id = note["id"].as_str().unwrap_or_default();
    for (body, message) in &cases[..4] {
        let reply = put(&api, &jo, &alex, id, body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}: {:?}", reply.body);
        assert_eq!(reply.body["message"], *message, "{body}");
    }
    assert_eq!(list(&api, &jo, &alex).await[1]["text"].as_str().map(str::len), Some(5000));
    let missing =
        put(&api, &jo, &alex, &uuid::Uuid::new_v4().to_string(), &json!({"session_date": days_ago(0), "text": "x"}))
            .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.body["message"], "We couldn't find that session note.");
    let bad_id = put(&api, &jo, &alex, "not-a-note", &json!({"session_date": days_ago(0), "text": "x"})).await;
    assert_eq!(bad_id.status, StatusCode::BAD_REQUEST, "{:?}", bad_id.body);
}

async fn session_notes_are_part_of_the_patients_record(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let url = server.home.database_url.clone();
    let admin = admin(&server, &api).await;
    let alex = api.patient_named("Alex").await;
    let bea = api.patient_named("Bea").await;
    let jo = api.worker(&admin, "Jo").await;
    let kim = api.worker(&admin, "Kim").await;
    api.link(&alex, &jo, "worker", &["pain"]).await;
    api.link(&alex, &kim, "worker", &["pain"]).await;
    api.link(&bea, &jo, "worker", &["pain"]).await;
    write(&api, &jo, &alex, &days_ago(7), "Talked about sleep.").await;
    write(&api, &jo, &alex, &days_ago(0), "Reviewed the week:\n- two good days\n- one flare").await;
    write(&api, &kim, &alex, &days_ago(3), "Kim: relaxation practice.").await;
    write(&api, &jo, &bea, &days_ago(1), "Bea's session.").await;

    // Alex's download holds every worker's notes about her (and nobody else's), with who wrote them.
    let files = api.export(&alex).await;
    let notes: Value = serde_json::from_str(&files["session_notes.json"]).expect("session_notes.json");
    let notes = notes.as_array().cloned().unwrap_or_default();
    assert_eq!(
        texts(&notes),
        ["Reviewed the week:\n- two good days\n- one flare", "Kim: relaxation practice.", "Talked about sleep."]
    );
    assert_eq!(notes[0]["author_name"], "Jo");
    assert_eq!(notes[1]["author_name"], "Kim");
    assert!(notes.iter().all(|n| n["patient_id"] == alex.id.as_str()));
    assert!(files["README.txt"].contains("session_notes.json"));
    // A worker's own download doesn't carry the notes they wrote about patients.
    assert_eq!(api.export(&jo).await["session_notes.json"], "[]");

    // Deleting Alex's account deletes the notes about her; Bea's stay.
    let alex_notes = format!("patient_id = '{}'", alex.id);
    assert_eq!(db::count(&url, "session_notes", &alex_notes), 3);
    let deleted = api.delete("/api/me", Some(&alex.token), Some(&json!({"password": PASSWORD}))).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    assert_eq!(db::count(&url, "session_notes", &alex_notes), 0, "session notes about the deleted patient");
    assert_eq!(db::count(&url, "session_notes", &format!("patient_id = '{}'", bea.id)), 1);
    let gone = api.get(&notes_path(&alex), Some(&jo.token)).await;
    assert_eq!(gone.status, StatusCode::FORBIDDEN, "{:?}", gone.body);
    assert_eq!(list(&api, &jo, &bea).await.len(), 1);
}

both_backends!(
    a_worker_keeps_private_session_notes,
    session_notes_are_checked_in_plain_words,
    session_notes_are_part_of_the_patients_record,
);
