//! The reminder and push calls of the server's API (issue 11), over the shared
//! `evenkeel_domain::reminders` types, through the same signed-in call as `sharing_api`.

use evenkeel_domain::reminders::{
    PushSubscriptionRequest, ReminderPatch, ReminderRequest, ReminderSettings, ReminderView,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::api::ApiError;
use crate::sharing_api::{SharingApi, json};

#[derive(Clone, Copy)]
pub struct RemindersApi {
    api: SharingApi,
}

#[derive(Deserialize)]
struct PublicKey {
    public_key: String,
}

#[derive(Deserialize)]
struct Subscribed {
    id: Uuid,
}

/// What "Send a test" reached.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct TestResult {
    pub sent: usize,
    pub removed: usize,
    pub failed: usize,
}

impl RemindersApi {
    pub fn expect() -> Self {
        Self { api: SharingApi::expect() }
    }

    pub async fn list(self) -> Result<Vec<ReminderView>, ApiError> {
        json(self.api.call("GET", "/api/reminders", None::<&()>).await?).await
    }

    pub async fn add(self, request: &ReminderRequest) -> Result<ReminderView, ApiError> {
        json(self.api.call("POST", "/api/reminders", Some(request)).await?).await
    }

    pub async fn edit(self, id: Uuid, patch: &ReminderPatch) -> Result<ReminderView, ApiError> {
        json(self.api.call("PATCH", &format!("/api/reminders/{id}"), Some(patch)).await?).await
    }

    pub async fn delete(self, id: Uuid) -> Result<(), ApiError> {
        self.api.call("DELETE", &format!("/api/reminders/{id}"), None::<&()>).await.map(|_| ())
    }

    pub async fn settings(self) -> Result<ReminderSettings, ApiError> {
        json(self.api.call("GET", "/api/reminders/settings", None::<&()>).await?).await
    }

    pub async fn save_settings(self, settings: &ReminderSettings) -> Result<ReminderSettings, ApiError> {
        json(self.api.call("PUT", "/api/reminders/settings", Some(settings)).await?).await
    }

    pub async fn public_key(self) -> Result<String, ApiError> {
        let key: PublicKey = json(self.api.call("GET", "/api/push/public-key", None::<&()>).await?).await?;
        Ok(key.public_key)
    }

    /// Stores this phone's subscription; the id is kept to remove it at sign-out.
    pub async fn subscribe(self, subscription: &PushSubscriptionRequest) -> Result<Uuid, ApiError> {
        let made: Subscribed =
            json(self.api.call("POST", "/api/push/subscriptions", Some(subscription)).await?).await?;
        Ok(made.id)
    }

    pub async fn unsubscribe(self, id: Uuid) -> Result<(), ApiError> {
        self.api.call("DELETE", &format!("/api/push/subscriptions/{id}"), None::<&()>).await.map(|_| ())
    }

    pub async fn send_test(self) -> Result<TestResult, ApiError> {
        json(self.api.call("POST", "/api/push/test", None::<&()>).await?).await
    }
}
