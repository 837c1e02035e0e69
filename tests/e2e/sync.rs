//! The diary sync: idempotent, last writer wins, invalid items rejected one by one, nobody else's
//! entries touched, cursors that bring a second phone exactly what it missed.

use evenkeel_tests::api::changes::{delete, dose, id, medication, pain};
use evenkeel_tests::{Api, Backend, TestServer, both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn ids(v: &Value) -> Vec<String> {
    let mut ids: Vec<String> =
        v.as_array().into_iter().flatten().filter_map(|x| x.as_str().map(str::to_owned)).collect();
    ids.sort();
    ids
}

fn change_ids(body: &Value) -> Vec<String> {
    let mut ids: Vec<String> =
        body["changes"].as_array().into_iter().flatten().filter_map(|c| c["id"].as_str().map(str::to_owned)).collect();
    ids.sort();
    ids
}

async fn a_replayed_batch_changes_nothing(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let token = api.new_patient().await;
    let (a, b) = (id(), id());
    let batch = [
        pain(&a, 6, "2026-11-20T09:00:00+00:00", "2026-11-20T09:00:01Z"),
        pain(&b, 3, "2026-11-20T21:00:00+01:00", "2026-11-20T20:00:01Z"),
    ];

    let first = api.sync(&token, 0, &batch).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let mut expected = vec![a.clone(), b.clone()];
    expected.sort();
    assert_eq!(ids(&first.body["applied"]), expected);
    let cursor = first.body["cursor"].as_i64().unwrap_or_default();
    assert!(cursor > 0);

    // The phone never heard the answer and sends it all again.
    let replay = api.sync(&token, cursor, &batch).await;
    assert_eq!(ids(&replay.body["applied"]), expected, "a replay is acknowledged again");
    assert_eq!(replay.body["cursor"].as_i64(), Some(cursor), "nothing changed, so no new revision");
    assert_eq!(replay.body["changes"], json!([]));

    // The stored entries are exactly the two, with their content and the phone's time zone kept.
    let all = api.sync(&token, 0, &[]).await;
    assert_eq!(change_ids(&all.body), expected);
    let evening = all.body["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["id"] == b.as_str())
        .cloned()
        .unwrap_or_default();
    assert_eq!(evening["data"]["score"], 3);
    assert_eq!(evening["data"]["recorded_at"], "2026-11-20T21:00:00+01:00");
}

async fn a_mixed_batch_applies_the_valid_items_and_explains_the_rest(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let token = api.new_patient().await;
    let (good, too_high, odd_kind, orphan_dose, med, med_dose) = (id(), id(), id(), id(), id(), id());
    let batch = [
        pain(&good, 7, "2026-11-20T09:00:00+00:00", "2026-11-20T09:00:01Z"),
        pain(&too_high, 12, "2026-11-20T09:05:00+00:00", "2026-11-20T09:05:01Z"),
        json!({"id": odd_kind, "kind": "weather", "op": "upsert", "data": {}, "client_updated_at": "2026-11-20T09:00:00Z"}),
        dose(&orphan_dose, &id(), 10.0, "2026-11-20T10:00:00+00:00", &["pain"]),
        medication(&med, "Oxycodone", "oxycodone", 10.0),
        dose(&med_dose, &med, 10.0, "2026-11-20T10:00:00+00:00", &["stress_or_worry"]),
    ];
    let reply = api.sync(&token, 0, &batch).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let mut applied = vec![good.clone(), med.clone(), med_dose.clone()];
    applied.sort();
    assert_eq!(ids(&reply.body["applied"]), applied);

    let rejected = reply.body["rejected"].as_array().cloned().unwrap_or_default();
    let message_for = |id: &str| {
        rejected.iter().find(|r| r["id"] == id).and_then(|r| r["message"].as_str()).unwrap_or_default().to_owned()
    };
    assert_eq!(rejected.len(), 3, "{rejected:?}");
    assert!(message_for(&too_high).contains("0 to 10"), "{rejected:?}");
    assert!(message_for(&odd_kind).contains("kind"), "{rejected:?}");
    assert!(message_for(&orphan_dose).contains("medicine"), "{rejected:?}");

    // The dose carries its oral morphine equivalent (oxycodone × 1.5) with the table version.
    let dose_row = reply.body["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["id"] == med_dose.as_str())
        .cloned()
        .unwrap_or_default();
    assert_eq!(dose_row["ome"], json!({"mg": 15.0, "table_version": "uk-opioids-aware-2020"}));
    assert_eq!(dose_row["data"]["reasons"], json!(["stress_or_worry"]));
}

async fn the_latest_edit_wins_and_deletes_stay_deleted(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let token = api.new_patient().await;
    let entry = id();
    let at = "2026-11-20T09:00:00+00:00";
    api.sync(&token, 0, &[pain(&entry, 5, at, "2026-11-20T09:00:00Z")]).await;
    api.sync(&token, 0, &[pain(&entry, 8, at, "2026-11-20T09:10:00Z")]).await;
    // An older edit arriving late (a second phone that was offline) is acknowledged but loses.
    let late = api.sync(&token, 0, &[pain(&entry, 2, at, "2026-11-20T09:05:00Z")]).await;
    assert_eq!(ids(&late.body["applied"]), vec![entry.clone()]);
    let now = api.sync(&token, 0, &[]).await;
    assert_eq!(now.body["changes"][0]["data"]["score"], 8);

    api.sync(&token, 0, &[delete(&entry, "pain", "2026-11-20T10:00:00Z")]).await;
    api.sync(&token, 0, &[pain(&entry, 4, at, "2026-11-20T09:30:00Z")]).await;
    let after = api.sync(&token, 0, &[]).await;
    assert_eq!(after.body["changes"][0]["op"], "delete", "{:?}", after.body);
    assert_eq!(after.body["changes"][0]["data"], Value::Null, "a deleted entry keeps no health data");
}

async fn another_patients_entries_can_be_neither_changed_nor_read(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let (alex, bea) = (api.new_patient().await, api.new_patient().await);
    let entry = id();
    api.sync(&alex, 0, &[pain(&entry, 6, "2026-11-20T09:00:00+00:00", "2026-11-20T09:00:00Z")]).await;

    let attempt = api.sync(&bea, 0, &[pain(&entry, 0, "2026-11-20T09:00:00+00:00", "2030-01-01T00:00:00Z")]).await;
    assert_eq!(attempt.status, StatusCode::OK);
    assert_eq!(attempt.body["applied"], json!([]));
    assert_eq!(attempt.body["rejected"][0]["id"], entry.as_str());
    assert_eq!(attempt.body["changes"], json!([]), "Bea sees none of Alex's entries");
    let delete_attempt = api.sync(&bea, 0, &[delete(&entry, "pain", "2030-01-01T00:00:00Z")]).await;
    assert_eq!(delete_attempt.body["applied"], json!([]));

    let alex_view = api.sync(&alex, 0, &[]).await;
    assert_eq!(alex_view.body["changes"][0]["data"]["score"], 6, "Alex's entry is untouched");
    assert_eq!(alex_view.body["changes"][0]["op"], "upsert");

    // A dose naming one of Alex's medicines is no dose of Bea's: her list has no such medicine.
    let morphine = id();
    api.sync(&alex, 0, &[medication(&morphine, "Morphine", "morphine", 10.0)]).await;
    let dose_attempt = api.sync(&bea, 0, &[dose(&id(), &morphine, 10.0, "2026-11-20T09:00:00+00:00", &[])]).await;
    assert_eq!(dose_attempt.body["applied"], json!([]), "{:?}", dose_attempt.body);
    let message = dose_attempt.body["rejected"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("isn't in your list"), "{:?}", dose_attempt.body);
}

async fn a_second_phone_gets_exactly_what_it_missed(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let token = api.new_patient().await;
    let (first, second, third) = (id(), id(), id());
    let phone_a = api.sync(&token, 0, &[pain(&first, 4, "2026-11-20T08:00:00+00:00", "2026-11-20T08:00:00Z")]).await;
    let cursor_a = phone_a.body["cursor"].as_i64().unwrap_or_default();

    // Phone B catches up from nothing, then logs two more.
    let phone_b = api.sync(&token, 0, &[]).await;
    assert_eq!(change_ids(&phone_b.body), vec![first.clone()]);
    api.sync(
        &token,
        phone_b.body["cursor"].as_i64().unwrap_or_default(),
        &[
            pain(&second, 5, "2026-11-20T12:00:00+00:00", "2026-11-20T12:00:00Z"),
            pain(&third, 6, "2026-11-20T18:00:00+00:00", "2026-11-20T18:00:00Z"),
        ],
    )
    .await;

    let catch_up = api.sync(&token, cursor_a, &[]).await;
    let mut expected = vec![second, third];
    expected.sort();
    assert_eq!(change_ids(&catch_up.body), expected, "exactly the two missed entries");
    let again = api.sync(&token, catch_up.body["cursor"].as_i64().unwrap_or_default(), &[]).await;
    assert_eq!(again.body["changes"], json!([]));
}

both_backends!(
    a_replayed_batch_changes_nothing,
    a_mixed_batch_applies_the_valid_items_and_explains_the_rest,
    the_latest_edit_wins_and_deletes_stay_deleted,
    another_patients_entries_can_be_neither_changed_nor_read,
    a_second_phone_gets_exactly_what_it_missed,
);

#[tokio::test]
async fn oversized_batches_and_other_roles_get_clear_answers() {
    let server = TestServer::start_with_args(Backend::Sqlite, &["--demo"]).await;
    let api = Api::new(&server.base_url);
    let token = api.new_patient().await;
    let too_many: Vec<Value> =
        (0..501).map(|_| pain(&id(), 1, "2026-11-20T08:00:00+00:00", "2026-11-20T08:00:00Z")).collect();
    let reply = api.sync(&token, 0, &too_many).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.body["message"].as_str().unwrap_or_default().contains("500"));

    let no_id = api.sync(&token, 0, &[json!({"kind": "pain"})]).await;
    assert_eq!(no_id.status, StatusCode::BAD_REQUEST);
    assert_eq!(no_id.error_code(), "invalid_input");

    let carer = api.login("carer@demo.test", "even-keel-demo").await.access_token();
    let forbidden = api.sync(&carer, 0, &[]).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_eq!(forbidden.error_code(), "forbidden");
    assert_eq!(api.sync("", 0, &[]).await.status, StatusCode::UNAUTHORIZED);
}
