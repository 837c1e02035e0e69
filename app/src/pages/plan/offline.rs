//! My plan on this phone: the goals as last seen (so the page opens without signal) and the
//! changes not yet on the server, kept in localStorage.
//!
//! Every change is a `PUT` of the whole goal, or of one week's check-in, with an id the phone
//! made, so sending it twice changes nothing. A newer change to the same goal or week replaces the
//! older one waiting here. A change leaves only once the server accepted it; one the server
//! refused stays, with the server's words, until the patient puts it away.

use evenkeel_domain::plan::contact::{ContactRequestBody, ContactRequestView};
use evenkeel_domain::plan::goals::{CheckinRequest, CheckinView, GoalRequest, GoalStatus, GoalView};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::ApiError;
use crate::local_storage;
use crate::plan_api::PlanApi;

const GOALS_KEY: &str = "evenkeel.plan.goals";
const OUTBOX_KEY: &str = "evenkeel.plan.outbox";
/// The patient's own account id, for their `/api/patients/{id}/…` paths while offline (kept here
/// rather than in the core's remembered profile, which every page load reads).
const ME_KEY: &str = "evenkeel.plan.me";
/// Pacing plans as last seen (they change only online, when a step is chosen).
const PACING_KEY: &str = "evenkeel.plan.pacing";
/// Referrals as last seen.
const REFERRALS_KEY: &str = "evenkeel.plan.referrals";
/// Exercise plans as last seen.
const EXERCISE_KEY: &str = "evenkeel.plan.exercise";
/// The medicine plan as last seen (it changes only when the worker enters a new version).
const MEDICINE_KEY: &str = "evenkeel.plan.medicine";
/// "I'd like to talk" requests as last seen.
const TALK_KEY: &str = "evenkeel.plan.talk";

/// Outbox keys of requests to talk.
const TALK_PREFIX: &str = "talk:";

/// A change waiting to reach the server.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pending {
    /// Which goal or week it changes: a newer change with the same key replaces it.
    pub key: String,
    pub goal_id: Uuid,
    pub path: String,
    pub body: serde_json::Value,
    /// The server's refusal, in its words; the change stays until put away.
    #[serde(default)]
    pub refused: Option<String>,
}

fn read<T: for<'de> Deserialize<'de> + Default>(key: &str) -> T {
    local_storage::get(key).and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default()
}

fn write<T: Serialize>(key: &str, value: &T) {
    if let Ok(json) = serde_json::to_string(value) {
        local_storage::set(key, &json);
    }
}

pub fn goals() -> Vec<GoalView> {
    read(GOALS_KEY)
}

pub fn save_goals(goals: &[GoalView]) {
    write(GOALS_KEY, &goals);
}

pub fn pacing() -> Vec<evenkeel_domain::plan::pacing::PacingView> {
    read(PACING_KEY)
}

pub fn save_pacing(plans: &[evenkeel_domain::plan::pacing::PacingView]) {
    write(PACING_KEY, &plans);
}

pub fn referrals() -> Vec<evenkeel_domain::plan::services::ReferralView> {
    read(REFERRALS_KEY)
}

pub fn save_referrals(referrals: &[evenkeel_domain::plan::services::ReferralView]) {
    write(REFERRALS_KEY, &referrals);
}

pub fn exercise() -> Vec<evenkeel_domain::plan::exercise::ExercisePlanView> {
    read(EXERCISE_KEY)
}

pub fn save_exercise(plans: &[evenkeel_domain::plan::exercise::ExercisePlanView]) {
    write(EXERCISE_KEY, &plans);
}

pub fn medicine() -> Option<evenkeel_domain::plan::medicine::MedicinePlanView> {
    read(MEDICINE_KEY)
}

pub fn save_medicine(plan: &Option<evenkeel_domain::plan::medicine::MedicinePlanView>) {
    write(MEDICINE_KEY, plan);
}

pub fn talk() -> Vec<ContactRequestView> {
    read(TALK_KEY)
}

pub fn save_talk(requests: &[ContactRequestView]) {
    write(TALK_KEY, &requests);
}

pub fn outbox() -> Vec<Pending> {
    read(OUTBOX_KEY)
}

fn save_outbox(outbox: &[Pending]) {
    write(OUTBOX_KEY, &outbox);
}

/// Forgets My plan on this phone (sign-out).
pub fn forget() {
    let today = crate::components::today_lines::PLAN_LINES_KEY;
    for key in [GOALS_KEY, OUTBOX_KEY, ME_KEY, PACING_KEY, REFERRALS_KEY, EXERCISE_KEY, MEDICINE_KEY, TALK_KEY, today] {
        local_storage::remove(key);
    }
}

/// The signed-in patient's id: from the account when it is known (and kept), else as kept.
pub fn me(known: Option<Uuid>) -> Option<Uuid> {
    match known {
        Some(id) => {
            local_storage::set(ME_KEY, &id.to_string());
            Some(id)
        }
        None => local_storage::get(ME_KEY).and_then(|id| id.parse().ok()),
    }
}

fn queue(item: Pending) {
    let mut all = outbox();
    all.retain(|p| p.key != item.key);
    all.push(item);
    save_outbox(&all);
}

/// Puts a refused change away.
pub fn drop_refused(key: &str) {
    let mut all = outbox();
    all.retain(|p| p.key != key);
    save_outbox(&all);
}

