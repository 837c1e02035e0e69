//! Signed-in devices (More → Signed-in devices): each phone or computer signed in to the account,
//! when it first and last came by, and a way to sign out any of them — a lost phone, say. A device
//! signed out here finds out within 15 minutes and removes the diary from itself.

use evenkeel_domain::recovery::SessionView;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::account_api::AccountApi;
use crate::components::local_time;

#[component]
pub fn Devices() -> impl IntoView {
    let api = AccountApi::expect();
    let sessions = RwSignal::new(None::<Vec<SessionView>>);
    let message = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match api.sessions().await {
                Ok(list) => sessions.set(Some(list)),
                Err(error) => message.set(Some(error.message())),
            }
        });
    };
    load();
    let sign_out = move |session: SessionView| {
        spawn_local(async move {
            match api.end_session(session.id).await {
                Ok(()) => {
                    message.set(Some(format!(
                        "{} is signed out. It will ask for your password within 15 minutes.",
                        session.device
                    )));
                    load();
                }
                Err(error) => message.set(Some(error.message())),
            }
        });
    };
    let sign_out_others = move |_| {
        spawn_local(async move {
            match api.end_other_sessions().await {
                Ok(()) => {
                    message.set(Some(
                        "Every other device is signed out. Each will ask for your password within 15 minutes.".into(),
                    ));
                    load();
                }
                Err(error) => message.set(Some(error.message())),
            }
        });
    };
    let others = move || sessions.with(|s| s.as_ref().map_or(0, |s| s.iter().filter(|s| !s.this_device).count()));

    view! {
        <main class="page devices" data-page="devices">
            <p class="back-row"><a class="back-button" href="/more">"‹ More"</a></p>
            <h1>"Signed-in devices"</h1>
            <p class="lead">"The phones and computers signed in to your account. If one is lost, or isn't yours, sign it out here: it will ask for your password within 15 minutes, and your diary is removed from it."</p>
            <p class="form-message" role="status" id="devices-message">{move || message.get()}</p>
            {move || match sessions.get() {
                None => view! { <p class="hint">"Loading…"</p> }.into_any(),
                Some(list) => view! {
                    <ul class="device-list">
                        {list.into_iter().map(|s| {
                            let first = format!("Signed in {}", local_time::day(&s.first_seen));
                            let last = format!("Last used {}", local_time::day_and_time(&s.last_seen));
                            let this = s.this_device;
                            let device = s.device.clone();
                            view! {
                                <li class="card device" data-this=this.to_string()>
                                    <h2 class="device-name">{device}{this.then(|| view! { <span class="badge">"This phone"</span> })}</h2>
                                    <p class="hint">{first}<br/>{last}</p>
                                    {(!this).then(|| view! {
                                        <button type="button" class="button secondary sign-out-device" on:click=move |_| sign_out(s.clone())>
                                            "Sign out"
                                        </button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            {move || (others() > 1).then(|| view! {
                <button id="sign-out-others" type="button" class="button secondary wide" on:click=sign_out_others>
                    "Sign out every other device"
                </button>
            })}
        </main>
    }
}
