//! Activity or rest, for pacing: what, how long, how hard (activity only), whether a break was
//! taken, and how it felt afterwards. Quick choices as buttons; typing is optional.

use evenkeel_domain::diary::EntryKind;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::components::draft::{Draft, FieldMessage, SyncBadge};
use crate::store::{Row, clock};

const ACTIVITY_IDEAS: [&str; 5] = ["Walk", "Housework", "Shopping", "Exercises", "Cooking"];
const REST_IDEAS: [&str; 4] = ["Lie down", "Sit quietly", "Relaxation", "Nap"];
const MINUTES: [u32; 6] = [5, 10, 15, 20, 30, 60];

#[component]
pub fn ActivityForm(rest: bool, editing: Option<Row>, on_done: Callback<()>) -> impl IntoView {
    let draft = Draft::new(EntryKind::Activity, editing.as_ref());
    let is_edit = editing.is_some();
    if !is_edit {
        draft.fields.update(|f| {
            f.insert("kind".into(), Value::from(if rest { "rest" } else { "activity" }));
        });
    }
    let rest = draft.get_str("kind") == "rest";
    let ideas: &[&str] = if rest { &REST_IDEAS } else { &ACTIVITY_IDEAS };
    let (title, what_label) =
        if rest { ("Log a rest", "What kind of rest?") } else { ("Log an activity", "What did you do?") };

    let choice = move |key: &'static str, group: &'static str, options: &'static [(&'static str, &'static str)]| {
        view! {
            <div class="field">
                <p class="choice-label" id=format!("{key}-label")>{group}</p>
                <div class="chips" role="group" aria-labelledby=format!("{key}-label")>
                    {options
                        .iter()
                        .map(|(word, label)| {
                            let on = move || draft.get(key).is_some_and(|v| v == *word || v.as_bool().map(|b| b.to_string()) == Some((*word).into()));
                            let value = match *word {
                                "true" => Value::Bool(true),
                                "false" => Value::Bool(false),
                                w => Value::from(w),
                            };
                            view! {
                                <button type="button" class="chip" data-choice=format!("{key}-{word}") aria-pressed=move || on().to_string()
                                    on:click=move |_| draft.set(key, if on() { Value::Null } else { value.clone() })>
                                    {*label}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <FieldMessage id=format!("{key}-error") message=Signal::derive(move || draft.message_for(key))/>
            </div>
        }
    };

    let save = move |_| {
        if draft.get("started_at").is_none() {
            // Logged once it's over: it started that many minutes ago.
            let minutes = draft.get("minutes").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
            draft.fields.update(|f| {
                f.insert("started_at".into(), Value::from(clock::minutes_ago(minutes).to_rfc3339()));
            });
        }
        spawn_local(async move {
            if draft.save(if rest { "Rest saved" } else { "Activity saved" }).await {
                on_done.run(());
            }
        });
    };

    view! {
        <section class="log-form" data-form=if rest { "rest" } else { "activity" } aria-labelledby="activity-title">
            <h1 id="activity-title">{if is_edit { "Edit" } else { title }}</h1>
            <div class="field">
                <label for="activity-what">{what_label}</label>
                <div class="chips">
                    {ideas.iter().map(|idea| view! {
                        <button type="button" class="chip" aria-pressed=move || (draft.get_str("what") == *idea).to_string()
                            on:click=move |_| draft.set("what", Value::from(*idea))>{*idea}</button>
                    }).collect_view()}
                </div>
                <input id="activity-what" type="text" autocomplete="off" aria-describedby="what-error"
                    prop:value=move || draft.get_str("what")
                    on:input=move |ev| draft.set("what", Value::from(event_target_value(&ev)))/>
                <FieldMessage id="what-error".into() message=Signal::derive(move || draft.message_for("what"))/>
            </div>
            <div class="field">
                <label for="activity-minutes">"How long, in minutes?"</label>
                <div class="chips">
                    {MINUTES.iter().map(|m| view! {
                        <button type="button" class="chip" aria-pressed=move || (draft.get("minutes").and_then(|v| v.as_u64()) == Some(u64::from(*m))).to_string()
                            on:click=move |_| draft.set("minutes", Value::from(*m))>{clock::duration(i64::from(*m))}</button>
                    }).collect_view()}
                </div>
                <input id="activity-minutes" type="text" inputmode="numeric" aria-describedby="minutes-error"
                    prop:value=move || draft.get_str("minutes")
                    on:input=move |ev| draft.set_number_text("minutes", &event_target_value(&ev))/>
                <FieldMessage id="minutes-error".into() message=Signal::derive(move || draft.message_for("minutes"))/>
            </div>
            {(!rest).then(|| choice("effort", "How hard was it?", &[("light", "Light"), ("moderate", "Moderate"), ("hard", "Hard")]))}
            {(!rest).then(|| choice("rest_break_taken", "Did you take a break part-way?", &[("true", "Yes"), ("false", "No")]))}
            {choice("felt_after", "How do you feel now? (optional)", &[("better", "Better"), ("same", "About the same"), ("worse", "Worse")])}
            {move || draft.id.get().map(|id| view! { <p class="saved-line" role="status"><SyncBadge id=id/></p> })}
            <p class="form-error" role="alert">{move || draft.form_message()}</p>
            <div class="form-actions">
                <button id="activity-save" type="button" class="button primary" on:click=save>"Save"</button>
            </div>
        </section>
    }
}
