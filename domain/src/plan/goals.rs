//! A patient's goals, in their own words: what they want to do and why it matters, a small first
//! step, how many days a week, and when to look at it again. A project worker may propose one; it
//! waits until the patient accepts it. Each week the patient may check in: done, partly or not this
//! week, each equally fine. No streaks, no percentages.
//!
//! Weeks run Monday to Sunday in the patient's own time zone: a check-in belongs to the Monday that
//! starts its week ([`week_start`]).

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

/// The longest "what", in characters: a goal is one sentence.
pub const MAX_WHAT_CHARS: usize = 200;
/// The longest "why" or first step, and the longest check-in note.
pub const MAX_TEXT_CHARS: usize = 1000;
/// A review date may be at most this many days away, either way (a typing slip in the year
/// otherwise).
pub const MAX_REVIEW_DAYS: u64 = 2 * 366;
/// The weeks a goal's history row shows.
pub const WEEKS_SHOWN: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    /// Written by a project worker, waiting for the patient to accept it.
    Proposed,
    Active,
    Paused,
    Finished,
    /// Put down: no reason needed.
    LetGo,
}

impl GoalStatus {
    pub const ALL: [GoalStatus; 5] = [Self::Proposed, Self::Active, Self::Paused, Self::Finished, Self::LetGo];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Active => "active",
            Self::Paused => "paused",
            Self::Finished => "finished",
            Self::LetGo => "let_go",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// How the status reads on screen.
    pub fn label(self) -> &'static str {
        match self {
            Self::Proposed => "Suggested",
            Self::Active => "Working on it",
            Self::Paused => "Paused",
            Self::Finished => "Finished",
            Self::LetGo => "Let go",
        }
    }

    /// Still on the go: asked about each week.
    pub fn is_current(self) -> bool {
        self == Self::Active
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CheckinOutcome {
    Done,
    Partly,
    NotThisWeek,
}

impl CheckinOutcome {
    pub const ALL: [CheckinOutcome; 3] = [Self::Done, Self::Partly, Self::NotThisWeek];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::Partly => "partly",
            Self::NotThisWeek => "not_this_week",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Done => "Done",
            Self::Partly => "Partly",
            Self::NotThisWeek => "Not this week",
        }
    }
}

/// The words of a goal, as the patient (or a worker proposing it) writes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalWords {
    /// What I want to do, e.g. "Walk to the park with Sam".
    #[cfg_attr(feature = "openapi", schema(max_length = 200, pattern = r"\S"))]
    pub what: String,
    /// Why it matters to me (optional).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub why: String,
    /// A small first step (optional).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub first_step: String,
    /// On how many days a week, 1 to 7.
    #[serde(deserialize_with = "crate::whole::number")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 7))]
    pub days_per_week: u8,
    /// When to look at it again, `YYYY-MM-DD` (optional).
    #[serde(default)]
    pub review_on: Option<NaiveDate>,
}

/// `PUT /api/patients/{patient_id}/goals/{goal_id}`: the patient's own goal, made or changed. The
/// phone makes the id, so a replay of the same request changes nothing; of two versions, the one
/// changed later on its phone (`updated_at`) wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalRequest {
    #[serde(flatten)]
    pub words: GoalWords,
    /// Active, paused, finished or let go (accepting a suggested goal makes it active).
    #[cfg_attr(feature = "openapi", schema(schema_with = own_goal_statuses))]
    pub status: GoalStatus,
    /// When the patient made this change, on their phone.
    pub updated_at: DateTime<Utc>,
}

/// The statuses a patient may give their own goal: every one but `proposed`, which only a worker's
/// suggestion has (`GoalRequest::parse`).
#[cfg(feature = "openapi")]
fn own_goal_statuses() -> utoipa::openapi::schema::Object {
    crate::api::string_enum(GoalStatus::ALL.into_iter().filter(|s| *s != GoalStatus::Proposed).map(GoalStatus::as_str))
}

/// `PUT /api/patients/{patient_id}/goals/{goal_id}/weeks/{week_start}`: this week's check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinRequest {
    pub outcome: CheckinOutcome,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub note: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinView {
    /// The Monday of the week.
    pub week_start: NaiveDate,
    pub outcome: CheckinOutcome,
    #[serde(default)]
    pub note: String,
}

