//! A pain entry: the 0–10 NRS now, where, a note, and — when the weekly check-in asks — the PEG.
//!
//! Decision: the PEG (Krebs 2009, `domain.md` §3) rides on a pain entry as an optional `peg` object
//! rather than being a seventh entry kind. A weekly check-in then shows both "pain now" and the week's
//! PEG on one timeline, and sync stays with the six kinds.

use serde::Serialize;
use serde_json::Value;

use super::error::EntryError;
use super::fields::{self, Field, Fields, optional_text, zero_to_ten};
use super::time::EntryTime;
use crate::scores::{InterferenceScore, PainScore};

pub const MAX_WHERE_CHARS: usize = 80;
pub const MAX_NOTE_CHARS: usize = 1000;

const RECORDED_AT: Field = ("recorded_at", "The time of this entry");
const SCORE: Field = ("score", "Pain score");
const WHERE: Field = ("where", "Where it hurts");
const NOTE: Field = ("note", "Note");

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PainEntry {
    pub recorded_at: EntryTime,
    pub score: PainScore,
    #[serde(rename = "where", skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peg: Option<Peg>,
}

/// PEG: three 0–10 items about the past week. Score = their mean.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Peg {
    /// Average pain in the past week.
    pub average: PainScore,
    /// How much pain interfered with enjoyment of life.
    pub enjoyment: InterferenceScore,
    /// How much pain interfered with general activity.
    pub activity: InterferenceScore,
}

impl Peg {
    /// The mean of the three items, to one decimal place (e.g. 5, 6, 6 → 5.7).
    pub fn score(&self) -> f64 {
        let sum =
            u32::from(self.average.value()) + u32::from(self.enjoyment.value()) + u32::from(self.activity.value());
        (f64::from(sum) * 10.0 / 3.0).round() / 10.0
    }

    fn parse(data: &Value) -> Result<Self, EntryError> {
        let f = Fields::new(data, ("peg", "The weekly PEG questions"), &["average", "enjoyment", "activity"])?;
        let interference = zero_to_ten(InterferenceScore::from_f64);
        Ok(Self {
            average: f.required(("peg.average", "Average pain this week"), zero_to_ten(PainScore::from_f64))?,
            enjoyment: f.required(("peg.enjoyment", "How much pain got in the way of enjoying life"), &interference)?,
            activity: f
                .required(("peg.activity", "How much pain got in the way of daily activities"), &interference)?,
        })
    }
}

impl PainEntry {
    pub fn parse(data: &Value) -> Result<Self, EntryError> {
        let f = Fields::new(data, ("data", "This pain entry"), &["recorded_at", "score", "where", "note", "peg"])?;
        Ok(Self {
            recorded_at: f.required(RECORDED_AT, fields::time)?,
            score: f.required(SCORE, zero_to_ten(PainScore::from_f64))?,
            location: optional_text(&f, WHERE, MAX_WHERE_CHARS)?,
            note: optional_text(&f, NOTE, MAX_NOTE_CHARS)?,
            peg: f.raw("peg").map(Peg::parse).transpose()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok() -> Value {
        json!({"recorded_at": "2025-03-01T09:30:00+00:00", "score": 6, "where": " lower back ", "note": ""})
    }

    #[test]
    fn a_pain_entry_round_trips_in_canonical_form() {
        let e = PainEntry::parse(&ok()).unwrap();
        assert_eq!(e.score.value(), 6);
        assert_eq!(e.location.as_deref(), Some("lower back"));
        assert_eq!(e.note, None);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json, json!({"recorded_at": "2025-03-01T09:30:00+00:00", "score": 6, "where": "lower back"}));
        assert_eq!(PainEntry::parse(&json).unwrap(), e);
    }

    #[test]
    fn messages_a_person_can_hit() {
        let cases = [
            (
                json!({"recorded_at": "2025-03-01T09:30:00Z", "score": 11}),
                "Pain score must be a whole number from 0 to 10.",
            ),
            (
                json!({"recorded_at": "2025-03-01T09:30:00Z", "score": 4.5}),
                "Pain score must be a whole number from 0 to 10.",
            ),
            (json!({"recorded_at": "2025-03-01T09:30:00Z"}), "Pain score is needed."),
            (json!({"score": 3}), "The time of this entry is needed."),
            (
                json!({"recorded_at": "2025-03-01T09:30:00Z", "score": 3, "where": "x".repeat(81)}),
                "Where it hurts can be at most 80 characters.",
            ),
            (
                json!({"recorded_at": "2025-03-01T09:30:00Z", "score": 3, "note": "x".repeat(1001)}),
                "Note can be at most 1000 characters.",
            ),
            (
                json!({"recorded_at": "2025-03-01 09:30", "score": 3}),
                "The time of this entry must be a date and time with its offset from UTC, like 2025-03-01T09:30:00+00:00.",
            ),
            (
                json!({"recorded_at": "2025-03-01T09:30:00Z", "score": 3, "peg": {"average": 5, "enjoyment": 12, "activity": 1}}),
                "How much pain got in the way of enjoying life must be a whole number from 0 to 10.",
            ),
        ];
        for (data, message) in cases {
            assert_eq!(PainEntry::parse(&data).unwrap_err().to_string(), message, "{data}");
        }
    }

    #[test]
    fn peg_score_is_the_mean_to_one_decimal() {
        let mut data = ok();
        data["peg"] = json!({"average": 5, "enjoyment": 6, "activity": 6});
        let peg = PainEntry::parse(&data).unwrap().peg.unwrap();
        assert_eq!(peg.score(), 5.7);
        data["peg"] = json!({"average": 10, "enjoyment": 10, "activity": 10});
        assert_eq!(PainEntry::parse(&data).unwrap().peg.unwrap().score(), 10.0);
        data["peg"] = json!({"average": 1, "enjoyment": 0, "activity": 0});
        assert_eq!(PainEntry::parse(&data).unwrap().peg.unwrap().score(), 0.3);
        data["peg"] = json!({"average": 1});
        assert_eq!(PainEntry::parse(&data).unwrap_err().field(), "peg.enjoyment");
    }
}
