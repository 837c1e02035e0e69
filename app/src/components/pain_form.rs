//! "Pain now": tap a score and it is saved (two taps from opening the app). Where it hurts and a
//! note are optional and update the same entry. Also the editor for a pain entry in the Diary.

use evenkeel_domain::diary::EntryKind;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};

use crate::components::draft::{Draft, FieldMessage, SyncBadge};
use crate::components::score_buttons::ScoreButtons;
use crate::components::when_field::WhenField;
use crate::store::{Row, clock};

#[component]
pub fn PainForm(editing: Option<Row>, on_done: Callback<()>) -> impl IntoView {
    let draft = Draft::new(EntryKind::Pain, editing.as_ref());
    let score = Signal::derive(move || draft.get_u8("score"));

    let pick = Callback::new(move |n: u8| {
        if draft.get("recorded_at").is_none() {
            draft.set("recorded_at", Value::from(clock::now().to_rfc3339()));
        }
        draft.set("score", Value::from(n));
        spawn_local(async move {
            draft.save(&format!("Pain {n} saved")).await;
        });
    });
    // Done keeps anything typed: save the details first if there are any.
    let done = move |_| {
        let typed = draft.touched.with_untracked(|t| t.contains(&"where") || t.contains(&"note"));
        if !typed {
            return on_done.run(());
        }
        spawn_local(async move {
            if draft.save("Details saved").await {
                on_done.run(());
            }
        });
    };

    view! {
        <section class="log-form" data-form="pain" aria-labelledby="pain-title">
            <h1 id="pain-title">"How is your pain right now?"</h1>
            <ScoreButtons id="pain" label="Tap a number. It saves straight away." low="No pain" high="Worst imaginable" selected=score on_pick=pick/>
            {move || draft.id.get().map(|id| view! {
                <p class="saved-line" role="status">"Saved. " <SyncBadge id=id/></p>
                <div class="details">
                    <h2>"Anything to add? (optional)"</h2>
                    <div class="field">
                        <label for="pain-where">"Where it hurts"</label>
                        <input id="pain-where" type="text" autocomplete="off" aria-describedby="pain-where-error"
                            prop:value=move || draft.get_str("where")
                            on:input=move |ev| draft.set("where", Value::from(event_target_value(&ev)))/>
                        <FieldMessage id="pain-where-error".into() message=Signal::derive(move || draft.message_for("where"))/>
                    </div>
                    <div class="field">
                        <label for="pain-note">"Note"</label>
                        <textarea id="pain-note" rows="3" aria-describedby="pain-note-error"
                            prop:value=move || draft.get_str("note")
                            on:input=move |ev| draft.set("note", Value::from(event_target_value(&ev)))></textarea>
                        <FieldMessage id="pain-note-error".into() message=Signal::derive(move || draft.message_for("note"))/>
                    </div>
                    <WhenField draft=draft key="recorded_at" id="pain-when" label="When (if not just now)"/>
                    <PegQuestions draft=draft/>
                    <div class="form-actions">
                        <button id="pain-done" type="button" class="button primary" on:click=done>"Done"</button>
                    </div>
                </div>
            })}
            <p class="form-error" role="alert">{move || draft.failure.get()}</p>
        </section>
    }
}

/// The weekly PEG check-in (Krebs 2009): three 0–10 questions about the past week. They are kept on
/// this pain entry once all three are answered; the PEG score is their mean.
#[component]
fn PegQuestions(draft: Draft) -> impl IntoView {
    const KEYS: [&str; 3] = ["average", "enjoyment", "activity"];
    let stored = |key: &str| draft.get("peg").and_then(|p| p.get(key).and_then(Value::as_u64)).map(|n| n as u8);
    let answers = RwSignal::new(KEYS.map(stored));
    let pick = move |i: usize| {
        Callback::new(move |n: u8| {
            answers.update(|a| a[i] = Some(n));
            if let [Some(average), Some(enjoyment), Some(activity)] = answers.get_untracked() {
                draft.set("peg", json!({"average": average, "enjoyment": enjoyment, "activity": activity}));
                spawn_local(async move {
                    draft.save("Weekly check-in saved").await;
                });
            }
        })
    };
    let selected = move |i: usize| Signal::derive(move || answers.with(|a| a[i]));
    // The mean to one decimal place, in whole-number arithmetic (no float formatting in the wasm).
    let score = move || match answers.get() {
        [Some(a), Some(b), Some(c)] => {
            let tenths = ((u32::from(a) + u32::from(b) + u32::from(c)) * 100 / 3 + 5) / 10;
            Some(format!("Your weekly check-in score is {}.{} (the average of the three).", tenths / 10, tenths % 10))
        }
        _ => None,
    };
    view! {
        <details class="peg" id="peg">
            <summary>"Weekly check-in (optional): how has pain affected your week?"</summary>
            <ScoreButtons id="peg-average" compact=true
                label="What number best describes your pain on average in the past week?"
                low="No pain" high="Pain as bad as you can imagine" selected=selected(0) on_pick=pick(0)/>
            <ScoreButtons id="peg-enjoyment" compact=true
                label="What number best describes how, during the past week, pain has interfered with your enjoyment of life?"
                low="Does not interfere" high="Completely interferes" selected=selected(1) on_pick=pick(1)/>
            <ScoreButtons id="peg-activity" compact=true
                label="What number best describes how, during the past week, pain has interfered with your general activity?"
                low="Does not interfere" high="Completely interferes" selected=selected(2) on_pick=pick(2)/>
            <p class="peg-score" role="status">{score}</p>
        </details>
    }
}
