//! The account: creating one (with or without an invite code), choosing a password, More (the
//! account, the menu of everything else, signing out), Settings and Signed-in devices.

use evenkeel_domain::parts::Part;
use leptos::prelude::*;

use crate::pages::{
    choose_password::ChoosePassword, devices::Devices, more::More, settings::Settings, sign_up::SignUp,
};
use crate::router::Route;

#[component]
pub fn App() -> impl IntoView {
    crate::parts::app(Part::Account, routes)
}

fn routes(path: &str) -> Option<Route> {
    Some(match path {
        "signup" => Route::Alone(|| view! { <SignUp/> }.into_any()),
        "password" => Route::Framed(|| view! { <ChoosePassword/> }.into_any()),
        "more" => Route::Framed(|| view! { <More/> }.into_any()),
        "settings" => Route::Framed(|| view! { <Settings/> }.into_any()),
        "devices" => Route::Framed(|| view! { <Devices/> }.into_any()),
        _ => return None,
    })
}
