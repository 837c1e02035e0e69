//! The diary laid out by local day, once, so every detector is a walk over days instead of a scan over
//! entries (the engine stays O(n log n): one sort, then linear passes).
//!
//! The index runs from a little before `from` (baselines look back up to 14 days; a patch put on before
//! `from` is still worn) to the later of `to` and `today` (the flags look at the last fortnight).

use chrono::{Days, NaiveDate, NaiveDateTime};
use uuid::Uuid;

use super::input::{DiaryItem, PatternInput};
use super::patch;
use super::stats::{Acc, ScoreCounts};
use crate::diary::{
    ActivityEntry, ActivityKind, DoseEntry, DoseReason, EntryData, MoodEntry, RelaxationEntry, Schedule,
};
use crate::ome::{OmeOutcome, Opioid, Table};

/// Baselines look back this far before `from`.
pub(crate) const LOOKBACK_DAYS: u64 = 14;
/// Entries older than this before `from` are ignored, so a stray date (year 1900) can't make the day
/// list huge. Three years is well beyond any baseline or chart.
pub(crate) const MAX_HISTORY_DAYS: u64 = 3 * 366;

/// One local day's totals.
#[derive(Debug, Clone, Default)]
pub(crate) struct Day {
    pub entries: u32,
    pub pain: ScoreCounts,
    pub peg: Acc,
    pub doses: u32,
    pub withdrawal_doses: u32,
    /// "How reducing feels" check-ins with a feeling at "quite a bit" or more.
    pub withdrawal_checkins: u32,
    pub ome_mg: f64,
    /// Some opioid amount was converted (so the total means something).
    pub ome_converted: bool,
    /// Some opioid amount could not be converted (methadone, an unlisted patch, an unknown medicine).
    pub ome_gap: bool,
    pub active_minutes: u32,
    pub rest_minutes: u32,
    /// Minutes of relaxation or breathing practice.
    pub relaxation_minutes: u32,
    pub has_activity: bool,
    pub sleep_efficiency: Acc,
    /// The night that ended this morning had sleep tips ticked as tried.
    pub tried_tips: bool,
    pub stress: Acc,
    pub stress_max: Option<u8>,
    pub mood: Acc,
}

impl Day {
    pub fn pain_count(&self) -> u32 {
        self.pain.iter().sum()
    }

    pub fn pain_mean(&self) -> Option<f64> {
        let n = self.pain_count();
        let sum: u32 = self.pain.iter().enumerate().map(|(score, c)| score as u32 * c).sum();
        (n > 0).then(|| f64::from(sum) / f64::from(n))
    }

    pub fn pain_max(&self) -> Option<u8> {
        self.pain.iter().rposition(|c| *c > 0).map(|s| s as u8)
    }

    pub fn ome(&self) -> Option<f64> {
        self.ome_converted.then_some(self.ome_mg)
    }

    pub fn active(&self) -> Option<u32> {
        self.has_activity.then_some(self.active_minutes)
    }

    fn add_ome(&mut self, outcome: OmeOutcome) {
        match outcome {
            OmeOutcome::Converted { mg } => {
                self.ome_mg += mg;
                self.ome_converted = true;
            }
            OmeOutcome::NotAnOpioid => {}
            OmeOutcome::NotConverted(_) => self.ome_gap = true,
        }
    }
}

/// A dose with where it falls.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DoseAt<'a> {
    pub day: usize,
    pub local: NaiveDateTime,
    pub utc: NaiveDateTime,
    pub entry: &'a DoseEntry,
    /// The medicine is known and taken as needed (not on a schedule).
    pub as_needed: bool,
}

