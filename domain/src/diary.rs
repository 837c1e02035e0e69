//! Diary entries as they travel through `POST /api/sync`: the eight kinds, their validated data, and the
//! wire types. Each kind's JSON is parsed field by field into a typed value, so a mistake comes back
//! as a sentence naming the field ("Pain score must be a whole number from 0 to 10.").
//!
//! `EntryData::to_json` gives the canonical form (trimmed text, normalised times, optional fields
//! left out when empty). The server stores and returns that form, and the app should save it in its
//! outbox too, so every copy of an entry is the same JSON text — the merge tie-break compares it.

pub mod activity;
pub mod dose;
pub mod error;
mod fields;
pub mod medication;
pub mod mood;
pub mod pain;
pub mod relaxation;
pub mod sleep;
pub mod time;
pub mod wire;
pub mod withdrawal;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use activity::{ActivityEntry, ActivityKind, Effort, FeltAfter};
pub use dose::{DoseEntry, DoseReason};
pub use error::{EntryError, Problem};
pub use medication::{Medication, MedicineForm, Schedule, StrengthUnit};
pub use mood::{MoodEntry, MoodLevel};
pub use pain::{PainEntry, Peg};
pub use relaxation::RelaxationEntry;
pub use sleep::SleepEntry;
pub use time::EntryTime;
pub use wire::{Change, MAX_CHANGES_PER_SYNC, OmeFigure, Rejected, ServerChange, SyncRequest, SyncResponse};
pub use withdrawal::{HowMuch, WithdrawalEntry};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Medication,
    Pain,
    Activity,
    Dose,
    Mood,
    Sleep,
    Relaxation,
    /// A "how reducing feels" check-in during a medicine plan (shared with `plan`).
    Withdrawal,
}

impl EntryKind {
    pub const ALL: [EntryKind; 8] = [
        Self::Medication,
        Self::Pain,
        Self::Activity,
        Self::Dose,
        Self::Mood,
        Self::Sleep,
        Self::Relaxation,
        Self::Withdrawal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Medication => "medication",
            Self::Pain => "pain",
            Self::Activity => "activity",
            Self::Dose => "dose",
            Self::Mood => "mood",
            Self::Sleep => "sleep",
            Self::Relaxation => "relaxation",
            Self::Withdrawal => "withdrawal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Upsert,
    Delete,
}

/// One entry's validated data.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryData {
    Medication(Medication),
    Pain(PainEntry),
    Activity(ActivityEntry),
    Dose(DoseEntry),
    Mood(MoodEntry),
    Sleep(SleepEntry),
    Relaxation(RelaxationEntry),
    Withdrawal(WithdrawalEntry),
}

impl EntryData {
    pub fn parse(kind: EntryKind, data: &Value) -> Result<Self, EntryError> {
        Ok(match kind {
            EntryKind::Medication => Self::Medication(Medication::parse(data)?),
            EntryKind::Pain => Self::Pain(PainEntry::parse(data)?),
            EntryKind::Activity => Self::Activity(ActivityEntry::parse(data)?),
            EntryKind::Dose => Self::Dose(DoseEntry::parse(data)?),
            EntryKind::Mood => Self::Mood(MoodEntry::parse(data)?),
            EntryKind::Sleep => Self::Sleep(SleepEntry::parse(data)?),
            EntryKind::Relaxation => Self::Relaxation(RelaxationEntry::parse(data)?),
            EntryKind::Withdrawal => Self::Withdrawal(WithdrawalEntry::parse(data)?),
        })
    }

    pub fn kind(&self) -> EntryKind {
        match self {
            Self::Medication(_) => EntryKind::Medication,
            Self::Pain(_) => EntryKind::Pain,
            Self::Activity(_) => EntryKind::Activity,
            Self::Dose(_) => EntryKind::Dose,
            Self::Mood(_) => EntryKind::Mood,
            Self::Sleep(_) => EntryKind::Sleep,
            Self::Relaxation(_) => EntryKind::Relaxation,
            Self::Withdrawal(_) => EntryKind::Withdrawal,
        }
    }

    /// The canonical JSON of this entry (see the module doc).
    pub fn to_json(&self) -> Value {
        let json = match self {
            Self::Medication(e) => serde_json::to_value(e),
            Self::Pain(e) => serde_json::to_value(e),
            Self::Activity(e) => serde_json::to_value(e),
            Self::Dose(e) => serde_json::to_value(e),
            Self::Mood(e) => serde_json::to_value(e),
            Self::Sleep(e) => serde_json::to_value(e),
            Self::Relaxation(e) => serde_json::to_value(e),
            Self::Withdrawal(e) => serde_json::to_value(e),
        };
        // These types only hold strings, numbers, lists and string-keyed objects, which always serialise.
        json.unwrap_or(Value::Null)
    }

