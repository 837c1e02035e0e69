//! A labelled text input with an optional hint and an error message under it, both linked to the
//! input with `aria-describedby`. Passwords get a "Show" button: typing blind is hard on a bad day.

use leptos::prelude::*;

#[component]
pub fn TextField(
    /// The input's id; the hint and error ids are derived from it.
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    /// The message to show under the field, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Set to true when the person leaves the field, so messages can wait until then.
    #[prop(optional)]
    touched: Option<RwSignal<bool>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    let is_password = input_type == "password";
    let revealed = RwSignal::new(false);
    let current_type = move || if is_password && revealed.get() { "text" } else { input_type };

    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|text| view! { <p class="hint" id=hint_id.clone()>{text}</p> })}
            <div class="input-row">
                <input
                    id=id
                    name=id
                    type=current_type
                    autocomplete=autocomplete
                    inputmode=inputmode
                    spellcheck="false"
                    autocapitalize=if input_type == "text" { "words" } else { "off" }
                    aria-describedby=described_by
                    aria-invalid=move || error.get().map(|_| "true")
                    bind:value=value
                    on:blur=move |_| {
                        if let Some(touched) = touched {
                            touched.set(true);
                        }
                    }
                />
                {is_password
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="reveal"
                                aria-controls=id
                                aria-pressed=move || revealed.get().to_string()
                                on:click=move |_| revealed.update(|r| *r = !*r)
                            >
                                {move || if revealed.get() { "Hide" } else { "Show" }}
                            </button>
                        }
                    })}
            </div>
            <p class="field-error" id=error_id aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}

/// Moves keyboard focus to the element with this id (e.g. the first field that needs attention).
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
