//! Patterns: charts over 7, 28 or 90 days. Arrives once there is a diary to draw from.

use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;

#[component]
pub fn Patterns() -> impl IntoView {
    view! {
        <main class="page" data-page="patterns">
            <h1>"Patterns"</h1>
            <ComingSoon title="Coming after the diary">
                <p>
                    "Once you have logged for a few days, Patterns will show what is happening over 7, 28 "
                    "or 90 days, with one plain sentence per chart — for example \"Most doses this week were "
                    "in the evening\"."
                </p>
                <p>"These are observations to talk over with your care team, never scores or verdicts."</p>
            </ComingSoon>
        </main>
    }
}
