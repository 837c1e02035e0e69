//! Pacing baseline and planned increases, per named activity (`domain.md` §4, I-Engage pacing module):
//! measure tolerance on 3 days, average, ×0.8 (a 20% buffer) = baseline; keep to it for a week; then
//! +10% per week (×1.1).
//!
//! Here the "tolerance" of a day is the total minutes logged for that activity that day, and the first
//! 3 days the activity appears in the diary are its measuring days. Activities are matched by name,
//! ignoring case and extra spaces ("Walk", " walk " are one). Each later day the activity is logged is
//! compared with the plan for that day: the baseline for the 7 days after the measuring days, then
//! ×1.1 for each further week. [ASSUMPTION] "Close to plan" = within ±20% of the planned minutes (the
//! size of the §4 buffer); no source gives a band.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::finding::{Finding, FindingKind, Period, period_words, whole};
use super::index::Index;
use super::stats::round2;

pub const MEASURING_DAYS: usize = 3;
pub const BUFFER: f64 = 0.8;
pub const WEEKLY_STEP: f64 = 1.1;
pub const DAYS_AT_BASELINE: usize = 7;
pub const CLOSE_BAND: f64 = 0.2;
/// Minimum data for a finding: days logged since the baseline, in the period.
pub const MIN_DAYS_SINCE: u32 = 3;
/// At most this many pacing findings (the most-logged activities), to keep the page readable.
pub const MAX_FINDINGS: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PacingActivity {
    /// The activity's name, lower case with single spaces.
    pub activity: String,
    /// The measuring days.
    pub measured_on: Vec<NaiveDate>,
    pub baseline_minutes: f64,
    /// Days in the period, after the measuring days, with this activity logged.
    pub days_since: u32,
    pub days_close_to_plan: u32,
    pub days_above_plan: u32,
    pub days_below_plan: u32,
    /// The plan on the last day of the period.
    pub planned_minutes_now: f64,
}

/// "  Walk  to the SHOP" → "walk to the shop".
pub fn normalise(name: &str) -> String {
    name.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// Planned minutes `days_after` days after the last measuring day (1 = the next day).
pub fn planned_minutes(baseline: f64, days_after: usize) -> f64 {
    let weeks = days_after.saturating_sub(1) / DAYS_AT_BASELINE;
    baseline * WEEKLY_STEP.powi(i32::try_from(weeks).unwrap_or(i32::MAX))
}

pub(crate) fn activities(ix: &Index) -> Vec<PacingActivity> {
    // name → (day, minutes) in day order, one row per day.
    let mut by_name: BTreeMap<String, Vec<(usize, u32)>> = BTreeMap::new();
    // The same few names come up every day: normalise each spelling once.
    let mut names: HashMap<&str, String> = HashMap::new();
    for (day, a) in &ix.activities {
        if a.kind != crate::diary::ActivityKind::Activity {
            continue;
        }
        let name = names.entry(a.what.as_str()).or_insert_with(|| normalise(&a.what));
        let days = by_name.entry(name.clone()).or_default();
        match days.last_mut() {
            Some((d, minutes)) if d == day => *minutes += u32::from(a.minutes),
            _ => days.push((*day, u32::from(a.minutes))),
        }
    }
    let period = ix.period();
    let mut out = Vec::new();
    for (activity, days) in by_name {
        if days.len() < MEASURING_DAYS || days[MEASURING_DAYS - 1].0 >= period.end {
            continue;
        }
        let measured = &days[..MEASURING_DAYS];
        let mean = measured.iter().map(|(_, m)| f64::from(*m)).sum::<f64>() / MEASURING_DAYS as f64;
        let baseline = mean * BUFFER;
        let last_measured = measured[MEASURING_DAYS - 1].0;
        let mut row = PacingActivity {
            activity,
            measured_on: measured.iter().map(|(d, _)| ix.date(*d)).collect(),
            baseline_minutes: round2(baseline),
            days_since: 0,
            days_close_to_plan: 0,
            days_above_plan: 0,
            days_below_plan: 0,
            planned_minutes_now: round2(planned_minutes(
                baseline,
                period.end.saturating_sub(1).saturating_sub(last_measured),
            )),
        };
        for (day, minutes) in &days[MEASURING_DAYS..] {
            if !period.contains(day) {
                continue;
            }
            let plan = planned_minutes(baseline, day - last_measured);
            let m = f64::from(*minutes);
            row.days_since += 1;
            if m > plan * (1.0 + CLOSE_BAND) {
                row.days_above_plan += 1;
            } else if m < plan * (1.0 - CLOSE_BAND) {
                row.days_below_plan += 1;
            } else {
                row.days_close_to_plan += 1;
            }
        }
        out.push(row);
    }
    out
}

pub(crate) fn findings(ix: &Index, activities: &[PacingActivity]) -> Vec<Finding> {
    let mut shown: Vec<&PacingActivity> = activities.iter().filter(|a| a.days_since >= MIN_DAYS_SINCE).collect();
    // Most-logged first; the sort is stable, so ties keep name order.
    shown.sort_by_key(|a| std::cmp::Reverse(a.days_since));
    shown.truncate(MAX_FINDINGS);
    let period = Period { from: ix.from, to: ix.to };
    shown
        .into_iter()
        .map(|a| {
            let template = format!(
                "Since {{your}} baseline for “{}” was set at {} minutes (from {{your}} first three days, less 20%), {{you}} logged it on {} days {}: {} close to plan, {} above and {} below.",
                a.activity,
                whole(a.baseline_minutes),
                a.days_since,
                period_words(ix.from, ix.to, ix.today),
                a.days_close_to_plan,
                a.days_above_plan,
                a.days_below_plan,
            );
            let numbers = [
                ("baseline_minutes", a.baseline_minutes),
                ("planned_minutes_now", a.planned_minutes_now),
                ("days_since", f64::from(a.days_since)),
                ("days_close_to_plan", f64::from(a.days_close_to_plan)),
                ("days_above_plan", f64::from(a.days_above_plan)),
                ("days_below_plan", f64::from(a.days_below_plan)),
            ];
            Finding::new(FindingKind::PacingVsBaseline, template, &numbers, period).with_dates(a.measured_on.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_plan() {
        assert_eq!(normalise("  Walk  to the SHOP "), "walk to the shop");
        // domain.md §4 example: 7-minute tolerance → baseline 5.6 (≈6), then +10% a week.
        let b = 7.0 * BUFFER;
        assert!((planned_minutes(b, 1) - 5.6).abs() < 1e-9);
        assert!((planned_minutes(b, 7) - 5.6).abs() < 1e-9);
        assert!((planned_minutes(b, 8) - 6.16).abs() < 1e-9);
        assert!((planned_minutes(b, 15) - 6.776).abs() < 1e-9);
    }
}
