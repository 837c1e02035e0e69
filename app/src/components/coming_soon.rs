//! A calm card that says plainly what a screen will do once it arrives.

use leptos::prelude::*;

#[component]
pub fn ComingSoon(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <section class="card soon">
            <h2>{title}</h2>
            {children()}
        </section>
    }
}
