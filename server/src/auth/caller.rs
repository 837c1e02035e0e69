//! The `Caller` extractor: the signed-in person behind a request's `Authorization: Bearer` token.

use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use evenkeel_domain::api::Role;

use super::tokens::{TokenError, TokenKeys};
use crate::error::AppError;

#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: String,
    pub role: Role,
}

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(extract(req))
    }
}

fn extract(req: &HttpRequest) -> Result<Caller, AppError> {
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
        Ok(claims) => Ok(Caller { user_id: claims.sub, role: claims.role }),
        Err(TokenError::Expired) => Err(AppError::session_expired()),
        Err(TokenError::Invalid) => Err(AppError::not_signed_in()),
    }
}
