//! OME against 120 mg/day, OME week on week, sleep efficiency against the next day's pain, and this week
//! against last week.
//!
//! "This week" is the 7 days ending on the earlier of `to` and `today`; "last week" the 7 before.

use chrono::{Days, NaiveDate};

use super::finding::{Finding, FindingKind, Period, one_dp, period_words, short_date, whole};
use super::index::Index;
use super::stats::Acc;
use super::weeks::{Week, week_before};
use crate::ome::HIGH_DOSE_OME_MG_PER_DAY;
use crate::sleep::GOOD_SLEEP_EFFICIENCY_PCT;

/// [ASSUMPTION] OME "rising" = this week's mean daily OME at least 10% above last week's. Opioids Aware
/// tapers move 5–10% per step (`domain.md` §2), so a 10% change is a step of that size.
pub const OME_RISE_FRACTION: f64 = 0.10;
/// [ASSUMPTION] Minimum data for a weekly OME mean: 4 of 7 days with a converted total, so a few
/// unlogged days don't read as a fall or rise.
pub const MIN_OME_DAYS: u32 = 4;
/// [ASSUMPTION] Minimum data for comparing weeks: 3 days with entries in each.
pub const MIN_DAYS_PER_WEEK: u32 = 3;
/// `domain.md` §5 asks for at least 3 nights in each group before comparing them (this app's minimum).
pub const MIN_NIGHTS_PER_GROUP: u32 = 3;

/// The week labels and dates for "this week" against "last week".
pub(crate) struct Weeks {
    pub this_end: NaiveDate,
    pub this: Week,
    pub last: Week,
    pub this_words: String,
    pub last_words: String,
}

impl Weeks {
    pub fn new(ix: &Index) -> Self {
        let this_end = ix.to.min(ix.today);
        let (this_words, last_words) = if this_end == ix.today {
            ("this week".to_owned(), "last week".to_owned())
        } else {
            (format!("in the week to {}", short_date(this_end)), "the week before".to_owned())
        };
        Self {
            this_end,
            this: Week::ending(ix, this_end),
            last: Week::ending(ix, week_before(this_end)),
            this_words,
            last_words,
        }
    }

    pub fn period(&self) -> Period {
        let from = self.this_end.checked_sub_days(Days::new(13)).unwrap_or(self.this_end);
        Period { from, to: self.this_end }
    }
}

/// Days in the period whose total reached 120 mg OME.
pub(crate) fn ome_high(ix: &Index) -> Option<Finding> {
    let days = &ix.days[ix.period()];
    let with_ome: Vec<f64> = days.iter().filter_map(|d| d.ome()).collect();
    let high = with_ome.iter().filter(|mg| **mg >= HIGH_DOSE_OME_MG_PER_DAY).count();
    if high == 0 {
        return None;
    }
    let max = with_ome.iter().copied().fold(0.0, f64::max);
    let incomplete = days.iter().filter(|d| d.ome_gap).count();
    let template = format!(
        "On {high} of the {} days with doses logged {}, {{your}} recorded doses added up to {} mg oral morphine equivalent or more (highest {} mg); Opioids Aware uses {} mg a day as the level above which risks rise.",
        with_ome.len(),
        period_words(ix.from, ix.to, ix.today),
        whole(HIGH_DOSE_OME_MG_PER_DAY),
        whole(max),
        whole(HIGH_DOSE_OME_MG_PER_DAY),
    );
    let numbers = [
        ("days_at_or_above_120", high as f64),
        ("days_with_ome", with_ome.len() as f64),
        ("highest_ome_mg", max),
        ("days_incomplete", incomplete as f64),
    ];
    Some(Finding::new(FindingKind::OmeHigh, template, &numbers, Period { from: ix.from, to: ix.to }))
}

/// This week's mean daily OME at least 10% above last week's.
pub(crate) fn ome_rising(weeks: &Weeks) -> Option<Finding> {
    let (this, last) = (ome_mean(&weeks.this)?, ome_mean(&weeks.last)?);
    if last <= 0.0 || this < last * (1.0 + OME_RISE_FRACTION) {
        return None;
    }
    let change = (this - last) / last * 100.0;
    let template = format!(
        "{{Your}} recorded doses came to an average of {} mg oral morphine equivalent a day {}, up from {} mg {} ({}% more).",
        whole(this),
        weeks.this_words,
        whole(last),
        weeks.last_words,
        whole(change),
    );
    let numbers = [("ome_mg_per_day_this_week", this), ("ome_mg_per_day_last_week", last), ("change_pct", change)];
    Some(Finding::new(FindingKind::OmeRising, template, &numbers, weeks.period()))
}

pub(crate) fn ome_mean(week: &Week) -> Option<f64> {
    (week.ome.n >= MIN_OME_DAYS).then(|| week.ome.mean()).flatten()
}

