//! One pacing plan as a card: today's target (and, for the patient, the minutes logged so far
//! today), where the target comes from, and the choices that move it — step up, hold, step back —
//! for the patient and their worker. The app never moves it on its own.

use evenkeel_domain::plan::pacing::{PacingAction, PacingUnit, PacingView, amount, progress};
use leptos::prelude::*;

use crate::store::clock;

#[component]
pub fn PacingCard(
    plan: PacingView,
    /// Minutes of this activity logged today (the patient's own phone only).
    #[prop(optional)]
    done_today: Option<Signal<u32>>,
    /// Step up, hold or step back; absent for a carer.
    #[prop(optional)]
    on_step: Option<Callback<PacingAction>>,
) -> impl IntoView {
    let unit = plan.unit.words();
    let target = plan.target;
    // The card's title names the activity, so the line starts with what matters.
    let today = move || match done_today {
        Some(done) if plan.unit == PacingUnit::Minutes => capitalised(&progress(done.get(), target)),
        _ => format!("Today's target is {} {unit}.", amount(target)),
    };
    let next = if plan.next_target > plan.target {
        format!("One step up ({}%) would be {} {unit}.", plan.increase_pct, amount(plan.next_target))
    } else {
        format!("One step up ({}%) still rounds to {} {unit}.", plan.increase_pct, amount(plan.next_target))
    };
    let history = plan
        .history
        .iter()
        .rev()
        .map(|h| {
            format!(
                "{}: {} by {} ({} {unit})",
                clock::day_heading(h.at.date_naive()),
                h.action.label(),
                h.by_name,
                amount(h.target)
            )
        })
        .collect::<Vec<_>>();
    view! {
        <article class="card pacing" data-plan=plan.id.to_string()>
            <h3>{plan.activity.clone()}</h3>
            <p class="pacing-today" aria-live="polite">{today}</p>
            <details class="pacing-why">
                <summary>"Where does this come from?"</summary>
                <p>{plan.explained.clone()}</p>
                <ul class="pacing-history">{history.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}</ul>
            </details>
            {on_step.map(|step| view! {
                <p class="hint">{next}" It only changes when you choose."</p>
                <div class="entry-actions pacing-actions">
                    <button type="button" class="small-button" data-action="step_up" on:click=move |_| step.run(PacingAction::StepUp)>"Step up"</button>
                    <button type="button" class="small-button" data-action="hold" on:click=move |_| step.run(PacingAction::Hold)>"Stay here"</button>
                    <button type="button" class="small-button" data-action="step_back" on:click=move |_| step.run(PacingAction::StepBack)>"Step back"</button>
                </div>
            })}
        </article>
    }
}

fn capitalised(line: &str) -> String {
    let mut chars = line.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
