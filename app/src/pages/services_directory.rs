//! The practice's services directory, as its staff keep it (Caseload → Services directory): every
//! service listed, a form to add one, and taking one out (referrals to it keep it).

use evenkeel_domain::plan::services::{ServiceCategory, ServiceRequest, ServiceTime, ServiceView};
use evenkeel_domain::reminders::LocalTime;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::service_card::ServiceDetails;
use crate::parts::reveal;
use crate::plan_api::PlanApi;

use crate::store::clock::DAYS;

#[component]
pub fn ServicesDirectory() -> impl IntoView {
    let api = PlanApi::expect();
    let list = RwSignal::new(None::<Vec<ServiceView>>);
    let problem = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match api.services().await {
                Ok(all) => list.set(Some(all)),
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };
    load();
    reveal();
    let retire = move |id| {
        spawn_local(async move {
            match api.retire_service(id).await {
                Ok(()) => load(),
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };
    view! {
        <main class="page services-directory" data-page="services-directory">
            <a class="back-button" href="/caseload">"‹ Caseload"</a>
            <h1>"Services directory"</h1>
            <p class="lead">"Local groups and services your patients can browse on My plan, and that you can refer them to."</p>
            <p class="form-error" role="alert">{move || problem.get()}</p>
            {move || list.get().map(|all| if all.is_empty() {
                view! { <p class="empty" id="no-services">"No services yet. Add the first below."</p> }.into_any()
            } else {
                view! {
                    <div id="directory-list">
                        {all.into_iter().map(|s| {
                            let (id, name, kind) = (s.id, s.service.name.clone(), s.service.category.label());
                            view! {
                                <article class="card service" data-service=id.to_string()>
                                    <h2>{name}</h2>
                                    <p class="hint">{kind}</p>
                                    <ServiceDetails service=s/>
                                    <button type="button" class="small-button retire-service" on:click=move |_| retire(id)>"Take out of the directory"</button>
                                </article>
                            }
                        }).collect_view()}
                    </div>
                }.into_any()
            })}
            <AddService on_saved=Callback::new(move |()| load())/>
        </main>
    }
}

#[component]
fn AddService(on_saved: Callback<()>) -> impl IntoView {
    let api = PlanApi::expect();
    let name = RwSignal::new(String::new());
    let offers = RwSignal::new(String::new());
    let category = RwSignal::new(ServiceCategory::PhysicalActivity);
    let day = RwSignal::new(1u8);
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let online = RwSignal::new(false);
    let contact = RwSignal::new(String::new());
    let cost = RwSignal::new(String::new());
    let needs_referral = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let save = move |_| {
        let time = LocalTime::parse(&start.get_untracked())
            .ok()
            .zip(LocalTime::parse(&end.get_untracked()).ok())
            .map(|(start, end)| ServiceTime { weekday: day.get_untracked(), start, end });
        let request = ServiceRequest {
            name: name.get_untracked(),
            offers: offers.get_untracked(),
            category: category.get_untracked(),
            times: time.into_iter().collect(),
            place: place.get_untracked(),
            online: online.get_untracked(),
            contact: contact.get_untracked(),
            cost: cost.get_untracked(),
            needs_referral: needs_referral.get_untracked(),
        };
        if let Err(e) = request.parse() {
            problem.set(Some(e.to_string()));
            return;
        }
        spawn_local(async move {
            match api.add_service(&request).await {
                Ok(_) => {
                    problem.set(None);
                    for s in [name, offers, start, end, place, contact, cost] {
                        s.set(String::new());
                    }
                    on_saved.run(());
                }
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };
    let text = |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type="text" autocomplete="off" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <form class="card add-service" id="add-service" on:submit=|ev| ev.prevent_default()>
            <h2>"Add a service"</h2>
            {text("service-name", "Name", name)}
            {text("service-offers", "What it offers", offers)}
            <div class="field">
                <label for="service-category">"Kind"</label>
                <select id="service-category" on:change=move |ev| {
                    if let Some(c) = ServiceCategory::parse(&event_target_value(&ev)) { category.set(c) }
                }>
                    {ServiceCategory::ALL.into_iter().map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
                </select>
            </div>
            <fieldset class="field">
                <legend>"When it runs (leave the times empty if by appointment)"</legend>
                <label for="service-day">"Day"</label>
                <select id="service-day" on:change=move |ev| day.set(event_target_value(&ev).parse().unwrap_or(1))>
                    {(1..=7u8).map(|d| view! { <option value=d.to_string()>{DAYS[usize::from(d - 1)]}</option> }).collect_view()}
                </select>
                <label for="service-start">"From"</label>
                <input id="service-start" type="time" prop:value=move || start.get() on:input=move |ev| start.set(event_target_value(&ev))/>
                <label for="service-end">"Until"</label>
                <input id="service-end" type="time" prop:value=move || end.get() on:input=move |ev| end.set(event_target_value(&ev))/>
            </fieldset>
            {text("service-place", "Where", place)}
            <label class="toggle"><input type="checkbox" id="service-online" prop:checked=move || online.get() on:change=move |ev| online.set(event_target_checked(&ev))/>" Online"</label>
            {text("service-contact", "How to get in touch", contact)}
            {text("service-cost", "Cost", cost)}
            <label class="toggle"><input type="checkbox" id="service-referral" prop:checked=move || needs_referral.get() on:change=move |ev| needs_referral.set(event_target_checked(&ev))/>" Needs a referral"</label>
            <p class="form-error" role="alert" id="service-error">{move || problem.get()}</p>
            <button type="button" class="button primary" id="service-save" on:click=save>"Add to the directory"</button>
        </form>
    }
}
