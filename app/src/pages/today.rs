//! Today: a greeting, the quick-log buttons (large, in thumb reach), a gentle "how is your pain
//! now?" after a dose, and today's entries with where each one is. A quick log opens its form in
//! place of the page, so "Pain now" then a score is two taps from opening the app.

use std::time::Duration;

use evenkeel_domain::diary::{EntryData, EntryKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::components::editor::{LogKind, Open};
use crate::components::entry_list::EntryList;
use crate::components::quick_forms::QuickForms;
use crate::components::score_buttons::ScoreButtons;
use crate::components::today_lines::TodayLines;
use crate::components::undo_toast::Undo;
use crate::session::Session;
use crate::store::describe::{self, dose_amount};
use crate::store::{Row, Store, clock};

/// Ask about pain after a dose once this long has passed.
const PAIN_AFTER_MS: f64 = 60.0 * 60.0 * 1000.0;
/// …but not about doses older than this (a prompt about yesterday's dose would be noise).
const PAIN_AFTER_UNTIL_MS: f64 = 12.0 * 60.0 * 60.0 * 1000.0;

#[component]
pub fn Today() -> impl IntoView {
    let session = Session::expect();
    let store = Store::expect();
    let now = js_sys::Date::new_0();
    let greeting = greeting_for_hour(now.get_hours());
    let date = clock::long_date(clock::today());
    // Worded exactly as the page's placeholder words it (app/html/patient.html).
    let greeting_line = move || match session.profile().map(|p| p.display_name).filter(|n| !n.is_empty()) {
        Some(name) => format!("{greeting}, {name}"),
        None => greeting.to_owned(),
    };
    let open = RwSignal::new(opened_by_link());
    let forms = QuickForms::expect();
    // Asked for a second after Today is drawn, while the person reads it (a thumb takes longer
    // than that to reach a button), or at once when a finger lands on the buttons: not sooner, so
    // its bytes never compete with Today's own.
    Effect::new(move |_| set_timeout(move || forms.prefetch(), Duration::from_secs(1)));
    if open.get_untracked().is_some() {
        // A reminder's link opened a form: it is wanted now.
        forms.fetch();
    }

    let meds = Memo::new(move |_| describe::medicines(&store.live(&[EntryKind::Medication])));
    let todays = Memo::new(move |_| {
        let today = clock::today();
        let mut rows: Vec<(String, Row)> = store
            .live_where(&[], |entry| describe::day_of(entry) == Some(today))
            .into_iter()
            .filter_map(|row| Some((describe::when(&row.entry()?)?.to_rfc3339(), row)))
            .collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0));
        rows.into_iter().map(|(_, row)| row).collect::<Vec<_>>()
    });
    let close = Callback::new(move |()| open.set(None));
    let on_edit = Callback::new(move |row: Row| open.set(LogKind::for_row(&row).map(|k| (k, Some(row)))));

    view! {
        <main class="page today" data-page="today">
            {move || match open.get() {
                Some((kind, editing)) => match forms.editor() {
                    Some(editor) => editor(kind, editing, "Back to Today", close),
                    None => view! { <FormsNotHere forms=forms on_back=close/> }.into_any(),
                },
                None => view! {
                    <h1>
                        <span class="greeting">{greeting_line}</span>
                        <span class="date">{date.clone()}</span>
                    </h1>
                    <p class="validate">"Pain is real, and it is worth tracking."</p>
                    {move || store.unavailable().then(|| view! {
                        <p class="form-error" role="alert">
                            "This browser isn't letting Even Keel keep your diary on the phone (it may be a private window). "
                            "Entries can't be saved here until that changes."
                        </p>
                    })}

                    <section class="quick-log" aria-labelledby="quick-log-title">
                        <h2 id="quick-log-title">"Log something"</h2>
                        <div class="quick-grid" on:pointerdown=move |_| forms.fetch()>
                            {LogKind::QUICK
                                .iter()
                                .map(|(kind, label, id)| {
                                    let kind = *kind;
                                    view! {
                                        <button
                                            type="button"
                                            id=*id
                                            class="button quick"
                                            on:click=move |_| {
                                                // At once when a keyboard opened it (no finger came first).
                                                forms.fetch();
                                                open.set(Some((kind, None)));
                                            }
                                        >
                                            {*label}
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </div>
                    </section>

                    // Below the buttons: these lines arrive with the network, and the buttons must
                    // not move away from a thumb that is reaching for them.
                    <TodayLines/>
                    // Below the lines from My plan (remembered, so in place from the first frame):
                    // on a phone's first open the prompt comes with the first sync, and there it
                    // moves nothing but the entries under it.
                    <PainAfterPrompt meds=meds/>

                    <section class="entries" aria-labelledby="entries-title">
                        <h2 id="entries-title">"Today's entries"</h2>
                        {move || {
                            // Until the first sync has brought the server's copy, an empty day
                            // on a new phone means "not here yet", not "nothing logged" (the
                            // offline banner says why, if it is the signal).
                            let coming = !store.loaded() || (todays.with(Vec::is_empty) && !store.caught_up());
                            if coming {
                                return view! { <p class="empty">"Opening your diary…"</p> }.into_any();
                            }
                            if todays.with(Vec::is_empty) {
                                return view! {
                                    <p class="empty">"Nothing logged yet today. Log your first pain score — it takes one tap."</p>
                                }
                                    .into_any();
                            }
                            view! { <EntryList rows=todays meds=meds on_edit=on_edit/> }.into_any()
                        }}
                    </section>
                }
                    .into_any(),
            }}
        </main>
    }
}

/// A form tapped before its module has arrived: a calm line while it comes, or, offline before
/// it was ever kept, what to do.
#[component]
fn FormsNotHere(forms: QuickForms, on_back: Callback<()>) -> impl IntoView {
    view! {
        <div class="editor">
            <button id="editor-back" type="button" class="back-button" on:click=move |_| on_back.run(())>
                "‹ Back to Today"
            </button>
            {move || if forms.failed() {
                view! {
                    // Worded as the service worker's page for a part never fetched (public/sw.js).
                    <div role="alert">
                        <h1>"This part needs a connection once"</h1>
                        <p>
                            "Even Keel keeps the forms for logging on your phone after they first arrive. "
                            "They haven't arrived yet, so they need signal or Wi-Fi this one time."
                        </p>
                        <p>"Nothing you have logged is affected: it is saved on this phone."</p>
                    </div>
                    <button type="button" class="button primary" on:click=move |_| forms.fetch()>"Try again"</button>
                }.into_any()
            } else {
                view! { <p class="empty" role="status">"Opening the form…"</p> }.into_any()
            }}
        </div>
    }
}

/// A reminder's notification opens Today on its form (`/?log=pain`, `dose` or `sleep`). The link
/// is then taken off the address, so Back or a reload shows Today itself.
fn opened_by_link() -> Open {
    let window = web_sys::window()?;
    let search = window.location().search().ok()?;
    let kind = match search.trim_start_matches('?').split('&').find_map(|p| p.strip_prefix("log="))? {
        "pain" => LogKind::Pain,
        "dose" => LogKind::Dose,
        "sleep" => LogKind::Sleep,
        _ => return None,
    };
    let _ = window.history().and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/")));
    Some((kind, None))
}

/// "How is your pain now?" for the latest dose taken at least an hour ago without a pain-after
/// score. One tap saves it to that dose. "Not now" hides it until the app is opened again.
#[component]
fn PainAfterPrompt(meds: Memo<describe::Medicines>) -> impl IntoView {
    let store = Store::expect();
    let undo = Undo::expect();
    let dismissed = RwSignal::new(Vec::<Uuid>::new());
    // Re-check every minute, so the prompt appears on its own when the hour is up.
    let tick = RwSignal::new(js_sys::Date::now());
    let timer = set_interval_with_handle(move || tick.set(js_sys::Date::now()), Duration::from_secs(60)).ok();
    on_cleanup(move || {
        if let Some(t) = timer {
            t.clear();
        }
    });

    let due = Memo::new(move |_| {
        let now = tick.get();
        let skipped = dismissed.get();
        let waiting = |entry: &EntryData| matches!(entry, EntryData::Dose(d) if d.pain_after.is_none());
        store
            .live_where(&[EntryKind::Dose], waiting)
            .into_iter()
            .filter_map(|row| match row.entry()? {
                EntryData::Dose(d) if d.pain_after.is_none() && !skipped.contains(&row.id) => {
                    let age = now - d.taken_at.as_datetime().timestamp_millis() as f64;
                    (PAIN_AFTER_MS..PAIN_AFTER_UNTIL_MS).contains(&age).then_some((row, d))
                }
                _ => None,
            })
            .max_by_key(|(_, d)| d.taken_at)
    });

    move || {
        due.get().map(|(row, dose)| {
            let id = row.id;
            let med = meds.with(|m| m.iter().find(|(mid, _)| *mid == dose.medication_id).map(|(_, m)| m.clone()));
            let what = med.as_ref().map_or_else(|| "your dose".to_owned(), |m| format!("{} {}", m.name, dose_amount(Some(m), dose.amount)));
            let question = format!("After your {what} at {}.", clock::clock(&dose.taken_at));
            let pick = Callback::new(move |n: u8| {
                let mut updated = dose.clone();
                updated.pain_after = evenkeel_domain::PainScore::new(n);
                let previous = Some(row.clone());
                spawn_local(async move {
                    if store.save(Some(id), &EntryData::Dose(updated)).await.is_ok() {
                        undo.offer(format!("Pain after saved: {n}"), id, EntryKind::Dose, previous);
                    }
                });
            });
            view! {
                <section class="card prompt" id="pain-after-prompt" aria-labelledby="prompt-title">
                    <h2 id="prompt-title">"How is your pain now?"</h2>
                    <ScoreButtons id="after" label=question low="No pain" high="Worst imaginable" selected=Signal::derive(|| None) on_pick=pick compact=true/>
                    <button type="button" class="link-button" on:click=move |_| dismissed.update(|d| d.push(id))>"Not now"</button>
                </section>
            }
        })
    }
}

fn greeting_for_hour(hour: u32) -> &'static str {
    match hour {
        5..=11 => "Good morning",
        12..=17 => "Good afternoon",
        18..=22 => "Good evening",
        // Awake in the small hours is common with pain: a plain hello, no comment on the time.
        _ => "Hello",
    }
}
