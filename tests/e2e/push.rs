//! Web push reminders over real HTTP, on both databases, to a real RFC 8291/8292 receiver
//! (`evenkeel_tests::push_receiver`): it decrypts every message with the device's own keys and
//! verifies the VAPID JWT (ES256 against `GET /api/push/public-key`, `aud` with the port, `exp`).
//!
//! - "Send a test" and a due reminder arrive, decrypted, holding only title, body, url and kind:
//!   no medicine name, score or note; TTL and Urgency per kind.
//! - A reminder due now is claimed by one instance of two: 50 reminders due at once on one
//!   database, 50 deliveries, none twice.
//! - 410 removes the device; 429 with Retry-After is retried once, after the wait.
//! - More than 30 minutes late (every instance was down): skipped, and offered to the app as a
//!   missed reminder instead.
//! - Subscriptions are idempotent, keys and endpoints are checked, and only the patient reaches
//!   their own reminders and devices.

use std::time::Duration;

use evenkeel_tests::api::changes;
use evenkeel_tests::people::Person;
use evenkeel_tests::push_receiver::{Answer, PushReceiver};
use evenkeel_tests::server::ServerHome;
use evenkeel_tests::{Api, Backend, TestServer, both_backends, db};
use reqwest::StatusCode;
use serde_json::{Value, json};

const QUIET_OFF: &str = r#"{"time_zone": "Europe/London", "quiet_hours": {"start": "00:00", "end": "00:00"}}"#;

/// A patient with quiet hours off (so any hour of the test run is a sending hour) and one device
/// subscribed at the receiver.
async fn patient_with_device(api: &Api, receiver: &PushReceiver) -> (Person, Value) {
    let patient = api.patient_named("Sam Rivers").await;
    let settings: Value = serde_json::from_str(QUIET_OFF).unwrap_or_default();
    let saved =
        api.send(reqwest::Method::PUT, "/api/reminders/settings", Some(&patient.token), None, Some(&settings)).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    let key = api.get("/api/push/public-key", None).await;
    assert_eq!(key.status, StatusCode::OK, "{:?}", key.body);
    receiver.trust_vapid_key(key.body["public_key"].as_str().unwrap_or_default());
    let device = receiver.new_device();
    let subscribed = api.post("/api/push/subscriptions", Some(&patient.token), &device).await;
    assert_eq!(subscribed.status, StatusCode::OK, "{:?}", subscribed.body);
    (patient, device)
}

