//! Pain and doses over time: daily average pain as a line with dots and each day's highest as hollow
//! triangles; doses a day as bars; and, only when the diary has opioid doses, oral morphine equivalent
//! (OME) a day as a dashed line with square markers and a dotted reference at 120 mg/day labelled
//! with its source. Never red, never "too many": the reference is a plain grey line.

use evenkeel_domain::patterns::{FindingKind, Patterns};
use leptos::prelude::*;

use super::{
    ChartCard, DayAxis, LEFT, Marker, Panel, date_labels, line_path, markers_path, mean, nice_max, one_dp, pain_series,
    panel_frame, period_words, short_date, spread, svg, u,
};

/// Opioids Aware's level (shared/domain.md §1), drawn as a reference line.
const OME_REFERENCE: f64 = 120.0;

const EXPLAIN: &[&str] = &[
    "The top part shows your pain each day: the line joins your average score for each day, and the hollow triangles mark the highest score you logged that day (0 is no pain, 10 is the worst imaginable).",
    "The bars below count every dose you logged each day, of any medicine.",
    "If you take opioid medicines, the last part adds them up as oral morphine equivalent (OME) — a way of comparing different opioids on one scale. The dotted line at 120 mg a day is the level the Opioids Aware guidance uses as the point above which risks rise. It is there to talk over with your care team, not a target or a limit to act on alone.",
    "A gap in a line means nothing was logged that day.",
];

/// One short sentence: for a week, this week against the week before (from the engine's week-on-week
/// finding, whose full sentence is under "What stands out"); otherwise the period's averages.
pub fn takeaway(p: &Patterns, n: usize) -> String {
    let week = p.findings.iter().find(|f| f.kind == FindingKind::WeekOnWeek);
    if let (7, Some(f)) = (n, week)
        && let (Some(now), Some(before)) = (f.number("pain_mean_this_week"), f.number("pain_mean_last_week"))
    {
        let doses = match (f.number("doses_per_day_this_week"), f.number("doses_per_day_last_week")) {
            (Some(a), Some(b)) => format!(", with {} doses a day (was {})", one_dp(a), one_dp(b)),
            _ => String::new(),
        };
        return format!(
            "This week your average pain was {} out of 10 (the week before: {}){doses}.",
            one_dp(now),
            one_dp(before)
        );
    }
    let pain = mean(p.days.iter().filter_map(|d| d.pain_mean));
    let logged = p.days.iter().filter(|d| d.entries > 0).count().max(1);
    let doses: u32 = p.days.iter().map(|d| d.doses).sum();
    let per_day = f64::from(doses) / logged as f64;
    match pain {
        Some(pain) => format!(
            "Your pain averaged {} out of 10 {}, with {} doses a day.",
            one_dp(pain),
            period_words(n),
            one_dp(per_day)
        ),
        None => format!("You logged {doses} doses {} and no pain scores yet.", period_words(n)),
    }
}

pub fn card(p: &Patterns, n: usize) -> AnyView {
    let takeaway = takeaway(p, n);
    let body = if p.days.iter().any(|d| d.pain_mean.is_some() || d.doses > 0) {
        chart(p)
    } else {
        view! { <p class="chart-empty">"No pain scores or doses logged in these days. Tap Pain now or Took a dose on Today."</p> }
            .into_any()
    };
    view! {
        <ChartCard id="pain-doses" title="Pain and doses" takeaway=takeaway explain=EXPLAIN>
            {body}
        </ChartCard>
    }
    .into_any()
}

