//! The signed-in person's own account: who they are, their settings, their email address and the
//! devices signed in to it.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use evenkeel_domain::api::UserView;
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::recovery::{EmailChange, EmailChangeRequest, SessionView};
use evenkeel_domain::settings::SettingsPatch;

use super::auth::client_ip;
use super::run_db;
use crate::accounts::user_view;
use crate::auth::caller::{Caller, SignedIn};
use crate::auth::rate_limit::LoginLimits;
use crate::db::{DbPool, users};
use crate::error::{AppError, AppResult};
use crate::mail::Mailer;
use crate::{recovery, sessions, settings};

/// The signed-in person. Also open to a person who must still replace their one-time password
/// (`must_change_password`), so the app can tell them what to do.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, body = UserView),
    (status = 401, body = ErrorBody),
))]
#[get("/me")]
pub async fn me(SignedIn(caller): SignedIn, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let user = run_db(&pool, move |conn| {
        users::by_id(conn, &caller.user_id)?
            .filter(|u| u.deactivated_at.is_none())
            .ok_or_else(AppError::session_expired)
    })
    .await?;
    Ok(HttpResponse::Ok().json(user_view(&user)?))
}

/// Change my settings: display name, time zone, text size, theme. Only the fields given change.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), request_body = SettingsPatch, responses(
    (status = 200, body = UserView, description = "The account with the new settings"),
    (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
))]
#[patch("/me")]
pub async fn change_settings(
    caller: Caller,
    body: web::Json<SettingsPatch>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let view = run_db(&pool, move |conn| settings::change(conn, &caller, &body)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The time zones a person can choose from (IANA "Area/City" names and UTC), sorted.
#[utoipa::path(tag = "accounts", responses((status = 200, body = Vec<String>)))]
#[get("/time-zones")]
pub async fn time_zones() -> HttpResponse {
    HttpResponse::Ok().json(settings::time_zones())
}

/// Change my email address, giving my password. With email set up, a link goes to the new address
/// and the change waits for it.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), request_body = EmailChangeRequest, responses(
    (status = 200, body = EmailChange),
    (status = 400, body = ErrorBody, description = "Not an email address, or the one the account has"),
    (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody, description = "`wrong_password`"),
    (status = 409, body = ErrorBody), (status = 429, body = ErrorBody),
))]
#[post("/me/email")]
pub async fn change_email(
    req: HttpRequest,
    caller: Caller,
    body: web::Json<EmailChangeRequest>,
    pool: web::Data<DbPool>,
    mailer: web::Data<Option<Mailer>>,
    limits: web::Data<LoginLimits>,
) -> AppResult<HttpResponse> {
    let ip = client_ip(&req);
    let turn = crate::auth::password::Turn::take().await;
    let outcome = run_db(&pool, move |conn| {
        let attempt = crate::accounts::PasswordAttempt { limits: &limits, ip: &ip, turn: &turn };
        recovery::change_email(conn, &caller, mailer.as_ref().as_ref(), &attempt, &body)
    })
    .await?;
    Ok(HttpResponse::Ok().json(outcome))
}

/// The devices signed in to my account, most recently seen first.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, body = Vec<SessionView>), (status = 401, body = ErrorBody),
))]
#[get("/me/sessions")]
pub async fn list_sessions(caller: Caller, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let list = run_db(&pool, move |conn| sessions::list(conn, &caller)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Sign out one device. It finds out at its next refresh, within 15 minutes.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), params(("id" = uuid::Uuid, Path)), responses(
    (status = 204, description = "Signed out"), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
))]
#[delete("/me/sessions/{id}")]
pub async fn end_session(
    caller: Caller,
    path: web::Path<uuid::Uuid>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner().to_string();
    run_db(&pool, move |conn| sessions::end(conn, &caller, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sign out every device but this one.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 204, description = "Every other device is signed out"), (status = 401, body = ErrorBody),
))]
#[delete("/me/sessions")]
pub async fn end_other_sessions(caller: Caller, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    run_db(&pool, move |conn| sessions::end_others(conn, &caller)).await?;
    Ok(HttpResponse::NoContent().finish())
}