pub(crate) struct Index<'a> {
    pub start: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub days: Vec<Day>,
    /// In (day, local time, id) order.
    pub doses: Vec<DoseAt<'a>>,
    /// Pain scores by UTC instant, for "the last score in the 3 hours before a dose".
    pub pains: Vec<(NaiveDateTime, u8)>,
    pub activities: Vec<(usize, &'a ActivityEntry)>,
    pub moods: Vec<(usize, &'a MoodEntry)>,
    /// Relaxation sessions, by day index.
    pub practice: Vec<(usize, &'a RelaxationEntry)>,
    /// The latest day, up to `today`, with any entry.
    pub last_entry_day: Option<NaiveDate>,
}

struct Application {
    medication: Uuid,
    day: usize,
    opioid: Opioid,
    mcg_per_hour: f64,
}

/// The entries of days `start..start + len`, each with its day position and local time, in (day, local
/// time, id) order — a fixed order whatever order they came in, so sums are reproducible. A counting
/// sort by day, then a small sort within each day: linear in practice, where one big sort of 30,000
/// entries by local time took most of the engine's time.
fn by_day_then_time(
    input: &PatternInput,
    start: NaiveDate,
    len: usize,
    in_range: impl Fn(&&DiaryItem) -> bool,
) -> Vec<(usize, NaiveDateTime, &DiaryItem)> {
    let keyed: Vec<(usize, NaiveDateTime, &DiaryItem)> = input
        .entries
        .iter()
        .filter(in_range)
        .filter_map(|e| {
            let i = usize::try_from((e.day - start).num_days()).ok().filter(|i| *i < len)?;
            Some((i, e.local(), e))
        })
        .collect();
    let mut next = vec![0usize; len + 1];
    for (i, _, _) in &keyed {
        next[i + 1] += 1;
    }
    for i in 0..len {
        next[i + 1] += next[i];
    }
    let bounds = next.clone();
    let mut order = vec![0usize; keyed.len()];
    for (j, (i, _, _)) in keyed.iter().enumerate() {
        order[next[*i]] = j;
        next[*i] += 1;
    }
    for day in bounds.windows(2) {
        order[day[0]..day[1]].sort_unstable_by_key(|j| (keyed[*j].1, keyed[*j].2.id));
    }
    order.into_iter().map(|j| keyed[j]).collect()
}

impl<'a> Index<'a> {
    pub fn build(input: &'a PatternInput) -> Self {
        let (from, to, today) = (input.from, input.to, input.today);
        let floor = from.checked_sub_days(Days::new(MAX_HISTORY_DAYS)).unwrap_or(NaiveDate::MIN);
        let end = to.max(today);
        let in_range = |e: &&DiaryItem| e.day >= floor && e.day <= end;
        let first_day = input.entries.iter().filter(in_range).map(|e| e.day).min();
        let lookback = from.checked_sub_days(Days::new(LOOKBACK_DAYS)).unwrap_or(from);
        let flags_from = today.checked_sub_days(Days::new(LOOKBACK_DAYS)).unwrap_or(today);
        let start = first_day.map_or(lookback, |d| d.min(lookback)).min(flags_from).max(floor);
        let len = usize::try_from((end - start).num_days() + 1).unwrap_or(0);
        let items = by_day_then_time(input, start, len, in_range);
        let mut ix = Index {
            start,
            from,
            to,
            today,
            days: vec![Day::default(); len],
            doses: Vec::new(),
            pains: Vec::new(),
            activities: Vec::new(),
            moods: Vec::new(),
            practice: Vec::new(),
            last_entry_day: items.iter().rev().map(|(_, _, e)| e.day).find(|d| *d <= today),
        };
        let table = Table::current();
        let mut patches = Vec::new();
        for (i, local, item) in items {
            let day = &mut ix.days[i];
            day.entries += 1;
            match &item.data {
                EntryData::Medication(_) => day.entries -= 1,
                EntryData::Pain(p) => {
                    day.pain[usize::from(p.score.value())] += 1;
                    day.peg.add_opt(p.peg.map(|g| g.score()));
                    ix.pains.push((item.at.utc(), p.score.value()));
                }
                EntryData::Activity(a) => {
                    day.has_activity = true;
                    match a.kind {
                        ActivityKind::Activity => day.active_minutes += u32::from(a.minutes),
                        ActivityKind::Rest => day.rest_minutes += u32::from(a.minutes),
                    }
                    ix.activities.push((i, a));
                }
                EntryData::Dose(d) => {
                    day.doses += 1;
                    if d.reasons.contains(&DoseReason::WithdrawalFeelings) {
                        day.withdrawal_doses += 1;
                    }
                    if let Some(s) = d.stress_before {
                        day.stress.add(f64::from(s.value()));
                        day.stress_max = day.stress_max.max(Some(s.value()));
                    }
                    let medication = input.medications.get(&d.medication_id);
                    let as_needed = medication.is_some_and(|m| m.schedule == Schedule::AsNeeded);
                    match medication {
                        None => day.ome_gap = true,
                        Some(m) => match d.applied_patch(m) {
                            Some(p) => patches.push(Application {
                                medication: d.medication_id,
                                day: i,
                                opioid: p.opioid,
                                mcg_per_hour: p.mcg_per_hour,
                            }),
                            None => day.add_ome(table.ome_for_dose(m.opioid, d.amount)),
                        },
                    }
                    ix.doses.push(DoseAt { day: i, local, utc: item.at.utc(), entry: d, as_needed });
                }
                EntryData::Mood(m) => {
                    day.stress.add(f64::from(m.stress.value()));
                    day.stress_max = day.stress_max.max(Some(m.stress.value()));
                    day.mood.add(f64::from(m.mood.value()));
                    ix.moods.push((i, m));
                }
                EntryData::Sleep(s) => {
                    day.sleep_efficiency.add(s.diary.metrics().sleep_efficiency_pct);
                    day.tried_tips |= !s.tips_tried.is_empty();
                }
                EntryData::Relaxation(r) => {
                    day.relaxation_minutes += u32::from(r.minutes);
                    ix.practice.push((i, r));
                }
                EntryData::Withdrawal(w) => day.withdrawal_checkins += u32::from(w.is_strong()),
            }
        }
        ix.pains.sort_by_key(|p| p.0);
        ix.add_patches(patches, table);
        ix
    }

    /// Each patch adds its OME per day to every day it is worn (see [`patch::days_worn`]).
    fn add_patches(&mut self, mut patches: Vec<Application>, table: &Table) {
        patches.sort_by(|a, b| {
            (a.medication, a.day).cmp(&(b.medication, b.day)).then(a.mcg_per_hour.total_cmp(&b.mcg_per_hour))
        });
        for (k, p) in patches.iter().enumerate() {
            // The same medicine's next patch put on a later day (same-day patches are worn together).
            let next = patches[k + 1..]
                .iter()
                .take_while(|q| q.medication == p.medication)
                .find(|q| q.day > p.day)
                .map(|q| self.date(q.day));
            let worn = patch::days_worn(p.opioid, self.date(p.day), next);
            let per_day = table.ome_mg_per_day_for_patch(p.opioid, p.mcg_per_hour);
            for day in self.days.iter_mut().skip(p.day).take(worn as usize) {
                day.add_ome(per_day.clone());
            }
        }
    }

    pub fn pos(&self, date: NaiveDate) -> Option<usize> {
        let offset = (date - self.start).num_days();
        usize::try_from(offset).ok().filter(|i| *i < self.days.len())
    }

    pub fn date(&self, i: usize) -> NaiveDate {
        self.start.checked_add_days(Days::new(i as u64)).unwrap_or(self.start)
    }

    /// Day positions of `from..=to` (empty when `to` is before `from`).
    pub fn period(&self) -> std::ops::Range<usize> {
        match (self.pos(self.from), self.pos(self.to)) {
            (Some(a), Some(b)) if a <= b => a..b + 1,
            _ => 0..0,
        }
    }

    /// The doses on days of the period.
    pub fn period_doses(&self) -> &[DoseAt<'a>] {
        let range = self.period();
        let a = self.doses.partition_point(|d| d.day < range.start);
        let b = self.doses.partition_point(|d| d.day < range.end);
        &self.doses[a..b]
    }

    /// Positions of the 7 days ending on `end` (those inside the index).
    pub fn week_ending(&self, end: NaiveDate) -> std::ops::Range<usize> {
        let Some(b) = self.pos(end) else { return 0..0 };
        b.saturating_sub(6)..b + 1
    }
}
