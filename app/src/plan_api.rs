//! My plan's calls (issue 12): goals with their check-ins, and session summaries, under
//! `/api/patients/{patient_id}/…`, through the same signed-in call as `sharing_api`.

use evenkeel_domain::plan::contact::{ContactPatch, ContactRequestView};
use evenkeel_domain::plan::exercise::{ExerciseDayRequest, ExercisePlanRequest, ExercisePlanView};
use evenkeel_domain::plan::goals::{GoalView, GoalWords};
use evenkeel_domain::plan::medicine::MedicinePlanResponse;
use evenkeel_domain::plan::pacing::{PacingAction, PacingRequest, PacingStepRequest, PacingView};
use evenkeel_domain::plan::services::{
    PatientResponse, ReferralRequest, ReferralView, ResponseRequest, ServiceRequest, ServiceView,
};
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

    pub async fn exercise_plans(self, patient: Uuid) -> Result<Vec<ExercisePlanView>, ApiError> {
        json(self.api.call("GET", &format!("/api/patients/{patient}/exercise-plans"), None::<&()>).await?).await
    }

    pub async fn add_exercise_plan(
        self,
        patient: Uuid,
        request: &ExercisePlanRequest,
    ) -> Result<ExercisePlanView, ApiError> {
        json(self.api.call("POST", &format!("/api/patients/{patient}/exercise-plans"), Some(request)).await?).await
    }

    /// Today's ticks (a repeat replaces them).
    pub async fn tick(
        self,
        patient: Uuid,
        plan: Uuid,
        day: chrono::NaiveDate,
        request: &ExerciseDayRequest,
    ) -> Result<ExercisePlanView, ApiError> {
        let path = format!("/api/patients/{patient}/exercise-plans/{plan}/days/{day}");
        json(self.api.call("PUT", &path, Some(request)).await?).await
    }

    /// The practice's directory of services.
    pub async fn services(self) -> Result<Vec<ServiceView>, ApiError> {
        json(self.api.call("GET", "/api/services", None::<&()>).await?).await
    }

    pub async fn add_service(self, request: &ServiceRequest) -> Result<ServiceView, ApiError> {
        json(self.api.call("POST", "/api/services", Some(request)).await?).await
    }

    pub async fn retire_service(self, id: Uuid) -> Result<(), ApiError> {
        self.api.call("DELETE", &format!("/api/services/{id}"), None::<&()>).await.map(|_| ())
    }

    pub async fn referrals(self, patient: Uuid) -> Result<Vec<ReferralView>, ApiError> {
        json(self.api.call("GET", &format!("/api/patients/{patient}/referrals"), None::<&()>).await?).await
    }

    pub async fn refer(self, patient: Uuid, request: &ReferralRequest) -> Result<ReferralView, ApiError> {
        json(self.api.call("POST", &format!("/api/patients/{patient}/referrals"), Some(request)).await?).await
    }

    pub async fn change_referral(
        self,
        patient: Uuid,
        id: Uuid,
        request: &ReferralRequest,
    ) -> Result<ReferralView, ApiError> {
        json(self.api.call("PATCH", &format!("/api/patients/{patient}/referrals/{id}"), Some(request)).await?).await
    }

    /// The patient's "I went" or "not for me".
    pub async fn respond(self, patient: Uuid, id: Uuid, response: PatientResponse) -> Result<ReferralView, ApiError> {
        let path = format!("/api/patients/{patient}/referrals/{id}/response");
        json(self.api.call("PUT", &path, Some(&ResponseRequest { response })).await?).await
    }

    pub async fn medicine_plan(self, patient: Uuid) -> Result<MedicinePlanResponse, ApiError> {
        json(self.api.call("GET", &format!("/api/patients/{patient}/medicine-plan"), None::<&()>).await?).await
    }

    /// A project worker saves a new version of the plan.
    pub async fn save_medicine_plan(
        self,
        patient: Uuid,
        request: &evenkeel_domain::plan::medicine::MedicinePlanRequest,
    ) -> Result<evenkeel_domain::plan::medicine::MedicinePlanView, ApiError> {
        json(self.api.call("PUT", &format!("/api/patients/{patient}/medicine-plan"), Some(request)).await?).await
    }

    pub async fn medicine_plan_days(
        self,
        patient: Uuid,
    ) -> Result<evenkeel_domain::plan::medicine::PlanDays, ApiError> {
        json(self.api.call("GET", &format!("/api/patients/{patient}/medicine-plan/days"), None::<&()>).await?).await
    }

    pub async fn contact_requests(self, patient: Uuid) -> Result<Vec<ContactRequestView>, ApiError> {
        json(self.api.call("GET", &format!("/api/patients/{patient}/contact-requests"), None::<&()>).await?).await
    }

    /// A request the phone queued (its id makes a repeat harmless).
    pub async fn send_request<B: Serialize>(self, path: &str, body: &B) -> Result<ContactRequestView, ApiError> {
        json(self.api.call("POST", path, Some(body)).await?).await
    }

    /// A worker: seen, a one-line reply, or closed.
    pub async fn answer_request(self, id: Uuid, patch: &ContactPatch) -> Result<ContactRequestView, ApiError> {
        json(self.api.call("PATCH", &format!("/api/contact-requests/{id}"), Some(patch)).await?).await
    }

    pub async fn summaries(self, patient: Uuid) -> Result<Vec<SummaryView>, ApiError> {
        json(self.api.call("GET", &format!("/api/patients/{patient}/summaries"), None::<&()>).await?).await
    }

    pub async fn add_summary(self, patient: Uuid, request: &SummaryRequest) -> Result<SummaryView, ApiError> {
        json(self.api.call("POST", &format!("/api/patients/{patient}/summaries"), Some(request)).await?).await
    }
}
