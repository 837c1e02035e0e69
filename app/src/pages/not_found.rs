//! A path the app does not know.

use leptos::prelude::*;

use crate::components::top_bar::TopBar;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <TopBar/>
        <main class="page" data-page="not-found">
            <h1>"We couldn't find that page"</h1>
            <p>"The link may be old. Nothing you have logged is affected."</p>
            <p><a class="button primary" href="/">"Go to Today"</a></p>
        </main>
    }
}
