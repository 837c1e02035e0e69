//! The practice's directory of community services, for the patient to browse: by kind, and
//! "outside working hours" for someone who can't come in the day.

use evenkeel_domain::plan::services::{ServiceCategory, ServiceView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::service_card::ServiceDetails;
use crate::plan_api::PlanApi;

#[component]
pub fn Directory(on_back: Callback<()>) -> impl IntoView {
    let api = PlanApi::expect();
    let all = RwSignal::new(None::<Vec<ServiceView>>);
    let problem = RwSignal::new(None::<String>);
    let category = RwSignal::new(None::<ServiceCategory>);
    let evenings = RwSignal::new(false);
    spawn_local(async move {
        match api.services().await {
            Ok(list) => all.set(Some(list)),
            Err(e) => problem.set(Some(e.message())),
        }
    });
    let shown = move || {
        all.get().map(|list| {
            list.into_iter()
                .filter(|s| category.get().is_none_or(|c| s.service.category == c))
                .filter(|s| !evenings.get() || s.outside_working_hours)
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="directory" aria-labelledby="directory-title">
            <button type="button" class="back-button" on:click=move |_| on_back.run(())>"‹ Back to My plan"</button>
            <h1 id="directory-title">"Local services"</h1>
            <p class="lead">"Groups and services near you that others have found helpful. Your project worker can tell you more, or refer you."</p>
            <div class="chips filters" role="group" aria-label="Show">
                <button type="button" class="chip" aria-pressed=move || category.get().is_none().to_string() on:click=move |_| category.set(None)>"All"</button>
                {ServiceCategory::ALL.into_iter().map(|c| view! {
                    <button type="button" class="chip" data-category=c.as_str() aria-pressed=move || (category.get() == Some(c)).to_string()
                        on:click=move |_| category.set(Some(c))>{c.label()}</button>
                }).collect_view()}
            </div>
            <label class="toggle">
                <input type="checkbox" id="outside-hours" prop:checked=move || evenings.get() on:change=move |ev| evenings.set(event_target_checked(&ev))/>
                " Only ones outside working hours (evenings and weekends)"
            </label>
            <p class="form-error" role="alert">{move || problem.get()}</p>
            {move || match shown() {
                None => view! { <p class="empty">"Opening the directory…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="empty" id="no-services">"Nothing here matches. Try showing all."</p> }.into_any(),
                Some(list) => view! {
                    <div id="service-list">
                        {list.into_iter().map(|s| {
                            let (id, name, kind) = (s.id.to_string(), s.service.name.clone(), s.service.category.label());
                            view! {
                                <article class="card service" data-service=id>
                                    <h2>{name}</h2>
                                    <p class="hint">{kind}</p>
                                    <ServiceDetails service=s/>
                                </article>
                            }
                        }).collect_view()}
                    </div>
                }.into_any(),
            }}
        </section>
    }
}
