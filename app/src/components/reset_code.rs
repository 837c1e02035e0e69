//! "Forgotten password?" for the practice: a project worker (for a patient on their caseload) or an
//! admin (for a worker) issues a one-time reset code, after checking who is asking. The code is
//! shown once, to read out; it works once, for 24 hours, and the patient's log records it.

use evenkeel_domain::recovery::ResetCode;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::account_api::AccountApi;
use crate::components::local_time;

/// The button and, once pressed, the code. `who` is the person's name, or "them".
#[component]
pub fn ResetCodeButton(person: Signal<Option<Uuid>>, is_worker: bool, who: String) -> impl IntoView {
    let api = AccountApi::expect();
    let code = RwSignal::new(None::<ResetCode>);
    let message = RwSignal::new(None::<String>);
    let issue = move |_| {
        let Some(person) = person.get_untracked() else {
            message.set(Some("That doesn't look like an account id. Copy it from when the account was made.".into()));
            return;
        };
        spawn_local(async move {
            match api.reset_code(person, is_worker).await {
                Ok(issued) => {
                    message.set(None);
                    code.set(Some(issued));
                }
                Err(error) => message.set(Some(error.message())),
            }
        });
    };
    view! {
        <p class="hint">{format!("Only after checking it really is {who}, by phone or in person. They enter the code on the sign-in page under \"Forgot your password?\".")}</p>
        <button type="button" class="button secondary wide issue-reset-code" on:click=issue>"Give a reset code"</button>
        <p class="form-message" role="status">{move || message.get()}</p>
        {move || code.get().map(|issued| view! {
            <p>"Read this out once. It works one time, until " {local_time::day_and_time(&issued.expires_at)} ":"</p>
            <p class="big-code reset-code">{issued.code}</p>
        })}
    }
}
