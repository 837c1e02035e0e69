//! On a patient's page, for their project worker when relaxation is shared: suggest a relaxation
//! track or a Learn page. It shows at the top of the patient's Relax as "Suggested by …".

use evenkeel_domain::relax_suggestions::{LEARN_PAGES, SuggestionKind, SuggestionRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::sharing_api::SharingApi;

#[component]
pub fn SuggestPractice(patient: Uuid, name: String) -> impl IntoView {
    let api = SharingApi::expect();
    let tracks = RwSignal::new(Vec::new());
    spawn_local(async move {
        if let Ok(list) = api.tracks().await {
            tracks.set(list);
        }
    });
    // "track:<id>" or "page:<slug>".
    let choice = RwSignal::new(String::new());
    let status = RwSignal::new(None::<(bool, String)>);
    let name_for_done = name.clone();
    let suggest = move |_| {
        let picked = choice.get_untracked();
        let Some((kind, id)) = picked.split_once(':') else {
            status.set(Some((false, "Please choose a track or a page first.".into())));
            return;
        };
        let Some(item_kind) = SuggestionKind::parse(kind) else { return };
        let request = SuggestionRequest { item_kind, item_id: id.to_owned() };
        let who = name_for_done.clone();
        spawn_local(async move {
            status.set(Some(match api.suggest(patient, request).await {
                Ok(made) => (true, format!("Suggested to {who}: {}. It shows at the top of their Relax.", made.title)),
                Err(e) => (false, e.message()),
            }));
        });
    };
    view! {
        <section class="card" aria-labelledby="suggest-title" id="suggest-practice">
            <h2 id="suggest-title">"Suggest relaxation practice"</h2>
            <label class="field">
                <span>{format!("Something for {name} to try")}</span>
                <select id="suggest-choice" on:change=move |ev| { choice.set(event_target_value(&ev)); status.set(None); }>
                    <option value="">"Choose…"</option>
                    <optgroup label="Tracks">
                        {move || tracks.get().into_iter().map(|t| view! {
                            <option value=format!("track:{}", t.id)>{format!("{} ({} min)", t.title, t.minutes)}</option>
                        }).collect_view()}
                    </optgroup>
                    <optgroup label="Learn pages">
                        {LEARN_PAGES.iter().map(|(slug, title)| view! { <option value=format!("page:{slug}")>{*title}</option> }).collect_view()}
                    </optgroup>
                </select>
            </label>
            <button type="button" id="suggest-send" class="button primary" on:click=suggest>"Suggest"</button>
            {move || status.get().map(|(ok, text)| view! {
                <p class=if ok { "saved-line" } else { "form-error" } id="suggest-status" role="status">{text}</p>
            })}
        </section>
    }
}
