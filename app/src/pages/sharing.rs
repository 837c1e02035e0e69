//! Sharing (More → Sharing), for the patient: who can see my diary and what, change it, stop it,
//! confirm a project worker's enrolment, enter a code from the practice, and the way to invite
//! someone new and to see who has looked.

use evenkeel_domain::sharing::{LinkState, LinkView, Scope};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::components::scopes::{ScopeToggles, list, relation_word, state_word};
use crate::sharing_api::SharingApi;

/// "Shared with: Sam (carer) — pain, sleep; Jo (project worker) — pain" or the private line.
pub fn shared_with_line(links: &[LinkView]) -> String {
    let active: Vec<String> = links
        .iter()
        .filter(|l| l.state == LinkState::Active && !l.scopes.is_empty())
        .map(|l| format!("{} ({}) — {}", l.member_name, relation_word(l.relation), list(&l.scopes)))
        .collect();
    if active.is_empty() {
        "Only you can see your diary.".to_owned()
    } else {
        format!("Shared with: {}", active.join("; "))
    }
}

#[component]
pub fn Sharing() -> impl IntoView {
    let api = SharingApi::expect();
    let links = RwSignal::new(None::<Vec<LinkView>>);
    let load_error = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            match api.links().await {
                Ok(mut all) => {
                    all.retain(|l| l.state != LinkState::Revoked);
                    links.try_set(Some(all));
                    load_error.try_set(None);
                }
                Err(e) => {
                    load_error.try_set(Some(e.message()));
                }
            }
        })
    };
    reload();
    let reload = Callback::new(move |()| reload());

    view! {
        <main class="page sharing" data-page="sharing">
            <h1>"Sharing"</h1>
            <p class="lead">"You choose who sees your diary and which parts. You can change it or stop at any time."</p>
            <p class="shared-with" id="shared-with">
                {move || links.get().map(|l| shared_with_line(&l)).unwrap_or_else(|| "Checking who can see your diary…".into())}
            </p>
            <p class="form-error" role="alert">{move || load_error.get()}</p>

            <a class="button primary wide" id="invite-someone" href="/sharing/invite">"Invite someone"</a>

            <h2>"People who can see your diary"</h2>
            {move || match links.get() {
                None => view! { <p class="empty">"Loading…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! {
                    <p class="empty" id="no-links">"No one yet. Invite a carer or your project worker when you are ready — it is up to you."</p>
                }.into_any(),
                Some(list) => view! {
                    <ul class="link-list">
                        {list.into_iter().map(|link| view! { <LinkCard link=link reload=reload/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}

            <PracticeCode reload=reload/>

            <ul class="menu">
                <li><a class="menu-item" id="menu-audit" href="/sharing/audit">"Who has looked at my diary"</a></li>
            </ul>
        </main>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Showing,
    Editing,
    ConfirmStop,
}

#[component]
fn LinkCard(link: LinkView, reload: Callback<()>) -> impl IntoView {
    let api = SharingApi::expect();
    let id: Uuid = link.id;
    let invited = link.state == LinkState::Invited;
    let mode = RwSignal::new(if invited { Mode::Editing } else { Mode::Showing });
    let chosen = RwSignal::new(link.scopes.clone());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let name = link.member_name.clone();
    let who = format!("{} ({})", link.member_name, relation_word(link.relation));
    let sees = format!("Sees: {}", list(&link.scopes));

    let save = move |_| {
        if pending.get_untracked() {
            return;
        }
        let scopes: Vec<Scope> = chosen.get_untracked();
        if scopes.is_empty() {
            error.set(Some(
                "Choose at least one thing to share. To share nothing, use \"Stop sharing\" instead.".into(),
            ));
            return;
        }
        pending.set(true);
        spawn_local(async move {
            let result = api.update_link(id, scopes).await;
            pending.try_set(false);
            match result {
                Ok(_) => reload.run(()),
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
        });
    };
    let stop = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        spawn_local(async move {
            let result = api.revoke_link(id).await;
            pending.try_set(false);
            match result {
                Ok(_) => reload.run(()),
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
        });
    };
    let stop_name = name.clone();
    let edit_heading = if invited {
        format!("{name} would like to see parts of your diary. Choose what to share — nothing is shared until you do.")
    } else {
        format!("What can {name} see?")
    };
    let save_word = if invited { "Start sharing" } else { "Save changes" };

    view! {
        <li class="card link" data-link-id=id.to_string() data-state=link.state.as_str() data-member=link.member_name.clone()>
            <h3 class="link-who">{who}</h3>
            <p class="link-state">{state_word(link.state)}</p>
            {(!invited).then(|| view! { <p class="link-scopes">{sees}</p> })}
            {move || match mode.get() {
                Mode::Showing => view! {
                    <div class="form-actions">
                        <button type="button" class="button secondary" data-action="edit" on:click=move |_| mode.set(Mode::Editing)>
                            "Change what they see"
                        </button>
                        <button type="button" class="button secondary" data-action="stop" on:click=move |_| mode.set(Mode::ConfirmStop)>
                            "Stop sharing"
                        </button>
                    </div>
                }.into_any(),
                Mode::Editing => view! {
                    <div class="link-edit">
                        <p><strong>{edit_heading.clone()}</strong></p>
                        <ScopeToggles id_prefix=format!("link-{}", &id.simple().to_string()[..8]) chosen=chosen/>
                        <div class="form-actions">
                            <button type="button" class="button primary" data-action="save" on:click=save
                                aria-disabled=move || pending.get().then_some("true")>{save_word}</button>
                            {(!invited).then(|| view! {
                                <button type="button" class="button secondary" data-action="cancel" on:click=move |_| mode.set(Mode::Showing)>
                                    "Cancel"
                                </button>
                            })}
                            {invited.then(|| view! {
                                <button type="button" class="button secondary" data-action="stop" on:click=move |_| mode.set(Mode::ConfirmStop)>
                                    "Don't share"
                                </button>
                            })}
                        </div>
                    </div>
                }.into_any(),
                Mode::ConfirmStop => {
                    let question = format!("Stop sharing with {stop_name}?");
                    let detail = format!(
                        "{stop_name} will not see any of your diary from now on. Nothing in your diary is deleted. To share again later, you would send a new invite."
                    );
                    view! {
                        <div class="card warning confirm-stop" role="alert">
                            <p><strong>{question}</strong></p>
                            <p>{detail}</p>
                            <div class="form-actions">
                                <button type="button" class="button primary" data-action="confirm-stop" on:click=stop
                                    aria-disabled=move || pending.get().then_some("true")>"Yes, stop sharing"</button>
                                <button type="button" class="button secondary" data-action="keep" on:click=move |_| {
                                    mode.set(if invited { Mode::Editing } else { Mode::Showing })
                                }>"Keep sharing"</button>
                            </div>
                        </div>
                    }.into_any()
                }
            }}
            <p class="form-error" role="alert">{move || error.get()}</p>
        </li>
    }
}

/// "My practice gave me a code": a patient already signed in accepts a project worker's enrolment.
#[component]
fn PracticeCode(reload: Callback<()>) -> impl IntoView {
    let api = SharingApi::expect();
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
            let result = api.accept_enrolment(typed).await;
            pending.try_set(false);
            match result {
                Ok(_) => {
                    code.try_set(String::new());
                    reload.run(());
                }
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
        });
    };
    view! {
        <details class="practice-code">
            <summary id="practice-code-open">"My practice gave me a code"</summary>
            <form class="code-form" novalidate on:submit=on_submit>
                <div class="field">
                    <label for="enrolment-code">"Your code"</label>
                    <p class="hint" id="enrolment-code-hint">"8 letters and numbers, like ABCD-EFGH. Nothing is shared until you choose."</p>
                    <input id="enrolment-code" class="code-input" type="text" autocomplete="off" autocapitalize="characters"
                        spellcheck="false" aria-describedby="enrolment-code-hint" bind:value=code/>
                </div>
                <p class="form-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="button primary" id="enrolment-submit"
                    aria-disabled=move || pending.get().then_some("true")>"Use this code"</button>
            </form>
        </details>
    }
}
