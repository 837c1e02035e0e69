//! Practice admin (`/admin`): make a project worker account (its one-time password is shown once),
//! deactivate one, or give one a reset code when they forgot their password. Admins see no health data — there is none on this screen.
//!
//! The server has no "list workers" call yet, so the screen lists the accounts made in this visit
//! and takes an account id for any other.

use evenkeel_domain::api::UserView;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::components::reset_code::ResetCodeButton;
use crate::sharing_api::SharingApi;

#[component]
pub fn Admin() -> impl IntoView {
    let api = SharingApi::expect();
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    // Made in this visit: (account, one-time password, deactivated?).
    let made = RwSignal::new(Vec::<(UserView, String, bool)>::new());
    let other_id = RwSignal::new(String::new());
    let other_message = RwSignal::new(None::<String>);

    let on_create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (e, n) = (email.get_untracked().trim().to_owned(), name.get_untracked().trim().to_owned());
        if e.is_empty() || n.is_empty() {
            error.set(Some("Please give the worker's name and work email.".into()));
            return;
        }
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api.create_worker(e, n).await;
            pending.try_set(false);
            match result {
                Ok(created) => {
                    email.try_set(String::new());
                    name.try_set(String::new());
                    made.try_update(|m| m.insert(0, (created.user, created.one_time_password, false)));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };

    let deactivate = move |id: Uuid| {
        spawn_local(async move {
            match api.deactivate_worker(id).await {
                Ok(()) => {
                    made.try_update(|m| m.iter_mut().filter(|w| w.0.id == id).for_each(|w| w.2 = true));
                    other_message
                        .try_set(Some("Deactivated. Their sessions have ended and their links are closed.".into()));
                }
                Err(err) => {
                    other_message.try_set(Some(err.message()));
                }
            }
        });
    };
    let reset_id = RwSignal::new(String::new());
    let on_deactivate_other = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Uuid::parse_str(other_id.get_untracked().trim()) {
            Ok(id) => deactivate(id),
            Err(_) => other_message
                .set(Some("That doesn't look like an account id. Copy it from when the account was made.".into())),
        }
    };

    view! {
        <main class="page admin" data-page="admin">
            <h1>"Practice admin"</h1>
            <p class="lead">"Make and close project worker accounts. This screen shows no one's diary."</p>
            <section class="card" aria-labelledby="new-worker-title">
                <h2 id="new-worker-title">"New worker account"</h2>
                <form class="code-form" novalidate on:submit=on_create>
                    <div class="field">
                        <label for="worker-name">"Name"</label>
                        <input id="worker-name" type="text" autocomplete="off" bind:value=name/>
                    </div>
                    <div class="field">
                        <label for="worker-email">"Work email"</label>
                        <input id="worker-email" type="email" inputmode="email" autocomplete="off" bind:value=email/>
                    </div>
                    <p class="form-error" role="alert">{move || error.get()}</p>
                    <button type="submit" class="button primary wide" id="create-worker"
                        aria-disabled=move || pending.get().then_some("true")>"Make the account"</button>
                </form>
            </section>
            <ul class="link-list">
                {move || made.get().into_iter().map(|w| {
                        let id = w.0.id;
                        view! {
                            <li class="card made-worker" data-worker-id=id.to_string()>
                                <h3>{w.0.display_name.clone()}</h3>
                                <p>{w.0.email.clone()}</p>
                                {if w.2 {
                                    view! { <p><strong>"Deactivated."</strong></p> }.into_any()
                                } else {
                                    view! {
                                        <p>"One-time password — shown only now. Give it to them in person; they choose their own when they first sign in:"</p>
                                        <p class="big-code one-time-password">{w.1.clone()}</p>
                                        <p class="small">"Account id: " <span class="account-id">{id.to_string()}</span></p>
                                        <button type="button" class="button secondary wide" on:click=move |_| deactivate(id)>"Deactivate this worker"</button>
                                    }.into_any()
                                }}
                            </li>
                        }
                    }).collect_view()}
            </ul>
            <details class="card">
                <summary>"Deactivate another worker"</summary>
                <form class="code-form" novalidate on:submit=on_deactivate_other>
                    <div class="field">
                        <label for="worker-id">"Their account id"</label>
                        <p class="hint" id="worker-id-hint">"Their sessions end at once and every link to their patients is closed."</p>
                        <input id="worker-id" type="text" autocomplete="off" spellcheck="false" aria-describedby="worker-id-hint" bind:value=other_id/>
                    </div>
                    <button type="submit" class="button secondary wide" id="deactivate-worker">"Deactivate"</button>
                </form>
            </details>
            <p role="status">{move || other_message.get()}</p>
            <details class="card" id="worker-reset">
                <summary>"A worker forgot their password"</summary>
                <div class="field">
                    <label for="reset-worker-id">"Their account id"</label>
                    <input id="reset-worker-id" type="text" autocomplete="off" spellcheck="false" bind:value=reset_id/>
                </div>
                <ResetCodeButton person=Signal::derive(move || Uuid::parse_str(reset_id.get().trim()).ok()) is_worker=true who="them".to_owned()/>
            </details>
        </main>
    }
}
