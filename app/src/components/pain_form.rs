//! "Pain now": tap a score and it is saved (two taps from opening the app). Where it hurts and a
//! note are optional and update the same entry. Also the editor for a pain entry in the Diary.

use evenkeel_domain::diary::EntryKind;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::components::draft::{Draft, FieldMessage, SyncBadge};
use crate::components::score_buttons::ScoreButtons;
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
                    <div class="form-actions">
                        <button id="pain-done" type="button" class="button primary" on:click=done>"Done"</button>
                    </div>
                </div>
            })}
            <p class="form-error" role="alert">{move || draft.failure.get()}</p>
        </section>
    }
}
