//! My plan under `/api/patients/{patient_id}/…`: goals (`x-scope: goals` to read; the patient's own
//! changes and check-ins are theirs alone, `x-scope: patient-only`; a worker's suggestion is
//! `x-scope: worker-suggestion`) and session summaries (`notes` to read, a worker on an active link
//! to write, `own-session-notes`). And `/api/me/plan-today`, Today's lines from the plan.

use actix_web::{HttpResponse, get, post, put, web};
use chrono::NaiveDate;
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::plan::TodayLine;
use evenkeel_domain::plan::goals::{CheckinRequest, GoalRequest, GoalView, GoalWords};
use evenkeel_domain::plan::summaries::{SummaryRequest, SummaryView};
use evenkeel_domain::sharing::Scope;
use uuid::Uuid;

use super::run_db;
use crate::access::{self, Need};
use crate::auth::caller::Caller;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::plan::{self, goals, summaries};

/// The patient's goals with their weekly check-ins and every earlier version, oldest goal first.
#[utoipa::path(tag = "plan", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("goals"))),
    responses(
        (status = 200, body = Vec<GoalView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[get("/patients/{patient_id}/goals")]
pub async fn list_goals(caller: Caller, path: web::Path<Uuid>, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let goals = run_db(&pool, move |conn| {
        access::with_grant(
            conn,
            &caller,
            &patient_id,
            Need::Read(Scope::Goals),
            "GET /api/patients/{patient_id}/goals",
            goals::list,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(goals))
}

/// A project worker holding the `goals` scope suggests a goal. It waits, as "suggested", until
/// the patient accepts it (or lets it go).
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = GoalWords,
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("worker-suggestion"))),
    responses(
        (status = 201, body = GoalView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a project worker holding `goals` (or the patient themself)"),
        (status = 404, body = ErrorBody),
    ))]
#[post("/patients/{patient_id}/goals")]
pub async fn propose_goal(
    caller: Caller,
    path: web::Path<Uuid>,
    body: web::Json<GoalWords>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let words = body.into_inner();
    let made = run_db(&pool, move |conn| {
        access::with_grant(
            conn,
            &caller,
            &patient_id,
            Need::Suggest(Scope::Goals),
            "POST /api/patients/{patient_id}/goals",
            |conn, grant| goals::propose(conn, grant, &words),
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(made))
}

/// The patient makes or changes one of their own goals (the phone makes the id). A replay changes
/// nothing; of two changes, the one made later on its phone wins. Answers the goal as it stands.
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = GoalRequest,
    params(
        ("patient_id" = Uuid, Path, description = "The patient (the caller)"),
        ("goal_id" = Uuid, Path, description = "The goal, made by the phone"),
    ),
    extensions(("x-scope" = json!("patient-only"))),
    responses(
        (status = 200, body = GoalView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Someone other than the patient"),
        (status = 404, body = ErrorBody),
    ))]
#[put("/patients/{patient_id}/goals/{goal_id}")]
pub async fn save_goal(
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<GoalRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let (patient_id, goal_id) = path.into_inner();
    let request = body.into_inner();
    let saved = run_db(&pool, move |conn| {
        access::with_grant(
            conn,
            &caller,
            &patient_id.to_string(),
            Need::Write(Scope::Goals),
            "PUT /api/patients/{patient_id}/goals/{goal_id}",
            |conn, grant| goals::save_own(conn, grant, &goal_id, &request),
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// The patient's check-in on a goal for one week (`week_start`: that week's Monday): done, partly
/// or not this week. One per week; a later change replaces it.
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = CheckinRequest,
    params(
        ("patient_id" = Uuid, Path, description = "The patient (the caller)"),
        ("goal_id" = Uuid, Path, description = "The goal"),
        ("week_start" = String, Path, description = "The Monday of the week, YYYY-MM-DD"),
    ),
    extensions(("x-scope" = json!("patient-only"))),
    responses(
        (status = 200, body = GoalView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[put("/patients/{patient_id}/goals/{goal_id}/weeks/{week_start}")]
pub async fn check_in_goal(
    caller: Caller,
    path: web::Path<(Uuid, Uuid, String)>,
    body: web::Json<CheckinRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let (patient_id, goal_id, week) = path.into_inner();
    let week = NaiveDate::parse_from_str(&week, "%Y-%m-%d")
        .map_err(|_| AppError::invalid_input("Please give the week as the date of its Monday, like 2026-01-12."))?;
    let request = body.into_inner();
    let saved = run_db(&pool, move |conn| {
        access::with_grant(
            conn,
            &caller,
            &patient_id.to_string(),
            Need::Write(Scope::Goals),
            "PUT /api/patients/{patient_id}/goals/{goal_id}/weeks/{week_start}",
            |conn, grant| goals::check_in(conn, grant, &goal_id, week, &request),
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// The summaries of the patient's sessions ("what we agreed"), newest first.
#[utoipa::path(tag = "plan", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("notes"))),
    responses(
        (status = 200, body = Vec<SummaryView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[get("/patients/{patient_id}/summaries")]
pub async fn list_summaries(caller: Caller, path: web::Path<Uuid>, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let list = run_db(&pool, move |conn| {
        access::with_grant(
            conn,
            &caller,
            &patient_id,
            Need::Read(Scope::Notes),
            "GET /api/patients/{patient_id}/summaries",
            summaries::list,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// A project worker on an active link writes the summary of a session for the patient: what they
/// talked about, what they agreed, and the next session's date.
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = SummaryRequest,
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("own-session-notes"))),
    responses(
        (status = 201, body = SummaryView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a project worker on an active link"),
        (status = 404, body = ErrorBody),
    ))]
#[post("/patients/{patient_id}/summaries")]
pub async fn add_summary(
    caller: Caller,
    path: web::Path<Uuid>,
    body: web::Json<SummaryRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let request = body.into_inner();
    let made = run_db(&pool, move |conn| {
        access::with_grant(
            conn,
            &caller,
            &patient_id,
            Need::WriteSessionNotes,
            "POST /api/patients/{patient_id}/summaries",
            |conn, grant| summaries::add(conn, grant, &request),
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(made))
}

/// Today's lines from the signed-in patient's plan: each goal waiting for this week's check-in,
/// and the next session if one is booked. Worded by the server.
#[utoipa::path(tag = "plan", security(("bearer" = [])), responses(
    (status = 200, body = Vec<TodayLine>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
))]
#[get("/me/plan-today")]
pub async fn plan_today(caller: Caller, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let lines = run_db(&pool, move |conn| plan::today_lines(conn, &caller)).await?;
    Ok(HttpResponse::Ok().json(lines))
}
