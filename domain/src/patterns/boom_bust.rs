//! Boom and bust: a day much more active than usual, followed within 48 hours by a pain flare or a very
//! quiet day — the over-/under-activity cycle pacing aims to replace (`domain.md` §4).
//!
//! **Source caveat:** `domain.md` §4 found *no validated algorithm* for detecting boom-bust from diaries
//! [UNCONFIRMED]; its unsourced heuristic is "activity >20–30% above baseline followed within 24–48 h
//! by a pain rise ≥2 points (Farrar) or a low-activity day". This rule follows that heuristic:
//! - **Activity baseline** for a day = median of daily active minutes over the previous 14 days that
//!   have any activity or rest logged (a day with nothing logged is unknown, not zero); needs at least
//!   [`MIN_BASELINE_DAYS`] such days and a baseline above zero.
//! - **Well above** = at least 30% above baseline ([`WELL_ABOVE`]; the top of §4's 20–30%, so fewer
//!   ordinary busy days are picked up).
//! - **Within 48 hours** = the next 2 calendar days.
//! - **Pain flare** = that day's highest pain ≥ pain baseline + 2 points (about 2 points is the change
//!   Farrar 2001 found important, `domain.md` §3); pain baseline = median of daily mean pain over the
//!   previous 14 days, needing [`MIN_BASELINE_DAYS`] days with pain.
//! - **Very low-activity day** = active minutes below 50% of the activity baseline ([`LOW_ACTIVITY`],
//!   [ASSUMPTION]: §4 gives no figure).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::finding::{Finding, FindingKind, Period, short_date, whole};
use super::index::Index;
use super::stats::{median, round2};

pub const BASELINE_DAYS: usize = 14;
pub const MIN_BASELINE_DAYS: usize = 5;
pub const WELL_ABOVE: f64 = 1.3;
pub const FOLLOW_DAYS: usize = 2;
pub const FLARE_POINTS: f64 = 2.0;
pub const LOW_ACTIVITY: f64 = 0.5;

/// A day after a busy day that shows a flare or a dip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BustDay {
    pub date: NaiveDate,
    pub pain_flare: bool,
    pub low_activity: bool,
    pub pain_max: Option<u8>,
    pub active_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoomBustEpisode {
    /// The busy day.
    pub date: NaiveDate,
    pub active_minutes: u32,
    pub baseline_minutes: f64,
    pub pain_baseline: Option<f64>,
    pub followed_by: Vec<BustDay>,
}

/// Median of `value(day)` over the previous [`BASELINE_DAYS`] days that have one.
fn baseline(values: &[Option<f64>], i: usize) -> Option<f64> {
    let mut known: Vec<f64> = values[i.saturating_sub(BASELINE_DAYS)..i].iter().flatten().copied().collect();
    if known.len() < MIN_BASELINE_DAYS { None } else { median(&mut known) }
}

pub(crate) fn episodes(ix: &Index) -> Vec<BoomBustEpisode> {
    let active: Vec<Option<f64>> = ix.days.iter().map(|d| d.active().map(f64::from)).collect();
    let pain: Vec<Option<f64>> = ix.days.iter().map(|d| d.pain_mean()).collect();
    let period = ix.period();
    let mut out = Vec::new();
    for i in period.clone() {
        let Some(minutes) = ix.days[i].active() else { continue };
        let Some(base) = baseline(&active, i).filter(|b| *b > 0.0) else { continue };
        if f64::from(minutes) < WELL_ABOVE * base {
            continue;
        }
        let pain_base = baseline(&pain, i);
        let followed_by: Vec<BustDay> = (i + 1..=i + FOLLOW_DAYS)
            .filter(|j| *j < period.end)
            .filter_map(|j| {
                let day = &ix.days[j];
                let pain_flare = match (day.pain_max(), pain_base) {
                    (Some(max), Some(b)) => f64::from(max) >= b + FLARE_POINTS,
                    _ => false,
                };
                let low_activity = day.active().is_some_and(|m| f64::from(m) < LOW_ACTIVITY * base);
                (pain_flare || low_activity).then(|| BustDay {
                    date: ix.date(j),
                    pain_flare,
                    low_activity,
                    pain_max: day.pain_max(),
                    active_minutes: day.active(),
                })
            })
            .collect();
        if !followed_by.is_empty() {
            out.push(BoomBustEpisode {
                date: ix.date(i),
                active_minutes: minutes,
                baseline_minutes: round2(base),
                pain_baseline: pain_base.map(round2),
                followed_by,
            });
        }
    }
    out
}

/// One episode told in full; several summarised with their dates.
pub(crate) fn finding(ix: &Index, episodes: &[BoomBustEpisode]) -> Option<Finding> {
    let first = episodes.first()?;
    let period = Period { from: ix.from, to: ix.to };
    let dates: Vec<NaiveDate> = episodes.iter().map(|e| e.date).collect();
    let template = if let [e] = episodes {
        let mut what = Vec::new();
        if let Some(flare) = e.followed_by.iter().find(|b| b.pain_flare) {
            let usual =
                e.pain_baseline.map(|b| format!(" ({{your}} usual is around {})", whole(b))).unwrap_or_default();
            what.push(format!("pain rose to {}{usual}", flare.pain_max.unwrap_or_default()));
        }
        if let Some(low) = e.followed_by.iter().find(|b| b.low_activity) {
            what.push(format!("activity dropped to {} minutes", low.active_minutes.unwrap_or_default()));
        }
        format!(
            "On {} {{you}} {{were}} active for {} minutes, well above {{your}} usual {}, and in the next two days {}.",
            short_date(e.date),
            e.active_minutes,
            whole(e.baseline_minutes),
            what.join(" and "),
        )
    } else {
        let list: Vec<String> = dates.iter().map(|d| short_date(*d)).collect();
        format!(
            "{} times, a day when {{you}} {{were}} much more active than usual was followed within two days by a pain flare or a much quieter day ({}).",
            episodes.len(),
            list.join(", "),
        )
    };
    let flares = episodes.iter().filter(|e| e.followed_by.iter().any(|b| b.pain_flare)).count();
    let numbers = [
        ("episodes", episodes.len() as f64),
        ("episodes_with_pain_flare", flares as f64),
        ("first_active_minutes", f64::from(first.active_minutes)),
        ("first_baseline_minutes", first.baseline_minutes),
    ];
    Some(Finding::new(FindingKind::BoomAndBust, template, &numbers, period).with_dates(dates))
}
