//! Diary: the day-by-day timeline. Arrives with logging in the next update.

use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;

#[component]
pub fn Diary() -> impl IntoView {
    view! {
        <main class="page" data-page="diary">
            <h1>"Diary"</h1>
            <ComingSoon title="Coming in the next update">
                <p>
                    "Your diary will show each day's entries — pain, doses, activity, rest, mood and sleep — "
                    "as a timeline you can filter, edit and delete."
                </p>
                <p>"Everything you log will be saved on this phone first, so it works without signal."</p>
            </ComingSoon>
        </main>
    }
}
