//! The slim bar at the top of every screen: the app's name and the way to help.

use leptos::prelude::*;

use crate::components::help_link::HelpLink;
use crate::components::icon::{Icon, IconName};

#[component]
pub fn TopBar() -> impl IntoView {
    view! {
        <header class="top-bar">
            <span class="brand">
                <Icon name=IconName::Keel/>
                <span>"Even Keel"</span>
            </span>
            <HelpLink/>
        </header>
    }
}
