//! Making a pacing plan: the activity, how it is measured, three tries on different days (how much
//! before it became too much), and the agreed step up. Shows the baseline as the numbers are typed.

use chrono::NaiveDate;
use evenkeel_domain::plan::pacing::{
    DEFAULT_INCREASE_PCT, PacingRequest, PacingTry, PacingUnit, amount, baseline, target,
};
use leptos::prelude::*;

use crate::store::clock;

#[component]
pub fn PacingForm(
    on_save: Callback<PacingRequest>,
    on_cancel: Callback<()>,
    #[prop(into)] problem: Signal<Option<String>>,
) -> impl IntoView {
    let activity = RwSignal::new(String::new());
    let unit = RwSignal::new(PacingUnit::Minutes);
    let days: [RwSignal<String>; 3] = std::array::from_fn(|i| {
        let day = clock::today().checked_sub_days(chrono::Days::new(3 - i as u64)).unwrap_or_default();
        RwSignal::new(day.to_string())
    });
    let amounts: [RwSignal<String>; 3] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let increase = RwSignal::new(DEFAULT_INCREASE_PCT.to_string());
    let local_problem = RwSignal::new(None::<String>);
    let request = move || PacingRequest {
        activity: activity.get(),
        unit: unit.get(),
        tries: (0..3)
            .map(|i| PacingTry {
                day: NaiveDate::parse_from_str(&days[i].get(), "%Y-%m-%d").unwrap_or_default(),
                amount: amounts[i].get().trim().replace(',', ".").parse().unwrap_or(0.0),
            })
            .collect(),
        increase_pct: increase.get().trim().parse().unwrap_or(0),
    };
    let preview = move || {
        let r = request();
        r.parse().ok().map(|r| {
            let base = baseline(&r.tries);
            format!(
                "Your baseline: {} {} (80% of the mean of your tries).",
                amount(target(base, r.increase_pct, 0, r.unit)),
                r.unit.words()
            )
        })
    };
    let save = move |_| match request().parse() {
        Ok(r) => {
            local_problem.set(None);
            on_save.run(r);
        }
        Err(e) => local_problem.set(Some(e.to_string())),
    };
    view! {
        <section class="log-form pacing-form" data-form="pacing" aria-labelledby="pacing-form-title">
            <button type="button" class="back-button" on:click=move |_| on_cancel.run(())>"‹ Back to My plan"</button>
            <h1 id="pacing-form-title">"A pacing plan"</h1>
            <p class="lead">"Try the activity on three different days and note how much you did before it became too much. The plan starts a little below that, so good days and bad days both fit."</p>
            <div class="field">
                <label for="pacing-activity">"Which activity?"</label>
                <input id="pacing-activity" type="text" maxlength="60" placeholder="Walking" autocomplete="off"
                    prop:value=move || activity.get() on:input=move |ev| activity.set(event_target_value(&ev))/>
            </div>
            <fieldset class="field">
                <legend>"Measured in"</legend>
                <div class="chips" role="radiogroup" aria-label="Measured in">
                    {PacingUnit::ALL.into_iter().map(|u| view! {
                        <button type="button" class="chip" role="radio" data-unit=u.as_str()
                            aria-checked=move || if unit.get() == u { "true" } else { "false" }
                            on:click=move |_| unit.set(u)>{u.words()}</button>
                    }).collect_view()}
                </div>
            </fieldset>
            {(0..3).map(|i| view! {
                <fieldset class="field pacing-try">
                    <legend>{format!("Try {}", i + 1)}</legend>
                    <label for=format!("try-day-{i}")>"Day"</label>
                    <input id=format!("try-day-{i}") type="date" prop:value=move || days[i].get() on:input=move |ev| days[i].set(event_target_value(&ev))/>
                    <label for=format!("try-amount-{i}")>{move || format!("How much ({})", unit.get().words())}</label>
                    <input id=format!("try-amount-{i}") type="text" inputmode="decimal" autocomplete="off"
                        prop:value=move || amounts[i].get() on:input=move |ev| amounts[i].set(event_target_value(&ev))/>
                </fieldset>
            }).collect_view()}
            <div class="field">
                <label for="pacing-increase">"Step up by (%)"</label>
                <input id="pacing-increase" type="text" inputmode="numeric" prop:value=move || increase.get()
                    on:input=move |ev| increase.set(event_target_value(&ev))/>
                <p class="hint">"Usually 10%, agreed with your project worker. The plan only steps up when you choose."</p>
            </div>
            <p class="hint" role="status" id="pacing-preview">{preview}</p>
            <p class="form-error" role="alert" id="pacing-error">{move || local_problem.get().or_else(|| problem.get())}</p>
            <div class="form-actions">
                <button id="pacing-save" type="button" class="button primary" on:click=save>"Save the plan"</button>
            </div>
        </section>
    }
}
