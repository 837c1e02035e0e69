//! Eleven big buttons, 0 to 10, in two rows, with both ends labelled in words. One tap picks (and,
//! on the quick-log screens, saves). The chosen one is marked with `aria-pressed` and a tick, not
//! colour alone.

use leptos::prelude::*;

#[component]
pub fn ScoreButtons(
    /// Prefix for ids: buttons are `{id}-0` … `{id}-10`.
    id: &'static str,
    /// The question, shown as the group's label.
    #[prop(into)]
    label: String,
    low: &'static str,
    high: &'static str,
    #[prop(into)] selected: Signal<Option<u8>>,
    on_pick: Callback<u8>,
    /// Smaller buttons for optional follow-up questions.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let label_id = format!("{id}-label");
    let row = move |range: std::ops::RangeInclusive<u8>| {
        range
            .map(|n| {
                let pressed = move || (selected.get() == Some(n)).to_string();
                let aria = match n {
                    0 => format!("0, {}", low.to_ascii_lowercase()),
                    10 => format!("10, {}", high.to_ascii_lowercase()),
                    n => n.to_string(),
                };
                view! {
                    <button
                        type="button"
                        id=format!("{id}-{n}")
                        class="score"
                        data-score=n
                        aria-pressed=pressed
                        aria-label=aria
                        on:click=move |_| on_pick.run(n)
                    >
                        {n}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <div class="score-group" class:compact=compact role="group" aria-labelledby=label_id.clone()>
            <p class="score-label" id=label_id.clone()>{label}</p>
            <div class="score-row">{row(0..=5)}</div>
            <div class="score-row">{row(6..=10)}</div>
            <p class="score-ends" aria-hidden="true">
                <span>{format!("0 = {low}")}</span>
                <span>{format!("10 = {high}")}</span>
            </p>
        </div>
    }
}
