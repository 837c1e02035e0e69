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
    assert_eq!(
        (audit[0]["subjects"][0].as_str(), audit[0]["actor_id"].as_str()),
        (Some("goals"), Some(sam.id.as_str()))
    );
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
                evenkeel_domain::dates::long_date(Utc::now().date_naive() + Duration::days(2))
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

fn pacing_body(amounts: [f64; 3]) -> Value {
    json!({"activity": "Walking", "unit": "minutes", "tries": [
        {"day": "2026-11-02", "amount": amounts[0]},
        {"day": "2026-11-03", "amount": amounts[1]},
        {"day": "2026-11-05", "amount": amounts[2]},
    ]})
}

/// A pacing plan: the baseline from three tries, a target that moves only when Alex or Jo choose a
/// step, Today's line counting her walks today, and Sam reading without changing anything.
async fn pacing_plans_move_only_when_chosen(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let alex = api.patient_named("Alex").await;
    let jo = api.worker(&admin, "Jo").await;
    api.link(&alex, &jo, "worker", &["plan", "pain"]).await;
    let sam = api.carer_of(&alex, "Sam", &["plan"]).await;
    let dee = api.carer_of(&alex, "Dee", &["goals"]).await;
    let plans = format!("/api/patients/{}/pacing-plans", alex.id);

    let made = api.post(&plans, Some(&alex.token), &pacing_body([7.0, 8.0, 7.5])).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    assert_eq!((made.body["baseline"].as_f64(), made.body["target"].as_f64()), (Some(6.0), Some(6.0)));
    assert_eq!(made.body["next_target"], 7.0, "6.6 rounds to 7");
    assert_eq!(
        made.body["explained"],
        "From your three tries (7, 8 and 7.5 minutes), the mean is 7.5; 80% of that, 6, is the baseline. Rounded: 6 minutes."
    );
    let steps = format!("{plans}/{}/steps", made.body["id"].as_str().unwrap_or_default());

    // Jo steps it up (audited as a write of `plan`); Alex holds, then steps back.
    let up = api.post(&steps, Some(&jo.token), &json!({"action": "step_up"})).await;
    assert_eq!((up.status, up.body["target"].as_f64()), (StatusCode::OK, Some(7.0)), "{:?}", up.body);
    let audit = api.audit(&alex).await;
    assert_eq!((audit[0]["subjects"][0].as_str(), audit[0]["action"].as_str()), (Some("plan"), Some("write")));
    let held = api.post(&steps, Some(&alex.token), &json!({"action": "hold"})).await;
    assert_eq!(held.body["target"], 7.0);
    let back = api.post(&steps, Some(&alex.token), &json!({"action": "step_back"})).await;
    assert_eq!(back.body["target"], 6.0);
    let history: Vec<(&str, f64)> = back.body["history"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|h| (h["action"].as_str().unwrap_or_default(), h["target"].as_f64().unwrap_or_default()))
        .collect();
    assert_eq!(history, [("start", 6.0), ("step_up", 7.0), ("hold", 7.0), ("step_back", 6.0)]);
    let start_again = api.post(&steps, Some(&alex.token), &json!({"action": "start"})).await;
    assert_eq!(start_again.status, StatusCode::BAD_REQUEST);

    // Today counts today's walks, not the ironing, and suggests a rest once the target is met.
    let now = Utc::now().to_rfc3339();
    api.sync(
        &alex.token,
        0,
        &[
            evenkeel_tests::api::changes::activity(&evenkeel_tests::api::changes::id(), "Walk to the shop", 4, &now),
            evenkeel_tests::api::changes::activity(&evenkeel_tests::api::changes::id(), "Ironing", 20, &now),
        ],
    )
    .await;
    assert_eq!(today_lines(&api, &alex).await, ["Walking: 4 of 6 minutes today."]);
    api.sync(
        &alex.token,
        0,
        &[evenkeel_tests::api::changes::activity(&evenkeel_tests::api::changes::id(), "walked back", 3, &now)],
    )
    .await;
    assert_eq!(
        today_lines(&api, &alex).await,
        ["Walking: 7 of 6 minutes. That's today's target: a good time for a rest."]
    );

    // Sam reads with `plan`; only Alex and Jo choose; Dee without `plan` is refused.
    let read = api.get(&plans, Some(&sam.token)).await;
    assert_eq!((read.status, read.body[0]["target"].as_f64()), (StatusCode::OK, Some(6.0)), "{:?}", read.body);
    let by_sam = api.post(&steps, Some(&sam.token), &json!({"action": "step_up"})).await;
    assert_eq!(by_sam.status, StatusCode::FORBIDDEN);
    assert_eq!(by_sam.body["message"], "Only Alex and their project worker can change their plan.");
    assert_eq!(api.post(&plans, Some(&sam.token), &pacing_body([5.0, 5.0, 5.0])).await.status, StatusCode::FORBIDDEN);
    assert_eq!(api.get(&plans, Some(&dee.token)).await.status, StatusCode::FORBIDDEN);

    // The GP summary carries the plan Jo may read (pacing), and says nothing of goals he can't.
    let gp = api
        .http
        .get(format!("{}/api/patients/{}/summary", api.base_url, alex.id))
        .bearer_auth(&jo.token)
        .send()
        .await
        .expect("summary");
    let html = gp.text().await.unwrap_or_default();
    assert!(html.contains("<h2>Plan</h2>"), "{html}");
    assert!(
        html.contains("<li>Walking: baseline 6 minutes, now 6 minutes a day (stepped up 0 times by 10%)</li>"),
        "{html}"
    );
    assert!(!html.contains("<h3>Goals</h3>"), "Jo doesn't hold goals");

    // Plain words for a plan that can't be worked out.
    let mut same_day = pacing_body([7.0, 8.0, 7.5]);
    same_day["tries"][2]["day"] = json!("2026-11-02");
    let reply = api.post(&plans, Some(&alex.token), &same_day).await;
    assert_eq!(
        (reply.status, reply.body["message"].as_str()),
        (StatusCode::BAD_REQUEST, Some("The three tries need to be on different days."))
    );
}

