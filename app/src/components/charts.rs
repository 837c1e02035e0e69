//! The Patterns charts, drawn by hand as inline SVG (no chart library): small panels stacked on one
//! date axis rather than two scales on one plot, labels written next to what they name (no legends),
//! each series told apart by pattern and marker as well as colour (Okabe–Ito, set in `app.css` by
//! class, since the CSP allows no inline styles), and every chart with a text alternative: the SVG is
//! `role="img"` with a one-line `aria-label`, and a visually hidden table holds the numbers.
//!
//! Sizes are SVG units on a [`W`]-wide canvas that scales to the card, so at 360–390 px a unit is
//! about a pixel and the 12-unit labels read as 12 px text.

pub mod activity;
pub mod heatmap;
pub mod medicine_plan;
pub mod pain_doses;
pub mod practice;
pub mod reasons;
pub mod sleep;

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use evenkeel_domain::patterns::finding::fill;
use evenkeel_domain::patterns::{DayRollup, FindingKind, Patterns};
use evenkeel_domain::sharing::Scope;
use leptos::prelude::*;

/// Canvas width in SVG units.
pub const W: f64 = 320.0;
/// Room for the value labels left of a panel.
pub const LEFT: f64 = 30.0;

pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
pub const WEEKDAYS_LONG: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// "3 Mar".
pub fn short_date(d: NaiveDate) -> String {
    format!("{} {}", d.day(), &crate::store::clock::MONTHS[d.month0() as usize][..3])
}

/// "Mon 3 Mar".
pub fn day_name(d: NaiveDate) -> String {
    format!("{} {}", WEEKDAYS[d.weekday().num_days_from_monday() as usize], short_date(d))
}

/// One decimal place ("4.5").
pub fn one_dp(x: f64) -> String {
    format!("{x:.1}")
}

/// A number for an SVG attribute.
pub fn u(x: f64) -> String {
    format!("{x:.1}")
}

/// Days along the bottom: one band per day, left to right.
#[derive(Debug, Clone, Copy)]
pub struct DayAxis {
    pub n: usize,
    /// Room kept right of the plot for direct labels.
    pub right: f64,
}

impl DayAxis {
    pub fn new(n: usize, right: f64) -> Self {
        Self { n: n.max(1), right }
    }

    pub fn step(&self) -> f64 {
        (W - LEFT - self.right) / self.n as f64
    }

    /// Middle of day `i`.
    pub fn x(&self, i: usize) -> f64 {
        LEFT + (i as f64 + 0.5) * self.step()
    }

    pub fn bar_width(&self) -> f64 {
        (self.step() * 0.7).max(1.6)
    }

    pub fn plot_right(&self) -> f64 {
        W - self.right
    }
}

/// A horizontal band of the chart with its own value scale.
#[derive(Debug, Clone, Copy)]
pub struct Panel {
    pub top: f64,
    pub height: f64,
    pub min: f64,
    pub max: f64,
}

impl Panel {
    pub fn y(&self, v: f64) -> f64 {
        let span = if self.max > self.min { self.max - self.min } else { 1.0 };
        self.top + self.height - (v.clamp(self.min, self.max) - self.min) / span * self.height
    }

    pub fn bottom(&self) -> f64 {
        self.top + self.height
    }
}

/// A line through the known values, broken where a day has none.
pub fn line_path(axis: DayAxis, panel: Panel, values: &[Option<f64>]) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                let _ = write!(d, "{}{:.1} {:.1}", if pen_down { "L" } else { "M" }, axis.x(i), panel.y(*v));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    d
}

/// Markers for a series, one small shape per known value, all in one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Dot,
    Triangle,
    Square,
}

pub fn markers_path(axis: DayAxis, panel: Panel, values: &[Option<f64>], marker: Marker, r: f64) -> String {
    let mut d = String::new();
    for (i, v) in values.iter().enumerate() {
        let Some(v) = v else { continue };
        let (x, y) = (axis.x(i), panel.y(*v));
        let _ = match marker {
            Marker::Dot => {
                write!(d, "M{:.1} {y:.1}a{r} {r} 0 1 0 {:.1} 0a{r} {r} 0 1 0 {:.1} 0", x - r, 2.0 * r, -2.0 * r)
            }
            Marker::Triangle => {
                write!(d, "M{x:.1} {:.1}l{r:.1} {:.1}h{:.1}z", y - r * 1.2, 2.0 * r, -2.0 * r)
            }
            Marker::Square => write!(d, "M{:.1} {:.1}h{:.1}v{:.1}h{:.1}z", x - r, y - r, 2.0 * r, 2.0 * r, -2.0 * r),
        };
    }
    d
}

