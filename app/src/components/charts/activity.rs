//! Activity and rest against pain: minutes a day as stacked bars (activity solid green, rest hatched
//! purple), pain below on the same days, and each boom-and-bust episode from the engine marked as a
//! shaded band from the busy day to the days after, labelled in words.

use evenkeel_domain::patterns::{BoomBustEpisode, FindingKind, Patterns};
use evenkeel_domain::sharing::Scope;
use leptos::prelude::*;

use super::{
    ChartCard, DayAxis, Panel, Voice, W, bars_path, date_labels, mean, nice_max, pain_series, panel_frame, short_date,
    svg, takeaway_of, u,
};

const EXPLAIN: &[&str] = &[
    "The bars show the minutes logged each day: solid green for activity (walking, housework, gardening…) and striped purple for rest, stacked on top.",
    "The line below is {your} average pain that day, so you can see whether busier days are followed by more pain.",
    "A shaded band marks a \u{201c}boom and bust\u{201d}: a day much busier than {your} usual, followed within two days by a pain flare or a very quiet day. Pacing — doing a steady amount and building up slowly — aims to smooth these out.",
];

pub fn takeaway(p: &Patterns, v: &Voice) -> String {
    if let Some(t) = takeaway_of(p, v, &[FindingKind::BoomAndBust, FindingKind::PacingVsBaseline]) {
        return t;
    }
    let logged: Vec<_> = p.days.iter().filter(|d| d.active_minutes + d.rest_minutes > 0).collect();
    match (
        mean(logged.iter().map(|d| f64::from(d.active_minutes))),
        mean(logged.iter().map(|d| f64::from(d.rest_minutes))),
    ) {
        (Some(a), Some(r)) => v.say(&format!(
            "On the days {{you}} logged {}, {{you}} {{were}} active for about {a:.0} minutes and rested for about {r:.0} minutes a day.",
            v.period()
        )),
        _ => "No activity or rest logged in these days.".into(),
    }
}

pub fn card(p: &Patterns, v: &Voice) -> AnyView {
    if !v.sees(Scope::Activity) {
        return ().into_any();
    }
    let body = if p.days.iter().any(|d| d.active_minutes + d.rest_minutes > 0) {
        chart(p, v.sees(Scope::Pain))
    } else {
        v.empty(
            "No activity or rest logged in these days.",
            "Tap Activity or Rest on Today when you finish one — even a short walk counts.",
        )
    };
    let title = if v.sees(Scope::Pain) { "Activity, rest and pain" } else { "Activity and rest" };
    view! {
        <ChartCard id="activity" title=title takeaway=takeaway(p, v) explain=v.explain(EXPLAIN)>
            {body}
        </ChartCard>
    }
    .into_any()
}

/// "busy day, then pain flare", "busy day, then a quiet day".
fn episode_words(e: &BoomBustEpisode) -> &'static str {
    let flare = e.followed_by.iter().any(|b| b.pain_flare);
    let quiet = e.followed_by.iter().any(|b| b.low_activity);
    match (flare, quiet) {
        (true, true) => "busy day, flare, quiet day",
        (true, false) => "busy day, then pain flare",
        _ => "busy day, then quiet day",
    }
}

