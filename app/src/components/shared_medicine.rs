//! The medicine plan and requests to talk on a carer's or worker's page (with `plan`): the steps
//! read-only, each with its OME a day and the change from the step before (the server's figures,
//! nothing more); for a project worker, the patient's requests to talk, to mark seen, answer in a
//! line, and close.

use evenkeel_domain::plan::contact::{ContactPatch, ContactRequestView, ContactStatus};
use evenkeel_domain::plan::medicine::{MedicinePlanView, WHOSE_PLAN, step_line};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::plan_api::PlanApi;

#[component]
pub fn SharedMedicine(patient: Uuid, is_worker: bool) -> impl IntoView {
    let api = PlanApi::expect();
    let plan = RwSignal::new(None::<Option<MedicinePlanView>>);
    let requests = RwSignal::new(Vec::<ContactRequestView>::new());
    let problem = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match api.medicine_plan(patient).await {
                Ok(reply) => plan.set(Some(reply.current)),
                Err(e) => problem.set(Some(e.message())),
            }
            if let Ok(all) = api.contact_requests(patient).await {
                requests.set(all);
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
                    <label for=format!("reply-{id}")>"Reply in a line"</label>
                    <input id=format!("reply-{id}") class="talk-reply-input" type="text" placeholder="I'll ring you tomorrow morning."
                        prop:value=reply on:input=move |ev| reply.set(event_target_value(&ev))/>
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
        <h3>"Requests to talk"</h3>
        {move || if requests.with(Vec::is_empty) {
            view! { <p class="empty">"None yet."</p> }.into_any()
        } else {
            view! { <ul class="talk-requests" id="talk-requests">{requests.get().into_iter().map(request_card).collect_view()}</ul> }.into_any()
        }}
        <p class="form-error" role="alert">{move || problem.get()}</p>
    }
}
