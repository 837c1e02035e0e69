//! The one-page summary for the GP: server-rendered HTML (no scripts; the stylesheet is
//! `/api/summary.css`, allowed by the CSP's `style-src 'self'`, with print rules). It records and
//! shows what the diary holds; it never suggests a dose.

use chrono::{NaiveDate, Utc};
use evenkeel_domain::ome::HIGH_DOSE_OME_MG_PER_DAY;
use evenkeel_domain::patterns::{DayRollup, Patterns};
use evenkeel_domain::sharing::Scope;

use super::{DateRange, compute, patient_today};
use crate::access::{Grant, Need};
use crate::db::DbConn;
use crate::error::AppResult;

pub const STYLESHEET: &str = include_str!("summary.css");

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn num(x: Option<f64>, dp: usize) -> String {
    x.map_or("–".to_owned(), |v| format!("{v:.dp$}"))
}

fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// 7-day blocks of the period ending on its last day, oldest first.
fn weeks(days: &[DayRollup]) -> Vec<&[DayRollup]> {
    let mut out: Vec<&[DayRollup]> = days.rchunks(7).collect();
    out.reverse();
    out
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (s, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| s / f64::from(n))
}

/// The page for the granted kinds over `range`.
pub fn page(
    conn: &mut DbConn,
    grant: &Grant,
    from: Option<&str>,
    to: Option<&str>,
    plan: &crate::plan::ForSummary,
) -> AppResult<String> {
    grant.covers(Need::ReadShared)?;
    let today = patient_today(conn, grant.patient_id())?;
    let range = super::parse_dates(from, to, today)?;
    let (name, patterns) = compute(conn, grant, range, today)?;
    let mut html = render(&name, range, grant.diary_scopes(), &patterns, Utc::now().date_naive());
    if let Some(at) = html.rfind("<footer>") {
        html.insert_str(at, &plan_section(plan));
    }
    Ok(html)
}

