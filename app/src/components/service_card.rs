//! A community service as the directory shows it (and inside a referral): what it offers, when and
//! where, how to get in touch, what it costs, and whether it needs a referral.

use evenkeel_domain::plan::services::{ReferralView, ServiceView};
use leptos::prelude::*;

use crate::store::clock;

/// The service's details, as a list of short lines.
#[component]
pub fn ServiceDetails(service: ServiceView) -> impl IntoView {
    let s = service.service;
    let when = if s.times.is_empty() {
        "By appointment".to_owned()
    } else {
        s.times.iter().map(|t| t.words()).collect::<Vec<_>>().join(", ")
    };
    let place = if s.online { "Online".to_owned() } else { s.place.clone() };
    view! {
        <p class="service-offers">{s.offers.clone()}</p>
        <dl class="service-facts">
            <dt>"When"</dt><dd>{when}{service.outside_working_hours.then_some(" (outside working hours)")}</dd>
            <dt>"Where"</dt><dd>{place}</dd>
            {(!s.contact.is_empty()).then(|| view! { <dt>"Contact"</dt><dd class="service-contact">{s.contact.clone()}</dd> })}
            {(!s.cost.is_empty()).then(|| view! { <dt>"Cost"</dt><dd>{s.cost.clone()}</dd> })}
            <dt>"Referral"</dt><dd>{if s.needs_referral { "Needs a referral from your project worker" } else { "You can go along yourself" }}</dd>
        </dl>
    }
}

/// A referral on the plan: the service, where it has got to, and what the patient said.
#[component]
pub fn ReferralCard(referral: ReferralView, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let status = match (referral.status, referral.waiting_since) {
        (s, Some(since)) => format!("{} since {}", s.label(), clock::long_date(since)),
        (s, None) => s.label().to_owned(),
    };
    view! {
        <article class="card referral" data-referral=referral.id.to_string() data-status=referral.status.as_str()>
            <h3>{referral.service.service.name.clone()}</h3>
            <p class="referral-status">{status}</p>
            {referral.response.map(|r| view! { <p class="hint referral-response">{format!("You said: {}", r.label())}</p> })}
            <ServiceDetails service=referral.service.clone()/>
            {children.map(|c| c())}
        </article>
    }
}
