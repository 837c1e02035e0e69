//! The authorization matrix, generated from the OpenAPI document: every operation on a path under
//! `/api/patients/` × every kind of caller. Only the patient and a linked carer or worker holding
//! the operation's scope succeed; every allowed access by someone else leaves exactly one audit
//! row, and nothing else leaves any. A new patient-data endpoint fails this test until it is added
//! to `OPERATIONS` below, and one that doesn't declare its `x-scope` fails it too.
//!
//! `x-scope` is a scope name, `by-kind` (the `kind` parameter decides), or `any-diary-scope` (the
//! patterns, summary and exports: allowed with at least one diary scope, reading only those kinds,
//! with one audit row per diary scope the caller holds; a carer with no diary scope gets 403), or
//! `own-session-notes` (a project worker's own session notes: only a worker on an active link,
//! whatever its scopes; carers and the patient get 403; audited as `session_notes`), or
//! `worker-suggestion` (a project worker suggests relaxation practice: a worker link holding the
//! `relaxation` scope; carers and the patient get 403; audited as `relaxation`).

use evenkeel_tests::people::{Person, admin};
use evenkeel_tests::{Api, Backend, both_backends, tokens};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// How the matrix calls one operation: (query string, scope it needs) for each variant, and a body.
struct Operation {
    id: &'static str,
    /// The `x-scope` it must declare.
    declared_scope: &'static str,
    variants: &'static [(&'static str, &'static str)],
    body: Option<fn() -> Value>,
}

