//! One person I support (carer) or on my caseload (project worker): a banner saying what they share,
//! their shared diaries for the last 28 days in plain words (read-only), and notes with "Add an
//! observation" when notes are shared. A project worker also keeps their private session notes
//! here. If they have stopped sharing, say so kindly.

use evenkeel_domain::EntryKind;
use evenkeel_domain::api::Role;
use evenkeel_domain::diary::EntryData;
use evenkeel_domain::sharing::{EntryView, LinkState, LinkView, NoteView, Scope};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::api::ApiError;
use crate::components::local_time;
use crate::components::role_home::people_home;
use crate::components::scopes::list;
use crate::components::session_notes::SessionNotes;
use crate::router::Here;
use crate::session::Session;
use crate::sharing_api::{SharingApi, status_of};
use crate::store::clock;
use crate::store::describe::{self, Medicines};

const DAYS: u32 = 28;

/// The diary kinds shown, in this order, with their headings.
const SECTIONS: [(EntryKind, &str); 6] = [
    (EntryKind::Pain, "Pain"),
    (EntryKind::Dose, "Doses"),
    (EntryKind::Activity, "Activity and rest"),
    (EntryKind::Mood, "Mood"),
    (EntryKind::Sleep, "Sleep"),
    (EntryKind::Relaxation, "Relaxation practice"),
];

#[derive(Debug, Clone, PartialEq)]
enum Load {
    Loading,
    /// Linked and active: what they share.
    Shared(LinkView),
    /// They stopped sharing, or there is no link (any more). The name, when we know it.
    Ended(Option<String>),
    Failed(String),
}

fn is_access_ended(error: &ApiError) -> bool {
    matches!(status_of(error), Some(403 | 404))
}

