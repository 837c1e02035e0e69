//! "Need help now?": one tap from every screen to the safety page (ux.md principle 7).

use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};

#[component]
pub fn HelpLink() -> impl IntoView {
    view! {
        <a href="/help" class="help-link">
            <Icon name=IconName::Help/>
            <span>"Need help now?"</span>
        </a>
    }
}
