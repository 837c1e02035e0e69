use actix_web::{HttpResponse, get, web};
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::sharing::AuditView;

use super::run_db;
use crate::audit;
use crate::auth::caller::Caller;
use crate::db::DbPool;
use crate::error::AppResult;

/// For a patient: who looked at or added to their diary (name, relation, scope, when), newest first.
#[utoipa::path(tag = "sharing", security(("bearer" = [])), responses(
    (status = 200, body = Vec<AuditView>),
    (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
))]
#[get("/audit")]
pub async fn my_audit(caller: Caller, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let rows = run_db(&pool, move |conn| audit::my_audit(conn, &caller)).await?;
    Ok(HttpResponse::Ok().json(rows))
}
