//! My plan over HTTP (issue 12), on both databases: Alex writes her own goals (the phone makes the
//! id: a replay changes nothing, an older change loses to a newer one, each saved change is a
//! version in the history) and checks in each week; Jo, her project worker, suggests a goal that
//! waits for her to accept it; Sam, a carer with `goals`, reads but cannot write; a carer without
//! it is refused. Jo's session summary reaches Alex and a carer with `notes`, and Today's lines
//! follow both. Everything is in Alex's export and goes with her account.

use chrono::{Datelike, Days, Duration, Utc};
use evenkeel_tests::people::{PASSWORD, Person, admin};
use evenkeel_tests::{Api, Backend, TestServer, both_backends, db};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

fn goals_path(patient: &Person) -> String {
    format!("/api/patients/{}/goals", patient.id)
}

fn this_monday() -> String {
    let today = Utc::now().date_naive();
    let monday = today.checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday()))).unwrap_or(today);
    monday.format("%Y-%m-%d").to_string()
}

fn goal(what: &str, status: &str, minutes_ago: i64) -> Value {
    json!({
        "what": what,
        "why": "To see the ducks",
        "first_step": "To the corner and back",
        "days_per_week": 3,
        "status": status,
        "updated_at": (Utc::now() - Duration::minutes(minutes_ago)).to_rfc3339(),
    })
}

async fn put(api: &Api, who: &Person, path: &str, body: &Value) -> evenkeel_tests::api::Reply {
    api.send(Method::PUT, path, Some(&who.token), None, Some(body)).await
}

