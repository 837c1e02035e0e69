//! The worker's caseload from stored daily totals: the server keeps one [`DailyTotals`] row per patient
//! and local day (recomputed for the days a sync batch touches), and the caseload reads the last
//! fortnight of those rows instead of every entry. [`flags_from_totals`] gives exactly the flags that
//! [`super::compute`] gives from the diary itself (same thresholds, same sentences: both call
//! `flags::flags_for`), as the tests below check on whole demo diaries.

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::flags::{self, Flag, Screen};
use super::index::Index;
use super::input::PatternInput;
use super::weeks::{Week, week_before};

/// The latest PHQ-2/GAD-2 answered on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoodScreen {
    pub phq2: Option<u8>,
    pub gad2: Option<u8>,
    /// PHQ-2 ≥ 3 or GAD-2 ≥ 3 (see [`crate::diary::MoodEntry::screen_positive`]).
    pub positive: bool,
}

/// One local day's totals, as stored per patient and day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DailyTotals {
    pub date: NaiveDate,
    /// Diary entries counted on this day (medicines are not).
    pub entries: u32,
    pub pain_mean: Option<f64>,
    pub pain_max: Option<u8>,
    pub peg: Option<f64>,
    pub doses: u32,
    /// Doses with the reason "withdrawal feelings".
    pub withdrawal_doses: u32,
    /// Check-ins with a withdrawal feeling at "quite a bit" or more (shared with `plan`).
    #[serde(default)]
    pub withdrawal_checkins: u32,
    /// OME mg of the day (`None` when nothing was converted), as in [`super::DayRollup::ome_mg`].
    pub ome_mg: Option<f64>,
    pub ome_complete: bool,
    pub active_minutes: u32,
    pub rest_minutes: u32,
    /// Some activity or rest was logged (so 0 active minutes means "none", not "unknown").
    pub has_activity: bool,
    pub sleep_efficiency: Option<f64>,
    pub stress_mean: Option<f64>,
    pub mood_mean: Option<f64>,
    pub screen: Option<MoodScreen>,
    /// The latest entry's time that day (UTC) and its UTC offset in minutes.
    pub last_entry_at: Option<NaiveDateTime>,
    pub last_tz_offset_min: i32,
}

impl DailyTotals {
    /// A day with nothing logged.
    pub fn empty(date: NaiveDate) -> Self {
        Self {
            date,
            entries: 0,
            pain_mean: None,
            pain_max: None,
            peg: None,
            doses: 0,
            withdrawal_doses: 0,
            withdrawal_checkins: 0,
            ome_mg: None,
            ome_complete: true,
            active_minutes: 0,
            rest_minutes: 0,
            has_activity: false,
            sleep_efficiency: None,
            stress_mean: None,
            mood_mean: None,
            screen: None,
            last_entry_at: None,
            last_tz_offset_min: 0,
        }
    }

    /// True when the day holds nothing worth storing.
    pub fn is_empty(&self) -> bool {
        self.entries == 0 && self.ome_mg.is_none() && self.ome_complete
    }
}

/// The totals of every day `input.from..=input.to` (patches put on before `from` are counted while
/// worn, as in [`super::compute`]).
pub fn daily_totals(input: &PatternInput) -> Vec<DailyTotals> {
    let ix = Index::build(input);
    let mut out: Vec<DailyTotals> = ix
        .period()
        .map(|i| {
            let day = &ix.days[i];
            DailyTotals {
                date: ix.date(i),
                entries: day.entries,
                pain_mean: day.pain_mean(),
                pain_max: day.pain_max(),
                peg: day.peg.mean(),
                doses: day.doses,
                withdrawal_doses: day.withdrawal_doses,
                withdrawal_checkins: day.withdrawal_checkins,
                ome_mg: day.ome(),
                ome_complete: !day.ome_gap,
                active_minutes: day.active_minutes,
                rest_minutes: day.rest_minutes,
                has_activity: day.has_activity,
                sleep_efficiency: day.sleep_efficiency.mean(),
                stress_mean: day.stress.mean(),
                mood_mean: day.mood.mean(),
                screen: None,
                last_entry_at: None,
                last_tz_offset_min: 0,
            }
        })
        .collect();
    let first = ix.period().start;
    for (i, m) in &ix.moods {
        if let Some(t) = i.checked_sub(first).and_then(|k| out.get_mut(k))
            && (m.phq2.is_some() || m.gad2.is_some())
        {
            // `moods` is in (day, time) order, so the last one written wins.
            t.screen = Some(MoodScreen { phq2: m.phq2_score(), gad2: m.gad2_score(), positive: m.screen_positive() });
        }
    }
    for item in &input.entries {
        let Some(t) = ix.pos(item.day).and_then(|i| i.checked_sub(first)).and_then(|k| out.get_mut(k)) else {
            continue;
        };
        if item.day < input.from || item.day > input.to {
            continue;
        }
        let utc = item.at.utc();
        if t.last_entry_at.is_none_or(|last| utc > last) {
            t.last_entry_at = Some(utc);
            t.last_tz_offset_min = item.at.tz_offset_min();
        }
    }
    out
}

