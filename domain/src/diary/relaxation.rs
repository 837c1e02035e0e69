//! Minutes of relaxation practice: a finished audio track or breathing-pacer session of a minute or
//! more, with how the person felt before and after (0–10, "how do you feel now").
//!
//! Decisions: the feel fields are one 0–10 scale like pain and stress, both optional, so a session
//! at 3 a.m. is saved even when nobody wants to answer a question. A session names its track or its
//! breathing pattern when it had one; neither is needed (a person may log practice done elsewhere).

use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::error::{EntryError, Problem};
use super::fields::{self, Field, Fields, choice, whole, zero_to_ten};
use super::time::EntryTime;
use crate::breathing::{BreathingPattern, PATTERN_WORDS};
use crate::scores::FeelScore;

/// A session of under a minute is not saved (the "a minute or more"); four hours catches a
/// slip of the finger on a long bedtime track left playing.
pub const MIN_MINUTES: i64 = 1;
pub const MAX_MINUTES: i64 = 240;

const RECORDED_AT: Field = ("recorded_at", "The time of this session");
const MINUTES: Field = ("minutes", "Minutes practised");
const TRACK: Field = ("track_id", "The track");
const PATTERN: Field = ("pattern", "The breathing pattern");
const FEEL_BEFORE: Field = ("feel_before", "How you felt before");
const FEEL_AFTER: Field = ("feel_after", "How you felt after");

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RelaxationEntry {
    /// When the session started.
    pub recorded_at: EntryTime,
    /// 1 to 240.
    pub minutes: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub track_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<BreathingPattern>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feel_before: Option<FeelScore>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feel_after: Option<FeelScore>,
}

impl RelaxationEntry {
    pub fn parse(data: &Value) -> Result<Self, EntryError> {
        let keys = ["recorded_at", "minutes", "track_id", "pattern", "feel_before", "feel_after"];
        let f = Fields::new(data, ("data", "This relaxation session"), &keys)?;
        let track_id = f.optional(TRACK, fields::id)?;
        let pattern = f.optional(PATTERN, choice(PATTERN_WORDS, BreathingPattern::parse))?;
        if track_id.is_some() && pattern.is_some() {
            return Err(EntryError::new(PATTERN.0, PATTERN.1, Problem::TrackOrPattern));
        }
        Ok(Self {
            recorded_at: f.required(RECORDED_AT, fields::time)?,
            minutes: f.required(MINUTES, whole(MIN_MINUTES, MAX_MINUTES))? as u16,
            track_id,
            pattern,
            feel_before: f.optional(FEEL_BEFORE, zero_to_ten(FeelScore::from_f64))?,
            feel_after: f.optional(FEEL_AFTER, zero_to_ten(FeelScore::from_f64))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok() -> Value {
        json!({"recorded_at": "2026-12-06T22:10:00+00:00", "minutes": 12, "track_id": "6f1c1d2e-0000-4000-8000-000000000003", "feel_before": 7, "feel_after": 4})
    }

    #[test]
    fn a_track_session_and_a_pacer_session() {
        let e = RelaxationEntry::parse(&ok()).unwrap();
        assert_eq!(e.minutes, 12);
        assert_eq!((e.feel_before.map(FeelScore::value), e.feel_after.map(FeelScore::value)), (Some(7), Some(4)));
        assert_eq!(RelaxationEntry::parse(&serde_json::to_value(&e).unwrap()).unwrap(), e);
        let pacer = json!({"recorded_at": "2026-12-06T03:00:00Z", "minutes": 1, "pattern": "box"});
        let e = RelaxationEntry::parse(&pacer).unwrap();
        assert_eq!((e.pattern, e.track_id, e.feel_after), (Some(BreathingPattern::Box), None, None));
    }

    #[test]
    fn messages_a_person_can_hit() {
        let with = |key: &str, value: Value| {
            let mut d = ok();
            d[key] = value;
            RelaxationEntry::parse(&d).unwrap_err().to_string()
        };
        assert_eq!(with("minutes", json!(0)), "Minutes practised must be a whole number from 1 to 240.");
        assert_eq!(with("minutes", json!(241)), "Minutes practised must be a whole number from 1 to 240.");
        assert_eq!(with("feel_after", json!(11)), "How you felt after must be a whole number from 0 to 10.");
        assert_eq!(with("track_id", json!("calm")), "The track must be the id of something already saved.");
        assert_eq!(
            with("pattern", json!("fast")),
            "The breathing pattern must be one of: relaxed, extended_exhale, box, four_seven_eight."
        );
        assert_eq!(with("pattern", json!("box")), "A session is either a track or a breathing pattern, not both.");
    }
}
