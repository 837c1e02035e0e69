//! A carer's or project worker's view of a patient's patterns (issue 5), on the patient page: a period (7, 28
//! or 90 days, or chosen dates), the findings the server words about the patient by name, the same
//! chart cards as the patient's own Patterns page told in the third person and limited to the shared
//! kinds, the figures week by week (for long periods) and day by day as plain tables, and the GP
//! summary, CSV and FHIR downloads for the same period (fetched with the bearer token, saved through
//! a Blob URL: the CSP allows no `blob:` frames).

use chrono::{Days, NaiveDate};
use evenkeel_domain::patterns::DayRollup;
use evenkeel_domain::sharing::Scope;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::components::charts::{Voice, cards};
use crate::insights_api::{PatternsView, dated, iso_day, long_day, one_dp, parse_day, save_text, short_day, whole};
use crate::sharing_api::SharingApi;

const PRESETS: [u32; 3] = [7, 28, 90];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Last(u32),
    Dates,
}

/// The columns shown: only what the patient shares.
#[derive(Debug, Clone, Copy)]
struct Columns {
    pain: bool,
    doses: bool,
    activity: bool,
    sleep: bool,
}

impl Columns {
    fn of(scopes: &[Scope]) -> Self {
        Self {
            pain: scopes.contains(&Scope::Pain),
            doses: scopes.contains(&Scope::Doses),
            activity: scopes.contains(&Scope::Activity),
            sleep: scopes.contains(&Scope::Sleep),
        }
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

fn dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "–".to_owned())
}

fn slug(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(2)
        .map(|w| w.to_ascii_lowercase())
        .collect();
    if words.is_empty() { "patient".to_owned() } else { words.join("-") }
}

#[component]
pub fn SharedPatterns(patient: Uuid) -> impl IntoView {
    let api = SharingApi::expect();
    let period = RwSignal::new(Period::Last(28));
    let view_state = RwSignal::new(None::<Result<PatternsView, String>>);
    let loading = RwSignal::new(false);
    let today = RwSignal::new(None::<NaiveDate>);
    let from_text = RwSignal::new(String::new());
    let to_text = RwSignal::new(String::new());
    let dates_error = RwSignal::new(None::<String>);

    let load = move |from: Option<NaiveDate>, to: Option<NaiveDate>| {
        loading.set(true);
        spawn_local(async move {
            let result = api.patterns(patient, from.map(iso_day), to.map(iso_day)).await;
            loading.try_set(false);
            match result {
                Ok(v) => {
                    today.try_set(Some(v.today));
                    if from_text.get_untracked().is_empty() {
                        from_text.try_set(iso_day(v.from));
                        to_text.try_set(iso_day(v.to));
                    }
                    view_state.try_set(Some(Ok(v)));
                }
                Err(e) => {
                    view_state.try_set(Some(Err(e.message())));
                }
            }
        });
    };
    // The server's default period is the last 28 days, ending on the patient's today.
    load(None, None);

    let choose = move |days: u32| {
        period.set(Period::Last(days));
        dates_error.set(None);
        match today.get_untracked() {
            Some(t) => load(t.checked_sub_days(Days::new(u64::from(days) - 1)), Some(t)),
            None => load(None, None),
        }
    };
    let show_dates = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (from, to) = (parse_day(&from_text.get_untracked()), parse_day(&to_text.get_untracked()));
        match (from, to) {
            (Some(f), Some(t)) if f <= t => {
                dates_error.set(None);
                period.set(Period::Dates);
                load(Some(f), Some(t));
            }
            (Some(_), Some(_)) => dates_error.set(Some("The first day needs to be before the last day.".into())),
            _ => dates_error.set(Some("Please choose both days.".into())),
        }
    };

    view! {
        <section class="shared-patterns" id="shared-patterns" aria-labelledby="shared-patterns-title">
            <h2 id="shared-patterns-title">"Patterns"</h2>
            <div class="period-choice" role="group" aria-label="Period">
                {PRESETS.into_iter().map(|days| view! {
                    <button type="button" class="period-button" id=format!("period-{days}")
                        aria-pressed=move || (period.get() == Period::Last(days)).to_string()
                        on:click=move |_| choose(days)>{format!("{days} days")}</button>
                }).collect_view()}
            </div>
            <details class="period-dates">
                <summary id="period-dates-open">"Choose dates"</summary>
                <form class="period-form" novalidate on:submit=show_dates>
                    <div class="field">
                        <label for="period-from">"From"</label>
                        <input id="period-from" type="date" bind:value=from_text/>
                    </div>
                    <div class="field">
                        <label for="period-to">"To"</label>
                        <input id="period-to" type="date" bind:value=to_text/>
                    </div>
                    <button type="submit" class="button secondary" id="period-show">"Show"</button>
                </form>
                <p class="form-error" role="alert">{move || dates_error.get()}</p>
            </details>
            <div aria-live="polite" aria-busy=move || loading.get().to_string()>
                {move || match view_state.get() {
                    None => view! { <p class="empty">"Working out patterns…"</p> }.into_any(),
                    Some(Err(message)) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                    Some(Ok(v)) => view! { <PatternsBody view=v patient=patient/> }.into_any(),
                }}
            </div>
        </section>
    }
}

