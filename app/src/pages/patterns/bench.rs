//! `/patterns?bench=1`: times the pattern engine in the browser, on two years of dense made-up diary
//! held in memory (nothing is saved or sent). `tests/benches/patterns_wasm.rs` opens it in headless
//! Chromium and compares the figures with the same computation run natively.
//!
//! The diary is four demo patients' worth of `demo_weeks(2024-01-01, 104, seed)` for seeds 1–4 merged
//! into one (~29,000 entries); the native side builds exactly the same.

use chrono::{Days, NaiveDate};
use evenkeel_domain::patterns::demo::demo_weeks;
use evenkeel_domain::patterns::{PatternInput, compute};
use leptos::prelude::*;
use std::hint::black_box;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Runs of each case; the median is reported.
const RUNS: usize = 21;
const WEEKS: u32 = 104;
const SEEDS: [u64; 4] = [1, 2, 3, 4];

#[derive(Debug, Clone, PartialEq)]
struct Figures {
    entries: usize,
    input_ms: f64,
    whole_ms: f64,
    days90_ms: f64,
}

/// `performance.now()` (sub-millisecond where the browser allows), else `Date.now()`.
fn now_ms() -> f64 {
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &"performance".into())
        .ok()
        .and_then(|perf| {
            let now = js_sys::Reflect::get(&perf, &"now".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
            now.call0(&perf).ok()?.as_f64()
        })
        .unwrap_or_else(js_sys::Date::now)
}

fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = now_ms();
            f();
            now_ms() - t
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

fn run() -> Figures {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    let end = start.checked_add_days(Days::new(u64::from(WEEKS) * 7 - 1)).unwrap_or(start);
    let from90 = end.checked_sub_days(Days::new(89)).unwrap_or(end);
    let pairs: Vec<_> = SEEDS.iter().flat_map(|seed| demo_weeks(start, WEEKS, *seed)).collect();
    let input_ms = median_ms(|| {
        black_box(PatternInput::new(pairs.iter().cloned(), start, end, end));
    });
    let whole = PatternInput::new(pairs.iter().cloned(), start, end, end);
    let recent = PatternInput::new(pairs.iter().cloned(), from90, end, end);
    let whole_ms = median_ms(|| {
        black_box(compute(black_box(&whole)));
    });
    let days90_ms = median_ms(|| {
        black_box(compute(black_box(&recent)));
    });
    Figures { entries: whole.entries.len(), input_ms, whole_ms, days90_ms }
}

#[component]
pub fn Bench() -> impl IntoView {
    let figures = RwSignal::new(None::<Figures>);
    // Let "Measuring…" paint first.
    set_timeout(move || figures.set(Some(run())), Duration::from_millis(50));
    view! {
        <main class="page" data-page="patterns-bench">
            <h1>"Patterns timing"</h1>
            {move || match figures.get() {
                None => view! { <p id="bench-status">"Measuring…"</p> }.into_any(),
                Some(f) => view! {
                    <p id="bench-result" data-median-ms=format!("{:.3}", f.whole_ms)
                        data-median-90-ms=format!("{:.3}", f.days90_ms) data-input-ms=format!("{:.3}", f.input_ms)
                        data-entries=f.entries data-runs=RUNS>
                        {format!(
                            "compute over 2 years ({} entries): median {:.1} ms; last 90 days: {:.1} ms; building the input: {:.1} ms ({RUNS} runs each).",
                            f.entries, f.whole_ms, f.days90_ms, f.input_ms
                        )}
                    </p>
                }
                    .into_any(),
            }}
        </main>
    }
}
