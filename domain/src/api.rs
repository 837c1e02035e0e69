//! Request and response bodies of the HTTP API, shared by the server and the app.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a person can do in Even Keel. One person has one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Patient,
    Carer,
    /// A project worker or other GP-practice staff member.
    Worker,
    /// Practice admin: manages worker accounts, sees no health data.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Patient => "patient",
            Self::Carer => "carer",
            Self::Worker => "worker",
            Self::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "patient" => Some(Self::Patient),
            "carer" => Some(Self::Carer),
            "worker" => Some(Self::Worker),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::account::schema::email))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::account::schema::new_password))]
    pub password: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::account::schema::display_name))]
    pub display_name: String,
    /// IANA time zone name, e.g. `Europe/London`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::account::TimeZoneName))]
    pub time_zone: String,
    /// A patient's invite code: makes a carer account and links it at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_code: Option<String>,
    /// A project worker's enrolment code: makes a patient account linked to that worker, waiting
    /// for the patient to choose what to share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrolment_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub time_zone: String,
    /// True until the person replaces the one-time password the practice gave them
    /// (`POST /api/auth/password`); until then every other endpoint answers 403
    /// `password_change_required`.
    #[serde(default)]
    pub must_change_password: bool,
    /// The app's type scale and theme, chosen in Settings and applied on every device.
    #[serde(default)]
    pub text_size: crate::settings::TextSize,
    #[serde(default)]
    pub theme: crate::settings::Theme,
}

/// Change my password (`POST /api/auth/password`), signed in. The answer is a fresh
/// [`AuthResponse`], like signing in; every other device is signed out.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    /// The password used to sign in: the one-time password the first time.
    pub current_password: String,
    /// Checked with the same rules as at sign-up (`account::NewPassword`).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::account::schema::new_password))]
    pub new_password: String,
}

/// Answer to register, login, refresh and password change. The refresh token travels only in an HttpOnly cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthResponse {
    /// Short-lived bearer token (15 minutes) for `Authorization: Bearer …`.
    pub access_token: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub user: UserView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub database: String,
}

/// A string schema allowing only `values`: for a field that takes some of an enum's values (the
/// derive can only list all of them).
#[cfg(feature = "openapi")]
pub fn string_enum(values: impl IntoIterator<Item = &'static str>) -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(values))
        .build()
}
