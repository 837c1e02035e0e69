//! When doses were taken: a grid of the 24 hours (rows, so it fits a phone held upright) by the seven
//! weekdays (columns). Each cell's shade deepens with the number of doses and the number itself is
//! written in every cell that has any, so nothing depends on telling shades apart. Under it, the
//! busiest hours in words.

use evenkeel_domain::patterns::{FindingKind, Patterns};
use evenkeel_domain::sharing::Scope;
use leptos::prelude::*;

use super::{ChartCard, Voice, W, WEEKDAYS, WEEKDAYS_LONG, svg, takeaway_of, u};

const EXPLAIN: &[&str] = &[
    "Each row is an hour of the day, from midnight at the top to 11 pm at the bottom. Each column is a day of the week.",
    "A number in a square is how many doses were logged in that hour on that day of the week, added up over the whole period. Darker squares mean more doses. Empty squares mean none.",
    "Doses at the same times each day are often regular medicines. Clusters at other times can be worth talking over with {your} care team.",
];

const LEFT_COL: f64 = 44.0;
const TOP: f64 = 22.0;
const ROW: f64 = 15.0;

fn hour_range(h: usize) -> String {
    format!("{h:02}:00–{h:02}:59")
}

fn total(p: &Patterns) -> u32 {
    p.heatmap.iter().flatten().sum()
}

/// Doses by hour over all weekdays, busiest first (ties: earlier hour first).
fn busiest(p: &Patterns) -> Vec<(usize, u32)> {
    let mut hours: Vec<(usize, u32)> =
        (0..24).map(|h| (h, p.heatmap.iter().map(|day| day[h]).sum())).filter(|(_, n)| *n > 0).collect();
    hours.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    hours
}

pub fn takeaway(p: &Patterns, v: &Voice) -> String {
    if let Some(t) = takeaway_of(p, v, &[FindingKind::DosesEveningHighStress, FindingKind::DoseTimingPeak]) {
        return t;
    }
    match busiest(p).first() {
        Some((h, count)) => v.say(&format!(
            "{{You}} logged {} doses {}; the busiest hour was {} ({count}).",
            total(p),
            v.period(),
            hour_range(*h)
        )),
        None => "No doses logged in these days.".into(),
    }
}

pub fn card(p: &Patterns, v: &Voice) -> AnyView {
    if !v.sees(Scope::Doses) {
        return ().into_any();
    }
    let body = if total(p) > 0 {
        chart(p)
    } else {
        v.empty("No doses logged in these days.", "When you tap Took a dose on Today, the time shows here.")
    };
    view! {
        <ChartCard id="dose-timing" title="When doses were taken" takeaway=takeaway(p, v) explain=v.explain(EXPLAIN)>
            {body}
        </ChartCard>
    }
    .into_any()
}

fn chart(p: &Patterns) -> AnyView {
    let max = p.heatmap.iter().flatten().copied().max().unwrap_or(0).max(1);
    let col = (W - LEFT_COL) / 7.0;
    let height = TOP + 24.0 * ROW + 4.0;
    let heads = WEEKDAYS
        .iter()
        .enumerate()
        .map(|(d, name)| {
            view! { <text x=u(LEFT_COL + (d as f64 + 0.5) * col) y="14" class="tick" text-anchor="middle">{*name}</text> }
        })
        .collect_view();
    let hours = (0..24)
        .step_by(3)
        .map(|h| {
            view! {
                <text x=u(LEFT_COL - 6.0) y=u(TOP + h as f64 * ROW + ROW - 4.0) class="tick" text-anchor="end">
                    {format!("{h:02}:00")}
                </text>
            }
        })
        .collect_view();
    let mut cells = Vec::new();
    for (d, day) in p.heatmap.iter().enumerate() {
        for (h, count) in day.iter().enumerate() {
            let level = if *count == 0 { 0 } else { (count * 5).div_ceil(max).clamp(1, 5) };
            let (x, y) = (LEFT_COL + d as f64 * col, TOP + h as f64 * ROW);
            let number = (*count > 0).then(|| {
                let class = if level >= 3 { "cell-n on-dark" } else { "cell-n" };
                view! { <text x=u(x + col / 2.0) y=u(y + ROW - 4.0) class=class text-anchor="middle">{*count}</text> }
            });
            cells.push(view! {
                <rect x=u(x + 1.0) y=u(y + 1.0) width=u(col - 2.0) height=u(ROW - 2.0) rx="2" class=format!("heat h{level}")/>
                {number}
            });
        }
    }
    // Thin lines between night, morning, afternoon and evening.
    let parts: String = [6.0, 12.0, 18.0].iter().map(|h| format!("M0 {:.1}H{W}", TOP + h * ROW)).collect();
    let label = format!(
        "Grid of doses by hour and day of the week, {} doses in all. Busiest hours: {}.",
        total(p),
        busiest(p).iter().take(3).map(|(h, n)| format!("{} ({n})", hour_range(*h))).collect::<Vec<_>>().join(", ")
    );
    let body = view! {
        {heads}
        {cells}
        <path d=parts class="part-line"/>
        {hours}
    }
    .into_any();
    let top = busiest(p)
        .into_iter()
        .take(3)
        .map(|(h, n)| {
            let doses = if n == 1 { "dose" } else { "doses" };
            view! { <li><strong>{hour_range(h)}</strong>{format!(": {n} {doses}")}</li> }
        })
        .collect_view();
    let rows = p
        .heatmap
        .iter()
        .enumerate()
        .flat_map(|(d, day)| {
            day.iter().enumerate().filter(|(_, c)| **c > 0).map(move |(h, c)| {
                view! { <tr><th scope="row">{WEEKDAYS_LONG[d]}</th><td>{hour_range(h)}</td><td>{*c}</td></tr> }
            })
        })
        .collect_view();
    view! {
        {svg(height, label, body)}
        <p class="chart-note">"Busiest hours:"</p>
        <ul class="chart-list busiest">{top}</ul>
        <div class="chart-sr">
            <table>
                <caption>"Doses by day of the week and hour"</caption>
                <thead><tr><th scope="col">"Day"</th><th scope="col">"Hour"</th><th scope="col">"Doses"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
