//! Exercise plans: a short list of exercises the patient or their worker writes (from the physio,
//! say) — each with how much, which days, and a note — that the patient ticks off on the day, with
//! pain before and after if they like, so the plan can show how those days went.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

use crate::reminders::Weekdays;
use crate::scores::PainScore;

pub const MAX_EXERCISES: usize = 12;
pub const MAX_TITLE_CHARS: usize = 60;
pub const MAX_NAME_CHARS: usize = 80;
pub const MAX_AMOUNT_CHARS: usize = 60;
pub const MAX_NOTE_CHARS: usize = 300;
/// Days with pain before and after needed before the plan compares them.
pub const MIN_DAYS_TO_COMPARE: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Exercise {
    /// Made by whoever writes the list, so a tick still finds it after the list is changed.
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(max_length = 80, pattern = r"\S"))]
    pub name: String,
    /// How much: "10 times, 2 sets", "5 minutes".
    #[cfg_attr(feature = "openapi", schema(max_length = 60))]
    pub amount: String,
    /// Which days (1 = Monday … 7 = Sunday).
    pub days: Weekdays,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub note: String,
}

/// `POST /api/patients/{patient_id}/exercise-plans` and `PUT …/exercise-plans/{plan_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExercisePlanRequest {
    /// "Physio exercises", "Morning stretches".
    #[cfg_attr(feature = "openapi", schema(max_length = 60, pattern = r"\S"))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 12))]
    pub exercises: Vec<Exercise>,
}

