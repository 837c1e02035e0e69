//! Out of the app: patterns as JSON (only the kinds a viewer may see, findings in the third person for
//! others), the GP summary page, CSV and FHIR exports, the worker's caseload with flags from daily
//! rollups, and the demo diary.

use chrono::{Days, Duration, Utc};
use evenkeel_domain::patterns::demo::demo_weeks;
use evenkeel_tests::api::changes::{dose, id, medication, pain};
use evenkeel_tests::people::{Person, admin};
use evenkeel_tests::{Api, Backend, TestServer, both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Syncs `demo_weeks` ending yesterday into the patient's diary (in batches the server accepts).
async fn sync_demo(api: &Api, patient: &Person) -> usize {
    let end = Utc::now().date_naive() - Days::new(1);
    let start = end - Days::new(8 * 7 - 1);
    let changes: Vec<Value> = demo_weeks(start, 8, 99)
        .into_iter()
        .map(|(id, data)| {
            json!({"id": id, "kind": data.kind().as_str(), "op": "upsert", "data": data.to_json(),
                   "client_updated_at": Utc::now().to_rfc3339()})
        })
        .collect();
    for batch in changes.chunks(400) {
        let reply = api.sync(&patient.token, 0, batch).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        assert_eq!(reply.body["rejected"], json!([]), "{:?}", reply.body["rejected"]);
    }
    changes.len()
}

fn kinds(list: &Value, field: &str) -> Vec<String> {
    list.as_array().into_iter().flatten().filter_map(|f| f[field].as_str().map(str::to_owned)).collect()
}

async fn patterns_show_only_what_is_shared(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let alex = api.patient_named("Alex").await;
    sync_demo(&api, &alex).await;
    let path = format!("/api/patients/{}/patterns", alex.id);

    let own = api.get(&path, Some(&alex.token)).await;
    assert_eq!(own.status, StatusCode::OK, "{:?}", own.body);
    let findings = kinds(&own.body["patterns"]["findings"], "kind");
    assert!(findings.contains(&"doses_evening_high_stress".to_owned()), "{findings:?}");
    assert!(findings.contains(&"boom_and_bust".to_owned()), "{findings:?}");
    assert_eq!(own.body["patterns"]["days"].as_array().map(Vec::len), Some(28), "the default period is 28 days");
    let takeaway = own.body["patterns"]["findings"][0]["takeaway"].as_str().unwrap_or_default();
    assert!(takeaway.to_lowercase().contains("you"), "{takeaway}");

    // A carer with only pain: pain rollups and findings, nothing about doses.
    let carer = api.carer_of(&alex, "Sam", &["pain"]).await;
    let shared = api.get(&path, Some(&carer.token)).await;
    assert_eq!(shared.status, StatusCode::OK, "{:?}", shared.body);
    assert_eq!(shared.body["scopes"], json!(["pain"]));
    let p = &shared.body["patterns"];
    assert!(p["days"].as_array().into_iter().flatten().all(|d| d["doses"] == 0 && d["ome_mg"].is_null()), "{p}");
    assert!(p["days"].as_array().into_iter().flatten().any(|d| d["pain_mean"].is_number()));
    assert_eq!(p["reasons"], json!([]));
    assert!(
        p["heatmap"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|r| r.as_array().cloned().unwrap_or_default())
            .all(|n| n == 0)
    );
    let carer_findings = kinds(&p["findings"], "kind");
    assert!(
        !carer_findings.iter().any(|k| k.contains("dose") || k.contains("ome") || k == "top_reason"),
        "{carer_findings:?}"
    );
    let takeaways: Vec<&str> =
        p["findings"].as_array().into_iter().flatten().filter_map(|f| f["takeaway"].as_str()).collect();
    assert!(!takeaways.iter().any(|t| t.contains("You") || t.contains(" you")), "{takeaways:?}");
    // With doses and mood shared too, the dose findings appear, told about Alex by name.
    let fuller = api.carer_of(&alex, "Rob", &["pain", "doses", "mood"]).await;
    let more = api.get(&path, Some(&fuller.token)).await;
    let evening = more.body["patterns"]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["kind"] == "doses_evening_high_stress")
        .cloned()
        .unwrap_or_default();
    let t = evening["takeaway"].as_str().unwrap_or_default();
    assert!(t.contains("Alex's") && !t.contains("your"), "third person for a carer: {t}");
    let audit = api.audit(&alex).await;
    let sams: Vec<&Value> = audit.iter().filter(|r| r["actor_id"] == carer.id.as_str()).collect();
    assert_eq!(sams.len(), 1, "one audit row: the one scope read");
    assert_eq!(sams[0]["subjects"], json!(["pain"]));
    assert_eq!(sams[0]["endpoint"], "GET /api/patients/{patient_id}/patterns");

    // Bad dates are explained.
    let bad = api.get(&format!("{path}?from=yesterday"), Some(&alex.token)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    bad.error_code();
}

async fn the_caseload_flags_linked_patients_only(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let admin = admin(&server, &api).await;
    let jo = api.worker(&admin, "Jo").await;
    let kim = api.worker(&admin, "Kim").await;
    let now = Utc::now();
    let at = |hours: i64| (now - Duration::hours(hours)).to_rfc3339();

    // High: 130 mg oral morphine an hour ago (OME 130 ≥ 120).
    let high = api.patient_named("Hana").await;
    let morphine = id();
    let reply = api
        .sync(
            &high.token,
            0,
            &[medication(&morphine, "Morphine", "morphine", 10.0), dose(&id(), &morphine, 130.0, &at(1), &["pain"])],
        )
        .await;
    assert_eq!(reply.body["rejected"], json!([]), "{:?}", reply.body);
    api.link(&high, &jo, "worker", &["pain", "doses", "mood"]).await;
    // Silent: last entry 5 days ago.
    let silent = api.patient_named("Sol").await;
    api.sync(&silent.token, 0, &[pain(&id(), 4, &at(24 * 5), &at(24 * 5))]).await;
    api.link(&silent, &jo, "worker", &["pain"]).await;
    // Steady: an entry today, no flags.
    let steady = api.patient_named("Tess").await;
    api.sync(&steady.token, 0, &[pain(&id(), 3, &at(1), &at(1))]).await;
    api.link(&steady, &jo, "worker", &["pain"]).await;
    // Not Jo's: linked to Kim only; and one who revoked Jo.
    let other = api.patient_named("Uma").await;
    api.link(&other, &kim, "worker", &["pain"]).await;
    let gone = api.patient_named("Vic").await;
    let link = api.link(&gone, &jo, "worker", &["pain"]).await;
    let revoked =
        api.delete(&format!("/api/links/{}", link["id"].as_str().unwrap_or_default()), Some(&gone.token), None).await;
    assert_eq!(revoked.status, StatusCode::OK, "{:?}", revoked.body);

    let audit_before = api.audit(&high).await.len();
    let caseload = api.get("/api/caseload", Some(&jo.token)).await;
    assert_eq!(caseload.status, StatusCode::OK, "{:?}", caseload.body);
    let rows = caseload.body.as_array().cloned().unwrap_or_default();
    let mut names: Vec<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Hana", "Sol", "Tess"], "only patients with an active link to Jo");
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).cloned().unwrap_or_default();
    assert_eq!(kinds(&row("Hana")["flags"], "kind"), ["ome_high"], "{}", row("Hana"));
    assert_eq!(row("Hana")["ome_mg_per_day_latest"], 130.0);
    assert_eq!(kinds(&row("Sol")["flags"], "kind"), ["no_recent_entries"], "{}", row("Sol"));
    assert!(row("Sol")["flags"][0]["detail"].as_str().unwrap_or_default().contains("5 days"), "{}", row("Sol"));
    assert_eq!(row("Sol")["ome_mg_per_day_latest"], Value::Null, "doses not shared");
    assert_eq!(row("Tess")["flags"], json!([]));
    // One audit row for this view in the patient's log, listing the scopes the caseload read.
    let audit = api.audit(&high).await;
    assert_eq!(audit.len() - audit_before, 1, "{audit:?}");
    assert!(audit[0]["endpoint"] == "GET /api/caseload" && audit[0]["actor_id"] == jo.id.as_str(), "{audit:?}");
    assert_eq!(audit[0]["subjects"], json!(["pain", "doses", "mood"]));

    // Only workers.
    let carer = api.carer_of(&high, "Cy", &["pain"]).await;
    assert_eq!(api.get("/api/caseload", Some(&carer.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(api.get("/api/caseload", Some(&high.token)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(api.get("/api/caseload", None).await.status, StatusCode::UNAUTHORIZED);

    // A deleted entry updates the rollups: Hana's dose gone, no more OME flag.
    let all = api.sync(&high.token, 0, &[]).await;
    let dose_id =
        all.body["changes"].as_array().into_iter().flatten().find(|c| c["kind"] == "dose").map(|c| c["id"].clone());
    let dose_id = dose_id.and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    api.sync(
        &high.token,
        0,
        &[json!({"id": dose_id, "kind": "dose", "op": "delete", "client_updated_at": Utc::now().to_rfc3339()})],
    )
    .await;
    let after = api.get("/api/caseload", Some(&jo.token)).await;
    let hana = after.body.as_array().into_iter().flatten().find(|r| r["name"] == "Hana").cloned().unwrap_or_default();
    assert!(!kinds(&hana["flags"], "kind").contains(&"ome_high".to_owned()), "{hana}");
}

async fn summary_csv_and_fhir(backend: Backend) {
    let server = TestServer::start(backend).await;
    let api = Api::new(&server.base_url);
    let alex = api.patient_named("Alex").await;
    let now = Utc::now();
    let at = |hours: i64| (now - Duration::hours(hours)).to_rfc3339();
    let morphine = id();
    let butec = id();
    let morphine_dose = id();
    let p1 = id();
    let mut noted = pain(&p1, 6, &at(30), &at(30));
    noted["data"]["note"] = json!("Bad night, \"sharp\" pain\nafter gardening, =SUM(A1)");
    noted["data"]["peg"] = json!({"average": 6, "enjoyment": 5, "activity": 7});
    let batch = vec![
        medication(&morphine, "Morphine", "morphine", 10.0),
        json!({"id": butec, "kind": "medication", "op": "upsert", "client_updated_at": at(40),
               "data": {"name": "Butec", "opioid": "buprenorphine_patch_7day", "strength": 10,
                        "unit": "mcg_per_hour", "form": "patch", "schedule": "scheduled"}}),
        noted,
        // Typed text that a spreadsheet would run as a formula: the CSV must show it as text.
        json!({"id": id(), "kind": "activity", "op": "upsert", "client_updated_at": at(20),
               "data": {"started_at": at(20), "minutes": 20, "what": "=SUM(B2) round the park",
                        "effort": "moderate", "kind": "activity"}}),
        dose(&id(), &butec, 10.0, &at(6), &[]),
        pain(&id(), 4, &at(5), &at(5)),
        dose(&morphine_dose, &morphine, 20.0, &at(4), &["pain", "stress_or_worry"]),
        json!({"id": id(), "kind": "mood", "op": "upsert", "client_updated_at": at(3),
               "data": {"recorded_at": at(3), "stress": 7, "mood": "low", "phq2": [2, 1], "gad2": [1, 1]}}),
        json!({"id": id(), "kind": "relaxation", "op": "upsert", "client_updated_at": at(2),
               "data": {"recorded_at": at(2), "minutes": 17, "pattern": "box", "feel_before": 4, "feel_after": 6}}),
    ];
    let reply = api.sync(&alex.token, 0, &batch).await;
    assert_eq!(reply.body["rejected"], json!([]), "{:?}", reply.body);
    let base = format!("/api/patients/{}", alex.id);

    let summary = api.get(&format!("{base}/summary"), Some(&alex.token)).await;
    assert_eq!(summary.status, StatusCode::OK);
    assert!(summary.headers["content-type"].to_str().unwrap_or_default().starts_with("text/html"));
    let html = summary.body.as_str().unwrap_or_default();
    assert!(html.contains("Period covered"), "{html}");
    assert!(html.contains("PEG"), "{html}");
    assert!(html.contains("not a clinical record"));
    assert!(html.contains("<th>Relaxation practised (min)</th>") && html.contains("<td>17</td>"), "{html}");
    assert!(html.contains("href=\"/api/summary.css\"") && !html.contains("<script") && !html.contains("<style"));
    let css = api.get("/api/summary.css", None).await;
    assert!(css.body.as_str().unwrap_or_default().contains("@media print"));

    let csv = api.get(&format!("{base}/export.csv"), Some(&alex.token)).await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = csv.body.as_str().unwrap_or_default().to_owned();
    assert!(text.starts_with("id,kind,recorded_at_local,utc_offset"), "{text}");
    for change in batch.iter().filter(|c| c["kind"] != "medication") {
        let id = change["id"].as_str().unwrap_or_default();
        assert_eq!(text.matches(id).count(), 1, "every entry once: {id}\n{text}");
    }
    assert!(text.contains("\"Bad night, \"\"sharp\"\" pain\nafter gardening, =SUM(A1)\""), "quoted note: {text}");
    assert!(text.contains(",+00:00,"), "{text}");
    assert!(text.contains(",'=SUM(B2) round the park,"), "a typed formula stays text: {text}");

    let fhir = api.get(&format!("{base}/export.fhir.json"), Some(&alex.token)).await;
    assert_eq!(fhir.status, StatusCode::OK, "{:?}", fhir.body);
    let bundle = &fhir.body;
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    let resources: Vec<&Value> = bundle["entry"].as_array().into_iter().flatten().map(|e| &e["resource"]).collect();
    let pains: Vec<&&Value> = resources.iter().filter(|r| r["code"]["coding"][0]["code"] == "72514-3").collect();
    assert_eq!(pains.len(), 2, "{bundle}");
    assert_eq!(pains[0]["code"]["coding"][0]["system"], "http://loinc.org");
    assert!(pains.iter().all(|p| p["valueInteger"].is_i64() && p["status"] == "final"));
    let phq2 =
        resources.iter().find(|r| r["code"]["text"].as_str().is_some_and(|t| t.starts_with("PHQ-2"))).expect("PHQ-2");
    assert!(phq2["code"]["coding"].is_null(), "PHQ-2 is text-only");
    assert_eq!(phq2["valueInteger"], 3);
    let errors = crate::fhir_schema::validate(bundle);
    assert!(errors.is_empty(), "FHIR R4 schema: {errors:#?}");
    the_dose_is_a_statement_about_the_medicine(bundle, &morphine, &morphine_dose, &at(4));

    // A carer with pain only gets pain rows only.
    let carer = api.carer_of(&alex, "Sam", &["pain"]).await;
    let csv = api.get(&format!("{base}/export.csv"), Some(&carer.token)).await;
    let lines: Vec<&str> = csv
        .body
        .as_str()
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with("id,") && l.contains(",pain,"))
        .collect();
    assert!(!csv.body.as_str().unwrap_or_default().contains(",dose,"), "{:?}", csv.body);
    assert!(!csv.body.as_str().unwrap_or_default().contains(",relaxation,"), "{:?}", csv.body);
    let summary = api.get(&format!("{base}/summary"), Some(&carer.token)).await;
    assert!(!summary.body.as_str().unwrap_or_default().contains("Relaxation practised"), "not shared with Sam");
    assert_eq!(lines.len(), 2);
    let fhir = api.get(&format!("{base}/export.fhir.json"), Some(&carer.token)).await;
    let types = kinds(&Value::Array(resources_of(&fhir.body).into_iter().cloned().collect()), "resourceType");
    assert!(!types.iter().any(|t| t.starts_with("Medication")), "medicines not shared with Sam: {types:?}");
}

fn resources_of(bundle: &Value) -> Vec<&Value> {
    bundle["entry"].as_array().into_iter().flatten().map(|e| &e["resource"]).collect()
}

/// What a FHIR client sees of a logged dose: a MedicationStatement whose medicationReference resolves
/// (by fullUrl, or as `Medication/<id>`) to a Medication with the medicine's name, holding the amount
/// and time of the dose; and no Observation for it any more.
fn the_dose_is_a_statement_about_the_medicine(bundle: &Value, medicine_id: &str, dose_id: &str, taken_at: &str) {
    let entries: Vec<&Value> = bundle["entry"].as_array().into_iter().flatten().collect();
    let statement = entries
        .iter()
        .map(|e| &e["resource"])
        .find(|r| r["resourceType"] == "MedicationStatement" && r["id"] == dose_id)
        .unwrap_or_else(|| panic!("a MedicationStatement for the dose: {bundle}"));
    let reference = statement["medicationReference"]["reference"].as_str().unwrap_or_default();
    let medication = entries
        .iter()
        .find(|e| {
            e["resource"]["resourceType"] == "Medication"
                && (e["fullUrl"] == reference
                    || format!("Medication/{}", e["resource"]["id"].as_str().unwrap_or("")) == reference)
        })
        .map(|e| &e["resource"])
        .unwrap_or_else(|| panic!("medicationReference {reference:?} resolves to a Medication: {bundle}"));
    assert_eq!(medication["id"], medicine_id, "the Medication's id is the medicine's: {medication}");
    assert_eq!(medication["code"]["text"], "Morphine");
    assert_eq!(medication["form"]["text"], "tablet");
    let strength = &medication["ingredient"][0]["strength"];
    assert_eq!((&strength["numerator"]["value"], &strength["numerator"]["unit"]), (&json!(10.0), &json!("mg")));
    assert_eq!(strength["denominator"]["unit"], "tablet");

    assert_eq!(statement["status"], "completed");
    assert_eq!(statement["informationSource"]["reference"], statement["subject"]["reference"], "told by the patient");
    let amount = &statement["dosage"][0]["doseAndRate"][0]["doseQuantity"];
    assert_eq!((&amount["value"], &amount["code"]), (&json!(20.0), &json!("mg")), "{statement}");
    let seconds = |t: &str| chrono::DateTime::parse_from_rfc3339(t).map(|t| t.timestamp()).ok();
    let effective = statement["effectiveDateTime"].as_str().unwrap_or_default();
    assert_eq!(seconds(effective), seconds(taken_at), "taken at {taken_at}, exported {effective}");
    assert_eq!(kinds(&statement["reasonCode"], "text"), ["Pain", "Stress or worry"]);
    let notes = kinds(&statement["note"], "text");
    assert!(notes.iter().any(|n| n.starts_with("Oral morphine equivalent of this dose: 20 mg")), "{notes:?}");

    let observations: Vec<&Value> =
        entries.iter().map(|e| &e["resource"]).filter(|r| r["resourceType"] == "Observation").collect();
    assert!(
        !observations.iter().any(
            |o| o["id"] == dose_id || o["code"]["text"].as_str().is_some_and(|t| t.to_lowercase().contains("dose"))
        ),
        "no dose as an Observation: {observations:#?}"
    );
    // The patch: its strength a Ratio of mcg per hour, its dose in mcg/h.
    let patch = entries
        .iter()
        .map(|e| &e["resource"])
        .find(|r| r["resourceType"] == "Medication" && r["code"]["text"] == "Butec")
        .unwrap_or_else(|| panic!("the patch's Medication: {bundle}"));
    assert_eq!(patch["ingredient"][0]["strength"]["denominator"]["code"], "h", "{patch}");
}

async fn the_demo_shows_patterns_at_once(backend: Backend) {
    let server = TestServer::start_with_args(backend, &["--demo"]).await;
    assert!(server.startup_output.contains("Demo diary:"), "{}", server.startup_output);
    let api = Api::new(&server.base_url);
    let login = |email: &'static str| {
        let api = api.clone();
        async move {
            let reply = api.login(email, "even-keel-demo").await;
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
            (reply.access_token(), reply.body["user"]["id"].as_str().unwrap_or_default().to_owned())
        }
    };
    let (patient, patient_id) = login("patient@demo.test").await;
    let patterns = api.get(&format!("/api/patients/{patient_id}/patterns"), Some(&patient)).await;
    let findings = kinds(&patterns.body["patterns"]["findings"], "kind");
    assert!(findings.contains(&"boom_and_bust".to_owned()), "{findings:?}");
    assert!(findings.contains(&"doses_evening_high_stress".to_owned()), "{findings:?}");
    let (worker, _) = login("worker@demo.test").await;
    let caseload = api.get("/api/caseload", Some(&worker)).await;
    assert_eq!(caseload.body.as_array().map(Vec::len), Some(1), "{:?}", caseload.body);
    let (carer, _) = login("carer@demo.test").await;
    let shared = api.get(&format!("/api/patients/{patient_id}/patterns"), Some(&carer)).await;
    assert_eq!(shared.status, StatusCode::OK, "{:?}", shared.body);
    assert!(!shared.body["scopes"].as_array().into_iter().flatten().any(|s| s == "doses"));
}

both_backends!(
    patterns_show_only_what_is_shared,
    the_caseload_flags_linked_patients_only,
    summary_csv_and_fhir,
    the_demo_shows_patterns_at_once
);