#[component]
pub fn Person() -> impl IntoView {
    let api = SharingApi::expect();
    let here = Here::expect();
    let patient = move || here.segment(1).and_then(|id| Uuid::parse_str(&id).ok());
    let state = RwSignal::new(Load::Loading);

    Effect::new(move |_| {
        let Some(patient_id) = patient() else {
            state.set(Load::Ended(None));
            return;
        };
        spawn_local(async move {
            let next = match api.links().await {
                Ok(links) => {
                    let mine: Vec<LinkView> = links.into_iter().filter(|l| l.patient_id == patient_id).collect();
                    match mine.iter().find(|l| l.state == LinkState::Active) {
                        Some(link) => Load::Shared(link.clone()),
                        None => Load::Ended(mine.first().map(|l| l.patient_name.clone())),
                    }
                }
                Err(e) if is_access_ended(&e) => Load::Ended(None),
                Err(e) => Load::Failed(e.message()),
            };
            state.try_set(next);
        });
    });

    view! {
        <main class="page person" data-page="person">
            <p class="back-row"><a class="back-button" href=people_home()>"‹ Back"</a></p>
            {move || match state.get() {
                Load::Loading => view! { <p class="empty" aria-busy="true">"Opening their diary…"</p> }.into_any(),
                Load::Failed(message) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                Load::Ended(name) => view! { <Ended name=name/> }.into_any(),
                Load::Shared(link) => view! { <SharedDiary link=link ended=state/> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn Ended(name: Option<String>) -> impl IntoView {
    let text = match &name {
        Some(n) => format!("{n} has stopped sharing their diary with you."),
        None => "This diary isn't shared with you any more.".to_owned(),
    };
    view! {
        <section class="card ended" id="access-ended" role="status">
            <h1>{text}</h1>
            <p>"That was their choice to make, and it is nothing you did wrong. If they want to share again, they can send you a new invite."</p>
            <a class="button secondary wide" href=people_home()>"Back"</a>
        </section>
    }
}

#[component]
fn SharedDiary(link: LinkView, ended: RwSignal<Load>) -> impl IntoView {
    let name = link.patient_name.clone();
    let banner = format!("{} shares: {}", name, list(&link.scopes));
    let patient = link.patient_id;
    let sections: Vec<(EntryKind, &str)> =
        SECTIONS.into_iter().filter(|(kind, _)| link.scopes.contains(&Scope::for_kind(*kind))).collect();
    let shares_plan = link.scopes.contains(&Scope::Plan);
    let goals = link.scopes.contains(&Scope::Goals);
    let suggests = link.scopes.contains(&Scope::Relaxation);
    let notes = link.scopes.contains(&Scope::Notes);
    let nothing = sections.is_empty() && !notes;
    // Session notes are the worker's own record: shown to project workers, whatever is shared.
    let is_worker = Session::expect().profile().is_some_and(|p| p.role == Role::Worker);
    let on_ended = Callback::new(move |()| ended.set(Load::Ended(None)));

    view! {
        <h1>{name.clone()}</h1>
        <p class="shared-banner" id="shared-banner">{banner}</p>
        // Patterns for carers and workers alike: the server computes them from the shared kinds only.
        {(!sections.is_empty()).then(|| view! { <crate::pages::person_patterns::SharedPatterns patient=patient/> })}
        <p class="hint">{format!("The last {DAYS} days, newest first. Read only: only {name} can change their diary.")}</p>
        {nothing.then(|| view! { <p class="empty">"Nothing from the diary is shared with you yet."</p> })}
        {sections
            .into_iter()
            .map(|(kind, heading)| view! { <KindSection patient=patient kind=kind heading=heading ended=ended/> })
            .collect_view()}
        {(goals || shares_plan || notes || is_worker).then(|| view! {
            <crate::components::shared_plan::SharedPlan patient=patient name=link.patient_name.clone() goals=goals plan=shares_plan notes=notes is_worker=is_worker/>
        })}
        {notes.then(|| view! { <Notes patient=patient name=link.patient_name.clone() ended=ended/> })}
        {(is_worker && suggests).then(|| view! {
            <crate::components::suggest_practice::SuggestPractice patient=patient name=link.patient_name.clone()/>
        })}
        {is_worker.then(|| view! { <SessionNotes patient=patient name=link.patient_name.clone() on_ended=on_ended/> })}
        {is_worker.then(|| view! {
            <details class="card" id="reset-code-card">
                <summary>{format!("{name} forgot their password?")}</summary>
                <crate::components::reset_code::ResetCodeButton person=Signal::derive(move || Some(patient)) is_worker=false who=name.clone()/>
            </details>
        })}
    }
}

#[component]
fn KindSection(patient: Uuid, kind: EntryKind, heading: &'static str, ended: RwSignal<Load>) -> impl IntoView {
    let api = SharingApi::expect();
    // Each entry as (when, title, details), newest first.
    let rows = RwSignal::new(None::<Result<Vec<(String, String, Vec<String>)>, String>>);
    spawn_local(async move {
        let meds: Medicines = if kind == EntryKind::Dose {
            match api.entries(patient, EntryKind::Medication, 3650).await {
                Ok(list) => list
                    .iter()
                    .filter_map(|e| match EntryData::parse(EntryKind::Medication, &e.data) {
                        Ok(EntryData::Medication(m)) => Some((e.id, m)),
                        _ => None,
                    })
                    .collect(),
                Err(_) => Vec::new(),
            }
        } else {
            Vec::new()
        };
        let result = api.entries(patient, kind, DAYS).await;
        match result {
            Ok(mut list) => {
                list.sort_by_key(|e| std::cmp::Reverse(e.recorded_at));
                let described = list.iter().filter_map(|e| describe_entry(e, &meds)).collect();
                rows.try_set(Some(Ok(described)));
            }
            Err(e) if is_access_ended(&e) => {
                ended.try_set(Load::Ended(None));
            }
            Err(e) => {
                rows.try_set(Some(Err(e.message())));
            }
        }
    });

    view! {
        <section class="shared-kind" data-kind=kind.as_str() aria-labelledby=format!("kind-{}", kind.as_str())>
            <h2 id=format!("kind-{}", kind.as_str())>{heading}</h2>
            {move || match rows.get() {
                None => view! { <p class="empty">"Loading…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="empty">{format!("Nothing logged in the last {DAYS} days.")}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="entry-list">
                        {list.into_iter().map(|(when, title, details)| view! {
                            <li class="entry shared-entry" data-kind=kind.as_str()>
                                <div class="entry-main">
                                    <span class="entry-title">{title}</span>
                                </div>
                                {details.into_iter().map(|d| view! { <p class="entry-detail">{d}</p> }).collect_view()}
                                <p class="entry-when">{when}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

fn describe_entry(entry: &EntryView, meds: &Medicines) -> Option<(String, String, Vec<String>)> {
    let data = EntryData::parse(entry.kind, &entry.data).ok()?;
    let (title, details) = describe::describe(&data, meds);
    let when = match describe::day_of(&data).zip(describe::when(&data)) {
        Some((day, time)) => format!("{} · {}", clock::day_heading(day), clock::clock(&time)),
        None => local_time::day_and_time(&entry.recorded_at),
    };
    Some((when, title, details))
}

#[component]
fn Notes(patient: Uuid, name: String, ended: RwSignal<Load>) -> impl IntoView {
    let api = SharingApi::expect();
    let notes = RwSignal::new(None::<Vec<NoteView>>);
    let error = RwSignal::new(None::<String>);
    let text = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let load = move || {
        spawn_local(async move {
            match api.notes(patient).await {
                Ok(list) => {
                    notes.try_set(Some(list));
                }
                Err(e) if is_access_ended(&e) => {
                    ended.try_set(Load::Ended(None));
                }
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
        })
    };
    load();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let body = text.get_untracked().trim().to_owned();
        if body.is_empty() {
            error.set(Some("Write your observation first.".into()));
            return;
        }
        if body.chars().count() > evenkeel_domain::sharing::MAX_NOTE_CHARS {
            error.set(Some("Please keep it under 2000 characters.".into()));
            return;
        }
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api.add_note(patient, body).await;
            pending.try_set(false);
            match result {
                Ok(note) => {
                    text.try_set(String::new());
                    notes.try_update(|n| n.get_or_insert_with(Vec::new).insert(0, note));
                }
                Err(e) if is_access_ended(&e) => {
                    ended.try_set(Load::Ended(None));
                }
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
        });
    };
    view! {
        <section class="notes" aria-labelledby="notes-title">
            <h2 id="notes-title">"Notes"</h2>
            <form class="note-form" novalidate on:submit=on_submit>
                <div class="field">
                    <label for="note-text">"Add an observation"</label>
                    <p class="hint" id="note-text-hint">{format!("{name} can read what you write here. Say what you noticed, kindly.")}</p>
                    <textarea id="note-text" rows="3" aria-describedby="note-text-hint" bind:value=text></textarea>
                </div>
                <p class="form-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="button primary" id="note-save"
                    aria-disabled=move || pending.get().then_some("true")>"Save observation"</button>
            </form>
            {move || match notes.get() {
                None => view! { <p class="empty">"Loading notes…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="empty" id="no-notes">"No notes yet."</p> }.into_any(),
                Some(list) => view! {
                    <ul class="note-list">
                        {list.into_iter().map(|n| view! {
                            <li class="note">
                                <p class="note-text">{n.text}</p>
                                <p class="note-by">{format!("{} · {}", n.author_name, local_time::day_and_time(&n.created_at))}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
