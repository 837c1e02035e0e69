//! "You had a reminder at 20:00 to log your dose": on Today, one quiet line for each reminder that
//! came due since the app was last open (phone off, no signal, or a notification swiped away),
//! instead of a pile of notifications. "OK" puts them away.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::local_storage;
use crate::session::Session;

/// Until when the reminders were mentioned (an ISO instant). It moves on only once the server has
/// answered (and the lines, if any, were put away), so an open without signal loses nothing.
const SEEN_UNTIL_KEY: &str = "evenkeel.last-open";

thread_local! {
    /// The stored instant, read once per page load: Today may be drawn more than once while the
    /// session settles.
    static SINCE: std::cell::RefCell<Option<Option<String>>> = const { std::cell::RefCell::new(None) };
}

fn since() -> Option<String> {
    SINCE.with(|s| s.borrow_mut().get_or_insert_with(|| local_storage::get(SEEN_UNTIL_KEY)).clone())
}

fn seen_until(at: &str) {
    local_storage::set(SEEN_UNTIL_KEY, at);
    SINCE.with(|s| *s.borrow_mut() = Some(Some(at.to_owned())));
}

fn now() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

#[component]
pub fn MissedReminders() -> impl IntoView {
    let session = Session::expect();
    let lines = RwSignal::new(Vec::<String>::new());
    let asked_at = StoredValue::new(now());
    let Some(since) = since() else {
        // The first open on this phone: nothing to mention, start counting from now.
        seen_until(&now());
        return ().into_any();
    };
    // Asked once, as soon as there is a token.
    Effect::new(move |asked: Option<bool>| {
        session.token_epoch();
        if asked == Some(true) {
            return true;
        }
        let Some(token) = session.access_token() else { return false };
        let since = since.clone();
        spawn_local(async move {
            let Ok(missed) = api::missed_reminders(&token, &since).await else { return };
            if missed.is_empty() {
                seen_until(&asked_at.get_value());
            }
            lines.set(missed.into_iter().map(|m| m.line).collect());
        });
        true
    });
    let put_away = move |_| {
        seen_until(&asked_at.get_value());
        lines.set(Vec::new());
    };

    (move || {
        (!lines.with(Vec::is_empty)).then(|| {
            view! {
                <section class="card missed-reminders" id="missed-reminders" aria-label="Reminders while the app was closed">
                    {lines.get().into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
                    <button type="button" class="small-button" on:click=put_away>"OK"</button>
                </section>
            }
        })
    })
    .into_any()
}