async fn goals_of(api: &Api, reader: &Person, patient: &Person) -> Vec<Value> {
    let reply = api.get(&goals_path(patient), Some(&reader.token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body.as_array().cloned().unwrap_or_default()
}

async fn today_lines(api: &Api, patient: &Person) -> Vec<String> {
    let reply = api.get("/api/me/plan-today", Some(&patient.token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body.as_array().into_iter().flatten().filter_map(|l| l["line"].as_str().map(str::to_owned)).collect()
}

async fn goals_and_summaries(backend: Backend) {
    let server = TestServer::start(backend).await;
    let url = server.home.database_url.clone();
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let alex = api.patient_named("Alex").await;
    let bea = api.patient_named("Bea").await;
    let jo = api.worker(&admin, "Jo").await;
    api.link(&alex, &jo, "worker", &["goals", "notes"]).await;
    let sam = api.carer_of(&alex, "Sam", &["goals", "notes"]).await;
    let dee = api.carer_of(&alex, "Dee", &["pain"]).await;

    // Alex's own goal, made on her phone (its id), saved once however often it is sent.
    let id = Uuid::new_v4();
    let path = format!("{}/{id}", goals_path(&alex));
    let first = goal("Walk to the park for 15 minutes", "active", 10);
    for _ in 0..2 {
        let saved = put(&api, &alex, &path, &first).await;
        assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
        assert_eq!(saved.body["status"], "active");
        assert_eq!(saved.body["proposed_by"], Value::Null, "her own goal");
    }
    let mine = goals_of(&api, &alex, &alex).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["history"].as_array().map(Vec::len), Some(1), "a replay adds no version");
    assert_eq!(today_lines(&api, &alex).await, ["This week's check-in: Walk to the park for 15 minutes"]);

    // A newer change wins; an older one arriving afterwards changes nothing.
    let paused = put(&api, &alex, &path, &goal("Walk to the park for 15 minutes", "paused", 5)).await;
    assert_eq!(paused.body["status"], "paused");
    let stale = put(&api, &alex, &path, &goal("Walk more", "active", 8)).await;
    assert_eq!(stale.status, StatusCode::OK, "{:?}", stale.body);
    assert_eq!(
        (stale.body["status"].as_str(), stale.body["what"].as_str()),
        (Some("paused"), Some("Walk to the park for 15 minutes"))
    );
    let history: Vec<&str> =
        stale.body["history"].as_array().into_iter().flatten().filter_map(|h| h["status"].as_str()).collect();
    assert_eq!(history, ["active", "paused"], "each saved change is a version, oldest first");
    assert!(today_lines(&api, &alex).await.is_empty(), "a paused goal isn't asked about");
    put(&api, &alex, &path, &goal("Walk to the park for 15 minutes", "active", 1)).await;

    // This week's check-in; a later change to it replaces it.
    let week = format!("{path}/weeks/{}", this_monday());
    let checked = put(
        &api,
        &alex,
        &week,
        &json!({"outcome": "partly", "note": " rained ", "updated_at": Utc::now().to_rfc3339()}),
    )
    .await;
    assert_eq!(checked.status, StatusCode::OK, "{:?}", checked.body);
    assert_eq!(
        checked.body["checkins"][0],
        json!({"week_start": this_monday(), "outcome": "partly", "note": "rained"})
    );
    let changed = put(
        &api,
        &alex,
        &week,
        &json!({"outcome": "done", "updated_at": (Utc::now() + Duration::seconds(1)).to_rfc3339()}),
    )
    .await;
    assert_eq!(changed.body["checkins"].as_array().map(Vec::len), Some(1), "one check-in a week");
    assert_eq!(changed.body["checkins"][0]["outcome"], "done");
    assert!(today_lines(&api, &alex).await.is_empty(), "checked in this week: nothing to ask");

    // Mistakes come back as sentences naming what to fix.
    let mut empty = goal("   ", "active", 0);
    let reply = put(&api, &alex, &format!("{}/{}", goals_path(&alex), Uuid::new_v4()), &empty).await;
    assert_eq!(
        (reply.status, reply.body["message"].as_str()),
        (StatusCode::BAD_REQUEST, Some("Please say what you'd like to do, in a few words."))
    );
    empty["what"] = json!("Swim");
    empty["days_per_week"] = json!(9);
    let reply = put(&api, &alex, &format!("{}/{}", goals_path(&alex), Uuid::new_v4()), &empty).await;
    assert_eq!(reply.body["message"], "Please choose from 1 to 7 days a week.");
    let reply = put(
        &api,
        &alex,
        &format!("{path}/weeks/2020-01-07"),
        &json!({"outcome": "done", "updated_at": Utc::now().to_rfc3339()}),
    )
    .await;
    assert_eq!(reply.body["message"], "A week starts on a Monday: please give that Monday's date.");
    let reply =
        put(&api, &alex, &format!("{}/{}", goals_path(&alex), Uuid::new_v4()), &goal("Swim", "proposed", 0)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "a patient can't suggest to herself");

    // Someone else's goal id is nobody's business: the same answer as no goal at all.
    let beas = put(&api, &bea, &format!("{}/{id}", goals_path(&bea)), &goal("Bea's plan", "active", 0)).await;
    assert_eq!(beas.status, StatusCode::NOT_FOUND, "{:?}", beas.body);
    assert_eq!(goals_of(&api, &alex, &alex).await[0]["what"], "Walk to the park for 15 minutes");

    // Jo suggests a goal: it waits for Alex, and can't be checked in on until she accepts.
    let suggested = api
        .post(
            &goals_path(&alex),
            Some(&jo.token),
            &json!({"what": "Breathing practice before bed", "days_per_week": 2}),
        )
        .await;
    assert_eq!(suggested.status, StatusCode::CREATED, "{:?}", suggested.body);
    assert_eq!(
        (suggested.body["status"].as_str(), suggested.body["proposed_by"].as_str()),
        (Some("proposed"), Some("Jo"))
    );
    let suggestion = format!("{}/{}", goals_path(&alex), suggested.body["id"].as_str().unwrap_or_default());
    let early = put(
        &api,
        &alex,
        &format!("{suggestion}/weeks/{}", this_monday()),
        &json!({"outcome": "done", "updated_at": Utc::now().to_rfc3339()}),
    )
    .await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST, "{:?}", early.body);
    assert_eq!(today_lines(&api, &alex).await.len(), 0, "a suggestion isn't due until accepted");
    let mut accept = goal("Breathing practice before bed", "active", 0);
    accept["days_per_week"] = json!(2);
    let accepted = put(&api, &alex, &suggestion, &accept).await;
    assert_eq!((accepted.body["status"].as_str(), accepted.body["proposed_by"].as_str()), (Some("active"), Some("Jo")));
    let by: Vec<&str> =
        accepted.body["history"].as_array().into_iter().flatten().filter_map(|h| h["by_name"].as_str()).collect();
    assert_eq!(by, ["Jo", "Alex"], "who suggested it, then who accepted it");
    assert_eq!(today_lines(&api, &alex).await, ["This week's check-in: Breathing practice before bed"]);

    // Sam reads with `goals`, and every read is in Alex's audit log; nobody but Alex writes.
    let before = api.audit(&alex).await.len();
    assert_eq!(goals_of(&api, &sam, &alex).await.len(), 2);
    let audit = api.audit(&alex).await;
    assert_eq!(audit.len(), before + 1);
    assert_eq!((audit[0]["scope"].as_str(), audit[0]["actor_id"].as_str()), (Some("goals"), Some(sam.id.as_str())));
    let by_sam = put(&api, &sam, &path, &goal("Sam's idea", "active", 0)).await;
    assert_eq!(by_sam.status, StatusCode::FORBIDDEN, "{:?}", by_sam.body);
    assert_eq!(
        by_sam.body["message"],
        "Only Alex can change their goals. A project worker can suggest one for them to accept."
    );
    let sam_suggests = api.post(&goals_path(&alex), Some(&sam.token), &json!({"what": "x", "days_per_week": 1})).await;
    assert_eq!(sam_suggests.status, StatusCode::FORBIDDEN);
    let by_jo = put(&api, &jo, &path, &goal("Jo's edit", "active", 0)).await;
    assert_eq!(by_jo.status, StatusCode::FORBIDDEN, "a worker suggests; only Alex changes her goals");
    let dees = api.get(&goals_path(&alex), Some(&dee.token)).await;
    assert_eq!(dees.status, StatusCode::FORBIDDEN, "{:?}", dees.body);
    assert_eq!(dees.body["message"], "Alex hasn't shared their goals with you.");

    // Jo's summary of today's session, with the next one booked in two days.
    let next = (Utc::now().date_naive() + Duration::days(2)).format("%Y-%m-%d").to_string();
    let summary = json!({"session_date": Utc::now().date_naive().to_string(), "talked_about": "Pacing the walks.", "agreed": "15 minutes, a rest halfway.", "next_session": next});
    let wrote = api.post(&format!("/api/patients/{}/summaries", alex.id), Some(&jo.token), &summary).await;
    assert_eq!(wrote.status, StatusCode::CREATED, "{:?}", wrote.body);
    let by_sam = api.post(&format!("/api/patients/{}/summaries", alex.id), Some(&sam.token), &summary).await;
    assert_eq!(by_sam.status, StatusCode::FORBIDDEN, "summaries come from project workers");
    for reader in [&alex, &sam] {
        let read = api.get(&format!("/api/patients/{}/summaries", alex.id), Some(&reader.token)).await;
        assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
        assert_eq!(read.body[0]["agreed"], "15 minutes, a rest halfway.");
        assert_eq!(read.body[0]["author_name"], "Jo");
    }
    assert_eq!(
        api.get(&format!("/api/patients/{}/summaries", alex.id), Some(&dee.token)).await.status,
        StatusCode::FORBIDDEN
    );
    let lines = today_lines(&api, &alex).await;
    assert_eq!(
        lines.last().map(String::as_str),
        Some(
            format!(
                "Your next session with Jo is on {}.",
                evenkeel_domain::plan::long_day(Utc::now().date_naive() + Duration::days(2))
            )
            .as_str()
        )
    );
    let bad = api
        .post(
            &format!("/api/patients/{}/summaries", alex.id),
            Some(&jo.token),
            &json!({"session_date": "2026-01-05", "talked_about": "x", "next_session": "2026-01-05"}),
        )
        .await;
    assert_eq!(bad.body["message"], "The next session should be after this one.");

    // Alex's export holds both; deleting her account removes them.
    let export =
        api.http.get(format!("{}/api/me/export", api.base_url)).bearer_auth(&alex.token).send().await.expect("export");
    let files = evenkeel_tests::unzip(&export.bytes().await.expect("bytes"));
    assert!(files["goals.json"].contains("Walk to the park for 15 minutes"), "{:?}", files.keys());
    assert!(files["summaries.json"].contains("Pacing the walks."));
    let who = format!("patient_id = '{}'", alex.id);
    assert_eq!(db::count(&url, "goals", &who), 2);
    let deleted = api.delete("/api/me", Some(&alex.token), Some(&json!({"password": PASSWORD}))).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    for table in ["goals", "goal_history", "goal_checkins", "plan_summaries"] {
        assert_eq!(db::count(&url, table, &who), 0, "{table} still has rows about the deleted patient");
    }
}

both_backends!(goals_and_summaries);
