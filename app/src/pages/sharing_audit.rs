//! Who has looked at my diary (Sharing → Who has looked): each time a carer or project worker read
//! part of the diary or added a note, or a project worker read or wrote their session notes about
//! the patient — who, what, when — newest first.

use evenkeel_domain::sharing::{AuditSubject, AuditView, Scope};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::local_time;
use crate::components::scopes::{capitalised, relation_word, short};
use crate::sharing_api::SharingApi;

fn what(row: &AuditView) -> String {
    let scope = match row.scope {
        AuditSubject::SessionNotes if row.action != "write" => return "Read their session notes about you".to_owned(),
        AuditSubject::SessionNotes if row.endpoint.starts_with("PUT ") => {
            return "Changed one of their session notes about you".to_owned();
        }
        AuditSubject::SessionNotes => return "Wrote a session note about you".to_owned(),
        AuditSubject::Account => return "Issued a reset code for your account".to_owned(),
        AuditSubject::Scope(scope) => scope,
    };
    match (row.action.as_str(), scope) {
        ("write", Scope::Notes) => "Added a note".to_owned(),
        ("write", scope) => format!("Added to your {}", short(scope)),
        (_, Scope::Notes) => "Read the notes".to_owned(),
        (_, scope) => format!("Looked at your {}", short(scope)),
    }
}

#[component]
pub fn SharingAudit() -> impl IntoView {
    let api = SharingApi::expect();
    let rows = RwSignal::new(None::<Vec<AuditView>>);
    let error = RwSignal::new(None::<String>);
    spawn_local(async move {
        match api.audit().await {
            Ok(mut list) => {
                list.sort_by_key(|r| std::cmp::Reverse(r.at));
                rows.try_set(Some(list));
            }
            Err(e) => {
                error.try_set(Some(e.message()));
            }
        }
    });
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
                    <ul class="entry-list audit-list">
                        {list.into_iter().map(|row| {
                            let who = match row.relation {
                                Some(r) => format!("{} ({})", row.actor_name, relation_word(r)),
                                None => format!("{} (no longer shared with)", row.actor_name),
                            };
                            view! {
                                <li class="entry audit-row" data-scope=row.scope.as_str()>
                                    <p class="entry-title">{who}</p>
                                    <p class="entry-detail">{capitalised(&what(&row))}</p>
                                    <p class="entry-when">{local_time::day_and_time(&row.at)}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </main>
    }
}
