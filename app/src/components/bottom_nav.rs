//! The patient's main navigation, at the bottom where thumbs reach: Today · Diary · Patterns ·
//! Relax · More. The router's `<A>` marks the current page with `aria-current="page"`.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::icon::{Icon, IconName};
use crate::components::role_home::nav_items;
use crate::session::Session;

const ITEMS: [(&str, &str, IconName); 5] = [
    ("/", "Today", IconName::Today),
    ("/diary", "Diary", IconName::Diary),
    ("/patterns", "Patterns", IconName::Patterns),
    ("/relax", "Relax", IconName::Relax),
    ("/more", "More", IconName::More),
];

#[component]
pub fn BottomNav() -> impl IntoView {
    // Carers, workers and admins have their own, shorter navigation (see `role_home`).
    let role = untrack(|| Session::expect().profile()).map(|p| p.role);
    let items: &[(&str, &str, IconName)] = role.and_then(nav_items).unwrap_or(&ITEMS);
    view! {
        <nav aria-label="Main" class="bottom-nav">
            <ul>
                {items
                    .iter()
                    .map(|&(href, label, icon)| {
                        view! {
                            <li>
                                <A href=href exact=true attr:class="nav-item">
                                    <Icon name=icon/>
                                    <span>{label}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
