//! "What we agreed": the summaries a project worker wrote after each session, newest first, read
//! by the patient on My plan and by a carer or worker on the patient's page.

use evenkeel_domain::plan::summaries::SummaryView;
use leptos::prelude::*;

use crate::store::clock;

#[component]
pub fn SummaryList(summaries: Vec<SummaryView>, #[prop(into)] empty: String) -> impl IntoView {
    if summaries.is_empty() {
        return view! { <p class="empty" id="no-summaries">{empty}</p> }.into_any();
    }
    view! {
        <ul class="summaries" id="summaries">
            {summaries.into_iter().map(|s| view! {
                <li class="card summary" data-id=s.id.to_string()>
                    <h3>{format!("{} with {}", clock::day_heading(s.session_date), s.author_name)}</h3>
                    <p><strong>"We talked about: "</strong>{s.talked_about}</p>
                    {(!s.agreed.is_empty()).then(|| view! { <p><strong>"We agreed: "</strong>{s.agreed.clone()}</p> })}
                    {s.next_session.map(|d| view! { <p class="next-session">{format!("Next session: {}", clock::long_date(d))}</p> })}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
