//! Register, sign in, refresh, sign out and change the password. The access token goes in the JSON
//! body; the refresh token only ever in an HttpOnly cookie.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use evenkeel_domain::api::{AuthResponse, ChangePasswordRequest, LoginRequest, RegisterRequest};
use evenkeel_domain::error::{ErrorBody, ErrorCode};
use evenkeel_domain::recovery::{ConfirmEmailRequest, ForgotRequest, RecoveryOptions, ResetRequest};

use super::run_db;
use crate::accounts::{self, JoinCode, NewAccount, Session};
use crate::auth::caller::SignedIn;
use crate::auth::password;
use crate::auth::rate_limit::{CodeLimits, LoginLimits, RecoveryLimits, SignUpLimits};
use crate::auth::refresh;
use crate::auth::tokens::TokenKeys;
use crate::client_address::Forwarding;
use crate::db::{self, DbPool};
use crate::error::{AppError, AppResult};
use crate::mail::Mailer;
use crate::recovery;

fn session_response(mut builder: actix_web::HttpResponseBuilder, session: Session) -> HttpResponse {
    builder.cookie(refresh::cookie(session.refresh_token)).json(session.body)
}

/// The client's address for the per-client limits: the TCP peer, or behind a trusted proxy the
/// address it forwards (`client_address`).
pub fn client_ip(req: &HttpRequest) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else { return String::new() };
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    match req.app_data::<web::Data<Forwarding>>() {
        Some(forwarding) => forwarding.client(peer, header).to_string(),
        None => peer.to_canonical().to_string(),
    }
}

/// The label "Signed-in devices" shows for a session started by this request.
pub fn device_of(req: &HttpRequest) -> String {
    let agent = req.headers().get(actix_web::http::header::USER_AGENT).and_then(|v| v.to_str().ok());
    crate::sessions::device_label(agent.unwrap_or_default())
}

fn refresh_cookie(req: &HttpRequest) -> Option<String> {
    req.cookie(refresh::COOKIE_NAME).map(|c| c.value().to_owned()).filter(|v| !v.is_empty())
}

/// Create an account and sign in: a patient account, or with `enrolment_code` a patient account
/// linked to that project worker, or with `invite_code` a carer account linked to that patient.
#[utoipa::path(tag = "accounts", request_body = RegisterRequest, responses(
    (status = 201, body = AuthResponse, description = "Signed in; the refresh cookie is set"),
    (status = 400, body = ErrorBody), (status = 409, body = ErrorBody),
    (status = 429, body = ErrorBody, description = "Too many codes tried, or too many taken emails, from this address"),
))]
#[post("/auth/register")]
pub async fn register(
    req: HttpRequest,
    body: web::Json<RegisterRequest>,
    pool: web::Data<DbPool>,
    keys: web::Data<TokenKeys>,
    code_limits: web::Data<CodeLimits>,
    signup_limits: web::Data<SignUpLimits>,
) -> AppResult<HttpResponse> {
    let ip = client_ip(&req);
    let body = body.into_inner();
    let join = JoinCode::from_request(&body)?;
    let account = NewAccount::try_from(body)?;
    let keys = keys.clone();
    let device = device_of(&req);
    let limits_ip = ip.clone();
    let has_code = join.is_some();
    let taken_limit = signup_limits.clone();
    run_db(&pool, move |conn| {
        if signup_limits.taken_per_ip.exhausted(conn, &limits_ip)? {
            return Err(SignUpLimits::refused());
        }
        if !signup_limits.per_ip.allow(conn, &limits_ip)? {
            return Err(SignUpLimits::cap_reached());
        }
        if has_code {
            code_limits.0.check(conn, &limits_ip, None)?;
        }
        Ok(())
    })
    .await?;
    // Only a request within its limits waits for a turn to hash, and it holds no connection while
    // it waits (`password::Turn`).
    let turn = password::Turn::take().await;
    let session = run_db(&pool, move |conn| {
        accounts::register(conn, &keys, &turn, account, join, &device).inspect_err(|e| {
            if e.code == ErrorCode::EmailTaken {
                // Counted, not checked: this answer is already on its way.
                let _ = taken_limit.taken_per_ip.allow(conn, &ip);
            }
        })
    })
    .await?;
    Ok(session_response(HttpResponse::Created(), session))
}

