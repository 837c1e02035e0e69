//! Today's quiet lines from elsewhere in the app, asked for together once there is a token:
//! - "You had a reminder at 20:00 to log your dose": one line for each reminder that came due since
//!   the app was last open (phone off, no signal, or a notification swiped away), instead of a pile
//!   of notifications. "OK" puts them away.
//! - From My plan: "This week's check-in: Walk to the park", "Your next session with Jo is
//!   tomorrow." Each opens My plan.
//!
//! Both are worded by the server and read with one type, in one task: the patient's core carries
//! none of their words and little code for them. The lines from My plan are remembered on the
//! phone (with whose they are), so they are in place from Today's first frame, and offline: lines
//! arriving later would push the rest of Today down while it is read.

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

/// The last lines from My plan: the id of the account they belong to on the first line, then one
/// line each (a line break inside one is kept as a space). Plain text rather than JSON, so the
/// core carries no serde code for it. Removed at sign-out with the rest of My plan
/// (`pages::plan::offline::forget`).
pub const PLAN_LINES_KEY: &str = "evenkeel.plan.today";

/// The remembered lines, if they are this person's.
fn remembered_plan(user: uuid::Uuid) -> Vec<String> {
    let kept = local_storage::get(PLAN_LINES_KEY).unwrap_or_default();
    let mut lines = kept.lines();
    if lines.next() != Some(user.to_string().as_str()) {
        return Vec::new();
    }
    lines.map(str::to_owned).collect()
}

fn remember_plan(user: uuid::Uuid, lines: &[String]) {
    let kept: Vec<String> =
        std::iter::once(user.to_string()).chain(lines.iter().map(|l| l.replace('\n', " "))).collect();
    local_storage::set(PLAN_LINES_KEY, &kept.join("\n"));
}

fn now() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

#[component]
pub fn TodayLines() -> impl IntoView {
    let session = Session::expect();
    let lines = RwSignal::new(Vec::<String>::new());
    let plan = RwSignal::new(Vec::<String>::new());
    // Whose remembered lines to show: known from the session, which Today waits for.
    Effect::new(move |shown: Option<bool>| {
        if shown == Some(true) {
            return true;
        }
        let Some(user) = session.user().map(|u| u.id) else { return false };
        if plan.with_untracked(Vec::is_empty) {
            plan.set(remembered_plan(user));
        }
        true
    });
    let asked_at = StoredValue::new(now());
    // On the first open on this phone there is nothing to mention: counting starts from now.
    let since = since();
    if since.is_none() {
        seen_until(&now());
    }
    // Asked once, as soon as there is a token.
    Effect::new(move |asked: Option<bool>| {
        session.token_epoch();
        if asked == Some(true) {
            return true;
        }
        let Some(token) = session.access_token() else { return false };
        let since = since.clone();
        spawn_local(async move {
            if let Some(since) = since
                && let Ok(missed) = api::missed_reminders(&token, &since).await
            {
                if missed.is_empty() {
                    seen_until(&asked_at.get_value());
                }
                lines.set(missed.into_iter().map(|m| m.line).collect());
            }
            if let Ok(got) = api::plan_today(&token).await {
                let got: Vec<String> = got.into_iter().map(|l| l.line).collect();
                if let Some(user) = untrack(|| session.user()).map(|u| u.id) {
                    remember_plan(user, &got);
                }
                plan.set(got);
            }
        });
        true
    });
    let put_away = move |_| {
        seen_until(&asked_at.get_value());
        lines.set(Vec::new());
    };

    view! {
        {move || (!lines.with(Vec::is_empty)).then(|| view! {
            <section class="card missed-reminders" id="missed-reminders" aria-label="Reminders while the app was closed">
                {lines.get().into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
                <button type="button" class="small-button" on:click=put_away>"OK"</button>
            </section>
        })}
        {move || (!plan.with(Vec::is_empty)).then(|| view! {
            <nav class="card plan-lines" id="plan-lines" aria-label="From My plan">
                {plan.get().into_iter().map(|l| view! { <a class="plan-line" href="/plan">{l}</a> }).collect_view()}
            </nav>
        })}
    }
}
