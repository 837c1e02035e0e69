//! The `patient` part of the app (see `evenkeel_app::parts`), with Today's forms split off into a
//! second-stage module (see `evenkeel_app::components::quick_forms`).

use evenkeel_app::components::editor::{EditorFn, editor_view};
use evenkeel_app::components::quick_forms::{Loading, NeedsConnection, QuickForms};
use evenkeel_app::parts::patient::App;
use leptos::prelude::*;

fn main() {
    evenkeel_app::parts::start(|| {
        QuickForms::provide(load_forms);
        view! { <App/> }
    });
}

fn load_forms() -> Loading {
    Box::pin(forms())
}

/// The split point: everything only the editor reaches goes into the `forms` module.
#[leptos::wasm_split::wasm_split(forms, fallible, wasm_split_path = leptos::wasm_split)]
fn forms() -> Result<EditorFn, NeedsConnection> {
    Ok(editor_view)
}
