//! Records: the diary day by day (filter, edit, delete with undo) and My medicines.

use evenkeel_domain::parts::Part;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::offline_banner::OfflineBanner;
use crate::components::shell::Shell;
use crate::pages::{diary::Diary, medicines::Medicines};
use crate::parts::{Elsewhere, provide_state};

#[component]
pub fn App() -> impl IntoView {
    provide_state(Part::Records);
    view! {
        <Router>
            <OfflineBanner/>
            <Routes fallback=Elsewhere>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("diary") view=Diary/>
                    <Route path=path!("medicines") view=Medicines/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
