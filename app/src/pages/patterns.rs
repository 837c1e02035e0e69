//! Patterns: what the diary shows over the last 7, 28 or 90 days, worked out on this phone from the
//! local store (so it works offline) with the same engine the server uses
//! (`evenkeel_domain::patterns::compute`). "What stands out" lists the engine's findings; then one card
//! per chart, each with its one-sentence takeaway above it and "What this shows" on tap. Observations
//! to talk over with the care team — never scores, streaks or verdicts.
//!
//! Built with the `bench` feature (never in production), `/patterns?bench=1` times the engine on two
//! years of made-up diary instead (see `bench`).

#[cfg(feature = "bench")]
mod bench;

use chrono::Days;
use evenkeel_domain::diary::EntryData;
use evenkeel_domain::patterns::{PatternInput, Patterns as Found, compute};
use evenkeel_domain::plan::pacing::{PacingUnit, days_well_over, well_over_line};
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::charts::{Voice, cards_with, short_date};
use crate::pages::plan::offline;
use crate::plan_api::PlanApi;
use crate::session::Session;
use crate::store::{Store, clock};

const PERIODS: [usize; 3] = [7, 28, 90];

#[component]
pub fn Patterns() -> impl IntoView {
    #[cfg(feature = "bench")]
    if crate::router::Here::expect().query("bench").is_some() {
        return view! { <bench::Bench/> }.into_any();
    }
    let store = Store::expect();
    let period = RwSignal::new(28usize);
    // Every live entry, parsed once per change to the store.
    let pairs = Memo::new(move |_| {
        store.live(&[]).into_iter().filter_map(|row| Some((row.id, row.entry()?))).collect::<Vec<(Uuid, EntryData)>>()
    });
    let found = Memo::new(move |_| {
        let n = period.get();
        let today = clock::today();
        let from = today.checked_sub_days(Days::new(n as u64 - 1)).unwrap_or(today);
        pairs.with(|pairs| compute(&PatternInput::new(pairs.iter().cloned(), from, today, today)))
    });
    // The pacing plans as My plan last saw them, then fresh when there is a connection.
    let pacing = RwSignal::new(offline::pacing());
    // The medicine plan against the doses logged, from the server (online only).
    let plan_days = RwSignal::new(None::<evenkeel_domain::plan::medicine::PlanDays>);
    let session = Session::expect();
    let api = PlanApi::expect();
    Effect::new(move |asked: Option<bool>| {
        session.token_epoch();
        let me = offline::me(session.user().map(|u| u.id));
        if asked == Some(true) || session.access_token().is_none() {
            return asked.unwrap_or(false);
        }
        let Some(me) = me else { return false };
        leptos::task::spawn_local(async move {
            if let Ok(plans) = api.pacing(me).await {
                offline::save_pacing(&plans);
                pacing.set(plans);
            }
            if let Ok(days) = api.medicine_plan_days(me).await {
                plan_days.set(Some(days));
            }
        });
        true
    });
    let pacing_notes = Memo::new(move |_| {
        let n = period.get();
        let today = clock::today();
        let from = today.checked_sub_days(Days::new(n as u64 - 1)).unwrap_or(today);
        let activities: Vec<_> = pairs.with(|pairs| {
            pairs
                .iter()
                .filter_map(|(_, e)| match e {
                    EntryData::Activity(a) => Some(a.clone()),
                    _ => None,
                })
                .collect()
        });
        pacing.with(|plans| {
            plans
                .iter()
                .filter(|p| p.unit == PacingUnit::Minutes)
                .filter_map(|p| {
                    let over = days_well_over(&p.activity, p.target, from, today, &activities);
                    well_over_line(&p.activity, p.target, &over)
                })
                .collect::<Vec<_>>()
        })
    });

    view! {
        <main class="page patterns" data-page="patterns">
            <h1>"Patterns"</h1>
            <div class="segmented" role="group" aria-label="Show the last">
                {PERIODS
                    .iter()
                    .map(|n| {
                        let n = *n;
                        view! {
                            <button type="button" id=format!("period-{n}") data-period=n
                                aria-pressed=move || (period.get() == n).to_string()
                                on:click=move |_| period.set(n)>
                                {format!("{n} days")}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            {move || {
                if !store.loaded() {
                    return view! { <p class="empty">"Opening your diary…"</p> }.into_any();
                }
                let n = period.get();
                found.with(|p| body(p, n, pacing_notes.get()))
            }}
            {move || plan_days.with(|d| d.as_ref().map(crate::components::charts::medicine_plan::card))}
        </main>
    }
    .into_any()
}

fn body(p: &Found, n: usize, pacing_notes: Vec<String>) -> AnyView {
    let logged = p.days.iter().filter(|d| d.entries > 0).count();
    let range = match (p.days.first(), p.days.last()) {
        (Some(a), Some(b)) => format!("{} to {}", short_date(a.date), short_date(b.date)),
        _ => String::new(),
    };
    if logged == 0 {
        return view! {
            <p class="period-range" id="period-range">{range}</p>
            <div class="card empty-state" id="patterns-empty">
                <h2>"Nothing to show for these days yet"</h2>
                <p>"Log a few days of pain and doses — patterns appear after about a week."</p>
                <p>"Each one takes a tap or two on Today."</p>
                <a class="button" href="/">"Go to Today"</a>
            </div>
        }
        .into_any();
    }
    let few = (logged < 5).then(|| {
        view! {
            <p class="few-days" id="few-days">
                {format!(
                    "You have logged on {logged} of these days so far. Patterns get clearer after about a week."
                )}
            </p>
        }
    });
    let findings = if p.findings.is_empty() {
        view! { <p>"Nothing stands out yet. Keep logging when you can and this will fill in."</p> }.into_any()
    } else {
        let items = p.findings.iter().map(|f| view! { <li>{f.takeaway.clone()}</li> }).collect_view();
        view! { <ul class="findings">{items}</ul> }.into_any()
    };
    view! {
        <p class="period-range" id="period-range">{format!("{range} · {logged} days with entries")}</p>
        {few}
        <section class="card stands-out" id="stands-out" aria-labelledby="stands-out-title">
            <h2 id="stands-out-title">"What stands out"</h2>
            {findings}
        </section>
        {cards_with(p, &Voice::own(n), pacing_notes)}
        <p class="patterns-note">
            "These are observations to talk over with your care team — not scores or verdicts. "
            "They are worked out on this phone from your own diary."
        </p>
    }
    .into_any()
}