/// One earlier version of a goal: what it said and its status, who changed it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalChange {
    pub at: DateTime<Utc>,
    pub by_name: String,
    pub status: GoalStatus,
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalView {
    pub id: Uuid,
    #[serde(flatten)]
    pub words: GoalWords,
    pub status: GoalStatus,
    /// The worker who suggested it, when it was suggested.
    #[serde(default)]
    pub proposed_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Newest week first.
    pub checkins: Vec<CheckinView>,
    /// Every version, oldest first (the first is how it began).
    pub history: Vec<GoalChange>,
}

impl GoalView {
    pub fn checkin_for(&self, week: NaiveDate) -> Option<&CheckinView> {
        self.checkins.iter().find(|c| c.week_start == week)
    }

    /// Waiting for this week's check-in: a goal being worked on, not yet checked in this week.
    pub fn due(&self, this_week: NaiveDate) -> bool {
        self.status.is_current() && self.checkin_for(this_week).is_none()
    }
}

/// Why a goal or check-in was not accepted, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GoalError {
    #[error("Please say what you'd like to do, in a few words.")]
    NoWhat,
    #[error("Please keep what you'd like to do under {MAX_WHAT_CHARS} characters: one sentence is enough.")]
    WhatTooLong,
    #[error("Please keep this under {MAX_TEXT_CHARS} characters.")]
    TextTooLong { field: &'static str },
    #[error("Please choose from 1 to 7 days a week.")]
    DaysPerWeek,
    #[error("Please check the review date: it is more than two years away.")]
    ReviewTooFar,
    #[error("A goal you write yourself starts straight away, so it can't be \"suggested\".")]
    PatientCannotPropose,
    #[error("A week starts on a Monday: please give that Monday's date.")]
    NotAMonday,
    #[error("That week hasn't started yet.")]
    FutureWeek,
}

impl GoalError {
    /// The request field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::NoWhat | Self::WhatTooLong => "what",
            Self::TextTooLong { field } => field,
            Self::DaysPerWeek => "days_per_week",
            Self::ReviewTooFar => "review_on",
            Self::PatientCannotPropose => "status",
            Self::NotAMonday | Self::FutureWeek => "week_start",
        }
    }
}

fn trimmed(raw: &str, max: usize, field: &'static str) -> Result<String, GoalError> {
    let text = raw.trim();
    if text.chars().count() > max {
        return Err(if field == "what" { GoalError::WhatTooLong } else { GoalError::TextTooLong { field } });
    }
    Ok(text.to_owned())
}

impl GoalWords {
    /// Checks the words against the patient's `today`: trimmed text within its limits, something to
    /// do, 1–7 days, and a plausible review date.
    pub fn parse(&self, today: NaiveDate) -> Result<GoalWords, GoalError> {
        let what = trimmed(&self.what, MAX_WHAT_CHARS, "what")?;
        if what.is_empty() {
            return Err(GoalError::NoWhat);
        }
        if !(1..=7).contains(&self.days_per_week) {
            return Err(GoalError::DaysPerWeek);
        }
        if let Some(review) = self.review_on {
            let far = |d: Option<NaiveDate>| d.is_some_and(|d| d < review);
            let early = |d: Option<NaiveDate>| d.is_some_and(|d| review < d);
            if far(today.checked_add_days(Days::new(MAX_REVIEW_DAYS)))
                || early(today.checked_sub_days(Days::new(MAX_REVIEW_DAYS)))
            {
                return Err(GoalError::ReviewTooFar);
            }
        }
        Ok(GoalWords {
            what,
            why: trimmed(&self.why, MAX_TEXT_CHARS, "why")?,
            first_step: trimmed(&self.first_step, MAX_TEXT_CHARS, "first_step")?,
            days_per_week: self.days_per_week,
            review_on: self.review_on,
        })
    }
}

impl GoalRequest {
    /// A patient's own goal checked: the words, and a status the patient may set.
    pub fn parse(&self, today: NaiveDate) -> Result<GoalRequest, GoalError> {
        if self.status == GoalStatus::Proposed {
            return Err(GoalError::PatientCannotPropose);
        }
        Ok(GoalRequest { words: self.words.parse(today)?, status: self.status, updated_at: self.updated_at })
    }
}

impl CheckinRequest {
    /// A check-in for the week starting `week`, checked against the patient's `today`: the week must
    /// start on a Monday and have begun.
    pub fn parse(&self, week: NaiveDate, today: NaiveDate) -> Result<CheckinRequest, GoalError> {
        if week.weekday() != chrono::Weekday::Mon {
            return Err(GoalError::NotAMonday);
        }
        // One day of slack: the patient's Monday may already have begun where they are.
        if week > today.checked_add_days(Days::new(1)).unwrap_or(today) {
            return Err(GoalError::FutureWeek);
        }
        Ok(CheckinRequest {
            outcome: self.outcome,
            note: trimmed(&self.note, MAX_TEXT_CHARS, "note")?,
            updated_at: self.updated_at,
        })
    }
}

