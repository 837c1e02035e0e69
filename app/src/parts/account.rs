//! The account: creating one (with or without an invite code), choosing a password, More (the
//! account, the menu of everything else, signing out), Settings and Signed-in devices.

use evenkeel_domain::parts::Part;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::offline_banner::OfflineBanner;
use crate::components::shell::Shell;
use crate::pages::{
    choose_password::ChoosePassword, devices::Devices, more::More, settings::Settings, sign_up::SignUp,
};
use crate::parts::{Elsewhere, provide_state};

#[component]
pub fn App() -> impl IntoView {
    provide_state(Part::Account);
    view! {
        <Router>
            <OfflineBanner/>
            <Routes fallback=Elsewhere>
                <Route path=path!("/signup") view=SignUp/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("password") view=ChoosePassword/>
                    <Route path=path!("more") view=More/>
                    <Route path=path!("settings") view=Settings/>
                    <Route path=path!("devices") view=Devices/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
