//! A sleep entry: one night of the Consensus Sleep Diary ([`crate::sleep`]) with the date of the
//! evening it began and an optional comment (item 9).

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use super::error::{EntryError, Problem};
use super::fields::{self, Field, Fields, choice, optional_text, whole};
use crate::sleep::{MAX_AWAKENINGS, SleepDiary, SleepDiaryInput, SleepQuality};
use crate::sleep_window::{SleepTip, TIP_WORDS};

pub const MAX_NOTE_CHARS: usize = 1000;
const MAX_MINUTES: i64 = 24 * 60;
const QUALITY_WORDS: &[&str] = &["very_poor", "poor", "fair", "good", "very_good"];

const NIGHT_OF: Field = ("night_of", "The night");
const INTO_BED: Field = ("into_bed", "The time you got into bed");
const TRIED: Field = ("tried_to_sleep", "The time you tried to sleep");
const SOL: Field = ("minutes_to_fall_asleep", "Minutes to fall asleep");
const AWAKENINGS: Field = ("awakenings", "Number of times you woke");
const WASO: Field = ("minutes_awake_in_night", "Minutes awake in the night");
const FINAL: Field = ("final_waking", "The time you finally woke");
const OUT: Field = ("out_of_bed", "The time you got up");
const QUALITY: Field = ("quality", "Sleep quality");
const NOTE: Field = ("note", "Note");
const TIPS: Field = ("tips_tried", "The sleep tips tried");

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SleepEntry {
    /// The date of the evening the night began.
    pub night_of: NaiveDate,
    #[serde(flatten)]
    pub diary: SleepDiary,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The sleep tips the person ticked as tried that night (optional, in the order of
    /// [`SleepTip::ALL`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tips_tried: Vec<SleepTip>,
}

fn tips(v: &Value) -> Result<Vec<SleepTip>, Problem> {
    let bad = Problem::ListOf(TIP_WORDS);
    let mut picked = Vec::new();
    for item in v.as_array().ok_or(bad.clone())? {
        picked.push(item.as_str().and_then(SleepTip::parse).ok_or(bad.clone())?);
    }
    Ok(SleepTip::ALL.into_iter().filter(|t| picked.contains(t)).collect())
}

impl SleepEntry {
    pub fn parse(data: &Value) -> Result<Self, EntryError> {
        let keys = [
            "night_of",
            "into_bed",
            "tried_to_sleep",
            "minutes_to_fall_asleep",
            "awakenings",
            "minutes_awake_in_night",
            "final_waking",
            "out_of_bed",
            "quality",
            "note",
            "tips_tried",
        ];
        let f = Fields::new(data, ("data", "This sleep diary"), &keys)?;
        let time = |field| f.required(field, fields::time).map(|t| t.as_datetime());
        let minutes = |field| f.required(field, whole(0, MAX_MINUTES)).map(|n| n as u32);
        let night_of = f.required(NIGHT_OF, fields::date)?;
        let input = SleepDiaryInput {
            into_bed: time(INTO_BED)?,
            tried_to_sleep: time(TRIED)?,
            minutes_to_fall_asleep: minutes(SOL)?,
            awakenings: f.required(AWAKENINGS, whole(0, i64::from(MAX_AWAKENINGS)))? as u32,
            minutes_awake_in_night: minutes(WASO)?,
            final_waking: time(FINAL)?,
            out_of_bed: time(OUT)?,
            quality: f.required(QUALITY, choice(QUALITY_WORDS, SleepQuality::parse))?,
        };
        let diary = SleepDiary::new(input)?;
        diary.check_night_of(night_of)?;
        Ok(Self {
            night_of,
            diary,
            note: optional_text(&f, NOTE, MAX_NOTE_CHARS)?,
            tips_tried: f.optional(TIPS, tips)?.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok() -> Value {
        json!({
            "night_of": "2025-03-01",
            "into_bed": "2025-03-01T22:30:00+00:00",
            "tried_to_sleep": "2025-03-01T23:00:00+00:00",
            "minutes_to_fall_asleep": 30,
            "awakenings": 2,
            "minutes_awake_in_night": 40,
            "final_waking": "2025-03-02T06:30:00+00:00",
            "out_of_bed": "2025-03-02T07:00:00+00:00",
            "quality": "fair"
        })
    }

    #[test]
    fn a_night_round_trips_in_the_same_flat_shape() {
        let e = SleepEntry::parse(&ok()).unwrap();
        assert_eq!(e.diary.metrics().total_sleep_time_min, 410);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json, ok());
        assert_eq!(SleepEntry::parse(&json).unwrap(), e);
    }

    #[test]
    fn messages_a_person_can_hit() {
        let with = |key: &str, value: Value| {
            let mut d = ok();
            d[key] = value;
            SleepEntry::parse(&d).unwrap_err()
        };
        let e = with("tried_to_sleep", json!("2025-03-01T22:00:00+00:00"));
        assert_eq!(e.to_string(), "The time you tried to sleep can't be before the time you got into bed.");
        assert_eq!(e.field(), "tried_to_sleep");
        assert_eq!(
            with("minutes_awake_in_night", json!(500)).to_string(),
            "Time to fall asleep plus time awake in the night comes to more than the time between trying to sleep and finally waking."
        );
        assert_eq!(
            with("awakenings", json!(100)).to_string(),
            "Number of times you woke must be a whole number from 0 to 99."
        );
        assert_eq!(
            with("quality", json!("awful")).to_string(),
            "Sleep quality must be one of: very_poor, poor, fair, good, very_good."
        );
        assert_eq!(with("night_of", json!("01/03/2025")).to_string(), "The night must be a date like 2025-03-01.");
        assert_eq!(with("night_of", json!("2025-03-05")).field(), "into_bed");
        assert_eq!(with("out_of_bed", Value::Null).to_string(), "The time you got up is needed.");
    }

    #[test]
    fn tips_tried_are_kept_in_a_fixed_order_and_checked() {
        let mut d = ok();
        d["tips_tried"] = json!(["screens_off", "same_times", "screens_off"]);
        let e = SleepEntry::parse(&d).unwrap();
        assert_eq!(e.tips_tried, vec![SleepTip::SameTimes, SleepTip::ScreensOff]);
        assert_eq!(serde_json::to_value(&e).unwrap()["tips_tried"], json!(["same_times", "screens_off"]));
        assert!(serde_json::to_value(SleepEntry::parse(&ok()).unwrap()).unwrap().get("tips_tried").is_none());
        d["tips_tried"] = json!(["counting_sheep"]);
        let err = SleepEntry::parse(&d).unwrap_err().to_string();
        assert!(err.starts_with("The sleep tips tried must be a list chosen from: same_times, no_naps"), "{err}");
    }
}
