//! Patterns: the pattern engine and the charts, fetched the first time a patient opens Patterns.

use evenkeel_domain::parts::Part;
use leptos::prelude::*;

use crate::pages::patterns::Patterns;
use crate::router::{Route, Screen};

#[component]
pub fn App() -> impl IntoView {
    crate::parts::app(Part::Patterns, routes)
}

fn routes(path: &str) -> Option<Route> {
    let screen: Screen = match path {
        "patterns" => || view! { <Patterns/> }.into_any(),
        _ => return None,
    };
    Some(Route::Framed(screen))
}