/// Queues the patient's goal as it now reads.
pub fn queue_goal(patient: Uuid, id: Uuid, request: &GoalRequest) {
    queue(Pending {
        key: format!("goal:{id}"),
        goal_id: id,
        path: format!("/api/patients/{patient}/goals/{id}"),
        body: serde_json::to_value(request).unwrap_or_default(),
        refused: None,
    });
}

/// Queues a week's check-in.
pub fn queue_checkin(patient: Uuid, id: Uuid, week: chrono::NaiveDate, request: &CheckinRequest) {
    queue(Pending {
        key: format!("week:{id}:{week}"),
        goal_id: id,
        path: format!("/api/patients/{patient}/goals/{id}/weeks/{week}"),
        body: serde_json::to_value(request).unwrap_or_default(),
        refused: None,
    });
}

/// Queues a request to talk (a `POST` with the phone's id: sent twice, it arrives once).
pub fn queue_talk(patient: Uuid, request: &ContactRequestBody) {
    queue(Pending {
        key: format!("{TALK_PREFIX}{}", request.id),
        goal_id: request.id,
        path: format!("/api/patients/{patient}/contact-requests"),
        body: serde_json::to_value(request).unwrap_or_default(),
        refused: None,
    });
}

/// Requests to talk still on this phone, as the patient sees them until the server has them.
pub fn waiting_talk() -> Vec<ContactRequestBody> {
    outbox()
        .into_iter()
        .filter(|p| p.key.starts_with(TALK_PREFIX) && p.refused.is_none())
        .filter_map(|p| serde_json::from_value(p.body).ok())
        .collect()
}

/// Applies a queued change to the goals as shown, so the phone shows it at once (and again after
/// a fresh list from the server, until the change has been sent).
pub fn apply(goals: &mut Vec<GoalView>, item: &Pending) {
    if item.refused.is_some() {
        return;
    }
    if item.key.starts_with("goal:") {
        let Ok(request) = serde_json::from_value::<GoalRequest>(item.body.clone()) else { return };
        match goals.iter_mut().find(|g| g.id == item.goal_id) {
            Some(goal) => {
                goal.words = request.words;
                goal.status = request.status;
                goal.updated_at = request.updated_at;
            }
            None => goals.push(GoalView {
                id: item.goal_id,
                words: request.words,
                status: request.status,
                proposed_by: None,
                created_at: request.updated_at,
                updated_at: request.updated_at,
                checkins: Vec::new(),
                history: Vec::new(),
            }),
        }
    } else if let (Ok(request), Some(week)) = (
        serde_json::from_value::<CheckinRequest>(item.body.clone()),
        item.key.rsplit(':').next().and_then(|w| w.parse().ok()),
    ) && let Some(goal) = goals.iter_mut().find(|g| g.id == item.goal_id)
    {
        goal.checkins.retain(|c| c.week_start != week);
        goal.checkins.insert(0, CheckinView { week_start: week, outcome: request.outcome, note: request.note });
    }
}

/// The goals as the server last sent them, with this phone's waiting changes on top.
pub fn with_pending(mut goals: Vec<GoalView>) -> Vec<GoalView> {
    for item in outbox() {
        apply(&mut goals, &item);
    }
    goals
}

/// Sends what is waiting, oldest first, and stops at the first change that gets no answer (no
/// signal, server trouble): it goes again next time, in the same order. Each accepted change
/// leaves the outbox and its goal, as the server now has it, is stored.
pub async fn send_waiting(api: PlanApi) -> Result<(), ApiError> {
    for item in outbox().into_iter().filter(|p| p.refused.is_none()) {
        let sent = if item.key.starts_with(TALK_PREFIX) {
            api.send_request(&item.path, &item.body).await.map(|request| {
                let mut stored = talk();
                stored.retain(|r| r.id != request.id);
                stored.insert(0, request);
                save_talk(&stored);
            })
        } else {
            api.put(&item.path, &item.body).await.map(|goal| {
                let mut stored = goals();
                stored.retain(|g| g.id != goal.id);
                stored.push(goal);
                save_goals(&stored);
            })
        };
        match sent {
            Ok(()) => {
                let mut all = outbox();
                all.retain(|p| p.key != item.key);
                save_outbox(&all);
            }
            Err(ApiError::Failed { status, body })
                if (400..500).contains(&status) && status != 401 && status != 429 =>
            {
                let mut all = outbox();
                if let Some(p) = all.iter_mut().find(|p| p.key == item.key) {
                    p.refused = Some(body.message);
                }
                save_outbox(&all);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Whether a goal has a change waiting on this phone.
pub fn is_waiting(goal: Uuid) -> bool {
    outbox().iter().any(|p| p.goal_id == goal && p.refused.is_none())
}

/// Now, from the phone's clock (`clock::now`: chrono's own clock is not available in WebAssembly).
pub fn now() -> chrono::DateTime<chrono::Utc> {
    crate::store::clock::now().utc().and_utc()
}

/// A suggested goal the patient accepts or lets go: the same words, a new status.
pub fn answer(goal: &GoalView, status: GoalStatus, now: chrono::DateTime<chrono::Utc>) -> GoalRequest {
    GoalRequest { words: goal.words.clone(), status, updated_at: now }
}