/// `PUT /api/patients/{patient_id}/exercise-plans/{plan_id}/days/{day}`: what was done that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExerciseDayRequest {
    /// The exercises ticked off.
    pub done: Vec<Uuid>,
    #[serde(default, deserialize_with = "crate::whole::optional")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub pain_before: Option<u8>,
    #[serde(default, deserialize_with = "crate::whole::optional")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub pain_after: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExerciseDay {
    pub day: NaiveDate,
    pub done: Vec<Uuid>,
    pub pain_before: Option<u8>,
    pub pain_after: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExercisePlanView {
    pub id: Uuid,
    pub title: String,
    pub exercises: Vec<Exercise>,
    pub written_by: String,
    pub updated_at: DateTime<Utc>,
    /// The last 28 days with anything ticked, newest first.
    pub days: Vec<ExerciseDay>,
    /// How pain before and after compared, once there are enough days with both.
    pub compared: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExerciseError {
    #[error("Please give the list a name, like \"Physio exercises\".")]
    NoTitle,
    #[error("Please add at least one exercise.")]
    NoExercises,
    #[error("A list can hold up to {MAX_EXERCISES} exercises.")]
    TooMany,
    #[error("Each exercise needs a name.")]
    NoName,
    #[error("Each exercise needs at least one day.")]
    NoDays,
    #[error("Please keep this shorter.")]
    TooLong { field: &'static str },
    #[error("Pain before and after is a whole number from 0 to 10.")]
    Pain,
    #[error("That exercise isn't on this list.")]
    UnknownExercise,
    #[error("That day hasn't come yet.")]
    FutureDay,
}

impl ExerciseError {
    pub fn field(&self) -> &'static str {
        match self {
            Self::NoTitle => "title",
            Self::NoExercises | Self::TooMany | Self::NoName | Self::NoDays => "exercises",
            Self::TooLong { field } => field,
            Self::Pain => "pain_before",
            Self::UnknownExercise => "done",
            Self::FutureDay => "day",
        }
    }
}

fn trimmed(raw: &str, max: usize, field: &'static str) -> Result<String, ExerciseError> {
    let t = raw.trim();
    if t.chars().count() > max {
        return Err(ExerciseError::TooLong { field });
    }
    Ok(t.to_owned())
}

impl ExercisePlanRequest {
    pub fn parse(&self) -> Result<ExercisePlanRequest, ExerciseError> {
        let title = trimmed(&self.title, MAX_TITLE_CHARS, "title")?;
        if title.is_empty() {
            return Err(ExerciseError::NoTitle);
        }
        if self.exercises.is_empty() {
            return Err(ExerciseError::NoExercises);
        }
        if self.exercises.len() > MAX_EXERCISES {
            return Err(ExerciseError::TooMany);
        }
        let exercises = self
            .exercises
            .iter()
            .map(|e| {
                let name = trimmed(&e.name, MAX_NAME_CHARS, "name")?;
                if name.is_empty() {
                    return Err(ExerciseError::NoName);
                }
                if e.days.to_vec().is_empty() {
                    return Err(ExerciseError::NoDays);
                }
                Ok(Exercise {
                    id: e.id,
                    name,
                    amount: trimmed(&e.amount, MAX_AMOUNT_CHARS, "amount")?,
                    days: e.days,
                    note: trimmed(&e.note, MAX_NOTE_CHARS, "note")?,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ExercisePlanRequest { title, exercises })
    }
}

impl ExerciseDayRequest {
    /// Checks a day's ticks against the plan's exercises and the patient's `today` (a day of
    /// slack for time zones). Ticks are kept unique and in the list's order.
    pub fn parse(&self, day: NaiveDate, today: NaiveDate, plan: &[Exercise]) -> Result<ExerciseDay, ExerciseError> {
        if day > today.succ_opt().unwrap_or(today) {
            return Err(ExerciseError::FutureDay);
        }
        if self.done.iter().any(|id| !plan.iter().any(|e| e.id == *id)) {
            return Err(ExerciseError::UnknownExercise);
        }
        let pain = |p: Option<u8>| p.map(|v| PainScore::new(v).map(|_| v).ok_or(ExerciseError::Pain)).transpose();
        Ok(ExerciseDay {
            day,
            done: plan.iter().map(|e| e.id).filter(|id| self.done.contains(id)).collect(),
            pain_before: pain(self.pain_before)?,
            pain_after: pain(self.pain_after)?,
        })
    }
}

/// The exercises planned for `day`.
pub fn due_on(exercises: &[Exercise], day: NaiveDate) -> Vec<&Exercise> {
    let weekday = day.weekday().number_from_monday() as u8;
    exercises.iter().filter(|e| e.days.to_vec().contains(&weekday)).collect()
}

/// "On the 4 days with pain noted before and after, it was 5.5 before and 4.8 after, on average."
/// Nothing until there are enough such days; an observation, never advice.
pub fn compare(days: &[ExerciseDay]) -> Option<String> {
    let both: Vec<(f64, f64)> = days
        .iter()
        .filter(|d| !d.done.is_empty())
        .filter_map(|d| Some((f64::from(d.pain_before?), f64::from(d.pain_after?))))
        .collect();
    if both.len() < MIN_DAYS_TO_COMPARE {
        return None;
    }
    let n = both.len() as f64;
    let before = both.iter().map(|b| b.0).sum::<f64>() / n;
    let after = both.iter().map(|b| b.1).sum::<f64>() / n;
    Some(format!(
        "On the {} days with pain noted before and after, it was {before:.1} before and {after:.1} after, on average.",
        both.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn exercise(name: &str, days: &[i64]) -> Exercise {
        Exercise {
            id: Uuid::new_v4(),
            name: name.into(),
            amount: "10 times".into(),
            days: Weekdays::parse(days).unwrap(),
            note: String::new(),
        }
    }

    fn plan() -> ExercisePlanRequest {
        ExercisePlanRequest {
            title: " Physio exercises ".into(),
            exercises: vec![exercise("Sit to stand", &[1, 3, 5]), exercise("Calf raises", &[1, 2, 3, 4, 5, 6, 7])],
        }
    }

    #[test]
    fn a_plan_needs_a_name_and_named_exercises_on_some_days() {
        assert_eq!(plan().parse().unwrap().title, "Physio exercises");
        let mut p = plan();
        p.exercises.clear();
        assert_eq!(p.parse(), Err(ExerciseError::NoExercises));
        let mut p = plan();
        p.exercises[0].name = " ".into();
        assert_eq!(p.parse(), Err(ExerciseError::NoName));
        let mut p = plan();
        p.title = String::new();
        assert_eq!(p.parse().unwrap_err().field(), "title");
        let mut p = plan();
        p.exercises = (0..13).map(|i| exercise(&format!("E{i}"), &[1])).collect();
        assert_eq!(p.parse(), Err(ExerciseError::TooMany));
    }

    #[test]
    fn the_days_exercises_follow_the_weekdays() {
        let p = plan();
        // 2026-01-05 is a Monday, the 6th a Tuesday.
        assert_eq!(due_on(&p.exercises, day("2026-01-05")).len(), 2);
        let tuesday: Vec<&str> = due_on(&p.exercises, day("2026-01-06")).iter().map(|e| e.name.as_str()).collect();
        assert_eq!(tuesday, ["Calf raises"]);
    }

    #[test]
    fn a_days_ticks_belong_to_the_plan_and_the_day_has_come() {
        let p = plan();
        let (a, b) = (p.exercises[0].id, p.exercises[1].id);
        let req = ExerciseDayRequest { done: vec![b, a, b], pain_before: Some(6), pain_after: Some(5) };
        let today = day("2026-01-05");
        assert_eq!(req.parse(today, today, &p.exercises).unwrap().done, vec![a, b], "unique, in the list's order");
        assert_eq!(req.parse(day("2026-01-07"), today, &p.exercises), Err(ExerciseError::FutureDay));
        let stranger = ExerciseDayRequest { done: vec![Uuid::new_v4()], pain_before: None, pain_after: None };
        assert_eq!(stranger.parse(today, today, &p.exercises), Err(ExerciseError::UnknownExercise));
        let pain = ExerciseDayRequest { done: vec![a], pain_before: Some(11), pain_after: None };
        assert_eq!(pain.parse(today, today, &p.exercises), Err(ExerciseError::Pain));
    }

    #[test]
    fn pain_before_and_after_is_compared_once_there_are_three_days() {
        let id = Uuid::new_v4();
        let d = |s: &str, before, after| ExerciseDay {
            day: day(s),
            done: vec![id],
            pain_before: before,
            pain_after: after,
        };
        let mut days =
            vec![d("2026-01-05", Some(6), Some(5)), d("2026-01-06", Some(5), Some(5)), d("2026-01-07", None, Some(3))];
        assert_eq!(compare(&days), None, "only two days have both");
        days.push(d("2026-01-08", Some(5), Some(3)));
        assert_eq!(
            compare(&days).as_deref(),
            Some("On the 3 days with pain noted before and after, it was 5.3 before and 4.3 after, on average.")
        );
    }
}