/// Sign in with email and password.
#[utoipa::path(tag = "accounts", request_body = LoginRequest, responses(
    (status = 200, body = AuthResponse, description = "Signed in; the refresh cookie is set"),
    (status = 401, body = ErrorBody), (status = 429, body = ErrorBody),
))]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    body: web::Json<LoginRequest>,
    pool: web::Data<DbPool>,
    keys: web::Data<TokenKeys>,
    limits: web::Data<LoginLimits>,
) -> AppResult<HttpResponse> {
    let ip = client_ip(&req);
    let keys = keys.clone();
    let body = body.into_inner();
    let device = device_of(&req);
    let account = body.email.trim().to_lowercase();
    run_db(&pool, move |conn| limits.0.check(conn, &ip, Some(&account))).await?;
    // Only an attempt within the limits waits for a turn to hash. Neither that wait nor the hash
    // itself holds a database connection or a blocking thread.
    let turn = password::Turn::take().await;
    let email = body.email.clone();
    let account = run_db(&pool, move |conn| accounts::named_in_sign_in(conn, &email)).await?;
    let stored = account.as_ref().map(|user| user.password_hash.as_str());
    let matched = password::check(&turn, &body.password, stored).await;
    drop(turn);
    let user = accounts::signed_in(account, matched)?;
    let session =
        run_db(&pool, move |conn| accounts::start_session(conn, &keys, &user, &db::new_id(), &device)).await?;
    Ok(session_response(HttpResponse::Ok(), session))
}

/// Exchange the refresh cookie for a new access token and a new refresh cookie.
#[utoipa::path(tag = "accounts", responses(
    (status = 200, body = AuthResponse, description = "A new access token; the refresh cookie is replaced"),
    (status = 401, body = ErrorBody),
))]
#[post("/auth/refresh")]
pub async fn refresh_session(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    keys: web::Data<TokenKeys>,
    grace: web::Data<refresh::ReuseGrace>,
) -> AppResult<HttpResponse> {
    let token = refresh_cookie(&req).ok_or_else(AppError::session_expired)?;
    let (keys, grace) = (keys.clone(), **grace);
    let outcome = run_db(&pool, move |conn| accounts::refresh(conn, &keys, &token, grace)).await;
    match outcome {
        Ok(session) => Ok(session_response(HttpResponse::Ok(), session)),
        // A refused token is useless to the browser: tell it to forget it.
        Err(e) => Ok(HttpResponse::build(actix_web::ResponseError::status_code(&e))
            .cookie(refresh::cleared_cookie())
            .json(e.body())),
    }
}

/// Sign out on this device: the refresh token is revoked and its cookie cleared.
#[utoipa::path(tag = "accounts", responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
pub async fn logout(req: HttpRequest, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    if let Some(token) = refresh_cookie(&req) {
        run_db(&pool, move |conn| accounts::logout(conn, &token)).await?;
    }
    Ok(HttpResponse::NoContent().cookie(refresh::cleared_cookie()).finish())
}

/// Change my password, giving the current one (the one-time password the first time). Open to a
/// person who must still change their password, like `GET /api/me`. Every other device is signed
/// out; this one gets a new session, exactly as at sign-in. A wrong current password counts
/// against the sign-in limits.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), request_body = ChangePasswordRequest, responses(
    (status = 200, body = AuthResponse, description = "Changed; a new access token, and the refresh cookie is replaced"),
    (status = 400, body = ErrorBody, description = "The new password breaks a rule, or is the current one"),
    (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody, description = "`wrong_password`"),
    (status = 429, body = ErrorBody),
))]
#[post("/auth/password")]
pub async fn change_password(
    req: HttpRequest,
    SignedIn(caller): SignedIn,
    body: web::Json<ChangePasswordRequest>,
    pool: web::Data<DbPool>,
    keys: web::Data<TokenKeys>,
    limits: web::Data<LoginLimits>,
) -> AppResult<HttpResponse> {
    let ip = client_ip(&req);
    let body = body.into_inner();
    let device = device_of(&req);
    let turn = password::Turn::take().await;
    let session = run_db(&pool, move |conn| {
        let attempt = accounts::PasswordAttempt { limits: &limits, ip: &ip, turn: &turn };
        accounts::change_password(conn, &keys, &attempt, &caller.user_id, &body, &device)
    })
    .await?;
    Ok(session_response(HttpResponse::Ok(), session))
}

