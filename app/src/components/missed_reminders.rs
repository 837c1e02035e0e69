//! "You had a reminder at 20:00 to log your dose": on Today, one quiet line for each reminder that
//! came due since the app was last open (phone off, no signal, or a notification swiped away),
//! instead of a pile of notifications. "OK" puts them away.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::session::Session;

/// When Today was last open on this phone (an ISO instant).
const LAST_OPEN_KEY: &str = "evenkeel.last-open";

thread_local! {
    /// The last open before this page load, read once: Today may be drawn more than once while
    /// the session settles, and only the first read sees the earlier open. `Some(None)` once the
    /// lines were put away.
    static SINCE: std::cell::RefCell<Option<Option<String>>> = const { std::cell::RefCell::new(None) };
}

fn since() -> Option<String> {
    SINCE.with(|since| {
        since
            .borrow_mut()
            .get_or_insert_with(|| {
                let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten())?;
                let before = storage.get_item(LAST_OPEN_KEY).ok().flatten();
                let _ = storage.set_item(LAST_OPEN_KEY, &String::from(js_sys::Date::new_0().to_iso_string()));
                before
            })
            .clone()
    })
}

#[component]
pub fn MissedReminders() -> impl IntoView {
    let session = Session::expect();
    let lines = RwSignal::new(Vec::<String>::new());
    let since = since();
    // Asked once, as soon as there is a token (the first open after signing in has no "since").
    Effect::new(move |asked: Option<bool>| {
        session.token_epoch();
        if asked == Some(true) {
            return true;
        }
        let (Some(since), Some(token)) = (since.clone(), session.access_token()) else { return false };
        spawn_local(async move {
            if let Ok(missed) = api::missed_reminders(&token, &since).await {
                lines.set(missed.into_iter().map(|m| m.line).collect());
            }
        });
        true
    });

    move || {
        (!lines.with(Vec::is_empty)).then(|| {
            view! {
                <section class="card missed-reminders" id="missed-reminders" aria-label="Reminders while the app was closed">
                    {lines.get().into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
                    <button type="button" class="small-button" on:click=move |_| {
                        SINCE.with(|s| *s.borrow_mut() = Some(None));
                        lines.set(Vec::new());
                    }>"OK"</button>
                </section>
            }
        })
    }
}
