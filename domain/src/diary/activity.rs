//! An activity or rest block, for pacing (`domain.md` §4): what, how long, how hard, whether a break
//! was taken, and how it felt afterwards.
//!
//! Decisions: `felt_after` is three words (better / same / worse) rather than another 0–10 scale —
//! quick to answer on a bad day, and pain itself is recorded as pain entries. `effort` is needed for
//! an activity but optional for rest, so logging a lie-down is one tap fewer.

use serde::Serialize;
use serde_json::Value;

use super::error::{EntryError, Problem};
use super::fields::{self, Field, Fields, choice, text, whole};
use super::medication::word_enum;
use super::time::EntryTime;

pub const MAX_WHAT_CHARS: usize = 80;
pub const MAX_MINUTES: i64 = 24 * 60;

const STARTED_AT: Field = ("started_at", "Start time");
const MINUTES: Field = ("minutes", "How long (minutes)");
const WHAT: Field = ("what", "What you did");
const EFFORT: Field = ("effort", "How hard it was");
const KIND: Field = ("kind", "Activity or rest");
const REST_BREAK: Field = ("rest_break_taken", "Whether you took a break");
const FELT_AFTER: Field = ("felt_after", "How you felt afterwards");

word_enum!(Effort, EFFORT_WORDS { Light => "light", Moderate => "moderate", Hard => "hard" });
word_enum!(ActivityKind, KIND_WORDS { Activity => "activity", Rest => "rest" });
word_enum!(FeltAfter, FELT_WORDS { Better => "better", Same => "same", Worse => "worse" });

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityEntry {
    pub started_at: EntryTime,
    /// 1 to 1440.
    pub minutes: u16,
    pub what: String,
    /// Always present for an activity; may be absent for rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effort: Option<Effort>,
    pub kind: ActivityKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rest_break_taken: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub felt_after: Option<FeltAfter>,
}

impl ActivityEntry {
    pub fn parse(data: &Value) -> Result<Self, EntryError> {
        let keys = ["started_at", "minutes", "what", "effort", "kind", "rest_break_taken", "felt_after"];
        let f = Fields::new(data, ("data", "This activity"), &keys)?;
        let kind = f.required(KIND, choice(KIND_WORDS, ActivityKind::parse))?;
        let effort = f.optional(EFFORT, choice(EFFORT_WORDS, Effort::parse))?;
        if kind == ActivityKind::Activity && effort.is_none() {
            return Err(EntryError::new(EFFORT.0, EFFORT.1, Problem::Missing));
        }
        Ok(Self {
            started_at: f.required(STARTED_AT, fields::time)?,
            minutes: f.required(MINUTES, whole(1, MAX_MINUTES))? as u16,
            what: f.required(WHAT, text(MAX_WHAT_CHARS))?,
            effort,
            kind,
            rest_break_taken: f.optional(REST_BREAK, fields::yes_no)?,
            felt_after: f.optional(FELT_AFTER, choice(FELT_WORDS, FeltAfter::parse))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok() -> Value {
        json!({"started_at": "2025-03-01T10:00:00+00:00", "minutes": 20, "what": "Walk to the shop", "effort": "moderate", "kind": "activity", "rest_break_taken": true, "felt_after": "same"})
    }

    #[test]
    fn activity_and_rest() {
        let a = ActivityEntry::parse(&ok()).unwrap();
        assert_eq!((a.minutes, a.effort, a.kind), (20, Some(Effort::Moderate), ActivityKind::Activity));
        assert_eq!(ActivityEntry::parse(&serde_json::to_value(&a).unwrap()).unwrap(), a);
        let rest = json!({"started_at": "2025-03-01T11:00:00Z", "minutes": 15, "what": "Lie down", "kind": "rest"});
        assert_eq!(ActivityEntry::parse(&rest).unwrap().effort, None);
    }

    #[test]
    fn messages_a_person_can_hit() {
        let with = |key: &str, value: Value| {
            let mut d = ok();
            d[key] = value;
            ActivityEntry::parse(&d).unwrap_err().to_string()
        };
        assert_eq!(with("minutes", json!(0)), "How long (minutes) must be a whole number from 1 to 1440.");
        assert_eq!(with("minutes", json!(1441)), "How long (minutes) must be a whole number from 1 to 1440.");
        assert_eq!(with("what", json!("")), "What you did can't be empty.");
        assert_eq!(with("effort", Value::Null), "How hard it was is needed.");
        assert_eq!(with("effort", json!("extreme")), "How hard it was must be one of: light, moderate, hard.");
        assert_eq!(with("rest_break_taken", json!("yes")), "Whether you took a break must be yes or no.");
        assert_eq!(with("felt_after", json!(3)), "How you felt afterwards must be one of: better, same, worse.");
    }
}
