//! Turning notifications on for this phone, as one clear step: first what will arrive (and that
//! no health details are ever in one), then the browser's question, asked from the tap itself.
//! On an iPhone tab it explains the Home Screen first; after a "no" it says once how to allow
//! them in settings, and never asks again.

use evenkeel_domain::reminders::PushSubscriptionRequest;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::browser::{self, Support};
use crate::reminders_api::RemindersApi;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Working it out (is there a subscription on this phone?).
    Checking,
    Off(Support),
    On,
}

#[component]
pub fn Notifications() -> impl IntoView {
    let api = RemindersApi::expect();
    let state = RwSignal::new(State::Checking);
    let public_key = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let denied_help = RwSignal::new(!browser::denied_help_seen());

    spawn_local(async move {
        // On when this phone turned them on (the server keeps its subscription) and may still
        // show them. A subscription the browser has lost since comes back as "removed" from the
        // next test, which turns this back to off.
        let support = browser::support();
        let here = support == Support::Granted && browser::get(browser::SUBSCRIPTION_ID).is_some();
        state.set(if here { State::On } else { State::Off(support) });
        // Fetched before the tap, so the tap can ask the browser straight away.
        match api.public_key().await {
            Ok(key) => public_key.set(Some(key)),
            Err(e) => message.set(Some(e.message())),
        }
    });

    let turn_on = move |_| {
        let Some(key) = public_key.get_untracked() else {
            message.set(Some("Notifications need a connection to turn on. Please try again with signal.".into()));
            return;
        };
        message.set(None);
        busy.set(true);
        // Asked now, inside the tap.
        let asked = browser::subscribe(&key);
        spawn_local(async move {
            let result = match asked.await {
                Ok(json) => save_subscription(api, json.as_string().unwrap_or_default()).await,
                // The person said no: the screen explains, with no message on top.
                Err(_) if browser::support() == Support::Denied => Err(None),
                Err(_) => Err(Some(
                    "This phone couldn't reach its notification service just now. Please try again later; \
                     your reminders still show in the app."
                        .to_owned(),
                )),
            };
            busy.set(false);
            match result {
                Ok(()) => state.set(State::On),
                Err(problem) => {
                    message.set(problem);
                    state.set(State::Off(browser::support()));
                }
            }
        });
    };

    let send_test = move |_| {
        message.set(None);
        busy.set(true);
        spawn_local(async move {
            let said = match api.send_test().await {
                Ok(r) if r.sent > 0 => "Sent. It should arrive in a few seconds.".to_owned(),
                Ok(r) if r.removed > 0 => {
                    browser::remove(browser::SUBSCRIPTION_ID);
                    state.set(State::Off(browser::support()));
                    "This phone's notifications had been switched off. Please turn them on again.".to_owned()
                }
                Ok(_) => "The notification service didn't answer. Please try again in a minute.".to_owned(),
                Err(e) => e.message(),
            };
            busy.set(false);
            message.set(Some(said));
        });
    };

    let turn_off = move |_| {
        busy.set(true);
        spawn_local(async move {
            if let Some(id) = browser::get(browser::SUBSCRIPTION_ID).and_then(|s| s.parse::<Uuid>().ok()) {
                let _ = api.unsubscribe(id).await;
            }
            let _ = browser::push_unsubscribe().await;
            browser::remove(browser::SUBSCRIPTION_ID);
            busy.set(false);
            state.set(State::Off(browser::support()));
        });
    };

    view! {
        <section class="card notifications" id="notifications" aria-labelledby="notifications-title">
            <h2 id="notifications-title">"Notifications on this phone"</h2>
            {move || match state.get() {
                State::Checking => view! { <p class="hint">"Checking this phone…"</p> }.into_any(),
                State::On => view! {
                    <p id="notifications-on">"Notifications are on. Reminders arrive at the times you set."</p>
                    <div class="form-actions">
                        <button id="send-test" type="button" class="button primary" disabled=move || busy.get() on:click=send_test>"Send a test"</button>
                        <button id="notifications-off" type="button" class="button secondary" disabled=move || busy.get() on:click=turn_off>"Turn off on this phone"</button>
                    </div>
                }.into_any(),
                State::Off(Support::NeedsHomeScreen) => view! {
                    <p>"On iPhone, notifications work once Even Keel is on your Home Screen (iOS 16.4 or later):"</p>
                    <ol class="steps">
                        <li>"Tap the Share button in Safari."</li>
                        <li>"Choose “Add to Home Screen”."</li>
                        <li>"Open Even Keel from its new icon, and come back here."</li>
                    </ol>
                    <p class="hint">"Your reminders still show in the app whenever you open it."</p>
                }.into_any(),
                State::Off(Support::Unsupported) => view! {
                    <p>"This browser can't show notifications. Your reminders still show in the app whenever you open it."</p>
                }.into_any(),
                State::Off(Support::Denied) => view! {
                    {move || if denied_help.get() {
                        view! {
                            <div id="notifications-denied">
                                <p>"Notifications are blocked for Even Keel in this browser, so reminders only show in the app."</p>
                                <p>"If you'd like them, you can allow them in your settings: in Chrome, tap the icon beside the address, then Permissions, then Notifications. On iPhone: Settings, then Notifications, then Even Keel."</p>
                                <button type="button" class="button secondary" on:click=move |_| {
                                    browser::put_denied_help_away();
                                    denied_help.set(false);
                                }>"OK"</button>
                            </div>
                        }.into_any()
                    } else {
                        view! { <p class="hint">"Notifications are blocked in this browser's settings."</p> }.into_any()
                    }}
                }.into_any(),
                State::Off(_) => view! {
                    <p>"Even Keel can send a gentle nudge at the times you choose, like “A moment to note how your pain is, if you'd like”."</p>
                    <p><strong>"No health details are ever in a notification"</strong>" — no scores, doses or medicine names — because a phone's lock screen can be seen by others."</p>
                    <p class="hint">"Your browser will ask whether to allow notifications."</p>
                    <button id="notifications-on-button" type="button" class="button primary wide" disabled=move || busy.get() || public_key.with(Option::is_none) on:click=turn_on>
                        "Turn on notifications"
                    </button>
                }.into_any(),
            }}
            <p class="form-message" role="status" id="notifications-message">{move || message.get()}</p>
        </section>
    }
}

/// Sends the browser's subscription to the server and remembers its id; `Err(Some(message))`
/// for a problem worth saying, `Err(None)` when the person said no (the screen explains).
async fn save_subscription(api: RemindersApi, json: String) -> Result<(), Option<String>> {
    let request: PushSubscriptionRequest = serde_json::from_str(&json)
        .map_err(|_| Some("This browser gave an unusual answer. Please try again.".to_owned()))?;
    let id = api.subscribe(&request).await.map_err(|e| Some(e.message()))?;
    browser::set(browser::SUBSCRIPTION_ID, &id.to_string());
    Ok(())
}
