//! The project worker's home (issue 5): *Caseload*, a table of the patients sharing with them — flags
//! as calm chips in words, the last entry as "2 days ago" (exact date for screen readers and on
//! hover), and the week's figures. Sorted by "needs a look" first; every column header is a sort
//! button with `aria-sort`. On a phone each row becomes a card. Plus *Enrol a patient*.

use std::cmp::Ordering;

use evenkeel_domain::sharing::Scope;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::local_time;
use crate::insights_api::{CaseloadRow, days_ago, flag_key, flag_label, long_day, one_dp, weight, whole};
use crate::sharing_api::SharingApi;
use crate::store::clock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Flags,
    LastEntry,
    Pain,
    Stress,
    Doses,
    Ome,
}

impl Col {
    const ALL: [Col; 7] = [Col::Name, Col::Flags, Col::LastEntry, Col::Pain, Col::Stress, Col::Doses, Col::Ome];

    fn key(self) -> &'static str {
        match self {
            Col::Name => "name",
            Col::Flags => "flags",
            Col::LastEntry => "last-entry",
            Col::Pain => "pain",
            Col::Stress => "stress",
            Col::Doses => "doses",
            Col::Ome => "ome",
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Col::Name => "Name",
            Col::Flags => "Worth a look",
            Col::LastEntry => "Last entry",
            Col::Pain => "Pain, 7-day average",
            Col::Stress => "Stress, 7-day average",
            Col::Doses => "Doses, 7 days",
            Col::Ome => "OME mg/day, latest",
        }
    }

    /// The order of a first click: names A–Z, quietest diary first, everything else highest first.
    fn first_ascending(self) -> bool {
        matches!(self, Col::Name | Col::LastEntry)
    }
}

/// How much a row asks for a look: its strongest flag, then how many, then how quiet.
fn attention(r: &CaseloadRow) -> (u8, usize) {
    (r.flags.iter().map(|f| weight(f.kind)).max().unwrap_or(0), r.flags.len())
}

fn cmp_opt<T: PartialOrd>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Greater,
        (None, Some(_)) => Ordering::Less,
        (None, None) => Ordering::Equal,
    }
}

fn name_key(r: &CaseloadRow) -> String {
    r.name.to_ascii_lowercase()
}

fn sort(rows: &mut [CaseloadRow], col: Col, ascending: bool) {
    rows.sort_by(|a, b| {
        let primary = match col {
            Col::Name => name_key(a).cmp(&name_key(b)),
            Col::Flags => attention(a).cmp(&attention(b)).then_with(|| b.last_entry_day.cmp(&a.last_entry_day)),
            Col::LastEntry => a.last_entry_day.cmp(&b.last_entry_day),
            Col::Pain => cmp_opt(a.pain_7d_mean, b.pain_7d_mean),
            Col::Stress => cmp_opt(a.stress_7d_mean, b.stress_7d_mean),
            Col::Doses => cmp_opt(a.doses_7d, b.doses_7d),
            Col::Ome => cmp_opt(a.ome_mg_per_day_latest, b.ome_mg_per_day_latest),
        };
        let primary = if ascending { primary } else { primary.reverse() };
        primary.then_with(|| name_key(a).cmp(&name_key(b)))
    });
}

#[component]
pub fn Caseload() -> impl IntoView {
    let api = SharingApi::expect();
    let rows = RwSignal::new(None::<Vec<CaseloadRow>>);
    let error = RwSignal::new(None::<String>);
    // Who needs a look first, by default.
    let order = RwSignal::new((Col::Flags, false));
    spawn_local(async move {
        match api.caseload().await {
            Ok(list) => {
                rows.try_set(Some(list));
            }
            Err(e) => {
                error.try_set(Some(e.message()));
            }
        }
    });

    view! {
        <main class="page caseload" data-page="caseload">
            <div class="caseload-head">
                <h1>"Caseload"</h1>
                <a class="button primary" id="enrol-patient" href="/caseload/enrol">"Enrol a patient"</a>
                <a class="button secondary" id="services-directory" href="/caseload/services">"Services directory"</a>
            </div>
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || match rows.get() {
                None => (error.get().is_none()).then(|| view! { <p class="empty" aria-busy="true">"Loading your caseload…"</p> }).into_any(),
                Some(list) if list.is_empty() => view! { <EmptyCaseload/> }.into_any(),
                Some(list) => view! { <CaseloadTable rows=list order=order/> }.into_any(),
            }}
            <p class="caseload-more">
                "A patient gave you an invite code? "
                <a id="add-person" href="/people/add">"Add them with the code"</a>
            </p>
        </main>
    }
}

#[component]
fn EmptyCaseload() -> impl IntoView {
    view! {
        <section class="card caseload-empty" id="no-people">
            <h2>"No patients yet"</h2>
            <ol class="caseload-steps">
                <li>"Tap " <strong>"Enrol a patient"</strong> " to make a code (it works once, for a few days)."</li>
                <li>"Give the code to the patient, on paper or as the QR code on your screen."</li>
                <li>"They type it in Even Keel and choose what to share with you. They appear here once they have."</li>
            </ol>
            <a class="button primary wide" href="/caseload/enrol">"Enrol a patient"</a>
        </section>
    }
}

