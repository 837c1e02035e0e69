//! A demo patient's diary, for the server's `--demo` seed and for tests: a scheduled morphine MR 20 mg
//! twice a day plus as-needed oxycodone 5 mg; pain mostly 3–8; evening oxycodone on high-stress days
//! (the "is it pain or stress?" pattern); a walk paced from a baseline; one clear boom-and-bust episode
//! (a long gardening day, then a flare and a quiet day); nightly sleep diaries; evening mood with a
//! weekly PHQ-2/GAD-2.
//!
//! Deterministic: the same `start`, `weeks` and `seed` give the same entries and ids (a SplitMix64
//! generator, no `rand`). Times are UK local (GMT, or BST from the last Sunday of March to the last
//! Sunday of October).

use chrono::{Datelike, Days, FixedOffset, NaiveDate, NaiveTime, Offset, TimeDelta, TimeZone, Utc, Weekday};
use uuid::{Builder, Uuid};

use crate::breathing::BreathingPattern;
use crate::diary::{
    ActivityEntry, ActivityKind, DoseEntry, DoseReason, Effort, EntryData, EntryTime, FeltAfter, Medication,
    MedicineForm, MoodEntry, MoodLevel, PainEntry, Peg, RelaxationEntry, Schedule, SleepEntry, StrengthUnit,
};
use crate::ome::Opioid;
use crate::scores::{FeelScore, InterferenceScore, PainScore, StressScore};
use crate::sleep::{SleepDiary, SleepDiaryInput, SleepQuality};
use crate::sleep_window::SleepTip;

/// SplitMix64: tiny, fast and good enough for made-up diaries.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number from `lo` to `hi` inclusive.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn id(&mut self) -> Uuid {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next().to_le_bytes());
        Builder::from_random_bytes(bytes).into_uuid()
    }
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_next = NaiveDate::from_ymd_opt(year, month + 1, 1).unwrap_or(NaiveDate::MAX);
    let mut d = first_next.pred_opt().unwrap_or(first_next);
    while d.weekday() != Weekday::Sun {
        d = d.pred_opt().unwrap_or(d);
    }
    d
}

/// UK clock offset in minutes on a date (changes counted from the start of the changeover day).
fn uk_offset_min(date: NaiveDate) -> i32 {
    let summer = date >= last_sunday(date.year(), 3) && date < last_sunday(date.year(), 10);
    if summer { 60 } else { 0 }
}

fn at(date: NaiveDate, minutes_after_midnight: i64) -> EntryTime {
    let local = date.and_time(NaiveTime::MIN) + TimeDelta::minutes(minutes_after_midnight);
    let offset = FixedOffset::east_opt(uk_offset_min(date) * 60).unwrap_or(Utc.fix());
    let t = offset.from_local_datetime(&local).single().unwrap_or_else(|| offset.from_utc_datetime(&local));
    EntryTime::from_datetime(t)
}

fn score<T>(make: fn(u8) -> Option<T>, v: i64) -> T {
    let v = v.clamp(0, 10) as u8;
    make(v).unwrap_or_else(|| unreachable!("clamped to 0–10"))
}

struct Demo {
    rng: Rng,
    out: Vec<(Uuid, EntryData)>,
}

impl Demo {
    fn push(&mut self, data: EntryData) {
        let id = self.rng.id();
        self.out.push((id, data));
    }

    fn pain(&mut self, time: EntryTime, value: i64, peg: Option<Peg>) {
        let score = score(PainScore::new, value.clamp(3, 8));
        self.push(EntryData::Pain(PainEntry { recorded_at: time, score, location: None, note: None, peg }));
    }

    fn dose(
        &mut self,
        medication: Uuid,
        amount: f64,
        time: EntryTime,
        reasons: Vec<DoseReason>,
        pain: Option<i64>,
        stress: Option<i64>,
    ) {
        self.push(EntryData::Dose(DoseEntry {
            medication_id: medication,
            amount,
            taken_at: time,
            reasons,
            pain_before: pain.map(|p| score(PainScore::new, p)),
            stress_before: stress.map(|s| score(StressScore::new, s)),
            pain_after: None,
            note: None,
        }));
    }

