//! Relax: the breathing pacer, the relaxation tracks (kept on the phone to play with no signal,
//! listed first), Sleep, the Learn pages, and the minutes practised this week. The list of tracks is remembered on the
//! phone, so kept tracks show and play offline.

mod browser;
mod feel;
mod learn;
mod local;
mod pacer;
mod player;
mod sleep;

use chrono::Days;
use evenkeel_domain::EntryKind;
use evenkeel_domain::audio::{TrackKind, TrackView};
use evenkeel_domain::diary::EntryData;
use evenkeel_domain::relax_suggestions::{SuggestionKind, SuggestionView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::parts::reveal;
use crate::session::Session;
use crate::sharing_api::SharingApi;
use crate::store::{Store, clock, describe};
use learn::{LearnList, LearnPage};
use pacer::Pacer;
use player::Player;
use sleep::Sleep;

/// Where the last list of tracks is remembered.
const TRACKS_KEY: &str = "evenkeel.tracks";

#[derive(Clone, PartialEq)]
enum Open {
    Pacer,
    Track(TrackView),
    Sleep,
    Learn(&'static str),
}

/// A reminder's notification opens Relax on the pacer (`/relax?show=breathe`) or Sleep
/// (`?show=sleep`, the wind-down reminder).
fn opened_by_link() -> Option<Open> {
    let window = web_sys::window()?;
    let search = window.location().search().ok()?;
    let open = match search.trim_start_matches('?').split('&').find_map(|p| p.strip_prefix("show="))? {
        "breathe" => Open::Pacer,
        "sleep" => Open::Sleep,
        _ => return None,
    };
    // Taken off the address, so a reload shows Relax itself.
    let _ = window.history().and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/relax")));
    Some(open)
}

fn remembered() -> Vec<TrackView> {
    serde_json::from_str(&local::get(TRACKS_KEY)).unwrap_or_default()
}

fn remember(tracks: &[TrackView]) {
    if let Ok(json) = serde_json::to_string(tracks) {
        local::set(TRACKS_KEY, &json);
    }
}

#[component]
pub fn Relax() -> impl IntoView {
    let api = SharingApi::expect();
    let store = Store::expect();
    let open = RwSignal::new(opened_by_link());
    let tracks = RwSignal::new(remembered());
    // `None` until the phone has said which tracks it keeps (a few milliseconds): the list waits
    // for it, so it never reorders under a finger reaching for a track.
    let kept = RwSignal::new(None::<Vec<String>>);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<uuid::Uuid>);

    spawn_local(async move { kept.set(Some(browser::kept_paths().await)) });
    spawn_local(async move {
        match api.tracks().await {
            Ok(list) => {
                remember(&list);
                tracks.set(list);
            }
            Err(e) if tracks.with_untracked(Vec::is_empty) => problem.set(Some(e.message())),
            Err(_) => {} // offline: the remembered list stands
        }
    });
    reveal();

    // What the project worker suggested, once we know who is signed in (none offline).
    let suggestions = RwSignal::new(Vec::<SuggestionView>::new());
    let session = Session::expect();
    Effect::new(move |asked: Option<bool>| {
        if asked == Some(true) {
            return true;
        }
        let Some(me) = session.user().map(|u| u.id) else { return false };
        spawn_local(async move {
            if let Ok(list) = api.relax_suggestions(me).await {
                suggestions.set(list);
            }
        });
        true
    });
    let dismiss = move |id: uuid::Uuid| {
        suggestions.update(|all| all.retain(|s| s.id != id));
        spawn_local(async move {
            let _ = api.dismiss_suggestion(id).await;
        });
    };
    let open_suggestion = move |s: &SuggestionView| match s.item_kind {
        SuggestionKind::Track => {
            let track = tracks.with_untracked(|all| all.iter().find(|t| t.id.to_string() == s.item_id).cloned());
            if let Some(t) = track {
                open.set(Some(Open::Track(t)));
            }
        }
        SuggestionKind::Page => {
            if let Some(&(slug, ..)) = learn::PAGES.iter().find(|p| p.0 == s.item_id) {
                open.set(Some(Open::Learn(slug)));
            }
        }
    };

    let is_kept = move |t: &TrackView| kept.with(|k| k.as_ref().is_some_and(|k| k.contains(&t.audio_url)));
    let keep = move |t: TrackView| {
        busy.set(Some(t.id));
        problem.set(None);
        spawn_local(async move {
            if browser::keep_track(&t.audio_url, &t.transcript_url).await.is_err() {
                problem.set(Some(format!(
                    "\"{}\" couldn't be kept on this phone. It may be offline or out of space.",
                    t.title
                )));
            }
            kept.set(Some(browser::kept_paths().await));
            busy.set(None);
        });
    };
    let forget = move |t: TrackView| {
        spawn_local(async move {
            let _ = browser::forget_track(&t.audio_url, &t.transcript_url).await;
            kept.set(Some(browser::kept_paths().await));
        });
    };

    let this_week = Memo::new(move |_| {
        let since = clock::today().checked_sub_days(Days::new(6)).unwrap_or_default();
        store
            .live_where(&[EntryKind::Relaxation], |e| describe::day_of(e).is_some_and(|d| d >= since))
            .iter()
            .filter_map(|r| match r.entry() {
                Some(EntryData::Relaxation(s)) => Some(u32::from(s.minutes)),
                _ => None,
            })
            .sum::<u32>()
    });

    let list = move || {
        let mut sorted = if kept.with(Option::is_some) { tracks.get() } else { Vec::new() };
        // Kept tracks first: they are the ones that play anywhere.
        sorted.sort_by_key(|t| !is_kept(t));
        let kept_bytes: u64 = sorted.iter().filter(|t| is_kept(t)).map(|t| t.bytes).sum();
        view! {
            <h1>"Relax"</h1>
            <p class="validate">"A few calm minutes can ease how pain feels. There's no right way to do this."</p>
            {move || suggestions.get().into_iter().map(|s| {
                let (id, shown) = (s.id, s.clone());
                view! {
                    <section class="card suggestion" data-suggestion=s.item_id.clone() aria-label=format!("Suggested by {}", s.by_name)>
                        <p class="track-meta">{format!("Suggested by {}", s.by_name)}</p>
                        <h2>{s.title.clone()}</h2>
                        <div class="track-actions">
                            <button type="button" class="button primary open-suggestion" on:click=move |_| open_suggestion(&shown)>
                                {if s.item_kind == SuggestionKind::Track { "Play" } else { "Read" }}
                            </button>
                            <button type="button" class="link-button dismiss-suggestion" on:click=move |_| dismiss(id)>"Hide"</button>
                        </div>
                    </section>
                }
            }).collect_view()}
            <section class="card" aria-labelledby="breathe-title">
                <h2 id="breathe-title">"Breathe now"</h2>
                <p>"Follow a gentle pattern for one to five minutes. It works in silence and with no signal."</p>
                <button type="button" id="open-pacer" class="button primary wide" on:click=move |_| open.set(Some(Open::Pacer))>
                    "Breathing pacer"
                </button>
            </section>
            <section aria-labelledby="tracks-title">
                <h2 id="tracks-title">"Tracks"</h2>
                {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
                <ul class="track-list" id="track-list">
                    {sorted
                        .into_iter()
                        .map(|t| {
                            let here = is_kept(&t);
                            let id = t.id;
                            let (play, keep_it, forget_it) = (t.clone(), t.clone(), t.clone());
                            let meta = format!(
                                "{} min · {}{}",
                                t.minutes,
                                t.kind.label(),
                                if t.has_words { "" } else { " · no words" }
                            );
                            view! {
                                <li class="track-card" data-track=t.id.to_string() data-kept=here.to_string()>
                                    <h3>{t.title.clone()}</h3>
                                    <p class="track-meta">{meta}</p>
                                    <p class="track-text">{t.description.clone()}</p>
                                    <div class="track-actions">
                                        <button type="button" class="button primary play" on:click=move |_| open.set(Some(Open::Track(play.clone())))>
                                            "Play"
                                        </button>
                                        {if here {
                                            view! {
                                                <span class="kept-label">"✓ On this phone"</span>
                                                <button type="button" class="link-button forget" on:click=move |_| forget(forget_it.clone())>"Remove"</button>
                                            }
                                                .into_any()
                                        } else {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="button keep"
                                                    disabled=move || busy.get() == Some(id)
                                                    on:click=move |_| keep(keep_it.clone())
                                                >
                                                    {move || if busy.get() == Some(id) {
                                                        "Keeping…".to_owned()
                                                    } else {
                                                        format!("Keep on this phone ({})", browser::megabytes(keep_it.bytes as f64))
                                                    }}
                                                </button>
                                            }
                                                .into_any()
                                        }}
                                    </div>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                {(kept_bytes > 0).then(|| view! {
                    <p class="hint" id="kept-storage">{format!("Tracks kept on this phone use {}.", browser::megabytes(kept_bytes as f64))}</p>
                })}
            </section>
            <section class="card" aria-labelledby="sleep-title">
                <h2 id="sleep-title">"Sleep"</h2>
                <p>"Your sleep window, tips to try this week, and a bedtime routine."</p>
                <button type="button" id="open-sleep" class="button wide" on:click=move |_| open.set(Some(Open::Sleep))>"Sleep"</button>
            </section>
            <section aria-labelledby="learn-title">
                <h2 id="learn-title">"Learn"</h2>
                <LearnList on_open=Callback::new(move |slug| open.set(Some(Open::Learn(slug))))/>
            </section>
            <section class="card" aria-labelledby="practice-title">
                <h2 id="practice-title">"Your practice"</h2>
                <p id="practice-week">
                    {move || match this_week.get() {
                        0 => "Nothing logged in the last 7 days. Whenever you practise, it's noted here and in your diary.".to_owned(),
                        m => format!("{} of practice in the last 7 days.", clock::duration(i64::from(m))),
                    }}
                </p>
            </section>
        }
    };

    // Each view starts at its top, whatever was scrolled before (the page is the scroller).
    let scroller = NodeRef::<leptos::html::Main>::new();
    Effect::new(move |_| {
        open.track();
        if let Some(main) = scroller.get_untracked() {
            main.set_scroll_top(0);
        }
    });

    view! {
        <main class="page relax" data-page="relax" node_ref=scroller>
            {move || match open.get() {
                None => list().into_any(),
                Some(Open::Pacer) => view! { <Pacer on_close=Callback::new(move |()| open.set(None))/> }.into_any(),
                Some(Open::Track(t)) => view! { <Player track=t on_close=Callback::new(move |()| open.set(None))/> }.into_any(),
                Some(Open::Sleep) => {
                    // The bedtime track, if the list has it.
                    let wind_down = tracks.with_untracked(|all| all.iter().find(|t| t.kind == TrackKind::Bedtime).cloned());
                    let on_wind_down = wind_down.map(|t| Callback::new(move |()| open.set(Some(Open::Track(t.clone())))));
                    view! { <Sleep on_close=Callback::new(move |()| open.set(None)) on_wind_down=on_wind_down/> }.into_any()
                }
                Some(Open::Learn(slug)) => view! { <LearnPage slug=slug on_close=Callback::new(move |()| open.set(None))/> }.into_any(),
            }}
        </main>
    }
}
