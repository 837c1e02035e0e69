//! Getting back into an account, and the devices signed in to it: the API types of
//! `POST /api/auth/forgot`, `POST /api/auth/reset`, the practice's reset codes, the email change
//! and `GET /api/me/sessions`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How long an emailed reset link works.
pub const RESET_LINK_MINUTES: i64 = 30;
/// How long a reset code from the practice works.
pub const RESET_CODE_HOURS: i64 = 24;

/// What this server offers a person who forgot their password. A reset code from the practice
/// always works; a link by email only where the practice set up email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryOptions {
    pub email: bool,
}

/// `POST /api/auth/forgot`: always answered 202, whether or not the email has an account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForgotRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::account::schema::email))]
    pub email: String,
}

/// `POST /api/auth/reset`: the token from an emailed link, or a code from the practice, and the
/// new password. The answer is a fresh `AuthResponse`, as at sign-in; every other device is
/// signed out.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::account::schema::new_password))]
    pub new_password: String,
}

/// A reset code the practice reads out to the person, once they have checked who they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetCode {
    /// Four groups of four letters and digits, like `kq7m-x3fd-9hpa-tw2e`.
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/me/email`: a new email address, confirmed with the password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailChangeRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::account::schema::email))]
    pub new_email: String,
    pub password: String,
}

/// What happened to an email change: made at once, or waiting for the link sent to the new
/// address (when the server sends email).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EmailChange {
    Changed,
    ConfirmationSent,
}

/// `POST /api/auth/confirm-email`: the token from the link sent to the new address.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfirmEmailRequest {
    pub token: String,
}

/// One signed-in device: a sign-in and every refresh since (a refresh token family).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionView {
    pub id: Uuid,
    /// From the browser's user agent, like "Chrome on Android".
    pub device: String,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// The device asking.
    pub this_device: bool,
}