    fn activity(&mut self, time: EntryTime, minutes: i64, what: &str, kind: ActivityKind, effort: Option<Effort>) {
        self.push(EntryData::Activity(ActivityEntry {
            started_at: time,
            minutes: minutes.clamp(1, 600) as u16,
            what: what.to_owned(),
            effort,
            kind,
            rest_break_taken: None,
            felt_after: None::<FeltAfter>,
        }));
    }
}

fn medication(name: &str, opioid: Opioid, mg: f64, schedule: Schedule) -> EntryData {
    EntryData::Medication(Medication {
        name: name.to_owned(),
        opioid,
        strength: mg,
        unit: StrengthUnit::Mg,
        form: MedicineForm::Capsule,
        schedule,
        usual_amount: Some(mg),
    })
}

/// `weeks` weeks of diary from `start` (about 10 entries a day), plus the two medicines.
pub fn demo_weeks(start: NaiveDate, weeks: u32, seed: u64) -> Vec<(Uuid, EntryData)> {
    let mut demo = Demo { rng: Rng(seed), out: Vec::new() };
    let morphine = demo.rng.id();
    let oxycodone = demo.rng.id();
    demo.out.push((morphine, medication("Morphine MR (Zomorph)", Opioid::Morphine, 20.0, Schedule::Scheduled)));
    demo.out.push((oxycodone, medication("Oxycodone (OxyNorm)", Opioid::Oxycodone, 5.0, Schedule::AsNeeded)));

    let total = i64::from(weeks) * 7;
    // The busy day: 20 days before the end, so it shows in the 28-day view.
    let boom = if total >= 24 { total - 20 } else { -10 };
    // The walk: measured on the first three days, then kept near the plan (+10% a week after a week).
    let walk_baseline = (15.0 + 15.0 + 18.0) / 3.0 * 0.8;
    let mut last_se = 85.0;
    for k in 0..total {
        let date = start.checked_add_days(Days::new(k as u64)).unwrap_or(start);
        let r = &mut demo.rng;
        let high_stress = r.chance(0.4);
        let flare = k == boom + 1 || k == boom + 2;
        // Pain drifts slowly between 4 and 6, is worse after a poor night, and flares after the busy day.
        let base = 5 + if (k / 10) % 3 == 0 { -1 } else { 0 } + i64::from(last_se < 80.0) + if flare { 3 } else { 0 };

        // Pain three times a day, PEG on Sundays.
        for minute in [8 * 60 + 30, 13 * 60, 18 * 60] {
            let (t, v) = (demo.rng.range(0, 40), demo.rng.range(-1, 1));
            let peg = (date.weekday() == Weekday::Sun && minute == 18 * 60).then(|| Peg {
                average: score(PainScore::new, base),
                enjoyment: score(InterferenceScore::new, base + 1),
                activity: score(InterferenceScore::new, base),
            });
            demo.pain(at(date, minute + t), base + v, peg);
        }

        // Scheduled morphine morning and evening; now and then the morning one is late and feels needed.
        let late = demo.rng.chance(0.1);
        let morning_reasons = if late { vec![DoseReason::WithdrawalFeelings] } else { vec![DoseReason::Pain] };
        let t = demo.rng.range(0, 30) + if late { 60 } else { 0 };
        demo.dose(morphine, 20.0, at(date, 8 * 60 + t), morning_reasons, Some(base), None);
        let t = demo.rng.range(0, 30);
        demo.dose(morphine, 20.0, at(date, 20 * 60 + t), vec![DoseReason::Pain], None, None);

        // As-needed oxycodone: in the evening on high-stress days with pain at its usual level; otherwise
        // sometimes in the afternoon when pain is up.
        let stress = if high_stress { demo.rng.range(7, 9) } else { demo.rng.range(2, 5) };
        if high_stress {
            let (a, b) = (demo.rng.range(0, 120), demo.rng.range(0, 90));
            let to_sleep = vec![DoseReason::StressOrWorry, DoseReason::ToSleep];
            demo.dose(oxycodone, 5.0, at(date, 19 * 60 + a), vec![DoseReason::StressOrWorry], Some(base), Some(stress));
            demo.dose(oxycodone, 5.0, at(date, 22 * 60 + b), to_sleep, Some(base), Some(stress));
        } else if demo.rng.chance(0.3) || flare {
            let t = demo.rng.range(0, 120);
            demo.dose(oxycodone, 5.0, at(date, 14 * 60 + t), vec![DoseReason::Pain], Some(base + 2), Some(stress));
        }

        // Walk (paced), an afternoon rest, and the one long gardening day.
        let plan = match k {
            0 | 1 => 15.0,
            2 => 18.0,
            _ => crate::patterns::pacing::planned_minutes(walk_baseline, (k - 2) as usize),
        };
        let walk = if k == boom + 1 {
            5.0
        } else if k == boom + 2 {
            10.0
        } else if k < 3 {
            plan
        } else {
            plan * demo.rng.range(90, 115) as f64 / 100.0
        };
        let t = demo.rng.range(0, 60);
        demo.activity(
            at(date, 10 * 60 + t),
            walk.round() as i64,
            "Walk",
            ActivityKind::Activity,
            Some(Effort::Moderate),
        );
        if k == boom {
            demo.activity(at(date, 11 * 60 + 30), 150, "Gardening", ActivityKind::Activity, Some(Effort::Hard));
        }
        let rest = if flare { 90 } else { demo.rng.range(15, 30) };
        demo.activity(at(date, 15 * 60), rest, "Lie down", ActivityKind::Rest, None);

        // Mood in the evening; the two-question screens on Sundays (positive in the last week).
        let mood = match stress {
            7.. => MoodLevel::Low,
            4..=6 => MoodLevel::Okay,
            _ => MoodLevel::Good,
        };
        let sunday = date.weekday() == Weekday::Sun;
        let last_week = k >= total - 7;
        let (phq2, gad2) = match (sunday, last_week) {
            (true, true) => (Some([2, 1]), Some([2, 1])),
            (true, false) => (Some([1, 0]), Some([1, 1])),
            _ => (None, None),
        };
        let t = demo.rng.range(0, 45);
        let recorded_at = at(date, 21 * 60 + t);
        demo.push(EntryData::Mood(MoodEntry {
            recorded_at,
            stress: score(StressScore::new, stress),
            mood,
            phq2,
            gad2,
            note: None,
        }));

        // That night's sleep (not for the last day: the night isn't over).
        if k + 1 < total {
            let (diary, se) = night(&mut demo.rng, date, high_stress);
            last_se = se;
            // The last three weeks: screens off and less caffeine tried on most calm days.
            let tips_tried = if k + 21 >= total && !high_stress {
                vec![SleepTip::LessCaffeine, SleepTip::ScreensOff]
            } else {
                Vec::new()
            };
            demo.push(EntryData::Sleep(SleepEntry { night_of: date, diary, note: None, tips_tried }));
        }
    }
    demo.out
}

