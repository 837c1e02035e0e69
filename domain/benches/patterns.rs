//! The pattern engine over 2 years of dense diary (~30,000 entries), natively.
//!
//! `cargo bench -p evenkeel-domain --bench patterns`
//!
//! Divan times each case; then a short second pass prints how `compute` compares with a bare pass over
//! the same entries (one `match` per entry, summing a field), measured in the same run on the same
//! machine, so the ratio means something even where absolute times don't. The aim is ≤ 20 ms native
//! for the whole 2 years.

use std::hint::black_box;
use std::time::Instant;

use chrono::{DateTime, Days, FixedOffset, NaiveDate, TimeDelta};
use evenkeel_domain::EntryTime;
use evenkeel_domain::diary::{
    ActivityEntry, ActivityKind, DoseEntry, DoseReason, Effort, EntryData, Medication, MedicineForm, MoodEntry,
    MoodLevel, PainEntry, Schedule, SleepEntry, StrengthUnit,
};
use evenkeel_domain::ome::Opioid;
use evenkeel_domain::patterns::{PatternInput, compute};
use evenkeel_domain::scores::{PainScore, StressScore};
use evenkeel_domain::sleep::{SleepDiary, SleepDiaryInput, SleepQuality};
use uuid::Uuid;

const DAYS: u64 = 730;
/// Per day: 18 pain scores, 8 doses, 4 activities + 4 rests, 6 mood entries, 1 night = 41.
const PAIN: i64 = 18;
const DOSES: i64 = 8;
const ACTIVITIES: i64 = 4;
const MOODS: i64 = 6;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 2).unwrap_or(NaiveDate::MIN)
}

fn end() -> NaiveDate {
    start() + Days::new(DAYS - 1)
}

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn time(date: NaiveDate, minute: i64) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!());
    (date.and_hms_opt(0, 0, 0).unwrap_or_default() + TimeDelta::minutes(minute)).and_local_timezone(offset).unwrap()
}

fn at(date: NaiveDate, minute: i64) -> EntryTime {
    EntryTime::from_datetime(time(date, minute))
}

/// Two years of a busy diary, as `(id, entry)` pairs.
fn dense_diary() -> Vec<(Uuid, EntryData)> {
    let mut rng = Lcg(7);
    let mut n = 0u128;
    let mut out = Vec::new();
    let mut push = |out: &mut Vec<(Uuid, EntryData)>, data| {
        n += 1;
        let id = Uuid::from_u128(n);
        out.push((id, data));
        id
    };
    let medicine = |opioid, schedule| {
        EntryData::Medication(Medication {
            name: "bench".into(),
            opioid,
            strength: 10.0,
            unit: StrengthUnit::Mg,
            form: MedicineForm::Tablet,
            schedule,
            usual_amount: None,
        })
    };
    let morphine = push(&mut out, medicine(Opioid::Morphine, Schedule::Scheduled));
    let oxycodone = push(&mut out, medicine(Opioid::Oxycodone, Schedule::AsNeeded));
    for k in 0..DAYS {
        let date = start() + Days::new(k);
        for i in 0..PAIN {
            let score = PainScore::new(3 + rng.below(6) as u8).unwrap_or_else(|| unreachable!());
            let recorded_at = at(date, 6 * 60 + i * 50 + rng.below(30) as i64);
            push(&mut out, EntryData::Pain(PainEntry { recorded_at, score, location: None, note: None, peg: None }));
        }
        for i in 0..DOSES {
            let scheduled = i < 2;
            let medication_id = if scheduled { morphine } else { oxycodone };
            let minute = if scheduled { 8 * 60 + i * 12 * 60 } else { 10 * 60 + rng.below(13 * 60) as i64 };
            let reasons = if rng.below(2) == 0 { vec![DoseReason::Pain] } else { vec![DoseReason::StressOrWorry] };
            push(
                &mut out,
                EntryData::Dose(DoseEntry {
                    medication_id,
                    amount: if scheduled { 20.0 } else { 5.0 },
                    taken_at: at(date, minute),
                    reasons,
                    pain_before: PainScore::new(3 + rng.below(6) as u8),
                    stress_before: None,
                    pain_after: None,
                    note: None,
                }),
            );
        }
        for i in 0..ACTIVITIES * 2 {
            let rest = i % 2 == 1;
            push(
                &mut out,
                EntryData::Activity(ActivityEntry {
                    started_at: at(date, 9 * 60 + i * 90),
                    minutes: 10 + rng.below(30) as u16,
                    what: ["Walk", "Stretches", "Lie down", "Housework"][(i % 4) as usize].into(),
                    effort: (!rest).then_some(Effort::Light),
                    kind: if rest { ActivityKind::Rest } else { ActivityKind::Activity },
                    rest_break_taken: None,
                    felt_after: None,
                }),
            );
        }
        for i in 0..MOODS {
            push(
                &mut out,
                EntryData::Mood(MoodEntry {
                    recorded_at: at(date, 8 * 60 + i * 120),
                    stress: StressScore::new(rng.below(11) as u8).unwrap_or_else(|| unreachable!()),
                    mood: MoodLevel::Okay,
                    phq2: (i == 0).then_some([1, 1]),
                    gad2: None,
                    note: None,
                }),
            );
        }
        let diary = SleepDiary::new(SleepDiaryInput {
            into_bed: time(date, 22 * 60 + 30),
            tried_to_sleep: time(date, 23 * 60),
            minutes_to_fall_asleep: 20,
            awakenings: 2,
            minutes_awake_in_night: rng.below(90) as u32,
            final_waking: time(date, 30 * 60 + 30),
            out_of_bed: time(date, 31 * 60),
            quality: SleepQuality::Fair,
        })
        .unwrap_or_else(|e| unreachable!("{e}"));
        push(&mut out, EntryData::Sleep(SleepEntry { night_of: date, diary, note: None, tips_tried: Vec::new() }));
    }
    out
}

