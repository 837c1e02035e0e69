//! Errors, by layer:
//! - `db/*` functions return diesel's `QueryResult`;
//! - services and handlers return [`AppResult`], whose [`AppError`] carries the stable
//!   [`ErrorCode`] (the API contract), a message a person understands, and for unexpected failures
//!   the cause, which is logged and never sent to the client;
//! - start-up and the CLI use `anyhow`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use evenkeel_domain::error::{ErrorBody, ErrorCode};

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    cause: Option<anyhow::Error>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), cause: None }
    }

    /// Something went wrong on our side. The cause is logged; the person gets a calm sentence.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self {
            code: ErrorCode::Internal,
            message: "Something went wrong on our side. Nothing you entered was lost — please try again in a moment."
                .into(),
            cause: Some(cause.into()),
        }
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound, "We couldn't find that.")
    }

    pub fn not_signed_in() -> Self {
        Self::new(ErrorCode::NotSignedIn, "Please sign in to continue.")
    }

    pub fn session_expired() -> Self {
        Self::new(ErrorCode::SessionExpired, "Your session has ended. Please sign in again.")
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody { error: self.code, message: self.message.clone() }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if let Some(cause) = &self.cause {
            tracing::error!(error = %format!("{cause:#}"), "request failed");
        }
        HttpResponse::build(self.status_code()).json(self.body())
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        Self::internal(e)
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        tracing::error!(error = %e, "no database connection available");
        Self::new(
            ErrorCode::Unavailable,
            "The service is busy or can't reach its database right now. Please try again in a moment.",
        )
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

impl From<evenkeel_domain::account::AccountError> for AppError {
    fn from(e: evenkeel_domain::account::AccountError) -> Self {
        Self::invalid_input(e.to_string())
    }
}
