//! The account calls of the server's API (issue 15): settings, the email address, signed-in
//! devices and the practice's reset codes, through the same signed-in call as `sharing_api`.

use evenkeel_domain::api::UserView;
use evenkeel_domain::recovery::{EmailChange, EmailChangeRequest, ResetCode, SessionView};
use evenkeel_domain::settings::SettingsPatch;
use uuid::Uuid;

use crate::api::ApiError;
use crate::sharing_api::{SharingApi, json};

#[derive(Clone, Copy)]
pub struct AccountApi {
    api: SharingApi,
}

impl AccountApi {
    pub fn expect() -> Self {
        Self { api: SharingApi::expect() }
    }

    pub async fn change_settings(self, patch: &SettingsPatch) -> Result<UserView, ApiError> {
        json(self.api.call("PATCH", "/api/me", Some(patch)).await?).await
    }

    pub async fn time_zones(self) -> Result<Vec<String>, ApiError> {
        json(self.api.call("GET", "/api/time-zones", None::<&()>).await?).await
    }

    pub async fn change_email(self, request: &EmailChangeRequest) -> Result<EmailChange, ApiError> {
        json(self.api.call("POST", "/api/me/email", Some(request)).await?).await
    }

    pub async fn sessions(self) -> Result<Vec<SessionView>, ApiError> {
        json(self.api.call("GET", "/api/me/sessions", None::<&()>).await?).await
    }

    pub async fn end_session(self, id: Uuid) -> Result<(), ApiError> {
        self.api.call("DELETE", &format!("/api/me/sessions/{id}"), None::<&()>).await.map(|_| ())
    }

    pub async fn end_other_sessions(self) -> Result<(), ApiError> {
        self.api.call("DELETE", "/api/me/sessions", None::<&()>).await.map(|_| ())
    }

    /// A reset code for a patient (their project worker) or a worker (an admin).
    pub async fn reset_code(self, person: Uuid, is_worker: bool) -> Result<ResetCode, ApiError> {
        let path = if is_worker {
            format!("/api/admin/workers/{person}/reset-code")
        } else {
            format!("/api/patients/{person}/reset-code")
        };
        json(self.api.call("POST", &path, Some(&())).await?).await
    }
}
