//! The breathing pacer: choose a pattern and a length, then follow a shape that grows as you
//! breathe in and shrinks as you breathe out, with the phase in words ("Breathe in… 3"). With
//! reduced motion the words alone count. Soft tones and vibration are optional; the screen stays
//! on while it runs. A session of a minute or more is saved as relaxation practice.

use std::time::Duration;

use evenkeel_domain::FeelScore;
use evenkeel_domain::breathing::{BreathingPattern, Moment, Phase};
use evenkeel_domain::diary::{EntryData, RelaxationEntry};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;
use wasm_bindgen::JsValue;

use super::browser;
use super::feel::{FeelAfter, FeelBefore};
use crate::store::{Store, clock};

/// How often the count is redrawn: often enough that a new second shows at once.
const TICK: Duration = Duration::from_millis(200);

#[derive(Clone, Copy, PartialEq)]
enum Stage {
    Choosing,
    Running,
    /// Finished, with the saved entry (none when it was under a minute).
    Done(Option<Uuid>),
}

#[component]
pub fn Pacer(on_close: Callback<()>) -> impl IntoView {
    let store = Store::expect();
    let pattern = RwSignal::new(BreathingPattern::Relaxed);
    let minutes = RwSignal::new(1u32);
    let tones = RwSignal::new(false);
    let buzz = RwSignal::new(false);
    let feel_before = RwSignal::new(None::<u8>);
    let stage = RwSignal::new(Stage::Choosing);
    let reduced_motion = browser::prefers_reduced_motion();

    // The running session: when it started (for the clock and the entry) and where it is now.
    let started = StoredValue::new((0.0f64, clock::now()));
    let moment = RwSignal::new(None::<Moment>);
    let saved_minutes = RwSignal::new(0u16);
    let timer = StoredValue::new(None::<leptos::prelude::IntervalHandle>);
    let lock = StoredValue::new_local(None::<JsValue>);

    let stop_clock = move || {
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        timer.set_value(None);
        lock.update_value(|l| {
            if let Some(l) = l.take() {
                browser::release_wake_lock(&l);
            }
        });
    };

    let finish = move || {
        stop_clock();
        let (at, start_time) = started.get_value();
        let elapsed = js_sys::Date::now() - at;
        let minutes = (elapsed / 60_000.0).round() as u16;
        if elapsed < 60_000.0 || minutes == 0 {
            stage.set(Stage::Done(None));
            return;
        }
        let entry = RelaxationEntry {
            recorded_at: start_time,
            minutes,
            track_id: None,
            pattern: Some(pattern.get_untracked()),
            feel_before: feel_before.get_untracked().and_then(FeelScore::new),
            feel_after: None,
        };
        saved_minutes.set(minutes);
        spawn_local(async move {
            let id = store.save(None, &EntryData::Relaxation(entry)).await.ok();
            stage.set(Stage::Done(id));
        });
    };

    let start = move |_| {
        let chosen = pattern.get_untracked();
        let length = minutes.get_untracked();
        started.set_value((js_sys::Date::now(), clock::now()));
        moment.set(chosen.at(length, 0));
        stage.set(Stage::Running);
        if let Some(first) = chosen.at(length, 0) {
            cue(first, tones.get_untracked(), buzz.get_untracked());
        }
        let handle = set_interval_with_handle(
            move || {
                let elapsed = (js_sys::Date::now() - started.get_value().0).max(0.0) as u64;
                let now = chosen.at(length, elapsed);
                let before = moment.get_untracked();
                if let Some(m) = now.filter(|m| before.is_none_or(|b| (b.breath, b.index) != (m.breath, m.index))) {
                    cue(m, tones.get_untracked(), buzz.get_untracked());
                }
                if now.is_none() {
                    finish();
                } else if now != before {
                    moment.set(now);
                }
            },
            TICK,
        )
        .ok();
        timer.set_value(handle);
        spawn_local(async move {
            let got = browser::wake_lock().await;
            lock.set_value(got);
        });
    };
    on_cleanup(stop_clock);

    let choose = move || {
        view! {
            <h1>"Breathing pacer"</h1>
            <p class="hint">"Pick a pattern and a length. Breathe along with the circle, or with the words."</p>
            <h2 class="choice-label" id="pattern-label">"Pattern"</h2>
            <div class="choice-cards" id="pacer-patterns" role="group" aria-labelledby="pattern-label">
                {BreathingPattern::ALL
                    .into_iter()
                    .map(|p| {
                        view! {
                            <button
                                type="button"
                                class="choice-card"
                                data-pattern=p.as_str()
                                aria-pressed=move || (pattern.get() == p).to_string()
                                on:click=move |_| {
                                    pattern.set(p);
                                    if !p.lengths().contains(&minutes.get_untracked()) {
                                        minutes.set(p.lengths()[0]);
                                    }
                                }
                            >
                                <span class="choice-title">{p.name()}</span>
                                <span class="choice-what">{p.description()}</span>
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <h2 class="choice-label" id="length-label">"How long"</h2>
            <div class="segmented" id="pacer-length" role="group" aria-labelledby="length-label">
                {move || {
                    pattern
                        .get()
                        .lengths()
                        .iter()
                        .map(|&m| {
                            view! {
                                <button type="button" data-minutes=m.to_string() aria-pressed=move || (minutes.get() == m).to_string() on:click=move |_| minutes.set(m)>
                                    {if m == 1 { "1 min".to_owned() } else { format!("{m} min") }}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <div class="toggles">
                <label class="toggle"><input type="checkbox" id="pacer-tones" prop:checked=tones on:change=move |_| tones.update(|t| *t = !*t)/>" Soft tones"</label>
                <label class="toggle"><input type="checkbox" id="pacer-vibrate" prop:checked=buzz on:change=move |_| buzz.update(|b| *b = !*b)/>" Vibrate (where the phone can)"</label>
            </div>
            <FeelBefore selected=feel_before/>
            <button type="button" id="pacer-start" class="button primary wide" on:click=start>"Start"</button>
        }
    };

    let running = move || {
        let words = move || moment.get().map(|m| m.words()).unwrap_or_default();
        let phase_words = move || moment.get().map(|m| m.phase.words()).unwrap_or_default();
        let left = move || {
            let total = pattern.get_untracked().session_ms(minutes.get_untracked());
            let done = moment.get().map_or(total, |_| (js_sys::Date::now() - started.get_value().0).max(0.0) as u64);
            let secs = total.saturating_sub(done).div_ceil(1000);
            format!("{}:{:02} left", secs / 60, secs % 60)
        };
        // The shape eases to its next size over the whole phase, so it moves smoothly at any tick.
        let shape_style = move || {
            moment.get().map_or_else(String::new, |m| {
                format!("transform: scale({}); transition-duration: {}s", m.phase.scale_at_end(), m.seconds)
            })
        };
        view! {
            <h1>{move || pattern.get().name()}</h1>
            <div class="pacer" data-reduced-motion=reduced_motion.to_string()>
                {(!reduced_motion).then(|| view! { <div class="pacer-shape" id="pacer-shape" style=shape_style aria-hidden="true"></div> })}
                <p class="pacer-words" id="pacer-words" aria-hidden="true">{words}</p>
                // Phase changes only, politely: a count every second would drown a screen reader.
                <p class="visually-hidden" aria-live="polite">{phase_words}</p>
                <p class="pacer-left">{left}</p>
            </div>
            <button type="button" id="pacer-stop" class="button wide" on:click=move |_| finish()>"Stop"</button>
        }
    };

    let done = move |id: Option<Uuid>| {
        let message = if id.is_some() {
            format!(
                "Well done. {} of breathing saved to your diary.",
                clock::duration(i64::from(saved_minutes.get_untracked()))
            )
        } else {
            "Well done. Sessions under a minute aren't saved to your diary, but every breath counts.".to_owned()
        };
        view! {
            <h1>"Finished"</h1>
            <p class="done-message" id="pacer-done" role="status">{message}</p>
            {id.map(|id| view! { <FeelAfter entry=id/> })}
            <button type="button" class="button wide" on:click=move |_| stage.set(Stage::Choosing)>"Breathe again"</button>
            <button type="button" class="link-button" on:click=move |_| on_close.run(())>"Back to Relax"</button>
        }
    };

    view! {
        <div class="pacer-screen">
            <button type="button" class="back-button" on:click=move |_| on_close.run(())>"‹ Relax"</button>
            {move || match stage.get() {
                Stage::Choosing => choose().into_any(),
                Stage::Running => running().into_any(),
                Stage::Done(id) => done(id).into_any(),
            }}
        </div>
    }
}

/// The start of a phase: a soft tone rising or falling with the breath, and a short buzz.
fn cue(m: Moment, tones: bool, buzz: bool) {
    if tones {
        let seconds = f64::from(m.seconds);
        match m.phase {
            Phase::In => browser::tone(196.0, 247.0, seconds),
            Phase::Out => browser::tone(247.0, 196.0, seconds),
            Phase::HoldIn | Phase::HoldOut => {}
        }
    }
    if buzz {
        browser::vibrate(if m.phase == Phase::In { 80 } else { 40 });
    }
}
