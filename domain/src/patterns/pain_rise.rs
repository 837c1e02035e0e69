//! Doses without a pain rise: doses taken when pain was no higher than the person's own recent level,
//! and what was logged around them. This is the "is it pain or stress?" worksheet insight
//! (`design.md` Patterns); it is told as an observation, never a judgement — a dose for stress, sleep or
//! to stay steady is the person's and their prescriber's business.
//!
//! Rule:
//! - Only doses of **as-needed** medicines count: a scheduled dose is taken by the clock, as prescribed,
//!   whatever the pain, so asking whether pain rose before it would say nothing.
//! - **Recent level** for a day = the median of all pain scores logged over the previous 7 days (not
//!   counting the day itself), needing at least [`MIN_SCORES_FOR_LEVEL`] scores. A median, so one bad
//!   day doesn't move it. [ASSUMPTION] 7 days and 3 scores are this app's choices.
//! - **Pain at the dose** = the dose's "pain before", or else the last pain score logged in the
//!   [`PAIN_LOOKBACK_HOURS`] hours up to the dose. A dose with neither is not assessed.
//! - A dose is **without a pain rise** when pain at the dose ≤ the recent level.
//! - Minimum data: at least [`MIN_DOSES`] assessed as-needed doses in the period, else no finding.

use chrono::TimeDelta;

use super::finding::{Finding, FindingKind, Period, one_dp, period_words, whole};
use super::index::{DoseAt, Index};
use super::stats::{Acc, ScoreCounts, counts_median};

pub const RECENT_DAYS: usize = 7;
pub const MIN_SCORES_FOR_LEVEL: u32 = 3;
pub const PAIN_LOOKBACK_HOURS: i64 = 3;
pub const MIN_DOSES: u32 = 5;

/// The recent level for every indexed day: a rolling 7-day window of score counts.
pub(crate) fn recent_levels(ix: &Index) -> Vec<Option<f64>> {
    let mut window: ScoreCounts = [0; 11];
    let mut levels = Vec::with_capacity(ix.days.len());
    for i in 0..ix.days.len() {
        let n: u32 = window.iter().sum();
        levels.push(if n >= MIN_SCORES_FOR_LEVEL { counts_median(&window) } else { None });
        for (w, c) in window.iter_mut().zip(ix.days[i].pain) {
            *w += c;
        }
        if i >= RECENT_DAYS {
            for (w, c) in window.iter_mut().zip(ix.days[i - RECENT_DAYS].pain) {
                *w -= c;
            }
        }
    }
    levels
}

/// Pain at the time of a dose, as defined above.
pub(crate) fn pain_at_dose(ix: &Index, dose: &DoseAt) -> Option<u8> {
    if let Some(p) = dose.entry.pain_before {
        return Some(p.value());
    }
    let up_to = ix.pains.partition_point(|(t, _)| *t <= dose.utc);
    let (t, score) = *ix.pains.get(up_to.checked_sub(1)?)?;
    (dose.utc - t <= TimeDelta::hours(PAIN_LOOKBACK_HOURS)).then_some(score)
}

#[derive(Default)]
struct Group {
    doses: u32,
    stress: Acc,
    mood: Acc,
    sleep: Acc,
}

pub(crate) fn finding(ix: &Index) -> Option<Finding> {
    let levels = recent_levels(ix);
    let (mut without, mut other) = (Group::default(), Group::default());
    for dose in ix.period_doses().iter().filter(|d| d.as_needed) {
        let (Some(pain), Some(level)) = (pain_at_dose(ix, dose), levels[dose.day]) else { continue };
        let group = if f64::from(pain) <= level { &mut without } else { &mut other };
        let day = &ix.days[dose.day];
        group.doses += 1;
        group.stress.add_opt(day.stress.mean());
        group.mood.add_opt(day.mood.mean());
        group.sleep.add_opt(day.sleep_efficiency.mean());
    }
    let assessed = without.doses + other.doses;
    if assessed < MIN_DOSES || without.doses == 0 {
        return None;
    }
    let share = f64::from(without.doses) / f64::from(assessed) * 100.0;
    let mut template = format!(
        "{} of {{your}} {} as-needed doses {} ({}%) were taken when pain was no higher than {{your}} usual level over the week before",
        without.doses,
        assessed,
        period_words(ix.from, ix.to, ix.today),
        whole(share),
    );
    if let (Some(a), Some(b)) = (without.stress.mean(), other.stress.mean()) {
        template.push_str(&format!(
            ", and on those days {{you}} logged an average stress of {} out of 10, compared with {} on the days of the others",
            one_dp(a),
            one_dp(b)
        ));
    }
    template.push('.');
    let mut numbers = vec![
        ("doses_assessed", f64::from(assessed)),
        ("doses_without_pain_rise", f64::from(without.doses)),
        ("share_pct", share),
    ];
    let pairs = [
        ("stress_mean_without_rise", without.stress.mean()),
        ("stress_mean_other", other.stress.mean()),
        ("mood_mean_without_rise", without.mood.mean()),
        ("mood_mean_other", other.mood.mean()),
        ("sleep_efficiency_without_rise", without.sleep.mean()),
        ("sleep_efficiency_other", other.sleep.mean()),
    ];
    numbers.extend(pairs.into_iter().filter_map(|(k, v)| Some((k, v?))));
    Some(Finding::new(FindingKind::DosesWithoutPainRise, template, &numbers, Period { from: ix.from, to: ix.to }))
}