    /// The time the server files the row under (`recorded_at` + `tz_offset_min`): when it happened,
    /// or when the night began. A medicine has none.
    pub fn recorded_at(&self) -> Option<EntryTime> {
        match self {
            Self::Medication(_) => None,
            Self::Pain(e) => Some(e.recorded_at),
            Self::Activity(e) => Some(e.started_at),
            Self::Dose(e) => Some(e.taken_at),
            Self::Mood(e) => Some(e.recorded_at),
            Self::Sleep(e) => Some(EntryTime::from_datetime(e.diary.into_bed())),
            Self::Relaxation(e) => Some(e.recorded_at),
            Self::Withdrawal(e) => Some(e.recorded_at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// One valid example per kind: the shapes documented for the app and server.
    pub(crate) fn examples() -> Vec<(EntryKind, Value)> {
        vec![
            (
                EntryKind::Medication,
                json!({"name": "Zomorph", "opioid": "morphine", "strength": 10.0, "unit": "mg", "form": "capsule", "schedule": "scheduled", "usual_amount": 10.0}),
            ),
            (
                EntryKind::Pain,
                json!({"recorded_at": "2025-03-01T09:30:00+00:00", "score": 6, "where": "lower back", "note": "Worse after the stairs", "peg": {"average": 5, "enjoyment": 6, "activity": 6}}),
            ),
            (
                EntryKind::Activity,
                json!({"started_at": "2025-03-01T10:00:00+00:00", "minutes": 20, "what": "Walk to the shop", "effort": "moderate", "kind": "activity", "rest_break_taken": true, "felt_after": "same"}),
            ),
            (
                EntryKind::Dose,
                json!({"medication_id": "6f1c1f2e-8a53-4f3e-9d3a-2b8f7c1e0a11", "amount": 20.0, "taken_at": "2025-03-01T21:45:00+00:00", "reasons": ["pain", "to_sleep"], "pain_before": 6, "stress_before": 4, "pain_after": 4, "note": "Took it early"}),
            ),
            (
                EntryKind::Mood,
                json!({"recorded_at": "2025-03-01T20:00:00+00:00", "stress": 7, "mood": "low", "phq2": [1, 1], "gad2": [2, 1], "note": "Tough day"}),
            ),
            (
                EntryKind::Sleep,
                json!({"night_of": "2025-03-01", "into_bed": "2025-03-01T22:30:00+00:00", "tried_to_sleep": "2025-03-01T23:00:00+00:00", "minutes_to_fall_asleep": 30, "awakenings": 2, "minutes_awake_in_night": 40, "final_waking": "2025-03-02T06:30:00+00:00", "out_of_bed": "2025-03-02T07:00:00+00:00", "quality": "fair", "note": "Hip woke me"}),
            ),
            (
                EntryKind::Relaxation,
                json!({"recorded_at": "2025-03-01T22:15:00+00:00", "minutes": 5, "pattern": "extended_exhale", "feel_before": 6, "feel_after": 4}),
            ),
            (
                EntryKind::Withdrawal,
                json!({"recorded_at": "2025-03-02T08:00:00+00:00", "feelings": {"aches": "quite_a_bit", "yawning": "a_little"}, "note": "Day 2 of the new step"}),
            ),
        ]
    }

    #[test]
    fn every_example_parses_and_is_already_canonical() {
        for (kind, data) in examples() {
            let entry = EntryData::parse(kind, &data).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            assert_eq!(entry.kind(), kind);
            assert_eq!(entry.to_json(), data, "{kind:?}");
            assert_eq!(entry.recorded_at().is_some(), kind != EntryKind::Medication);
        }
    }

    #[test]
    fn the_wrong_shape_for_a_kind_is_refused_kindly() {
        let (_, pain) = &examples()[1];
        let err = EntryData::parse(EntryKind::Mood, pain).unwrap_err();
        assert!(err.to_string().contains("doesn't know (\"peg\")"), "{err}");
        assert_eq!(err.field(), "data");
        let err = EntryData::parse(EntryKind::Pain, &json!("six")).unwrap_err();
        assert_eq!(err.to_string(), "This entry's details are missing or not in the expected form.");
    }

    #[test]
    fn kinds_and_ops_use_snake_case_names() {
        for kind in EntryKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), json!(kind.as_str()));
            assert_eq!(EntryKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(serde_json::to_value(Op::Delete).unwrap(), json!("delete"));
    }
}