/// The week of 7 days ending `end`, from stored totals (days not given count as empty).
fn week(days: &[DailyTotals], end: NaiveDate) -> Week {
    let start = end.checked_sub_days(Days::new(6)).unwrap_or(end);
    let mut w = Week::default();
    for day in days.iter().filter(|d| d.date >= start && d.date <= end) {
        if day.entries > 0 {
            w.days_with_entries += 1;
        }
        w.pain.add_opt(day.pain_mean);
        w.stress.add_opt(day.stress_mean);
        w.doses += day.doses;
        w.withdrawal_doses += day.withdrawal_doses;
        w.withdrawal_checkins += day.withdrawal_checkins;
        if let Some(mg) = day.ome_mg {
            w.ome.add(mg);
            if mg >= crate::ome::HIGH_DOSE_OME_MG_PER_DAY {
                w.ome_high_days += 1;
            }
            w.ome_max = Some(w.ome_max.map_or(mg, |m: f64| m.max(mg)));
        }
        w.active.add_opt(day.has_activity.then_some(f64::from(day.active_minutes)));
        w.sleep.add_opt(day.sleep_efficiency);
    }
    w
}

/// The caseload flags from stored totals covering (at least) the 14 days ending `today`, oldest
/// first. `last_entry_day` is the latest day up to `today` with any entry, however long ago (the
/// caller looks it up when the fortnight has none); `from` is where "no entries since" counts from when
/// there is no entry at all.
pub fn flags_from_totals(
    days: &[DailyTotals],
    from: NaiveDate,
    today: NaiveDate,
    last_entry_day: Option<NaiveDate>,
) -> Vec<Flag> {
    let this = week(days, today);
    let last = week(days, week_before(today));
    let latest_screen = days
        .iter()
        .rev()
        .filter(|d| d.date <= today)
        .find_map(|d| d.screen.map(|s| Screen { date: d.date, phq2: s.phq2, gad2: s.gad2, positive: s.positive }));
    flags::flags_for(&this, &last, from, today, last_entry_day, latest_screen)
}

/// The latest day up to `today` with an entry, among stored totals.
pub fn last_entry_day(days: &[DailyTotals], today: NaiveDate) -> Option<NaiveDate> {
    days.iter().rev().filter(|d| d.date <= today && d.entries > 0).map(|d| d.date).next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::demo::demo_weeks;
    use crate::patterns::{FlagKind, compute};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// For many "todays" over a demo diary: flags from a fortnight of stored totals equal the engine's.
    #[test]
    fn flags_from_totals_match_the_engine() {
        for seed in [1, 7, 42] {
            let start = d(2025, 1, 6);
            let diary = demo_weeks(start, 8, seed);
            for offset in [10_u64, 20, 33, 45, 55, 56, 58, 60, 70] {
                let today = start.checked_add_days(Days::new(offset)).unwrap();
                let from = today.checked_sub_days(Days::new(27)).unwrap();
                let engine = compute(&PatternInput::new(diary.clone(), from, today, today)).flags;
                let totals = daily_totals(&PatternInput::new(diary.clone(), start, today, today));
                let fortnight: Vec<DailyTotals> =
                    totals.iter().filter(|t| (today - t.date).num_days() < 14).cloned().collect();
                let last = last_entry_day(&totals, today);
                let stored = flags_from_totals(&fortnight, from, today, last);
                assert_eq!(stored, engine, "seed {seed}, today {today}");
            }
        }
    }

    #[test]
    fn totals_count_the_days_and_keep_the_latest_screen() {
        let start = d(2025, 1, 6);
        let diary = demo_weeks(start, 2, 3);
        let to = d(2025, 1, 19);
        let totals = daily_totals(&PatternInput::new(diary.clone(), start, to, to));
        assert_eq!(totals.len(), 14);
        let rollups = compute(&PatternInput::new(diary, start, to, to)).days;
        for (t, r) in totals.iter().zip(&rollups) {
            assert_eq!(
                (t.date, t.entries, t.doses, t.ome_mg, t.pain_mean),
                (r.date, r.entries, r.doses, r.ome_mg, r.pain_mean)
            );
            assert!(t.entries == 0 || t.last_entry_at.is_some());
        }
        assert!(totals.iter().any(|t| t.screen.is_some()), "the demo has a weekly mood screen");
    }

    #[test]
    fn a_silent_patient_is_flagged_from_an_old_last_day() {
        let today = d(2025, 3, 20);
        let flags = flags_from_totals(&[], d(2025, 3, 7), today, Some(d(2025, 2, 1)));
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].kind, FlagKind::NoRecentEntries);
        assert_eq!(flags[0].detail, "No diary entries for 47 days (last on 1 Feb).");
    }
}
