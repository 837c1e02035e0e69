//! An exercise plan as a card: each exercise with how much, which days and its note; for the
//! patient, today's exercises to tick off (each tap is saved) with pain before and after if they
//! like; and, once there are enough days, how pain before and after compared.

use evenkeel_domain::plan::exercise::{ExerciseDayRequest, ExercisePlanView, due_on};
use leptos::prelude::*;
use uuid::Uuid;

use crate::store::clock;

use crate::components::charts::WEEKDAYS as DAYS;

fn days_in_words(days: &[u8]) -> String {
    if days.len() == 7 {
        return "Every day".into();
    }
    days.iter().filter_map(|d| DAYS.get(usize::from(d.saturating_sub(1)))).copied().collect::<Vec<_>>().join(", ")
}

#[component]
pub fn ExerciseCard(
    plan: ExercisePlanView,
    /// Saving today's ticks; absent for anyone but the patient.
    #[prop(optional)]
    on_tick: Option<Callback<ExerciseDayRequest>>,
) -> impl IntoView {
    let today = clock::today();
    let saved = plan.days.iter().find(|d| d.day == today).cloned();
    let done = RwSignal::new(saved.as_ref().map(|d| d.done.clone()).unwrap_or_default());
    let before = RwSignal::new(saved.as_ref().and_then(|d| d.pain_before));
    let after = RwSignal::new(saved.as_ref().and_then(|d| d.pain_after));
    let send = move || {
        if let Some(tick) = on_tick {
            tick.run(ExerciseDayRequest {
                done: done.get_untracked(),
                pain_before: before.get_untracked(),
                pain_after: after.get_untracked(),
            });
        }
    };
    let toggle = move |id: Uuid| {
        done.update(|all| if all.contains(&id) { all.retain(|x| *x != id) } else { all.push(id) });
        send();
    };
    let plan_id = plan.id;
    let pain_select = move |which: &'static str, label: &'static str, value: RwSignal<Option<u8>>| {
        let (id, label_for) = (format!("exercise-pain-{which}-{plan_id}"), format!("exercise-pain-{which}-{plan_id}"));
        view! {
            <label class="pain-pick" for=label_for>{label}
                <select id=id on:change=move |ev| { value.set(event_target_value(&ev).parse().ok()); send(); }>
                    <option value="" selected=move || value.get().is_none()>"–"</option>
                    {(0..=10u8).map(|n| view! { <option value=n.to_string() selected=move || value.get() == Some(n)>{n.to_string()}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let due: Vec<(Uuid, String)> = due_on(&plan.exercises, today).into_iter().map(|e| (e.id, e.name.clone())).collect();
    let last_week = plan.days.iter().filter(|d| (today - d.day).num_days() < 7 && !d.done.is_empty()).count();
    view! {
        <article class="card exercise-plan" data-exercise-plan=plan.id.to_string()>
            <h3>{plan.title.clone()}</h3>
            <p class="hint">{format!("Written by {}", plan.written_by)}</p>
            <ul class="exercises">
                {plan.exercises.iter().map(|e| view! {
                    <li>
                        <strong>{e.name.clone()}</strong>
                        {(!e.amount.is_empty()).then(|| format!(": {}", e.amount))}
                        <span class="hint">{format!(" · {}", days_in_words(&e.days.to_vec()))}</span>
                        {(!e.note.is_empty()).then(|| view! { <p class="exercise-note">{e.note.clone()}</p> })}
                    </li>
                }).collect_view()}
            </ul>
            {on_tick.is_some().then(|| if due.is_empty() {
                view! { <p class="hint">"Nothing on this list for today."</p> }.into_any()
            } else {
                view! {
                    <fieldset class="exercise-today">
                        <legend>"Today, if it suits you"</legend>
                        <div class="chips">
                            {due.into_iter().map(|(id, name)| view! {
                                <button type="button" class="chip" data-exercise=id.to_string()
                                    aria-pressed=move || done.with(|d| d.contains(&id)).to_string()
                                    on:click=move |_| toggle(id)>{name}</button>
                            }).collect_view()}
                        </div>
                        <div class="pain-picks">
                            {pain_select("before", "Pain before ", before)}
                            {pain_select("after", "Pain after ", after)}
                        </div>
                    </fieldset>
                }.into_any()
            })}
            <p class="hint">{format!("Days with exercises in the last week: {last_week}")}</p>
            {plan.compared.clone().map(|c| view! { <p class="exercise-compared">{c}</p> })}
        </article>
    }
}