/// Mean next-day pain after nights with sleep efficiency ≥ 85% against < 85% (`domain.md` §5: good
/// above 85%). A night counts towards the day it ended, so the pair is that day's SE and mean pain.
pub(crate) fn sleep_vs_next_day_pain(ix: &Index) -> Option<Finding> {
    let (mut good, mut other) = (Acc::default(), Acc::default());
    for day in &ix.days[ix.period()] {
        let (Some(se), Some(pain)) = (day.sleep_efficiency.mean(), day.pain_mean()) else { continue };
        if se >= GOOD_SLEEP_EFFICIENCY_PCT { good.add(pain) } else { other.add(pain) }
    }
    if good.n < MIN_NIGHTS_PER_GROUP || other.n < MIN_NIGHTS_PER_GROUP {
        return None;
    }
    let (a, b) = (good.mean()?, other.mean()?);
    let template = format!(
        "After nights when {{you}} slept well (sleep efficiency {}% or more), {{your}} pain the next day averaged {}, compared with {} after other nights ({} and {} nights {}).",
        whole(GOOD_SLEEP_EFFICIENCY_PCT),
        one_dp(a),
        one_dp(b),
        good.n,
        other.n,
        period_words(ix.from, ix.to, ix.today),
    );
    let numbers = [
        ("pain_after_good_nights", a),
        ("pain_after_other_nights", b),
        ("good_nights", f64::from(good.n)),
        ("other_nights", f64::from(other.n)),
    ];
    Some(Finding::new(FindingKind::SleepVsNextDayPain, template, &numbers, Period { from: ix.from, to: ix.to }))
}

/// Nights with sleep tips ticked as tried against the other nights, by sleep efficiency.
pub(crate) fn sleep_with_tips(ix: &Index) -> Option<Finding> {
    let (mut with, mut without) = (Acc::default(), Acc::default());
    for day in &ix.days[ix.period()] {
        let Some(se) = day.sleep_efficiency.mean() else { continue };
        if day.tried_tips { with.add(se) } else { without.add(se) }
    }
    if with.n < MIN_NIGHTS_PER_GROUP || without.n < MIN_NIGHTS_PER_GROUP {
        return None;
    }
    let (a, b) = (with.mean()?, without.mean()?);
    let template = format!(
        "On the {} nights {{you}} tried {{your}} sleep tips, sleep efficiency averaged {}%, compared with {}% on {} other nights {}.",
        with.n,
        whole(a),
        whole(b),
        without.n,
        period_words(ix.from, ix.to, ix.today),
    );
    let numbers = [
        ("efficiency_with_tips", a),
        ("efficiency_other_nights", b),
        ("nights_with_tips", f64::from(with.n)),
        ("other_nights", f64::from(without.n)),
    ];
    Some(Finding::new(FindingKind::SleepWithTips, template, &numbers, Period { from: ix.from, to: ix.to }))
}

/// One measure in the weekly comparison.
struct Measure {
    key: &'static str,
    now: Option<f64>,
    before: Option<f64>,
    /// Words for the sentence, given the figure as text.
    words: fn(&str) -> String,
    show: fn(f64) -> String,
}

/// Pain, doses a day, OME a day, active minutes a day and sleep efficiency: this week and last.
pub(crate) fn week_on_week(weeks: &Weeks) -> Option<Finding> {
    let (this, last) = (&weeks.this, &weeks.last);
    if this.days_with_entries < MIN_DAYS_PER_WEEK || last.days_with_entries < MIN_DAYS_PER_WEEK {
        return None;
    }
    let percent = |x: f64| format!("{x:.0}%");
    let measures = [
        Measure {
            key: "pain_mean",
            now: this.pain.mean(),
            before: last.pain.mean(),
            words: |v| format!("average pain {v}"),
            show: one_dp,
        },
        Measure {
            key: "doses_per_day",
            now: this.doses_per_day(),
            before: last.doses_per_day(),
            words: |v| format!("{v} doses a day"),
            show: one_dp,
        },
        Measure {
            key: "ome_mg_per_day",
            now: ome_mean(this),
            before: ome_mean(last),
            words: |v| format!("{v} mg oral morphine equivalent a day"),
            show: whole,
        },
        Measure {
            key: "active_minutes_per_day",
            now: this.active.mean(),
            before: last.active.mean(),
            words: |v| format!("{v} active minutes a day"),
            show: whole,
        },
        Measure {
            key: "sleep_efficiency",
            now: this.sleep.mean(),
            before: last.sleep.mean(),
            words: |v| format!("sleep efficiency {v}"),
            show: percent,
        },
    ];
    let mut parts = Vec::new();
    let mut keys = Vec::new();
    let mut values = Vec::new();
    for m in &measures {
        let (Some(now), Some(before)) = (m.now, m.before) else { continue };
        if now == 0.0 && before == 0.0 {
            continue; // "0 doses a day (was 0)" says nothing.
        }
        parts.push(format!("{} (was {})", (m.words)(&(m.show)(now)), (m.show)(before)));
        keys.push((format!("{}_this_week", m.key), format!("{}_last_week", m.key)));
        values.push((now, before));
    }
    if parts.is_empty() {
        return None;
    }
    let template = format!("Compared with {}, {}: {}.", weeks.last_words, weeks.this_words, join(&parts));
    let numbers: Vec<(&str, f64)> = keys
        .iter()
        .zip(&values)
        .flat_map(|((a, b), (now, before))| [(a.as_str(), *now), (b.as_str(), *before)])
        .collect();
    Some(Finding::new(FindingKind::WeekOnWeek, template, &numbers, weeks.period()))
}

/// "a, b and c".
fn join(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
