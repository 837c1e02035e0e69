//! "Took a dose": the person's medicines as big buttons with their usual amount; one tap saves the
//! dose, now. Then, optionally, why (chips) and pain/stress before — each tap updates the same
//! entry. Never a suggestion about how much, and no colour or wording about "too many".
//! Also the editor for a dose in the Diary (with the amount, time-independent, and pain after).

use evenkeel_domain::diary::{DoseReason, EntryData, EntryKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::components::draft::{Draft, FieldMessage, SyncBadge};
use crate::components::score_buttons::ScoreButtons;
use crate::components::when_field::WhenField;
use crate::store::describe::{self, dose_amount, usual_amount};
use crate::store::{Row, Store, clock};

const REASONS: [DoseReason; 7] = [
    DoseReason::Pain,
    DoseReason::StressOrWorry,
    DoseReason::LowMood,
    DoseReason::ToSleep,
    DoseReason::HabitOrRoutine,
    DoseReason::WithdrawalFeelings,
    DoseReason::Other,
];

#[component]
pub fn DoseForm(editing: Option<Row>, on_done: Callback<()>) -> impl IntoView {
    let store = Store::expect();
    let is_edit = editing.is_some();
    let draft = Draft::new(EntryKind::Dose, editing.as_ref());
    let meds = Memo::new(move |_| describe::medicines(&store.live(&[EntryKind::Medication])));

    let save_now = move |message: String| {
        spawn_local(async move {
            draft.save(&message).await;
        });
    };
    let take = move |med_id: uuid::Uuid, amount: f64, label: String| {
        draft.set("medication_id", Value::from(med_id.to_string()));
        draft.set("amount", Value::from(amount));
        draft.set("taken_at", Value::from(clock::now().to_rfc3339()));
        save_now(format!("Dose saved: {label}"));
    };
    let reasons = move || -> Vec<String> {
        draft.get("reasons").and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default()
    };
    let toggle = move |reason: DoseReason| {
        let mut list = reasons();
        let word = reason.as_str().to_owned();
        if let Some(i) = list.iter().position(|r| *r == word) {
            list.remove(i);
        } else {
            list.push(word);
        }
        draft.set("reasons", Value::from(list));
        save_now("Reason saved".into());
    };
    let score_setter = move |key: &'static str, what: &'static str| {
        Callback::new(move |n: u8| {
            // Tapping the chosen number again clears it.
            let value = if draft.get_u8(key) == Some(n) { Value::Null } else { Value::from(n) };
            draft.set(key, value);
            save_now(format!("{what} saved"));
        })
    };
    let done = move |_| {
        let typed = draft.touched.with_untracked(|t| t.contains(&"note") || t.contains(&"amount"));
        if !typed {
            return on_done.run(());
        }
        spawn_local(async move {
            if draft.save("Dose saved").await {
                on_done.run(());
            }
        });
    };

    let pick_medicine = move || {
        let list = meds.get();
        if list.is_empty() {
            return view! {
                <div class="card empty-state" id="no-medicines">
                    <p>"You haven't added any medicines yet. Add the ones you take, and they'll appear here as big buttons."</p>
                    <a class="button primary" id="add-first-medicine" href="/medicines">"Add a medicine"</a>
                </div>
            }
            .into_any();
        }
        view! {
            <p class="hint">"Tap the one you took. It saves straight away, with the time now."</p>
            <ul class="med-buttons">
                {list
                    .into_iter()
                    .map(|(id, med)| {
                        let amount = usual_amount(&med);
                        let label = format!("{} · {}", med.name, dose_amount(Some(&med), amount));
                        let saved_label = label.clone();
                        view! {
                            <li>
                                <button type="button" class="button med-button" data-medicine=id.to_string()
                                    on:click=move |_| take(id, amount, saved_label.clone())>
                                    <span class="med-name">{med.name.clone()}</span>
                                    <span class="med-amount">{dose_amount(Some(&med), amount)}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="small"><a href="/medicines">"Change my medicines"</a></p>
        }
        .into_any()
    };

    let details = move |id: uuid::Uuid| {
        let title = move || {
            let row = store.row(id)?;
            let meds = meds.get();
            match row.entry()? {
                EntryData::Dose(d) => Some(describe::describe(&EntryData::Dose(d), &meds).0),
                _ => None,
            }
        };
        view! {
            <p class="saved-line" role="status"><strong>{title}</strong>" " <SyncBadge id=id/></p>
            <div class="details">
                <h2 id="why-title">"Why did you take it? (optional)"</h2>
                <p class="hint">"Pick any that fit. There are no wrong answers."</p>
                <div class="chips" role="group" aria-labelledby="why-title">
                    {REASONS
                        .into_iter()
                        .map(|reason| {
                            let on = move || reasons().iter().any(|r| r == reason.as_str());
                            view! {
                                <button type="button" class="chip" data-reason=reason.as_str()
                                    aria-pressed=move || on().to_string() on:click=move |_| toggle(reason)>
                                    {reason.label()}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <ScoreButtons id="pain-before" label="Pain just before (optional)" low="No pain" high="Worst imaginable"
                    selected=Signal::derive(move || draft.get_u8("pain_before")) on_pick=score_setter("pain_before", "Pain before") compact=true/>
                <ScoreButtons id="stress-before" label="Stress or worry just before (optional)" low="None" high="Worst imaginable"
                    selected=Signal::derive(move || draft.get_u8("stress_before")) on_pick=score_setter("stress_before", "Stress before") compact=true/>
                {is_edit.then(|| view! {
                    <ScoreButtons id="pain-after" label="Pain afterwards (optional)" low="No pain" high="Worst imaginable"
                        selected=Signal::derive(move || draft.get_u8("pain_after")) on_pick=score_setter("pain_after", "Pain after") compact=true/>
                    <div class="field">
                        <label for="dose-amount">"Amount (mg, or mcg/h for a patch)"</label>
                        <input id="dose-amount" type="text" inputmode="decimal" aria-describedby="dose-amount-error"
                            prop:value=move || draft.get("amount").and_then(|v| v.as_f64()).map(describe::amount).unwrap_or_default()
                            on:change=move |ev| draft.set_number_text("amount", &event_target_value(&ev))/>
                        <FieldMessage id="dose-amount-error".into() message=Signal::derive(move || draft.message_for("amount"))/>
                    </div>
                })}
                <WhenField draft=draft key="taken_at" id="dose-when" label="When you took it (if not just now)"/>
                <div class="field">
                    <label for="dose-note">"Note (optional)"</label>
                    <textarea id="dose-note" rows="2" aria-describedby="dose-note-error"
                        prop:value=move || draft.get_str("note")
                        on:input=move |ev| draft.set("note", Value::from(event_target_value(&ev)))></textarea>
                    <FieldMessage id="dose-note-error".into() message=Signal::derive(move || draft.message_for("note"))/>
                </div>
                <div class="form-actions">
                    <button id="dose-done" type="button" class="button primary" on:click=done>"Done"</button>
                </div>
            </div>
        }
    };

    view! {
        <section class="log-form" data-form="dose" aria-labelledby="dose-title">
            <h1 id="dose-title">{if is_edit { "Your dose" } else { "Which medicine did you take?" }}</h1>
            {move || match draft.id.get() {
                None => pick_medicine().into_any(),
                Some(id) => details(id).into_any(),
            }}
            <p class="form-error" role="alert">{move || draft.failure.get()}</p>
        </section>
    }
}