#[component]
fn CaseloadTable(rows: Vec<CaseloadRow>, order: RwSignal<(Col, bool)>) -> impl IntoView {
    let count = rows.len();
    let today = clock::today();
    let sorted = move || {
        let (col, ascending) = order.get();
        let mut list = rows.clone();
        sort(&mut list, col, ascending);
        list
    };
    let caption = move || {
        let (col, ascending) = order.get();
        let how = match (col, ascending) {
            (Col::Flags, false) => "most to look at first".to_owned(),
            (Col::LastEntry, true) => "quietest diary first".to_owned(),
            (Col::Name, true) => "name, A to Z".to_owned(),
            (c, up) => {
                format!("{}, {}", c.heading().to_ascii_lowercase(), if up { "lowest first" } else { "highest first" })
            }
        };
        let people = if count == 1 { "1 patient".to_owned() } else { format!("{count} patients") };
        format!("{people} sharing with you, sorted by {how}.")
    };
    view! {
        <div class="caseload-scroll">
            <table class="caseload-table" id="caseload-table">
                <caption id="caseload-caption">{caption}</caption>
                <thead>
                    <tr>
                        {Col::ALL.into_iter().map(|col| view! { <SortHeader col=col order=order/> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || sorted().into_iter().map(|r| view! { <Row row=r today=today/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn SortHeader(col: Col, order: RwSignal<(Col, bool)>) -> impl IntoView {
    let sort_state = move || {
        let (c, up) = order.get();
        (c == col).then_some(if up { "ascending" } else { "descending" })
    };
    let arrow = move || match sort_state() {
        Some("ascending") => "▲",
        Some(_) => "▼",
        None => "↕",
    };
    let click = move |_| {
        order.update(|(c, up)| {
            if *c == col {
                *up = !*up;
            } else {
                *c = col;
                *up = col.first_ascending();
            }
        })
    };
    view! {
        <th scope="col" class=format!("cl-col-{}", col.key()) aria-sort=sort_state>
            <button type="button" class="sort-button" id=format!("sort-{}", col.key()) on:click=click
                class:sorted=move || sort_state().is_some()>
                <span>{col.heading()}</span>
                <span class="sort-arrow" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}

#[component]
fn Row(row: CaseloadRow, today: chrono::NaiveDate) -> impl IntoView {
    let shares = |s: Scope| row.scopes.contains(&s);
    let figure = |shared: bool, value: Option<String>, unit: &'static str| {
        match (shared, value) {
        (false, _) => view! { <span class="cl-none">"Not shared"</span> }.into_any(),
        (true, None) => view! { <span class="cl-none" aria-hidden="true">"–"</span><span class="cl-sr">"none logged"</span> }.into_any(),
        (true, Some(v)) => view! { <span class="cl-figure">{v}</span>{(!unit.is_empty()).then(|| view! { <span class="cl-unit">{unit}</span> })} }.into_any(),
    }
    };
    let pain = figure(shares(Scope::Pain), row.pain_7d_mean.map(one_dp), "/10");
    let stress = figure(shares(Scope::Mood), row.stress_7d_mean.map(one_dp), "/10");
    let doses = figure(shares(Scope::Doses), row.doses_7d.map(|d| d.to_string()), "");
    let ome = figure(shares(Scope::Doses), row.ome_mg_per_day_latest.map(whole), "mg");
    let (relative, exact) = match (row.last_entry_day, row.last_entry_at) {
        (_, Some(at)) => {
            let day = row.last_entry_day.unwrap_or_else(|| at.date_naive());
            (days_ago((today - day).num_days()), local_time::day_and_time(&at))
        }
        (Some(day), None) => (days_ago((today - day).num_days()), long_day(day)),
        (None, None) => ("No entries yet".to_owned(), "Nothing logged yet".to_owned()),
    };
    let quiet = row.last_entry_day.is_none_or(|d| (today - d).num_days() >= 3);
    let mut flags = row.flags.clone();
    flags.sort_by_key(|f| std::cmp::Reverse(weight(f.kind)));
    let (level, _) = attention(&row);
    view! {
        <tr class="caseload-row" data-patient-id=row.patient_id.to_string() data-attention=level.to_string()>
            <th scope="row" class="cl-name">
                <a class="caseload-name" href=format!("/people/{}", row.patient_id)>{row.name.clone()}</a>
            </th>
            <td class="cl-flags" data-label="Worth a look">
                {if flags.is_empty() {
                    view! { <span class="cl-none">"Nothing flagged"</span> }.into_any()
                } else {
                    view! {
                        <ul class="flag-chips">
                            {flags.into_iter().map(|f| {
                                let tone = if weight(f.kind) >= 3 { "amber" } else { "neutral" };
                                view! {
                                    <li class="flag-chip" data-kind=flag_key(f.kind) data-tone=tone>
                                        <span class="flag-label">{flag_label(f.kind)}</span>
                                        <span class="flag-detail">{f.detail}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </td>
            <td class="cl-last" data-label="Last entry" class:quiet=quiet>
                <span class="last-entry" title=exact.clone()>{relative}</span>
                <span class="cl-sr">{format!(" ({exact})")}</span>
            </td>
            <td class="cl-num" data-label="Pain, 7-day average">{pain}</td>
            <td class="cl-num" data-label="Stress, 7-day average">{stress}</td>
            <td class="cl-num" data-label="Doses, 7 days">{doses}</td>
            <td class="cl-num" data-label="OME mg/day, latest">{ome}</td>
        </tr>
    }
}