/// Relaxation practice for the demo, `days` days ending on `end`: the breathing pacer most evenings
/// and the body scan or the bedtime track two or three nights a week (the shipped tracks' ids in
/// `public/audio/tracks.json`), feeling a little calmer afterwards.
pub fn demo_practice(end: NaiveDate, days: u32, seed: u64) -> Vec<(Uuid, EntryData)> {
    const BODY_SCAN: Uuid = Uuid::from_u128(0xbedb3397_7cfd_4212_a348_9d4755da8685);
    const BEDTIME: Uuid = Uuid::from_u128(0x69bbf3ea_efd5_45a0_84f5_cd2cee5d3b58);
    let mut demo = Demo { rng: Rng(seed), out: Vec::new() };
    for back in (0..days).rev() {
        let Some(date) = end.checked_sub_days(Days::new(u64::from(back))) else { continue };
        // 0 is very tense or unwell, 10 very calm: a little calmer after practice.
        let before = demo.rng.range(3, 6);
        let feel = |d: &mut Demo, by: i64| {
            (Some(score(FeelScore::new, before)), Some(score(FeelScore::new, before + by + d.rng.range(0, 1))))
        };
        if demo.rng.range(0, 9) < 6 {
            let (feel_before, feel_after) = feel(&mut demo, 1);
            let pattern =
                if date.weekday() == Weekday::Sat { BreathingPattern::Box } else { BreathingPattern::Relaxed };
            let recorded_at = at(date, 18 * 60 + demo.rng.range(0, 90));
            demo.push(EntryData::Relaxation(RelaxationEntry {
                recorded_at,
                minutes: 3,
                track_id: None,
                pattern: Some(pattern),
                feel_before,
                feel_after,
            }));
        }
        if matches!(date.weekday(), Weekday::Mon | Weekday::Wed | Weekday::Fri) {
            let (feel_before, feel_after) = feel(&mut demo, 2);
            let (track, minutes) = if date.weekday() == Weekday::Wed { (BODY_SCAN, 12) } else { (BEDTIME, 9) };
            let recorded_at = at(date, 22 * 60 + demo.rng.range(0, 30));
            demo.push(EntryData::Relaxation(RelaxationEntry {
                recorded_at,
                minutes,
                track_id: Some(track),
                pattern: None,
                feel_before,
                feel_after,
            }));
        }
    }
    demo.out
}