#[component]
fn PatternsBody(view: PatternsView, patient: Uuid) -> impl IntoView {
    let cols = Columns::of(&view.scopes);
    let logged = view.patterns.days.iter().filter(|d| d.entries > 0).count();
    let span = format!(
        "{} to {} · {} of {} days with entries",
        long_day(view.from),
        long_day(view.to),
        logged,
        view.patterns.days.len()
    );
    let voice = Voice::about(&view.patient_name, &view.scopes, view.from, view.to, view.today);
    let findings: Vec<(String, &'static str)> =
        view.patterns.findings.iter().map(|f| (voice.say(&f.template), f.kind.as_str())).collect();
    let days = view.patterns.days.clone();
    let long = days.len() > 14;
    let name = view.patient_name.clone();
    view! {
        <p class="period-span" id="period-span">{span}</p>
        <h3>"What stands out"</h3>
        {if findings.is_empty() {
            view! { <p class="empty" id="no-findings">{format!("Nothing stands out in these days. Short or patchy diaries often show no pattern; {name} can keep logging as usual.")}</p> }.into_any()
        } else {
            view! {
                <ul class="findings-list" id="findings">
                    {findings.into_iter().map(|(takeaway, kind)| view! {
                        <li class="finding" data-kind=kind>{takeaway}</li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <div class="shared-charts">{cards(&view.patterns, &voice)}</div>
        {long.then(|| view! { <WeekTable days=days.clone() cols=cols/> })}
        <DayTable days=days cols=cols/>
        <Downloads patient=patient from=view.from to=view.to name=view.patient_name.clone()/>
    }
}

#[component]
fn HeaderCells(first: &'static str, cols: Columns, week: bool) -> impl IntoView {
    view! {
        <th scope="col">{first}</th>
        {cols.pain.then(|| view! { <th scope="col">"Pain (mean /10)"</th> })}
        {cols.doses.then(|| view! {
            <th scope="col">{if week { "Doses (total)" } else { "Doses" }}</th>
            <th scope="col">{if week { "OME mg/day (mean)" } else { "OME mg" }}</th>
        })}
        {cols.activity.then(|| view! { <th scope="col">{if week { "Active min/day" } else { "Active min" }}</th> })}
        {cols.sleep.then(|| view! { <th scope="col">"Sleep efficiency %"</th> })}
    }
}

#[component]
fn WeekTable(days: Vec<DayRollup>, cols: Columns) -> impl IntoView {
    // Weeks ending on the last day, newest first.
    let weeks: Vec<Vec<DayRollup>> = days.rchunks(7).map(<[DayRollup]>::to_vec).collect();
    view! {
        <div class="data-scroll">
            <table class="rollup-table" id="week-table">
                <caption>"Week by week, newest first"</caption>
                <thead><tr><HeaderCells first="Week" cols=cols week=true/></tr></thead>
                <tbody>
                    {weeks.into_iter().map(|w| {
                        let label = match (w.first(), w.last()) {
                            (Some(a), Some(b)) => format!("{} – {}", short_day(a.date), short_day(b.date)),
                            _ => String::new(),
                        };
                        let pain = mean(w.iter().filter_map(|d| d.pain_mean)).map(one_dp);
                        let doses: u32 = w.iter().map(|d| d.doses).sum();
                        let ome = mean(w.iter().filter_map(|d| d.ome_mg)).map(whole);
                        let active = mean(w.iter().filter(|d| d.entries > 0).map(|d| f64::from(d.active_minutes))).map(whole);
                        let sleep = mean(w.iter().filter_map(|d| d.sleep_efficiency)).map(whole);
                        view! {
                            <tr>
                                <th scope="row">{label}</th>
                                {cols.pain.then(|| view! { <td>{dash(pain)}</td> })}
                                {cols.doses.then(|| view! { <td>{doses}</td><td>{dash(ome)}</td> })}
                                {cols.activity.then(|| view! { <td>{dash(active)}</td> })}
                                {cols.sleep.then(|| view! { <td>{dash(sleep)}</td> })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn DayTable(days: Vec<DayRollup>, cols: Columns) -> impl IntoView {
    let count = days.len();
    view! {
        <details class="day-details">
            <summary id="day-table-open">{format!("Figures day by day ({count} days)")}</summary>
            <div class="data-scroll">
                <table class="rollup-table" id="day-table">
                    <caption>"Day by day, newest first (– means nothing logged)"</caption>
                    <thead><tr><HeaderCells first="Day" cols=cols week=false/></tr></thead>
                    <tbody>
                        {days.into_iter().rev().map(|d| {
                            let ome = d.ome_mg.map(|v| if d.ome_complete { whole(v) } else { format!("≥ {}", whole(v)) });
                            let quiet = d.entries == 0;
                            view! {
                                <tr class:quiet-day=quiet>
                                    <th scope="row">{short_day(d.date)}</th>
                                    {cols.pain.then(|| view! { <td>{dash(d.pain_mean.map(one_dp))}</td> })}
                                    {cols.doses.then(|| view! { <td>{if quiet { "–".to_owned() } else { d.doses.to_string() }}</td><td>{dash(ome)}</td> })}
                                    {cols.activity.then(|| view! { <td>{if quiet { "–".to_owned() } else { d.active_minutes.to_string() }}</td> })}
                                    {cols.sleep.then(|| view! { <td>{dash(d.sleep_efficiency.map(whole))}</td> })}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

/// What to download: the GP summary (with its stylesheet written in, so the file reads well offline),
/// the diary as CSV, or as a FHIR bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum File {
    Summary,
    Csv,
    Fhir,
}

impl File {
    fn key(self) -> &'static str {
        match self {
            File::Summary => "summary",
            File::Csv => "csv",
            File::Fhir => "fhir",
        }
    }
    fn path(self) -> &'static str {
        match self {
            File::Summary => "summary",
            File::Csv => "export.csv",
            File::Fhir => "export.fhir.json",
        }
    }
    fn label(self) -> &'static str {
        match self {
            File::Summary => "GP summary (HTML)",
            File::Csv => "Diary as CSV",
            File::Fhir => "FHIR bundle (JSON)",
        }
    }
    fn file_name(self, who: &str, from: NaiveDate, to: NaiveDate) -> String {
        let (stem, ext) = match self {
            File::Summary => ("gp-summary", "html"),
            File::Csv => ("diary", "csv"),
            File::Fhir => ("fhir", "json"),
        };
        format!("even-keel-{stem}-{who}-{}-to-{}.{ext}", iso_day(from), iso_day(to))
    }
    fn mime(self) -> &'static str {
        match self {
            File::Summary => "text/html",
            File::Csv => "text/csv",
            File::Fhir => "application/fhir+json",
        }
    }
}

/// The summary's `<link>` to `/api/summary.css`, replaced by the stylesheet itself.
async fn with_styles(html: String) -> String {
    const LINK: &str = "<link rel=\"stylesheet\" href=\"/api/summary.css\">";
    if !html.contains(LINK) {
        return html;
    }
    let css = match gloo_net::http::Request::get("/api/summary.css").send().await {
        Ok(r) if r.ok() => r.text().await.unwrap_or_default(),
        _ => return html,
    };
    html.replacen(LINK, &format!("<style>{css}</style>"), 1)
}

#[component]
fn Downloads(patient: Uuid, from: NaiveDate, to: NaiveDate, name: String) -> impl IntoView {
    let api = SharingApi::expect();
    let status = RwSignal::new(None::<(String, bool)>);
    let busy = RwSignal::new(None::<File>);
    let who = slug(&name);
    let get = move |file: File| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(file));
        status.set(Some((format!("Preparing the {}…", file.label()), false)));
        let who = who.clone();
        spawn_local(async move {
            let path =
                dated(&format!("/api/patients/{patient}/{}", file.path()), Some(iso_day(from)), Some(iso_day(to)));
            let result = api.text(&path).await;
            let message = match result {
                Ok(text) => {
                    let text = if file == File::Summary { with_styles(text).await } else { text };
                    let file_name = file.file_name(&who, from, to);
                    match save_text(&text, &file_name, file.mime()) {
                        Some(()) => (format!("Saved {file_name} (in your downloads)."), true),
                        None => ("This browser wouldn't save the file. Please try another browser.".to_owned(), false),
                    }
                }
                Err(e) => (e.message(), false),
            };
            busy.try_set(None);
            status.try_set(Some(message));
        });
    };
    let button = move |file: File, primary: bool| {
        let get = get.clone();
        view! {
            <button type="button" class="button" class:primary=primary class:secondary=!primary
                id=format!("download-{}", file.key())
                aria-disabled=move || (busy.get() == Some(file)).then_some("true")
                on:click=move |_| get(file)>{format!("Download {}", file.label())}</button>
        }
    };
    view! {
        <section class="shared-downloads" aria-labelledby="downloads-title">
            <h3 id="downloads-title">"For the GP and records"</h3>
            <p class="hint">{format!("The same period: {} to {}. Files hold health information: keep them on practice systems.", long_day(from), long_day(to))}</p>
            <div class="download-buttons">
                {button(File::Summary, true)}
                {button(File::Csv, false)}
                {button(File::Fhir, false)}
            </div>
            <p class="download-status" id="download-status" role="status"
                data-ok=move || status.get().map(|(_, ok)| ok.to_string())>
                {move || status.get().map(|(m, _)| m)}
            </p>
        </section>
    }
}