/// Bars from `from[i]` up to `from[i] + value[i]` (stacks), skipping zeros.
pub fn bars_path(axis: DayAxis, panel: Panel, from: &[f64], values: &[f64]) -> String {
    let w = axis.bar_width();
    let mut d = String::new();
    for (i, v) in values.iter().enumerate() {
        if *v <= 0.0 {
            continue;
        }
        let base = from.get(i).copied().unwrap_or(0.0);
        let (y0, y1) = (panel.y(base), panel.y(base + v));
        let _ = write!(d, "M{:.1} {y0:.1}V{y1:.1}h{w:.1}V{y0:.1}z", axis.x(i) - w / 2.0);
    }
    d
}

/// Moves label positions (sorted top to bottom) apart so none is closer than `gap` to the next.
pub fn spread(ys: &mut [f64], gap: f64) {
    for i in 1..ys.len() {
        if ys[i] - ys[i - 1] < gap {
            ys[i] = ys[i - 1] + gap;
        }
    }
}

/// The panel's title, its gridlines and the numbers of its scale.
pub fn panel_frame(axis: DayAxis, panel: Panel, title: String, ticks: &[f64], suffix: &str) -> AnyView {
    let grid: String = ticks.iter().fold(String::new(), |mut d, t| {
        let _ = write!(d, "M{LEFT} {:.1}H{:.1}", panel.y(*t), axis.plot_right());
        d
    });
    let labels = ticks
        .iter()
        .map(|t| {
            let text = format!("{}{suffix}", one_dp(*t).trim_end_matches(".0"));
            view! { <text x=u(LEFT - 4.0) y=u(panel.y(*t) + 4.0) class="tick" text-anchor="end">{text}</text> }
        })
        .collect_view();
    view! {
        <text x="0" y=u(panel.top - 8.0) class="panel-title">{title}</text>
        <path d=grid class="grid"/>
        {labels}
    }
    .into_any()
}

/// Dates under the last panel: every weekday for a week, else the first, middle and last day.
pub fn date_labels(axis: DayAxis, days: &[DayRollup], y: f64) -> AnyView {
    if days.is_empty() {
        return ().into_any();
    }
    let n = days.len();
    let picks: Vec<(usize, &'static str, String)> = if n <= 7 {
        days.iter()
            .enumerate()
            .map(|(i, d)| (i, "middle", WEEKDAYS[d.date.weekday().num_days_from_monday() as usize].to_owned()))
            .collect()
    } else {
        vec![
            (0, "start", short_date(days[0].date)),
            (n / 2, "middle", short_date(days[n / 2].date)),
            (n - 1, "end", short_date(days[n - 1].date)),
        ]
    };
    picks
        .into_iter()
        .map(|(i, anchor, text)| {
            let x = match anchor {
                "start" => axis.x(i) - axis.step() / 2.0,
                "end" => axis.x(i) + axis.step() / 2.0,
                _ => axis.x(i),
            };
            view! { <text x=u(x) y=u(y) class="tick" text-anchor=anchor>{text}</text> }
        })
        .collect_view()
        .into_any()
}

/// Pain line and markers (average line with dots), used by more than one chart.
pub fn pain_series(axis: DayAxis, panel: Panel, days: &[DayRollup]) -> AnyView {
    let mean: Vec<Option<f64>> = days.iter().map(|d| d.pain_mean).collect();
    // Over a month the line alone reads better; dots for a week or a month.
    let dots = (axis.n <= 31).then(|| markers_path(axis, panel, &mean, Marker::Dot, 2.8));
    view! {
        <path d=line_path(axis, panel, &mean) class="s-pain"/>
        {dots.map(|d| view! { <path d=d class="m-pain"/> })}
    }
    .into_any()
}

/// Whose diary the charts show, over which days, and what of it the reader may see: the words that
/// differ between the patient's own Patterns page ("your pain … over the last 28 days") and a carer's
/// or worker's view of it ("Sam's pain … from 3 Mar to 30 Mar"). Sentences are written once with the
/// engine's tokens (`{you}`, `{Your}`, `{were}`, `{have}`; see `domain::patterns::finding::fill`).
#[derive(Debug, Clone, PartialEq)]
pub struct Voice {
    /// `None` on the patient's own page.
    name: Option<String>,
    /// How many days the charts cover.
    days: usize,
    period: String,
    /// The scopes shared with the reader; `None` for the patient, who sees everything.
    scopes: Option<Vec<Scope>>,
}

impl Voice {
    /// The patient's own charts over the last `days` days.
    pub fn own(days: usize) -> Self {
        Self { name: None, days, period: format!("over the last {days} days"), scopes: None }
    }

