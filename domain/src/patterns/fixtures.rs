//! Hand-built fixture weeks. Each test builds a small diary, works out by hand (in the comments) what
//! the engine should find, and checks the engine agrees — numbers and sentences both.
//!
//! Dates: Monday 3 March 2025 to Sunday 9 March 2025 is "this week" in most fixtures; all times are
//! UTC+0, so local days are the dates written.

use chrono::{Days, NaiveDate};
use uuid::Uuid;

use super::*;
use crate::breathing::BreathingPattern;
use crate::diary::{
    ActivityEntry, ActivityKind, DoseEntry, DoseReason, Effort, EntryData, EntryTime, Medication, MedicineForm,
    MoodEntry, MoodLevel, PainEntry, RelaxationEntry, Schedule, SleepEntry, StrengthUnit,
};
use crate::ome::Opioid;
use crate::scores::{FeelScore, PainScore, StressScore};
use crate::sleep::{SleepDiary, SleepDiaryInput, SleepQuality};

pub(crate) fn mar(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, day).unwrap()
}

pub(crate) fn feb(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 2, day).unwrap()
}

fn t(date: NaiveDate, hh: u32, mm: u32) -> EntryTime {
    EntryTime::parse(&format!("{date}T{hh:02}:{mm:02}:00+00:00")).unwrap()
}

/// A diary being written, with ids 1, 2, 3… in the order entries are added.
#[derive(Default)]
pub(crate) struct Diary {
    pub items: Vec<(Uuid, EntryData)>,
    /// Sleep tips ticked on the nights added next.
    pub tips: Vec<crate::sleep_window::SleepTip>,
}

impl Diary {
    fn add(&mut self, data: EntryData) -> Uuid {
        let id = Uuid::from_u128(self.items.len() as u128 + 1);
        self.items.push((id, data));
        id
    }

    pub fn medicine(&mut self, opioid: Opioid, strength: f64, schedule: Schedule) -> Uuid {
        let (form, unit) = if opioid.is_patch() {
            (MedicineForm::Patch, StrengthUnit::McgPerHour)
        } else if opioid == Opioid::Methadone {
            (MedicineForm::Liquid, StrengthUnit::Mg)
        } else {
            (MedicineForm::Tablet, StrengthUnit::Mg)
        };
        let name = opioid.label().to_owned();
        self.add(EntryData::Medication(Medication { name, opioid, strength, unit, form, schedule, usual_amount: None }))
    }

    pub fn pain(&mut self, date: NaiveDate, hh: u32, score: u8) {
        let score = PainScore::new(score).unwrap();
        self.add(EntryData::Pain(PainEntry {
            recorded_at: t(date, hh, 0),
            score,
            location: None,
            note: None,
            peg: None,
        }));
    }

    #[allow(clippy::too_many_arguments)]
    pub fn dose(
        &mut self,
        medication: Uuid,
        date: NaiveDate,
        hh: u32,
        mm: u32,
        amount: f64,
        reasons: &[DoseReason],
        pain_before: Option<u8>,
    ) {
        self.add(EntryData::Dose(DoseEntry {
            medication_id: medication,
            amount,
            taken_at: t(date, hh, mm),
            reasons: reasons.to_vec(),
            pain_before: pain_before.map(|p| PainScore::new(p).unwrap()),
            stress_before: None,
            pain_after: None,
            note: None,
        }));
    }

    pub fn mood(&mut self, date: NaiveDate, stress: u8, phq2: Option<[u8; 2]>) {
        self.add(EntryData::Mood(MoodEntry {
            recorded_at: t(date, 12, 0),
            stress: StressScore::new(stress).unwrap(),
            mood: MoodLevel::Okay,
            phq2,
            gad2: None,
            note: None,
        }));
    }

    pub fn activity(&mut self, date: NaiveDate, minutes: u16, what: &str, kind: ActivityKind) {
        let effort = (kind == ActivityKind::Activity).then_some(Effort::Moderate);
        self.add(EntryData::Activity(ActivityEntry {
            started_at: t(date, 10, 0),
            minutes,
            what: what.to_owned(),
            effort,
            kind,
            rest_break_taken: None,
            felt_after: None,
        }));
    }

