//! Mood: stress 0–10 and five faces with words; optionally the PHQ-2 and GAD-2 questions (with the
//! copyright line). A positive screen is met kindly: support and UK crisis contacts, never a label.

use evenkeel_domain::diary::mood::{GAD2_ITEMS, PHQ_GAD_COPYRIGHT, PHQ2_ITEMS, SCREENER_ANSWERS, SCREENER_STEM};
use evenkeel_domain::diary::{EntryData, EntryKind, MoodLevel};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::components::crisis_support::CrisisSupport;
use crate::components::draft::{Draft, FieldMessage, SyncBadge};
use crate::components::score_buttons::ScoreButtons;
use crate::store::{Row, Store, clock};

const LEVELS: [MoodLevel; 5] =
    [MoodLevel::VeryLow, MoodLevel::Low, MoodLevel::Okay, MoodLevel::Good, MoodLevel::VeryGood];

/// A simple face: the mouth curves from down (very low) to up (very good).
fn mouth(level: MoodLevel) -> &'static str {
    match level {
        MoodLevel::VeryLow => "M8 17q4-4 8 0",
        MoodLevel::Low => "M8 16.5q4-2 8 0",
        MoodLevel::Okay => "M8 16h8",
        MoodLevel::Good => "M8 15.5q4 2 8 0",
        MoodLevel::VeryGood => "M8 15q4 4 8 0",
    }
}

#[component]
pub fn MoodForm(editing: Option<Row>, on_done: Callback<()>) -> impl IntoView {
    let store = Store::expect();
    let draft = Draft::new(EntryKind::Mood, editing.as_ref());
    let is_edit = editing.is_some();
    let positive = Memo::new(move |_| {
        let id = draft.id.get()?;
        match store.row(id)?.entry()? {
            EntryData::Mood(m) => Some(m.screen_positive()),
            _ => None,
        }
    });

    let answers = move |key: &'static str| -> [Option<u8>; 2] {
        let list: Vec<Option<u8>> = draft.get(key).and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
        [list.first().copied().flatten(), list.get(1).copied().flatten()]
    };
    let set_answer = move |key: &'static str, item: usize, value: u8| {
        let mut both = answers(key);
        both[item] = Some(value);
        // Only a complete pair is stored; half an answer stays on screen until the other is given.
        let json = match both {
            [Some(a), Some(b)] => Value::from(vec![a, b]),
            _ => Value::from(both.iter().map(|a| a.map_or(Value::Null, Value::from)).collect::<Vec<_>>()),
        };
        draft.set(key, json);
    };

    let question = move |key: &'static str, item: usize, text: &'static str| {
        let group = format!("{key}-{item}");
        view! {
            <div class="question" role="radiogroup" aria-labelledby=format!("{group}-label")>
                <p class="choice-label" id=format!("{group}-label")>{text}</p>
                <div class="chips answers">
                    {SCREENER_ANSWERS
                        .iter()
                        .enumerate()
                        .map(|(value, words)| {
                            let value = value as u8;
                            let checked = move || (answers(key)[item] == Some(value)).to_string();
                            view! {
                                <button type="button" role="radio" class="chip" data-answer=format!("{group}-{value}")
                                    aria-checked=checked on:click=move |_| set_answer(key, item, value)>
                                    {*words}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
        }
    };

    let save = move |_| {
        if draft.get("recorded_at").is_none() {
            draft.fields.update(|f| {
                f.insert("recorded_at".into(), Value::from(clock::now().to_rfc3339()));
            });
        }
        // Half-answered questions are left out rather than blocking the save.
        for key in ["phq2", "gad2"] {
            if answers(key).iter().any(Option::is_none) {
                draft.fields.update(|f| {
                    f.remove(key);
                });
            }
        }
        spawn_local(async move {
            if !draft.save("Mood saved").await {
                return;
            }
            if positive.get_untracked().unwrap_or(false) {
                // Bring the support card into view at once: it must not sit unseen below the fold.
                request_animation_frame(|| {
                    let card = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.get_element_by_id("crisis-support"));
                    if let Some(card) = card {
                        card.scroll_into_view();
                    }
                });
            } else {
                on_done.run(());
            }
        });
    };

    view! {
        <section class="log-form" data-form="mood" aria-labelledby="mood-title">
            <h1 id="mood-title">{if is_edit { "Your mood check-in" } else { "How are you feeling?" }}</h1>
            <div class="field">
                <p class="choice-label" id="mood-label">"Your mood right now"</p>
                <div class="faces" role="radiogroup" aria-labelledby="mood-label">
                    {LEVELS
                        .into_iter()
                        .map(|level| {
                            let checked = move || (draft.get_str("mood") == level.as_str()).to_string();
                            view! {
                                <button type="button" role="radio" class="face" data-mood=level.as_str() aria-checked=checked
                                    on:click=move |_| draft.set("mood", Value::from(level.as_str()))>
                                    <svg viewBox="0 0 24 24" width="40" height="40" aria-hidden="true" focusable="false" fill="none"
                                        stroke="currentColor" stroke-width="1.6" stroke-linecap="round">
                                        <circle cx="12" cy="12" r="9.5"/>
                                        <path d="M9 10h.01M15 10h.01" stroke-width="2.4"/>
                                        <path d=mouth(level)/>
                                    </svg>
                                    <span>{level.label()}</span>
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <FieldMessage id="mood-error".into() message=Signal::derive(move || draft.message_for("mood"))/>
            </div>
            <ScoreButtons id="stress" label="How stressed or worried do you feel?" low="Not at all" high="Worst imaginable"
                selected=Signal::derive(move || draft.get_u8("stress"))
                on_pick=Callback::new(move |n: u8| draft.set("stress", Value::from(n)))/>
            <FieldMessage id="stress-error".into() message=Signal::derive(move || draft.message_for("stress"))/>

            <details class="screeners" id="screeners">
                <summary>"Two-week check-in questions (optional)"</summary>
                <p class="hint">{SCREENER_STEM}</p>
                {question("phq2", 0, PHQ2_ITEMS[0])}
                {question("phq2", 1, PHQ2_ITEMS[1])}
                {question("gad2", 0, GAD2_ITEMS[0])}
                {question("gad2", 1, GAD2_ITEMS[1])}
                <p class="small copyright">{PHQ_GAD_COPYRIGHT}</p>
            </details>

            <p class="form-error" role="alert">{move || draft.form_message()}</p>
            {move || draft.id.get().map(|id| view! { <p class="saved-line" role="status">"Saved. " <SyncBadge id=id/></p> })}
            {move || (positive.get() == Some(true)).then(|| view! {
                <CrisisSupport/>
                <div class="form-actions">
                    <button id="mood-done" type="button" class="button primary" on:click=move |_| on_done.run(())>"Done"</button>
                </div>
            })}
            <div class="form-actions" hidden=move || positive.get() == Some(true)>
                <button id="mood-save" type="button" class="button primary" on:click=save>"Save"</button>
            </div>
        </section>
    }
}
