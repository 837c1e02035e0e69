//! Relax: audio tracks, a breathing pacer and minutes practised. Until they arrive, one simple
//! breathing exercise that needs nothing but the words.

use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;

#[component]
pub fn Relax() -> impl IntoView {
    view! {
        <main class="page" data-page="relax">
            <h1>"Relax"</h1>
            <ComingSoon title="Coming soon">
                <p>
                    "Relaxation audio you can download to use offline, a breathing pacer, "
                    "and a note of the minutes you have practised."
                </p>
            </ComingSoon>
            <section class="card">
                <h2>"Try this now"</h2>
                <ol class="steps">
                    <li>"Let your shoulders drop, and rest your hands where they are comfortable."</li>
                    <li>"Breathe in gently through your nose for a count of 4."</li>
                    <li>"Breathe out slowly for a count of 6."</li>
                    <li>"Repeat a few times. If counting feels like effort, just notice the out-breath."</li>
                </ol>
            </section>
        </main>
    }
}
