//! Invite and enrolment codes: make one, accept one.

use actix_web::{HttpRequest, HttpResponse, post, web};
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::sharing::{AcceptCodeRequest, CodeResponse, CreateInviteRequest, LinkView};

use super::auth::client_ip;
use super::run_db;
use crate::auth::caller::Caller;
use crate::auth::rate_limit::CodeLimits;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::sharing::invites;

/// A patient invites a carer or project worker to see the chosen scopes. The code is single use,
/// valid for 7 days, and shown only in this answer.
#[utoipa::path(tag = "sharing", security(("bearer" = [])), request_body = CreateInviteRequest, responses(
    (status = 201, body = CodeResponse),
    (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
))]
#[post("/invites")]
pub async fn create_invite(
    caller: Caller,
    body: web::Json<CreateInviteRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let code = run_db(&pool, move |conn| invites::create_invite(conn, &caller, &body)).await?;
    Ok(HttpResponse::Created().json(code))
}

/// A signed-in carer or worker accepts a patient's invite; the link is active at once.
#[utoipa::path(tag = "sharing", security(("bearer" = [])), request_body = AcceptCodeRequest, responses(
    (status = 200, body = LinkView),
    (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody, description = "`wrong_relation`: the invite is for another kind of account"),
    (status = 404, body = ErrorBody, description = "`code_not_found`"),
    (status = 410, body = ErrorBody, description = "`code_expired` or `code_used`"),
    (status = 429, body = ErrorBody, description = "Too many codes tried"),
))]
#[post("/invites/accept")]
pub async fn accept_invite(
    req: HttpRequest,
    caller: Caller,
    body: web::Json<AcceptCodeRequest>,
    pool: web::Data<DbPool>,
    limits: web::Data<CodeLimits>,
) -> AppResult<HttpResponse> {
    let ip = client_ip(&req);
    let link = run_db(&pool, move |conn| {
        limits.0.check(conn, &ip, Some(&caller.user_id))?;
        invites::accept_invite_signed_in(conn, &caller, &body.code)
    })
    .await?;
    Ok(HttpResponse::Ok().json(link))
}

/// A project worker makes an enrolment code for a patient (single use, 7 days).
#[utoipa::path(tag = "sharing", security(("bearer" = [])), responses(
    (status = 201, body = CodeResponse),
    (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
))]
#[post("/enrolments")]
pub async fn create_enrolment(caller: Caller, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let code = run_db(&pool, move |conn| invites::create_enrolment(conn, &caller)).await?;
    Ok(HttpResponse::Created().json(code))
}

/// A signed-in patient accepts a worker's enrolment code: a link in state `invited` that shares
/// nothing until the patient chooses scopes with `PATCH /api/links/{id}`.
#[utoipa::path(tag = "sharing", security(("bearer" = [])), request_body = AcceptCodeRequest, responses(
    (status = 200, body = LinkView),
    (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody), (status = 410, body = ErrorBody), (status = 429, body = ErrorBody),
))]
#[post("/enrolments/accept")]
pub async fn accept_enrolment(
    req: HttpRequest,
    caller: Caller,
    body: web::Json<AcceptCodeRequest>,
    pool: web::Data<DbPool>,
    limits: web::Data<CodeLimits>,
) -> AppResult<HttpResponse> {
    let ip = client_ip(&req);
    let link = run_db(&pool, move |conn| {
        limits.0.check(conn, &ip, Some(&caller.user_id))?;
        invites::accept_enrolment_signed_in(conn, &caller, &body.code)
    })
    .await?;
    Ok(HttpResponse::Ok().json(link))
}
