//! The patient's core: what a patient downloads before Today works. Today and its quick logs, and
//! Help (safety information never waits for a download) — nothing heavier (see `crate::parts`).

use evenkeel_domain::parts::Part;
use leptos::prelude::*;

use crate::pages::{help::Help, today::Today};
use crate::router::{Route, Screen};

#[component]
pub fn App() -> impl IntoView {
    crate::parts::app(Part::Patient, routes)
}

fn routes(path: &str) -> Option<Route> {
    let screen: Screen = match path {
        "" => || view! { <Today/> }.into_any(),
        "help" => || view! { <Help/> }.into_any(),
        _ => return None,
    };
    Some(Route::Framed(screen))
}
