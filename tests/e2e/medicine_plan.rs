//! The medicine plan and "I'd like to talk" over HTTP (issue 13), on both databases.
//!
//! Jo, Alex's project worker holding `plan` and `doses`, enters Dr Patel's steps; nobody else can
//! write them (Kim, a worker without `plan`; Sam, a carer with `plan`; Alex herself). Alex and Sam
//! read them, each read audited; Dee (a carer with `pain` only) and a stranger are refused. A change
//! is a new version with a reason, and the first version stays as it was. Alex's request to talk,
//! sent twice as a phone does after a dropped connection, arrives once, goes to the top of Jo's
//! caseload, and Jo's reply reaches Alex as "Jo will call you".

use chrono::{Duration, Utc};
use evenkeel_tests::api::changes;
use evenkeel_tests::people::{Person, admin};
use evenkeel_tests::{Api, Backend, TestServer, both_backends, db};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

fn plan_path(patient: &Person) -> String {
    format!("/api/patients/{}/medicine-plan", patient.id)
}

fn day(offset: i64) -> String {
    (Utc::now().date_naive() + Duration::days(offset)).format("%Y-%m-%d").to_string()
}

fn plan(medicine: &str, steps: &[(i64, f64)], reason: &str) -> Value {
    json!({
        "prescriber": "Dr Patel, Riverside Surgery",
        "agreed_on": day(-10),
        "steps": steps.iter().map(|(offset, mg)| json!({
            "starts_on": day(*offset),
            "amounts": [{"medication_id": medicine, "daily_amount": mg, "how": "half morning, half evening"}],
        })).collect::<Vec<_>>(),
        "review_dates": [day(20)],
        "reason": reason,
    })
}

async fn put(api: &Api, who: &Person, path: &str, body: &Value) -> evenkeel_tests::api::Reply {
    api.send(Method::PUT, path, Some(&who.token), None, Some(body)).await
}

