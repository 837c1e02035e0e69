//! A mood check-in: stress 0–10, mood on five faces, and — when offered — the PHQ-2 and GAD-2
//! screeners (`domain.md` §6). The app records and shows; a positive screen is a reason to talk to
//! the GP or support worker, never a diagnosis.

use serde::Serialize;
use serde_json::Value;

use super::error::{EntryError, Problem};
use super::fields::{self, Field, Fields, choice, optional_text, zero_to_ten};
use super::medication::word_enum;
use super::time::EntryTime;
use crate::scores::StressScore;

pub const MAX_NOTE_CHARS: usize = 1000;

/// Shown wherever PHQ or GAD items are (`domain.md` §6: "Keep the Pfizer copyright line").
pub const PHQ_GAD_COPYRIGHT: &str = "PHQ and GAD-7 screeners developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.";

/// The question stem and items of the PHQ-2 and GAD-2 (the first two items of the PHQ-9 and GAD-7).
pub const SCREENER_STEM: &str = "Over the last 2 weeks, how often have you been bothered by the following problems?";
pub const PHQ2_ITEMS: [&str; 2] =
    ["Little interest or pleasure in doing things", "Feeling down, depressed, or hopeless"];
pub const GAD2_ITEMS: [&str; 2] =
    ["Feeling nervous, anxious, or on edge", "Not being able to stop or control worrying"];
/// Answers score 0–3 in this order. The lowest must read "Not at all" (Zorowitz 2021).
pub const SCREENER_ANSWERS: [&str; 4] = ["Not at all", "Several days", "More than half the days", "Nearly every day"];

/// PHQ-2 ≥ 3: 83% sensitivity / 92% specificity for major depression (Kroenke 2003).
pub const PHQ2_POSITIVE_AT: u8 = 3;
/// GAD-2 ≥ 3. [UNCONFIRMED] — `domain.md` §6 could not check this cut-off against a source.
pub const GAD2_POSITIVE_AT: u8 = 3;

const RECORDED_AT: Field = ("recorded_at", "The time of this entry");
const STRESS: Field = ("stress", "Stress");
const MOOD: Field = ("mood", "Mood");
const PHQ2: Field = ("phq2", "The two mood questions");
const GAD2: Field = ("gad2", "The two worry questions");
const NOTE: Field = ("note", "Note");

word_enum!(
    /// Five faces, lowest first; `value()` gives 1–5 for charts.
    MoodLevel, MOOD_WORDS {
        VeryLow => "very_low", Low => "low", Okay => "okay", Good => "good", VeryGood => "very_good",
    }
);

impl MoodLevel {
    pub fn value(self) -> u8 {
        match self {
            Self::VeryLow => 1,
            Self::Low => 2,
            Self::Okay => 3,
            Self::Good => 4,
            Self::VeryGood => 5,
        }
    }

    /// Words under the faces: plain, and no judgement in the low ones.
    pub fn label(self) -> &'static str {
        match self {
            Self::VeryLow => "Very low",
            Self::Low => "Low",
            Self::Okay => "Okay",
            Self::Good => "Good",
            Self::VeryGood => "Very good",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoodEntry {
    pub recorded_at: EntryTime,
    pub stress: StressScore,
    pub mood: MoodLevel,
    /// Item answers, each 0–3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phq2: Option<[u8; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gad2: Option<[u8; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn two_answers(v: &Value) -> Result<[u8; 2], Problem> {
    let bad = Problem::Answers { count: 2, min: 0, max: 3 };
    let items = v.as_array().filter(|a| a.len() == 2).ok_or(bad.clone())?;
    let mut out = [0u8; 2];
    for (slot, item) in out.iter_mut().zip(items) {
        *slot = item.as_u64().filter(|n| *n <= 3).ok_or(bad.clone())? as u8;
    }
    Ok(out)
}

impl MoodEntry {
    pub fn parse(data: &Value) -> Result<Self, EntryError> {
        let f =
            Fields::new(data, ("data", "This mood entry"), &["recorded_at", "stress", "mood", "phq2", "gad2", "note"])?;
        Ok(Self {
            recorded_at: f.required(RECORDED_AT, fields::time)?,
            stress: f.required(STRESS, zero_to_ten(StressScore::from_f64))?,
            mood: f.required(MOOD, choice(MOOD_WORDS, MoodLevel::parse))?,
            phq2: f.optional(PHQ2, two_answers)?,
            gad2: f.optional(GAD2, two_answers)?,
            note: optional_text(&f, NOTE, MAX_NOTE_CHARS)?,
        })
    }

    /// 0–6, if the PHQ-2 was answered.
    pub fn phq2_score(&self) -> Option<u8> {
        self.phq2.map(|[a, b]| a + b)
    }

    /// 0–6, if the GAD-2 was answered.
    pub fn gad2_score(&self) -> Option<u8> {
        self.gad2.map(|[a, b]| a + b)
    }

    /// PHQ-2 ≥ 3 or GAD-2 ≥ 3 (the GAD-2 cut-off is [UNCONFIRMED]). Feeds the workers' "low-mood
    /// screen positive" flag; to the person it is a suggestion to talk to someone.
    pub fn screen_positive(&self) -> bool {
        self.phq2_score().is_some_and(|s| s >= PHQ2_POSITIVE_AT)
            || self.gad2_score().is_some_and(|s| s >= GAD2_POSITIVE_AT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok() -> Value {
        json!({"recorded_at": "2025-03-01T20:00:00+00:00", "stress": 7, "mood": "low", "phq2": [1, 1], "gad2": [2, 1]})
    }

    #[test]
    fn scores_and_screen() {
        let m = MoodEntry::parse(&ok()).unwrap();
        assert_eq!((m.phq2_score(), m.gad2_score()), (Some(2), Some(3)));
        assert!(m.screen_positive());
        assert_eq!(m.mood.value(), 2);
        assert_eq!(MoodEntry::parse(&serde_json::to_value(&m).unwrap()).unwrap(), m);
        let calm =
            MoodEntry::parse(&json!({"recorded_at": "2025-03-01T20:00:00Z", "stress": 2, "mood": "good"})).unwrap();
        assert!(!calm.screen_positive());
        let mut d = ok();
        d["gad2"] = json!([0, 0]);
        d["phq2"] = json!([3, 0]);
        assert!(MoodEntry::parse(&d).unwrap().screen_positive());
        d["phq2"] = json!([1, 1]);
        assert!(!MoodEntry::parse(&d).unwrap().screen_positive());
    }

    #[test]
    fn messages_a_person_can_hit() {
        let with = |key: &str, value: Value| {
            let mut d = ok();
            d[key] = value;
            MoodEntry::parse(&d).unwrap_err().to_string()
        };
        assert_eq!(with("stress", json!(-1)), "Stress must be a whole number from 0 to 10.");
        assert_eq!(with("mood", json!(3)), "Mood must be one of: very_low, low, okay, good, very_good.");
        assert_eq!(
            with("phq2", json!([1, 4])),
            "The two mood questions must be 2 answers, each a whole number from 0 to 3."
        );
        assert_eq!(
            with("gad2", json!([1])),
            "The two worry questions must be 2 answers, each a whole number from 0 to 3."
        );
    }

    #[test]
    fn copyright_line_is_kept() {
        assert!(PHQ_GAD_COPYRIGHT.contains("Pfizer"));
        assert!(PHQ_GAD_COPYRIGHT.contains("reproduce, translate, display or distribute"));
        assert_eq!(SCREENER_ANSWERS[0], "Not at all");
    }
}