    /// In bed 22:00–06:00 (480 minutes), awake `awake` minutes of it: SE = (480 − awake) / 480.
    pub fn sleep(&mut self, night_of: NaiveDate, awake: u32) {
        let next = night_of + Days::new(1);
        let diary = SleepDiary::new(SleepDiaryInput {
            into_bed: t(night_of, 22, 0).as_datetime(),
            tried_to_sleep: t(night_of, 22, 0).as_datetime(),
            minutes_to_fall_asleep: 0,
            awakenings: 1,
            minutes_awake_in_night: awake,
            final_waking: t(next, 6, 0).as_datetime(),
            out_of_bed: t(next, 6, 0).as_datetime(),
            quality: SleepQuality::Fair,
        })
        .unwrap();
        self.add(EntryData::Sleep(SleepEntry { night_of, diary, note: None, tips_tried: self.tips.clone() }));
    }

    pub fn practice(&mut self, date: NaiveDate, minutes: u16, feel: Option<(u8, u8)>) {
        self.add(EntryData::Relaxation(RelaxationEntry {
            recorded_at: t(date, 21, 0),
            minutes,
            track_id: None,
            pattern: Some(BreathingPattern::Relaxed),
            feel_before: feel.and_then(|f| FeelScore::new(f.0)),
            feel_after: feel.and_then(|f| FeelScore::new(f.1)),
        }));
    }

