//! One row per local day: the numbers the charts draw.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::index::Day;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayRollup {
    pub date: NaiveDate,
    /// Mean of the day's pain scores (pain entries only; a dose's "pain before" is a different moment).
    pub pain_mean: Option<f64>,
    pub pain_max: Option<u8>,
    /// Mean PEG score of the PEG answers logged that day.
    pub peg: Option<f64>,
    /// Every dose logged, opioid or not.
    pub doses: u32,
    /// Oral morphine equivalent, mg, of every opioid that day: swallowed doses (scheduled and as-needed
    /// alike, `domain.md` §1 "Totals") plus patches while worn. `None` when nothing could be converted
    /// (no opioid logged, or only ones without a conversion such as methadone).
    pub ome_mg: Option<f64>,
    /// False when some opioid that day could not be converted (methadone, a patch strength not in the
    /// table, a dose of an unknown medicine): the total is then a lower bound.
    pub ome_complete: bool,
    pub active_minutes: u32,
    pub rest_minutes: u32,
    /// Minutes of relaxation or breathing practice logged.
    #[serde(default)]
    pub relaxation_minutes: u32,
    /// Sleep efficiency (%) of the night that ended this morning.
    pub sleep_efficiency: Option<f64>,
    /// Mean of the stress scores logged that day (mood entries and doses' "stress before": both are
    /// the same 0–10 Stress NRS).
    pub stress_mean: Option<f64>,
    /// Mean mood, 1 (very low) to 5 (very good).
    pub mood_mean: Option<f64>,
    /// Diary entries counted on this day.
    pub entries: u32,
}

impl DayRollup {
    pub(crate) fn new(date: NaiveDate, day: &Day) -> Self {
        Self {
            date,
            pain_mean: day.pain_mean(),
            pain_max: day.pain_max(),
            peg: day.peg.mean(),
            doses: day.doses,
            ome_mg: day.ome(),
            ome_complete: !day.ome_gap,
            active_minutes: day.active_minutes,
            rest_minutes: day.rest_minutes,
            relaxation_minutes: day.relaxation_minutes,
            sleep_efficiency: day.sleep_efficiency.mean(),
            stress_mean: day.stress.mean(),
            mood_mean: day.mood.mean(),
            entries: day.entries,
        }
    }
}
