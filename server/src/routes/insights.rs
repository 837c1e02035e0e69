//! Patterns, the GP summary, CSV and FHIR exports under `/api/patients/{patient_id}/…` (x-scope
//! `any-diary-scope`: the patient sees everything, a linked carer or worker the kinds whose scopes
//! they hold, with one audit row per scope read), and the worker's caseload at `/api/caseload`.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use evenkeel_domain::error::{ErrorBody, ErrorCode};
use evenkeel_domain::sharing::Scope;
use serde::Deserialize;
use uuid::Uuid;

use super::run_db;
use crate::access::{self, Grant, Need};
use crate::auth::caller::Caller;
use crate::db::{DbConn, DbPool};
use crate::error::AppResult;
use crate::insights::caseload::CaseloadRow;
use crate::insights::{self, DateRange, PatternsView, caseload, export, summary};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DatesQuery {
    /// First local day, `YYYY-MM-DD`; default 27 days before `to`.
    #[param(value_type = Option<chrono::NaiveDate>)]
    pub from: Option<String>,
    /// Last local day, `YYYY-MM-DD` (inclusive); default the patient's today.
    #[param(value_type = Option<chrono::NaiveDate>)]
    pub to: Option<String>,
}

/// Runs `work` behind the gate as a shared read of the patient's diary (`Need::ReadShared`: the
/// kinds the caller may see, audited per scope) — the common part of every endpoint here.
async fn read_shared<T: Send + 'static>(
    caller: Caller,
    path: web::Path<Uuid>,
    query: web::Query<DatesQuery>,
    pool: &web::Data<DbPool>,
    endpoint: &'static str,
    work: impl FnOnce(&mut DbConn, &Grant, &DatesQuery) -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let patient_id = path.into_inner().to_string();
    let query = query.into_inner();
    run_db(pool, move |conn| {
        access::with_grant(conn, &caller, &patient_id, Need::ReadShared, endpoint, |conn, grant| {
            work(conn, grant, &query)
        })
    })
    .await
}

/// The requested period in the patient's own days (default: the 28 days up to their today).
fn period(conn: &mut DbConn, grant: &Grant, q: &DatesQuery) -> AppResult<DateRange> {
    let today = insights::patient_today(conn, grant.patient_id())?;
    insights::parse_dates(q.from.as_deref(), q.to.as_deref(), today)
}

/// The rollups (one per day), dose-timing heatmap, reasons, findings, flags, boom-and-bust episodes and
/// pacing of a period, from the kinds the caller may see. Findings are in the third person for a carer
/// or worker.
#[utoipa::path(tag = "insights", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient"), DatesQuery),
    extensions(("x-scope" = json!("any-diary-scope"))),
    responses(
        (status = 200, body = PatternsView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Linked, but no diary kind is shared (or the link is not active)"),
        (status = 404, body = ErrorBody),
    ))]
#[get("/patients/{patient_id}/patterns")]
pub async fn patient_patterns(
    caller: Caller,
    path: web::Path<Uuid>,
    query: web::Query<DatesQuery>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let view = read_shared(caller, path, query, &pool, "GET /api/patients/{patient_id}/patterns", |conn, grant, q| {
        insights::patterns(conn, grant, q.from.as_deref(), q.to.as_deref())
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// A one-page printable summary for the GP (HTML): period, PEG, pain, OME per day against 120 mg/day,
/// dose reasons, sleep, pacing and findings, from the kinds the caller may see; then the plan (goals,
/// pacing plans, the last session summary) where `goals`, `plan` or `notes` is shared too, each
/// audited as its own read.
#[utoipa::path(tag = "insights", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient"), DatesQuery),
    extensions(("x-scope" = json!("any-diary-scope"))),
    responses(
        (status = 200, content_type = "text/html", body = String),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[get("/patients/{patient_id}/summary")]
pub async fn patient_summary(
    caller: Caller,
    path: web::Path<Uuid>,
    query: web::Query<DatesQuery>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    const ENDPOINT: &str = "GET /api/patients/{patient_id}/summary";
    let patient_id = path.into_inner().to_string();
    let q = query.into_inner();
    let html = run_db(&pool, move |conn| {
        let grant = access::require(conn, &caller, &patient_id, Need::ReadShared, ENDPOINT)?;
        // The plan's parts after the diary's: each read only where its own scope is shared.
        let plan = crate::plan::for_summary(conn, &caller, &patient_id, ENDPOINT)?;
        summary::page(conn, &grant, q.from.as_deref(), q.to.as_deref(), &plan)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(html))
}

/// Every entry of the kinds the caller may see in the range, one CSV row each.
#[utoipa::path(tag = "insights", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient"), DatesQuery),
    extensions(("x-scope" = json!("any-diary-scope"))),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[get("/patients/{patient_id}/export.csv")]
pub async fn patient_export_csv(
    caller: Caller,
    path: web::Path<Uuid>,
    query: web::Query<DatesQuery>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let csv = read_shared(caller, path, query, &pool, "GET /api/patients/{patient_id}/export.csv", |conn, grant, q| {
        let range = period(conn, grant, q)?;
        export::csv(conn, grant, range)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, "attachment; filename=\"even-keel-diary.csv\""))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(csv))
}

/// A FHIR R4 Bundle (collection) for the range: the Patient, a Medication per medicine, a
/// patient-reported MedicationStatement per dose, and Observations for the other measures (pain with
/// LOINC 72514-3, the rest text-coded: their codes are unconfirmed).
#[utoipa::path(tag = "insights", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient"), DatesQuery),
    extensions(("x-scope" = json!("any-diary-scope"))),
    responses(
        (status = 200, content_type = "application/fhir+json", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[get("/patients/{patient_id}/export.fhir.json")]
pub async fn patient_export_fhir(
    caller: Caller,
    path: web::Path<Uuid>,
    query: web::Query<DatesQuery>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    const ENDPOINT: &str = "GET /api/patients/{patient_id}/export.fhir.json";
    let plan_caller = caller.clone();
    let bundle = read_shared(caller, path, query, &pool, ENDPOINT, move |conn, grant, q| {
        let range = period(conn, grant, q)?;
        // The medicine plan goes in when the caller may read `plan` (a read of its own, audited).
        let plan = match access::require(conn, &plan_caller, grant.patient_id(), Need::Read(Scope::Plan), ENDPOINT) {
            Ok(plan_grant) => crate::plan::medicine::read(conn, &plan_grant, false)?.current,
            Err(e) if e.code == ErrorCode::Forbidden => None,
            Err(e) => return Err(e),
        };
        export::fhir(conn, grant, range, plan.as_ref())
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/fhir+json")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(bundle.to_string()))
}

/// The signed-in project worker's caseload: every patient with an active link, with flags from the
/// last fortnight (only those the shared scopes allow). Reads leave audit rows per patient and scope.
#[utoipa::path(tag = "insights", security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<CaseloadRow>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "Not a project worker"),
    ))]
#[get("/caseload")]
pub async fn worker_caseload(caller: Caller, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let rows = run_db(&pool, move |conn| caseload::caseload(conn, &caller)).await?;
    Ok(HttpResponse::Ok().json(rows))
}

/// The stylesheet of the summary page (a file, so the CSP can keep `style-src 'self'`).
#[utoipa::path(tag = "insights", responses((status = 200, content_type = "text/css", body = String)))]
#[get("/summary.css")]
pub async fn summary_css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(summary::STYLESHEET)
}
