//! The player: a real `<audio>` element (it keeps playing with the screen locked; `preload="none"`,
//! so opening the player costs no data: the length comes from the track list), lock-screen
//! controls, play and pause, back 15 seconds, the position, a gentle fade in and out, the words one
//! tap away, and a sleep timer for bedtime tracks. Listening for a minute or more is saved as
//! practice when the track ends or the person leaves it.

use evenkeel_domain::FeelScore;
use evenkeel_domain::audio::TrackView;
use evenkeel_domain::diary::{EntryData, RelaxationEntry};
use leptos::html::Audio;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;
use wasm_bindgen::prelude::Closure;

use super::browser;
use super::feel::{FeelAfter, FeelBefore};
use crate::store::{Store, clock};

/// Seconds of fade at the start and the end, and before a sleep timer stops.
const FADE_SECS: f64 = 4.0;
const BACK_SECS: f64 = 15.0;
const SLEEP_TIMER_MINUTES: [u32; 4] = [15, 30, 45, 60];

fn clock_time(seconds: f64) -> String {
    let s = seconds.max(0.0) as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

#[component]
pub fn Player(track: TrackView, on_close: Callback<()>) -> impl IntoView {
    let store = Store::expect();
    let audio = NodeRef::<Audio>::new();
    let playing = RwSignal::new(false);
    let position = RwSignal::new(0.0f64);
    let duration = track.duration_ms as f64 / 1000.0;
    let show_words = RwSignal::new(false);
    let words = RwSignal::new(None::<String>);
    let sleep_at = RwSignal::new(None::<f64>);
    let feel_before = RwSignal::new(None::<u8>);
    // Seconds actually listened (not skipped), when this listening began, and the saved entry.
    let listened = StoredValue::new(0.0f64);
    let last_time = StoredValue::new(None::<f64>);
    let began = StoredValue::new(clock::now());
    let saved = RwSignal::new(None::<(Uuid, u16)>);

    let save_practice = move || {
        let seconds = listened.get_value();
        if saved.get_untracked().is_some() || seconds < 60.0 {
            return;
        }
        let minutes = (seconds / 60.0).round().max(1.0) as u16;
        let entry = RelaxationEntry {
            recorded_at: began.get_value(),
            minutes,
            track_id: Some(track.id),
            pattern: None,
            feel_before: feel_before.get_untracked().and_then(FeelScore::new),
            feel_after: None,
        };
        spawn_local(async move {
            if let Ok(id) = store.save(None, &EntryData::Relaxation(entry)).await {
                saved.set(Some((id, minutes)));
            }
        });
    };

    let play = move || {
        if let Some(a) = audio.get_untracked() {
            if listened.get_value() == 0.0 {
                began.set_value(clock::now());
            }
            a.set_volume(if a.current_time() < FADE_SECS { 0.0 } else { 1.0 });
            let _ = a.play();
        }
    };
    let pause = move || {
        if let Some(a) = audio.get_untracked() {
            let _ = a.pause();
        }
    };
    let back = move || {
        if let Some(a) = audio.get_untracked() {
            a.set_current_time((a.current_time() - BACK_SECS).max(0.0));
        }
    };

    // Lock-screen and headphone buttons; the closures live as long as the page.
    let (on_play, on_pause, on_back) =
        (Closure::<dyn Fn()>::new(play), Closure::<dyn Fn()>::new(pause), Closure::<dyn Fn()>::new(back));
    browser::media_session(&track.title, &on_play, &on_pause, &on_back);
    on_play.forget();
    on_pause.forget();
    on_back.forget();

    let on_time = move |_| {
        let Some(a) = audio.get_untracked() else { return };
        let now = a.current_time();
        // Count only time that played through (a seek is a jump, not listening).
        if let Some(before) = last_time.get_value() {
            let step = now - before;
            if (0.0..2.0).contains(&step) {
                listened.update_value(|l| *l += step);
            }
        }
        last_time.set_value(Some(now));
        position.set(now);
        let end = if a.duration().is_finite() { a.duration() } else { duration };
        let mut volume = (now / FADE_SECS).min((end - now) / FADE_SECS).clamp(0.0, 1.0);
        if let Some(stop_at) = sleep_at.get_untracked() {
            let left = (stop_at - js_sys::Date::now()) / 1000.0;
            volume = volume.min((left / FADE_SECS).clamp(0.0, 1.0));
            if left <= 0.0 {
                sleep_at.set(None);
                let _ = a.pause();
            }
        }
        a.set_volume(volume);
    };

    let transcript_url = track.transcript_url.clone();
    let toggle_words = move |_| {
        show_words.update(|s| *s = !*s);
        if words.get_untracked().is_none() {
            let url = transcript_url.clone();
            spawn_local(async move {
                let text = match browser::kept_text(&url).await {
                    Some(t) => Some(t),
                    None => match gloo_net::http::Request::get(&url).send().await {
                        Ok(r) if r.ok() => r.text().await.ok(),
                        _ => None,
                    },
                };
                words.set(Some(text.unwrap_or_else(|| {
                    "The words can't be loaded without a connection. Keep the track on this phone to have them offline.".into()
                })));
            });
        }
    };

    on_cleanup(save_practice);
    let for_sleep = track.kind.is_for_sleep();
    let has_words = track.has_words;

    view! {
        <div class="player">
            <button type="button" class="back-button" on:click=move |_| { save_practice(); on_close.run(()) }>"‹ Relax"</button>
            <h1 id="player-title">{track.title.clone()}</h1>
            <p class="hint">{track.description.clone()}</p>
            <audio
                node_ref=audio
                id="player-audio"
                preload="none"
                src=track.audio_url.clone()
                on:play=move |_| playing.set(true)
                on:pause=move |_| { playing.set(false); last_time.set_value(None); }
                on:timeupdate=on_time
                on:ended=move |_| { playing.set(false); save_practice(); }
            ></audio>
            {move || (listened.get_value() == 0.0 && !playing.get()).then(|| view! { <FeelBefore selected=feel_before/> })}
            <div class="player-controls">
                <button type="button" id="player-back" class="button round" aria-label="Back 15 seconds" on:click=move |_| back()>"↺ 15"</button>
                <button
                    type="button"
                    id="player-play"
                    class="button primary round big"
                    aria-label=move || if playing.get() { "Pause" } else { "Play" }
                    on:click=move |_| if playing.get_untracked() { pause() } else { play() }
                >
                    {move || if playing.get() { "❚❚" } else { "▶" }}
                </button>
            </div>
            <label class="player-position">
                <span class="visually-hidden">"Position"</span>
                <input
                    type="range"
                    id="player-seek"
                    min="0"
                    max=duration.to_string()
                    step="1"
                    prop:value=move || position.get().to_string()
                    on:change=move |ev| {
                        if let (Some(a), Ok(to)) = (audio.get_untracked(), event_target_value(&ev).parse::<f64>()) {
                            a.set_current_time(to);
                            last_time.set_value(None);
                        }
                    }
                />
                <span class="player-time" id="player-time">{move || format!("{} / {}", clock_time(position.get()), clock_time(duration))}</span>
            </label>
            {for_sleep.then(|| view! {
                <label class="field">
                    <span>"Sleep timer"</span>
                    <select id="player-sleep" on:change=move |ev| {
                        let minutes: f64 = event_target_value(&ev).parse().unwrap_or(0.0);
                        sleep_at.set((minutes > 0.0).then(|| js_sys::Date::now() + minutes * 60_000.0));
                    }>
                        <option value="0">"Off: play to the end"</option>
                        {SLEEP_TIMER_MINUTES.iter().map(|m| view! { <option value=m.to_string()>{format!("Stop after {m} minutes")}</option> }).collect_view()}
                    </select>
                </label>
            })}
            <button type="button" id="player-words" class="link-button" aria-expanded=move || show_words.get().to_string() on:click=toggle_words>
                {move || match (show_words.get(), has_words) {
                    (true, _) => "Hide the words",
                    (false, true) => "Read the words",
                    (false, false) => "Read what you'll hear",
                }}
            </button>
            {move || show_words.get().then(|| view! {
                <section class="transcript card" id="player-transcript" aria-label="The words of this track">
                    {move || words.get().unwrap_or_else(|| "Loading…".into()).split("\n\n").map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}
                </section>
            })}
            {move || saved.get().map(|(id, minutes)| view! {
                <p class="done-message" id="player-saved" role="status">
                    {format!("{} of practice saved to your diary.", clock::duration(i64::from(minutes)))}
                </p>
                <FeelAfter entry=id/>
            })}
        </div>
    }
}
