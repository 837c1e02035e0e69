//! My plan (see `evenkeel_domain::plan`): the patient's goals and the summaries of their sessions,
//! read and written through the gate, and the lines Today shows from them.

pub mod goals;
pub mod summaries;

use evenkeel_domain::plan::{TodayLine, goal_due_line, goals::week_start, next_session_line};

use crate::access::{self, Need};
use crate::auth::caller::Caller;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::insights::patient_today;

/// Today's lines for the signed-in patient: each goal waiting for this week's check-in, then the
/// next session if one is booked.
pub fn today_lines(conn: &mut DbConn, caller: &Caller) -> AppResult<Vec<TodayLine>> {
    let grant = access::require(conn, caller, &caller.user_id, Need::OwnDiary, "GET /api/me/plan-today")?;
    let today = patient_today(conn, grant.patient_id())?;
    let this_week = week_start(today);
    let mut lines: Vec<TodayLine> = goals::all_of(conn, &grant)?
        .iter()
        .filter(|g| g.due(this_week))
        .map(|g| goal_due_line(&g.words.what))
        .collect();
    if let Some((worker, next)) = summaries::next_session(conn, &grant, today)? {
        lines.push(next_session_line(&worker, next, today));
    }
    Ok(lines)
}
