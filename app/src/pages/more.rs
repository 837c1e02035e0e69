//! More: the account, My medicines, Settings, signed-in devices, changing the password,
//! Help & safety, signing out.

use leptos::prelude::*;

use leptos::task::spawn_local;

use crate::connectivity::Connectivity;
use crate::session::Session;
use crate::store::Store;

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
    let store = Store::expect();
    let warning = RwSignal::new(false);

    // Diary entries and My plan's changes not yet on the server.
    let waiting = move || store.waiting_count() + crate::pages::plan::offline::outbox().len();
    // Signing out on purpose removes the diary from this phone. Entries not yet on the server
    // would be lost, so say so first (a session that merely expired keeps everything).
    let sign_out_now = move || {
        spawn_local(async move {
            let _ = store.clear().await;
            crate::pages::plan::offline::forget();
            session.sign_out();
        });
    };
    let on_sign_out = move |_| {
        if waiting() > 0 {
            warning.set(true);
        } else {
            sign_out_now();
        }
    };
    let waiting_text = move || match waiting() {
        1 => {
            "1 entry hasn't reached the server yet. If you sign out now it will be removed from this phone.".to_owned()
        }
        n => format!(
            "{n} entries haven't reached the server yet. If you sign out now they will be removed from this phone."
        ),
    };

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
                <li><a class="menu-item" id="menu-medicines" href="/medicines">"My medicines"</a></li>
                {move || (session.profile().map(|p| p.role) == Some(evenkeel_domain::api::Role::Patient)).then(|| view! {
                    <li><a class="menu-item" id="menu-plan" href="/plan">"My plan"</a></li>
                    <li><a class="menu-item" id="menu-sharing" href="/sharing">"Sharing"</a></li>
                    <li><a class="menu-item" id="menu-reminders" href="/reminders">"Reminders"</a></li>
                })}
                <li><a class="menu-item" id="menu-my-data" href="/my-data">"My data"</a></li>
                <li><a class="menu-item" id="menu-settings" href="/settings">"Settings"</a></li>
                <li><a class="menu-item" id="menu-devices" href="/devices">"Signed-in devices"</a></li>
                <li><a class="menu-item" id="menu-password" href="/password">"Change password"</a></li>
                <li><a class="menu-item" href="/help">"Help & safety"</a></li>
            </ul>

            <section class="sign-out">
                <p class="hint">"Signing out removes your details and your diary from this phone. Everything that has synced stays safe on the server."</p>
                {move || warning.get().then(|| view! {
                    <div class="card warning" id="sign-out-warning" role="alert">
                        <p><strong>{waiting_text}</strong></p>
                        <p>"They will be sent once you have signal, if you stay signed in."</p>
                        <div class="form-actions">
                            <button id="keep-signed-in" type="button" class="button primary" on:click=move |_| warning.set(false)>
                                "Keep me signed in"
                            </button>
                            <button id="sign-out-anyway" type="button" class="button secondary" on:click=move |_| sign_out_now()>
                                "Sign out anyway"
                            </button>
                        </div>
                    </div>
                })}
                <button id="sign-out" type="button" class="button secondary" hidden=move || warning.get() on:click=on_sign_out>
                    "Sign out"
                </button>
            </section>
        </main>
    }
}
