//! Relaxation practice: minutes practised each day as bars, told as an observation (minutes a week,
//! and how the person felt before and after where they rated it). Never a score, a streak or a nag.

use evenkeel_domain::patterns::{FindingKind, Patterns};
use evenkeel_domain::sharing::Scope;
use leptos::prelude::*;

use super::{ChartCard, DayAxis, Panel, Voice, bars_path, date_labels, nice_max, panel_frame, svg, takeaway_of};

const EXPLAIN: &[&str] = &[
    "Each bar is the minutes of relaxation or breathing practice logged that day, with the pacer or a track.",
    "\"How do you feel\" is asked before and after, if {you} want to answer: 0 is very tense or unwell, 10 very calm and comfortable.",
];

/// Minutes (and feeling before and after), then pain around sessions where there is enough.
pub fn takeaway(p: &Patterns, v: &Voice) -> String {
    let main = takeaway_of(p, v, &[FindingKind::RelaxationPractice])
        .unwrap_or_else(|| "No relaxation practice logged in these days.".into());
    match takeaway_of(p, v, &[FindingKind::RelaxationPain]) {
        Some(pain) => format!("{main} {pain}"),
        None => main,
    }
}

pub fn card(p: &Patterns, v: &Voice) -> AnyView {
    if !v.sees(Scope::Relaxation) {
        return ().into_any();
    }
    let body = if p.days.iter().any(|d| d.relaxation_minutes > 0) {
        chart(p)
    } else {
        v.empty(
            "No relaxation practice logged in these days.",
            "Try the breathing pacer or a track in Relax — the minutes show here.",
        )
    };
    view! {
        <ChartCard id="practice" title="Relaxation practice" takeaway=takeaway(p, v) explain=v.explain(EXPLAIN)>
            {body}
        </ChartCard>
    }
    .into_any()
}

fn chart(p: &Patterns) -> AnyView {
    let days = &p.days;
    let axis = DayAxis::new(days.len(), 8.0);
    let minutes: Vec<f64> = days.iter().map(|d| f64::from(d.relaxation_minutes)).collect();
    let top = nice_max(minutes.iter().copied().fold(0.0, f64::max));
    let panel = Panel { top: 24.0, height: 96.0, min: 0.0, max: top };
    let zeros = vec![0.0; days.len()];
    let body = view! {
        {panel_frame(axis, panel, "Minutes practised".into(), &[0.0, top], "")}
        <path d=bars_path(axis, panel, &zeros, &minutes) class="b-active"/>
        {date_labels(axis, days, panel.bottom() + 16.0)}
    }
    .into_any();
    let total: u32 = days.iter().map(|d| d.relaxation_minutes).sum();
    let practised = days.iter().filter(|d| d.relaxation_minutes > 0).count();
    let label = format!("Bar chart of relaxation minutes each day: {total} minutes on {practised} days.");
    let rows = days
        .iter()
        .filter(|d| d.relaxation_minutes > 0)
        .map(|d| view! { <tr><th scope="row">{super::day_name(d.date)}</th><td>{d.relaxation_minutes}</td></tr> })
        .collect_view();
    view! {
        {svg(panel.bottom() + 22.0, label, body)}
        <div class="chart-sr">
            <table>
                <caption>"Minutes of relaxation practice each day"</caption>
                <thead><tr><th scope="col">"Day"</th><th scope="col">"Minutes"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
