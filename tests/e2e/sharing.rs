//! Consent-based sharing: invite codes (single use, 7 days, for the right kind of account), worker
//! enrolment, scope changes and revocation that take effect on the very next request, notes, the
//! audit log as the patient sees it, and a deactivated worker losing access at once.

use evenkeel_tests::api::changes::{id, pain};
use evenkeel_tests::people::{PASSWORD, admin};
use evenkeel_tests::{Api, Backend, TestServer, both_backends, db};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn entries_path(patient_id: &str, kind: &str) -> String {
    format!("/api/patients/{patient_id}/entries?kind={kind}")
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339()
}

async fn invite_codes_are_single_use_short_lived_and_for_one_kind_of_account(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let alex = api.patient_named("Alex").await;

    // A code is two groups of four from the unambiguous alphabet, typed any way the person likes.
    let code = api.invite(&alex, "carer", &["pain", "mood"]).await;
    assert_eq!(code.len(), 9, "{code}");
    assert!(
        code.chars().enumerate().all(|(i, c)| if i == 4 {
            c == '-'
        } else {
            "ABCDEFGHJKMNPQRSTUVWXYZ23456789".contains(c)
        }),
        "{code}"
    );
    let typed = code.replace('-', "").to_lowercase();
    let sam = api.register_with("sam@example.com", "Sam", json!({"invite_code": typed})).await;
    assert_eq!(sam.status, StatusCode::CREATED, "{:?}", sam.body);
    assert_eq!(sam.body["user"]["role"], "carer", "an invite code makes a carer account");
    let sam_token = sam.access_token();
    let links = api.get("/api/links", Some(&sam_token)).await.body;
    assert_eq!(links[0]["patient_name"], "Alex");
    assert_eq!(links[0]["member_name"], "Sam");
    assert_eq!(links[0]["state"], "active");
    assert_eq!(links[0]["relation"], "carer");
    assert_eq!(links[0]["scopes"], json!(["pain", "mood"]));

    // Used once, never again — and the failed sign-up leaves no account behind.
    let reused = api.register_with("tom@example.com", "Tom", json!({"invite_code": code})).await;
    assert_eq!(reused.status, StatusCode::GONE);
    assert_eq!(reused.error_code(), "code_used");
    assert_eq!(api.login("tom@example.com", PASSWORD).await.status, StatusCode::UNAUTHORIZED);

    let unknown = api.post("/api/invites/accept", Some(&sam_token), &json!({"code": "ZZZZ-ZZZZ"})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.error_code(), "code_not_found");

    // Past its expiry (moved there in the database), a code is refused.
    let late = api.invite(&alex, "carer", &["pain"]).await;
    db::execute(&server.home.database_url, "UPDATE invites SET expires_at = created_at WHERE used_at IS NULL");
    let expired = api.post("/api/invites/accept", Some(&sam_token), &json!({"code": late})).await;
    assert_eq!(expired.status, StatusCode::GONE);
    assert_eq!(expired.error_code(), "code_expired");

    // A worker invite: not for a carer, and not for signing up (workers are made by the practice).
    let for_worker = api.invite(&alex, "worker", &["doses"]).await;
    let wrong = api.post("/api/invites/accept", Some(&sam_token), &json!({"code": for_worker})).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert_eq!(wrong.error_code(), "wrong_relation");
    let self_made = api.register_with("who@example.com", "Who", json!({"invite_code": for_worker})).await;
    assert_eq!(self_made.status, StatusCode::FORBIDDEN);
    assert_eq!(self_made.error_code(), "wrong_relation");
    assert_eq!(api.login("who@example.com", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    let admin = admin(&server, &api).await;
    let jo = api.worker(&admin, "Jo").await;
    let accepted = api.post("/api/invites/accept", Some(&jo.token), &json!({"code": for_worker})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    assert_eq!(accepted.body["relation"], "worker");

    // Only patients invite.
    let by_carer = api.post("/api/invites", Some(&sam_token), &json!({"relation": "carer", "scopes": ["pain"]})).await;
    assert_eq!(by_carer.status, StatusCode::FORBIDDEN);
}

async fn a_worker_enrols_a_patient_who_then_chooses_what_to_share(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let jo = api.worker(&admin, "Jo").await;

    let enrol = api.post("/api/enrolments", Some(&jo.token), &json!({})).await;
    assert_eq!(enrol.status, StatusCode::CREATED, "{:?}", enrol.body);
    let code = enrol.body["code"].as_str().unwrap_or_default().to_owned();
    let alex = api.register_with("alex@example.com", "Alex", json!({"enrolment_code": code})).await;
    assert_eq!(alex.status, StatusCode::CREATED, "{:?}", alex.body);
    assert_eq!(alex.body["user"]["role"], "patient");
    let (alex_id, alex_token) = (alex.body["user"]["id"].as_str().unwrap_or_default().to_owned(), alex.access_token());
    api.sync(&alex_token, 0, &[pain(&id(), 5, &now(), &now())]).await;

    let links = api.get("/api/links", Some(&alex_token)).await.body;
    assert_eq!(links[0]["state"], "invited");
    assert_eq!(links[0]["member_name"], "Jo");
    assert_eq!(links[0]["scopes"], json!([]));
    let waiting = api.get(&entries_path(&alex_id, "pain"), Some(&jo.token)).await;
    assert_eq!(waiting.status, StatusCode::FORBIDDEN, "nothing is shared until the patient confirms");

    let link_id = links[0]["id"].as_str().unwrap_or_default().to_owned();
    let by_worker = api.patch(&format!("/api/links/{link_id}"), Some(&jo.token), &json!({"scopes": ["pain"]})).await;
    assert_eq!(by_worker.status, StatusCode::FORBIDDEN, "only the patient chooses");
    let confirmed = api.patch(&format!("/api/links/{link_id}"), Some(&alex_token), &json!({"scopes": ["pain"]})).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{:?}", confirmed.body);
    assert_eq!(confirmed.body["state"], "active");
    let read = api.get(&entries_path(&alex_id, "pain"), Some(&jo.token)).await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    assert_eq!(read.body[0]["data"]["score"], 5);
    assert_eq!(api.get(&entries_path(&alex_id, "mood"), Some(&jo.token)).await.status, StatusCode::FORBIDDEN);
    // Longer histories are read a year at a time.
    let years = api.get(&format!("{}&from=2020-01-01", entries_path(&alex_id, "pain")), Some(&jo.token)).await;
    assert_eq!(years.status, StatusCode::BAD_REQUEST, "{:?}", years.body);
    assert_eq!(years.body["message"], "Please ask for at most a year of entries at a time.");

    // A signed-in patient can accept an enrolment too; a carer cannot.
    let bea = api.patient_named("Bea").await;
    let second = api.post("/api/enrolments", Some(&jo.token), &json!({})).await.body["code"].clone();
    let sam = api.carer_of(&bea, "Sam", &["pain"]).await;
    let by_carer = api.post("/api/enrolments/accept", Some(&sam.token), &json!({"code": second})).await;
    assert_eq!(by_carer.status, StatusCode::FORBIDDEN);
    assert_eq!(by_carer.error_code(), "wrong_relation");
    let by_bea = api.post("/api/enrolments/accept", Some(&bea.token), &json!({"code": second})).await;
    assert_eq!(by_bea.status, StatusCode::OK, "{:?}", by_bea.body);
    assert_eq!(by_bea.body["state"], "invited");
    assert_eq!(api.post("/api/enrolments", Some(&bea.token), &json!({})).await.status, StatusCode::FORBIDDEN);
}

async fn scope_changes_and_revocation_take_effect_on_the_next_request(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let alex = api.patient_named("Alex").await;
    let entry = id();
    api.sync(&alex.token, 0, &[pain(&entry, 7, &now(), &now())]).await;
    let sam = api.carer_of(&alex, "Sam", &["pain"]).await;
    let link_id = api.links(&alex).await[0]["id"].as_str().unwrap_or_default().to_owned();

    let read = api.get(&entries_path(&alex.id, "pain"), Some(&sam.token)).await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    assert_eq!(read.body[0]["id"], entry.as_str());
    assert_eq!(read.body[0]["data"]["score"], 7);
    let sams_view = api.links(&sam).await;
    assert_eq!(
        (sams_view[0]["patient_name"].as_str(), sams_view[0]["scopes"].clone()),
        (Some("Alex"), json!(["pain"]))
    );

    let changed = api.patch(&format!("/api/links/{link_id}"), Some(&alex.token), &json!({"scopes": ["mood"]})).await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    let now_refused = api.get(&entries_path(&alex.id, "pain"), Some(&sam.token)).await;
    assert_eq!(now_refused.status, StatusCode::FORBIDDEN);
    assert!(now_refused.body["message"].as_str().unwrap_or_default().contains("Alex"), "{:?}", now_refused.body);
    assert_eq!(api.get(&entries_path(&alex.id, "mood"), Some(&sam.token)).await.status, StatusCode::OK);

    let revoked = api.delete(&format!("/api/links/{link_id}"), Some(&alex.token), None).await;
    assert_eq!(revoked.status, StatusCode::OK, "{:?}", revoked.body);
    assert_eq!(revoked.body["state"], "revoked");
    assert_eq!(api.get(&entries_path(&alex.id, "mood"), Some(&sam.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(api.links(&sam).await[0]["state"], "revoked");
    let again = api.patch(&format!("/api/links/{link_id}"), Some(&alex.token), &json!({"scopes": ["pain"]})).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN, "a revoked link is not reopened");

    // Someone unrelated can't even see the link exists.
    let bea = api.patient_named("Bea").await;
    assert_eq!(
        api.delete(&format!("/api/links/{link_id}"), Some(&bea.token), None).await.status,
        StatusCode::NOT_FOUND
    );

    // The patient's audit log: who read what, newest first, with names and relation.
    let audit = api.audit(&alex).await;
    assert_eq!(audit.len(), 2, "{audit:?}");
    assert_eq!(audit[0]["subjects"], json!(["mood"]));
    assert_eq!(audit[1]["subjects"], json!(["pain"]));
    assert_eq!(audit[0]["actor_name"], "Sam");
    assert_eq!(audit[0]["relation"], "carer");
    assert_eq!(audit[0]["action"], "read");
    assert_eq!(api.get("/api/audit", Some(&sam.token)).await.status, StatusCode::FORBIDDEN);
}

async fn notes_are_shown_with_their_author(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let alex = api.patient_named("Alex").await;
    let sam = api.carer_of(&alex, "Sam", &["notes"]).await;
    let dee = api.carer_of(&alex, "Dee", &["pain"]).await;
    let path = format!("/api/patients/{}/notes", alex.id);

    let added = api.post(&path, Some(&sam.token), &json!({"text": "  Managed the stairs twice today.  "})).await;
    assert_eq!(added.status, StatusCode::CREATED, "{:?}", added.body);
    assert_eq!(added.body["author_name"], "Sam");
    assert_eq!(added.body["text"], "Managed the stairs twice today.");
    let too_long = api.post(&path, Some(&sam.token), &json!({"text": "x".repeat(2001)})).await;
    assert_eq!(too_long.status, StatusCode::BAD_REQUEST);
    assert_eq!(api.post(&path, Some(&dee.token), &json!({"text": "Hello"})).await.status, StatusCode::FORBIDDEN);

    let alexs_view = api.get(&path, Some(&alex.token)).await;
    assert_eq!(alexs_view.status, StatusCode::OK);
    assert_eq!(alexs_view.body.as_array().map(Vec::len), Some(1));
    assert_eq!(alexs_view.body[0]["author_name"], "Sam");
    assert_eq!(alexs_view.body[0]["author_id"], sam.id.as_str());
}

async fn a_deactivated_worker_loses_access_at_once(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let alex = api.patient_named("Alex").await;
    let jo_email = "jo@practice.example";
    let made =
        api.post("/api/admin/workers", Some(&admin.token), &json!({"email": jo_email, "display_name": "Jo"})).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    let jo_id = made.body["user"]["id"].as_str().unwrap_or_default().to_owned();
    let login = api.first_sign_in(jo_email, made.body["one_time_password"].as_str().unwrap_or_default()).await;
    let (jo_token, jo_cookie) = (login.access_token(), login.refresh_cookie().unwrap_or_default());
    let jo = evenkeel_tests::people::Person {
        id: jo_id.clone(),
        email: jo_email.into(),
        token: jo_token.clone(),
        name: "Jo".into(),
    };
    api.link(&alex, &jo, "worker", &["pain"]).await;
    assert_eq!(api.get(&entries_path(&alex.id, "pain"), Some(&jo_token)).await.status, StatusCode::OK);

    // Only admins manage workers, and admins see no health data.
    let by_patient = api
        .post("/api/admin/workers", Some(&alex.token), &json!({"email": "x@example.com", "display_name": "X"}))
        .await;
    assert_eq!(by_patient.status, StatusCode::FORBIDDEN);
    assert_eq!(api.get(&entries_path(&alex.id, "pain"), Some(&admin.token)).await.status, StatusCode::NOT_FOUND);
    let dup =
        api.post("/api/admin/workers", Some(&admin.token), &json!({"email": jo_email, "display_name": "Jo"})).await;
    assert_eq!(dup.status, StatusCode::CONFLICT);

    let gone = api.delete(&format!("/api/admin/workers/{jo_id}"), Some(&admin.token), None).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{:?}", gone.body);
    let refused = api.get(&entries_path(&alex.id, "pain"), Some(&jo_token)).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "the still-unexpired token stops working: {:?}", refused.body);
    assert_eq!(api.get("/api/me", Some(&jo_token)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.get("/api/links", Some(&jo_token)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.refresh(&jo_cookie).await.status, StatusCode::UNAUTHORIZED);
    let links: Vec<Value> = api.links(&alex).await;
    assert_eq!(links[0]["state"], "revoked", "the patient sees the worker's access ended");
    let not_a_worker = api.delete(&format!("/api/admin/workers/{}", alex.id), Some(&admin.token), None).await;
    assert_eq!(not_a_worker.status, StatusCode::NOT_FOUND, "patients are not deactivated here");
}

both_backends!(
    invite_codes_are_single_use_short_lived_and_for_one_kind_of_account,
    a_worker_enrols_a_patient_who_then_chooses_what_to_share,
    scope_changes_and_revocation_take_effect_on_the_next_request,
    notes_are_shown_with_their_author,
    a_deactivated_worker_loses_access_at_once,
);

/// Codes can't be guessed by a script: a signed-in person gets ten tries in 15 minutes (then even
/// a right code waits), and sign-ups with a code from one address thirty.
#[tokio::test]
async fn trying_many_codes_is_slowed_down() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let jo = api.worker(&admin, "Jo").await;
    let alex = api.patient_named("Alex").await;

    for n in 0..10 {
        let guess =
            api.post("/api/enrolments/accept", Some(&alex.token), &json!({"code": format!("ABCD-EF{n:02}")})).await;
        assert_eq!(guess.status, StatusCode::NOT_FOUND, "try {n}: {:?}", guess.body);
    }
    let real = api.post("/api/enrolments", Some(&jo.token), &json!({})).await.body["code"].clone();
    let refused = api.post("/api/enrolments/accept", Some(&alex.token), &json!({"code": real})).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", refused.body);
    assert_eq!(refused.error_code(), "too_many_requests");
    assert!(refused.body["message"].as_str().unwrap_or_default().contains("Too many codes tried"));

    // Sign-ups with made-up codes from this address run out too (the eleven tries above count).
    let mut statuses = Vec::new();
    for n in 0..25 {
        let email = format!("guess{n}@example.com");
        let guess = api.register_with(&email, "Guess", json!({"invite_code": format!("WXYZ-{n:04}")})).await;
        statuses.push(guess.status);
        if guess.status == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
    }
    assert_eq!(statuses.len(), 20, "30 code tries per address in all: {statuses:?}");
    assert!(statuses[..19].iter().all(|s| *s == StatusCode::NOT_FOUND), "{statuses:?}");
    assert_eq!(statuses[19], StatusCode::TOO_MANY_REQUESTS);
}
