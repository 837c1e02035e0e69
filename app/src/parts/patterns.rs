//! Patterns: the pattern engine and the charts, fetched the first time a patient opens Patterns.

use evenkeel_domain::parts::Part;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::offline_banner::OfflineBanner;
use crate::components::shell::Shell;
use crate::pages::patterns::Patterns;
use crate::parts::{Elsewhere, provide_state};

#[component]
pub fn App() -> impl IntoView {
    provide_state(Part::Patterns);
    view! {
        <Router>
            <OfflineBanner/>
            <Routes fallback=Elsewhere>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("patterns") view=Patterns/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
