//! A list of entries in plain words, each with its time, where it is ("Saved on this phone",
//! "Synced", "Not saved: …") and Edit / Delete. Delete saves at once and offers Undo.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::draft::SyncBadge;
use crate::components::editor::LogKind;
use crate::components::undo_toast::Undo;
use crate::store::describe::{self, Medicines};
use crate::store::{Row, Store, clock};

#[component]
pub fn EntryList(
    #[prop(into)] rows: Signal<Vec<Row>>,
    #[prop(into)] meds: Signal<Medicines>,
    on_edit: Callback<Row>,
) -> impl IntoView {
    let store = Store::expect();
    let undo = Undo::expect();
    view! {
        <ul class="entry-list">
            // A plain list rather than a keyed <For>: lists are short, and keyed diffing costs download size.
            {move || rows.get().into_iter().map(|row| {
                    let entry = row.entry();
                    let (title, details) = entry.as_ref().map(|e| describe::describe(e, &meds.get_untracked())).unwrap_or_default();
                    let time = entry.as_ref().and_then(describe::when).map(|t| clock::clock(&t)).unwrap_or_default();
                    let id = row.id;
                    let kind = row.kind;
                    let edit_row = row.clone();
                    let delete = move |_| {
                        let previous = store.row(id);
                        spawn_local(async move {
                            if store.delete(id).await.is_ok() {
                                undo.offer("Entry deleted", id, kind, previous);
                            }
                        });
                    };
                    let editable = LogKind::for_row(&edit_row).is_some();
                    view! {
                        <li class="entry" data-kind=kind.as_str() data-id=id.to_string()>
                            <div class="entry-main">
                                <span class="entry-time">{time}</span>
                                <span class="entry-title">{title.clone()}</span>
                            </div>
                            {details.into_iter().map(|d| view! { <p class="entry-detail">{d}</p> }).collect_view()}
                            <div class="entry-foot">
                                <SyncBadge id=id/>
                                <span class="entry-actions">
                                    // Practice is logged by the player and the pacer: no form edits it.
                                    {editable.then(|| view! {
                                        <button type="button" class="small-button" data-action="edit" aria-label=format!("Edit: {title}")
                                            on:click=move |_| on_edit.run(edit_row.clone())>"Edit"</button>
                                    })}
                                    <button type="button" class="small-button" data-action="delete" aria-label=format!("Delete: {title}")
                                        on:click=delete>"Delete"</button>
                                </span>
                            </div>
                        </li>
                    }
            }).collect_view()}
        </ul>
    }
}
