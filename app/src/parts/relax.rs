//! Relax: the relaxation tracks and player, the breathing pacer and minutes practised, fetched the
//! first time a patient opens Relax (and kept for offline use once they are signed in).

use evenkeel_domain::parts::Part;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::offline_banner::OfflineBanner;
use crate::components::shell::Shell;
use crate::pages::relax::Relax;
use crate::parts::{Elsewhere, provide_state};

#[component]
pub fn App() -> impl IntoView {
    provide_state(Part::Relax);
    view! {
        <Router>
            <OfflineBanner/>
            <Routes fallback=Elsewhere>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("relax") view=Relax/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
