//! My plan under `/api/patients/{patient_id}/…`: goals (`x-scope: goals` to read; the patient's own
//! changes and check-ins are theirs alone, `x-scope: patient-only`; a worker's suggestion is
//! `x-scope: worker-suggestion`), pacing plans (`plan` to read; the patient or their worker to
//! change, `x-scope: patient-or-worker`) and session summaries (`notes` to read, a worker on an active link
//! to write, `own-session-notes`). And `/api/me/plan-today`, Today's lines from the plan.

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use chrono::NaiveDate;
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::plan::TodayLine;
use evenkeel_domain::plan::exercise::{ExerciseDayRequest, ExercisePlanRequest, ExercisePlanView};
use evenkeel_domain::plan::goals::{CheckinRequest, GoalRequest, GoalView, GoalWords};
use evenkeel_domain::plan::pacing::{PacingRequest, PacingStepRequest, PacingView};
use evenkeel_domain::plan::services::{ReferralRequest, ReferralView, ResponseRequest, ServiceRequest, ServiceView};
use evenkeel_domain::plan::summaries::{SummaryRequest, SummaryView};
use evenkeel_domain::sharing::Scope;
use uuid::Uuid;

use super::run_db;
use crate::access::{self, Grant, Need};
use crate::auth::caller::Caller;
use crate::db::{DbConn, DbPool};
use crate::error::{AppError, AppResult};
use crate::plan::{self, exercise, goals, pacing, services, summaries};

/// Runs `work` on the blocking pool once the gate has granted `need` on the patient's data.
pub(super) async fn gated<T: Send + 'static>(
    pool: &web::Data<DbPool>,
    caller: Caller,
    patient_id: String,
    need: Need,
    endpoint: &'static str,
    work: impl FnOnce(&mut DbConn, &Grant) -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    run_db(pool, move |conn| access::with_grant(conn, &caller, &patient_id, need, endpoint, work)).await
}

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
    let goals =
        gated(&pool, caller, patient_id, Need::Read(Scope::Goals), "GET /api/patients/{patient_id}/goals", goals::list)
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
    let made = gated(
        &pool,
        caller,
        patient_id,
        Need::Suggest(Scope::Goals),
        "POST /api/patients/{patient_id}/goals",
        move |conn, grant| goals::propose(conn, grant, &words),
    )
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
    let saved = gated(
        &pool,
        caller,
        patient_id.to_string(),
        Need::Write(Scope::Goals),
        "PUT /api/patients/{patient_id}/goals/{goal_id}",
        move |conn, grant| goals::save_own(conn, grant, &goal_id, &request),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// The patient's check-in on a goal for one week (`week_start`: that week's Monday): done, partly
/// or not this week. One per week; a later change replaces it.
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = CheckinRequest,
    params(
        ("patient_id" = Uuid, Path, description = "The patient (the caller)"),
        ("goal_id" = Uuid, Path, description = "The goal"),
        ("week_start" = chrono::NaiveDate, Path, description = "The Monday of the week, YYYY-MM-DD"),
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
    let saved = gated(
        &pool,
        caller,
        patient_id.to_string(),
        Need::Write(Scope::Goals),
        "PUT /api/patients/{patient_id}/goals/{goal_id}/weeks/{week_start}",
        move |conn, grant| goals::check_in(conn, grant, &goal_id, week, &request),
    )
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
    let list = gated(
        &pool,
        caller,
        patient_id,
        Need::Read(Scope::Notes),
        "GET /api/patients/{patient_id}/summaries",
        summaries::list,
    )
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
    let made = gated(
        &pool,
        caller,
        patient_id,
        Need::WriteSessionNotes,
        "POST /api/patients/{patient_id}/summaries",
        move |conn, grant| summaries::add(conn, grant, &request),
    )
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

/// The patient's pacing plans, with today's target worked out from each and where it comes from.
#[utoipa::path(tag = "plan", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("plan"))),
    responses(
        (status = 200, body = Vec<PacingView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[get("/patients/{patient_id}/pacing-plans")]
pub async fn list_pacing_plans(
    caller: Caller,
    path: web::Path<Uuid>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let plans = gated(
        &pool,
        caller,
        patient_id,
        Need::Read(Scope::Plan),
        "GET /api/patients/{patient_id}/pacing-plans",
        pacing::list,
    )
    .await?;
    Ok(HttpResponse::Ok().json(plans))
}

/// A pacing plan, made by the patient or their project worker (holding `plan`): the activity, its
/// unit, three tries on different days, and the agreed step up (10% if left out).
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = PacingRequest,
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("patient-or-worker"))),
    responses(
        (status = 201, body = PacingView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A carer, or a worker without `plan`"),
        (status = 404, body = ErrorBody),
    ))]
#[post("/patients/{patient_id}/pacing-plans")]
pub async fn add_pacing_plan(
    caller: Caller,
    path: web::Path<Uuid>,
    body: web::Json<PacingRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let request = body.into_inner();
    let made = gated(
        &pool,
        caller,
        patient_id,
        Need::Agree(Scope::Plan),
        "POST /api/patients/{patient_id}/pacing-plans",
        move |conn, grant| pacing::create(conn, grant, &request),
    )
    .await?;
    Ok(HttpResponse::Created().json(made))
}

/// A step up, a hold or a step back on a pacing plan, chosen by the patient or their worker. The
/// target only ever changes this way.
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = PacingStepRequest,
    params(
        ("patient_id" = Uuid, Path, description = "The patient"),
        ("plan_id" = Uuid, Path, description = "The pacing plan"),
    ),
    extensions(("x-scope" = json!("patient-or-worker"))),
    responses(
        (status = 200, body = PacingView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Changed on another device meanwhile"),
    ))]
