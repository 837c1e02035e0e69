//! Who has looked at my diary (Sharing → Who has looked): each time a carer or project worker read
//! part of the diary or added a note, or a project worker read or wrote their session notes about
//! the patient — who, what, when — newest first.

use evenkeel_domain::sharing::{AuditSubject, AuditView, Scope};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::local_time;
use crate::components::scopes::{capitalised, relation_word, short};
use crate::sharing_api::SharingApi;

/// "Looked at your pain, mood and sleep": every part one request read, in one line.
fn what(row: &AuditView) -> String {
    let mut scopes = Vec::new();
    for subject in &row.subjects {
        match subject {
            AuditSubject::SessionNotes if row.action != "write" => {
                return "Read their session notes about you".to_owned();
            }
            AuditSubject::SessionNotes if row.endpoint.starts_with("PUT ") => {
                return "Changed one of their session notes about you".to_owned();
            }
            AuditSubject::SessionNotes => return "Wrote a session note about you".to_owned(),
            AuditSubject::Account => return "Issued a reset code for your account".to_owned(),
            AuditSubject::Scope(scope) => scopes.push(*scope),
        }
    }
    match (row.action.as_str(), scopes.as_slice()) {
        ("write", [Scope::Notes]) => "Added a note".to_owned(),
        ("write", _) => format!("Added to your {}", listed(&scopes)),
        (_, [Scope::Notes]) => "Read the notes".to_owned(),
        _ => format!("Looked at your {}", listed(&scopes)),
    }
}

/// "pain", "pain and mood", "pain, mood and sleep".
fn listed(scopes: &[Scope]) -> String {
    let words: Vec<&str> = scopes.iter().map(|s| short(*s)).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => words.concat(),
    }
}

fn audit_row(row: AuditView) -> impl IntoView {
    let who = match row.relation {
        Some(r) => format!("{} ({})", row.actor_name, relation_word(r)),
        None => format!("{} (no longer shared with)", row.actor_name),
    };
    let subjects = row.subjects.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ");
    view! {
        <li class="entry audit-row" data-subjects=subjects>
            <p class="entry-title">{who}</p>
            <p class="entry-detail">{capitalised(&what(&row))}</p>
            <p class="entry-when">{local_time::day_and_time(&row.at)}</p>
        </li>
    }
}

#[component]
pub fn SharingAudit() -> impl IntoView {
    let api = SharingApi::expect();
    let rows = RwSignal::new(None::<Vec<AuditView>>);
    // Where the next, older page starts; None once the oldest row is shown.
    let older = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let load = move |before: Option<String>| {
        loading.set(true);
        spawn_local(async move {
            match api.audit(before).await {
                Ok(page) => {
                    rows.try_update(|list| list.get_or_insert_with(Vec::new).extend(page.rows));
                    older.try_set(page.next_before);
                    error.try_set(None);
                }
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
            loading.try_set(false);
        });
    };
    load(None);
    view! {
        <main class="page sharing-audit" data-page="sharing-audit">
            <p class="back-row"><a class="back-button" href="/sharing">"‹ Sharing"</a></p>
            <h1>"Who has looked at my diary"</h1>
            <p class="lead">"Every time someone you share with opens part of your diary, or adds a note, it is listed here. So is each time your project worker reads or writes their notes of your sessions. Newest first."</p>
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || match rows.get() {
                None => view! { <p class="empty">"Loading…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="empty" id="no-audit">"No one has looked at your diary yet."</p> }.into_any(),
                Some(list) => view! {
                    <ul class="entry-list audit-list">{list.into_iter().map(audit_row).collect_view()}</ul>
                }.into_any(),
            }}
            <Show when=move || older.with(Option::is_some)>
                <button type="button" class="button secondary wide" id="audit-older" disabled=move || loading.get()
                    on:click=move |_| load(older.get_untracked())>
                    {move || if loading.get() { "Loading…" } else { "Show earlier" }}
                </button>
            </Show>
        </main>
    }
}
