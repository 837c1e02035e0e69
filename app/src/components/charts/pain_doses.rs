//! Pain and doses over time: daily average pain as a line with dots and each day's highest as hollow
//! triangles; doses a day as bars; and, only when the diary has opioid doses, oral morphine equivalent
//! (OME) a day as a dashed line with square markers and a dotted reference at 120 mg/day labelled
//! with its source. Never red, never "too many": the reference is a plain grey line.

use evenkeel_domain::patterns::{FindingKind, Patterns};
use evenkeel_domain::sharing::Scope;
use leptos::prelude::*;

use super::{
    ChartCard, DayAxis, LEFT, Marker, Panel, Voice, date_labels, line_path, markers_path, mean, nice_max, one_dp,
    pain_series, panel_frame, short_date, spread, svg, u,
};

/// Opioids Aware's level (shared/domain.md §1), drawn as a reference line.
const OME_REFERENCE: f64 = 120.0;

const EXPLAIN: &[&str] = &[
    "The top part shows {your} pain each day: the line joins the average score for each day, and the hollow triangles mark the highest score logged that day (0 is no pain, 10 is the worst imaginable).",
    "The bars below count every dose logged each day, of any medicine.",
    "For opioid medicines, the last part adds them up as oral morphine equivalent (OME) — a way of comparing different opioids on one scale. The dotted line at 120 mg a day is the level the Opioids Aware guidance uses as the point above which risks rise. It is there to talk over with {your} care team, not a target or a limit to act on alone.",
    "A gap in a line means nothing was logged that day.",
];

/// One short sentence: for a week, this week against the week before (from the engine's week-on-week
/// finding, whose full sentence is under "What stands out"); otherwise the period's averages. Doses
/// are left out of it when the reader isn't shown them.
pub fn takeaway(p: &Patterns, v: &Voice) -> String {
    let doses_seen = v.sees(Scope::Doses);
    let week = p.findings.iter().find(|f| f.kind == FindingKind::WeekOnWeek);
    if let (7, Some(f)) = (v.days(), week)
        && let (Some(now), Some(before)) = (f.number("pain_mean_this_week"), f.number("pain_mean_last_week"))
    {
        let doses = match (f.number("doses_per_day_this_week"), f.number("doses_per_day_last_week")) {
            (Some(a), Some(b)) if doses_seen => format!(", with {} doses a day (was {})", one_dp(a), one_dp(b)),
            _ => String::new(),
        };
        // `{{your}}`: the reader's token, kept through format!.
        return v.say(&format!(
            "This week {{your}} average pain was {} out of 10 (the week before: {}){doses}.",
            one_dp(now),
            one_dp(before)
        ));
    }
    let pain = mean(p.days.iter().filter_map(|d| d.pain_mean));
    let logged = p.days.iter().filter(|d| d.entries > 0).count().max(1);
    let doses: u32 = p.days.iter().map(|d| d.doses).sum();
    let per_day = f64::from(doses) / logged as f64;
    let with_doses = if doses_seen { format!(", with {} doses a day", one_dp(per_day)) } else { String::new() };
    v.say(&match pain {
        Some(pain) => format!("{{Your}} pain averaged {} out of 10 {}{with_doses}.", one_dp(pain), v.period()),
        None if !doses_seen => format!("No pain scores logged {}.", v.period()),
        None if v.sees(Scope::Pain) => format!("{{You}} logged {doses} doses {} and no pain scores yet.", v.period()),
        None => format!("{{You}} logged {doses} doses {}.", v.period()),
    })
}

pub fn card(p: &Patterns, v: &Voice) -> AnyView {
    if !v.sees(Scope::Pain) && !v.sees(Scope::Doses) {
        return ().into_any();
    }
    let body = if p.days.iter().any(|d| d.pain_mean.is_some() || d.doses > 0) {
        chart(p, v.sees(Scope::Pain), v.sees(Scope::Doses))
    } else {
        let missing = match (v.sees(Scope::Pain), v.sees(Scope::Doses)) {
            (true, false) => "No pain scores logged in these days.",
            (false, true) => "No doses logged in these days.",
            _ => "No pain scores or doses logged in these days.",
        };
        v.empty(missing, "Tap Pain now or Took a dose on Today.")
    };
    // Only what the reader is shown is named, down to the title and "What this shows".
    let (pain, doses) = (v.sees(Scope::Pain), v.sees(Scope::Doses));
    let explain = match (pain, doses) {
        (true, true) => v.explain(EXPLAIN),
        (true, false) => v.explain(&[EXPLAIN[0], EXPLAIN[3]]),
        _ => v.explain(&EXPLAIN[1..]),
    };
    view! {
        <ChartCard id="pain-doses" title=what(pain, doses) takeaway=takeaway(p, v) explain=explain>
            {body}
        </ChartCard>
    }
    .into_any()
}

