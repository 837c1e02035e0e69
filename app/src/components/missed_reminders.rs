//! "You had a reminder at 20:00 to log your dose": on Today, one quiet line for each reminder that
//! came due since the app was last open (phone off, no signal, or a notification swiped away),
//! instead of a pile of notifications. "OK" puts them away.

use evenkeel_domain::reminders::missed_line;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::session::Session;

/// When Today was last open on this phone (an ISO instant).
const LAST_OPEN_KEY: &str = "evenkeel.last-open";

#[component]
pub fn MissedReminders() -> impl IntoView {
    let session = Session::expect();
    let lines = RwSignal::new(Vec::<String>::new());
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    let since = storage.as_ref().and_then(|s| s.get_item(LAST_OPEN_KEY).ok().flatten());
    if let Some(s) = &storage {
        let _ = s.set_item(LAST_OPEN_KEY, &String::from(js_sys::Date::new_0().to_iso_string()));
    }
    // Asked once, as soon as there is a token (the first open after signing in has no "since").
    Effect::new(move |asked: Option<bool>| {
        session.token_epoch();
        if asked == Some(true) {
            return true;
        }
        let (Some(since), Some(token)) = (since.clone(), session.access_token()) else { return false };
        spawn_local(async move {
            if let Ok(missed) = api::missed_reminders(&token, &since).await {
                lines.set(missed.iter().map(|m| missed_line(m.kind, m.local_time)).collect());
            }
        });
        true
    });

    move || {
        (!lines.with(Vec::is_empty)).then(|| {
            view! {
                <section class="card missed-reminders" id="missed-reminders" aria-label="Reminders while the app was closed">
                    {lines.get().into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
                    <button type="button" class="small-button" on:click=move |_| lines.set(Vec::new())>"OK"</button>
                </section>
            }
        })
    }
}