both_backends!(pacing_plans_move_only_when_chosen);

/// The services directory is the practice staff's to keep and everyone's to read; a worker's
/// referral keeps every status in order, a long waiting list shows on the caseload, the patient
/// says how it went, and a carer with `plan` reads it all and changes nothing.
async fn services_and_referrals(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let alex = api.patient_named("Alex").await;
    let jo = api.worker(&admin, "Jo").await;
    api.link(&alex, &jo, "worker", &["plan", "pain"]).await;
    let sam = api.carer_of(&alex, "Sam", &["plan"]).await;

    // Staff keep the directory; a patient can't add to it, but can read it.
    let group = json!({"name": "Tuesday relaxation group", "offers": "Breathing and body scan, in a group", "category": "relaxation_group",
        "times": [{"weekday": 2, "start": "10:00", "end": "11:30"}], "place": "Church hall, Mill Lane", "contact": "01234 567890", "cost": "Free"});
    let made = api.post("/api/services", Some(&admin.token), &group).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    assert_eq!(made.body["outside_working_hours"], false);
    let service = made.body["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(api.post("/api/services", Some(&alex.token), &group).await.status, StatusCode::FORBIDDEN);
    let mut evening = group.clone();
    evening["times"] =
        json!([{"weekday": 2, "start": "10:00", "end": "11:30"}, {"weekday": 4, "start": "18:30", "end": "20:00"}]);
    let edited = api.patch(&format!("/api/services/{service}"), Some(&jo.token), &evening).await;
    assert_eq!(
        (edited.status, edited.body["outside_working_hours"].as_bool()),
        (StatusCode::OK, Some(true)),
        "{:?}",
        edited.body
    );
    let listed = api.get("/api/services", Some(&sam.token)).await;
    assert_eq!(listed.body.as_array().map(Vec::len), Some(1));
    let bad = api.post("/api/services", Some(&jo.token), &json!({"name": "x", "category": "other"})).await;
    assert_eq!(bad.body["message"], "Please say where it is, or that it is online.");

    // Jo refers Alex; each status is kept in order; a waiting list needs its date.
    let referrals = format!("/api/patients/{}/referrals", alex.id);
    let referred = api.post(&referrals, Some(&jo.token), &json!({"service_id": service, "status": "suggested"})).await;
    assert_eq!(referred.status, StatusCode::CREATED, "{:?}", referred.body);
    let one = format!("{referrals}/{}", referred.body["id"].as_str().unwrap_or_default());
    assert_eq!(api.patch(&one, Some(&jo.token), &json!({"status": "referred"})).await.status, StatusCode::OK);
    let no_date = api.patch(&one, Some(&jo.token), &json!({"status": "waiting_list"})).await;
    assert_eq!(no_date.body["message"], "Please give the day they joined the waiting list.");
    let since = (Utc::now().date_naive() - Duration::days(50)).to_string();
    let waiting = api.patch(&one, Some(&jo.token), &json!({"status": "waiting_list", "waiting_since": since})).await;
    let statuses: Vec<&str> =
        waiting.body["history"].as_array().into_iter().flatten().filter_map(|h| h["status"].as_str()).collect();
    assert_eq!(statuses, ["suggested", "referred", "waiting_list"], "{:?}", waiting.body);

    // Seven weeks on the list: a calm flag on Jo's caseload.
    let caseload = api.get("/api/caseload", Some(&jo.token)).await;
    let flags = caseload.body[0]["flags"].as_array().cloned().unwrap_or_default();
    let wait =
        flags.iter().find(|f| f["kind"] == "long_wait").unwrap_or_else(|| panic!("no long-wait flag: {flags:?}"));
    assert!(
        wait["detail"].as_str().unwrap_or_default().starts_with("Waiting 7 weeks for Tuesday relaxation group"),
        "{wait}"
    );

    // Alex says she went; Sam reads it and can change nothing.
    let went = api
        .send(Method::PUT, &format!("{one}/response"), Some(&alex.token), None, Some(&json!({"response": "went"})))
        .await;
    assert_eq!((went.status, went.body["response"].as_str()), (StatusCode::OK, Some("went")), "{:?}", went.body);
    let seen = api.get(&referrals, Some(&sam.token)).await;
    assert_eq!(seen.body[0]["service"]["contact"], "01234 567890");
    let by_sam = api
        .send(Method::PUT, &format!("{one}/response"), Some(&sam.token), None, Some(&json!({"response": "not_for_me"})))
        .await;
    assert_eq!(by_sam.status, StatusCode::FORBIDDEN);
    assert_eq!(api.patch(&one, Some(&sam.token), &json!({"status": "started"})).await.status, StatusCode::FORBIDDEN);

    // Taken out of the directory, the service stays on Alex's referral.
    let gone = api.delete(&format!("/api/services/{service}"), Some(&jo.token), None).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(api.get("/api/services", Some(&alex.token)).await.body, json!([]));
    assert_eq!(api.get(&referrals, Some(&alex.token)).await.body[0]["service"]["name"], "Tuesday relaxation group");
    let again = api.post(&referrals, Some(&jo.token), &json!({"service_id": service, "status": "suggested"})).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "no new referrals to a retired service");
}

