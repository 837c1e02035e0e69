//! Create an account. Each field is checked as the person types with the same rules the server
//! uses (`evenkeel_domain::account`), and the message sits right under the field.

use evenkeel_domain::account::{DisplayName, Email, NewPassword, TimeZoneName};
use evenkeel_domain::api::RegisterRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::text_field::{TextField, focus_by_id};
use crate::components::top_bar::TopBar;
use crate::router::Here;
use crate::session::{Session, Status};

/// Used when the browser cannot tell us its time zone. Even Keel is a UK service.
const FALLBACK_TIME_ZONE: &str = "Europe/London";

#[component]
pub fn SignUp() -> impl IntoView {
    // Outside the shell: nothing to wait for before the form shows.
    crate::parts::reveal();
    let session = Session::expect();
    go_to_today_when_signed_in(session);

    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let time_zone = RwSignal::new(browser_time_zone());
    let name_touched = RwSignal::new(false);
    let email_touched = RwSignal::new(false);
    let submitted = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);
    // "I have a code": a patient's invite (joining as a carer) or a practice's enrolment code. A link
    // from a QR code (`/signup?invite=…` or `?enrolment=…`) fills it in.
    let here = Here::expect();
    let (start_kind, start_code) = match (here.query("invite"), here.query("enrolment")) {
        (Some(c), _) => (Some(CodeKind::Invite), c),
        (None, Some(c)) => (Some(CodeKind::Enrolment), c),
        (None, None) => (None, String::new()),
    };
    let code_kind = RwSignal::new(start_kind);
    let code = RwSignal::new(start_code.clone());
    let code_open = !start_code.is_empty();
    let code_error = Signal::derive(move || {
        let kind = code_kind.get();
        let typed = code.get();
        let has_code = !typed.trim().is_empty();
        if !submitted.get() || (kind.is_none() && !has_code) {
            return None;
        }
        if kind.is_none() {
            return Some("Please say who gave you the code.".to_owned());
        }
        (evenkeel_domain::sharing::code::normalize(&typed).is_none())
            .then(|| "A code has 8 letters and numbers, like ABCD-EFGH. Please check it.".to_owned())
    });

    // Name and email wait until the person leaves the field; the password is checked as they type.
    let name_error = Signal::derive(move || {
        let show = submitted.get() || name_touched.get();
        show.then(|| name.with(|n| DisplayName::parse(n).err().map(|e| e.to_string()))).flatten()
    });
    let email_error = Signal::derive(move || {
        let show = submitted.get() || email_touched.get();
        show.then(|| email.with(|e| Email::parse(e).err().map(|e| e.to_string()))).flatten()
    });
    let password_error = Signal::derive(move || {
        let show = submitted.get() || password.with(|p| !p.is_empty());
        show.then(|| password.with(|p| NewPassword::parse(p).err().map(|e| e.to_string()))).flatten()
    });
    let time_zone_error =
        Signal::derive(move || time_zone.with(|tz| TimeZoneName::parse(tz).err().map(|e| e.to_string())));

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if pending.get_untracked() {
            return;
        }
        let checks = [
            ("signup-name", name_error),
            ("signup-email", email_error),
            ("signup-password", password_error),
            ("signup-tz", time_zone_error),
            ("signup-code", code_error),
        ];
        if let Some((id, _)) = checks.iter().find(|(_, error)| error.get_untracked().is_some()) {
            return focus_by_id(id);
        }
        pending.set(true);
        form_error.set(None);
        let request = RegisterRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            display_name: name.get_untracked().trim().to_owned(),
            time_zone: time_zone.get_untracked().trim().to_owned(),
            invite_code: None,
            enrolment_code: None,
        };
        let typed = code.get_untracked().trim().to_owned();
        let request = match code_kind.get_untracked() {
            Some(CodeKind::Invite) if !typed.is_empty() => RegisterRequest { invite_code: Some(typed), ..request },
            Some(CodeKind::Enrolment) if !typed.is_empty() => {
                RegisterRequest { enrolment_code: Some(typed), ..request }
            }
            _ => request,
        };
        spawn_local(async move {
            let result = session.sign_up(request).await;
            pending.try_set(false);
            if let Err(error) = result {
                form_error.try_set(Some(error.message()));
            }
        });
    };

    view! {
        <TopBar/>
        <main class="page auth" data-page="signup">
            <h1>"Create your account"</h1>
            <p class="lead">"It takes a minute. Your diary is private: only people you choose can see it."</p>
            <form class="auth-form" novalidate on:submit=on_submit>
                <TextField
                    id="signup-name"
                    label="What should we call you?"
                    hint="A first name or a nickname is fine."
                    value=name
                    error=name_error
                    touched=name_touched
                    autocomplete="nickname"
                />
                <TextField
                    id="signup-email"
                    label="Email"
                    hint="You'll use this to sign in."
                    value=email
                    error=email_error
                    touched=email_touched
                    input_type="email"
                    autocomplete="email"
                    inputmode="email"
                />
                <TextField
                    id="signup-password"
                    label="Choose a password"
                    hint="At least 10 characters. A few unrelated words work well."
                    value=password
                    error=password_error
                    input_type="password"
                    autocomplete="new-password"
                />
                <div class="time-zone">
                    <p>
                        "Time zone: " <strong>{move || time_zone.get()}</strong>
                        " (from this phone). We use it to put your entries on the right day."
                    </p>
                    <details>
                        <summary>"Change time zone"</summary>
                        <TextField
                            id="signup-tz"
                            label="Time zone"
                            hint="For example Europe/London."
                            value=time_zone
                            error=time_zone_error
                            autocomplete="off"
                        />
                    </details>
                </div>
                <details class="have-code" open=code_open>
                    <summary id="signup-has-code">"I have a code"</summary>
                    <p class="choice-label" id="code-kind-label">"Who gave you the code?"</p>
                    <div class="choice-cards" role="radiogroup" aria-labelledby="code-kind-label">
                        <button type="button" role="radio" class="choice-card" id="signup-code-carer"
                            aria-checked=move || (code_kind.get() == Some(CodeKind::Invite)).to_string()
                            on:click=move |_| code_kind.set(Some(CodeKind::Invite))>
                            <span class="choice-title">"Someone I support"</span>
                            <span class="choice-what">"They invited me to see parts of their diary. I'm joining as a carer."</span>
                        </button>
                        <button type="button" role="radio" class="choice-card" id="signup-code-practice"
                            aria-checked=move || (code_kind.get() == Some(CodeKind::Enrolment)).to_string()
                            on:click=move |_| code_kind.set(Some(CodeKind::Enrolment))>
                            <span class="choice-title">"My GP practice"</span>
                            <span class="choice-what">"My project worker gave me a code to join their service."</span>
                        </button>
                    </div>
                    <TextField
                        id="signup-code"
                        label="Your code"
                        hint="8 letters and numbers, like ABCD-EFGH."
                        value=code
                        error=code_error
                        autocomplete="off"
                    />
                </details>
                <p id="form-error" role="alert" class="form-error">{move || form_error.get()}</p>
                <button id="signup-submit" type="submit" class="button primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { "Creating your account…" } else { "Create my account" }}
                </button>
            </form>
            <p class="switch">"Already have an account? " <a href="/signin">"Sign in"</a></p>
        </main>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeKind {
    /// A patient's invite: the new account is a carer's.
    Invite,
    /// A project worker's enrolment code: the new account is a patient's, linked to that worker.
    Enrolment,
}

/// The IANA time zone the browser is set to, e.g. "Europe/London".
pub(crate) fn browser_time_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|tz| tz.as_string())
        .filter(|tz| TimeZoneName::parse(tz).is_ok())
        .unwrap_or_else(|| FALLBACK_TIME_ZONE.to_owned())
}

/// Once the session is signed in (after this form, or a silent refresh), move on to Today — or,
/// for someone who signed in with a one-time password, straight to choosing their own.
fn go_to_today_when_signed_in(session: Session) {
    let here = Here::expect();
    Effect::new(move |_| {
        if session.status() == Status::SignedIn {
            let to = if session.must_change_password() { "/password" } else { "/" };
            here.go(to, true);
        }
    });
}
