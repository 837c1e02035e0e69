//! Who is calling: the signed-in person behind a request's `Authorization: Bearer` token.
//!
//! Two extractors read the same token:
//! - [`Caller`], used by every endpoint, refuses a token whose person must still replace the
//!   one-time password the practice gave them (the `pwc` claim) with 403 `password_change_required`;
//! - [`SignedIn`] accepts it, and is used only where such a person must still get through: choosing
//!   the password (`POST /api/auth/password`) and reading their own account (`GET /api/me`).
//!   Refresh and sign-out go by the refresh cookie, not a bearer token, so they need neither.
//!
//! Why an extractor and not a check of the request path: the exemption is written in the handler's
//! signature, where a reader sees it; an endpoint added later is refused by default (it will take
//! `Caller` like its neighbours) instead of being open until someone extends a list of paths; and
//! nothing depends on how the `/api` scope or a route happens to be spelled. The claim is in the
//! token, so the check costs no database read.

use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use evenkeel_domain::api::Role;
use evenkeel_domain::error::ErrorCode;

use super::tokens::{TokenError, TokenKeys};
use crate::error::AppError;

#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: String,
    pub role: Role,
    /// The sign-in (refresh token family) the access token came from.
    pub session_id: Option<String>,
}

/// Any signed-in person, including one who must still choose their own password. Only for the
/// endpoints that person needs on the way (see the module documentation).
#[derive(Debug, Clone)]
pub struct SignedIn(pub Caller);

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(extract(req).and_then(
            |(caller, must_change_password)| {
                if must_change_password { Err(password_change_required()) } else { Ok(caller) }
            },
        ))
    }
}

impl FromRequest for SignedIn {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(extract(req).map(|(caller, _)| SignedIn(caller)))
    }
}

pub fn password_change_required() -> AppError {
    AppError::new(ErrorCode::PasswordChangeRequired, "Please choose your own password first.")
}

/// The caller and whether their token says they must still change their password.
fn extract(req: &HttpRequest) -> Result<(Caller, bool), AppError> {
    let keys = req
        .app_data::<web::Data<TokenKeys>>()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("token keys not configured")))?;
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(AppError::not_signed_in)?;
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .ok_or_else(AppError::not_signed_in)?;
    match keys.verify_access(token.trim()) {
        Ok(claims) => Ok((Caller { user_id: claims.sub, role: claims.role, session_id: claims.sid }, claims.pwc)),
        Err(TokenError::Expired) => Err(AppError::session_expired()),
        Err(TokenError::Invalid) => Err(AppError::not_signed_in()),
    }
}
