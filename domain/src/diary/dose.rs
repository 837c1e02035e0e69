//! A dose entry: the medicine-use worksheet. Which medicine, how much, when, why, and how pain and
//! stress were before and after — so a person can see for themselves whether a dose followed a pain
//! rise or something else ("is it pain or stress?", `design.md` Patterns).
//!
//! Decision: `amount` is the amount of drug in **mg** (or, for a patch, the patch strength in
//! **mcg/h**), not a count of tablets or ml. That is what OME needs and it stays right if the
//! medicine's strength is later edited. The app converts "2 × 10 mg" or "5 ml of 2 mg/ml" to mg.
//! A patch dose entry means "applied a patch"; it counts towards OME per day while worn, which the
//! caller decides from the entries (see [`crate::ome::ActivePatch`]).

use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::error::{EntryError, Problem};
use super::fields::{self, Field, Fields, optional_text, positive, zero_to_ten};
use super::medication::{Medication, word_enum};
use super::time::EntryTime;
use crate::ome::{ActivePatch, OralDose};
use crate::scores::{PainScore, StressScore};

pub const MAX_NOTE_CHARS: usize = 1000;
/// Typo guard only (see `medication::MAX_STRENGTH`).
pub const MAX_AMOUNT: f64 = 10_000.0;

const MEDICATION_ID: Field = ("medication_id", "The medicine");
const AMOUNT: Field = ("amount", "Amount");
const TAKEN_AT: Field = ("taken_at", "The time taken");
const REASONS: Field = ("reasons", "Reasons");
const PAIN_BEFORE: Field = ("pain_before", "Pain before");
const STRESS_BEFORE: Field = ("stress_before", "Stress before");
const PAIN_AFTER: Field = ("pain_after", "Pain after");
const NOTE: Field = ("note", "Note");

word_enum!(
    /// Why this dose, as the person sees it. Several may apply. No published worksheet fixes this list
    /// (`domain.md` §6, [UNCONFIRMED]); it follows the categories that section discusses.
    DoseReason, REASON_WORDS {
        Pain => "pain",
        StressOrWorry => "stress_or_worry",
        LowMood => "low_mood",
        ToSleep => "to_sleep",
        HabitOrRoutine => "habit_or_routine",
        WithdrawalFeelings => "withdrawal_feelings",
        Other => "other",
    }
);

