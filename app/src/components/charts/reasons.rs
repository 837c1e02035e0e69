//! Why doses were taken: one bar per reason ticked, most often first, with the reason in words above
//! its bar and the count at the bar's end. A dose can have more than one reason, or none.

use evenkeel_domain::patterns::{FindingKind, Patterns};
use evenkeel_domain::sharing::Scope;
use leptos::prelude::*;

use super::{ChartCard, Voice, W, svg, takeaway_of, u};

const EXPLAIN: &[&str] = &[
    "Each bar is one of the reasons {you} can tick when logging a dose. Its length is how many doses were given that reason.",
    "A dose can have more than one reason ticked, or none, so the bars don't have to add up to the number of doses.",
    "Noticing reasons other than pain — stress, sleep, feeling low — is useful to talk over with {your} care team; it is common and nothing to be ashamed of.",
];

const ROW: f64 = 40.0;
const COUNT_ROOM: f64 = 64.0;

pub fn takeaway(p: &Patterns, v: &Voice) -> String {
    if let Some(t) = takeaway_of(p, v, &[FindingKind::TopReason, FindingKind::DosesWithoutPainRise]) {
        return t;
    }
    match p.reasons.first() {
        Some(top) => v.say(&format!(
            "The reason {{you}} ticked most often {} was \u{201c}{}\u{201d} ({} doses).",
            v.period(),
            top.reason.label(),
            top.doses
        )),
        None => "No reasons ticked for doses in these days.".into(),
    }
}

pub fn card(p: &Patterns, v: &Voice) -> AnyView {
    if !v.sees(Scope::Doses) {
        return ().into_any();
    }
    let body = if p.reasons.iter().any(|r| r.doses > 0) {
        chart(p)
    } else {
        v.empty(
            "No reasons ticked yet.",
            "After you log a dose you can tap why — pain, stress, to sleep and so on. It is optional and takes one tap.",
        )
    };
    view! {
        <ChartCard id="reasons" title="Reasons for doses" takeaway=takeaway(p, v) explain=v.explain(EXPLAIN)>
            {body}
        </ChartCard>
    }
    .into_any()
}

fn chart(p: &Patterns) -> AnyView {
    let reasons: Vec<_> = p.reasons.iter().filter(|r| r.doses > 0).collect();
    let max = reasons.iter().map(|r| r.doses).max().unwrap_or(1).max(1);
    let room = W - COUNT_ROOM;
    let height = reasons.len() as f64 * ROW + 4.0;
    let rows = reasons
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = i as f64 * ROW;
            let w = (f64::from(r.doses) / f64::from(max) * room).max(2.0);
            let doses = if r.doses == 1 { "dose" } else { "doses" };
            view! {
                <text x="0" y=u(y + 14.0) class="bar-label">{r.reason.label()}</text>
                <rect x="0" y=u(y + 19.0) width=u(w) height="16" rx="2" class="b-reason"/>
                <text x=u(w + 6.0) y=u(y + 32.0) class="count">{format!("{} {doses}", r.doses)}</text>
            }
        })
        .collect_view();
    let label = format!(
        "Bar chart of reasons ticked for doses: {}.",
        reasons.iter().map(|r| format!("{} {}", r.reason.label(), r.doses)).collect::<Vec<_>>().join(", ")
    );
    let items =
        reasons.iter().map(|r| view! { <li>{format!("{}: {}", r.reason.label(), r.doses)}</li> }).collect_view();
    view! {
        {svg(height, label, rows.into_any())}
        <ul class="chart-sr">{items}</ul>
    }
    .into_any()
}