const OPERATIONS: &[Operation] = &[
    Operation {
        id: "patient_entries",
        declared_scope: "by-kind",
        variants: &[
            ("?kind=pain", "pain"),
            ("?kind=dose&from=2026-01-01", "doses"),
            ("?kind=medication", "doses"),
            ("?kind=mood", "mood"),
            ("?kind=activity", "activity"),
            ("?kind=sleep", "sleep"),
        ],
        body: None,
    },
    Operation { id: "patient_notes", declared_scope: "notes", variants: &[("", "notes")], body: None },
    Operation {
        id: "patient_patterns",
        declared_scope: "any-diary-scope",
        variants: &[("", "pain"), ("?from=2026-01-01&to=2026-01-28", "doses")],
        body: None,
    },
    Operation { id: "patient_summary", declared_scope: "any-diary-scope", variants: &[("", "sleep")], body: None },
    Operation { id: "patient_export_csv", declared_scope: "any-diary-scope", variants: &[("", "mood")], body: None },
    Operation {
        id: "patient_export_fhir",
        declared_scope: "any-diary-scope",
        variants: &[("", "activity")],
        body: None,
    },
    Operation {
        id: "add_patient_note",
        declared_scope: "notes",
        variants: &[("", "notes")],
        body: Some(|| json!({"text": "Seemed brighter after the walk today."})),
    },
    Operation {
        id: "list_session_notes",
        declared_scope: OWN_SESSION_NOTES,
        variants: &[("", "session_notes")],
        body: None,
    },
    Operation {
        id: "add_session_note",
        declared_scope: OWN_SESSION_NOTES,
        variants: &[("", "session_notes")],
        body: Some(session_note),
    },
    Operation {
        id: "list_relax_suggestions",
        declared_scope: "relaxation",
        variants: &[("", "relaxation")],
        body: None,
    },
    Operation {
        id: "add_relax_suggestion",
        declared_scope: WORKER_SUGGESTION,
        variants: &[("", "relaxation")],
        body: Some(|| json!({"item_kind": "page", "item_id": "pacing"})),
    },
    Operation { id: "list_goals", declared_scope: "goals", variants: &[("", "goals")], body: None },
    Operation {
        id: "propose_goal",
        declared_scope: WORKER_SUGGESTION,
        variants: &[("", "goals")],
        body: Some(|| json!({"what": "Walk to the shop and back", "days_per_week": 2})),
    },
    Operation { id: "save_goal", declared_scope: PATIENT_ONLY, variants: &[("", "goals")], body: Some(goal) },
    Operation {
        id: "check_in_goal",
        declared_scope: PATIENT_ONLY,
        variants: &[("", "goals")],
        body: Some(|| json!({"outcome": "partly", "updated_at": chrono::Utc::now().to_rfc3339()})),
    },
    Operation { id: "list_pacing_plans", declared_scope: "plan", variants: &[("", "plan")], body: None },
    Operation {
        id: "add_pacing_plan",
        declared_scope: PATIENT_OR_WORKER,
        variants: &[("", "plan")],
        body: Some(pacing_plan),
    },
    Operation {
        id: "step_pacing_plan",
        declared_scope: PATIENT_OR_WORKER,
        variants: &[("", "plan")],
        body: Some(|| json!({"action": "hold"})),
    },
    Operation { id: "list_referrals", declared_scope: "plan", variants: &[("", "plan")], body: None },
    Operation { id: "add_referral", declared_scope: WORKER_SUGGESTION, variants: &[("", "plan")], body: None },
    Operation {
        id: "change_referral",
        declared_scope: WORKER_SUGGESTION,
        variants: &[("", "plan")],
        body: Some(|| json!({"status": "referred"})),
    },
    Operation {
        id: "respond_to_referral",
        declared_scope: PATIENT_ONLY,
        variants: &[("", "plan")],
        body: Some(|| json!({"response": "went"})),
    },
    Operation { id: "list_exercise_plans", declared_scope: "plan", variants: &[("", "plan")], body: None },
    Operation {
        id: "add_exercise_plan",
        declared_scope: PATIENT_OR_WORKER,
        variants: &[("", "plan")],
        body: Some(exercise_plan),
    },
    Operation {
        id: "rewrite_exercise_plan",
        declared_scope: PATIENT_OR_WORKER,
        variants: &[("", "plan")],
        body: Some(exercise_plan),
    },
    Operation {
        id: "tick_exercises",
        declared_scope: PATIENT_ONLY,
        variants: &[("", "plan")],
        body: Some(|| json!({"done": [EXERCISE_ID], "pain_before": 5})),
    },
    Operation {
        id: "read_medicine_plan",
        declared_scope: "plan",
        variants: &[("", "plan"), ("?versions=all", "plan")],
        body: None,
    },
    Operation {
        id: "save_medicine_plan",
        declared_scope: WORKER_SUGGESTION,
        variants: &[("", "plan")],
        body: Some(medicine_plan),
    },
    Operation { id: "medicine_plan_days", declared_scope: "plan", variants: &[("", "plan")], body: None },
    Operation { id: "list_contact_requests", declared_scope: "plan", variants: &[("", "plan")], body: None },
    Operation {
        id: "send_contact_request",
        declared_scope: PATIENT_ONLY,
        variants: &[("", "plan")],
        body: Some(
            || json!({"id": uuid::Uuid::new_v4(), "reason": "flare", "sent_at": chrono::Utc::now().to_rfc3339()}),
        ),
    },
    Operation { id: "list_summaries", declared_scope: "notes", variants: &[("", "notes")], body: None },
    Operation {
        id: "add_summary",
        declared_scope: OWN_SESSION_NOTES,
        variants: &[("", "session_notes")],
        body: Some(|| json!({"session_date": chrono::Utc::now().date_naive().to_string(), "talked_about": "Pacing."})),
    },
    Operation {
        id: "edit_session_note",
        declared_scope: OWN_SESSION_NOTES,
        variants: &[("", "session_notes")],
        body: Some(session_note),
    },
];

/// The `x-scope` of a project worker's own session notes (not a scope the patient shares).
const OWN_SESSION_NOTES: &str = "own-session-notes";

/// The `x-scope` of a project worker's suggestion of relaxation practice: a worker link holding the
/// `relaxation` scope; the patient and carers get 403; audited as `relaxation`.
const WORKER_SUGGESTION: &str = "worker-suggestion";

/// The `x-scope` of the patient's own changes (their goals and check-ins): nobody else may make
/// them, whatever they hold; the patient's own writes are not audited.
const PATIENT_ONLY: &str = "patient-only";

/// The `x-scope` of an action on the patient's account rather than their data (a reset code from
/// the practice): no diary is read. Its own callers are tested in `account_recovery.rs` (a worker
/// on an active link or an admin; nobody else), so the matrix leaves it out.
const PRACTICE_ACCOUNT: &str = "practice-account";