impl DoseReason {
    /// Words for the tick boxes.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pain => "Pain",
            Self::StressOrWorry => "Stress or worry",
            Self::LowMood => "Feeling low",
            Self::ToSleep => "To help me sleep",
            Self::HabitOrRoutine => "Habit or routine",
            Self::WithdrawalFeelings => "Feeling unwell without it",
            Self::Other => "Something else",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoseEntry {
    pub medication_id: Uuid,
    /// mg of drug, or mcg/h for a patch.
    pub amount: f64,
    pub taken_at: EntryTime,
    /// In the order given, without repeats. May be empty: a quick log is better than none.
    pub reasons: Vec<DoseReason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pain_before: Option<PainScore>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stress_before: Option<StressScore>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pain_after: Option<PainScore>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn reasons(v: &Value) -> Result<Vec<DoseReason>, Problem> {
    let bad = Problem::ListOf(REASON_WORDS);
    let mut out = Vec::new();
    for item in v.as_array().ok_or(bad.clone())? {
        let reason = item.as_str().and_then(DoseReason::parse).ok_or(bad.clone())?;
        if !out.contains(&reason) {
            out.push(reason);
        }
    }
    Ok(out)
}

impl DoseEntry {
    pub fn parse(data: &Value) -> Result<Self, EntryError> {
        let keys =
            ["medication_id", "amount", "taken_at", "reasons", "pain_before", "stress_before", "pain_after", "note"];
        let f = Fields::new(data, ("data", "This dose"), &keys)?;
        Ok(Self {
            medication_id: f.required(MEDICATION_ID, fields::id)?,
            amount: f.required(AMOUNT, positive(MAX_AMOUNT))?,
            taken_at: f.required(TAKEN_AT, fields::time)?,
            reasons: f.optional(REASONS, reasons)?.unwrap_or_default(),
            pain_before: f.optional(PAIN_BEFORE, zero_to_ten(PainScore::from_f64))?,
            stress_before: f.optional(STRESS_BEFORE, zero_to_ten(StressScore::from_f64))?,
            pain_after: f.optional(PAIN_AFTER, zero_to_ten(PainScore::from_f64))?,
            note: optional_text(&f, NOTE, MAX_NOTE_CHARS)?,
        })
    }

    /// This dose as an input to [`crate::ome::daily_ome`], unless the medicine is a patch.
    pub fn oral_dose(&self, medication: &Medication) -> Option<OralDose> {
        (!medication.is_patch()).then_some(OralDose { opioid: medication.opioid, mg: self.amount })
    }

    /// This dose as a patch put on, unless the medicine is not a patch.
    pub fn applied_patch(&self, medication: &Medication) -> Option<ActivePatch> {
        medication.is_patch().then_some(ActivePatch { opioid: medication.opioid, mcg_per_hour: self.amount })
    }

    /// Pain after − pain before, when both were given: negative means it eased. (A fall of about
    /// 2 points is the change Farrar 2001 found important, `domain.md` §3.)
    pub fn pain_change(&self) -> Option<i16> {
        Some(i16::from(self.pain_after?.value()) - i16::from(self.pain_before?.value()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ome::{Opioid, daily_ome};
    use serde_json::json;

    fn ok() -> Value {
        json!({
            "medication_id": "6f1c1f2e-8a53-4f3e-9d3a-2b8f7c1e0a11",
            "amount": 20,
            "taken_at": "2025-03-01T21:45:00+00:00",
            "reasons": ["stress_or_worry", "to_sleep", "stress_or_worry"],
            "pain_before": 4,
            "stress_before": 8
        })
    }

    #[test]
    fn a_dose_with_reasons() {
        let d = DoseEntry::parse(&ok()).unwrap();
        assert_eq!(d.reasons, vec![DoseReason::StressOrWorry, DoseReason::ToSleep]);
        assert_eq!(d.pain_change(), None);
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["reasons"], json!(["stress_or_worry", "to_sleep"]));
        assert_eq!(DoseEntry::parse(&json).unwrap(), d);
    }

    #[test]
    fn feeds_ome_as_oral_dose_or_patch() {
        let d = DoseEntry::parse(&ok()).unwrap();
        let oxy = Medication::parse(&json!({"name": "Oxycodone", "opioid": "oxycodone", "strength": 10, "unit": "mg", "form": "tablet", "schedule": "as_needed"})).unwrap();
        let dose = d.oral_dose(&oxy).unwrap();
        assert_eq!(dose, OralDose { opioid: Opioid::Oxycodone, mg: 20.0 });
        assert!(d.applied_patch(&oxy).is_none());
        assert!((daily_ome(&[dose], &[]).mg - 30.0).abs() < 1e-9);
    }

    #[test]
    fn messages_a_person_can_hit() {
        let with = |key: &str, value: Value| {
            let mut d = ok();
            d[key] = value;
            DoseEntry::parse(&d).unwrap_err().to_string()
        };
        assert_eq!(with("amount", json!(-1)), "Amount must be a number above 0 and no more than 10000.");
        assert_eq!(with("pain_after", json!(12)), "Pain after must be a whole number from 0 to 10.");
        assert_eq!(with("stress_before", json!("high")), "Stress before must be a whole number from 0 to 10.");
        assert!(
            with("reasons", json!(["boredom"]))
                .starts_with("Reasons must be a list chosen from: pain, stress_or_worry")
        );
        assert_eq!(with("medication_id", json!("abc")), "The medicine must be the id of something already saved.");
        assert_eq!(with("taken_at", Value::Null), "The time taken is needed.");
    }
}
