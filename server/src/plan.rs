//! My plan (see `evenkeel_domain::plan`): the patient's goals and the summaries of their sessions,
//! read and written through the gate, and the lines Today shows from them.

pub mod contact;
pub mod exercise;
pub mod goals;
pub mod medicine;
pub mod pacing;
pub mod services;
pub mod summaries;

use evenkeel_domain::plan::medicine::today_line;
use evenkeel_domain::plan::pacing::progress_line;
use evenkeel_domain::plan::{PLAN_PATH, TodayLine, goal_due_line, goals::week_start, next_session_line};

use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::plan::goals::{GoalStatus, GoalView};
use evenkeel_domain::plan::pacing::PacingView;
use evenkeel_domain::plan::summaries::SummaryView;
use evenkeel_domain::sharing::Scope;

use crate::access::{self, Grant, Need};
use crate::auth::caller::Caller;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::insights::patient_today;

/// Today's lines for the signed-in patient: each pacing plan's minutes so far against today's
/// target, each goal waiting for this week's check-in, then the next session if one is booked.
pub fn today_lines(conn: &mut DbConn, caller: &Caller) -> AppResult<Vec<TodayLine>> {
    let grant = access::require(conn, caller, &caller.user_id, Need::OwnDiary, "GET /api/me/plan-today")?;
    let today = patient_today(conn, grant.patient_id())?;
    let this_week = week_start(today);
    let mut lines: Vec<TodayLine> = pacing::minutes_today(conn, &grant, today)?
        .into_iter()
        .map(|(plan, done)| TodayLine {
            line: progress_line(&plan.activity, done, plan.target),
            href: PLAN_PATH.to_owned(),
        })
        .collect();
    lines
        .extend(goals::all_of(conn, &grant)?.iter().filter(|g| g.due(this_week)).map(|g| goal_due_line(&g.words.what)));
    if let Some(line) = medicine::current(conn, grant.patient())?.and_then(|c| today_line(&c.view, today)) {
        lines.insert(0, TodayLine { line, href: PLAN_PATH.to_owned() });
    }
    if let Some((worker, next)) = summaries::next_session(conn, &grant, today)? {
        lines.push(next_session_line(&worker, next, today));
    }
    Ok(lines)
}

/// The plan as the GP summary shows it: whatever of it the caller may read (each part through the
/// gate, so each is audited like any other read).
#[derive(Debug, Default)]
pub struct ForSummary {
    /// The goals being worked on or paused (with `goals`).
    pub goals: Option<Vec<GoalView>>,
    /// With `plan`.
    pub pacing: Option<Vec<PacingView>>,
    /// With `plan`: the referrals still open.
    pub referrals: Option<Vec<evenkeel_domain::plan::services::ReferralView>>,
    /// With `plan`: the medicine plan's current version, if one was entered.
    pub medicine: Option<Option<evenkeel_domain::plan::medicine::MedicinePlanView>>,
    /// With `notes`: the latest session summary, if any.
    pub last_summary: Option<Option<SummaryView>>,
}

pub fn for_summary(conn: &mut DbConn, caller: &Caller, patient_id: &str, endpoint: &str) -> AppResult<ForSummary> {
    let read = |conn: &mut DbConn, scope: Scope| -> AppResult<Option<Grant>> {
        match access::require(conn, caller, patient_id, Need::Read(scope), endpoint) {
            Ok(grant) => Ok(Some(grant)),
            Err(e) if e.code == ErrorCode::Forbidden => Ok(None),
            Err(e) => Err(e),
        }
    };
    let mut out = ForSummary::default();
    if let Some(grant) = read(conn, Scope::Goals)? {
        let all = goals::list(conn, &grant)?;
        out.goals =
            Some(all.into_iter().filter(|g| matches!(g.status, GoalStatus::Active | GoalStatus::Paused)).collect());
    }
    if let Some(grant) = read(conn, Scope::Plan)? {
        out.pacing = Some(pacing::list(conn, &grant)?);
        out.referrals = Some(services::list(conn, &grant)?.into_iter().filter(|r| r.status.is_open()).collect());
        out.medicine = Some(medicine::read(conn, &grant, false)?.current);
    }
    if let Some(grant) = read(conn, Scope::Notes)? {
        out.last_summary = Some(summaries::list(conn, &grant)?.into_iter().next());
    }
    Ok(out)
}