    pub fn compute(&self, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Patterns {
        compute(&PatternInput::new(self.items.clone(), from, to, today))
    }
}

fn kinds(p: &Patterns) -> Vec<FindingKind> {
    p.findings.iter().map(|f| f.kind).collect()
}

fn finding(p: &Patterns, kind: FindingKind) -> &Finding {
    p.findings.iter().find(|f| f.kind == kind).unwrap_or_else(|| panic!("no {kind:?} in {:?}", kinds(p)))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn evening_doses_on_high_stress_days() {
    let mut d = Diary::default();
    let oxy = d.medicine(Opioid::Oxycodone, 5.0, Schedule::AsNeeded);
    use DoseReason::*;
    // (date, hour, minute, reasons, stress logged that day)
    let week = [
        (mar(3), 20, 0, vec![StressOrWorry], 8),          // Mon evening, high stress
        (mar(4), 21, 0, vec![StressOrWorry, ToSleep], 7), // Tue evening, high stress
        (mar(5), 19, 30, vec![Pain], 3),                  // Wed evening, calm
        (mar(6), 10, 0, vec![Pain], 2),                   // Thu morning
        (mar(7), 22, 0, vec![StressOrWorry], 9),          // Fri evening, high stress
        (mar(8), 14, 0, vec![Pain], 4),                   // Sat afternoon
    ];
    for (date, hh, mm, reasons, stress) in &week {
        d.dose(oxy, *date, *hh, *mm, 5.0, reasons, None);
        d.mood(*date, *stress, None);
    }
    let p = d.compute(mar(3), mar(9), mar(9));

    // 6 doses; evening (18–24): Mon, Tue, Wed, Fri = 4 → 4/6 = 66.7% > 50%.
    // Of those 4, on days with stress ≥ 7: Mon (8), Tue (7), Fri (9) = 3 → 75% > 50%.
    let f = finding(&p, FindingKind::DosesEveningHighStress);
    assert_eq!(
        f.takeaway,
        "Most of your doses this week were in the evening (18:00–23:59), on days you logged high stress (7 or more out of 10)."
    );
    assert_eq!(
        f.takeaway_about("Alex"),
        "Most of Alex's doses this week were in the evening (18:00–23:59), on days Alex logged high stress (7 or more out of 10)."
    );
    assert_eq!(f.number("doses"), Some(6.0));
    assert_eq!(f.number("evening_doses"), Some(4.0));
    assert_eq!(f.number("share_pct"), Some(66.67));
    assert_eq!(f.number("doses_on_high_stress_days"), Some(3.0));
    assert_eq!(f.number("high_stress_share_pct"), Some(75.0));
    assert_eq!(f.period, Period { from: mar(3), to: mar(9) });

    // Reasons: Stress or worry 3 (Mon, Tue, Fri), Pain 3 (Wed, Thu, Sat), To sleep 1. The tie goes to the
    // tick-box order, so Pain first.
    let reasons: Vec<(DoseReason, u32)> = p.reasons.iter().map(|r| (r.reason, r.doses)).collect();
    assert_eq!(reasons, [(Pain, 3), (StressOrWorry, 3), (ToSleep, 1)]);
    assert_eq!(
        finding(&p, FindingKind::TopReason).takeaway,
        "The reason you ticked most often for doses this week was “Pain” (3 of 6 doses with a reason)."
    );

    // Heatmap: weekday (Mon = 0) × hour.
    for (row, hour) in [(0, 20), (1, 21), (2, 19), (3, 10), (4, 22), (5, 14)] {
        assert_eq!(p.heatmap[row][hour], 1, "day {row} hour {hour}");
    }
    assert_eq!(p.heatmap.iter().flatten().sum::<u32>(), 6);

    // Monday's row: one 5 mg oxycodone = 7.5 mg OME (factor 1.5); stress 8 from the mood entry.
    let mon = &p.days[0];
    assert_eq!((mon.date, mon.doses, mon.entries), (mar(3), 1, 2));
    assert_eq!((mon.ome_mg, mon.ome_complete, mon.stress_mean), (Some(7.5), true, Some(8.0)));
    // Sunday: nothing logged.
    assert_eq!((p.days[6].doses, p.days[6].ome_mg, p.days[6].entries), (0, None, 0));

    // Nothing else: no pain scores, no activity, no sleep, no earlier week to compare with.
    assert_eq!(kinds(&p), [FindingKind::DosesEveningHighStress, FindingKind::TopReason]);
    assert!(p.flags.is_empty(), "{:?}", p.flags);
}

#[test]
fn a_week_of_evening_doses_without_high_stress_only_names_the_time() {
    let mut d = Diary::default();
    let oxy = d.medicine(Opioid::Oxycodone, 5.0, Schedule::AsNeeded);
    // 5 doses, 3 in the evening (60%); stress 2 every day, so no stress clause.
    for (day, hh) in [(3, 20), (4, 19), (5, 23), (6, 9), (7, 13)] {
        d.dose(oxy, mar(day), hh, 0, 5.0, &[], None);
        d.mood(mar(day), 2, None);
    }
    let p = d.compute(mar(3), mar(9), mar(9));
    let f = finding(&p, FindingKind::DoseTimingPeak);
    assert_eq!(f.takeaway, "Most of your doses this week were in the evening (18:00–23:59).");
    assert_eq!(f.number("high_stress_share_pct"), Some(0.0));
    // 4 doses only → no timing finding (minimum 5).
    let mut d = Diary::default();
    let oxy = d.medicine(Opioid::Oxycodone, 5.0, Schedule::AsNeeded);
    for day in 3..7 {
        d.dose(oxy, mar(day), 20, 0, 5.0, &[], None);
    }
    assert!(d.compute(mar(3), mar(9), mar(9)).findings.is_empty());
}

#[test]
fn one_boom_and_bust_episode() {
    let mut d = Diary::default();
    // Two weeks before (17 Feb – 2 Mar): a 30-minute walk and pain 4 twice every day.
    let mut day = feb(17);
    while day <= mar(2) {
        d.activity(day, 30, "Walk", ActivityKind::Activity);
        d.pain(day, 9, 4);
        d.pain(day, 18, 4);
        day = day + Days::new(1);
    }
    // Mon 3 Mar: 90 minutes in the garden (no walk). Baseline = median of the 14 previous days = 30;
    // 90 ≥ 30 × 1.3 = 39, so a busy day.
    d.activity(mar(3), 90, "Gardening", ActivityKind::Activity);
    d.pain(mar(3), 9, 4);
    d.pain(mar(3), 18, 4);
    // Tue 4 Mar: pain 7 and 5 → max 7 ≥ pain baseline 4 + 2 = 6: a flare. Walk 30: not low.
    d.activity(mar(4), 30, "walk ", ActivityKind::Activity);
    d.pain(mar(4), 9, 7);
    d.pain(mar(4), 18, 5);
    // Wed 5 Mar: walk 10 < 30 × 0.5 = 15: a very quiet day. Pain 4: no flare.
    d.activity(mar(5), 10, "WALK", ActivityKind::Activity);
    d.pain(mar(5), 9, 4);
    d.pain(mar(5), 18, 4);
    // Thu–Sun: back to 30 minutes and pain 4. None is a busy day (30 < 39).
    for day in 6..=9 {
        d.activity(mar(day), 30, "Walk", ActivityKind::Activity);
        d.pain(mar(day), 9, 4);
        d.pain(mar(day), 18, 4);
    }
    let p = d.compute(mar(3), mar(9), mar(9));

    assert_eq!(
        p.episodes,
        [BoomBustEpisode {
            date: mar(3),
            active_minutes: 90,
            baseline_minutes: 30.0,
            pain_baseline: Some(4.0),
            followed_by: vec![
                BustDay {
                    date: mar(4),
                    pain_flare: true,
                    low_activity: false,
                    pain_max: Some(7),
                    active_minutes: Some(30)
                },
                BustDay {
                    date: mar(5),
                    pain_flare: false,
                    low_activity: true,
                    pain_max: Some(4),
                    active_minutes: Some(10)
                },
            ],
        }]
    );
    let f = finding(&p, FindingKind::BoomAndBust);
    assert_eq!(
        f.takeaway,
        "On 3 Mar you were active for 90 minutes, well above your usual 30, and in the next two days pain rose to 7 (your usual is around 4) and activity dropped to 10 minutes."
    );
    assert_eq!(
        f.takeaway_about("Sam"),
        "On 3 Mar Sam was active for 90 minutes, well above Sam's usual 30, and in the next two days pain rose to 7 (Sam's usual is around 4) and activity dropped to 10 minutes."
    );
    assert_eq!(f.dates, [mar(3)]);

    // Pacing "walk" (any case/spacing): measured 17, 18, 19 Feb at 30 min → baseline 30 × 0.8 = 24.
    // Plan: 24 for the 7 days after 19 Feb (20–26 Feb), ×1.1 = 26.4 for 27 Feb – 5 Mar, ×1.21 = 29.04 after.
    // This week: 4 Mar 30 (26.4 ± 20% = 21.1–31.7: close), 5 Mar 10 (below), 6–9 Mar 30 (29.04 ± 20%:
    // close) → 6 days: 5 close, 0 above, 1 below. Gardening has one day, so no baseline.
    assert_eq!(p.pacing.len(), 1);
    let walk = &p.pacing[0];
    assert_eq!(walk.activity, "walk");
    assert_eq!(walk.measured_on, [feb(17), feb(18), feb(19)]);
    assert_eq!((walk.baseline_minutes, walk.planned_minutes_now), (24.0, 29.04));
    assert_eq!((walk.days_since, walk.days_close_to_plan, walk.days_above_plan, walk.days_below_plan), (6, 5, 0, 1));
    assert_eq!(
        finding(&p, FindingKind::PacingVsBaseline).takeaway,
        "Since your baseline for “walk” was set at 24 minutes (from your first three days, less 20%), you logged it on 6 days this week: 5 close to plan, 0 above and 1 below."
    );

    // This week against last: pain (4+6+4+4+4+4+4)/7 = 30/7 = 4.29 vs 4.0; active (90+30+10+30×4)/7 =
    // 250/7 = 35.7 vs 30. No doses either week, so doses a day is left out.
    let w = finding(&p, FindingKind::WeekOnWeek);
    assert_eq!(
        w.takeaway,
        "Compared with last week, this week: average pain 4.3 (was 4.0) and 36 active minutes a day (was 30)."
    );
    assert_eq!(w.number("pain_mean_this_week"), Some(4.29));
    assert_eq!(w.number("active_minutes_per_day_last_week"), Some(30.0));

    assert_eq!(kinds(&p), [FindingKind::BoomAndBust, FindingKind::PacingVsBaseline, FindingKind::WeekOnWeek]);
}

#[test]
fn methadone_leaves_the_total_incomplete_and_a_patch_counts_while_worn() {
    let mut d = Diary::default();
    let methadone = d.medicine(Opioid::Methadone, 1.0, Schedule::Scheduled);
    let patch = d.medicine(Opioid::BuprenorphinePatch7day, 10.0, Schedule::Scheduled);
    let morphine = d.medicine(Opioid::Morphine, 10.0, Schedule::AsNeeded);
    for day in 3..=5 {
        d.dose(methadone, mar(day), 8, 0, 10.0, &[], None);
    }
    d.dose(patch, mar(3), 9, 0, 10.0, &[], None); // a 10 mcg/h 7-day patch = 24 mg/day
    d.dose(morphine, mar(5), 14, 0, 10.0, &[], None);
    d.dose(methadone, mar(11), 8, 0, 10.0, &[], None);
    let p = d.compute(mar(3), mar(11), mar(11));
    let ome: Vec<(Option<f64>, bool)> = p.days.iter().map(|r| (r.ome_mg, r.ome_complete)).collect();
    assert_eq!(
        ome,
        [
            (Some(24.0), false), // 3 Mar: patch 24 + methadone (no fixed ratio)
            (Some(24.0), false), // 4 Mar
            (Some(34.0), false), // 5 Mar: 24 + morphine 10 + methadone
            (Some(24.0), true),  // 6–9 Mar: the patch alone (days 4–7 of 7)
            (Some(24.0), true),
            (Some(24.0), true),
            (Some(24.0), true),
            (None, true),  // 10 Mar: patch done, nothing else
            (None, false), // 11 Mar: methadone only: nothing to add up, and a gap
        ]
    );
    assert_eq!(p.days.iter().map(|r| r.doses).collect::<Vec<_>>(), [2, 1, 2, 0, 0, 0, 0, 0, 1]);
}

#[test]
fn twice_weekly_and_fentanyl_patches_hand_over() {
    let mut d = Diary::default();
    let bup = d.medicine(Opioid::BuprenorphinePatchTwiceWeekly, 35.0, Schedule::Scheduled);
    let fentanyl = d.medicine(Opioid::FentanylPatch, 25.0, Schedule::Scheduled);
    d.dose(bup, mar(3), 9, 0, 35.0, &[], None); // 84 mg/day, Mon–Wed (the next goes on Thu)
    d.dose(bup, mar(6), 9, 0, 35.0, &[], None); // Thu–Sun: 4 days
    d.dose(fentanyl, mar(8), 9, 0, 25.0, &[], None); // 60 mg/day for 3 days [ASSUMPTION]: 8, 9, 10 Mar
    let p = d.compute(mar(3), mar(11), mar(11));
    let ome: Vec<Option<f64>> = p.days.iter().map(|r| r.ome_mg).collect();
    let both = 84.0 + 60.0;
    assert_eq!(
        ome,
        [Some(84.0), Some(84.0), Some(84.0), Some(84.0), Some(84.0), Some(both), Some(both), Some(60.0), None]
    );
    // Two days at 144 mg ≥ 120 in the period.
    let f = finding(&p, FindingKind::OmeHigh);
    assert_eq!(
        f.takeaway,
        "On 2 of the 8 days with doses logged in the last 9 days, your recorded doses added up to 120 mg oral morphine equivalent or more (highest 144 mg); Opioids Aware uses 120 mg a day as the level above which risks rise."
    );
}

#[test]
fn an_empty_week_has_no_findings() {
    let p = Diary::default().compute(mar(3), mar(9), mar(9));
    assert!(p.findings.is_empty());
    assert!(p.reasons.is_empty() && p.episodes.is_empty() && p.pacing.is_empty());
    assert_eq!(p.heatmap, [[0; 24]; 7]);
    assert_eq!(p.days.len(), 7);
    assert!(p.days.iter().all(|r| r.entries == 0 && r.ome_mg.is_none() && r.pain_mean.is_none()));
    // For the worker, an empty diary is itself worth a look.
    assert_eq!(p.flags, [Flag { kind: FlagKind::NoRecentEntries, detail: "No diary entries since 3 Mar.".into() }]);
}

#[test]
fn doses_without_a_pain_rise() {
    let mut d = Diary::default();
    let oxy = d.medicine(Opioid::Oxycodone, 5.0, Schedule::AsNeeded);
    let morphine = d.medicine(Opioid::Morphine, 20.0, Schedule::Scheduled);
    // The week before (24 Feb – 2 Mar): pain 4, 5 and 6 every day → median of the 21 scores = 5.
    let mut day = feb(24);
    while day <= mar(2) {
        for (hh, score) in [(9, 4), (13, 5), (18, 6)] {
            d.pain(day, hh, score);
        }
        day = day + Days::new(1);
    }
    // This week the only pain entry is a 5 on Monday at 08:00, so every day's 7-day median stays 5
    // (e.g. Sunday: 2 Mar's 4, 5, 6 and 3 Mar's 5 → 5).
    d.pain(mar(3), 8, 5);
    // Scheduled morphine is never assessed, whatever pain was.
    d.dose(morphine, mar(3), 8, 0, 20.0, &[], Some(2));
    // As-needed doses (pain at the dose vs level 5):
    d.dose(oxy, mar(3), 10, 0, 5.0, &[], None); // Mon: no "pain before"; the 08:00 score 5 ≤ 5 → without
    d.dose(oxy, mar(4), 20, 0, 5.0, &[], Some(3)); // Tue: 3 ≤ 5 → without
    d.dose(oxy, mar(5), 15, 0, 5.0, &[], Some(7)); // Wed: 7 > 5 → other
    d.dose(oxy, mar(6), 21, 0, 5.0, &[], Some(5)); // Thu: 5 ≤ 5 → without
    d.dose(oxy, mar(7), 14, 0, 5.0, &[], Some(8)); // Fri: 8 > 5 → other
    d.dose(oxy, mar(8), 12, 0, 5.0, &[], None); // Sat: no score within 3 h → not assessed
    d.dose(oxy, mar(9), 19, 0, 5.0, &[], Some(4)); // Sun: 4 ≤ 5 → without
    // Stress logged each day.
    for (day, stress) in [(3, 8), (4, 8), (5, 3), (6, 5), (7, 4), (8, 6), (9, 7)] {
        d.mood(mar(day), stress, None);
    }
    let p = d.compute(mar(3), mar(9), mar(9));
    // Assessed 6, without a rise 4 (Mon, Tue, Thu, Sun) → 67%.
    // Stress on those days: (8 + 8 + 5 + 7) / 4 = 7.0; on the others' days (Wed, Fri): (3 + 4) / 2 = 3.5.
    let f = finding(&p, FindingKind::DosesWithoutPainRise);
    assert_eq!(
        f.takeaway,
        "4 of your 6 as-needed doses this week (67%) were taken when pain was no higher than your usual level over the week before, and on those days you logged an average stress of 7.0 out of 10, compared with 3.5 on the days of the others."
    );
    assert_eq!(f.number("doses_assessed"), Some(6.0));
    assert_eq!(f.number("doses_without_pain_rise"), Some(4.0));
    assert_eq!(f.number("share_pct"), Some(66.67));
    assert_eq!(f.number("stress_mean_without_rise"), Some(7.0));
    assert_eq!(f.number("stress_mean_other"), Some(3.5));
    assert_eq!(f.number("mood_mean_without_rise"), Some(3.0)); // "okay" = 3 every day
    assert_eq!(f.number("sleep_efficiency_other"), None); // no sleep logged
}

#[test]
fn sleep_efficiency_against_next_day_pain() {
    let mut d = Diary::default();
    // Night of → SE (awake minutes of 480 in bed) → next day's pain.
    let nights = [
        (mar(2), 48, 3),  // 90%   → 3 Mar pain 3
        (mar(3), 60, 4),  // 87.5% → 4 Mar pain 4
        (mar(4), 24, 4),  // 95%   → 5 Mar pain 4
        (mar(5), 120, 6), // 75%   → 6 Mar pain 6
        (mar(6), 96, 5),  // 80%   → 7 Mar pain 5
        (mar(7), 144, 7), // 70%   → 8 Mar pain 7
    ];
    for (night, awake, pain) in nights {
        d.sleep(night, awake);
        d.pain(night + Days::new(1), 12, pain);
    }
    let p = d.compute(mar(3), mar(9), mar(9));
    // Good nights: (3 + 4 + 4) / 3 = 3.67; other nights: (6 + 5 + 7) / 3 = 6.0.
    let f = finding(&p, FindingKind::SleepVsNextDayPain);
    assert_eq!(
        f.takeaway,
        "After nights when you slept well (sleep efficiency 85% or more), your pain the next day averaged 3.7, compared with 6.0 after other nights (3 and 3 nights this week)."
    );
    assert_eq!(f.number("pain_after_good_nights"), Some(3.67));
    // The night of 2 Mar shows on 3 Mar's row.
    assert!(close(p.days[0].sleep_efficiency.unwrap(), 90.0));
    assert_eq!(p.days[6].sleep_efficiency, None);
}

#[test]
fn caseload_flags_for_a_harder_week() {
    let mut d = Diary::default();
    let morphine = d.medicine(Opioid::Morphine, 60.0, Schedule::Scheduled);
    let oxy = d.medicine(Opioid::Oxycodone, 10.0, Schedule::AsNeeded);
    // Last week (3–9 Mar): morphine 60 mg a day (60 OME), pain 3, stress 3.
    for day in 3..=9 {
        d.dose(morphine, mar(day), 8, 0, 60.0, &[], None);
        d.pain(mar(day), 12, 3);
        d.mood(mar(day), 3, None);
    }
    // This week (10–16 Mar): morphine 60 + oxycodone 10 mg (15 OME) = 75 a day; on Fri 14 Mar another
    // 40 mg oxycodone (60 OME) → 135. Pain 6, stress 6. Three doses for "withdrawal feelings".
    for day in 10..=16 {
        d.dose(morphine, mar(day), 8, 0, 60.0, &[], None);
        let reasons: &[DoseReason] = if day <= 12 { &[DoseReason::WithdrawalFeelings] } else { &[DoseReason::Pain] };
        d.dose(oxy, mar(day), 15, 0, 10.0, reasons, None);
        d.pain(mar(day), 12, 6);
        d.mood(mar(day), 6, (day == 16).then_some([2, 1]));
    }
    d.dose(oxy, mar(14), 20, 0, 40.0, &[], None);
    let p = d.compute(mar(10), mar(16), mar(16));
    // Mean OME this week: (6 × 75 + 135) / 7 = 83.57 → 84; last week 60; +39%.
    let flags: Vec<(FlagKind, &str)> = p.flags.iter().map(|f| (f.kind, f.detail.as_str())).collect();
    assert_eq!(
        flags,
        [
            (
                FlagKind::OmeHigh,
                "Recorded doses reached 120 mg/day OME or more on 1 of the last 7 days (highest 135 mg)."
            ),
            (FlagKind::OmeRising, "Average OME 84 mg/day this week, up from 60 mg/day last week."),
            (FlagKind::PainRising, "Average pain 6.0 this week, up from 3.0 last week."),
            (FlagKind::StressRising, "Average stress 6.0 this week, up from 3.0 last week."),
            (
                FlagKind::WithdrawalFeelingsOften,
                "In the last 7 days: 3 doses logged with the reason “feeling unwell without it”."
            ),
            (FlagKind::MoodScreenPositive, "The mood check on 16 Mar was positive (PHQ-2 3)."),
        ]
    );
    assert_eq!(
        finding(&p, FindingKind::OmeRising).takeaway,
        "Your recorded doses came to an average of 84 mg oral morphine equivalent a day this week, up from 60 mg last week (39% more)."
    );
    assert_eq!(
        finding(&p, FindingKind::OmeRising).takeaway_about("Alex"),
        "Alex's recorded doses came to an average of 84 mg oral morphine equivalent a day this week, up from 60 mg last week (39% more)."
    );
    assert!(kinds(&p).contains(&FindingKind::OmeHigh));
}

#[test]
fn quiet_days_raise_the_no_entries_flag() {
    let mut d = Diary::default();
    d.pain(mar(5), 9, 4);
    let p = d.compute(mar(3), mar(9), mar(9));
    assert_eq!(
        p.flags,
        [Flag { kind: FlagKind::NoRecentEntries, detail: "No diary entries for 4 days (last on 5 Mar).".into() }]
    );
    // Two quiet days are ordinary.
    assert!(d.compute(mar(3), mar(7), mar(7)).flags.is_empty());
}

#[test]
fn wording_never_judges() {
    let entries = demo::demo_weeks(mar(3), 8, 11);
    let end = mar(3) + Days::new(55);
    let p = compute(&PatternInput::new(entries, mar(3), end, end));
    let banned = ["addict", "abuse", "misuse", "non-compliant", "noncompliant", "should", "too many", "overuse"];
    for text in
        p.findings.iter().map(|f| f.takeaway.to_lowercase()).chain(p.flags.iter().map(|f| f.detail.to_lowercase()))
    {
        for word in banned {
            assert!(!text.contains(word), "{word:?} in {text:?}");
        }
        assert_eq!(text.matches(". ").count(), 0, "one sentence: {text:?}");
    }
}

#[test]
fn relaxation_practice_is_told_with_its_numbers() {
    let mut d = Diary::default();
    // 14 days: 3 rated sessions and one unrated, 35 minutes in all; one before the period.
    d.practice(feb(10), 60, Some((1, 9)));
    d.practice(mar(2), 5, Some((4, 6)));
    d.practice(mar(5), 10, Some((5, 6)));
    d.practice(mar(9), 15, Some((3, 5)));
    d.practice(mar(12), 5, None);
    let p = d.compute(mar(1), mar(14), mar(14));
    let f = finding(&p, FindingKind::RelaxationPractice);
    assert_eq!(
        f.takeaway,
        "You practised relaxation for 35 minutes in the last 14 days (about 18 a week); in the 3 sessions you rated, you felt 4.0 out of 10 before and 5.7 after, on average."
    );
    assert_eq!(p.days.iter().map(|d| d.relaxation_minutes).sum::<u32>(), 35);
    // Fewer than three rated sessions: minutes only.
    let mut d = Diary::default();
    d.practice(mar(2), 5, Some((4, 6)));
    let p = d.compute(mar(1), mar(14), mar(14));
    assert_eq!(
        finding(&p, FindingKind::RelaxationPractice).takeaway,
        "You practised relaxation for 5 minutes in the last 14 days (about 3 a week)."
    );
    // None at all: no finding.
    assert!(!kinds(&Diary::default().compute(mar(1), mar(14), mar(14))).contains(&FindingKind::RelaxationPractice));
}

#[test]
fn nights_with_sleep_tips_are_compared_with_other_nights() {
    let mut d = Diary::default();
    // Three nights without tips (awake 96 min of 480: 80%), then three with (awake 48: 90%).
    for n in 1..=3 {
        d.sleep(mar(n), 96);
    }
    d.tips = vec![crate::sleep_window::SleepTip::ScreensOff];
    for n in 4..=6 {
        d.sleep(mar(n), 48);
    }
    let p = d.compute(mar(1), mar(14), mar(14));
    assert_eq!(
        finding(&p, FindingKind::SleepWithTips).takeaway,
        "On the 3 nights you tried your sleep tips, sleep efficiency averaged 90%, compared with 80% on 3 other nights in the last 14 days."
    );
    // Two nights with tips are too few to compare.
    let mut d = Diary::default();
    for n in 1..=3 {
        d.sleep(mar(n), 96);
    }
    d.tips = vec![crate::sleep_window::SleepTip::ScreensOff];
    d.sleep(mar(4), 48);
    d.sleep(mar(5), 48);
    assert!(!kinds(&d.compute(mar(1), mar(14), mar(14))).contains(&FindingKind::SleepWithTips));
}

#[test]
fn pain_just_before_and_after_practice_is_compared() {
    let mut d = Diary::default();
    // Sessions at 21:00 (5 minutes). Pain at 19:00 and 22:00 on three days; on a fourth day only a
    // score long before (13:00), which doesn't count.
    for (day, before, after) in [(3, 7, 5), (4, 6, 5), (5, 8, 6)] {
        d.pain(mar(day), 19, before);
        d.practice(mar(day), 5, None);
        d.pain(mar(day), 22, after);
    }
    d.pain(mar(6), 13, 9);
    d.practice(mar(6), 5, None);
    d.pain(mar(6), 22, 4);
    let p = d.compute(mar(1), mar(14), mar(14));
    assert_eq!(
        finding(&p, FindingKind::RelaxationPain).takeaway,
        "On the 3 sessions with a pain score logged in the 3 hours before and after, your pain was 7.0 before and 5.3 after, on average."
    );
}
