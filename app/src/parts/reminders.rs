//! Reminders: the patient's own reminders, quiet hours and time zone, and turning notifications
//! on for this phone — fetched the first time a patient opens it (and kept for offline use once
//! they are signed in).

use evenkeel_domain::parts::Part;
use leptos::prelude::*;

use crate::pages::reminders::Reminders;
use crate::router::{Route, Screen};

#[component]
pub fn App() -> impl IntoView {
    crate::parts::app(Part::Reminders, routes)
}

fn routes(path: &str) -> Option<Route> {
    let screen: Screen = match path {
        "reminders" => || view! { <Reminders/> }.into_any(),
        _ => return None,
    };
    Some(Route::Framed(screen))
}