/// The Monday that starts the week `day` is in.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday()))).unwrap_or(day)
}

/// The weeks a goal's row shows, oldest first: up to [`WEEKS_SHOWN`] weeks ending with this one,
/// none before the week the goal began.
pub fn weeks_to_show(began: NaiveDate, today: NaiveDate) -> Vec<NaiveDate> {
    let (first, this) = (week_start(began), week_start(today));
    (0..WEEKS_SHOWN as u64)
        .rev()
        .filter_map(|back| this.checked_sub_days(Days::new(7 * back)))
        .filter(|week| *week >= first)
        .collect()
}

/// Gentle suggestions for making a goal specific and realistic, in plain words (never a score).
/// Empty when the goal already reads well.
pub fn suggestions(words: &GoalWords) -> Vec<&'static str> {
    let what = words.what.to_lowercase();
    let mut out = Vec::new();
    let has_amount = what.chars().any(|c| c.is_ascii_digit())
        || ["minute", "hour", "once", "twice", "times", "mile", "metre", "step", "page", "lap"]
            .iter()
            .any(|w| what.contains(w));
    if !what.trim().is_empty() && !has_amount {
        out.push("It can help to say how much or how long: \"walk for 10 minutes\" rather than \"walk more\".");
    }
    if ["more", "better", "less", "improve"].iter().any(|w| what.split_whitespace().any(|x| x == *w)) {
        out.push("Words like \"more\" or \"better\" are hard to check. What would you actually do?");
    }
    if words.first_step.trim().is_empty() {
        out.push("What is one small thing you could do this week to start?");
    }
    if words.days_per_week >= 6 {
        out.push("Fewer days a week leaves room for bad days. You can always add more later.");
    }
    if words.why.trim().is_empty() {
        out.push("Saying why it matters to you can help on the harder days.");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn words(what: &str) -> GoalWords {
        GoalWords {
            what: what.into(),
            why: "To see the ducks with Sam".into(),
            first_step: "Walk to the corner and back".into(),
            days_per_week: 3,
            review_on: Some(day("2026-03-01")),
        }
    }

    const TODAY: &str = "2026-01-14";

    #[test]
    fn a_goal_is_trimmed_and_kept_in_the_patients_words() {
        let mut w = words("  Walk to the park for 10 minutes  ");
        w.why = " Sam ".into();
        let parsed = w.parse(day(TODAY)).unwrap();
        assert_eq!(parsed.what, "Walk to the park for 10 minutes");
        assert_eq!(parsed.why, "Sam");
    }

    #[test]
    fn a_goal_needs_something_to_do_and_one_to_seven_days() {
        assert_eq!(words("   ").parse(day(TODAY)), Err(GoalError::NoWhat));
        let mut w = words("Swim");
        for bad in [0, 8, 200] {
            w.days_per_week = bad;
            assert_eq!(w.parse(day(TODAY)), Err(GoalError::DaysPerWeek), "{bad}");
        }
        w.days_per_week = 7;
        assert!(w.parse(day(TODAY)).is_ok());
        assert_eq!(GoalError::DaysPerWeek.field(), "days_per_week");
    }

    #[test]
    fn long_text_is_refused_with_the_field_named() {
        assert_eq!(words(&"a".repeat(MAX_WHAT_CHARS + 1)).parse(day(TODAY)), Err(GoalError::WhatTooLong));
        assert!(words(&"é".repeat(MAX_WHAT_CHARS)).parse(day(TODAY)).is_ok(), "characters, not bytes");
        let mut w = words("Swim");
        w.first_step = "x".repeat(MAX_TEXT_CHARS + 1);
        let err = w.parse(day(TODAY)).unwrap_err();
        assert_eq!(err.field(), "first_step");
        assert_eq!(err.to_string(), "Please keep this under 1000 characters.");
    }

    #[test]
    fn a_review_date_more_than_two_years_away_is_a_slip() {
        let mut w = words("Swim");
        w.review_on = Some(day("2029-01-14"));
        assert_eq!(w.parse(day(TODAY)), Err(GoalError::ReviewTooFar));
        w.review_on = Some(day("1926-01-14"));
        assert_eq!(w.parse(day(TODAY)), Err(GoalError::ReviewTooFar));
        w.review_on = Some(day("2027-06-01"));
        assert!(w.parse(day(TODAY)).is_ok());
        w.review_on = None;
        assert!(w.parse(day(TODAY)).is_ok());
    }

    #[test]
    fn a_patient_cannot_mark_their_own_goal_as_suggested() {
        let req = GoalRequest { words: words("Swim"), status: GoalStatus::Proposed, updated_at: Utc::now() };
        assert_eq!(req.parse(day(TODAY)), Err(GoalError::PatientCannotPropose));
        for status in [GoalStatus::Active, GoalStatus::Paused, GoalStatus::Finished, GoalStatus::LetGo] {
            assert!(GoalRequest { status, ..req.clone() }.parse(day(TODAY)).is_ok());
        }
    }

    #[test]
    fn a_checkin_belongs_to_a_week_that_has_begun() {
        let req = CheckinRequest { outcome: CheckinOutcome::Partly, note: " rained ".into(), updated_at: Utc::now() };
        // 2026-01-12 is a Monday; TODAY is the Wednesday after.
        assert_eq!(req.parse(day("2026-01-12"), day(TODAY)).unwrap().note, "rained");
        assert_eq!(req.parse(day("2026-01-13"), day(TODAY)), Err(GoalError::NotAMonday));
        assert_eq!(req.parse(day("2026-01-19"), day(TODAY)), Err(GoalError::FutureWeek));
        // Sunday where the server is, Monday where the patient is.
        assert!(req.parse(day("2026-01-19"), day("2026-01-18")).is_ok());
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(day("2026-01-12")), day("2026-01-12"));
        assert_eq!(week_start(day("2026-01-18")), day("2026-01-12"), "Sunday ends the week");
        assert_eq!(week_start(day("2026-01-01")), day("2025-12-29"), "across a new year");
    }

    #[test]
    fn the_row_of_weeks_begins_no_earlier_than_the_goal() {
        let weeks = weeks_to_show(day("2026-01-01"), day(TODAY));
        assert_eq!(weeks, vec![day("2025-12-29"), day("2026-01-05"), day("2026-01-12")]);
        let long = weeks_to_show(day("2025-01-01"), day(TODAY));
        assert_eq!(long.len(), WEEKS_SHOWN);
        assert_eq!(long.last(), Some(&day("2026-01-12")));
        assert_eq!(long[0], day("2025-11-24"));
    }

    #[test]
    fn a_goal_is_due_when_worked_on_and_not_checked_in_this_week() {
        let this_week = day("2026-01-12");
        let mut goal = GoalView {
            id: Uuid::nil(),
            words: words("Swim"),
            status: GoalStatus::Active,
            proposed_by: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            checkins: vec![CheckinView {
                week_start: day("2026-01-05"),
                outcome: CheckinOutcome::Done,
                note: String::new(),
            }],
            history: Vec::new(),
        };
        assert!(goal.due(this_week));
        goal.checkins.push(CheckinView {
            week_start: this_week,
            outcome: CheckinOutcome::NotThisWeek,
            note: String::new(),
        });
        assert!(!goal.due(this_week), "not this week is a check-in too");
        goal.checkins.clear();
        for status in [GoalStatus::Proposed, GoalStatus::Paused, GoalStatus::Finished, GoalStatus::LetGo] {
            goal.status = status;
            assert!(!goal.due(this_week), "{status:?}");
        }
    }

    #[test]
    fn suggestions_are_gentle_and_go_away_when_the_goal_reads_well() {
        assert!(suggestions(&words("Walk to the park for 10 minutes")).is_empty());
        let vague = GoalWords {
            what: "Walk more".into(),
            why: String::new(),
            first_step: String::new(),
            days_per_week: 7,
            review_on: None,
        };
        let said = suggestions(&vague);
        assert_eq!(said.len(), 5, "{said:?}");
        assert!(said.iter().all(|s| !s.to_lowercase().contains("smart")));
    }

    #[test]
    fn statuses_and_outcomes_use_snake_case_names() {
        for s in GoalStatus::ALL {
            assert_eq!(GoalStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for o in CheckinOutcome::ALL {
            assert_eq!(CheckinOutcome::parse(o.as_str()), Some(o));
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
        }
    }

    proptest! {
        #[test]
        fn every_day_falls_in_the_week_of_its_monday(offset in 0i64..40_000) {
            let d = day("2000-01-01") + chrono::Duration::days(offset);
            let monday = week_start(d);
            prop_assert_eq!(monday.weekday(), chrono::Weekday::Mon);
            prop_assert!(monday <= d && (d - monday).num_days() < 7);
        }
    }
}
