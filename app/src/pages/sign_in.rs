//! Sign in with email and password. Errors from the server are shown in `#form-error`.

use evenkeel_domain::api::LoginRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::components::text_field::{TextField, focus_by_id};
use crate::components::top_bar::TopBar;
use crate::session::{Session, Status};

#[component]
pub fn SignIn() -> impl IntoView {
    let session = Session::expect();
    go_to_today_when_signed_in(session);

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);

    let email_error = Signal::derive(move || {
        (submitted.get() && email.with(|e| e.trim().is_empty())).then(|| "Please enter your email address.".to_owned())
    });
    let password_error = Signal::derive(move || {
        (submitted.get() && password.with(String::is_empty)).then(|| "Please enter your password.".to_owned())
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if pending.get_untracked() {
            return;
        }
        if email_error.get_untracked().is_some() {
            return focus_by_id("signin-email");
        }
        if password_error.get_untracked().is_some() {
            return focus_by_id("signin-password");
        }
        pending.set(true);
        form_error.set(None);
        let request =
            LoginRequest { email: email.get_untracked().trim().to_owned(), password: password.get_untracked() };
        spawn_local(async move {
            let result = session.sign_in(request).await;
            // The page may be gone already (signed in → Today): writes to it are then ignored.
            pending.try_set(false);
            if let Err(error) = result {
                form_error.try_set(Some(error.message()));
            }
        });
    };

    view! {
        <TopBar/>
        <main class="page auth" data-page="signin">
            <h1>"Welcome back"</h1>
            <p class="lead">"Sign in to your diary."</p>
            <form class="auth-form" novalidate on:submit=on_submit>
                <TextField
                    id="signin-email"
                    label="Email"
                    value=email
                    error=email_error
                    input_type="email"
                    autocomplete="username"
                    inputmode="email"
                />
                <TextField
                    id="signin-password"
                    label="Password"
                    value=password
                    error=password_error
                    input_type="password"
                    autocomplete="current-password"
                />
                <p id="form-error" role="alert" class="form-error">{move || form_error.get()}</p>
                <button id="signin-submit" type="submit" class="button primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
            <p class="switch">"New to Even Keel? " <a href="/signup">"Create an account"</a></p>
        </main>
    }
}

/// Once the session is signed in (after this form, or a silent refresh), move on to Today — or,
/// for someone who signed in with a one-time password, straight to choosing their own.
pub fn go_to_today_when_signed_in(session: Session) {
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.status() == Status::SignedIn {
            let to = if session.must_change_password() { "/password" } else { "/" };
            navigate(to, NavigateOptions { replace: true, ..Default::default() });
        }
    });
}
