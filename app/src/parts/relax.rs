//! Relax: the relaxation tracks and player, the breathing pacer and minutes practised, fetched the
//! first time a patient opens Relax (and kept for offline use once they are signed in).

use evenkeel_domain::parts::Part;
use leptos::prelude::*;

use crate::pages::relax::Relax;
use crate::router::{Route, Screen};

#[component]
pub fn App() -> impl IntoView {
    crate::parts::app(Part::Relax, routes)
}

fn routes(path: &str) -> Option<Route> {
    let screen: Screen = match path {
        "relax" => || view! { <Relax/> }.into_any(),
        _ => return None,
    };
    Some(Route::Framed(screen))
}