/// Which ways back in this server offers a person who forgot their password: a code from the
/// practice always, a link by email when the practice set up email.
#[utoipa::path(tag = "accounts", responses((status = 200, body = RecoveryOptions)))]
#[get("/auth/recovery")]
pub async fn recovery_options(mailer: web::Data<Option<Mailer>>) -> HttpResponse {
    HttpResponse::Ok().json(RecoveryOptions { email: mailer.is_some() })
}

/// Ask for a reset link by email. Answered 202 at once, whether or not the address has an account
/// (or the server sends email); when it has, the link is sent after the answer.
#[utoipa::path(tag = "accounts", request_body = ForgotRequest, responses(
    (status = 202, description = "If the address has an account and the server sends email, a link is on its way"),
    (status = 400, body = ErrorBody), (status = 429, body = ErrorBody),
))]
#[post("/auth/forgot")]
pub async fn forgot(
    req: HttpRequest,
    body: web::Json<ForgotRequest>,
    pool: web::Data<DbPool>,
    mailer: web::Data<Option<Mailer>>,
    limits: web::Data<RecoveryLimits>,
) -> AppResult<HttpResponse> {
    let email = evenkeel_domain::account::Email::parse(&body.email)?;
    let (ip, asked) = (client_ip(&req), email.clone());
    run_db(&pool, move |conn| limits.0.check(conn, &ip, Some(asked.as_str()))).await?;
    if mailer.is_some() {
        actix_web::rt::spawn(async move {
            let sent = run_db(&pool, move |conn| {
                let Some(mailer) = mailer.as_ref().as_ref() else { return Ok(()) };
                recovery::send_reset_link(conn, mailer, email.as_str())
            })
            .await;
            // No address in the log: it is personal, and would say who asked.
            if let Err(e) = sent {
                tracing::warn!(error = %e.message, "a password reset link could not be sent");
            }
        });
    }
    Ok(HttpResponse::Accepted().finish())
}

/// Set a new password with the token from an emailed link or a code from the practice. Signs in
/// this device; every other device is signed out.
#[utoipa::path(tag = "accounts", request_body = ResetRequest, responses(
    (status = 200, body = AuthResponse, description = "Signed in; the refresh cookie is set"),
    (status = 400, body = ErrorBody, description = "No code or token, or the new password breaks a rule"),
    (status = 403, body = ErrorBody, description = "The account has been closed"),
    (status = 404, body = ErrorBody, description = "`code_not_found`: no such code"),
    (status = 410, body = ErrorBody, description = "`code_expired` or `code_used`"),
    (status = 429, body = ErrorBody),
))]
#[post("/auth/reset")]
pub async fn reset(
    req: HttpRequest,
    body: web::Json<ResetRequest>,
    pool: web::Data<DbPool>,
    keys: web::Data<TokenKeys>,
    code_limits: web::Data<CodeLimits>,
) -> AppResult<HttpResponse> {
    let (ip, device) = (client_ip(&req), device_of(&req));
    let body = body.into_inner();
    let turn = password::Turn::take().await;
    let session = run_db(&pool, move |conn| {
        code_limits.0.check(conn, &ip, None)?;
        recovery::reset(conn, &keys, &turn, &body, &device)
    })
    .await?;
    Ok(session_response(HttpResponse::Ok(), session))
}

/// Confirm a new email address with the token from the link sent to it.
#[utoipa::path(tag = "accounts", request_body = ConfirmEmailRequest, responses(
    (status = 204, description = "The account now uses the new address"),
    (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 410, body = ErrorBody),
    (status = 429, body = ErrorBody),
))]
#[post("/auth/confirm-email")]
pub async fn confirm_email(
    req: HttpRequest,
    body: web::Json<ConfirmEmailRequest>,
    pool: web::Data<DbPool>,
    code_limits: web::Data<CodeLimits>,
) -> AppResult<HttpResponse> {
    let ip = client_ip(&req);
    run_db(&pool, move |conn| {
        code_limits.0.check(conn, &ip, None)?;
        recovery::confirm_email(conn, &body.token)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