    /// Someone else's view of `name`'s diary from `from` to `to`, limited to the shared scopes.
    /// Sentences use the first name ("Most of Alex's doses…", as a carer or worker would say it);
    /// the page heading above them carries the full name.
    pub fn about(name: &str, scopes: &[Scope], from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Self {
        let name = name.split_whitespace().next().unwrap_or(name);
        let days = ((to - from).num_days() + 1).max(1) as usize;
        let period = if to == today {
            format!("over the last {days} days")
        } else {
            format!("from {} to {}", short_date(from), short_date(to))
        };
        Self { name: Some(name.to_owned()), days, period, scopes: Some(scopes.to_vec()) }
    }

    /// A sentence with its tokens filled in for this reader.
    pub fn say(&self, template: &str) -> String {
        fill(template, self.name.as_deref())
    }

    pub fn days(&self) -> usize {
        self.days
    }

    /// "over the last 28 days", "from 3 Mar to 30 Mar".
    pub fn period(&self) -> &str {
        &self.period
    }

    /// Whether the reader may see entries of this scope.
    pub fn sees(&self, scope: Scope) -> bool {
        self.scopes.as_ref().is_none_or(|s| s.contains(&scope))
    }

    /// A chart with nothing to draw: what is missing and, for the patient only, how to log it.
    pub fn empty(&self, missing: &str, how_to_log: &str) -> AnyView {
        let text = match self.name {
            None => format!("{missing} {how_to_log}"),
            Some(_) => missing.to_owned(),
        };
        view! { <p class="chart-empty">{text}</p> }.into_any()
    }

    /// "What this shows", in this reader's words.
    pub fn explain(&self, paragraphs: &[&str]) -> Vec<String> {
        paragraphs.iter().map(|p| self.say(p)).collect()
    }
}

/// Every chart card, in reading order (a card for a kind not shared with the reader leaves itself out).
pub fn cards(p: &Patterns, v: &Voice) -> AnyView {
    cards_with(p, v, Vec::new())
}

/// The cards, with the patient's own notes from their pacing plans beside the activity card (days
/// well over a plan's target, said kindly).
pub fn cards_with(p: &Patterns, v: &Voice, pacing_notes: Vec<String>) -> AnyView {
    view! {
        {pain_doses::card(p, v)}
        {heatmap::card(p, v)}
        {reasons::card(p, v)}
        {activity::card(p, v)}
        {(!pacing_notes.is_empty()).then(|| view! {
            <section class="card pacing-note" id="pacing-note" aria-label="Your pacing plan">
                {pacing_notes.into_iter().map(|n| view! { <p>{n}</p> }).collect_view()}
                <a class="button secondary" href="/plan">"Your pacing plan"</a>
            </section>
        })}
        {sleep::card(p, v)}
        {practice::card(p, v)}
    }
    .into_any()
}

/// The first finding of these kinds, in this order, told to this reader.
pub fn takeaway_of(p: &Patterns, v: &Voice, kinds: &[FindingKind]) -> Option<String> {
    kinds.iter().find_map(|k| p.findings.iter().find(|f| f.kind == *k).map(|f| v.say(&f.template)))
}

/// Mean of the known values.
pub fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

/// A rounded-up top for a scale ("nice" steps: 1, 2, 5 × 10ⁿ).
pub fn nice_max(x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let mut step = 1.0;
    while step * 10.0 <= x {
        step *= 10.0;
    }
    for m in [1.0, 2.0, 5.0, 10.0] {
        if step * m >= x {
            return step * m;
        }
    }
    step * 10.0
}

/// The card around one chart: its name, the takeaway sentence above it, the chart (or what to log
/// to see it), and "What this shows" on tap.
#[component]
pub fn ChartCard(
    /// `data-chart` on the figure, e.g. `pain-doses`.
    id: &'static str,
    title: &'static str,
    takeaway: String,
    /// Paragraphs for "What this shows".
    explain: Vec<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="card chart-card" aria-labelledby=format!("chart-{id}-title")>
            <h2 id=format!("chart-{id}-title")>{title}</h2>
            <figure class="chart" data-chart=id>
                <figcaption class="takeaway">{takeaway}</figcaption>
                {children()}
            </figure>
            <details class="what-this-shows">
                <summary>"What this shows"</summary>
                {explain.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </details>
        </section>
    }
}

/// An `<svg>` of the given height with the chart's one-line description.
pub fn svg(height: f64, label: String, body: AnyView) -> AnyView {
    view! {
        <svg class="chart-svg" viewBox=format!("0 0 {W} {height:.0}") role="img" aria-label=label
            xmlns="http://www.w3.org/2000/svg">
            {body}
        </svg>
    }
    .into_any()
}