/// `has_pain`: the pain panel under the minutes (left out when pain isn't shared with the reader).
fn chart(p: &Patterns, has_pain: bool) -> AnyView {
    let days = &p.days;
    let axis = DayAxis::new(days.len(), 44.0);
    let index_of = |date| days.iter().position(|d| d.date == date);
    let episodes: Vec<(usize, usize, &BoomBustEpisode)> = p
        .episodes
        .iter()
        .filter_map(|e| {
            let start = index_of(e.date)?;
            let end = e.followed_by.iter().filter_map(|b| index_of(b.date)).max().unwrap_or(start);
            Some((start, end, e))
        })
        .collect();
    // Two rows for episode labels when there are any.
    let label_rows = if episodes.is_empty() { 0.0 } else { 30.0 };
    let max_minutes = days.iter().map(|d| d.active_minutes + d.rest_minutes).max().unwrap_or(0);
    let top = nice_max(f64::from(max_minutes.max(30)));
    let minutes = Panel { top: 24.0 + label_rows, height: 96.0, min: 0.0, max: top };
    let pain = Panel { top: minutes.bottom() + 34.0, height: 72.0, min: 0.0, max: 10.0 };
    let last_bottom = if has_pain { pain.bottom() } else { minutes.bottom() };
    let height = last_bottom + 22.0;

    let active: Vec<f64> = days.iter().map(|d| f64::from(d.active_minutes)).collect();
    let rest: Vec<f64> = days.iter().map(|d| f64::from(d.rest_minutes)).collect();
    let zeros = vec![0.0; days.len()];

    let mut last_label_end = [f64::NEG_INFINITY; 2];
    let marks = episodes
        .iter()
        .map(|(start, end, e)| {
            let x0 = axis.x(*start) - axis.step() / 2.0;
            let x1 = axis.x(*end) + axis.step() / 2.0;
            let text = episode_words(e);
            let text_w = text.len() as f64 * 6.2;
            let centre = ((x0 + x1) / 2.0).clamp(text_w / 2.0, W - text_w / 2.0);
            let row = if centre - text_w / 2.0 > last_label_end[0] { 0 } else { 1 };
            last_label_end[row] = centre + text_w / 2.0;
            let y = 14.0 + 14.0 * row as f64 + 10.0;
            view! {
                <rect x=u(x0) y=u(minutes.top) width=u(x1 - x0) height=u(last_bottom - minutes.top)
                    class="episode"/>
                <path d=format!("M{:.1} {:.1}V{:.1}", axis.x(*start), y + 3.0, minutes.top) class="episode-tick"/>
                <text x=u(centre) y=u(y) class="episode-label" text-anchor="middle">{text}</text>
            }
        })
        .collect_view();

    // Direct labels on the right, at the last day with each.
    let label_x = axis.plot_right() + 5.0;
    let last_active = days.iter().rev().find(|d| d.active_minutes > 0).map(|d| f64::from(d.active_minutes));
    let last_both =
        days.iter().rev().find(|d| d.rest_minutes > 0).map(|d| f64::from(d.active_minutes + d.rest_minutes));
    let mut ys: Vec<(f64, &str)> = Vec::new();
    if let Some(t) = last_both {
        ys.push((minutes.y(t) + 10.0, "rest"));
    }
    if let Some(a) = last_active {
        ys.push((minutes.y(a / 2.0) + 4.0, "active"));
    }
    ys.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut pos: Vec<f64> = ys.iter().map(|y| y.0).collect();
    super::spread(&mut pos, 13.0);
    let labels = ys
        .iter()
        .zip(pos)
        .map(|((_, t), y)| {
            let class = if *t == "rest" { "dlabel rest-label" } else { "dlabel active-label" };
            view! { <text x=u(label_x) y=u(y) class=class>{*t}</text> }
        })
        .collect_view();

    let body = view! {
        <defs>
            <pattern id="hatch-rest" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)">
                <rect width="5" height="5" class="hatch-bg"/>
                <path d="M0 0V5" class="hatch-line"/>
            </pattern>
        </defs>
        {marks}
        {panel_frame(axis, minutes, "Minutes a day".into(), &[0.0, top], "")}
        <path d=bars_path(axis, minutes, &zeros, &active) class="b-active"/>
        <path d=bars_path(axis, minutes, &active, &rest) class="b-rest"/>
        {labels}
        {has_pain.then(|| view! {
            {panel_frame(axis, pain, "Pain, daily average (0 to 10)".into(), &[0.0, 5.0, 10.0], "")}
            {pain_series(axis, pain, days)}
        })}
        {date_labels(axis, days, last_bottom + 16.0)}
    }
    .into_any();

    let busy: Vec<String> = episodes.iter().map(|(_, _, e)| short_date(e.date)).collect();
    let label = format!(
        "Chart of activity and rest minutes{} each day.{}",
        if has_pain { " and average pain" } else { "" },
        if busy.is_empty() {
            String::new()
        } else {
            format!(" Boom and bust marked after the busy day on {}.", busy.join(", "))
        }
    );
    let episode_list = episodes
        .iter()
        .map(|(_, _, e)| {
            let after: Vec<String> = e
                .followed_by
                .iter()
                .map(|b| {
                    let what = match (b.pain_flare, b.low_activity) {
                        (true, true) => "pain flare and a quiet day",
                        (true, false) => "pain flare",
                        _ => "quiet day",
                    };
                    format!("{what} on {}", short_date(b.date))
                })
                .collect();
            view! {
                <li>
                    <strong>{format!("Busy day {}", short_date(e.date))}</strong>
                    {format!(
                        ": {} minutes active (usual about {:.0}), then {}.",
                        e.active_minutes,
                        e.baseline_minutes,
                        after.join(", ")
                    )}
                </li>
            }
        })
        .collect_view();
    let rows = days
        .iter()
        .map(|d| {
            view! {
                <tr>
                    <th scope="row">{super::day_name(d.date)}</th>
                    <td>{d.active_minutes}</td>
                    <td>{d.rest_minutes}</td>
                    {has_pain.then(|| view! { <td>{d.pain_mean.map_or_else(|| "not logged".into(), super::one_dp)}</td> })}
                </tr>
            }
        })
        .collect_view();
    let has_episodes = !episodes.is_empty();
    view! {
        {svg(height, label, body)}
        {has_episodes.then(|| view! { <ul class="chart-list episodes">{episode_list}</ul> })}
        <div class="chart-sr">
            <table>
                <caption>"Activity, rest and pain by day"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Day"</th>
                        <th scope="col">"Active minutes"</th>
                        <th scope="col">"Rest minutes"</th>
                        {has_pain.then(|| view! { <th scope="col">"Average pain"</th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
