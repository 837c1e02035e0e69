//! `/patterns?bench=1`: times the pattern engine in the browser, on two years of dense made-up diary
//! held in memory (nothing is saved or sent). `tests/benches/patterns_wasm.rs` opens it in headless
//! Chromium and compares the figures with the same computation run natively.
//!
//! The diary is four demo patients' worth of `demo_weeks(2024-01-01, 104, seed)` for seeds 1–4 merged
//! into one (~29,000 entries); the native side builds exactly the same.

use evenkeel_domain::patterns::speed_check;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

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

#[component]
pub fn Bench() -> impl IntoView {
    let figures = RwSignal::new(None::<speed_check::Figures>);
    // Let "Measuring…" paint first.
    set_timeout(move || figures.set(Some(speed_check::run(now_ms))), Duration::from_millis(50));
    view! {
        <main class="page" data-page="patterns-bench">
            <h1>"Patterns timing"</h1>
            {move || match figures.get() {
                None => view! { <p id="bench-status">"Measuring…"</p> }.into_any(),
                Some(f) => view! {
                    <p id="bench-result" data-median-ms=format!("{:.3}", f.whole_ms)
                        data-median-90-ms=format!("{:.3}", f.days90_ms) data-input-ms=format!("{:.3}", f.input_ms)
                        data-entries=f.entries data-runs=speed_check::RUNS>
                        {format!(
                            "compute over 2 years ({} entries): median {:.1} ms; last 90 days: {:.1} ms; building the input: {:.1} ms ({} runs each).",
                            f.entries, f.whole_ms, f.days90_ms, f.input_ms, speed_check::RUNS
                        )}
                    </p>
                }
                    .into_any(),
            }}
        </main>
    }
}
