//! Records: the diary day by day (filter, edit, delete with undo) and My medicines.

use evenkeel_domain::parts::Part;
use leptos::prelude::*;

use crate::pages::{diary::Diary, medicines::Medicines};
use crate::router::{Route, Screen};

#[component]
pub fn App() -> impl IntoView {
    crate::parts::app(Part::Records, routes)
}

fn routes(path: &str) -> Option<Route> {
    let screen: Screen = match path {
        "diary" => || view! { <Diary/> }.into_any(),
        "medicines" => || view! { <Medicines/> }.into_any(),
        _ => return None,
    };
    Some(Route::Framed(screen))
}
