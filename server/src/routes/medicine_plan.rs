//! The medicine plan and "I'd like to talk" under `/api`: the plan (`plan` to read, a worker
//! holding `plan` to write, `x-scope: worker-suggestion`), actual against planned (`plan`, and
//! `doses` for the actual figures), and contact requests (the patient sends, `patient-only`;
//! workers holding `plan` see and answer them).

use actix_web::{HttpResponse, get, patch, post, put, web};
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::plan::contact::{ContactPatch, ContactRequestBody, ContactRequestView};
use evenkeel_domain::plan::medicine::{MedicinePlanRequest, MedicinePlanResponse, MedicinePlanView, PlanDays};
use evenkeel_domain::sharing::Scope;
use serde::Deserialize;
use uuid::Uuid;

use super::plan::gated;
use super::run_db;
use crate::access::{self, Need};
use crate::auth::caller::Caller;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::plan::contact;
use crate::plan::medicine;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct VersionsQuery {
    /// `all` for every version, newest first.
    pub versions: Option<String>,
}

/// The patient's medicine plan: the current version with its steps (each with its OME per day and
/// the change from the step before), this step and the next in words; `?versions=all` adds every
/// version, newest first.
#[utoipa::path(tag = "plan", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient"), VersionsQuery),
    extensions(("x-scope" = json!("plan"))),
    responses(
        (status = 200, body = MedicinePlanResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[get("/patients/{patient_id}/medicine-plan")]
pub async fn read_medicine_plan(
    caller: Caller,
    path: web::Path<Uuid>,
    query: web::Query<VersionsQuery>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let all = query.versions.as_deref() == Some("all");
    let plan = gated(
        &pool,
        caller,
        path.into_inner().to_string(),
        Need::Read(Scope::Plan),
        "GET /api/patients/{patient_id}/medicine-plan",
        move |conn, grant| medicine::read(conn, grant, all),
    )
    .await?;
    Ok(HttpResponse::Ok().json(plan))
}

/// A project worker holding `plan` saves a new version of the plan, as the prescriber decided it.
/// Every version after the first needs a reason; earlier versions are kept unchanged.
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = MedicinePlanRequest,
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("worker-suggestion"))),
    responses(
        (status = 200, body = MedicinePlanView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
    ))]
#[put("/patients/{patient_id}/medicine-plan")]
pub async fn save_medicine_plan(
    caller: Caller,
    path: web::Path<Uuid>,
    body: web::Json<MedicinePlanRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let request = body.into_inner();
    let saved = gated(
        &pool,
        caller,
        path.into_inner().to_string(),
        Need::Suggest(Scope::Plan),
        "PUT /api/patients/{patient_id}/medicine-plan",
        move |conn, grant| medicine::save(conn, grant, &request),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// The last four weeks against the plan: each day's actual OME from logged doses (with `doses`;
/// left out without it) and the step's, the check-ins, and a sentence about the step so far.
#[utoipa::path(tag = "plan", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("plan"))),
    responses(
        (status = 200, body = PlanDays),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[get("/patients/{patient_id}/medicine-plan/days")]
pub async fn medicine_plan_days(
    caller: Caller,
    path: web::Path<Uuid>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    const ENDPOINT: &str = "GET /api/patients/{patient_id}/medicine-plan/days";
    let patient_id = path.into_inner().to_string();
    let doses_caller = caller.clone();
    let days = gated(&pool, caller, patient_id.clone(), Need::Read(Scope::Plan), ENDPOINT, move |conn, grant| {
        // The actual figures are dose data: a second pass through the gate, audited as a read of
        // `doses`; without it the chart shows the plan alone.
        let doses = match grant.relation() {
            None => None,
            Some(_) => match access::require(conn, &doses_caller, &patient_id, Need::Read(Scope::Doses), ENDPOINT) {
                Ok(g) => Some(g),
                Err(e) if e.code == ErrorCode::Forbidden => None,
                Err(e) => return Err(e),
            },
        };
        let own = grant.relation().is_none();
        medicine::days(conn, grant, if own { Some(grant) } else { doses.as_ref() })
    })
    .await?;
    Ok(HttpResponse::Ok().json(days))
}

/// The patient's contact requests, newest first, with where each stands.
#[utoipa::path(tag = "plan", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("plan"))),
    responses(
        (status = 200, body = Vec<ContactRequestView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[get("/patients/{patient_id}/contact-requests")]
pub async fn list_contact_requests(
    caller: Caller,
    path: web::Path<Uuid>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let list = gated(
        &pool,
        caller,
        path.into_inner().to_string(),
        Need::Read(Scope::Plan),
        "GET /api/patients/{patient_id}/contact-requests",
        contact::list,
    )
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The patient asks their project worker to get in touch. The phone makes the id: sending the
/// same request again answers 200 with the stored one, so a request is never doubled.
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = ContactRequestBody,
    params(("patient_id" = Uuid, Path, description = "The patient (the caller)")),
    extensions(("x-scope" = json!("patient-only"))),
    responses(
        (status = 201, body = ContactRequestView), (status = 200, body = ContactRequestView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
#[post("/patients/{patient_id}/contact-requests")]
pub async fn send_contact_request(
    caller: Caller,
    path: web::Path<Uuid>,
    body: web::Json<ContactRequestBody>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let (created, view) = gated(
        &pool,
        caller,
        path.into_inner().to_string(),
        Need::Write(Scope::Plan),
        "POST /api/patients/{patient_id}/contact-requests",
        move |conn, grant| contact::send(conn, grant, &body),
    )
    .await?;
    Ok(if created { HttpResponse::Created() } else { HttpResponse::Ok() }.json(view))
}

/// A project worker's open contact requests across their caseload (patients sharing `plan`),
/// oldest first, each with its age and whether it is overdue.
#[utoipa::path(tag = "plan", security(("bearer" = [])),
    extensions(("x-scope" = json!("caseload"))),
    responses(
        (status = 200, body = Vec<ContactRequestView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    ))]
#[get("/contact-requests")]
pub async fn open_contact_requests(caller: Caller, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let list = run_db(&pool, move |conn| contact::open_for_worker(conn, &caller)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// A project worker marks a request seen, replies in a line ("I'll ring you tomorrow morning"), or
/// closes it.
#[utoipa::path(tag = "plan", security(("bearer" = [])), request_body = ContactPatch,
    params(("request_id" = Uuid, Path, description = "The contact request")),
    extensions(("x-scope" = json!("worker-suggestion"))),
    responses(
        (status = 200, body = ContactRequestView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
#[patch("/contact-requests/{request_id}")]
pub async fn answer_contact_request(
    caller: Caller,
    path: web::Path<Uuid>,
    body: web::Json<ContactPatch>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let patch = body.into_inner();
    let patient_id = run_db(&pool, move |conn| contact::patient_of(conn, &id)).await?;
    let saved = gated(
        &pool,
        caller,
        patient_id,
        Need::Suggest(Scope::Plan),
        "PATCH /api/contact-requests/{request_id}",
        move |conn, grant| contact::change(conn, grant, &id, &patch),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved))
}
