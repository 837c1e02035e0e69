//! My plan's calls (issue 12): goals with their check-ins, and session summaries, under
//! `/api/patients/{patient_id}/…`, through the same signed-in call as `sharing_api`.

use evenkeel_domain::plan::goals::{GoalView, GoalWords};
use evenkeel_domain::plan::pacing::{PacingAction, PacingRequest, PacingStepRequest, PacingView};
use evenkeel_domain::plan::summaries::{SummaryRequest, SummaryView};
use serde::Serialize;
use uuid::Uuid;

use crate::api::ApiError;
use crate::sharing_api::{SharingApi, json};

#[derive(Clone, Copy)]
pub struct PlanApi {
    api: SharingApi,
}

impl PlanApi {
    pub fn expect() -> Self {
        Self { api: SharingApi::expect() }
    }

    pub async fn goals(self, patient: Uuid) -> Result<Vec<GoalView>, ApiError> {
        json(self.api.call("GET", &format!("/api/patients/{patient}/goals"), None::<&()>).await?).await
    }

    /// A `PUT` the patient's phone queued (a goal or a check-in): the goal as it now stands.
    pub async fn put<B: Serialize>(self, path: &str, body: &B) -> Result<GoalView, ApiError> {
        json(self.api.call("PUT", path, Some(body)).await?).await
    }

    /// A project worker suggests a goal.
    pub async fn propose(self, patient: Uuid, words: &GoalWords) -> Result<GoalView, ApiError> {
        json(self.api.call("POST", &format!("/api/patients/{patient}/goals"), Some(words)).await?).await
    }

    pub async fn pacing(self, patient: Uuid) -> Result<Vec<PacingView>, ApiError> {
        json(self.api.call("GET", &format!("/api/patients/{patient}/pacing-plans"), None::<&()>).await?).await
    }

    pub async fn add_pacing(self, patient: Uuid, request: &PacingRequest) -> Result<PacingView, ApiError> {
        json(self.api.call("POST", &format!("/api/patients/{patient}/pacing-plans"), Some(request)).await?).await
    }

    /// A step up, a hold or a step back.
    pub async fn step(self, patient: Uuid, plan: Uuid, action: PacingAction) -> Result<PacingView, ApiError> {
        let path = format!("/api/patients/{patient}/pacing-plans/{plan}/steps");
        json(self.api.call("POST", &path, Some(&PacingStepRequest { action })).await?).await
    }

    pub async fn summaries(self, patient: Uuid) -> Result<Vec<SummaryView>, ApiError> {
        json(self.api.call("GET", &format!("/api/patients/{patient}/summaries"), None::<&()>).await?).await
    }

    pub async fn add_summary(self, patient: Uuid, request: &SummaryRequest) -> Result<SummaryView, ApiError> {
        json(self.api.call("POST", &format!("/api/patients/{patient}/summaries"), Some(request)).await?).await
    }
}