#[post("/patients/{patient_id}/pacing-plans/{plan_id}/steps")]
pub async fn step_pacing_plan(
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<PacingStepRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let (patient_id, plan_id) = path.into_inner();
    let action = body.into_inner().parse().map_err(|e| AppError::invalid_input(e.to_string()))?;
    let saved = gated(
        &pool,
        caller,
        patient_id.to_string(),
        Need::Agree(Scope::Plan),
        "POST /api/patients/{patient_id}/pacing-plans/{plan_id}/steps",
        move |conn, grant| pacing::step(conn, grant, &plan_id, action),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// The practice's directory of community services, by name: for anyone signed in. Each says
/// whether some of its sessions are outside working hours (a weekend, before 09:00 or after 17:00).
#[utoipa::path(tag = "plan", security(("bearer" = [])), responses(
    (status = 200, body = Vec<ServiceView>), (status = 401, body = ErrorBody),
))]
#[get("/services")]
pub async fn list_services(caller: Caller, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let list = run_db(&pool, move |conn| services::directory(conn, &caller)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Add a service to the directory (project workers and admins).
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = ServiceRequest, responses(
    (status = 201, body = ServiceView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody, description = "Not practice staff"),
))]
#[post("/services")]
pub async fn add_service(
    caller: Caller,
    body: web::Json<ServiceRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let request = body.into_inner();
    let made = run_db(&pool, move |conn| services::add_service(conn, &caller, &request)).await?;
    Ok(HttpResponse::Created().json(made))
}

