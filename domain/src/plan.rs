//! My plan (`../shared/ux.md`, More): what the patient and their project worker agreed — goals and
//! the summaries of their sessions. Others read it through the gate with the `goals` scope (goals)
//! or the `notes` scope (summaries).
//!
//! Today shows a line or two from it ([`TodayLine`]), worded here and sent by the server, so the
//! patient's core carries none of these words.

pub mod contact;
pub mod exercise;
pub mod goals;
pub mod medicine;
pub mod pacing;
pub mod services;
pub mod summaries;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// `GET /api/me/plan-today`: one line on Today, and where a tap on it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TodayLine {
    /// Named like a missed reminder's line, so Today reads both with the same code.
    pub line: String,
    pub href: String,
}

/// Where Today's plan lines lead.
pub const PLAN_PATH: &str = "/plan";

/// "This week's check-in: Walk to the park".
pub fn goal_due_line(what: &str) -> TodayLine {
    TodayLine { line: format!("This week's check-in: {what}"), href: PLAN_PATH.to_owned() }
}

/// "Your next session with Jo is tomorrow" (today, tomorrow, or "on Thursday 10 December").
pub fn next_session_line(worker: &str, next: NaiveDate, today: NaiveDate) -> TodayLine {
    let when = match (next - today).num_days() {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        _ => format!("on {}", crate::dates::long_date(next)),
    };
    TodayLine { line: format!("Your next session with {worker} is {when}."), href: PLAN_PATH.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_next_session_reads_as_a_day() {
        let today = day("2026-12-08");
        assert_eq!(next_session_line("Jo", today, today).line, "Your next session with Jo is today.");
        assert_eq!(next_session_line("Jo", day("2026-12-09"), today).line, "Your next session with Jo is tomorrow.");
        assert_eq!(
            next_session_line("Jo", day("2026-12-10"), today).line,
            "Your next session with Jo is on Thursday 10 December."
        );
        assert_eq!(next_session_line("Jo", today, today).href, "/plan");
    }

    #[test]
    fn a_goal_line_names_the_goal() {
        assert_eq!(goal_due_line("Walk to the park").line, "This week's check-in: Walk to the park");
    }
}