fn input(from: NaiveDate) -> PatternInput {
    PatternInput::new(dense_diary(), from, end(), end())
}

/// The floor: touch every entry once and sum a number from it.
fn bare_pass(input: &PatternInput) -> f64 {
    let mut sum = 0.0;
    for item in &input.entries {
        sum += match &item.data {
            EntryData::Pain(p) => f64::from(p.score.value()),
            EntryData::Dose(d) => d.amount,
            EntryData::Activity(a) => f64::from(a.minutes),
            EntryData::Mood(m) => f64::from(m.stress.value()),
            EntryData::Sleep(s) => s.diary.metrics().sleep_efficiency_pct,
            EntryData::Relaxation(r) => f64::from(r.minutes),
            EntryData::Withdrawal(w) => f64::from(u8::from(w.is_strong())),
            EntryData::Medication(_) => 0.0,
        };
    }
    sum
}

#[divan::bench]
fn bare_pass_2_years(bencher: divan::Bencher) {
    let input = input(start());
    bencher.bench(|| bare_pass(black_box(&input)));
}

#[divan::bench]
fn build_input_2_years(bencher: divan::Bencher) {
    let pairs = dense_diary();
    bencher.with_inputs(|| pairs.clone()).bench_values(|pairs| PatternInput::new(pairs, start(), end(), end()));
}

#[divan::bench]
fn compute_2_years(bencher: divan::Bencher) {
    let input = input(start());
    bencher.bench(|| compute(black_box(&input)));
}

#[divan::bench]
fn compute_last_90_days_of_2_years(bencher: divan::Bencher) {
    let input = input(end() - Days::new(89));
    bencher.bench(|| compute(black_box(&input)));
}

/// Median wall time of `runs` calls, in microseconds.
fn median_us(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn main() {
    divan::main();

    let whole = input(start());
    let recent = input(end() - Days::new(89));
    let entries = whole.entries.len();
    let bare = median_us(201, || {
        black_box(bare_pass(black_box(&whole)));
    });
    let full = median_us(41, || {
        black_box(compute(black_box(&whole)));
    });
    let days90 = median_us(41, || {
        black_box(compute(black_box(&recent)));
    });
    let p = compute(&whole);
    println!();
    println!("{entries} entries over {DAYS} days; {} findings, {} flags", p.findings.len(), p.flags.len());
    println!("bare pass over the entries: {bare:>9.0} µs");
    println!("compute, 2 years:           {full:>9.0} µs  = {:.0}× a bare pass", full / bare);
    println!("compute, last 90 days:      {days90:>9.0} µs  = {:.0}× a bare pass", days90 / bare);
    println!("aim ≤ 20 ms native for 2 years: {}", if full <= 20_000.0 { "met" } else { "NOT met" });
}
