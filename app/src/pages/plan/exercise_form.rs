//! Writing an exercise list: a name for it, then each exercise with how much, which days and a
//! note (from the physio, say).

use evenkeel_domain::plan::exercise::{Exercise, ExercisePlanRequest};
use evenkeel_domain::reminders::Weekdays;
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::charts::WEEKDAYS as DAYS;

#[derive(Clone, Copy)]
struct Row {
    id: Uuid,
    name: RwSignal<String>,
    amount: RwSignal<String>,
    days: RwSignal<Vec<i64>>,
    note: RwSignal<String>,
}

fn row() -> Row {
    Row {
        id: evenkeel_domain::ids::new_id(),
        name: RwSignal::new(String::new()),
        amount: RwSignal::new(String::new()),
        days: RwSignal::new((1..=7).collect()),
        note: RwSignal::new(String::new()),
    }
}

#[component]
pub fn ExerciseForm(
    on_save: Callback<ExercisePlanRequest>,
    on_cancel: Callback<()>,
    #[prop(into)] problem: Signal<Option<String>>,
) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let rows = RwSignal::new(vec![row()]);
    let local_problem = RwSignal::new(None::<String>);
    let save = move |_| {
        let exercises: Option<Vec<Exercise>> = rows
            .get_untracked()
            .iter()
            .filter(|r| !r.name.get_untracked().trim().is_empty())
            .map(|r| {
                Some(Exercise {
                    id: r.id,
                    name: r.name.get_untracked(),
                    amount: r.amount.get_untracked(),
                    days: Weekdays::parse(&r.days.get_untracked()).ok()?,
                    note: r.note.get_untracked(),
                })
            })
            .collect();
        let Some(exercises) = exercises else {
            local_problem.set(Some("Each exercise needs at least one day.".into()));
            return;
        };
        let request = ExercisePlanRequest { title: title.get_untracked(), exercises };
        match request.parse() {
            Ok(r) => {
                local_problem.set(None);
                on_save.run(r);
            }
            Err(e) => local_problem.set(Some(e.to_string())),
        }
    };
    view! {
        <section class="log-form exercise-form" data-form="exercise" aria-labelledby="exercise-form-title">
            <button type="button" class="back-button" on:click=move |_| on_cancel.run(())>"‹ Back to My plan"</button>
            <h1 id="exercise-form-title">"An exercise list"</h1>
            <p class="lead">"A few exercises, from your physio or your project worker. Tick them off on the day; a day without them is fine too."</p>
            <div class="field">
                <label for="exercise-title">"Name of the list"</label>
                <input id="exercise-title" type="text" maxlength="60" placeholder="Physio exercises" autocomplete="off"
                    prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
            </div>
            {move || rows.get().into_iter().enumerate().map(|(i, r)| view! {
                <fieldset class="field exercise-row">
                    <legend>{format!("Exercise {}", i + 1)}</legend>
                    <label for=format!("exercise-name-{i}")>"What"</label>
                    <input id=format!("exercise-name-{i}") type="text" maxlength="80" autocomplete="off" prop:value=move || r.name.get() on:input=move |ev| r.name.set(event_target_value(&ev))/>
                    <label for=format!("exercise-amount-{i}")>"How much"</label>
                    <input id=format!("exercise-amount-{i}") type="text" maxlength="60" placeholder="10 times, 2 sets" autocomplete="off" prop:value=move || r.amount.get() on:input=move |ev| r.amount.set(event_target_value(&ev))/>
                    <div class="chips days" role="group" aria-label="Which days">
                        {(1..=7i64).map(|d| view! {
                            <button type="button" class="chip" aria-pressed=move || r.days.with(|all| all.contains(&d)).to_string()
                                on:click=move |_| r.days.update(|all| if all.contains(&d) { all.retain(|x| *x != d) } else { all.push(d) })>
                                {DAYS[(d - 1) as usize]}
                            </button>
                        }).collect_view()}
                    </div>
                    <label for=format!("exercise-note-{i}")>"Note (optional)"</label>
                    <input id=format!("exercise-note-{i}") type="text" maxlength="300" autocomplete="off" prop:value=move || r.note.get() on:input=move |ev| r.note.set(event_target_value(&ev))/>
                </fieldset>
            }).collect_view()}
            <button type="button" class="button secondary" id="add-exercise-row" on:click=move |_| rows.update(|all| all.push(row()))>"Add another exercise"</button>
            <p class="form-error" role="alert" id="exercise-error">{move || local_problem.get().or_else(|| problem.get())}</p>
            <div class="form-actions">
                <button id="exercise-save" type="button" class="button primary" on:click=save>"Save the list"</button>
            </div>
        </section>
    }
}