/// The `x-scope` of what the patient and their project worker agree together (a pacing plan):
/// the patient, or a worker on an active link holding the scope (audited); carers get 403.
const PATIENT_OR_WORKER: &str = "patient-or-worker";

fn pacing_plan() -> Value {
    json!({"activity": "Walking", "unit": "minutes", "tries": [
        {"day": "2026-01-05", "amount": 7}, {"day": "2026-01-06", "amount": 8}, {"day": "2026-01-08", "amount": 7.5}
    ]})
}

/// Alex's medicine (synced before the matrix runs), which the medicine plan the matrix writes names.
const MEDICINE_ID: &str = "6f1c1f2e-8a53-4f3e-9d3a-2b8f7c1e0a99";

fn medicine_plan() -> Value {
    let day = chrono::Utc::now().date_naive();
    json!({"prescriber": "Dr Patel", "agreed_on": day.to_string(), "reason": "Written by the matrix",
        "steps": [{"starts_on": day.to_string(), "amounts": [{"medication_id": MEDICINE_ID, "daily_amount": 20.0}]}]})
}

/// The one exercise on every exercise plan the matrix writes, so a tick can name it.
const EXERCISE_ID: &str = "5f0c2a7e-3d41-4b8e-9a61-7c2d8e4f1b30";

fn exercise_plan() -> Value {
    json!({"title": "Physio exercises", "exercises": [
        {"id": EXERCISE_ID, "name": "Sit to stand", "amount": "10 times", "days": [1, 2, 3, 4, 5, 6, 7]}
    ]})
}

/// The goal every `save_goal` call sends (the same id each time: Alex's replays change nothing).
fn goal() -> Value {
    json!({"what": "Walk to the park", "days_per_week": 3, "status": "active", "updated_at": chrono::Utc::now().to_rfc3339()})
}

/// This week's Monday, for the check-in path (`{week_start}`).
fn this_monday() -> String {
    use chrono::Datelike;
    let today = chrono::Utc::now().date_naive();
    (today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()))).to_string()
}

fn session_note() -> Value {
    json!({"session_date": chrono::Utc::now().date_naive().to_string(), "text": "Talked about pacing."})
}

/// The scopes that cover diary entry kinds (what `any-diary-scope` reads).
const DIARY_SCOPES: [&str; 6] = ["pain", "activity", "doses", "mood", "sleep", "relaxation"];

const ALL_SCOPES: [&str; 9] = ["pain", "activity", "doses", "mood", "sleep", "relaxation", "goals", "plan", "notes"];

/// One call the matrix makes, found in the OpenAPI document.
struct Call {
    method: Method,
    path: String,
    operation: &'static Operation,
}

/// Every operation under `/api/patients/` with a `{patient_id}` or `{id}` in its path.
fn patient_operations(doc: &Value) -> Vec<Call> {
    let mut calls = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths in the OpenAPI document") {
        if !path.starts_with("/api/patients/") || !(path.contains("{patient_id}") || path.contains("{id}")) {
            continue;
        }
        for (method, op) in item.as_object().into_iter().flatten() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else { continue };
            let id = op["operationId"].as_str().unwrap_or_default();
            let declared = op["x-scope"].as_str().unwrap_or_else(|| {
                panic!("{method} {path} ({id}) does not declare the scope it needs: add extensions((\"x-scope\" = json!(\"…\"))) to its #[utoipa::path]")
            });
            if declared == PRACTICE_ACCOUNT {
                continue;
            }
            assert!(
                declared == "by-kind"
                    || declared == "any-diary-scope"
                    || declared == OWN_SESSION_NOTES
                    || declared == WORKER_SUGGESTION
                    || declared == PATIENT_ONLY
                    || declared == PATIENT_OR_WORKER
                    || ALL_SCOPES.contains(&declared),
                "{method} {path} declares x-scope {declared:?}, which is not a scope"
            );
            let operation = OPERATIONS.iter().find(|o| o.id == id).unwrap_or_else(|| {
                panic!("{method} {path} (operationId {id}) is a patient-data endpoint the authorization matrix doesn't know how to call: add it to OPERATIONS in tests/e2e/authorization.rs")
            });
            assert_eq!(declared, operation.declared_scope, "{id}: the declared scope changed; update the matrix");
            calls.push(Call { method, path: path.clone(), operation });
        }
    }
    for op in OPERATIONS {
        assert!(
            calls.iter().any(|c| c.operation.id == op.id),
            "{} is in the matrix but not in the API any more",
            op.id
        );
    }
    calls
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allowed,
    /// Allowed, and by someone other than the patient: one audit row.
    AllowedAudited,
    Status(StatusCode),
}

