//! Carers', project workers' and admins' screens: people I support and their shared diaries and
//! patterns, the caseload and enrolment, session notes, managing workers. More and Help are here
//! too, so a supporter's bottom navigation never leaves this part.

use evenkeel_domain::parts::Part;
use leptos::prelude::*;

use crate::pages::caseload::Caseload;
use crate::pages::people::{AddPerson, Enrol, People};
use crate::pages::services_directory::ServicesDirectory;
use crate::pages::{admin::Admin, help::Help, more::More, person::Person};
use crate::router::{Route, Screen};

#[component]
pub fn App() -> impl IntoView {
    crate::parts::app(Part::Supporters, routes)
}

fn routes(path: &str) -> Option<Route> {
    let screen: Screen = match path {
        "people" => || view! { <People/> }.into_any(),
        "people/add" => || view! { <AddPerson/> }.into_any(),
        path if is_person(path) => || view! { <Person/> }.into_any(),
        "caseload" => || view! { <Caseload/> }.into_any(),
        "caseload/enrol" => || view! { <Enrol/> }.into_any(),
        "caseload/services" => || view! { <ServicesDirectory/> }.into_any(),
        "admin" => || view! { <Admin/> }.into_any(),
        "more" => || view! { <More/> }.into_any(),
        "help" => || view! { <Help/> }.into_any(),
        _ => return None,
    };
    Some(Route::Framed(screen))
}

/// `people/<id>`: one person's page.
fn is_person(path: &str) -> bool {
    path.strip_prefix("people/").is_some_and(|id| !id.is_empty() && !id.contains('/'))
}
