//! Choose your password: at first sign-in, replacing the one-time password the practice gave
//! (the shell keeps the person here until it is done), or at any time from More. The new password
//! is checked as it is typed with the sign-up rules (`evenkeel_domain::account::NewPassword`);
//! the server checks the current one and signs out every other device.

use evenkeel_domain::account::NewPassword;
use evenkeel_domain::api::ChangePasswordRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::notice::Notice;
use crate::components::role_home::home_for;
use crate::components::text_field::{TextField, focus_by_id};
use crate::router::Here;
use crate::session::Session;
use crate::store::Store;

/// The words that differ between a first sign-in and a change later on.
struct Words {
    title: &'static str,
    lead: &'static str,
    current_label: &'static str,
    current_hint: &'static str,
    current_missing: &'static str,
    same_as_current: &'static str,
    saved: &'static str,
}

const FIRST_TIME: Words = Words {
    title: "Choose your password",
    lead: "You signed in with a one-time password from your practice. Please choose your own now — only you will know it.",
    current_label: "One-time password",
    current_hint: "The one your practice gave you.",
    current_missing: "Please enter the one-time password your practice gave you.",
    same_as_current: "Please choose a password different from the one-time password.",
    saved: "Your password is saved. Use it next time you sign in.",
};

const LATER: Words = Words {
    title: "Change your password",
    lead: "Other phones and computers signed in to your account will ask you to sign in again.",
    current_label: "Current password",
    current_hint: "The one you sign in with now.",
    current_missing: "Please enter your current password.",
    same_as_current: "Please choose a password different from your current one.",
    saved: "Your new password is saved.",
};

#[component]
pub fn ChoosePassword() -> impl IntoView {
    let session = Session::expect();
    let notice = Notice::expect();
    let store = Store::expect();
    let here = Here::expect();
    // Decided once: when it changes the shell shows the person their home screen instead.
    let first_time = session.must_change_password_untracked();
    let words = if first_time { &FIRST_TIME } else { &LATER };

    let current = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);

    let current_error = Signal::derive(move || {
        (submitted.get() && current.with(String::is_empty)).then(|| words.current_missing.to_owned())
    });
    let new_error = Signal::derive(move || {
        let typed = new_password.get();
        if !submitted.get() && typed.is_empty() {
            return None;
        }
        if let Err(rule) = NewPassword::parse(&typed) {
            return Some(rule.to_string());
        }
        current.with(|c| *c == typed).then(|| words.same_as_current.to_owned())
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if pending.get_untracked() {
            return;
        }
        if current_error.get_untracked().is_some() {
            return focus_by_id("password-current");
        }
        if new_error.get_untracked().is_some() {
            return focus_by_id("password-new");
        }
        pending.set(true);
        form_error.set(None);
        let request = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new_password.get_untracked(),
        };
        spawn_local(async move {
            match session.change_password(request).await {
                Ok(role) => {
                    let home = home_for(role);
                    notice.show_on(home, words.saved);
                    here.go(home, true);
                }
                Err(error) => {
                    pending.try_set(false);
                    form_error.try_set(Some(error.message()));
                }
            }
        });
    };

    // Someone who isn't ready to choose can leave; the one-time password still works next time.
    let sign_out = move |_| {
        spawn_local(async move {
            let _ = store.clear().await;
            session.sign_out();
        });
    };

    view! {
        <main class="page auth" data-page="password">
            <h1>{words.title}</h1>
            <p class="lead">{words.lead}</p>
            <form class="auth-form" novalidate on:submit=on_submit>
                <TextField
                    id="password-current"
                    label=words.current_label
                    hint=words.current_hint
                    value=current
                    error=current_error
                    input_type="password"
                    autocomplete="current-password"
                />
                <TextField
                    id="password-new"
                    label="New password"
                    hint="At least 10 characters, and not a common one. A few unrelated words work well."
                    value=new_password
                    error=new_error
                    input_type="password"
                    autocomplete="new-password"
                />
                <p id="form-error" role="alert" class="form-error">{move || form_error.get()}</p>
                <button id="password-submit" type="submit" class="button primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { "Saving…" } else { "Save my password" }}
                </button>
            </form>
            {first_time.then(|| view! {
                <section class="sign-out">
                    <p class="hint">"Not a good time? You can sign out and choose your password when you next sign in."</p>
                    <button id="password-sign-out" type="button" class="button secondary" on:click=sign_out>
                        "Sign out"
                    </button>
                </section>
            })}
        </main>
    }
}
