//! The patient's main navigation, at the bottom where thumbs reach: Today · Diary · Patterns ·
//! Relax · More. The current page's item is marked `aria-current="page"`.

use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};
use crate::components::role_home::nav_items;
use crate::router::Here;
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
    let here = Here::expect();
    view! {
        <nav aria-label="Main" class="bottom-nav">
            <ul>
                {items
                    .iter()
                    .map(|&(href, label, icon)| {
                        view! {
                            <li>
                                <a href=href class="nav-item" aria-current=move || here.is(href).then_some("page")>
                                    <Icon name=icon/>
                                    <span>{label}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