async fn caseload_flags(api: &Api, worker: &Person, patient: &Person) -> Vec<String> {
    let reply = api.get("/api/caseload", Some(&worker.token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let rows = reply.body.as_array().cloned().unwrap_or_default();
    let row = rows.iter().find(|r| r["patient_id"] == patient.id.as_str()).cloned().unwrap_or_default();
    row["flags"].as_array().into_iter().flatten().filter_map(|f| f["kind"].as_str().map(str::to_owned)).collect()
}

async fn the_plan_is_the_prescribers_entered_by_the_worker(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let alex = api.patient_named("Alex").await;
    let jo = api.worker(&admin, "Jo").await;
    let kim = api.worker(&admin, "Kim").await;
    let stranger = api.worker(&admin, "Lee").await;
    api.link(&alex, &jo, "worker", &["plan", "doses"]).await;
    api.link(&alex, &kim, "worker", &["doses"]).await;
    let sam = api.carer_of(&alex, "Sam", &["plan"]).await;
    let dee = api.carer_of(&alex, "Dee", &["pain"]).await;

    // Alex's oxycodone, and 20 mg of it on each of the last three days.
    let oxy = changes::id();
    let mut diary = vec![changes::medication(&oxy, "OxyContin", "oxycodone", 10.0)];
    for ago in 1..=3 {
        let at = (Utc::now() - Duration::days(ago)).to_rfc3339();
        diary.push(changes::dose(&changes::id(), &oxy, 20.0, &at, &["pain"]));
    }
    assert_eq!(api.sync(&alex.token, 0, &diary).await.status, StatusCode::OK);

    // Only Jo writes it: 40 mg a day from 20 days ago, 36 mg from the day after tomorrow.
    let path = plan_path(&alex);
    let first = plan(&oxy, &[(-20, 40.0), (2, 36.0)], "");
    for (who, status) in [(&kim, StatusCode::FORBIDDEN), (&sam, StatusCode::FORBIDDEN), (&alex, StatusCode::FORBIDDEN)]
    {
        assert_eq!(put(&api, who, &path, &first).await.status, status, "{}", who.name);
    }
    assert_eq!(put(&api, &stranger, &path, &first).await.status, StatusCode::NOT_FOUND);
    let saved = put(&api, &jo, &path, &first).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    assert_eq!(saved.body["version"], 1);
    // The server's figures: OME per step from the versioned table, the change exact, nothing more.
    assert_eq!(
        (saved.body["steps"][0]["ome_mg"].as_f64(), saved.body["steps"][1]["ome_mg"].as_f64()),
        (Some(60.0), Some(54.0))
    );
    assert_eq!(saved.body["steps"][1]["change_pct"].as_f64(), Some(-10.0));
    assert_eq!(saved.body["table_version"], "uk-opioids-aware-2020");

    // Alex and Sam read it, with this step and the next in words; Dee and strangers can't.
    for reader in [&alex, &sam] {
        let read = api.get(&path, Some(&reader.token)).await;
        assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
        let current = &read.body["current"];
        assert!(
            current["this_step"]
                .as_str()
                .unwrap_or_default()
                .ends_with(": OxyContin 40 mg a day (half morning, half evening)"),
            "{current}"
        );
        assert!(current["next_step"].as_str().unwrap_or_default().starts_with("Next: From "), "{current}");
        assert_eq!(current["entered_by"], "Jo");
    }
    assert_eq!(api.get(&path, Some(&dee.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(api.get(&path, Some(&stranger.token)).await.status, StatusCode::NOT_FOUND);
    let audit = api.audit(&alex).await;
    assert!(
        audit.iter().any(|a| a["actor_name"] == "Sam"
            && a["subjects"] == json!(["plan"])
            && a["endpoint"].as_str().unwrap_or_default().ends_with("/medicine-plan")),
        "Sam's read is in Alex's log: {audit:?}"
    );

    // A pause is a new version with a reason; the first version is kept as it was.
    let mut paused = plan(&oxy, &[(-20, 40.0), (9, 36.0)], "");
    let refused = put(&api, &jo, &path, &paused).await;
    assert_eq!(
        (refused.status, refused.body["message"].as_str()),
        (StatusCode::BAD_REQUEST, Some("Please say why the plan changed."))
    );
    paused["reason"] = json!("Paused for a week: a flare");
    assert_eq!(put(&api, &jo, &path, &paused).await.body["version"], 2);
    let all = api.get(&format!("{path}?versions=all"), Some(&alex.token)).await;
    let versions = all.body["versions"].as_array().cloned().unwrap_or_default();
    assert_eq!(versions.len(), 2, "{:?}", all.body);
    assert_eq!((versions[0]["version"].as_i64(), versions[1]["version"].as_i64()), (Some(2), Some(1)));
    assert_eq!(versions[1]["steps"][1]["starts_on"], day(2), "the first version is unchanged");
    assert_eq!(versions[0]["reason"], "Paused for a week: a flare");
    assert_eq!(all.body["current"]["version"], 2);

    // Actual against planned: Jo (with doses) sees each day's OME; Sam (plan only) sees the plan alone.
    let days_path = format!("{path}/days");
    let jo_days = api.get(&days_path, Some(&jo.token)).await;
    assert_eq!(jo_days.status, StatusCode::OK, "{:?}", jo_days.body);
    let yesterday = jo_days.body["days"].as_array().into_iter().flatten().find(|d| d["day"] == day(-1)).cloned();
    assert_eq!(yesterday.map(|d| (d["actual_mg"].as_f64(), d["planned_mg"].as_f64())), Some((Some(30.0), Some(60.0))));
    let sam_days = api.get(&days_path, Some(&sam.token)).await;
    assert_eq!(
        (sam_days.body["with_doses"].as_bool(), sam_days.body["days"].as_array().map(Vec::len)),
        (Some(false), Some(0))
    );
    let audit = api.audit(&alex).await;
    assert!(
        audit.iter().any(|a| a["actor_name"] == "Jo"
            && a["subjects"] == json!(["doses"])
            && a["endpoint"].as_str().unwrap_or_default().ends_with("/medicine-plan/days")),
        "Jo's read of doses for the chart is in Alex's log"
    );

    // The caseload: a step is two days away... no, nine days after the pause, so no flag; the GP
    // summary shows the steps.
    assert!(!caseload_flags(&api, &jo, &alex).await.contains(&"medicine_step_soon".to_owned()));
    let mut soon = plan(&oxy, &[(-20, 40.0), (3, 36.0)], "");
    soon["reason"] = json!("Back to the first date");
    assert_eq!(put(&api, &jo, &path, &soon).await.status, StatusCode::OK);
    assert!(caseload_flags(&api, &jo, &alex).await.contains(&"medicine_step_soon".to_owned()));
    assert!(
        !caseload_flags(&api, &kim, &alex).await.contains(&"medicine_step_soon".to_owned()),
        "Kim doesn't hold plan"
    );
    // The day before a step, Today says so (worded by the server).
    let mut tomorrow = plan(&oxy, &[(-20, 40.0), (1, 36.0)], "");
    tomorrow["reason"] = json!("Dr Patel brought the step forward");
    assert_eq!(put(&api, &jo, &path, &tomorrow).await.status, StatusCode::OK);
    let today = api.get("/api/me/plan-today", Some(&alex.token)).await.body;
    let first = today[0]["line"].as_str().unwrap_or_default().to_owned();
    assert!(
        first.starts_with("Your next medicine step starts tomorrow: From ")
            && first.ends_with("OxyContin 36 mg a day (half morning, half evening)"),
        "{today}"
    );
    assert_eq!(today[0]["href"], "/plan");
    let summary = api.get(&format!("/api/patients/{}/summary", alex.id), Some(&jo.token)).await;
    let html = summary.body.as_str().unwrap_or_default();
    assert!(html.contains("Medicine plan") && html.contains("54 mg OME a day, -10% from the step before"), "{html}");

    // The FHIR export carries the plan as a MedicationRequest (intent plan) for whoever holds `plan`.
    let fhir_path = format!("/api/patients/{}/export.fhir.json", alex.id);
    let bundle = api.get(&fhir_path, Some(&jo.token)).await.body;
    assert_eq!(crate::fhir_schema::validate(&bundle), Vec::<String>::new());
    let requests: Vec<Value> = bundle["entry"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["resource"].clone())
        .filter(|r| r["resourceType"] == "MedicationRequest")
        .collect();
    assert_eq!(requests.len(), 1, "{bundle}");
    assert_eq!(
        (requests[0]["intent"].as_str(), requests[0]["requester"]["display"].as_str()),
        (Some("plan"), Some("Dr Patel, Riverside Surgery"))
    );
    assert_eq!(requests[0]["medicationReference"]["reference"], format!("urn:uuid:{oxy}"));
    let rates: Vec<Option<f64>> = requests[0]["dosageInstruction"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| d["doseAndRate"][0]["rateQuantity"]["value"].as_f64())
        .collect();
    assert_eq!(rates, [Some(40.0), Some(36.0)]);
    let without_plan = api.get(&fhir_path, Some(&kim.token)).await.body;
    assert!(!without_plan.to_string().contains("MedicationRequest"), "Kim doesn't hold plan");
}

both_backends!(the_plan_is_the_prescribers_entered_by_the_worker);

async fn a_request_to_talk_arrives_once_and_the_reply_reaches_the_patient(backend: Backend) {
    let server = TestServer::start(backend).await;
    let url = server.home.database_url.clone();
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let alex = api.patient_named("Alex").await;
    let jo = api.worker(&admin, "Jo").await;
    let kim = api.worker(&admin, "Kim").await;
    api.link(&alex, &jo, "worker", &["plan"]).await;
    api.link(&alex, &kim, "worker", &["pain"]).await;
    let sam = api.carer_of(&alex, "Sam", &["plan"]).await;

    // Sent from the phone, then sent again when the answer was lost: stored once.
    let path = format!("/api/patients/{}/contact-requests", alex.id);
    let id = Uuid::new_v4();
    let body = json!({"id": id, "reason": "medicines", "note": "Can we talk before the next step?",
        "good_times": "Weekday mornings", "sent_at": (Utc::now() - Duration::minutes(30)).to_rfc3339()});
    let first = api.post(&path, Some(&alex.token), &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let again = api.post(&path, Some(&alex.token), &body).await;
    assert_eq!((again.status, again.body["id"].as_str()), (StatusCode::OK, Some(id.to_string().as_str())));
    assert_eq!(db::count(&url, "contact_requests", "1 = 1"), 1, "a repeat is not a second request");
    let mut changed = body.clone();
    changed["note"] = json!("Something different");
    assert_eq!(api.post(&path, Some(&alex.token), &changed).await.status, StatusCode::BAD_REQUEST);
    for who in [&sam, &jo] {
        let other = json!({"id": Uuid::new_v4(), "reason": "flare", "sent_at": Utc::now().to_rfc3339()});
        assert_eq!(api.post(&path, Some(&who.token), &other).await.status, StatusCode::FORBIDDEN, "{}", who.name);
    }

    // Jo sees it first on the caseload; Kim (no plan) doesn't see it at all.
    let open = api.get("/api/contact-requests", Some(&jo.token)).await;
    let open = open.body.as_array().cloned().unwrap_or_default();
    assert_eq!(open.len(), 1);
    assert_eq!((open[0]["status"].as_str(), open[0]["age"].as_str()), (Some("sent"), Some("Sent 30 minutes ago")));
    assert_eq!(open[0]["overdue"], false);
    assert_eq!(caseload_flags(&api, &jo, &alex).await.first().map(String::as_str), Some("asked_to_talk"));
    assert_eq!(api.get("/api/contact-requests", Some(&kim.token)).await.body, json!([]));
    assert_eq!(api.get("/api/contact-requests", Some(&alex.token)).await.status, StatusCode::FORBIDDEN);

    // Jo replies in a line; Alex sees "Jo will call you" and the reply. Kim can't answer it.
    let answer = format!("/api/contact-requests/{id}");
    assert_eq!(api.patch(&answer, Some(&kim.token), &json!({"seen": true})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(api.patch(&answer, Some(&jo.token), &json!({})).await.status, StatusCode::BAD_REQUEST);
    let replied = api.patch(&answer, Some(&jo.token), &json!({"reply": "I'll ring you tomorrow morning."})).await;
    assert_eq!(replied.status, StatusCode::OK, "{:?}", replied.body);
    let mine = api.get(&path, Some(&alex.token)).await;
    assert_eq!(mine.body[0]["status_line"], "Jo will call you");
    assert_eq!(mine.body[0]["reply"], "I'll ring you tomorrow morning.");
    assert_eq!(api.get(&path, Some(&sam.token)).await.body[0]["status"], "will_call", "Sam holds plan");

    // Closed: off Jo's list. An older open one shows as overdue.
    assert_eq!(api.patch(&answer, Some(&jo.token), &json!({"close": true})).await.body["status"], "done");
    assert_eq!(api.get("/api/contact-requests", Some(&jo.token)).await.body, json!([]));
    let old = Uuid::new_v4();
    let body = json!({"id": old, "reason": "feelings", "sent_at": Utc::now().to_rfc3339()});
    assert_eq!(api.post(&path, Some(&alex.token), &body).await.status, StatusCode::CREATED);
    db::execute(&url, &format!("UPDATE contact_requests SET sent_at = '2026-01-05 09:00:00' WHERE id = '{old}'"));
    let open = api.get("/api/contact-requests", Some(&jo.token)).await;
    assert_eq!(open.body[0]["overdue"], true, "{:?}", open.body);

    // Check-ins with strong feelings count towards "withdrawal feelings logged often", for Jo (plan).
    let checkins: Vec<Value> = (1..=3)
        .map(|ago| {
            let at = (Utc::now() - Duration::days(ago)).to_rfc3339();
            json!({"id": changes::id(), "kind": "withdrawal", "op": "upsert", "client_updated_at": at,
                "data": {"recorded_at": at, "feelings": {"aches": "quite_a_bit", "yawning": "a_little"}}})
        })
        .collect();
    let synced = api.sync(&alex.token, 0, &checkins).await;
    assert_eq!(synced.body["applied"].as_array().map(Vec::len), Some(3), "{:?}", synced.body);
    assert!(caseload_flags(&api, &jo, &alex).await.contains(&"withdrawal_feelings_often".to_owned()));
    assert!(!caseload_flags(&api, &kim, &alex).await.contains(&"withdrawal_feelings_often".to_owned()));
}

both_backends!(a_request_to_talk_arrives_once_and_the_reply_reaches_the_patient);
