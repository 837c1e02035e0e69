//! The fixed workload the engine is timed on, shared by the app's `/patterns?bench=1` page (WASM)
//! and `tests/benches/patterns_wasm.rs` (native), so both time exactly the same work: two years of
//! dense diary — `demo_weeks(2024-01-01, 104, seed)` for seeds 1–4 merged (~29,000 entries). Only the
//! clock differs, and it is passed in (no clock is read here).

use std::hint::black_box;

use chrono::{Days, NaiveDate};

use super::demo::demo_weeks;
use super::{PatternInput, compute};

/// Runs of each case; the median is reported.
pub const RUNS: usize = 21;
pub const WEEKS: u32 = 104;
const SEEDS: [u64; 4] = [1, 2, 3, 4];

#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub entries: usize,
    /// Building the input (`PatternInput::new`) from the pairs.
    pub input_ms: f64,
    /// `compute` over the two years.
    pub whole_ms: f64,
    /// `compute` over the last 90 days of the same diary.
    pub days90_ms: f64,
}

/// Times each case `RUNS` times with `now_ms` (milliseconds from any fixed origin).
pub fn run(now_ms: impl Fn() -> f64) -> Figures {
    let median_ms = |f: &mut dyn FnMut()| {
        let mut times: Vec<f64> = (0..RUNS)
            .map(|_| {
                let t = now_ms();
                f();
                now_ms() - t
            })
            .collect();
        times.sort_by(f64::total_cmp);
        times[RUNS / 2]
    };
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    let end = start.checked_add_days(Days::new(u64::from(WEEKS) * 7 - 1)).unwrap_or(start);
    let from90 = end.checked_sub_days(Days::new(89)).unwrap_or(end);
    let pairs: Vec<_> = SEEDS.iter().flat_map(|seed| demo_weeks(start, WEEKS, *seed)).collect();
    let input_ms = median_ms(&mut || {
        black_box(PatternInput::new(pairs.iter().cloned(), start, end, end));
    });
    let whole = PatternInput::new(pairs.iter().cloned(), start, end, end);
    let recent = PatternInput::new(pairs.iter().cloned(), from90, end, end);
    let whole_ms = median_ms(&mut || {
        black_box(compute(black_box(&whole)));
    });
    let days90_ms = median_ms(&mut || {
        black_box(compute(black_box(&recent)));
    });
    Figures { entries: whole.entries.len(), input_ms, whole_ms, days90_ms }
}
