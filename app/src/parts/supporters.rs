//! Carers', project workers' and admins' screens: people I support and their shared diaries and
//! patterns, the caseload and enrolment, session notes, managing workers. More and Help are here
//! too, so a supporter's bottom navigation never leaves this part.

use evenkeel_domain::parts::Part;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::offline_banner::OfflineBanner;
use crate::components::shell::Shell;
use crate::pages::caseload::Caseload;
use crate::pages::people::{AddPerson, Enrol, People};
use crate::pages::{admin::Admin, help::Help, more::More, person::Person};
use crate::parts::{Elsewhere, provide_state};

#[component]
pub fn App() -> impl IntoView {
    provide_state(Part::Supporters);
    view! {
        <Router>
            <OfflineBanner/>
            <Routes fallback=Elsewhere>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("people") view=People/>
                    <Route path=path!("people/add") view=AddPerson/>
                    <Route path=path!("people/:patient_id") view=Person/>
                    <Route path=path!("caseload") view=Caseload/>
                    <Route path=path!("caseload/enrol") view=Enrol/>
                    <Route path=path!("caseload/services") view=crate::pages::services_directory::ServicesDirectory/>
                    <Route path=path!("admin") view=Admin/>
                    <Route path=path!("more") view=More/>
                    <Route path=path!("help") view=Help/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