/// One night from about 22:30 to 07:00; restless after a stressful day.
fn night(r: &mut Rng, date: NaiveDate, stressful: bool) -> (SleepDiary, f64) {
    let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
    let into_bed = r.range(22 * 60 + 15, 23 * 60 + 15);
    let tried = into_bed + r.range(0, 20);
    let (sol, waso) = if stressful { (r.range(20, 50), r.range(30, 90)) } else { (r.range(5, 25), r.range(5, 40)) };
    let woke = r.range(6 * 60 + 15, 7 * 60);
    let up = woke + r.range(5, 20);
    let input = SleepDiaryInput {
        into_bed: at(date, into_bed).as_datetime(),
        tried_to_sleep: at(date, tried).as_datetime(),
        minutes_to_fall_asleep: sol as u32,
        awakenings: if stressful { 3 } else { 1 },
        minutes_awake_in_night: waso as u32,
        final_waking: at(next, woke).as_datetime(),
        out_of_bed: at(next, up).as_datetime(),
        quality: if stressful { SleepQuality::Poor } else { SleepQuality::Good },
    };
    // These times always fit together (into bed < tried < woke < up; SOL + WASO well inside the night).
    let diary = SleepDiary::new(input).unwrap_or_else(|e| unreachable!("demo night is valid: {e}"));
    let se = diary.metrics().sleep_efficiency_pct;
    (diary, se)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::{FindingKind, PatternInput, compute};

    fn start() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, 3).unwrap()
    }

    #[test]
    fn same_seed_same_diary() {
        let a = demo_weeks(start(), 8, 7);
        assert_eq!(a, demo_weeks(start(), 8, 7));
        assert_ne!(a, demo_weeks(start(), 8, 8));
        assert!(a.len() > 8 * 7 * 8, "{} entries", a.len());
    }

    #[test]
    fn clocks_change_on_the_last_sundays() {
        assert_eq!(uk_offset_min(NaiveDate::from_ymd_opt(2025, 3, 29).unwrap()), 0);
        assert_eq!(uk_offset_min(NaiveDate::from_ymd_opt(2025, 3, 30).unwrap()), 60);
        assert_eq!(uk_offset_min(NaiveDate::from_ymd_opt(2025, 10, 25).unwrap()), 60);
        assert_eq!(uk_offset_min(NaiveDate::from_ymd_opt(2025, 10, 26).unwrap()), 0);
    }

    /// The server's demo patient must show the two headline patterns, whatever the seed, over the whole
    /// demo and in the app's 28-day view.
    #[test]
    fn the_engine_finds_boom_and_bust_and_evening_doses_on_high_stress_days() {
        for seed in [1, 2, 3, 42, 2025] {
            let entries = demo_weeks(start(), 8, seed);
            let end = start() + Days::new(8 * 7 - 1);
            for from in [start(), end - Days::new(27)] {
                let p = compute(&PatternInput::new(entries.clone(), from, end, end));
                let kinds: Vec<FindingKind> = p.findings.iter().map(|f| f.kind).collect();
                assert!(kinds.contains(&FindingKind::BoomAndBust), "seed {seed} from {from}: {kinds:?}");
                assert!(kinds.contains(&FindingKind::DosesEveningHighStress), "seed {seed} from {from}: {kinds:?}");
                assert_eq!(p.episodes.len(), 1, "seed {seed}: {:?}", p.episodes);
                assert_eq!(p.episodes[0].date, start() + Days::new(8 * 7 - 20));
                assert!(p.days.iter().all(|d| d.ome_complete && d.ome_mg.is_some()));
            }
        }
    }
}
