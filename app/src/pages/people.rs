//! For carers: *People I support*; for project workers: *Caseload*. Each person with what they
//! share and where things stand, a tap away from their diary. Plus *Add a person* (accept a
//! patient's invite code) and, for workers, *Enrol a patient* (a code and QR).

use evenkeel_domain::api::Role;
use evenkeel_domain::sharing::{CodeResponse, LinkState, LinkView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::local_time;
use crate::components::qr::{QrCodeImage, join_link};
use crate::components::scopes::list;
use crate::router::Here;
use crate::session::Session;
use crate::sharing_api::SharingApi;

fn is_worker() -> bool {
    Session::expect().profile().is_some_and(|p| p.role == Role::Worker)
}

#[component]
pub fn People() -> impl IntoView {
    let api = SharingApi::expect();
    let worker = is_worker();
    let links = RwSignal::new(None::<Vec<LinkView>>);
    let error = RwSignal::new(None::<String>);
    spawn_local(async move {
        match api.links().await {
            Ok(mut all) => {
                all.retain(|l| l.state != LinkState::Revoked);
                all.sort_by_key(|a| a.patient_name.to_ascii_lowercase());
                links.try_set(Some(all));
            }
            Err(e) => {
                error.try_set(Some(e.message()));
            }
        }
    });
    let (title, page, empty) = if worker {
        (
            "Caseload",
            "caseload",
            "No patients yet. Enrol a patient with a code, or ask them to invite you from their Sharing page.",
        )
    } else {
        (
            "People I support",
            "people",
            "No one yet. When someone invites you, tap \"Add a person\" and type the code they gave you.",
        )
    };

    view! {
        <main class="page people" data-page=page>
            <h1>{title}</h1>
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || match links.get() {
                None => view! { <p class="empty">"Loading…"</p> }.into_any(),
                Some(all) if all.is_empty() => view! { <p class="empty" id="no-people">{empty}</p> }.into_any(),
                Some(all) => view! {
                    <ul class="menu people-list">
                        {all.into_iter().map(|l| {
                            let line = match l.state {
                                LinkState::Invited => "Waiting for them to choose what to share".to_owned(),
                                _ => format!("Shares: {}", list(&l.scopes)),
                            };
                            view! {
                                <li>
                                    <a class="menu-item person-item" href=format!("/people/{}", l.patient_id)
                                        data-patient-id=l.patient_id.to_string() data-state=l.state.as_str()>
                                        <span class="person-text">
                                            <span class="person-name">{l.patient_name.clone()}</span>
                                            <span class="person-shares">{line}</span>
                                            <span class="person-since">{format!("Linked since {}", local_time::day(&l.created_at))}</span>
                                        </span>
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <div class="people-actions">
                {worker.then(|| view! { <a class="button primary wide" id="enrol-patient" href="/caseload/enrol">"Enrol a patient"</a> })}
                <a class="button wide" class:primary=!worker class:secondary=worker id="add-person" href="/people/add">"Add a person"</a>
            </div>
        </main>
    }
}

/// A signed-in carer or worker types the code a patient gave them.
#[component]
pub fn AddPerson() -> impl IntoView {
    let api = SharingApi::expect();
    let here = Here::expect();
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let typed = code.get_untracked();
        if evenkeel_domain::sharing::code::normalize(&typed).is_none() {
            error.set(Some("A code has 8 letters and numbers, like ABCD-EFGH. Please check it and try again.".into()));
            return;
        }
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api.accept_invite(typed).await;
            pending.try_set(false);
            match result {
                Ok(link) => here.go(&format!("/people/{}", link.patient_id), false),
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
        });
    };
    view! {
        <main class="page add-person" data-page="add-person">
            <p class="back-row"><a class="back-button" href=crate::components::role_home::people_home()>"‹ Back"</a></p>
            <h1>"Add a person"</h1>
            <p class="lead">"Type the invite code they gave you. You will see only what they chose to share."</p>
            <form class="code-form" novalidate on:submit=on_submit>
                <div class="field">
                    <label for="invite-code-input">"Invite code"</label>
                    <p class="hint" id="invite-code-input-hint">"8 letters and numbers, like ABCD-EFGH."</p>
                    <input id="invite-code-input" class="code-input" type="text" autocomplete="off" autocapitalize="characters"
                        spellcheck="false" aria-describedby="invite-code-input-hint" bind:value=code/>
                </div>
                <p class="form-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="button primary wide" id="accept-code"
                    aria-disabled=move || pending.get().then_some("true")>"Add"</button>
            </form>
        </main>
    }
}

/// A project worker makes an enrolment code for a new patient.
#[component]
pub fn Enrol() -> impl IntoView {
    let api = SharingApi::expect();
    let made = RwSignal::new(None::<CodeResponse>);
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let make = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api.create_enrolment().await;
            pending.try_set(false);
            match result {
                Ok(code) => {
                    made.try_set(Some(code));
                }
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
        });
    };
    view! {
        <main class="page enrol" data-page="enrol">
            <p class="back-row"><a class="back-button" href="/caseload">"‹ Caseload"</a></p>
            <h1>"Enrol a patient"</h1>
            <p class="lead">"Make a code for the patient. They choose what to share with you; nothing is shared until they do."</p>
            {move || match made.get() {
                None => view! {
                    <p class="form-error" role="alert">{move || error.get()}</p>
                    <button type="button" class="button primary wide" id="make-enrolment" on:click=make
                        aria-disabled=move || pending.get().then_some("true")>"Make an enrolment code"</button>
                }.into_any(),
                Some(code) => {
                    let link = join_link("enrolment", &code.code);
                    view! {
                        <p class="big-code" id="enrolment-code">{code.code.clone()}</p>
                        <p class="code-expiry">"Works once, until " <strong>{local_time::day(&code.expires_at)}</strong>"."</p>
                        <p>"New to Even Keel: they tap \"Create an account\" → \"I have a code\". Already using it: More → Sharing → \"My practice gave me a code\"."</p>
                        <div class="qr-box">
                            <QrCodeImage text=link label=format!("QR code for enrolment code {}", code.code)/>
                        </div>
                        <button type="button" class="button secondary wide" on:click=move |_| made.set(None)>"Make another code"</button>
                    }.into_any()
                }
            }}
        </main>
    }
}
