//! My care links: list, change scopes (and confirm an enrolment), end.

use actix_web::{HttpResponse, delete, get, patch, web};
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::sharing::{LinkView, UpdateLinkRequest};
use uuid::Uuid;

use super::run_db;
use crate::auth::caller::Caller;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::sharing::links;

/// For a patient: their carers and workers; for a carer or worker: their patients. Newest first.
#[utoipa::path(tag = "sharing", security(("bearer" = [])), responses(
    (status = 200, body = Vec<LinkView>), (status = 401, body = ErrorBody),
))]
#[get("/links")]
pub async fn list_links(caller: Caller, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let links = run_db(&pool, move |conn| links::list(conn, &caller)).await?;
    Ok(HttpResponse::Ok().json(links))
}

/// The patient sets what this person sees; an `invited` link becomes `active`. Takes effect on the
/// very next request.
#[utoipa::path(tag = "sharing", security(("bearer" = [])), request_body = UpdateLinkRequest,
    params(("id" = Uuid, Path, description = "The link")),
    responses(
        (status = 200, body = LinkView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[patch("/links/{id}")]
pub async fn update_link(
    caller: Caller,
    path: web::Path<Uuid>,
    body: web::Json<UpdateLinkRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let link = run_db(&pool, move |conn| links::update(conn, &caller, &id, &body.scopes)).await?;
    Ok(HttpResponse::Ok().json(link))
}

/// The patient stops sharing with this person, at once.
#[utoipa::path(tag = "sharing", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The link")),
    responses(
        (status = 200, body = LinkView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[delete("/links/{id}")]
pub async fn revoke_link(caller: Caller, path: web::Path<Uuid>, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let link = run_db(&pool, move |conn| links::revoke(conn, &caller, &id)).await?;
    Ok(HttpResponse::Ok().json(link))
}