async fn the_authorization_matrix(backend: Backend) {
    let key = tokens::random_key();
    let server = tokens::start_with_key(backend, &key).await;
    let api = Api::new(&server.base_url);
    let doc = api.get("/api/openapi.json", None).await.body;
    let calls = patient_operations(&doc);
    assert!(calls.len() >= 3, "the patient-data endpoints are in the OpenAPI document");

    // The people. Alex is the patient whose diary everyone tries.
    let admin = admin(&server, &api).await;
    let alex = api.patient_named("Alex").await;
    let bea = api.patient_named("Bea").await;
    api.sync(
        &alex.token,
        0,
        &[evenkeel_tests::api::changes::pain(
            &evenkeel_tests::api::changes::id(),
            6,
            &chrono::Utc::now().to_rfc3339(),
            &chrono::Utc::now().to_rfc3339(),
        )],
    )
    .await;
    let revoked = api.carer_of(&alex, "Rae (revoked)", &ALL_SCOPES).await;
    let revoked_link =
        api.links(&alex).await.iter().find(|l| l["member_id"] == revoked.id.as_str()).cloned().unwrap_or_default();
    let gone = api
        .delete(&format!("/api/links/{}", revoked_link["id"].as_str().unwrap_or_default()), Some(&alex.token), None)
        .await;
    assert_eq!(gone.status, StatusCode::OK, "{:?}", gone.body);
    // Invited but never accepted: Alex made an invite; this carer (Bea's) never used it.
    let _unused_code = api.invite(&alex, "carer", &ALL_SCOPES).await;
    let not_accepted = api.carer_of(&bea, "Nia (not accepted)", &["pain"]).await;
    let worker = api.worker(&admin, "Jo (linked worker)").await;
    api.link(&alex, &worker, "worker", &ALL_SCOPES).await;
    let unlinked_worker = api.worker(&admin, "Kim (unlinked worker)").await;
    let no_diary = api.carer_of(&alex, "Eve (no diary scope)", &["goals", "plan", "notes"]).await;
    let every_scope = api.carer_of(&alex, "Ann (every scope)", &ALL_SCOPES).await;
    // A session note of the linked worker's, for the path that edits one (`{note_id}`).
    let note =
        api.post(&format!("/api/patients/{}/session-notes", alex.id), Some(&worker.token), &session_note()).await;
    assert_eq!(note.status, StatusCode::CREATED, "{:?}", note.body);
    let note_id = note.body["id"].as_str().unwrap_or_default().to_owned();
    // One of Alex's goals, for the paths that change one (`{goal_id}`, `{week_start}`).
    let goal_id = uuid::Uuid::new_v4().to_string();
    let made = api
        .send(
            Method::PUT,
            &format!("/api/patients/{}/goals/{goal_id}", alex.id),
            Some(&alex.token),
            None,
            Some(&goal()),
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{:?}", made.body);
    // Her medicine, for the medicine plan the linked worker writes.
    let medicine = evenkeel_tests::api::changes::medication(MEDICINE_ID, "OxyContin", "oxycodone", 10.0);
    assert_eq!(api.sync(&alex.token, 0, &[medicine]).await.status, StatusCode::OK);
    // And a pacing plan of hers (`{plan_id}`).
    let plan = api.post(&format!("/api/patients/{}/pacing-plans", alex.id), Some(&alex.token), &pacing_plan()).await;
    assert_eq!(plan.status, StatusCode::CREATED, "{:?}", plan.body);
    let plan_id = plan.body["id"].as_str().unwrap_or_default().to_owned();
    // A service in the directory, and Jo's referral of Alex to it (`{referral_id}`).
    let service = api
        .post(
            "/api/services",
            Some(&worker.token),
            &json!({"name": "Tuesday relaxation group", "category": "relaxation_group", "online": true}),
        )
        .await;
    assert_eq!(service.status, StatusCode::CREATED, "{:?}", service.body);
    let service_id = service.body["id"].as_str().unwrap_or_default().to_owned();
    let referral = api
        .post(
            &format!("/api/patients/{}/referrals", alex.id),
            Some(&worker.token),
            &json!({"service_id": service_id, "status": "suggested"}),
        )
        .await;
    assert_eq!(referral.status, StatusCode::CREATED, "{:?}", referral.body);
    let referral_id = referral.body["id"].as_str().unwrap_or_default().to_owned();
    let new_referral = json!({"service_id": service_id, "status": "suggested"});
    // And an exercise plan of hers (`{exercise_plan_id}`, with today for `{day}`).
    let exercises =
        api.post(&format!("/api/patients/{}/exercise-plans", alex.id), Some(&alex.token), &exercise_plan()).await;
    assert_eq!(exercises.status, StatusCode::CREATED, "{:?}", exercises.body);
    let exercise_plan_id = exercises.body["id"].as_str().unwrap_or_default().to_owned();

    let mut with_scope = std::collections::HashMap::new();
    let mut without_scope = std::collections::HashMap::new();
    for call in &calls {
        for (_, scope) in call.operation.variants {
            if ![OWN_SESSION_NOTES, PATIENT_ONLY, PATIENT_OR_WORKER].contains(&call.operation.declared_scope)
                && !with_scope.contains_key(scope)
            {
                with_scope.insert(*scope, api.carer_of(&alex, &format!("Cal (has {scope})"), &[scope]).await);
                let others: Vec<&str> = ALL_SCOPES.iter().copied().filter(|s| s != scope).collect();
                without_scope.insert(*scope, api.carer_of(&alex, &format!("Dee (lacks {scope})"), &others).await);
            }
        }
    }

    let expired = tokens::expired(&key, &alex.id, "patient");
    let other_key = tokens::sign(
        &tokens::random_key(),
        &alex.id,
        "patient",
        chrono::Utc::now().timestamp(),
        chrono::Utc::now().timestamp() + 600,
    );
    let alg_none = tokens::alg_none(&alex.id, "patient");

    let not_found = Expect::Status(StatusCode::NOT_FOUND);
    let forbidden = Expect::Status(StatusCode::FORBIDDEN);
    let unauthorized = Expect::Status(StatusCode::UNAUTHORIZED);
    let mut audit_len = api.audit(&alex).await.len();
    let mut checked = 0;
    for call in &calls {
        let any_diary = call.operation.declared_scope == "any-diary-scope";
        // Session notes are a worker's own: the patient and every carer are refused.
        let worker_only = [OWN_SESSION_NOTES, WORKER_SUGGESTION].contains(&call.operation.declared_scope);
        // The patient's own changes: everyone else is refused, the linked worker too.
        let patient_only = call.operation.declared_scope == PATIENT_ONLY;
        // Agreed with the worker: the patient and the linked worker; no carer.
        let agreed = call.operation.declared_scope == PATIENT_OR_WORKER;
        for (query, scope) in call.operation.variants {
            let lacking = if any_diary || worker_only || patient_only || agreed {
                Some(&no_diary)
            } else {
                without_scope.get(scope)
            };
            let (holder, by_patient, by_holder) = if worker_only {
                (Some(&every_scope), forbidden, forbidden)
            } else if patient_only || agreed {
                (Some(&every_scope), Expect::Allowed, forbidden)
            } else {
                (with_scope.get(scope), Expect::Allowed, Expect::AllowedAudited)
            };
            let by_worker = if patient_only { forbidden } else { Expect::AllowedAudited };
            let callers: Vec<(&str, Option<&Person>, Option<&str>, Expect)> = vec![
                ("the patient", Some(&alex), None, by_patient),
                ("another patient", Some(&bea), None, not_found),
                ("carer with the scope", holder, None, by_holder),
                ("carer without the scope", lacking, None, forbidden),
                ("carer whose link was revoked", Some(&revoked), None, forbidden),
                ("carer invited but not accepted", Some(&not_accepted), None, not_found),
                ("linked worker", Some(&worker), None, by_worker),
                ("unlinked worker", Some(&unlinked_worker), None, not_found),
                ("admin", Some(&admin), None, not_found),
                ("anonymous", None, None, unauthorized),
                ("expired token", None, Some(&expired), unauthorized),
                ("token signed with another key", None, Some(&other_key), unauthorized),
                ("alg: none token", None, Some(&alg_none), unauthorized),
            ];
            for (who, person, raw_token, expect) in callers {
                let token = person.map(|p| p.token.as_str()).or(raw_token);
                let path = format!(
                    "{}{query}",
                    call.path
                        .replace("{patient_id}", &alex.id)
                        .replace("{id}", &alex.id)
                        .replace("{note_id}", &note_id)
                        .replace("{goal_id}", &goal_id)
                        .replace("{week_start}", &this_monday())
                        .replace("{plan_id}", &plan_id)
                        .replace("{referral_id}", &referral_id)
                        .replace("{exercise_plan_id}", &exercise_plan_id)
                        .replace("{day}", &chrono::Utc::now().date_naive().to_string())
                );
                let body = if call.operation.id == "add_referral" {
                    Some(new_referral.clone())
                } else {
                    call.operation.body.map(|f| f())
                };
                let reply = api.send(call.method.clone(), &path, token, None, body.as_ref()).await;
                let what = format!("{} {path} by {who}", call.method);
                match expect {
                    Expect::Allowed | Expect::AllowedAudited => {
                        assert!(
                            reply.status.is_success(),
                            "{what}: expected success, got {} {:?}",
                            reply.status,
                            reply.body
                        );
                    }
                    Expect::Status(status) => {
                        assert_eq!(reply.status, status, "{what}: {:?}", reply.body);
                        reply.error_code();
                    }
                }
                let audit = api.audit(&alex).await;
                let new_rows = audit.len() - audit_len;
                audit_len = audit.len();
                if expect == Expect::AllowedAudited {
                    // The scopes read: the one the operation needs, or for `any-diary-scope`
                    // every diary scope the caller holds (the linked worker holds them all).
                    let mut expected: Vec<&str> =
                        if any_diary && who == "linked worker" { DIARY_SCOPES.to_vec() } else { vec![*scope] };
                    // The GP summary reads the plan's parts too, each through the gate where shared.
                    if call.operation.id == "patient_summary" && who == "linked worker" {
                        expected.extend(["goals", "plan", "notes"]);
                    }
                    // The FHIR export carries the medicine plan where `plan` is shared; the chart
                    // of the plan reads doses too where they are shared.
                    if call.operation.id == "patient_export_fhir" && who == "linked worker" {
                        expected.push("plan");
                    }
                    if call.operation.id == "medicine_plan_days" && who == "linked worker" {
                        expected.push("doses");
                    }
                    expected.sort_unstable();
                    // One row per pass through the gate, listing every scope it read.
                    assert!(new_rows >= 1, "{what}: audited");
                    let mut seen: Vec<&str> = audit[..new_rows]
                        .iter()
                        .flat_map(|r| r["subjects"].as_array().into_iter().flatten().filter_map(|s| s.as_str()))
                        .collect();
                    seen.sort_unstable();
                    assert_eq!(seen, expected, "{what}: each scope read listed once");
                    for row in &audit[..new_rows] {
                        assert_eq!(row["actor_id"], person.map(|p| p.id.as_str()).unwrap_or_default(), "{what}: {row}");
                        assert_eq!(row["endpoint"], format!("{} {}", call.method, call.path), "{what}: {row}");
                    }
                } else {
                    assert_eq!(new_rows, 0, "{what}: no audit row");
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 13 * 8, "{checked} calls checked");

    // "No link" and "no such patient" look the same, so existence does not leak.
    let unlinked = api.get(&format!("/api/patients/{}/entries?kind=pain", alex.id), Some(&unlinked_worker.token)).await;
    let nobody = api
        .get(&format!("/api/patients/{}/entries?kind=pain", uuid::Uuid::new_v4()), Some(&unlinked_worker.token))
        .await;
    assert_eq!((unlinked.status, &unlinked.body), (nobody.status, &nobody.body));
}

both_backends!(the_authorization_matrix);
