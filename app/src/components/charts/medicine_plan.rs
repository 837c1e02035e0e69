//! Actual against planned (issue 13): each day's OME from logged doses as bars, the plan's step as
//! a dashed line, the days a step began marked, and the check-ins as small dots along the bottom.
//! Told as an observation ("In the first week of this step, most days matched the plan"), never as
//! a judgement; the numbers are also in a visually hidden table.

use std::fmt::Write as _;

use evenkeel_domain::plan::medicine::PlanDays;
use leptos::prelude::*;

use super::{DayAxis, Marker, Panel, bars_path, markers_path, nice_max, panel_frame, short_date, svg, u};

const EXPLAIN: &[&str] = &[
    "Each bar is the oral morphine equivalent (OME) of the doses logged that day; the dashed line is the plan's step for that day, as the prescriber decided it.",
    "Small dots along the bottom are the days with a check-in on how reducing feels.",
    "OME puts different medicines on one scale. It is a way to see the pattern, not advice about any dose.",
];

/// The chart card, or nothing when there is no plan in the period and no check-in.
pub fn card(d: &PlanDays) -> AnyView {
    // Without a plan in these days (and no check-ins) there is nothing to set the doses against.
    if !d.days.iter().any(|x| x.planned_mg.is_some()) && d.step_starts.is_empty() && d.checkins.is_empty() {
        return ().into_any();
    }
    let takeaway =
        d.observation.clone().unwrap_or_else(|| "The plan's steps and the doses logged, day by day.".to_owned());
    let explain: Vec<String> = EXPLAIN.iter().map(|s| (*s).to_owned()).collect();
    let body = chart(d);
    view! {
        <super::ChartCard id="medicine-plan" title="Medicine plan: logged and planned" takeaway=takeaway explain=explain>
            {body}
        </super::ChartCard>
    }
    .into_any()
}

fn chart(d: &PlanDays) -> AnyView {
    let n = d.days.len().max(1);
    let axis = DayAxis::new(n, 8.0);
    let actual: Vec<f64> = d.days.iter().map(|x| x.actual_mg.unwrap_or(0.0)).collect();
    let planned: Vec<Option<f64>> = d.days.iter().map(|x| x.planned_mg).collect();
    let top = nice_max(actual.iter().copied().chain(planned.iter().flatten().copied()).fold(0.0, f64::max));
    let panel = Panel { top: 24.0, height: 96.0, min: 0.0, max: top };
    let zeros = vec![0.0; actual.len()];
    // The step as flat segments across each day, broken where there is no plan.
    let mut step = String::new();
    for (i, p) in planned.iter().enumerate() {
        if let Some(p) = p {
            let _ = write!(step, "M{} {}h{}", u(axis.x(i) - axis.step() / 2.0), u(panel.y(*p)), u(axis.step()));
        }
    }
    let starts: String = d.days.iter().enumerate().filter(|(_, x)| d.step_starts.contains(&x.day)).fold(
        String::new(),
        |mut s, (i, _)| {
            let _ = write!(s, "M{} {}V{}", u(axis.x(i) - axis.step() / 2.0), u(panel.top), u(panel.bottom()));
            s
        },
    );
    let checkins: Vec<Option<f64>> =
        d.days.iter().map(|x| d.checkins.iter().any(|c| c.day == x.day).then_some(0.0)).collect();
    let dates = [(0, "start"), (n / 2, "middle"), (n - 1, "end")]
        .into_iter()
        .filter_map(|(i, anchor)| d.days.get(i).map(|x| (i, anchor, short_date(x.day))))
        .map(|(i, anchor, text)| {
            let x = match anchor {
                "start" => axis.x(i) - axis.step() / 2.0,
                "end" => axis.x(i) + axis.step() / 2.0,
                _ => axis.x(i),
            };
            view! { <text x=u(x) y=u(panel.bottom() + 16.0) text-anchor=anchor class="tick">{text}</text> }
        })
        .collect_view();
    let body = view! {
        {panel_frame(axis, panel, "OME mg a day".into(), &[0.0, top], "")}
        <path d=bars_path(axis, panel, &zeros, &actual) class="b-active"/>
        <path d=step class="plan-step"/>
        <path d=starts class="step-start"/>
        <path d=markers_path(axis, panel, &checkins, Marker::Dot, 2.5) class="m-checkin"/>
        {dates}
    }
    .into_any();
    let above = d.days.iter().filter(|x| x.is_above()).count();
    let matched = d.days.iter().filter(|x| x.matches()).count();
    let label = format!(
        "Bar chart of OME from logged doses each day against the plan's step: {matched} days matched the plan, {above} were above it."
    );
    let rows = d
        .days
        .iter()
        .map(|x| {
            let actual = x.actual_mg.map_or_else(|| "not converted".to_owned(), |mg| format!("{mg}"));
            let plan = x.planned_mg.map_or_else(|| "no step".to_owned(), |mg| format!("{mg}"));
            view! { <tr><th scope="row">{super::day_name(x.day)}</th><td>{actual}</td><td>{plan}</td></tr> }
        })
        .collect_view();
    view! {
        {svg(panel.bottom() + 22.0, label, body)}
        <div class="chart-sr">
            <table>
                <caption>"OME from logged doses and the plan's step, each day (mg)"</caption>
                <thead><tr><th scope="col">"Day"</th><th scope="col">"Logged"</th><th scope="col">"Plan"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
