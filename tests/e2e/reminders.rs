//! Reminders over real HTTP, on both databases: the schedule the server works out in the
//! patient's time zone (quiet hours, a change of zone), pausing, who may reach them, the checks on
//! every field and on subscriptions, account deletion, and the start-up rule for the VAPID contact.

use chrono::{DateTime, Timelike, Utc};
use chrono_tz::Tz;
use evenkeel_tests::api::changes;
use evenkeel_tests::people::{PASSWORD, Person};
use evenkeel_tests::{Api, Backend, TestServer, both_backends, db};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const EVERY_DAY: [u8; 7] = [1, 2, 3, 4, 5, 6, 7];

async fn add(api: &Api, who: &Person, body: Value) -> Value {
    let made = api.post("/api/reminders", Some(&who.token), &body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    made.body
}

/// The local wall-clock time of a reminder's next firing, in `zone`.
fn local_next(view: &Value, zone: Tz) -> (u32, u32) {
    let at: DateTime<Utc> = serde_json::from_value(view["next_fire_at"].clone()).expect("next_fire_at");
    let local = at.with_timezone(&zone);
    (local.hour(), local.minute())
}

both_backends!(
    reminders_fire_at_local_times_and_quiet_hours_hold_all_but_dose_and_bedtime,
    a_new_time_zone_moves_every_reminder_and_unknown_zones_are_refused,
    reminders_and_devices_are_the_patients_alone,
    every_bad_field_gets_a_sentence,
    deleting_the_account_removes_reminders_and_devices,
);

async fn reminders_fire_at_local_times_and_quiet_hours_hold_all_but_dose_and_bedtime(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let sam = api.patient_named("Sam").await;
    let london: Tz = "Europe/London".parse().expect("zone");

    let morning = add(&api, &sam, json!({"kind": "sleep_diary", "local_time": "08:30", "weekdays": EVERY_DAY})).await;
    assert_eq!(local_next(&morning, london), (8, 30));
    assert_eq!(morning["time_zone"], "Europe/London");
    // Default quiet hours 22:00–07:00: a pain reminder at 23:15 waits until 07:00 …
    let late_pain = add(&api, &sam, json!({"kind": "pain", "local_time": "23:15", "weekdays": EVERY_DAY})).await;
    assert_eq!(local_next(&late_pain, london), (7, 0));
    // … but a bedtime reminder and a dose, set for that hour on purpose, do not.
    let bedtime = add(&api, &sam, json!({"kind": "wind_down", "local_time": "23:15", "weekdays": EVERY_DAY})).await;
    assert_eq!(local_next(&bedtime, london), (23, 15));
    let medicine = changes::id();
    api.sync(&sam.token, 0, &[changes::medication(&medicine, "Zomorph", "morphine", 10.0)]).await;
    let dose = add(
        &api,
        &sam,
        json!({"kind": "dose", "local_time": "23:15", "weekdays": EVERY_DAY, "medication_id": medicine}),
    )
    .await;
    assert_eq!(local_next(&dose, london), (23, 15));
    assert_eq!(dose["medication_id"], medicine.as_str());

    // Pausing stops it; restarting works its time out again.
    let id = late_pain["id"].as_str().unwrap_or_default();
    let paused = api.patch(&format!("/api/reminders/{id}"), Some(&sam.token), &json!({"paused": true})).await;
    assert_eq!(paused.status, StatusCode::OK, "{:?}", paused.body);
    assert_eq!((paused.body["paused"].as_bool(), paused.body["next_fire_at"].is_null()), (Some(true), true));
    let moved = api
        .patch(&format!("/api/reminders/{id}"), Some(&sam.token), &json!({"paused": false, "local_time": "12:00"}))
        .await;
    assert_eq!(local_next(&moved.body, london), (12, 0));

    // Quiet hours are the patient's to change: 23:00–06:00 now holds 23:15 until 06:00.
    let quiet = json!({"time_zone": "Europe/London", "quiet_hours": {"start": "23:00", "end": "06:00"}});
    let saved = api.send(Method::PUT, "/api/reminders/settings", Some(&sam.token), None, Some(&quiet)).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    api.patch(&format!("/api/reminders/{id}"), Some(&sam.token), &json!({"local_time": "23:15"})).await;
    let list = api.get("/api/reminders", Some(&sam.token)).await;
    let pain = list.body.as_array().into_iter().flatten().find(|r| r["id"] == id).cloned().unwrap_or_default();
    assert_eq!(local_next(&pain, london), (6, 0));

    let deleted = api.delete(&format!("/api/reminders/{id}"), Some(&sam.token), None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(api.get("/api/reminders", Some(&sam.token)).await.body.as_array().map(Vec::len), Some(3));
}

async fn a_new_time_zone_moves_every_reminder_and_unknown_zones_are_refused(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let sam = api.patient_named("Sam").await;
    add(&api, &sam, json!({"kind": "pain", "local_time": "08:00", "weekdays": EVERY_DAY})).await;
    let quiet = json!({"start": "22:00", "end": "07:00"});
    let to_new_york = json!({"time_zone": "America/New_York", "quiet_hours": quiet});
    let saved = api.send(Method::PUT, "/api/reminders/settings", Some(&sam.token), None, Some(&to_new_york)).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    let list = api.get("/api/reminders", Some(&sam.token)).await;
    assert_eq!(local_next(&list.body[0], "America/New_York".parse().expect("zone")), (8, 0));
    assert_eq!(list.body[0]["time_zone"], "America/New_York");
    assert_eq!(api.get("/api/me", Some(&sam.token)).await.body["time_zone"], "America/New_York");

    // The shape alone is not enough any more: the zone must be one the IANA database knows.
    for zone in ["Foo/Bar", "Europe/Londn", "Mars"] {
        let bad = json!({"time_zone": zone, "quiet_hours": quiet});
        let reply = api.send(Method::PUT, "/api/reminders/settings", Some(&sam.token), None, Some(&bad)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{zone}");
        assert!(reply.body["message"].as_str().unwrap_or_default().contains("time zone"), "{:?}", reply.body);
        let signup = api
            .post("/api/auth/register", None, &json!({"email": format!("{}@example.com", uuid::Uuid::new_v4().simple()), "password": PASSWORD, "display_name": "A", "time_zone": zone}))
            .await;
        assert_eq!(signup.status, StatusCode::BAD_REQUEST, "sign-up with {zone}");
    }
}

async fn reminders_and_devices_are_the_patients_alone(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let sam = api.patient_named("Sam").await;
    let mine = add(&api, &sam, json!({"kind": "relaxation", "local_time": "14:00", "weekdays": [1, 3, 5]})).await;
    let id = mine["id"].as_str().unwrap_or_default();
    let carer = api.carer_of(&sam, "Alex", &["pain", "sleep"]).await;
    let other = api.patient_named("Robin").await;

    let device =
        json!({"endpoint": "https://fcm.googleapis.com/fcm/send/abc", "keys": {"p256dh": P256DH, "auth": AUTH}});
    for (who, token) in [("carer", carer.token.as_str()), ("another patient", other.token.as_str())] {
        let patch = api.patch(&format!("/api/reminders/{id}"), Some(token), &json!({"paused": true})).await;
        let delete = api.delete(&format!("/api/reminders/{id}"), Some(token), None).await;
        let list = api.get("/api/reminders", Some(token)).await;
        if who == "carer" {
            assert_eq!(list.status, StatusCode::FORBIDDEN, "{who}");
            assert_eq!(api.post("/api/push/subscriptions", Some(token), &device).await.status, StatusCode::FORBIDDEN);
        } else {
            assert_eq!(list.body.as_array().map(Vec::len), Some(0), "{who} sees only their own");
        }
        assert!(matches!(patch.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{who}: {}", patch.status);
        assert!(matches!(delete.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{who}: {}", delete.status);
    }
    assert_eq!(api.get("/api/reminders", None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.post("/api/push/test", None, &json!({})).await.status, StatusCode::UNAUTHORIZED);
    // Untouched.
    let list = api.get("/api/reminders", Some(&sam.token)).await;
    assert_eq!((list.body[0]["id"].as_str(), list.body[0]["paused"].as_bool()), (Some(id), Some(false)));

    // A device someone else subscribed cannot be removed by another patient.
    let made = api.post("/api/push/subscriptions", Some(&sam.token), &device).await;
    assert_eq!(made.status, StatusCode::OK, "{:?}", made.body);
    let sub = made.body["id"].as_str().unwrap_or_default();
    assert_eq!(
        api.delete(&format!("/api/push/subscriptions/{sub}"), Some(&other.token), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.delete(&format!("/api/push/subscriptions/{sub}"), Some(&sam.token), None).await.status,
        StatusCode::NO_CONTENT
    );
}

/// A real P-256 point and a 16-byte secret (as a browser sends them).
const P256DH: &str = "BLMbF9ffKBiWQLCKvTHb6LO8Nb6dcUh6TItC455vu2kElga6PQvUmaFyCdykxY2nOSSL3yKgfbmFLRTUaGv4yV8";
const AUTH: &str = "xS03Fi5ErfTNH_l9WHE9Ig";

async fn every_bad_field_gets_a_sentence(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let sam = api.patient_named("Sam").await;
    let reminder = |patch: Value| {
        let mut body = json!({"kind": "pain", "local_time": "08:00", "weekdays": EVERY_DAY});
        if let (Some(b), Some(p)) = (body.as_object_mut(), patch.as_object()) {
            b.extend(p.clone());
        }
        body
    };
    let device = |endpoint: &str, p256dh: &str, auth: &str| json!({"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}});
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        ("hour 24", "/api/reminders", reminder(json!({"local_time": "24:00"})), "07:30"),
        ("minute 60", "/api/reminders", reminder(json!({"local_time": "07:60"})), "07:30"),
        ("no leading zero", "/api/reminders", reminder(json!({"local_time": "7:30"})), "07:30"),
        ("no days", "/api/reminders", reminder(json!({"weekdays": []})), "day"),
        ("day 8", "/api/reminders", reminder(json!({"weekdays": [8]})), "day"),
        ("unknown kind", "/api/reminders", reminder(json!({"kind": "nap"})), "reminder is for"),
        ("dose without a medicine", "/api/reminders", reminder(json!({"kind": "dose"})), "medicine"),
        ("not a URL", "/api/push/subscriptions", device("push me", P256DH, AUTH), "notification"),
        (
            "plain http",
            "/api/push/subscriptions",
            device("http://fcm.googleapis.com/fcm/send/1", P256DH, AUTH),
            "secure",
        ),
        (
            "not a push service",
            "/api/push/subscriptions",
            device("https://10.0.0.1/internal", P256DH, AUTH),
            "isn't one Even Keel can send to",
        ),
        (
            "a key off the curve",
            "/api/push/subscriptions",
            device(
                "https://fcm.googleapis.com/fcm/send/1",
                "BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                AUTH,
            ),
            "key",
        ),
        (
            "a short secret",
            "/api/push/subscriptions",
            device("https://fcm.googleapis.com/fcm/send/1", P256DH, "c2hvcnQ"),
            "secret",
        ),
    ];
    for (what, path, body, words) in cases {
        let reply = api.post(path, Some(&sam.token), &body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{what}: {:?}", reply.body);
        let message = reply.body["message"].as_str().unwrap_or_default();
        assert!(message.contains(words), "{what}: {message:?} should mention {words:?}");
    }
    // A well-formed dose reminder for a medicine that isn't there: 404, what it names is missing.
    let unknown = reminder(json!({"kind": "dose", "medication_id": uuid::Uuid::new_v4()}));
    let reply = api.post("/api/reminders", Some(&sam.token), &unknown).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{:?}", reply.body);
    assert!(reply.body["message"].as_str().unwrap_or_default().contains("medicine"), "{:?}", reply.body);
    assert_eq!(
        api.get("/api/reminders", Some(&sam.token)).await.body.as_array().map(Vec::len),
        Some(0),
        "nothing stored"
    );
    let stale = api.get("/api/reminders/missed?since=yesterday", Some(&sam.token)).await;
    assert_eq!(stale.status, StatusCode::BAD_REQUEST, "{:?}", stale.body);

    // Ten devices at most; the same device again is no new one.
    let endpoint = |i: usize| format!("https://fcm.googleapis.com/fcm/send/device-{i}");
    for i in 0..10 {
        let made = api.post("/api/push/subscriptions", Some(&sam.token), &device(&endpoint(i), P256DH, AUTH)).await;
        assert_eq!(made.status, StatusCode::OK, "device {i}: {:?}", made.body);
    }
    let eleventh = api.post("/api/push/subscriptions", Some(&sam.token), &device(&endpoint(10), P256DH, AUTH)).await;
    assert_eq!(eleventh.status, StatusCode::CONFLICT, "{:?}", eleventh.body);
    assert!(
        eleventh.body["message"].as_str().unwrap_or_default().contains("Turn them off on one"),
        "{:?}",
        eleventh.body
    );
    let again = api.post("/api/push/subscriptions", Some(&sam.token), &device(&endpoint(3), P256DH, AUTH)).await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
}

async fn deleting_the_account_removes_reminders_and_devices(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let sam = api.patient_named("Sam").await;
    add(&api, &sam, json!({"kind": "goal", "local_time": "18:00", "weekdays": [7]})).await;
    let device =
        json!({"endpoint": "https://fcm.googleapis.com/fcm/send/sam", "keys": {"p256dh": P256DH, "auth": AUTH}});
    assert_eq!(api.post("/api/push/subscriptions", Some(&sam.token), &device).await.status, StatusCode::OK);
    let quiet = json!({"time_zone": "Europe/Paris", "quiet_hours": {"start": "21:00", "end": "08:00"}});
    api.send(Method::PUT, "/api/reminders/settings", Some(&sam.token), None, Some(&quiet)).await;
    let url = &server.home.database_url;
    let mine = format!("user_id = '{}'", sam.id);
    assert_eq!((db::count(url, "reminders", &mine), db::count(url, "push_subscriptions", &mine)), (1, 1));

    let deleted = api.delete("/api/me", Some(&sam.token), Some(&json!({"password": PASSWORD}))).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    for table in ["reminders", "push_subscriptions", "reminder_settings"] {
        assert_eq!(db::count(url, table, &mine), 0, "{table} left behind");
    }
}

/// Push on (the default) needs a contact for the VAPID claim; the server says so and stops.
#[tokio::test]
async fn push_without_a_contact_stops_at_start_with_a_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |contact: Option<&str>| {
        let mut cmd = std::process::Command::new(evenkeel_tests::server::binary());
        cmd.arg("serve")
            .env("EVENKEEL_ADDR", "127.0.0.1:0")
            .env("DATABASE_URL", format!("sqlite://{}", dir.path().join("db.sqlite").display()))
            .env("EVENKEEL_SECRET_KEY_FILE", dir.path().join("secret.key"))
            .env_remove("EVENKEEL_PUSH")
            .env_remove("EVENKEEL_PUSH_CONTACT");
        if let Some(c) = contact {
            cmd.env("EVENKEEL_PUSH_CONTACT", c);
        }
        cmd.output().expect("run evenkeel")
    };
    for contact in [None, Some("practice@example.org"), Some("http://example.org")] {
        let out = run(contact);
        assert!(!out.status.success(), "{contact:?} must stop the server");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("EVENKEEL_PUSH_CONTACT") && said.contains("mailto:"), "{contact:?}: {said}");
    }
}
