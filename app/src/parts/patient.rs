//! The patient's core: what a patient downloads before Today works. Today and its quick logs, and
//! Help (safety information never waits for a download) — nothing heavier (see `crate::parts`).

use evenkeel_domain::parts::Part;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::offline_banner::OfflineBanner;
use crate::components::shell::Shell;
use crate::pages::{help::Help, today::Today};
use crate::parts::{Elsewhere, provide_state};

#[component]
pub fn App() -> impl IntoView {
    provide_state(Part::Patient);
    view! {
        <Router>
            <OfflineBanner/>
            <Routes fallback=Elsewhere>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=Today/>
                    <Route path=path!("help") view=Help/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
