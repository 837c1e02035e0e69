//! The medicine plan and requests to talk on a carer's or worker's page (with `plan`): the steps
//! read-only, each with its OME a day and the change from the step before (the server's figures,
//! nothing more); for a project worker, the patient's requests to talk, to mark seen, answer in a
//! line, and close.

use evenkeel_domain::plan::contact::{ContactPatch, ContactRequestView, ContactStatus};
use evenkeel_domain::plan::medicine::{
    MedicineChoice, MedicinePlanRequest, MedicinePlanView, PlanStep, StepAmount, WHOSE_PLAN, step_line,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::plan_api::PlanApi;

#[component]
pub fn SharedMedicine(patient: Uuid, is_worker: bool) -> impl IntoView {
    let api = PlanApi::expect();
    let plan = RwSignal::new(None::<Option<MedicinePlanView>>);
    let requests = RwSignal::new(Vec::<ContactRequestView>::new());
    let days = RwSignal::new(None::<evenkeel_domain::plan::medicine::PlanDays>);
    let medicines = RwSignal::new(Vec::<MedicineChoice>::new());
    let editing = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match api.medicine_plan(patient).await {
                Ok(reply) => {
                    medicines.set(reply.medicines);
                    plan.set(Some(reply.current));
                }
                Err(e) => problem.set(Some(e.message())),
            }
            if let Ok(all) = api.contact_requests(patient).await {
                requests.set(all);
            }
            if let Ok(d) = api.medicine_plan_days(patient).await {
                days.set(Some(d));
            }
        });
    };
    load();
    let answer = move |id: Uuid, patch: ContactPatch| {
        spawn_local(async move {
            match api.answer_request(id, &patch).await {
                Ok(_) => {
                    problem.set(None);
                    load();
                }
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };
    let request_card = move |r: ContactRequestView| {
        let id = r.id;
        let reply = RwSignal::new(String::new());
        let open = r.status != ContactStatus::Done;
        view! {
            <li class="card talk-request" data-status=format!("{:?}", r.status).to_lowercase()>
                <p><strong>{r.reason_label.clone()}</strong>" · "{r.age.clone()}{r.overdue.then_some(" · overdue")}</p>
                {(!r.note.is_empty()).then(|| view! { <p>{format!("“{}”", r.note)}</p> })}
                {(!r.good_times.is_empty()).then(|| view! { <p class="hint">{format!("Good times to call: {}", r.good_times)}</p> })}
                <p class="talk-status">{r.status_line.clone()}{r.reply.clone().map(|t| format!(": “{t}”"))}</p>
                {(is_worker && open).then(|| view! {
                    <div class="field">
                        <label for=format!("reply-{id}")>"Reply in a line"</label>
                        <input id=format!("reply-{id}") class="talk-reply-input" type="text" maxlength="200" autocomplete="off"
                            placeholder="I'll ring you tomorrow morning." prop:value=reply on:input=move |ev| reply.set(event_target_value(&ev))/>
                    </div>
                    <div class="entry-actions">
                        <button type="button" class="small-button talk-seen" on:click=move |_| answer(id, ContactPatch { seen: true, ..Default::default() })>"Mark seen"</button>
                        <button type="button" class="small-button talk-send-reply" on:click=move |_| answer(id, ContactPatch { reply: Some(reply.get_untracked()), ..Default::default() })>"Send reply"</button>
                        <button type="button" class="small-button talk-close" on:click=move |_| answer(id, ContactPatch { close: true, ..Default::default() })>"Close"</button>
                    </div>
                })}
            </li>
        }
    };
    view! {
        <h3>"Medicine plan"</h3>
        {move || plan.get().map(|p| match p {
            None => view! { <p class="empty" id="shared-medicine-plan">"No medicine plan recorded."</p> }.into_any(),
            Some(p) => view! {
                <div class="card medicine-plan" id="shared-medicine-plan">
                    <p class="hint">{format!("Prescribed by {}, agreed {}. Version {}, entered by {}.", p.prescriber, p.agreed_on.format("%-d %B %Y"), p.version, p.entered_by)}</p>
                    <ol class="steps">
                        {p.steps.iter().enumerate().map(|(i, s)| {
                            let ome = s.ome_mg.map_or_else(|| s.ome_note.clone().unwrap_or_default(), |mg| format!("{mg} mg OME a day"));
                            let change = s.change_pct.map(|c| format!(" ({c:+}%)")).unwrap_or_default();
                            view! { <li aria-current=(p.current == Some(i)).then_some("step")>{step_line(s)}<br/><span class="hint">{format!("{ome}{change}")}</span></li> }
                        }).collect_view()}
                    </ol>
                    {(!p.reason.is_empty()).then(|| view! { <p class="hint">{format!("Last change: {}", p.reason)}</p> })}
                    <p class="hint">{WHOSE_PLAN}</p>
                </div>
            }.into_any(),
        })}
        {move || days.with(|d| d.as_ref().map(crate::components::charts::medicine_plan::card))}
        {move || is_worker.then(|| if editing.get() {
            let saved = Callback::new(move |()| {
                editing.set(false);
                load();
            });
            view! { <PlanEditor patient=patient current=plan.get().flatten() medicines=medicines.get() on_saved=saved/> }.into_any()
        } else {
            let label = if plan.with(|p| matches!(p, Some(Some(_)))) { "Change the plan (a new version)" } else { "Enter the prescriber's plan" };
            view! { <button type="button" class="button secondary wide" id="edit-medicine-plan" on:click=move |_| editing.set(true)>{label}</button> }.into_any()
        })}
        <h3>"Requests to talk"</h3>
        {move || if requests.with(Vec::is_empty) {
            view! { <p class="empty">"None yet."</p> }.into_any()
        } else {
            view! { <ul class="talk-requests" id="talk-requests">{requests.get().into_iter().map(request_card).collect_view()}</ul> }.into_any()
        }}
        <p class="form-error" role="alert">{move || problem.get()}</p>
    }
}
/// A project worker enters the prescriber's plan, or a new version of it: who prescribed it, when it
/// was agreed, each step's start date and daily amount per medicine (what was prescribed), and why it
/// changed. The app adds nothing to what is typed: no suggested amounts, no "next step".
#[component]
fn PlanEditor(
    patient: Uuid,
    current: Option<MedicinePlanView>,
    medicines: Vec<MedicineChoice>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let api = PlanApi::expect();
    let is_change = current.is_some();
    let prescriber = RwSignal::new(current.as_ref().map(|p| p.prescriber.clone()).unwrap_or_default());
    let agreed = RwSignal::new(crate::store::clock::today().to_string());
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let meds = StoredValue::new(medicines);
    // Each step: its start date, and per medicine (in the list's order) the amount and how.
    type StepFields = (RwSignal<String>, Vec<(RwSignal<String>, RwSignal<String>)>);
    let blank = move || -> StepFields {
        (
            RwSignal::new(String::new()),
            meds.with_value(|m| {
                m.iter().map(|_| (RwSignal::new(String::new()), RwSignal::new(String::new()))).collect()
            }),
        )
    };
    let from_plan: Vec<StepFields> = current
        .as_ref()
        .map(|p| {
            p.steps
                .iter()
                .map(|s| {
                    let amounts = meds.with_value(|m| {
                        m.iter()
                            .map(|med| {
                                let a = s.amounts.iter().find(|a| a.medication_id == med.id);
                                (
                                    RwSignal::new(a.map(|a| a.daily_amount.to_string()).unwrap_or_default()),
                                    RwSignal::new(a.map(|a| a.how.clone()).unwrap_or_default()),
                                )
                            })
                            .collect()
                    });
                    (RwSignal::new(s.starts_on.to_string()), amounts)
                })
                .collect()
        })
        .unwrap_or_default();
    let steps = RwSignal::new(if from_plan.is_empty() { vec![blank()] } else { from_plan });
    let save = move |_| {
        let mut plan_steps = Vec::new();
        for (date, amounts) in steps.get_untracked() {
            let Some(starts_on) = evenkeel_domain::dates::parse_ymd(&date.get_untracked()) else {
                problem.set(Some("Each step needs its start date.".to_owned()));
                return;
            };
            let mut step_amounts = Vec::new();
            for (med, (amount, how)) in meds.get_value().iter().zip(amounts) {
                let text = amount.get_untracked();
                if text.trim().is_empty() {
                    continue;
                }
                let Ok(daily_amount) = text.trim().parse::<f64>() else {
                    problem.set(Some(format!("The amount for {} must be a number.", med.name)));
                    return;
                };
                step_amounts.push(StepAmount { medication_id: med.id, daily_amount, how: how.get_untracked() });
            }
            plan_steps.push(PlanStep { starts_on, amounts: step_amounts });
        }
        let Some(agreed_on) = evenkeel_domain::dates::parse_ymd(&agreed.get_untracked()) else {
            problem.set(Some("Please give the date the plan was agreed.".to_owned()));
            return;
        };
        let request = MedicinePlanRequest {
            prescriber: prescriber.get_untracked(),
            agreed_on,
            steps: plan_steps,
            review_dates: Vec::new(),
            reason: reason.get_untracked(),
        };
        spawn_local(async move {
            match api.save_medicine_plan(patient, &request).await {
                Ok(_) => {
                    problem.set(None);
                    on_saved.run(());
                }
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };
    view! {
        <form class="card plan-editor" id="plan-editor" on:submit=move |ev| ev.prevent_default()>
            <h4>{if is_change { "Change the medicine plan" } else { "Enter the medicine plan" }}</h4>
            <p class="hint">"Enter the steps exactly as the prescriber decided them. The app records them; it does not suggest amounts."</p>
            <div class="field">
                <label for="plan-prescriber">"Prescriber"</label>
                <input id="plan-prescriber" type="text" maxlength="80" autocomplete="off" placeholder="Dr Patel, Riverside Surgery"
                    prop:value=prescriber on:input=move |ev| prescriber.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="plan-agreed">"Agreed on"</label>
                <input id="plan-agreed" type="date" prop:value=agreed on:input=move |ev| agreed.set(event_target_value(&ev))/>
            </div>
            {move || steps.get().into_iter().enumerate().map(|(i, (date, amounts))| view! {
                <fieldset class="field plan-step" data-step=i>
                    <legend>{format!("Step {}", i + 1)}</legend>
                    <label for=format!("step-{i}-date")>"Starts on"</label>
                    <input id=format!("step-{i}-date") type="date" prop:value=date on:input=move |ev| date.set(event_target_value(&ev))/>
                    {meds.get_value().into_iter().zip(amounts).enumerate().map(|(k, (med, (amount, how)))| view! {
                        <label for=format!("step-{i}-amount-{k}")>{format!("{}: {} a day (leave empty if not in this step)", med.name, med.unit)}</label>
                        <input id=format!("step-{i}-amount-{k}") type="text" inputmode="decimal" prop:value=amount
                            on:input=move |ev| amount.set(event_target_value(&ev))/>
                        <label for=format!("step-{i}-how-{k}")>"How it is taken (optional)"</label>
                        <input id=format!("step-{i}-how-{k}") type="text" maxlength="80" placeholder="10 mg morning and evening" prop:value=how
                            on:input=move |ev| how.set(event_target_value(&ev))/>
                    }).collect_view()}
                </fieldset>
            }).collect_view()}
            <div class="entry-actions">
                <button type="button" class="small-button" id="plan-add-step" on:click=move |_| steps.update(|s| s.push(blank()))>"Add a step"</button>
                <button type="button" class="small-button" on:click=move |_| steps.update(|s| { if s.len() > 1 { s.pop(); } })>"Remove the last step"</button>
            </div>
            {is_change.then(|| view! {
                <div class="field">
                    <label for="plan-reason">"Why it changed (a pause, a slower step…)"</label>
                    <textarea id="plan-reason" rows="2" maxlength="300" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
            })}
            <p class="form-error" role="alert">{move || problem.get()}</p>
            <button type="button" class="button primary wide" id="plan-save" on:click=save>"Save this version"</button>
        </form>
    }
}
