//! "My data": export everything as a zip, or delete the account.

use actix_web::{HttpResponse, delete, get, web};
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::sharing::DeleteAccountRequest;

use super::run_db;
use crate::auth::caller::Caller;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::my_data;

/// Everything about me as a zip: account, diary entries (JSON, and CSV per kind), links, notes and
/// the audit log.
#[utoipa::path(tag = "my data", security(("bearer" = [])), responses(
    (status = 200, description = "A zip file", content_type = "application/zip"),
    (status = 401, body = ErrorBody),
))]
#[get("/me/export")]
pub async fn export_my_data(caller: Caller, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let bytes = run_db(&pool, move |conn| my_data::export(conn, &caller)).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header(("Content-Disposition", "attachment; filename=\"evenkeel-export.zip\""))
        .body(bytes))
}

/// Delete my account, confirmed with my password: my diary, notes about me and the record of who
/// looked at it are removed; links are ended; every session ends.
#[utoipa::path(tag = "my data", security(("bearer" = [])), request_body = DeleteAccountRequest, responses(
    (status = 204, description = "Deleted"),
    (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "Wrong password"),
    (status = 429, body = ErrorBody, description = "Too many password tries for this account or from this address"),
))]
#[delete("/me")]
pub async fn delete_my_account(
    req: actix_web::HttpRequest,
    caller: Caller,
    body: web::Json<DeleteAccountRequest>,
    pool: web::Data<DbPool>,
    limits: web::Data<crate::auth::rate_limit::LoginLimits>,
) -> AppResult<HttpResponse> {
    let ip = super::auth::client_ip(&req);
    let turn = crate::auth::password::Turn::take().await;
    run_db(&pool, move |conn| {
        let attempt = crate::accounts::PasswordAttempt { limits: &limits, ip: &ip, turn: &turn };
        my_data::delete_account(conn, &caller, &attempt, &body.password)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
