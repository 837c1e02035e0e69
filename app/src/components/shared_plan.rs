//! A patient's plan on their carer's or worker's page: their goals read-only (with the `goals`
//! scope), the session summaries (with `notes`), and for a project worker a goal to suggest and a
//! summary to write after a session.

use evenkeel_domain::plan::goals::{GoalView, GoalWords};
use evenkeel_domain::plan::pacing::{PacingAction, PacingView};
use evenkeel_domain::plan::services::{ReferralRequest, ReferralStatus, ReferralView, ServiceView};
use evenkeel_domain::plan::summaries::{Summary, SummaryRequest, SummaryView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::components::exercise_card::ExerciseCard;
use crate::components::goal_card::GoalCard;
use crate::components::pacing_card::PacingCard;
use crate::components::plan_summaries::SummaryList;
use crate::components::service_card::ReferralCard;
use crate::components::shared_medicine::SharedMedicine;
use crate::pages::plan::goal_form::GoalForm;
use crate::plan_api::PlanApi;
use crate::store::clock;

#[component]
pub fn SharedPlan(patient: Uuid, name: String, goals: bool, plan: bool, notes: bool, is_worker: bool) -> impl IntoView {
    let api = PlanApi::expect();
    let list = RwSignal::new(None::<Vec<GoalView>>);
    let summaries = RwSignal::new(None::<Vec<SummaryView>>);
    let pacing = RwSignal::new(None::<Vec<PacingView>>);
    let referrals = RwSignal::new(None::<Vec<ReferralView>>);
    let exercise = RwSignal::new(None::<Vec<evenkeel_domain::plan::exercise::ExercisePlanView>>);
    let problem = RwSignal::new(None::<String>);
    let suggesting = RwSignal::new(false);
    let load = move || {
        spawn_local(async move {
            if goals {
                match api.goals(patient).await {
                    Ok(all) => list.set(Some(all)),
                    Err(e) => problem.set(Some(e.message())),
                }
            }
            if plan {
                match api.pacing(patient).await {
                    Ok(all) => pacing.set(Some(all)),
                    Err(e) => problem.set(Some(e.message())),
                }
                match api.exercise_plans(patient).await {
                    Ok(all) => exercise.set(Some(all)),
                    Err(e) => problem.set(Some(e.message())),
                }
                match api.referrals(patient).await {
                    Ok(all) => referrals.set(Some(all)),
                    Err(e) => problem.set(Some(e.message())),
                }
            }
            if notes {
                match api.summaries(patient).await {
                    Ok(all) => summaries.set(Some(all)),
                    Err(e) => problem.set(Some(e.message())),
                }
            }
        });
    };
    load();
    let suggest = Callback::new(move |words: GoalWords| {
        spawn_local(async move {
            match api.propose(patient, &words).await {
                Ok(_) => {
                    suggesting.set(false);
                    load();
                }
                Err(e) => problem.set(Some(e.message())),
            }
        });
    });
    // A project worker agrees each step with the patient; a carer reads.
    let step = move |id: Uuid, action: PacingAction| {
        spawn_local(async move {
            match api.step(patient, id, action).await {
                Ok(_) => load(),
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };
    let first = name.split_whitespace().next().unwrap_or(&name).to_owned();
    let empty_goals = format!("{first} has no goals yet.");

    view! {
        <section class="shared-plan" id="shared-plan" aria-labelledby="shared-plan-title">
            <h2 id="shared-plan-title">"Plan"</h2>
            <p class="form-error" role="alert">{move || problem.get()}</p>
            {goals.then(|| view! {
                <h3>"Goals"</h3>
                {move || match list.get() {
                    None => view! { <p class="empty">"Opening…"</p> }.into_any(),
                    Some(all) if all.is_empty() => view! { <p class="empty">{empty_goals.clone()}</p> }.into_any(),
                    Some(all) => view! {
                        <div class="goal-list" id="shared-goals">{all.into_iter().map(|g| view! { <GoalCard goal=g/> }).collect_view()}</div>
                    }.into_any(),
                }}
                {is_worker.then(|| view! {
                    {move || if suggesting.get() {
                        view! { <GoalForm editing=None for_someone_else=true on_save=suggest on_cancel=Callback::new(move |()| suggesting.set(false))/> }.into_any()
                    } else {
                        view! { <button type="button" class="button secondary wide" id="suggest-goal" on:click=move |_| suggesting.set(true)>"Suggest a goal"</button> }.into_any()
                    }}
                })}
            })}
            {plan.then(|| view! { <SharedMedicine patient=patient is_worker=is_worker/> })}
            {plan.then(|| view! {
                <h3>"Pacing"</h3>
                {move || pacing.get().map(|all| if all.is_empty() {
                    view! { <p class="empty">"No pacing plans yet."</p> }.into_any()
                } else {
                    view! {
                        <div class="pacing-list" id="shared-pacing">
                            {all.into_iter().map(|p| {
                                let id = p.id;
                                let on_step = is_worker.then(|| Callback::new(move |a| step(id, a)));
                                match on_step {
                                    Some(s) => view! { <PacingCard plan=p on_step=s/> }.into_any(),
                                    None => view! { <PacingCard plan=p/> }.into_any(),
                                }
                            }).collect_view()}
                        </div>
                    }.into_any()
                })}
            })}
            {plan.then(|| view! {
                <h3>"Exercises"</h3>
                {move || exercise.get().map(|all| if all.is_empty() {
                    view! { <p class="empty">"No exercise lists yet."</p> }.into_any()
                } else {
                    view! { <div id="shared-exercise">{all.into_iter().map(|p| view! { <ExerciseCard plan=p/> }).collect_view()}</div> }.into_any()
                })}
            })}
            {plan.then(|| view! {
                <h3>"Services"</h3>
                {move || referrals.get().map(|all| if all.is_empty() {
                    view! { <p class="empty">"No referrals yet."</p> }.into_any()
                } else {
                    view! {
                        <div id="shared-referrals">
                            {all.into_iter().map(|r| {
                                let id = r.id;
                                view! {
                                    <ReferralCard referral=r>
                                        {is_worker.then(|| view! { <ReferralStep patient=patient id=id on_saved=Callback::new(move |()| load())/> })}
                                    </ReferralCard>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any()
                })}
                {is_worker.then(|| view! { <Refer patient=patient on_saved=Callback::new(move |()| load())/> })}
            })}
            {notes.then(|| view! {
                <h3>"What we agreed"</h3>
                {move || summaries.get().map(|s| view! { <SummaryList summaries=s empty="No session summaries yet."/> })}
            })}
            {is_worker.then(|| view! { <WriteSummary patient=patient on_saved=Callback::new(move |()| load())/> })}
        </section>
    }
}

/// The worker's summary of a session, for the patient: what we talked about, what we agreed, and
/// the next session's date.
#[component]
fn WriteSummary(patient: Uuid, on_saved: Callback<()>) -> impl IntoView {
    let api = PlanApi::expect();
    let date = RwSignal::new(clock::today().format("%Y-%m-%d").to_string());
    let talked = RwSignal::new(String::new());
    let agreed = RwSignal::new(String::new());
    let next = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let save = move |_| {
        let request = SummaryRequest {
            session_date: date.get_untracked(),
            talked_about: talked.get_untracked(),
            agreed: agreed.get_untracked(),
            next_session: Some(next.get_untracked()),
        };
        if let Err(e) = Summary::parse(&request, clock::today()) {
            problem.set(Some(e.to_string()));
            return;
        }
        spawn_local(async move {
            match api.add_summary(patient, &request).await {
                Ok(_) => {
                    problem.set(None);
                    talked.set(String::new());
                    agreed.set(String::new());
                    next.set(String::new());
                    done.set(true);
                    on_saved.run(());
                }
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };
    view! {
        <form class="card write-summary" id="write-summary" on:submit=|ev| ev.prevent_default()>
            <h3>"Write a summary for the patient"</h3>
            <p class="hint">"The patient reads this on My plan, and so does anyone they share notes with. Your private session notes stay separate."</p>
            <div class="field">
                <label for="summary-date">"Session date"</label>
                <input id="summary-date" type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="summary-talked">"What we talked about"</label>
                <textarea id="summary-talked" rows="3" maxlength="2000" prop:value=move || talked.get() on:input=move |ev| talked.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="summary-agreed">"What we agreed (optional)"</label>
                <textarea id="summary-agreed" rows="3" maxlength="2000" prop:value=move || agreed.get() on:input=move |ev| agreed.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="summary-next">"Next session (optional)"</label>
                <input id="summary-next" type="date" prop:value=move || next.get() on:input=move |ev| next.set(event_target_value(&ev))/>
            </div>
            <p class="form-error" role="alert" id="summary-error">{move || problem.get()}</p>
            <p class="hint" role="status">{move || done.get().then_some("Saved. The patient can read it now.")}</p>
            <button type="button" class="button primary" id="summary-save" on:click=save>"Save summary"</button>
        </form>
    }
}

/// A worker moves a referral on: a status, and for the waiting list the day it began.
#[component]
fn ReferralStep(patient: Uuid, id: Uuid, on_saved: Callback<()>) -> impl IntoView {
    let api = PlanApi::expect();
    let status = RwSignal::new(ReferralStatus::Referred);
    let since = RwSignal::new(clock::today().to_string());
    let problem = RwSignal::new(None::<String>);
    let save = move |_| {
        let request = ReferralRequest {
            service_id: None,
            status: status.get_untracked(),
            waiting_since: chrono::NaiveDate::parse_from_str(&since.get_untracked(), "%Y-%m-%d").ok(),
        };
        spawn_local(async move {
            match api.change_referral(patient, id, &request).await {
                Ok(_) => on_saved.run(()),
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };
    let select_id = format!("referral-status-{id}");
    view! {
        <div class="field referral-step">
            <label for=select_id.clone()>"Move it on"</label>
            <select id=select_id class="referral-status-select" on:change=move |ev| {
                if let Some(s) = ReferralStatus::parse(&event_target_value(&ev)) { status.set(s) }
            }>
                {ReferralStatus::ALL.into_iter().filter(|s| *s != ReferralStatus::Suggested).map(|s| view! {
                    <option value=s.as_str() selected=move || status.get() == s>{s.label()}</option>
                }).collect_view()}
            </select>
            {move || (status.get() == ReferralStatus::WaitingList).then(|| view! {
                <label>"On the list since"
                    <input type="date" class="referral-since" prop:value=move || since.get() on:input=move |ev| since.set(event_target_value(&ev))/>
                </label>
            })}
            <button type="button" class="small-button referral-save" on:click=save>"Save"</button>
            <p class="form-error" role="alert">{move || problem.get()}</p>
        </div>
    }
}

/// A worker refers the patient to a service from the directory.
#[component]
fn Refer(patient: Uuid, on_saved: Callback<()>) -> impl IntoView {
    let api = PlanApi::expect();
    let services = RwSignal::new(Vec::<ServiceView>::new());
    let chosen = RwSignal::new(None::<Uuid>);
    let problem = RwSignal::new(None::<String>);
    spawn_local(async move {
        if let Ok(all) = api.services().await {
            chosen.set(all.first().map(|s| s.id));
            services.set(all);
        }
    });
    let refer = move |_| {
        let request = ReferralRequest {
            service_id: chosen.get_untracked(),
            status: ReferralStatus::Suggested,
            waiting_since: None,
        };
        spawn_local(async move {
            match api.refer(patient, &request).await {
                Ok(_) => {
                    problem.set(None);
                    on_saved.run(());
                }
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };
    view! {
        <div class="card refer" id="refer">
            <label for="refer-service">"Suggest a service"</label>
            {move || if services.with(Vec::is_empty) {
                view! { <p class="hint" id="refer-service">"The directory is empty. Add services under Caseload, then Services directory."</p> }.into_any()
            } else {
                view! {
                    <select id="refer-service" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                        {services.get().into_iter().map(|s| view! { <option value=s.id.to_string()>{s.service.name}</option> }).collect_view()}
                    </select>
                    <button type="button" class="button secondary" id="refer-save" on:click=refer>"Suggest it"</button>
                }.into_any()
            }}
            <p class="form-error" role="alert">{move || problem.get()}</p>
        </div>
    }
}
