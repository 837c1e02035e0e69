//! Reset codes from the practice, for a person who forgot their password (see `recovery`).

use actix_web::{HttpResponse, post, web};
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::recovery::ResetCode;
use uuid::Uuid;

use super::run_db;
use crate::auth::caller::Caller;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::recovery;

/// Issue a reset code for a patient, after checking who is asking (by phone or in person): their
/// project worker on an active link, or an admin. Read it out once; it works for 24 hours, once,
/// and replaces any earlier code. Written in the patient's "Who has looked" log.
#[utoipa::path(tag = "accounts", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("practice-account"))),
    responses(
        (status = 200, body = ResetCode),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A carer or patient"),
        (status = 404, body = ErrorBody, description = "Not a patient on an active link of this worker"),
    ))]
#[post("/patients/{id}/reset-code")]
pub async fn patient_reset_code(
    caller: Caller,
    path: web::Path<Uuid>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    issue(caller, path.into_inner(), pool, "POST /api/patients/{id}/reset-code").await
}

/// Issue a reset code for a project worker (admins only).
#[utoipa::path(tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The worker")),
    responses(
        (status = 200, body = ResetCode),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[post("/admin/workers/{id}/reset-code")]
pub async fn worker_reset_code(
    caller: Caller,
    path: web::Path<Uuid>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    if caller.role != evenkeel_domain::api::Role::Admin {
        return Err(crate::error::AppError::new(
            evenkeel_domain::error::ErrorCode::Forbidden,
            "Only practice admins can issue reset codes for workers.",
        ));
    }
    issue(caller, path.into_inner(), pool, "POST /api/admin/workers/{id}/reset-code").await
}

async fn issue(
    caller: Caller,
    person: Uuid,
    pool: web::Data<DbPool>,
    endpoint: &'static str,
) -> AppResult<HttpResponse> {
    let person = person.to_string();
    let code = run_db(&pool, move |conn| recovery::issue_reset_code(conn, &caller, &person, endpoint)).await?;
    Ok(HttpResponse::Ok().json(code))
}
