//! Practice admin: worker accounts.

use actix_web::{HttpResponse, delete, post, web};
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::sharing::{CreateWorkerRequest, CreatedWorker};
use uuid::Uuid;

use super::run_db;
use crate::auth::caller::Caller;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::staff;

/// Create a project worker account; the one-time password is shown only in this answer and must be
/// changed after the first sign-in.
#[utoipa::path(tag = "admin", security(("bearer" = [])), request_body = CreateWorkerRequest, responses(
    (status = 201, body = CreatedWorker),
    (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
))]
#[post("/admin/workers")]
pub async fn create_worker(
    caller: Caller,
    body: web::Json<CreateWorkerRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let turn = crate::auth::password::Turn::take().await;
    let created = run_db(&pool, move |conn| staff::create_worker(conn, &turn, &caller, &body)).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Deactivate a project worker: their sessions end and their care links are revoked.
#[utoipa::path(tag = "admin", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The worker")),
    responses(
        (status = 204, description = "Deactivated"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[delete("/admin/workers/{id}")]
pub async fn deactivate_worker(
    caller: Caller,
    path: web::Path<Uuid>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner().to_string();
    run_db(&pool, move |conn| staff::deactivate_worker(conn, &caller, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
