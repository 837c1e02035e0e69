//! My plan: the patient's goals and the summaries of their sessions — fetched the first time a
//! patient opens it (and kept for offline use once they are signed in).

use evenkeel_domain::parts::Part;
use leptos::prelude::*;

use crate::pages::plan::MyPlan;
use crate::router::{Route, Screen};

#[component]
pub fn App() -> impl IntoView {
    crate::parts::app(Part::Plan, routes)
}

fn routes(path: &str) -> Option<Route> {
    let screen: Screen = match path {
        "plan" => || view! { <MyPlan/> }.into_any(),
        _ => return None,
    };
    Some(Route::Framed(screen))
}
