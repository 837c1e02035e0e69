//! What can be shared, in plain words: short names for lists ("pain, sleep"), a kind sentence for
//! each when choosing, and big on/off toggles to choose them with.

use evenkeel_domain::sharing::{LinkState, Relation, Scope};
use leptos::prelude::*;

/// A short word for lists: "pain", "medicines and doses".
pub fn short(scope: Scope) -> &'static str {
    match scope {
        Scope::Pain => "pain",
        Scope::Activity => "activity and rest",
        Scope::Doses => "medicines and doses",
        Scope::Mood => "mood",
        Scope::Sleep => "sleep",
        Scope::Relaxation => "relaxation",
        Scope::Goals => "goals",
        Scope::Plan => "plan",
        Scope::Notes => "notes",
    }
}

/// What sharing it means, said kindly.
pub fn explain(scope: Scope) -> &'static str {
    match scope {
        Scope::Pain => "Your pain scores, where it hurts and any notes you add to them.",
        Scope::Activity => "What you did and when you rested, and how it felt afterwards.",
        Scope::Doses => "Your medicines and each dose you log, with why you took it if you said.",
        Scope::Mood => "How you have been feeling, your stress scores and the check-in questions.",
        Scope::Sleep => "When you went to bed and got up, and how well you slept.",
        Scope::Relaxation => "The minutes of relaxation and breathing practice you log.",
        Scope::Goals => "The goals you set and how you are getting on.",
        Scope::Plan => "Your pacing and medicine plan.",
        Scope::Notes => {
            "Notes about how you are, from you and the people you share with. They can add an observation too."
        }
    }
}

/// "pain, sleep and mood", or "nothing yet".
pub fn list(scopes: &[Scope]) -> String {
    let words: Vec<&str> = scopes.iter().map(|s| short(*s)).collect();
    match words.as_slice() {
        [] => "nothing yet".to_owned(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

pub fn relation_word(relation: Relation) -> &'static str {
    match relation {
        Relation::Carer => "carer",
        Relation::Worker => "project worker",
    }
}

pub fn state_word(state: LinkState) -> &'static str {
    match state {
        LinkState::Invited => "Waiting for you to choose what to share",
        LinkState::Active => "Sharing now",
        LinkState::Revoked => "Stopped",
    }
}

/// One big switch per scope, each with its explanation. `chosen` holds the switched-on scopes.
#[component]
pub fn ScopeToggles(
    /// Prefix for each toggle's id: `{id_prefix}-{scope}`.
    #[prop(into)]
    id_prefix: String,
    chosen: RwSignal<Vec<Scope>>,
) -> impl IntoView {
    view! {
        <ul class="scope-toggles">
            {Scope::ALL
                .into_iter()
                .map(|scope| {
                    let id_prefix = id_prefix.clone();
                    let on = move || chosen.with(|c| c.contains(&scope));
                    let toggle = move |_| {
                        chosen.update(|c| {
                            if let Some(i) = c.iter().position(|s| *s == scope) {
                                c.remove(i);
                            } else {
                                c.push(scope);
                                c.sort();
                            }
                        })
                    };
                    let id = format!("{id_prefix}-{}", scope.as_str());
                    let explain_id = format!("{id}-what");
                    let described_by = explain_id.clone();
                    view! {
                        <li>
                            <button
                                type="button"
                                role="switch"
                                class="scope-toggle"
                                id=id
                                data-scope=scope.as_str()
                                aria-checked=move || on().to_string()
                                aria-describedby=described_by
                                on:click=toggle
                            >
                                <span class="scope-text">
                                    <span class="scope-name">{capitalised(short(scope))}</span>
                                    <span class="scope-what" id=explain_id>{explain(scope)}</span>
                                </span>
                                <span class="switch-track" aria-hidden="true">
                                    <span class="switch-word">{move || if on() { "Shared" } else { "Not shared" }}</span>
                                </span>
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

pub fn capitalised(word: &str) -> String {
    // ASCII only: our own words, and no Unicode case tables in the download.
    let mut out = word.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}
