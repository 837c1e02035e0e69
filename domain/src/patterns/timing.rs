//! When doses are taken and why: the hour × weekday heatmap, doses by reason, and two findings — the
//! part of the day most doses fall in (and whether those were high-stress days), and the reason ticked
//! most often.

use chrono::{Datelike, Timelike};
use serde::{Deserialize, Serialize};

use super::finding::{Finding, FindingKind, Period, period_words};
use super::index::Index;
use crate::diary::DoseReason;

/// Minimum data: fewer doses than this say nothing about timing or reasons.
pub const MIN_DOSES: usize = 5;
/// "Most" means more than half.
pub const PEAK_SHARE: f64 = 0.5;
/// A high-stress day: some stress score of 7 or more logged that day (0–10 Stress NRS, `domain.md` §6).
/// [ASSUMPTION] 7 is this app's choice of "high"; no source fixes a cut-off.
pub const HIGH_STRESS: u8 = 7;

/// Parts of the local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayPart {
    /// 00:00–05:59
    Night,
    /// 06:00–11:59
    Morning,
    /// 12:00–17:59
    Afternoon,
    /// 18:00–23:59
    Evening,
}

impl DayPart {
    pub const ALL: [DayPart; 4] = [Self::Night, Self::Morning, Self::Afternoon, Self::Evening];

    pub fn of_hour(hour: u32) -> Self {
        match hour {
            0..6 => Self::Night,
            6..12 => Self::Morning,
            12..18 => Self::Afternoon,
            _ => Self::Evening,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Self::Night => "at night (00:00–05:59)",
            Self::Morning => "in the morning (06:00–11:59)",
            Self::Afternoon => "in the afternoon (12:00–17:59)",
            Self::Evening => "in the evening (18:00–23:59)",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Self::Night => "night_doses",
            Self::Morning => "morning_doses",
            Self::Afternoon => "afternoon_doses",
            Self::Evening => "evening_doses",
        }
    }
}

/// How many doses gave a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonCount {
    pub reason: DoseReason,
    pub doses: u32,
}

/// Doses in the period by local weekday (Monday first) and hour.
pub(crate) fn heatmap(ix: &Index) -> [[u32; 24]; 7] {
    let mut map = [[0; 24]; 7];
    for d in ix.period_doses() {
        map[d.local.weekday().num_days_from_monday() as usize][d.local.hour() as usize] += 1;
    }
    map
}

/// Each reason with the number of doses that gave it; most frequent first, ties in the tick-box order.
pub(crate) fn reasons(ix: &Index) -> Vec<ReasonCount> {
    let mut counts: Vec<ReasonCount> = Vec::new();
    for reason in ix.period_doses().iter().flat_map(|d| &d.entry.reasons) {
        match counts.iter_mut().find(|c| c.reason == *reason) {
            Some(c) => c.doses += 1,
            None => counts.push(ReasonCount { reason: *reason, doses: 1 }),
        }
    }
    counts.sort_by(|a, b| b.doses.cmp(&a.doses).then(a.reason.cmp(&b.reason)));
    counts
}

/// "Most of your doses this week were in the evening (18:00–23:59), on days you logged high stress
/// (7 or more out of 10)." The stress clause only when more than half of those doses were on such days.
pub(crate) fn dose_timing(ix: &Index) -> Option<Finding> {
    let doses = ix.period_doses();
    if doses.len() < MIN_DOSES {
        return None;
    }
    let mut by_part = [0u32; 4];
    for d in doses {
        by_part[DayPart::of_hour(d.local.hour()) as usize] += 1;
    }
    let total = doses.len() as f64;
    let part = DayPart::ALL.into_iter().find(|p| f64::from(by_part[*p as usize]) > PEAK_SHARE * total)?;
    let in_part = f64::from(by_part[part as usize]);
    let high_stress = doses
        .iter()
        .filter(|d| DayPart::of_hour(d.local.hour()) == part)
        .filter(|d| ix.days[d.day].stress_max.is_some_and(|s| s >= HIGH_STRESS))
        .count() as f64;
    let stressful = high_stress > PEAK_SHARE * in_part;
    let period = period_words(ix.from, ix.to, ix.today);
    let mut template = format!("Most of {{your}} doses {period} were {}", part.words());
    if stressful {
        template.push_str(&format!(", on days {{you}} logged high stress ({HIGH_STRESS} or more out of 10)"));
    }
    template.push('.');
    let kind = if stressful && part == DayPart::Evening {
        FindingKind::DosesEveningHighStress
    } else {
        FindingKind::DoseTimingPeak
    };
    let numbers = [
        ("doses", total),
        (part.key(), in_part),
        ("share_pct", in_part / total * 100.0),
        ("doses_on_high_stress_days", high_stress),
        ("high_stress_share_pct", high_stress / in_part * 100.0),
    ];
    Some(Finding::new(kind, template, &numbers, Period { from: ix.from, to: ix.to }))
}

/// "The reason you ticked most often for doses this week was “Stress or worry” (6 of 9 doses with a
/// reason)."
pub(crate) fn top_reason(ix: &Index) -> Option<Finding> {
    let with_reason = ix.period_doses().iter().filter(|d| !d.entry.reasons.is_empty()).count();
    if with_reason < MIN_DOSES {
        return None;
    }
    let top = *reasons(ix).first()?;
    let template = format!(
        "The reason {{you}} ticked most often for doses {} was “{}” ({} of {} doses with a reason).",
        period_words(ix.from, ix.to, ix.today),
        top.reason.label(),
        top.doses,
        with_reason,
    );
    let numbers = [
        ("doses_with_reason", with_reason as f64),
        ("top_reason_doses", f64::from(top.doses)),
        ("share_pct", f64::from(top.doses) / with_reason as f64 * 100.0),
    ];
    Some(Finding::new(FindingKind::TopReason, template, &numbers, Period { from: ix.from, to: ix.to }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_of_the_day() {
        let parts: Vec<DayPart> = [0, 5, 6, 11, 12, 17, 18, 23].into_iter().map(DayPart::of_hour).collect();
        use DayPart::*;
        assert_eq!(parts, [Night, Night, Morning, Morning, Afternoon, Afternoon, Evening, Evening]);
    }
}