both_backends!(services_and_referrals);

/// An exercise list from Jo that Alex ticks off day by day, with pain before and after compared
/// once there are three such days; Sam reads it and ticks nothing.
async fn exercise_plans_are_ticked_off_by_the_patient(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let alex = api.patient_named("Alex").await;
    let jo = api.worker(&admin, "Jo").await;
    api.link(&alex, &jo, "worker", &["plan"]).await;
    let sam = api.carer_of(&alex, "Sam", &["plan"]).await;
    let plans = format!("/api/patients/{}/exercise-plans", alex.id);
    let (sit, calf) = (Uuid::new_v4(), Uuid::new_v4());
    let every_day = [1, 2, 3, 4, 5, 6, 7];
    let list = json!({"title": "Physio exercises", "exercises": [
        {"id": sit, "name": "Sit to stand", "amount": "10 times, 2 sets", "days": every_day, "note": "Slowly, from the kitchen chair"},
        {"id": calf, "name": "Calf raises", "amount": "15 times", "days": every_day},
    ]});
    let made = api.post(&plans, Some(&jo.token), &list).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    assert_eq!(
        (made.body["written_by"].as_str(), made.body["exercises"][0]["note"].as_str()),
        (Some("Jo"), Some("Slowly, from the kitchen chair"))
    );
    let plan = format!("{plans}/{}", made.body["id"].as_str().unwrap_or_default());

    // Three days ticked, with pain before and after; the plan compares them, in words.
    let today = Utc::now().date_naive();
    for (back, before, after) in [(2, 6, 5), (1, 5, 5), (0, 5, 3)] {
        let day = today - Duration::days(back);
        let body = json!({"done": [calf, sit, calf], "pain_before": before, "pain_after": after});
        let ticked = api.send(Method::PUT, &format!("{plan}/days/{day}"), Some(&alex.token), None, Some(&body)).await;
        assert_eq!(ticked.status, StatusCode::OK, "{:?}", ticked.body);
    }
    let read = api.get(&plans, Some(&sam.token)).await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    assert_eq!(read.body[0]["days"][0]["day"], today.to_string(), "newest first");
    assert_eq!(read.body[0]["days"][0]["done"], json!([sit, calf]), "once each, in the list's order");
    assert_eq!(
        read.body[0]["compared"],
        "On the 3 days with pain noted before and after, it was 5.3 before and 4.3 after, on average."
    );

    // A second tick of a day replaces it; nobody but Alex ticks; plain words for slips.
    let again = api
        .send(Method::PUT, &format!("{plan}/days/{today}"), Some(&alex.token), None, Some(&json!({"done": [sit]})))
        .await;
    assert_eq!(again.body["days"][0]["done"], json!([sit]));
    assert_eq!(again.body["days"].as_array().map(Vec::len), Some(3));
    let by_sam = api
        .send(Method::PUT, &format!("{plan}/days/{today}"), Some(&sam.token), None, Some(&json!({"done": [sit]})))
        .await;
    assert_eq!(by_sam.status, StatusCode::FORBIDDEN);
    let stranger = api
        .send(
            Method::PUT,
            &format!("{plan}/days/{today}"),
            Some(&alex.token),
            None,
            Some(&json!({"done": [Uuid::new_v4()]})),
        )
        .await;
    assert_eq!(stranger.body["message"], "That exercise isn't on this list.");
    let later = today + Duration::days(3);
    let future = api
        .send(Method::PUT, &format!("{plan}/days/{later}"), Some(&alex.token), None, Some(&json!({"done": []})))
        .await;
    assert_eq!(future.body["message"], "That day hasn't come yet.");

    // Alex rewrites the list herself; Sam can't.
    let mut shorter = list.clone();
    shorter["exercises"] = json!([list["exercises"][0].clone()]);
    let rewritten = api.send(Method::PUT, &plan, Some(&alex.token), None, Some(&shorter)).await;
    assert_eq!(
        (rewritten.status, rewritten.body["written_by"].as_str()),
        (StatusCode::OK, Some("Alex")),
        "{:?}",
        rewritten.body
    );
    assert_eq!(rewritten.body["exercises"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        api.send(Method::PUT, &plan, Some(&sam.token), None, Some(&shorter)).await.status,
        StatusCode::FORBIDDEN
    );
}

both_backends!(exercise_plans_are_ticked_off_by_the_patient);
