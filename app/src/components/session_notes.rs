//! A project worker's private session notes, on the patient's page: a short form (the day of the
//! session, what happened), the worker's own notes newest session first, each editable in place,
//! and one honest line about who sees them. Text the worker typed stays put if saving fails.

use evenkeel_domain::session_notes::{
    SessionNote, SessionNoteError, SessionNoteRequest, SessionNoteView, day_label, latest_session_date,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::api::ApiError;
use crate::sharing_api::{SharingApi, status_of};
use crate::store::clock;

/// Today's date on this phone as a date field holds it.
fn today_text() -> String {
    clock::today().format("%Y-%m-%d").to_string()
}

/// Checks what was typed with the same rules as the server, so most slips are caught at once.
fn check(date: &str, text: &str) -> Result<SessionNoteRequest, SessionNoteError> {
    let request = SessionNoteRequest { session_date: date.to_owned(), text: text.to_owned() };
    SessionNote::parse(&request, clock::today()).map(|_| request)
}

/// Newest session first; the latest written first within a day.
fn sort(notes: &mut [SessionNoteView]) {
    notes.sort_by(|a, b| b.session_date.cmp(&a.session_date).then(b.created_at.cmp(&a.created_at)));
}

/// What went wrong, and which field it is about (when we know).
#[derive(Debug, Clone, PartialEq)]
struct Problem {
    field: Option<&'static str>,
    message: String,
}

impl From<SessionNoteError> for Problem {
    fn from(e: SessionNoteError) -> Self {
        Self { field: Some(e.field()), message: e.to_string() }
    }
}

impl From<ApiError> for Problem {
    fn from(e: ApiError) -> Self {
        Self { field: None, message: e.message() }
    }
}

fn is_access_ended(error: &ApiError) -> bool {
    matches!(status_of(error), Some(403 | 404))
}

#[component]
pub fn SessionNotes(
    patient: Uuid,
    name: String,
    /// Called when the server says this person no longer shares with the worker.
    on_ended: Callback<()>,
) -> impl IntoView {
    let api = SharingApi::expect();
    let notes = RwSignal::new(None::<Vec<SessionNoteView>>);
    let load_error = RwSignal::new(None::<String>);
    let date = RwSignal::new(today_text());
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let pending = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let editing = RwSignal::new(None::<Uuid>);
    // The note being edited, held here rather than in `EditNote`: the list is redrawn when a new
    // note is saved, and a draft kept inside the redrawn row would be lost.
    let draft = Draft { date: RwSignal::new(String::new()), text: RwSignal::new(String::new()) };

    spawn_local(async move {
        match api.session_notes(patient).await {
            Ok(mut list) => {
                sort(&mut list);
                notes.try_set(Some(list));
            }
            Err(e) if is_access_ended(&e) => on_ended.run(()),
            Err(e) => {
                load_error.try_set(Some(e.message()));
            }
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        saved.set(false);
        let request = match check(&date.get_untracked(), &text.get_untracked()) {
            Ok(request) => request,
            Err(e) => {
                problem.set(Some(e.into()));
                return;
            }
        };
        pending.set(true);
        problem.set(None);
        spawn_local(async move {
            let result = api.add_session_note(patient, request).await;
            pending.try_set(false);
            match result {
                Ok(note) => {
                    text.try_set(String::new());
                    saved.try_set(true);
                    notes.try_update(|list| {
                        let list = list.get_or_insert_with(Vec::new);
                        list.push(note);
                        sort(list);
                    });
                }
                Err(e) if is_access_ended(&e) => on_ended.run(()),
                // The text stays in the box, so nothing typed is lost.
                Err(e) => {
                    problem.try_set(Some(e.into()));
                }
            }
        });
    };

    let invalid =
        move |field: &'static str| move || problem.get().and_then(|p| (p.field == Some(field)).then_some("true"));
    let privacy = format!(
        "Private: only you see these here. They are part of {name}'s record: {name} gets them in a download of their data, and sees when you read or write them."
    );

    view! {
        <section class="session-notes" id="session-notes" aria-labelledby="session-notes-title">
            <h2 id="session-notes-title">"Session notes"</h2>
            <p class="hint session-notes-privacy" id="session-notes-privacy">{privacy}</p>
            <form class="session-note-form" novalidate on:submit=on_submit>
                <div class="field">
                    <label for="session-date">"Day of the session"</label>
                    <input id="session-date" type="date" max=latest_session_date(clock::today()).format("%Y-%m-%d").to_string()
                        aria-invalid=invalid("session_date") bind:value=date/>
                </div>
                <div class="field">
                    <label for="session-text">"What happened in the session"</label>
                    <textarea id="session-text" rows="5" aria-describedby="session-notes-privacy"
                        aria-invalid=invalid("text") bind:value=text></textarea>
                </div>
                <p class="form-error" id="session-error" role="alert">{move || problem.get().map(|p| p.message)}</p>
                <p class="saved-line" id="session-saved" role="status">{move || saved.get().then_some("Saved.")}</p>
                <button type="submit" class="button primary wide" id="session-save"
                    aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { "Saving…" } else { "Save note" }}
                </button>
            </form>
            <p class="form-error" role="alert">{move || load_error.get()}</p>
            {move || match notes.get() {
                None => view! { <p class="empty">"Loading session notes…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! {
                    <p class="empty" id="no-session-notes">"No session notes yet. After a session, write what you talked about and agreed."</p>
                }.into_any(),
                Some(list) => view! {
                    <ul class="note-list session-note-list" id="session-note-list">
                        {list.into_iter().map(|note| {
                            if editing.get() == Some(note.id) {
                                view! { <EditNote patient=patient note=note notes=notes editing=editing draft=draft on_ended=on_ended/> }.into_any()
                            } else {
                                view! { <NoteItem note=note editing=editing draft=draft/> }.into_any()
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

/// What the open edit form holds.
#[derive(Debug, Clone, Copy)]
struct Draft {
    date: RwSignal<String>,
    text: RwSignal<String>,
}

#[component]
fn NoteItem(note: SessionNoteView, editing: RwSignal<Option<Uuid>>, draft: Draft) -> impl IntoView {
    let id = note.id;
    let start_date = note.session_date.format("%Y-%m-%d").to_string();
    let start_text = note.text.clone();
    let day = day_label(note.session_date);
    let when = if note.edited() { format!("{day} · edited") } else { day };
    view! {
        <li class="note session-note" data-id=id.to_string()>
            <p class="session-note-date">{when}</p>
            <p class="note-text session-note-text">{note.text}</p>
            <button type="button" class="button secondary session-note-edit"
                aria-label=format!("Edit the note of {}", day_label(note.session_date))
                on:click=move |_| {
                    draft.date.set(start_date.clone());
                    draft.text.set(start_text.clone());
                    editing.set(Some(id));
                }>"Edit"</button>
        </li>
    }
}

#[component]
fn EditNote(
    patient: Uuid,
    note: SessionNoteView,
    notes: RwSignal<Option<Vec<SessionNoteView>>>,
    editing: RwSignal<Option<Uuid>>,
    draft: Draft,
    on_ended: Callback<()>,
) -> impl IntoView {
    let api = SharingApi::expect();
    let id = note.id;
    let Draft { date, text } = draft;
    let problem = RwSignal::new(None::<Problem>);
    let pending = RwSignal::new(false);
    let date_id = format!("session-edit-date-{id}");
    let text_id = format!("session-edit-text-{id}");

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let request = match check(&date.get_untracked(), &text.get_untracked()) {
            Ok(request) => request,
            Err(e) => {
                problem.set(Some(e.into()));
                return;
            }
        };
        pending.set(true);
        problem.set(None);
        spawn_local(async move {
            let result = api.edit_session_note(patient, id, request).await;
            pending.try_set(false);
            match result {
                Ok(changed) => {
                    notes.try_update(|list| {
                        let list = list.get_or_insert_with(Vec::new);
                        list.retain(|n| n.id != id);
                        list.push(changed);
                        sort(list);
                    });
                    editing.try_set(None);
                }
                // 403: the link has ended. (A 404 here is about the note, and is said next to it.)
                Err(e) if status_of(&e) == Some(403) => on_ended.run(()),
                Err(e) => {
                    problem.try_set(Some(e.into()));
                }
            }
        });
    };
    let invalid =
        move |field: &'static str| move || problem.get().and_then(|p| (p.field == Some(field)).then_some("true"));

    view! {
        <li class="note session-note editing" data-id=id.to_string()>
            <form class="session-note-edit-form" novalidate on:submit=on_submit>
                <div class="field">
                    <label for=date_id.clone()>"Day of the session"</label>
                    <input id=date_id type="date" class="session-edit-date"
                        max=latest_session_date(clock::today()).format("%Y-%m-%d").to_string()
                        aria-invalid=invalid("session_date") bind:value=date/>
                </div>
                <div class="field">
                    <label for=text_id.clone()>"What happened in the session"</label>
                    <textarea id=text_id class="session-edit-text" rows="6" aria-invalid=invalid("text") bind:value=text></textarea>
                </div>
                <p class="form-error" role="alert">{move || problem.get().map(|p| p.message)}</p>
                <div class="form-actions">
                    <button type="submit" class="button primary session-edit-save"
                        aria-disabled=move || pending.get().then_some("true")>
                        {move || if pending.get() { "Saving…" } else { "Save changes" }}
                    </button>
                    <button type="button" class="button secondary session-edit-cancel"
                        on:click=move |_| editing.set(None)>"Cancel"</button>
                </div>
            </form>
        </li>
    }
}
