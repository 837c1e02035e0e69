//! Writing or changing a goal, one question at a time in plain words, with a few gentle ideas for
//! making it specific and realistic (`evenkeel_domain::plan::goals::suggestions`). Saved on this
//! phone at once, sent when there is signal.

use chrono::NaiveDate;
use evenkeel_domain::plan::goals::{GoalStatus, GoalView, GoalWords, suggestions};
use leptos::prelude::*;

use crate::store::clock;

/// What the form produces: the words, checked with the server's rules.
#[component]
pub fn GoalForm(
    editing: Option<GoalView>,
    /// A worker suggesting a goal for someone else (different words on the buttons).
    #[prop(optional)]
    for_someone_else: bool,
    on_save: Callback<GoalWords>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let start = editing.as_ref().map(|g| g.words.clone());
    let what = RwSignal::new(start.as_ref().map(|w| w.what.clone()).unwrap_or_default());
    let why = RwSignal::new(start.as_ref().map(|w| w.why.clone()).unwrap_or_default());
    let step = RwSignal::new(start.as_ref().map(|w| w.first_step.clone()).unwrap_or_default());
    let days = RwSignal::new(start.as_ref().map_or(2, |w| w.days_per_week));
    let review = RwSignal::new(start.as_ref().and_then(|w| w.review_on).map(|d| d.to_string()).unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    let words = move || GoalWords {
        what: what.get(),
        why: why.get(),
        first_step: step.get(),
        days_per_week: days.get(),
        review_on: NaiveDate::parse_from_str(&review.get(), "%Y-%m-%d").ok(),
    };
    let ideas = Memo::new(move |_| suggestions(&words()));
    let save = move |_| match words().parse(clock::today()) {
        Ok(checked) => {
            problem.set(None);
            on_save.run(checked);
        }
        Err(e) => problem.set(Some(e.to_string())),
    };
    let (you, your) = if for_someone_else { ("they", "their") } else { ("you", "your") };
    let title = match (&editing, for_someone_else) {
        (Some(g), _) if g.status == GoalStatus::Proposed => "Change the suggestion",
        (Some(_), _) => "Change your goal",
        (None, true) => "Suggest a goal",
        (None, false) => "A new goal",
    };

    view! {
        <section class="log-form goal-form" data-form="goal" aria-labelledby="goal-form-title">
            <button type="button" class="back-button" on:click=move |_| on_cancel.run(())>"‹ Back to My plan"</button>
            <h1 id="goal-form-title">{title}</h1>
            <p class="lead">{format!("Take it at {your} own pace. Small and specific works best, and it can change later.")}</p>

            <div class="field">
                <label for="goal-what">{format!("What would {you} like to do?")}</label>
                <input id="goal-what" type="text" maxlength="200" autocomplete="off" placeholder="Walk to the park for 10 minutes"
                    prop:value=move || what.get() on:input=move |ev| what.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="goal-why">{format!("Why does it matter to {}? (optional)", if for_someone_else { "them" } else { "you" })}</label>
                <textarea id="goal-why" rows="2" maxlength="1000" prop:value=move || why.get()
                    on:input=move |ev| why.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="goal-step">"A small first step (optional)"</label>
                <input id="goal-step" type="text" maxlength="1000" autocomplete="off" prop:value=move || step.get()
                    on:input=move |ev| step.set(event_target_value(&ev))/>
            </div>
            <fieldset class="field">
                <legend>"On how many days a week?"</legend>
                <div class="chips days" role="radiogroup" aria-label="Days a week">
                    {(1..=7u8).map(|n| view! {
                        <button type="button" class="chip" role="radio" data-days=n
                            aria-checked=move || if days.get() == n { "true" } else { "false" }
                            on:click=move |_| days.set(n)>{n.to_string()}</button>
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="field">
                <label for="goal-review">"When to look at it again (optional)"</label>
                <input id="goal-review" type="date" prop:value=move || review.get()
                    on:input=move |ev| review.set(event_target_value(&ev))/>
            </div>

            {move || (!ideas.with(Vec::is_empty)).then(|| view! {
                <aside class="card ideas" aria-label="Ideas">
                    <h2>"Ideas, if they help"</h2>
                    <ul>{ideas.get().into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                </aside>
            })}

            <p class="form-error" role="alert" id="goal-error">{move || problem.get()}</p>
            <div class="form-actions">
                <button id="goal-save" type="button" class="button primary" on:click=save>
                    {if for_someone_else { "Send the suggestion" } else { "Save goal" }}
                </button>
            </div>
        </section>
    }
}