fn chart(p: &Patterns) -> AnyView {
    let days = &p.days;
    let has_ome = days.iter().any(|d| d.ome_mg.is_some_and(|mg| mg > 0.0));
    let axis = DayAxis::new(days.len(), 56.0);
    let pain_panel = Panel { top: 24.0, height: 96.0, min: 0.0, max: 10.0 };
    let max_doses = days.iter().map(|d| d.doses).max().unwrap_or(0);
    let doses_top = nice_max(f64::from(max_doses.max(2)));
    let dose_panel = Panel { top: pain_panel.bottom() + 34.0, height: 56.0, min: 0.0, max: doses_top };
    let max_ome = days.iter().filter_map(|d| d.ome_mg).fold(0.0, f64::max);
    let ome_panel = Panel {
        top: dose_panel.bottom() + 34.0,
        height: 72.0,
        min: 0.0,
        max: nice_max(max_ome.max(OME_REFERENCE) * 1.1),
    };
    let last_bottom = if has_ome { ome_panel.bottom() } else { dose_panel.bottom() };
    let height = last_bottom + 22.0;

    // Direct labels at the right end of the pain lines, nudged apart.
    let last_mean = days.iter().rev().find_map(|d| d.pain_mean);
    let last_max = days.iter().rev().find_map(|d| d.pain_max);
    let mut labels: Vec<(f64, &str)> = Vec::new();
    if let Some(m) = last_max {
        labels.push((pain_panel.y(f64::from(m)) + 4.0, "highest"));
    }
    if let Some(m) = last_mean {
        labels.push((pain_panel.y(m) + 4.0, "average"));
    }
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut ys: Vec<f64> = labels.iter().map(|l| l.0).collect();
    spread(&mut ys, 13.0);
    let label_x = axis.plot_right() + 6.0;
    let pain_labels = labels
        .iter()
        .zip(ys)
        .map(|((_, text), y)| view! { <text x=u(label_x) y=u(y) class="dlabel pain-label">{*text}</text> })
        .collect_view();

    let max: Vec<Option<f64>> = days.iter().map(|d| d.pain_max.map(f64::from)).collect();
    let doses: Vec<f64> = days.iter().map(|d| f64::from(d.doses)).collect();
    let zeros = vec![0.0; days.len()];
    let r = if axis.n > 31 { 1.8 } else { 3.2 };
    // Counts over the bars when there is room (up to two weeks).
    let dose_counts = (axis.n <= 14).then(|| {
        days.iter()
            .enumerate()
            .filter(|(_, d)| d.doses > 0)
            .map(|(i, d)| {
                let y = dose_panel.y(f64::from(d.doses)) - 3.0;
                view! { <text x=u(axis.x(i)) y=u(y) class="count" text-anchor="middle">{d.doses}</text> }
            })
            .collect_view()
    });

    let ome = has_ome.then(|| {
        let values: Vec<Option<f64>> = days.iter().map(|d| d.ome_mg.filter(|mg| *mg > 0.0)).collect();
        let ref_y = ome_panel.y(OME_REFERENCE);
        let top = ome_panel.max;
        view! {
            {panel_frame(axis, ome_panel, "Opioid total (OME), mg a day".into(), &[0.0, top], "")}
            <path d=format!("M{LEFT} {ref_y:.1}H{:.1}", axis.plot_right()) class="ref"/>
            <text x=u(LEFT + 3.0) y=u(ref_y - 4.0) class="ref-label">"120 mg/day (Opioids Aware)"</text>
            <path d=line_path(axis, ome_panel, &values) class="s-ome"/>
            <path d=markers_path(axis, ome_panel, &values, Marker::Square, r * 0.8) class="m-ome"/>
            <text x=u(label_x) y=u(values.iter().rev().flatten().next().map_or(ref_y, |v| ome_panel.y(*v)) + 4.0)
                class="dlabel ome-label">"OME"</text>
        }
    });

    let body = view! {
        {panel_frame(axis, pain_panel, "Pain (0 to 10)".into(), &[0.0, 5.0, 10.0], "")}
        {pain_series(axis, pain_panel, days)}
        <path d=markers_path(axis, pain_panel, &max, Marker::Triangle, r) class="m-pain-max"/>
        {pain_labels}
        {panel_frame(axis, dose_panel, "Doses a day".into(), &[0.0, doses_top], "")}
        <path d=super::bars_path(axis, dose_panel, &zeros, &doses) class="b-doses"/>
        {dose_counts}
        <text x=u(label_x) y=u(dose_panel.bottom() - 2.0) class="dlabel dose-label">"doses"</text>
        {ome}
        {date_labels(axis, days, last_bottom + 16.0)}
    }
    .into_any();

    let label = describe(p, has_ome);
    view! {
        {svg(height, label, body)}
        {table(p, has_ome)}
    }
    .into_any()
}

fn describe(p: &Patterns, has_ome: bool) -> String {
    let days = &p.days;
    let (Some(first), Some(last)) = (days.first(), days.last()) else { return String::new() };
    let means: Vec<f64> = days.iter().filter_map(|d| d.pain_mean).collect();
    let lo = means.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let dose_lo = days.iter().filter(|d| d.entries > 0).map(|d| d.doses).min().unwrap_or(0);
    let dose_hi = days.iter().map(|d| d.doses).max().unwrap_or(0);
    let mut s =
        format!("Chart of pain and doses each day from {} to {}. ", short_date(first.date), short_date(last.date));
    if means.is_empty() {
        s.push_str("No pain scores logged. ");
    } else {
        s.push_str(&format!("Average pain ranged from {} to {} out of 10. ", one_dp(lo), one_dp(hi)));
    }
    s.push_str(&format!("Doses ranged from {dose_lo} to {dose_hi} a day."));
    if has_ome {
        let top = days.iter().filter_map(|d| d.ome_mg).fold(0.0, f64::max);
        s.push_str(&format!(
            " Oral morphine equivalent was up to {top:.0} mg a day, shown against a reference line at 120 mg a day."
        ));
    }
    s
}

/// The numbers, for screen readers.
fn table(p: &Patterns, has_ome: bool) -> AnyView {
    let rows = p
        .days
        .iter()
        .map(|d| {
            let ome = has_ome.then(|| {
                let text = match d.ome_mg {
                    Some(mg) if d.ome_complete => format!("{mg:.0} mg"),
                    Some(mg) => format!("at least {mg:.0} mg"),
                    None => "none".into(),
                };
                view! { <td>{text}</td> }
            });
            view! {
                <tr>
                    <th scope="row">{super::day_name(d.date)}</th>
                    <td>{d.pain_mean.map_or_else(|| "not logged".into(), one_dp)}</td>
                    <td>{d.pain_max.map_or_else(|| "not logged".into(), |m| m.to_string())}</td>
                    <td>{d.doses}</td>
                    {ome}
                </tr>
            }
        })
        .collect_view();
    let ome_head = has_ome.then(|| view! { <th scope="col">"Oral morphine equivalent"</th> });
    view! {
        <table class="chart-sr">
            <caption>"Pain and doses by day"</caption>
            <thead>
                <tr>
                    <th scope="col">"Day"</th>
                    <th scope="col">"Average pain"</th>
                    <th scope="col">"Highest pain"</th>
                    <th scope="col">"Doses"</th>
                    {ome_head}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
