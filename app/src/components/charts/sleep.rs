//! Sleep and next-day pain: each night's sleep efficiency (time asleep as a share of time in bed) as a
//! line with round markers and a dashed reference at 85%, and below it the pain of the day that
//! followed, on the same days (a night counts towards the morning it ended).

use evenkeel_domain::patterns::{FindingKind, Patterns};
use evenkeel_domain::sharing::Scope;
use leptos::prelude::*;

use super::{
    ChartCard, DayAxis, LEFT, Marker, Panel, Voice, date_labels, line_path, markers_path, mean, one_dp, pain_series,
    panel_frame, svg, takeaway_of, u,
};

/// Sleep efficiency at or above this is usually called good sleep (shared/domain.md §5).
const GOOD: f64 = 85.0;

const EXPLAIN: &[&str] = &[
    "Sleep efficiency is the share of time in bed spent asleep. 85% or more is usually counted as good sleep; the dashed line marks it.",
    "Each point is one night, shown on the morning it ended, so it lines up with the pain of the day that followed in the lower part.",
    "Poor nights and painful days often go together, in either direction. {Your} care team can help with both.",
];

/// The card's sentence, and how nights with the chosen sleep tips compare, when there are enough.
pub fn takeaway(p: &Patterns, v: &Voice) -> String {
    let main = main_takeaway(p, v);
    match takeaway_of(p, v, &[FindingKind::SleepWithTips]) {
        Some(tips) => format!("{main} {tips}"),
        None => main,
    }
}

fn main_takeaway(p: &Patterns, v: &Voice) -> String {
    if let Some(t) = takeaway_of(p, v, &[FindingKind::SleepVsNextDayPain]) {
        return t;
    }
    let nights: Vec<f64> = p.days.iter().filter_map(|d| d.sleep_efficiency).collect();
    match mean(nights.iter().copied()) {
        Some(se) => v.say(&format!(
            "{{Your}} sleep efficiency averaged {se:.0}% {} ({} nights logged).",
            v.period(),
            nights.len()
        )),
        None => "No sleep logged in these days.".into(),
    }
}

pub fn card(p: &Patterns, v: &Voice) -> AnyView {
    if !v.sees(Scope::Sleep) {
        return ().into_any();
    }
    let body = if p.days.iter().any(|d| d.sleep_efficiency.is_some()) {
        chart(p, v.sees(Scope::Pain))
    } else {
        v.empty(
            "No sleep logged in these days.",
            "Tap Sleep last night on Today in the morning — it shows here with that day's pain.",
        )
    };
    let title = if v.sees(Scope::Pain) { "Sleep and next-day pain" } else { "Sleep" };
    view! {
        <ChartCard id="sleep" title=title takeaway=takeaway(p, v) explain=v.explain(EXPLAIN)>
            {body}
        </ChartCard>
    }
    .into_any()
}

/// `has_pain`: the next-day pain panel (left out when pain isn't shared with the reader).
fn chart(p: &Patterns, has_pain: bool) -> AnyView {
    let days = &p.days;
    let axis = DayAxis::new(days.len(), 8.0);
    let se: Vec<Option<f64>> = days.iter().map(|d| d.sleep_efficiency).collect();
    let lowest = se.iter().flatten().copied().fold(100.0, f64::min);
    let min = if lowest >= 50.0 { 50.0 } else { (lowest / 10.0).floor() * 10.0 };
    let sleep = Panel { top: 24.0, height: 96.0, min, max: 100.0 };
    let pain = Panel { top: sleep.bottom() + 34.0, height: 72.0, min: 0.0, max: 10.0 };
    let last_bottom = if has_pain { pain.bottom() } else { sleep.bottom() };
    let height = last_bottom + 22.0;
    let r = if axis.n > 30 { 1.8 } else { 3.0 };
    let ref_y = sleep.y(GOOD);
    let body = view! {
        {panel_frame(axis, sleep, "Sleep efficiency of the night before (%)".into(), &[min, 100.0], "%")}
        <path d=format!("M{LEFT} {ref_y:.1}H{:.1}", axis.plot_right()) class="ref ref-sleep"/>
        <text x=u(LEFT - 4.0) y=u(ref_y + 4.0) class="tick ref-tick" text-anchor="end">"85%"</text>
        <path d=line_path(axis, sleep, &se) class="s-sleep"/>
        <path d=markers_path(axis, sleep, &se, Marker::Dot, r) class="m-sleep"/>
        {has_pain.then(|| view! {
            {panel_frame(axis, pain, "Pain that day, average (0 to 10)".into(), &[0.0, 5.0, 10.0], "")}
            {pain_series(axis, pain, days)}
        })}
        {date_labels(axis, days, last_bottom + 16.0)}
    }
    .into_any();
    let nights: Vec<f64> = se.iter().flatten().copied().collect();
    let good = nights.iter().filter(|v| **v >= GOOD).count();
    let label = format!(
        "Chart of sleep efficiency each night{}. {} nights logged; {good} of them at 85% or more.",
        if has_pain { " and average pain the next day" } else { "" },
        nights.len()
    );
    let rows = days
        .iter()
        .filter(|d| d.sleep_efficiency.is_some() || d.pain_mean.is_some())
        .map(|d| {
            view! {
                <tr>
                    <th scope="row">{super::day_name(d.date)}</th>
                    <td>{d.sleep_efficiency.map_or_else(|| "not logged".into(), |v| format!("{v:.0}%"))}</td>
                    {has_pain.then(|| view! { <td>{d.pain_mean.map_or_else(|| "not logged".into(), one_dp)}</td> })}
                </tr>
            }
        })
        .collect_view();
    view! {
        {svg(height, label, body)}
        <div class="chart-sr">
            <table>
                <caption>"Sleep efficiency of the night before, and that day's average pain"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Morning"</th>
                        <th scope="col">"Sleep efficiency"</th>
                        {has_pain.then(|| view! { <th scope="col">"Average pain"</th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
