//! My plan (More → My plan): the patient's goals in their own words — suggestions from their
//! project worker to accept or let go, this week's check-in (done, partly, not this week: each
//! equally fine), changing, pausing, finishing or letting go — and what was agreed at each session.
//! Works offline: see `offline`.

mod directory;
mod exercise_form;
pub mod goal_form;
mod medicine;
pub mod offline;
mod pacing_form;

use evenkeel_domain::plan::exercise::{ExerciseDayRequest, ExercisePlanRequest, ExercisePlanView};
use evenkeel_domain::plan::goals::{CheckinOutcome, CheckinRequest, GoalRequest, GoalStatus, GoalView, week_start};
use evenkeel_domain::plan::pacing::{PacingAction, PacingRequest, PacingView, minutes_on};
use evenkeel_domain::plan::services::{PatientResponse, ReferralView};
use evenkeel_domain::plan::summaries::SummaryView;
use evenkeel_domain::{EntryData, EntryKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::components::exercise_card::ExerciseCard;
use crate::components::goal_card::GoalCard;
use crate::components::pacing_card::PacingCard;
use crate::components::plan_summaries::SummaryList;
use crate::components::service_card::ReferralCard;
use crate::connectivity::Connectivity;
use crate::parts::reveal;
use crate::plan_api::PlanApi;
use crate::session::Session;
use crate::store::{Store, clock};
use directory::Directory;
use exercise_form::ExerciseForm;
use goal_form::GoalForm;
use medicine::MedicineSection;
use offline::Pending;
use pacing_form::PacingForm;

#[derive(Clone)]
enum Open {
    New,
    Edit(GoalView),
    Pacing,
    Directory,
    Exercise,
}

/// Suggested first, then the goals being worked on, then paused ones; finished and let-go goals
/// are kept lower down. Oldest first within each.
fn sorted(mut goals: Vec<GoalView>) -> Vec<GoalView> {
    let rank = |s: GoalStatus| match s {
        GoalStatus::Proposed => 0,
        GoalStatus::Active => 1,
        GoalStatus::Paused => 2,
        GoalStatus::Finished | GoalStatus::LetGo => 3,
    };
    goals.sort_by(|a, b| rank(a.status).cmp(&rank(b.status)).then(a.created_at.cmp(&b.created_at)));
    goals
}

#[component]
pub fn MyPlan() -> impl IntoView {
    let api = PlanApi::expect();
    let session = Session::expect();
    let connectivity = Connectivity::expect();
    let me = move || offline::me(session.user().map(|u| u.id));
    let goals = RwSignal::new(sorted(offline::with_pending(offline::goals())));
    let refused = RwSignal::new(Vec::<Pending>::new());
    let summaries = RwSignal::new(None::<Vec<SummaryView>>);
    let open = RwSignal::new(None::<Open>);
    let show_done = RwSignal::new(false);
    let pacing = RwSignal::new(offline::pacing());
    let pacing_problem = RwSignal::new(None::<String>);
    let referrals = RwSignal::new(offline::referrals());
    let exercise = RwSignal::new(offline::exercise());
    let exercise_problem = RwSignal::new(None::<String>);
    let referral_problem = RwSignal::new(None::<String>);
    let medicine = RwSignal::new(offline::medicine());
    let talk = RwSignal::new(offline::talk());
    // Today's activity entries on this phone, so a plan's "so far today" moves as they are logged.
    let store = Store::expect();
    let activities = Memo::new(move |_| {
        store
            .live_where(&[EntryKind::Activity], |_| true)
            .iter()
            .filter_map(|r| match r.entry() {
                Some(EntryData::Activity(a)) => Some(a),
                _ => None,
            })
            .collect::<Vec<_>>()
    });

    let redraw = move || {
        goals.set(sorted(offline::with_pending(offline::goals())));
        refused.set(offline::outbox().into_iter().filter(|p| p.refused.is_some()).collect());
    };
    redraw();
    // Send what waits, then read the plan fresh; without signal the phone's copy stands.
    let refresh = move |patient: Uuid| {
        spawn_local(async move {
            let sent = offline::send_waiting(api).await;
            connectivity.observe(&sent);
            if let Ok(list) = api.goals(patient).await {
                offline::save_goals(&list);
            }
            redraw();
            if let Ok(list) = api.pacing(patient).await {
                offline::save_pacing(&list);
                pacing.set(list);
            }
            if let Ok(list) = api.exercise_plans(patient).await {
                offline::save_exercise(&list);
                exercise.set(list);
            }
            if let Ok(list) = api.referrals(patient).await {
                offline::save_referrals(&list);
                referrals.set(list);
            }
            if let Ok(reply) = api.medicine_plan(patient).await {
                offline::save_medicine(&reply.current);
                medicine.set(reply.current);
            }
            if let Ok(list) = api.contact_requests(patient).await {
                offline::save_talk(&list);
                talk.set(list);
            }
            if let Ok(list) = api.summaries(patient).await {
                summaries.set(Some(list));
            }
        });
    };
    // Once the account is known, and again whenever the phone comes back online.
    Effect::new(move |_| {
        let online = !connectivity.is_offline();
        session.token_epoch();
        if let Some(patient) = me()
            && online
            && session.access_token().is_some()
        {
            refresh(patient);
        }
    });
    reveal();

    let change = move |id: Uuid, request: GoalRequest| {
        let Some(patient) = me() else { return };
        offline::queue_goal(patient, id, &request);
        redraw();
        open.set(None);
        refresh(patient);
    };
    let set_status = move |goal: &GoalView, status: GoalStatus| {
        change(goal.id, offline::answer(goal, status, offline::now()));
    };
    let check_in = move |id: Uuid, outcome: CheckinOutcome| {
        let Some(patient) = me() else { return };
        let week = week_start(clock::today());
        offline::queue_checkin(
            patient,
            id,
            week,
            &CheckinRequest { outcome, note: String::new(), updated_at: offline::now() },
        );
        redraw();
        refresh(patient);
    };

    let keep_plan = move |plan: PacingView| {
        pacing.update(|all| {
            all.retain(|p| p.id != plan.id);
            all.push(plan);
            all.sort_by_key(|p| p.created_at);
            offline::save_pacing(all);
        });
    };
    let step = move |id: Uuid, action: PacingAction| {
        let Some(patient) = me() else { return };
        spawn_local(async move {
            match api.step(patient, id, action).await {
                Ok(plan) => {
                    pacing_problem.set(None);
                    keep_plan(plan);
                }
                Err(e) => pacing_problem.set(Some(e.message())),
            }
        });
    };
    let add_pacing = Callback::new(move |request: PacingRequest| {
        let Some(patient) = me() else { return };
        spawn_local(async move {
            match api.add_pacing(patient, &request).await {
                Ok(plan) => {
                    pacing_problem.set(None);
                    keep_plan(plan);
                    open.set(None);
                }
                Err(e) => pacing_problem.set(Some(e.message())),
            }
        });
    });

    let keep_exercise = move |plan: ExercisePlanView| {
        exercise.update(|all| {
            match all.iter_mut().find(|p| p.id == plan.id) {
                Some(p) => *p = plan,
                None => all.push(plan),
            }
            offline::save_exercise(all);
        });
    };
    let tick = move |id: Uuid, request: ExerciseDayRequest| {
        let Some(patient) = me() else { return };
        spawn_local(async move {
            match api.tick(patient, id, clock::today(), &request).await {
                Ok(plan) => {
                    exercise_problem.set(None);
                    keep_exercise(plan);
                }
                Err(e) => exercise_problem.set(Some(e.message())),
            }
        });
    };
    let add_exercise = Callback::new(move |request: ExercisePlanRequest| {
        let Some(patient) = me() else { return };
        spawn_local(async move {
            match api.add_exercise_plan(patient, &request).await {
                Ok(plan) => {
                    exercise_problem.set(None);
                    keep_exercise(plan);
                    open.set(None);
                }
                Err(e) => exercise_problem.set(Some(e.message())),
            }
        });
    });
    let respond = move |id: Uuid, response: PatientResponse| {
        let Some(patient) = me() else { return };
        spawn_local(async move {
            match api.respond(patient, id, response).await {
                Ok(saved) => {
                    referral_problem.set(None);
                    referrals.update(|all| {
                        if let Some(r) = all.iter_mut().find(|r| r.id == saved.id) {
                            *r = saved;
                        }
                        offline::save_referrals(all);
                    });
                }
                Err(e) => referral_problem.set(Some(e.message())),
            }
        });
    };
    let referral_card = move |r: ReferralView| {
        let id = r.id;
        let answered = r.response;
        view! {
            <ReferralCard referral=r>
                <div class="entry-actions referral-actions">
                    {[PatientResponse::Went, PatientResponse::NotForMe].into_iter().map(|answer| view! {
                        <button type="button" class="small-button" data-response=answer.as_str()
                            aria-pressed=(answered == Some(answer)).to_string()
                            on:click=move |_| respond(id, answer)>{answer.label()}</button>
                    }).collect_view()}
                </div>
            </ReferralCard>
        }
    };

    let card = move |goal: GoalView| {
        let this_week = week_start(clock::today());
        let waiting = offline::is_waiting(goal.id);
        let (id, status) = (goal.id, goal.status);
        let g = StoredValue::new(goal.clone());
        let checked = goal.checkin_for(this_week).map(|c| c.outcome);
        let actions = move || {
            match status {
            GoalStatus::Proposed => view! {
                <p class="hint">"Would you like to work on this?"</p>
                <div class="form-actions">
                    <button type="button" class="button primary accept-goal" on:click=move |_| set_status(&g.get_value(), GoalStatus::Active)>"Yes, add it to my plan"</button>
                    <button type="button" class="button secondary decline-goal" on:click=move |_| set_status(&g.get_value(), GoalStatus::LetGo)>"Not for me"</button>
                </div>
            }.into_any(),
            GoalStatus::Active => view! {
                <fieldset class="checkin">
                    <legend>{if checked.is_some() { "This week (you can change it)" } else { "How did this week go?" }}</legend>
                    <div class="chips">
                        {CheckinOutcome::ALL.into_iter().map(|o| view! {
                            <button type="button" class="chip" data-outcome=o.as_str()
                                aria-pressed=if checked == Some(o) { "true" } else { "false" }
                                on:click=move |_| check_in(id, o)>{o.label()}</button>
                        }).collect_view()}
                    </div>
                </fieldset>
                <div class="entry-actions goal-actions">
                    <button type="button" class="small-button" on:click=move |_| open.set(Some(Open::Edit(g.get_value())))>"Change"</button>
                    <button type="button" class="small-button" on:click=move |_| set_status(&g.get_value(), GoalStatus::Paused)>"Pause"</button>
                    <button type="button" class="small-button" on:click=move |_| set_status(&g.get_value(), GoalStatus::Finished)>"Finished"</button>
                    <button type="button" class="small-button" on:click=move |_| set_status(&g.get_value(), GoalStatus::LetGo)>"Let it go"</button>
                </div>
            }.into_any(),
            GoalStatus::Paused | GoalStatus::Finished | GoalStatus::LetGo => view! {
                <div class="entry-actions goal-actions">
                    <button type="button" class="small-button" on:click=move |_| set_status(&g.get_value(), GoalStatus::Active)>
                        {if status == GoalStatus::Paused { "Pick it up again" } else { "Work on it again" }}
                    </button>
                </div>
            }.into_any(),
        }
        };
        view! { <GoalCard goal=goal waiting=waiting>{actions()}</GoalCard> }
    };

    view! {
        <main class="page plan" data-page="plan">
            {move || match open.get() {
                Some(Open::Exercise) => view! {
                    <ExerciseForm on_save=add_exercise on_cancel=Callback::new(move |()| open.set(None)) problem=exercise_problem/>
                }.into_any(),
                Some(Open::Directory) => view! { <Directory on_back=Callback::new(move |()| open.set(None))/> }.into_any(),
                Some(Open::Pacing) => view! {
                    <PacingForm on_save=add_pacing on_cancel=Callback::new(move |()| open.set(None)) problem=pacing_problem/>
                }.into_any(),
                Some(o) => {
                    let editing = match o { Open::Edit(g) => Some(g), Open::New | Open::Pacing | Open::Directory | Open::Exercise => None };
                    let target = editing.as_ref().map(|g| (g.id, g.status));
                    let on_save = Callback::new(move |words| {
                        let (id, status) = target.unwrap_or_else(|| (evenkeel_domain::ids::new_id(), GoalStatus::Active));
                        // Changing a suggestion's words is taking it on.
                        let status = if status == GoalStatus::Proposed { GoalStatus::Active } else { status };
                        change(id, GoalRequest { words, status, updated_at: offline::now() });
                    });
                    view! { <GoalForm editing=editing on_save=on_save on_cancel=Callback::new(move |()| open.set(None))/> }.into_any()
                }
                None => view! {
                    <h1>"My plan"</h1>
                    <p class="lead">"Your goals, in your own words, and what you and your project worker agreed. Go at your own pace."</p>
                    {move || (!refused.with(Vec::is_empty)).then(|| view! {
                        <section class="card warning" id="plan-refused" role="alert">
                            {refused.get().into_iter().map(|p| {
                                let key = p.key.clone();
                                view! {
                                    <p>{format!("A change wasn't saved: {}", p.refused.unwrap_or_default())}</p>
                                    <button type="button" class="small-button" on:click=move |_| { offline::drop_refused(&key); redraw(); }>"OK"</button>
                                }
                            }).collect_view()}
                        </section>
                    })}
                    <MedicineSection me=Signal::derive(me) plan=medicine requests=talk
                        on_sent=Callback::new(move |()| if let Some(p) = me() { refresh(p) })/>
                    <section aria-labelledby="goals-title">
                        <h2 id="goals-title">"Goals"</h2>
                        {move || {
                            let (current, done): (Vec<GoalView>, Vec<GoalView>) = goals.get().into_iter()
                                .partition(|g| !matches!(g.status, GoalStatus::Finished | GoalStatus::LetGo));
                            let count = done.len();
                            view! {
                                {current.is_empty().then(|| view! {
                                    <p class="empty" id="no-goals">"No goals yet. A goal can be small: something you'd like to do again, at your own pace."</p>
                                })}
                                <div class="goal-list" id="goal-list">{current.into_iter().map(card).collect_view()}</div>
                                {(count > 0).then(|| view! {
                                    <button type="button" class="small-button" id="show-done" aria-expanded=move || show_done.get().to_string()
                                        on:click=move |_| show_done.update(|s| *s = !*s)>
                                        {format!("Finished and let go ({count})")}
                                    </button>
                                })}
                                {move || show_done.get().then(|| done.clone().into_iter().map(card).collect_view())}
                            }
                        }}
                        <button id="add-goal" type="button" class="button primary wide" on:click=move |_| open.set(Some(Open::New))>"Add a goal"</button>
                    </section>
                    <section aria-labelledby="pacing-title">
                        <h2 id="pacing-title">"Pacing"</h2>
                        <p class="form-error" role="alert" id="pacing-step-error">{move || pacing_problem.get()}</p>
                        {move || {
                            let plans = pacing.get();
                            if plans.is_empty() {
                                return view! { <p class="empty" id="no-pacing">"Pacing helps steady the ups and downs: a little every day, building slowly, instead of a lot on good days."</p> }.into_any();
                            }
                            view! {
                                <div class="pacing-list" id="pacing-list">
                                    {plans.into_iter().map(|plan| {
                                        let (id, activity) = (plan.id, plan.activity.clone());
                                        let done = Signal::derive(move || activities.with(|a| minutes_on(&activity, clock::today(), a)));
                                        view! { <PacingCard plan=plan done_today=done on_step=Callback::new(move |a| step(id, a))/> }
                                    }).collect_view()}
                                </div>
                            }.into_any()
                        }}
                        <button id="add-pacing" type="button" class="button secondary wide" on:click=move |_| open.set(Some(Open::Pacing))>"Make a pacing plan"</button>
                    </section>
                    <section aria-labelledby="exercise-title">
                        <h2 id="exercise-title">"Exercises"</h2>
                        <p class="form-error" role="alert">{move || exercise_problem.get()}</p>
                        {move || {
                            let all = exercise.get();
                            if all.is_empty() {
                                return view! { <p class="empty" id="no-exercise">"A short list of exercises, from your physio or written with your project worker, to tick off on the day."</p> }.into_any();
                            }
                            view! {
                                <div id="exercise-list">
                                    {all.into_iter().map(|p| {
                                        let id = p.id;
                                        view! { <ExerciseCard plan=p on_tick=Callback::new(move |r| tick(id, r))/> }
                                    }).collect_view()}
                                </div>
                            }.into_any()
                        }}
                        <button id="add-exercise" type="button" class="button secondary wide" on:click=move |_| open.set(Some(Open::Exercise))>"Write an exercise list"</button>
                    </section>
                    <section aria-labelledby="services-title">
                        <h2 id="services-title">"Services"</h2>
                        <p class="form-error" role="alert">{move || referral_problem.get()}</p>
                        {move || {
                            let all = referrals.get();
                            if all.is_empty() {
                                return view! { <p class="empty" id="no-referrals">"When your project worker refers you to a group or service, it shows here with how to get in touch."</p> }.into_any();
                            }
                            view! { <div id="referral-list">{all.into_iter().map(referral_card).collect_view()}</div> }.into_any()
                        }}
                        <button id="browse-services" type="button" class="button secondary wide" on:click=move |_| open.set(Some(Open::Directory))>"Browse local services"</button>
                    </section>
                    <section aria-labelledby="agreed-title">
                        <h2 id="agreed-title">"What we agreed"</h2>
                        {move || match summaries.get() {
                            None => view! { <p class="empty">"Shown when you're online."</p> }.into_any(),
                            Some(list) => view! { <SummaryList summaries=list empty="After a session, your project worker's summary of what you agreed shows here."/> }.into_any(),
                        }}
                    </section>
                }.into_any(),
            }}
        </main>
    }
}