async fn add_reminder(api: &Api, patient: &Person, body: Value) -> Value {
    let made = api.post("/api/reminders", Some(&patient.token), &body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    made.body
}

/// Only the four fields the service worker shows, and nothing from the diary.
fn assert_no_health_data(payload: &Value, secrets: &[&str]) {
    let keys: Vec<&String> = payload.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    assert_eq!(keys, ["body", "kind", "title", "url"], "{payload}");
    let text = payload.to_string();
    for secret in secrets {
        assert!(!text.contains(secret), "{secret:?} must never be in a push: {payload}");
    }
    let words = format!("{} {}", payload["title"], payload["body"]);
    assert!(!words.chars().any(|c| c.is_ascii_digit()), "no numbers (scores, doses) in the words: {words}");
}

both_backends!(
    a_test_and_a_due_dose_reminder_arrive_encrypted_and_say_nothing_private,
    fifty_reminders_due_at_once_on_two_instances_arrive_once_each,
    a_gone_device_is_removed_and_a_busy_service_is_retried_after_its_wait,
    a_reminder_too_late_to_send_is_offered_to_the_app_instead,
);

async fn a_test_and_a_due_dose_reminder_arrive_encrypted_and_say_nothing_private(backend: Backend) {
    let receiver = PushReceiver::start().await;
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let (patient, device) = patient_with_device(&api, &receiver).await;

    // Subscribing again from the same phone changes nothing.
    let again = api.post("/api/push/subscriptions", Some(&patient.token), &device).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(db::count(&server.home.database_url, "push_subscriptions", &format!("user_id = '{}'", patient.id)), 1);

    let test = api.post("/api/push/test", Some(&patient.token), &json!({})).await;
    assert_eq!(test.status, StatusCode::OK, "{:?}", test.body);
    assert_eq!(test.body["sent"], 1, "{:?}", test.body);
    let got = receiver.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(got.len(), 1, "rejections: {:?}", receiver.rejections());
    assert_eq!(got[0].payload["kind"], "test");
    assert_no_health_data(&got[0].payload, &[]);

    // A dose reminder for a medicine with a name the push must never carry.
    let medicine = changes::id();
    let synced = api.sync(&patient.token, 0, &[changes::medication(&medicine, "Zomorph", "morphine", 10.0)]).await;
    assert_eq!(synced.status, StatusCode::OK, "{:?}", synced.body);
    add_reminder(
        &api,
        &patient,
        json!({"kind": "dose", "local_time": "20:00", "weekdays": [1, 2, 3, 4, 5, 6, 7], "medication_id": medicine}),
    )
    .await;
    db::make_reminders_due(&server.home.database_url, &patient.id, 1);
    let got = receiver.wait_for(2, Duration::from_secs(15)).await;
    assert_eq!(got.len(), 2, "rejections: {:?}", receiver.rejections());
    let dose = &got[1];
    assert_eq!(dose.payload["kind"], "dose");
    assert_eq!(dose.payload["url"], "/?log=dose", "not even which medicine");
    assert_no_health_data(&dose.payload, &["Zomorph", "morphine", &medicine]);
    assert_eq!(dose.ttl, Some(3600));
    assert_eq!(dose.urgency.as_deref(), Some("normal"));
    assert_eq!(dose.claims["aud"], format!("http://127.0.0.1:{}", receiver.port()));

    // It fired once and moved on to tomorrow's 20:00.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(receiver.wait_for(2, Duration::ZERO).await.len(), 2, "no second delivery");
    let list = api.get("/api/reminders", Some(&patient.token)).await;
    let next: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(list.body[0]["next_fire_at"].clone()).expect("a next time");
    assert!(next > chrono::Utc::now(), "{next}");
    assert!(next - chrono::Utc::now() <= chrono::Duration::hours(25), "{next}");
}

async fn fifty_reminders_due_at_once_on_two_instances_arrive_once_each(backend: Backend) {
    let receiver = PushReceiver::start().await;
    let first = TestServer::start(backend).await;
    let api = Api::new(&first.base_url);
    // Both instances sign with the same key and read the same VAPID pair from the database.
    let key = std::fs::read(first.home.dir.path().join("secret.key")).expect("the first instance's key");
    let home = ServerHome::sharing_database_of(&first.home);
    std::fs::write(home.dir.path().join("secret.key"), key).expect("share the key");
    let second = TestServer::start_in(home, &[]).await;
    let second_key = Api::new(&second.base_url).get("/api/push/public-key", None).await;

    let (patient, _) = patient_with_device(&api, &receiver).await;
    assert_eq!(api.get("/api/push/public-key", None).await.body, second_key.body, "one VAPID pair for both");
    for i in 0..50 {
        let kind = ["pain", "sleep_diary", "relaxation", "goal", "wind_down"][i % 5];
        add_reminder(&api, &patient, json!({"kind": kind, "local_time": "12:00", "weekdays": [1, 2, 3, 4, 5, 6, 7]}))
            .await;
    }
    let over = api
        .post("/api/reminders", Some(&patient.token), &json!({"kind": "pain", "local_time": "12:00", "weekdays": [1]}))
        .await;
    assert_eq!(over.status, StatusCode::CONFLICT, "the 51st is refused with a reason: {:?}", over.body);
    db::make_reminders_due(&first.home.database_url, &patient.id, 0);

    let got = receiver.wait_for(50, Duration::from_secs(30)).await;
    assert_eq!(got.len(), 50, "rejections: {:?}", receiver.rejections());
    // Both instances tick every second: had either sent a reminder the other claimed, more would come.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let all = receiver.deliveries();
    assert_eq!(all.len(), 50, "each reminder once, not {}", all.len());
}

async fn a_gone_device_is_removed_and_a_busy_service_is_retried_after_its_wait(backend: Backend) {
    let receiver = PushReceiver::start().await;
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let (patient, gone) = patient_with_device(&api, &receiver).await;
    let busy = receiver.new_device();
    assert_eq!(api.post("/api/push/subscriptions", Some(&patient.token), &busy).await.status, StatusCode::OK);
    receiver.script(gone["endpoint"].as_str().unwrap_or_default(), vec![Answer::Status(410)]);
    receiver
        .script(busy["endpoint"].as_str().unwrap_or_default(), vec![Answer::RetryAfter { status: 429, seconds: 2 }]);

    let test = api.post("/api/push/test", Some(&patient.token), &json!({})).await;
    assert_eq!(test.status, StatusCode::OK, "{:?}", test.body);
    assert_eq!((test.body["sent"].as_u64(), test.body["removed"].as_u64()), (Some(1), Some(1)), "{:?}", test.body);

    let to = |device: &Value| {
        let path = device["endpoint"]
            .as_str()
            .unwrap_or_default()
            .rsplit_once(&format!(":{}", receiver.port()))
            .map(|x| x.1.to_owned());
        receiver.deliveries().into_iter().filter(|d| Some(&d.path) == path.as_ref()).collect::<Vec<_>>()
    };
    let tries = to(&busy);
    assert_eq!(tries.iter().map(|d| d.status).collect::<Vec<_>>(), [429, 201], "retried once");
    let waited = tries[1].at - tries[0].at;
    assert!(waited >= Duration::from_secs(2), "after Retry-After: 2, not {waited:?}");
    assert_eq!(to(&gone).len(), 1, "a gone device is not retried");
    let endpoint = gone["endpoint"].as_str().unwrap_or_default();
    assert_eq!(db::count(&server.home.database_url, "push_subscriptions", &format!("endpoint = '{endpoint}'")), 0);
    assert_eq!(db::count(&server.home.database_url, "push_subscriptions", &format!("user_id = '{}'", patient.id)), 1);
}

async fn a_reminder_too_late_to_send_is_offered_to_the_app_instead(backend: Backend) {
    let receiver = PushReceiver::start().await;
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let (patient, _) = patient_with_device(&api, &receiver).await;
    add_reminder(
        &api,
        &patient,
        json!({"kind": "sleep_diary", "local_time": "08:30", "weekdays": [1, 2, 3, 4, 5, 6, 7]}),
    )
    .await;
    let before = chrono::Utc::now() - chrono::Duration::hours(2);
    // Every instance was down for 45 minutes past its time.
    db::make_reminders_due(&server.home.database_url, &patient.id, 45 * 60);
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert!(receiver.deliveries().is_empty(), "too late to send: {:?}", receiver.deliveries().len());

    let since = before.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let missed = api.get(&format!("/api/reminders/missed?since={since}"), Some(&patient.token)).await;
    assert_eq!(missed.status, StatusCode::OK, "{:?}", missed.body);
    assert_eq!(missed.body.as_array().map(Vec::len), Some(1), "{:?}", missed.body);
    assert_eq!(missed.body[0]["kind"], "sleep_diary");
    assert_eq!(missed.body[0]["local_time"], "08:30");
    assert_eq!(missed.body[0]["line"], "You had a reminder at 08:30 to fill in your sleep diary");
    // Asked again from now on, it is no longer news.
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let later = api.get(&format!("/api/reminders/missed?since={now}"), Some(&patient.token)).await;
    assert_eq!(later.body.as_array().map(Vec::len), Some(0), "{:?}", later.body);
}
