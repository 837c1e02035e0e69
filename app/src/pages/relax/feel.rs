//! "How do you feel right now?" before and after practice: optional, one tap each, 0–10. The
//! answer after is added to the session already saved, so skipping it loses nothing.

use evenkeel_domain::FeelScore;
use evenkeel_domain::diary::EntryData;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::components::score_buttons::ScoreButtons;
use crate::store::Store;

const LOW: &str = "Very tense or unwell";
const HIGH: &str = "Very calm and comfortable";

#[component]
pub fn FeelBefore(selected: RwSignal<Option<u8>>) -> impl IntoView {
    view! {
        <ScoreButtons
            id="feel-before"
            label="Before you start, how do you feel right now? (optional)"
            low=LOW
            high=HIGH
            selected=selected
            on_pick=Callback::new(move |n| selected.set(Some(n)))
            compact=true
        />
    }
}

#[component]
pub fn FeelAfter(entry: Uuid) -> impl IntoView {
    let store = Store::expect();
    let picked = RwSignal::new(None::<u8>);
    let pick = Callback::new(move |n: u8| {
        picked.set(Some(n));
        let Some(EntryData::Relaxation(mut session)) = store.row(entry).and_then(|r| r.entry()) else { return };
        session.feel_after = FeelScore::new(n);
        spawn_local(async move {
            let _ = store.save(Some(entry), &EntryData::Relaxation(session)).await;
        });
    });
    view! {
        <ScoreButtons id="feel-after" label="And how do you feel now? (optional)" low=LOW high=HIGH selected=picked on_pick=pick compact=true/>
    }
}
