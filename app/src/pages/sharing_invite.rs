//! Invite someone (Sharing → Invite someone): who (a carer or my project worker), what they may see,
//! then a code to give them — big, grouped, with when it stops working and a QR code to scan.

use evenkeel_domain::sharing::{CodeResponse, Relation, Scope};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::local_time;
use crate::components::qr::{QrCodeImage, join_link};
use crate::components::scopes::{ScopeToggles, list};
use crate::sharing_api::SharingApi;

#[component]
pub fn SharingInvite() -> impl IntoView {
    let api = SharingApi::expect();
    let relation = RwSignal::new(None::<Relation>);
    let chosen = RwSignal::new(Vec::<Scope>::new());
    let made = RwSignal::new(None::<CodeResponse>);
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    let make = move |_| {
        if pending.get_untracked() {
            return;
        }
        let Some(rel) = relation.get_untracked() else {
            error.set(Some("First choose who you are inviting.".into()));
            return;
        };
        let scopes = chosen.get_untracked();
        if scopes.is_empty() {
            error.set(Some("Choose at least one part of your diary to share.".into()));
            return;
        }
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api.create_invite(rel, scopes).await;
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

    let pick = move |rel: Relation| {
        let pressed = move || (relation.get() == Some(rel)).to_string();
        let (id, title, what) = match rel {
            Relation::Carer => (
                "invite-carer",
                "A carer",
                "Family or a friend who helps you. They make their own account with the code.",
            ),
            Relation::Worker => (
                "invite-worker",
                "My project worker",
                "Someone at your GP practice. They enter the code in their worker account.",
            ),
        };
        view! {
            <button type="button" class="choice-card" id=id aria-pressed=pressed on:click=move |_| {
                relation.set(Some(rel));
                error.set(None);
            }>
                <span class="choice-title">{title}</span>
                <span class="choice-what">{what}</span>
            </button>
        }
    };

    view! {
        <main class="page sharing-invite" data-page="sharing-invite">
            <p class="back-row"><a class="back-button" href="/sharing">"‹ Sharing"</a></p>
            {move || match made.get() {
                None => view! {
                    <h1>"Invite someone"</h1>
                    <h2>"Who are you inviting?"</h2>
                    <div class="choice-cards">{pick(Relation::Carer)}{pick(Relation::Worker)}</div>
                    <h2>"What may they see?"</h2>
                    <p class="hint">"Only what you switch on. You can change this later, or stop sharing at any time."</p>
                    <ScopeToggles id_prefix="invite-scope" chosen=chosen/>
                    <p class="form-error" role="alert" id="invite-error">{move || error.get()}</p>
                    <button type="button" class="button primary wide" id="make-code" on:click=make
                        aria-disabled=move || pending.get().then_some("true")>
                        {move || if pending.get() { "Making a code…" } else { "Make an invite code" }}
                    </button>
                }.into_any(),
                Some(code) => {
                    let rel = relation.get_untracked().unwrap_or(Relation::Carer);
                    let link = join_link("invite", &code.code);
                    let what = list(&chosen.get_untracked());
                    let how = match rel {
                        Relation::Carer => if cfg!(feature = "qr") {
                            "Your carer opens Even Keel, taps \"Create an account\", then \"I have a code\" and types this code. Or they scan the square with their phone camera."
                        } else {
                            "Your carer opens Even Keel, taps \"Create an account\", then \"I have a code\" and types this code."
                        },
                        Relation::Worker => "Your project worker signs in to their worker account, taps \"Add a person\" and types this code.",
                    };
                    view! {
                        <h1>"Your invite code"</h1>
                        <p class="lead">"Give this code to the person you are inviting. It works once."</p>
                        <p class="big-code" id="invite-code" aria-label=format!("Code: {}", code.code.chars().map(String::from).collect::<Vec<_>>().join(" "))>
                            {code.code.clone()}
                        </p>
                        <p class="code-expiry" id="invite-expiry">"It stops working on " <strong>{local_time::day(&code.expires_at)}</strong>"."</p>
                        <p>"They will see: " <strong>{what}</strong>"."</p>
                        <p>{how}</p>
                        <div class="qr-box">
                            {(rel == Relation::Carer).then(|| view! {
                                <QrCodeImage text=link label=format!("QR code for invite code {}", code.code)/>
                            })}
                        </div>
                        <a class="button secondary wide" href="/sharing" id="invite-done">"Done"</a>
                    }.into_any()
                }
            }}
        </main>
    }
}
