//! My plan: the patient's goals and the summaries of their sessions — fetched the first time a
//! patient opens it (and kept for offline use once they are signed in).

use evenkeel_domain::parts::Part;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::offline_banner::OfflineBanner;
use crate::components::shell::Shell;
use crate::pages::plan::MyPlan;
use crate::parts::{Elsewhere, provide_state};

#[component]
pub fn App() -> impl IntoView {
    provide_state(Part::Plan);
    view! {
        <Router>
            <OfflineBanner/>
            <Routes fallback=Elsewhere>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("plan") view=MyPlan/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