pub fn render(name: &str, range: DateRange, scopes: &[Scope], p: &Patterns, generated: NaiveDate) -> String {
    let has = |s: Scope| scopes.contains(&s);
    let mut h = String::new();
    let title = format!("Diary summary: {}", esc(name));
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title}</title><link rel=\"stylesheet\" href=\"/api/summary.css\"></head><body><main class=\"summary\">\n"
    ));
    h.push_str(&format!("<h1>{title}</h1>\n"));
    h.push_str(&format!(
        "<p class=\"period\">Period covered: <strong>{}</strong> to <strong>{}</strong> ({} days).</p>\n",
        long_date(range.from),
        long_date(range.to),
        (range.to - range.from).num_days() + 1
    ));
    let shared: Vec<&str> = scopes.iter().map(|s| s.label()).collect();
    h.push_str(&format!("<p class=\"scopes\">Includes: {}.</p>\n", esc(&shared.join(", "))));

    let days_logged = p.days.iter().filter(|d| d.entries > 0).count();
    h.push_str(&format!("<p>Days with diary entries: {days_logged} of {}.</p>\n", p.days.len()));

    if has(Scope::Pain) {
        let pegs: Vec<(NaiveDate, f64)> = p.days.iter().filter_map(|d| d.peg.map(|g| (d.date, g))).collect();
        h.push_str("<section><h2>PEG (pain, enjoyment, general activity)</h2>\n");
        if pegs.is_empty() {
            h.push_str("<p>No PEG answers in this period.</p>\n");
        } else {
            h.push_str("<table><thead><tr><th>Date</th><th>PEG score (0–10)</th></tr></thead><tbody>\n");
            for (d, g) in &pegs {
                h.push_str(&format!("<tr><td>{}</td><td>{g:.1}</td></tr>\n", d.format("%-d %b")));
            }
            h.push_str("</tbody></table>\n");
        }
        h.push_str("</section>\n");
    }

    h.push_str("<section><h2>Week by week</h2>\n<table><thead><tr><th>Week ending</th>");
    if has(Scope::Pain) {
        h.push_str("<th>Mean pain (0–10)</th><th>Highest pain</th>");
    }
    if has(Scope::Doses) {
        h.push_str("<th>Doses</th><th>Mean OME mg/day</th><th>Highest OME mg/day</th>");
    }
    if has(Scope::Sleep) {
        h.push_str("<th>Mean sleep efficiency</th>");
    }
    if has(Scope::Activity) {
        h.push_str("<th>Active min/day</th><th>Rest min/day</th>");
    }
    if has(Scope::Mood) {
        h.push_str("<th>Mean stress (0–10)</th>");
    }
    if has(Scope::Relaxation) {
        h.push_str("<th>Relaxation practised (min)</th>");
    }
    h.push_str("</tr></thead><tbody>\n");
    for w in weeks(&p.days) {
        let end = w.last().map(|d| d.date).unwrap_or(range.to);
        h.push_str(&format!("<tr><td>{}</td>", end.format("%-d %b")));
        if has(Scope::Pain) {
            let max = w.iter().filter_map(|d| d.pain_max).max();
            h.push_str(&format!(
                "<td>{}</td><td>{}</td>",
                num(mean(w.iter().filter_map(|d| d.pain_mean)), 1),
                max.map_or("–".into(), |m| m.to_string())
            ));
        }
        if has(Scope::Doses) {
            let doses: u32 = w.iter().map(|d| d.doses).sum();
            let ome_max =
                w.iter().filter_map(|d| d.ome_mg).fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
            h.push_str(&format!(
                "<td>{doses}</td><td>{}</td><td>{}</td>",
                num(mean(w.iter().filter_map(|d| d.ome_mg)), 0),
                num(ome_max, 0)
            ));
        }
        if has(Scope::Sleep) {
            h.push_str(&format!("<td>{}</td>", num(mean(w.iter().filter_map(|d| d.sleep_efficiency)), 0) + "%"));
        }
        if has(Scope::Activity) {
            let logged: Vec<&DayRollup> = w.iter().filter(|d| d.active_minutes + d.rest_minutes > 0).collect();
            h.push_str(&format!(
                "<td>{}</td><td>{}</td>",
                num(mean(logged.iter().map(|d| f64::from(d.active_minutes))), 0),
                num(mean(logged.iter().map(|d| f64::from(d.rest_minutes))), 0)
            ));
        }
        if has(Scope::Mood) {
            h.push_str(&format!("<td>{}</td>", num(mean(w.iter().filter_map(|d| d.stress_mean)), 1)));
        }
        if has(Scope::Relaxation) {
            h.push_str(&format!("<td>{}</td>", w.iter().map(|d| d.relaxation_minutes).sum::<u32>()));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></section>\n");

    if has(Scope::Doses) {
        let high = p.days.iter().filter(|d| d.ome_mg.is_some_and(|m| m >= HIGH_DOSE_OME_MG_PER_DAY)).count();
        h.push_str("<section><h2>Oral morphine equivalent (OME) per day</h2>\n");
        h.push_str(&format!(
            "<p>Recorded OME reached {HIGH_DOSE_OME_MG_PER_DAY:.0} mg/day or more on {high} of {} days (Opioids Aware: harm rises above {HIGH_DOSE_OME_MG_PER_DAY:.0} mg/day). Conversion table: uk-opioids-aware-2020. Totals add every opioid dose logged, including as-needed doses.</p>\n",
            p.days.len()
        ));
        h.push_str("<table class=\"ome\"><thead><tr><th>Date</th><th>OME mg</th><th>Doses</th><th>vs 120 mg/day</th></tr></thead><tbody>\n");
        for d in p.days.iter().filter(|d| d.ome_mg.is_some() || d.doses > 0) {
            let mark = match d.ome_mg {
                Some(m) if m >= HIGH_DOSE_OME_MG_PER_DAY => "at or above",
                Some(_) => "below",
                None => "not converted",
            };
            let partial = if d.ome_complete { "" } else { " (some doses not converted)" };
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}{partial}</td><td>{}</td><td>{mark}</td></tr>\n",
                d.date.format("%a %-d %b"),
                num(d.ome_mg, 0),
                d.doses
            ));
        }
        h.push_str("</tbody></table>\n<h3>Reasons given for doses</h3>\n");
        if p.reasons.is_empty() {
            h.push_str("<p>No reasons were logged.</p>\n");
        } else {
            h.push_str("<ul>");
            for r in &p.reasons {
                h.push_str(&format!("<li>{}: {}</li>", esc(r.reason.label()), r.doses));
            }
            h.push_str("</ul>\n");
        }
        h.push_str("</section>\n");
    }

    if has(Scope::Sleep) {
        let nights: Vec<&DayRollup> = p.days.iter().filter(|d| d.sleep_efficiency.is_some()).collect();
        h.push_str(&format!(
            "<section><h2>Sleep</h2><p>Nights recorded: {}. Mean sleep efficiency {}% (85% or more is usually taken as good).</p></section>\n",
            nights.len(),
            num(mean(nights.iter().filter_map(|d| d.sleep_efficiency)), 0)
        ));
    }

    if has(Scope::Activity) {
        h.push_str("<section><h2>Pacing</h2>\n");
        if p.pacing.is_empty() {
            h.push_str("<p>No paced activity with a baseline.</p>\n");
        } else {
            h.push_str("<table><thead><tr><th>Activity</th><th>Baseline (min)</th><th>Planned now (min)</th><th>Days close to plan</th><th>Above</th><th>Below</th></tr></thead><tbody>\n");
            for a in &p.pacing {
                h.push_str(&format!(
                    "<tr><td>{}</td><td>{:.0}</td><td>{:.0}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    esc(&a.activity),
                    a.baseline_minutes,
                    a.planned_minutes_now,
                    a.days_close_to_plan,
                    a.days_above_plan,
                    a.days_below_plan
                ));
            }
            h.push_str("</tbody></table>\n");
        }
        h.push_str(&format!("<p>Boom-and-bust episodes in the period: {}.</p></section>\n", p.episodes.len()));
    }

    h.push_str("<section><h2>What the diary shows</h2>\n");
    if p.findings.is_empty() {
        h.push_str("<p>No patterns stood out in this period.</p>\n");
    } else {
        h.push_str("<ul class=\"findings\">");
        for f in &p.findings {
            h.push_str(&format!("<li>{}</li>", esc(&f.takeaway_about(name))));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");

    h.push_str(&format!(
        "<footer><p>Generated by Even Keel on {}; the patient's own diary; not a clinical record. \
It records and shows what was logged and does not suggest any change of dose.</p></footer>\n",
        long_date(generated)
    ));
    h.push_str("</main></body></html>\n");
    h
}

/// The medicine plan's steps as the prescriber decided them, each with its OME and the change from
/// the step before; nothing more (the app never judges a plan).
fn medicine_plan_section(plan: Option<&evenkeel_domain::plan::medicine::MedicinePlanView>) -> String {
    use evenkeel_domain::plan::medicine::step_line;
    let Some(plan) = plan else {
        return "<h3>Medicine plan</h3>\n<p>No medicine plan recorded.</p>\n".to_owned();
    };
    let mut h = format!(
        "<h3>Medicine plan</h3>\n<p>Prescribed by {}, agreed {} (version {}, entered by {}). OME from table {}.</p>\n<ul>",
        esc(&plan.prescriber),
        long_date(plan.agreed_on),
        plan.version,
        esc(&plan.entered_by),
        esc(&plan.table_version),
    );
    for (i, s) in plan.steps.iter().enumerate() {
        let ome = s.ome_mg.map_or_else(|| "OME not converted".to_owned(), |mg| format!("{mg} mg OME a day"));
        let change = s.change_pct.map(|p| format!(", {p:+}% from the step before")).unwrap_or_default();
        let now = if plan.current == Some(i) { " (current)" } else { "" };
        h.push_str(&format!("<li>{}{now}: {ome}{change}</li>", esc(&step_line(s))));
    }
    h.push_str("</ul>\n");
    h
}

/// "Plan": current goals, pacing plans with their baseline and step, and the last session summary
/// — whichever of them the caller may read; nothing when none.
pub fn plan_section(plan: &crate::plan::ForSummary) -> String {
    use evenkeel_domain::plan::pacing::amount;
    if plan.goals.is_none() && plan.pacing.is_none() && plan.last_summary.is_none() && plan.medicine.is_none() {
        return String::new();
    }
    let mut h = String::from("<section><h2>Plan</h2>\n");
    if let Some(goals) = &plan.goals {
        h.push_str("<h3>Goals</h3>\n");
        if goals.is_empty() {
            h.push_str("<p>No current goals.</p>\n");
        } else {
            h.push_str("<ul>");
            for g in goals {
                let paused = if g.status.is_current() { "" } else { " (paused)" };
                h.push_str(&format!("<li>{}{paused}: {} days a week</li>", esc(&g.words.what), g.words.days_per_week));
            }
            h.push_str("</ul>\n");
        }
    }
    if let Some(pacing) = &plan.pacing {
        h.push_str("<h3>Pacing</h3>\n");
        if pacing.is_empty() {
            h.push_str("<p>No pacing plans.</p>\n");
        } else {
            h.push_str("<ul>");
            for p in pacing {
                h.push_str(&format!(
                    "<li>{}: baseline {} {unit}, now {} {unit} a day (stepped up {} times by {}%)</li>",
                    esc(&p.activity),
                    amount(p.baseline),
                    amount(p.target),
                    p.level,
                    p.increase_pct,
                    unit = p.unit.words(),
                ));
            }
            h.push_str("</ul>\n");
        }
    }
    if let Some(medicine) = &plan.medicine {
        h.push_str(&medicine_plan_section(medicine.as_ref()));
    }
    if let Some(referrals) = &plan.referrals {
        h.push_str("<h3>Open referrals</h3>\n");
        if referrals.is_empty() {
            h.push_str("<p>None open.</p>\n");
        } else {
            h.push_str("<ul>");
            for r in referrals {
                let since = r.waiting_since.map(|d| format!(" since {}", long_date(d))).unwrap_or_default();
                h.push_str(&format!("<li>{}: {}{since}</li>", esc(&r.service.service.name), r.status.label()));
            }
            h.push_str("</ul>\n");
        }
    }
    if let Some(last) = &plan.last_summary {
        h.push_str("<h3>Last session</h3>\n");
        match last {
            None => h.push_str("<p>No session summaries yet.</p>\n"),
            Some(s) => {
                h.push_str(&format!("<p>{}: {}</p>\n", long_date(s.session_date), esc(&s.talked_about)));
                if !s.agreed.is_empty() {
                    h.push_str(&format!("<p>Agreed: {}</p>\n", esc(&s.agreed)));
                }
            }
        }
    }
    h.push_str("</section>\n");
    h
}