/// Change a listed service (the whole service is sent; project workers and admins).
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = ServiceRequest,
    params(("id" = Uuid, Path, description = "The service")),
    responses(
        (status = 200, body = ServiceView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[patch("/services/{id}")]
pub async fn edit_service(
    caller: Caller,
    path: web::Path<Uuid>,
    body: web::Json<ServiceRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let (id, request) = (path.into_inner(), body.into_inner());
    let saved = run_db(&pool, move |conn| services::edit_service(conn, &caller, &id, &request)).await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// Take a service out of the directory (project workers and admins). Referrals to it keep it.
#[utoipa::path(tag = "plan", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The service")),
    responses(
        (status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[delete("/services/{id}")]
pub async fn retire_service(caller: Caller, path: web::Path<Uuid>, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    run_db(&pool, move |conn| services::retire_service(conn, &caller, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The patient's referrals to services, open ones first, each with every status it has had.
#[utoipa::path(tag = "plan", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("plan"))),
    responses(
        (status = 200, body = Vec<ReferralView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[get("/patients/{patient_id}/referrals")]
pub async fn list_referrals(caller: Caller, path: web::Path<Uuid>, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let list = gated(
        &pool,
        caller,
        patient_id,
        Need::Read(Scope::Plan),
        "GET /api/patients/{patient_id}/referrals",
        services::list,
    )
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// A project worker holding `plan` records a referral to a service in the directory.
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = ReferralRequest,
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("worker-suggestion"))),
    responses(
        (status = 201, body = ReferralView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
#[post("/patients/{patient_id}/referrals")]
pub async fn add_referral(
    caller: Caller,
    path: web::Path<Uuid>,
    body: web::Json<ReferralRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let request = body.into_inner();
    let made = gated(
        &pool,
        caller,
        patient_id,
        Need::Suggest(Scope::Plan),
        "POST /api/patients/{patient_id}/referrals",
        move |conn, grant| services::add(conn, grant, &request),
    )
    .await?;
    Ok(HttpResponse::Created().json(made))
}

/// A project worker moves a referral on: referred, on the waiting list (with the day it began),
/// started, finished, or not going ahead. Every status is kept, in order.
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = ReferralRequest,
    params(
        ("patient_id" = Uuid, Path, description = "The patient"),
        ("referral_id" = Uuid, Path, description = "The referral"),
    ),
    extensions(("x-scope" = json!("worker-suggestion"))),
    responses(
        (status = 200, body = ReferralView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
#[patch("/patients/{patient_id}/referrals/{referral_id}")]
pub async fn change_referral(
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ReferralRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let (patient_id, referral_id) = path.into_inner();
    let request = body.into_inner();
    let saved = gated(
        &pool,
        caller,
        patient_id.to_string(),
        Need::Suggest(Scope::Plan),
        "PATCH /api/patients/{patient_id}/referrals/{referral_id}",
        move |conn, grant| services::change(conn, grant, &referral_id, &request),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// The patient says how a referral went for them: "I went" or "not for me".
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = ResponseRequest,
    params(
        ("patient_id" = Uuid, Path, description = "The patient (the caller)"),
        ("referral_id" = Uuid, Path, description = "The referral"),
    ),
    extensions(("x-scope" = json!("patient-only"))),
    responses(
        (status = 200, body = ReferralView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
#[put("/patients/{patient_id}/referrals/{referral_id}/response")]
pub async fn respond_to_referral(
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ResponseRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let (patient_id, referral_id) = path.into_inner();
    let response = body.into_inner().response;
    let saved = gated(
        &pool,
        caller,
        patient_id.to_string(),
        Need::Write(Scope::Plan),
        "PUT /api/patients/{patient_id}/referrals/{referral_id}/response",
        move |conn, grant| services::respond(conn, grant, &referral_id, response),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// The patient's exercise plans, each with the last four weeks of what was ticked off and how pain
/// before and after compared.
#[utoipa::path(tag = "plan", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("plan"))),
    responses(
        (status = 200, body = Vec<ExercisePlanView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[get("/patients/{patient_id}/exercise-plans")]
pub async fn list_exercise_plans(
    caller: Caller,
    path: web::Path<Uuid>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let list = gated(
        &pool,
        caller,
        patient_id,
        Need::Read(Scope::Plan),
        "GET /api/patients/{patient_id}/exercise-plans",
        exercise::list,
    )
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// An exercise plan, written by the patient or their project worker (holding `plan`).
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = ExercisePlanRequest,
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("patient-or-worker"))),
    responses(
        (status = 201, body = ExercisePlanView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
#[post("/patients/{patient_id}/exercise-plans")]
pub async fn add_exercise_plan(
    caller: Caller,
    path: web::Path<Uuid>,
    body: web::Json<ExercisePlanRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let request = body.into_inner();
    let made = gated(
        &pool,
        caller,
        patient_id,
        Need::Agree(Scope::Plan),
        "POST /api/patients/{patient_id}/exercise-plans",
        move |conn, grant| exercise::create(conn, grant, &request),
    )
    .await?;
    Ok(HttpResponse::Created().json(made))
}

/// Rewrite an exercise plan (its name and whole list), by the patient or their worker.
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = ExercisePlanRequest,
    params(
        ("patient_id" = Uuid, Path, description = "The patient"),
        ("exercise_plan_id" = Uuid, Path, description = "The exercise plan"),
    ),
    extensions(("x-scope" = json!("patient-or-worker"))),
    responses(
        (status = 200, body = ExercisePlanView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
#[put("/patients/{patient_id}/exercise-plans/{exercise_plan_id}")]
pub async fn rewrite_exercise_plan(
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ExercisePlanRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let (patient_id, plan_id) = path.into_inner();
    let request = body.into_inner();
    let saved = gated(
        &pool,
        caller,
        patient_id.to_string(),
        Need::Agree(Scope::Plan),
        "PUT /api/patients/{patient_id}/exercise-plans/{exercise_plan_id}",
        move |conn, grant| exercise::rewrite(conn, grant, &plan_id, &request),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// What the patient did on a day (`YYYY-MM-DD`): the exercises ticked off, and pain before and after
/// if they like. A repeat for the same day replaces it.
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = ExerciseDayRequest,
    params(
        ("patient_id" = Uuid, Path, description = "The patient (the caller)"),
        ("exercise_plan_id" = Uuid, Path, description = "The exercise plan"),
        ("day" = chrono::NaiveDate, Path, description = "The day, YYYY-MM-DD"),
    ),
    extensions(("x-scope" = json!("patient-only"))),
    responses(
        (status = 200, body = ExercisePlanView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
#[put("/patients/{patient_id}/exercise-plans/{exercise_plan_id}/days/{day}")]
pub async fn tick_exercises(
    caller: Caller,
    path: web::Path<(Uuid, Uuid, String)>,
    body: web::Json<ExerciseDayRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let (patient_id, plan_id, day) = path.into_inner();
    let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d")
        .map_err(|_| AppError::invalid_input("Please give the day as a date, like 2026-01-12."))?;
    let request = body.into_inner();
    let saved = gated(
        &pool,
        caller,
        patient_id.to_string(),
        Need::Write(Scope::Plan),
        "PUT /api/patients/{patient_id}/exercise-plans/{exercise_plan_id}/days/{day}",
        move |conn, grant| exercise::tick(conn, grant, &plan_id, day, &request),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved))
}