/// The panels stacked top to bottom: pain (when shown), doses (when shown), and OME when any opioid
/// dose was logged.
fn chart(p: &Patterns, has_pain: bool, has_doses: bool) -> AnyView {
    let days = &p.days;
    let has_ome = has_doses && days.iter().any(|d| d.ome_mg.is_some_and(|mg| mg > 0.0));
    let axis = DayAxis::new(days.len(), 56.0);
    let gap = 34.0;
    let pain_panel = Panel { top: 24.0, height: 96.0, min: 0.0, max: 10.0 };
    let max_doses = days.iter().map(|d| d.doses).max().unwrap_or(0);
    let doses_top = nice_max(f64::from(max_doses.max(2)));
    let dose_top = if has_pain { pain_panel.bottom() + gap } else { 24.0 };
    let dose_panel = Panel { top: dose_top, height: 56.0, min: 0.0, max: doses_top };
    let max_ome = days.iter().filter_map(|d| d.ome_mg).fold(0.0, f64::max);
    let ome_panel = Panel {
        top: dose_panel.bottom() + gap,
        height: 72.0,
        min: 0.0,
        max: nice_max(max_ome.max(OME_REFERENCE) * 1.1),
    };
    let last_bottom = match (has_ome, has_doses) {
        (true, _) => ome_panel.bottom(),
        (false, true) => dose_panel.bottom(),
        (false, false) => pain_panel.bottom(),
    };
    let height = last_bottom + 22.0;
    let label_x = axis.plot_right() + 6.0;
    let r = if axis.n > 31 { 1.8 } else { 3.2 };

    let pain = has_pain.then(|| {
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
        let pain_labels = labels
            .iter()
            .zip(ys)
            .map(|((_, text), y)| view! { <text x=u(label_x) y=u(y) class="dlabel pain-label">{*text}</text> })
            .collect_view();
        let max: Vec<Option<f64>> = days.iter().map(|d| d.pain_max.map(f64::from)).collect();
        view! {
            {panel_frame(axis, pain_panel, "Pain (0 to 10)".into(), &[0.0, 5.0, 10.0], "")}
            {pain_series(axis, pain_panel, days)}
            <path d=markers_path(axis, pain_panel, &max, Marker::Triangle, r) class="m-pain-max"/>
            {pain_labels}
        }
    });

    let doses = has_doses.then(|| {
        let counts: Vec<f64> = days.iter().map(|d| f64::from(d.doses)).collect();
        let zeros = vec![0.0; days.len()];
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
        view! {
            {panel_frame(axis, dose_panel, "Doses a day".into(), &[0.0, doses_top], "")}
            <path d=super::bars_path(axis, dose_panel, &zeros, &counts) class="b-doses"/>
            {dose_counts}
            <text x=u(label_x) y=u(dose_panel.bottom() - 2.0) class="dlabel dose-label">"doses"</text>
        }
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
        {pain}
        {doses}
        {ome}
        {date_labels(axis, days, last_bottom + 16.0)}
    }
    .into_any();

    let label = describe(p, has_pain, has_doses, has_ome);
    view! {
        {svg(height, label, body)}
        {table(p, has_pain, has_doses, has_ome)}
    }
    .into_any()
}

/// "Pain and doses", "Pain", "Doses".
fn what(has_pain: bool, has_doses: bool) -> &'static str {
    match (has_pain, has_doses) {
        (true, true) => "Pain and doses",
        (true, false) => "Pain",
        _ => "Doses",
    }
}

fn describe(p: &Patterns, has_pain: bool, has_doses: bool, has_ome: bool) -> String {
    let days = &p.days;
    let (Some(first), Some(last)) = (days.first(), days.last()) else { return String::new() };
    let mut s = format!(
        "Chart of {} each day from {} to {}. ",
        what(has_pain, has_doses).to_lowercase(),
        short_date(first.date),
        short_date(last.date)
    );
    if has_pain {
        let means: Vec<f64> = days.iter().filter_map(|d| d.pain_mean).collect();
        let lo = means.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if means.is_empty() {
            s.push_str("No pain scores logged. ");
        } else {
            s.push_str(&format!("Average pain ranged from {} to {} out of 10. ", one_dp(lo), one_dp(hi)));
        }
    }
    if has_doses {
        let dose_lo = days.iter().filter(|d| d.entries > 0).map(|d| d.doses).min().unwrap_or(0);
        let dose_hi = days.iter().map(|d| d.doses).max().unwrap_or(0);
        s.push_str(&format!("Doses ranged from {dose_lo} to {dose_hi} a day."));
    }
    if has_ome {
        let top = days.iter().filter_map(|d| d.ome_mg).fold(0.0, f64::max);
        s.push_str(&format!(
            " Oral morphine equivalent was up to {top:.0} mg a day, shown against a reference line at 120 mg a day."
        ));
    }
    s.trim_end().to_owned()
}

/// The numbers, for screen readers.
fn table(p: &Patterns, has_pain: bool, has_doses: bool, has_ome: bool) -> AnyView {
    let not_logged = || "not logged".to_owned();
    let rows = p
        .days
        .iter()
        .map(|d| {
            let pain = has_pain.then(|| {
                view! {
                    <td>{d.pain_mean.map_or_else(not_logged, one_dp)}</td>
                    <td>{d.pain_max.map_or_else(not_logged, |m| m.to_string())}</td>
                }
            });
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
                    {pain}
                    {has_doses.then(|| view! { <td>{d.doses}</td> })}
                    {ome}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="chart-sr">
            <table>
                <caption>{format!("{} by day", what(has_pain, has_doses))}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Day"</th>
                        {has_pain.then(|| view! {
                            <th scope="col">"Average pain"</th>
                            <th scope="col">"Highest pain"</th>
                        })}
                        {has_doses.then(|| view! { <th scope="col">"Doses"</th> })}
                        {has_ome.then(|| view! { <th scope="col">"Oral morphine equivalent"</th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
