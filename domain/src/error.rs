//! The JSON error contract: every 4xx/5xx from `/api` is `{"error": code, "message": sentence}`.
//! `code` is stable for programs; `message` is written for the person holding the phone.

use serde::{Deserialize, Serialize};

/// Stable, snake_case error codes. Adding one is fine; renaming one breaks clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidJson,
    InvalidInput,
    PayloadTooLarge,
    UnsupportedMediaType,
    EmailTaken,
    InvalidCredentials,
    NotSignedIn,
    SessionExpired,
    /// The person signed this device out from another (Signed-in devices): the app removes the
    /// diary from this phone, as at a sign-out.
    SignedOutElsewhere,
    Forbidden,
    /// The person signed in with a one-time password and must choose their own before anything
    /// else (only `POST /api/auth/password`, refresh, sign-out and `GET /api/me` answer).
    PasswordChangeRequired,
    /// The current password given to change it (or the email address) is not the right one:
    /// 403, like a wrong password when deleting the account; never 401, which would sign the
    /// app out.
    WrongPassword,
    /// An invite for a carer used by a worker, or the other way round.
    WrongRelation,
    NotFound,
    /// A path that exists, asked with a method it doesn't answer (the `Allow` header lists those
    /// it does).
    MethodNotAllowed,
    /// Someone changed the same thing on another device meanwhile: look again, then choose.
    Conflict,
    /// An invite or enrolment code that doesn't exist (or was mistyped).
    CodeNotFound,
    /// A code past its 7 days.
    CodeExpired,
    /// A code that has already been used.
    CodeUsed,
    /// A `Range` past the end of a file.
    RangeNotSatisfiable,
    TooManyRequests,
    /// This server sends no notifications (`EVENKEEL_PUSH=false`): there is no key to subscribe
    /// with and nothing to test. A setting, not an outage, so not a 503.
    PushOff,
    Internal,
    Unavailable,
}

impl ErrorCode {
    /// The HTTP status this code is answered with.
    pub fn status(self) -> u16 {
        match self {
            Self::InvalidJson | Self::InvalidInput => 400,
            Self::InvalidCredentials | Self::NotSignedIn | Self::SessionExpired | Self::SignedOutElsewhere => 401,
            Self::Forbidden | Self::WrongRelation | Self::PasswordChangeRequired | Self::WrongPassword => 403,
            Self::NotFound | Self::CodeNotFound | Self::PushOff => 404,
            Self::MethodNotAllowed => 405,
            Self::CodeExpired | Self::CodeUsed => 410,
            Self::EmailTaken | Self::Conflict => 409,
            Self::PayloadTooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::RangeNotSatisfiable => 416,
            Self::TooManyRequests => 429,
            Self::Internal => 500,
            Self::Unavailable => 503,
        }
    }
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorCode,
    pub message: String,
}
