//! More: the account, signing out, Help & safety, and what else will live here.

use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;
use crate::connectivity::Connectivity;
use crate::session::Session;

#[component]
pub fn More() -> impl IntoView {
    let session = Session::expect();
    let connectivity = Connectivity::expect();
    // Fetch the account fresh when we can, so the email shown is the current one.
    if !connectivity.is_offline_untracked() {
        session.reload_user();
    }
    let name = move || session.profile().map(|p| p.display_name).unwrap_or_default();
    let email = move || session.user().map(|u| u.email).unwrap_or_else(|| "Shown when you're back online".to_owned());

    view! {
        <main class="page more" data-page="more">
            <h1>"More"</h1>

            <section class="card" aria-labelledby="account-title">
                <h2 id="account-title">"Your account"</h2>
                <dl class="account">
                    <dt>"Name"</dt>
                    <dd id="account-name">{name}</dd>
                    <dt>"Email"</dt>
                    <dd id="account-email">{email}</dd>
                </dl>
            </section>

            <ul class="menu">
                <li><a class="menu-item" href="/help">"Help & safety"</a></li>
            </ul>

            <ComingSoon title="Coming later">
                <ul class="soon-list">
                    <li><strong>"My plan"</strong>" — your goals, pacing and medicine plan."</li>
                    <li><strong>"Sharing"</strong>" — invite a carer or your project worker, choose what they see, and stop sharing at any time."</li>
                    <li><strong>"Reminders"</strong>" — gentle nudges at times you choose."</li>
                    <li><strong>"My data"</strong>" — download or delete everything you have logged."</li>
                    <li><strong>"Settings"</strong>" — time zone, text size and theme."</li>
                </ul>
            </ComingSoon>

            <section class="sign-out">
                <p class="hint">"Signing out removes your details from this phone."</p>
                <button id="sign-out" type="button" class="button secondary" on:click=move |_| session.sign_out()>
                    "Sign out"
                </button>
            </section>
        </main>
    }
}
