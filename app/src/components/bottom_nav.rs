//! The patient's main navigation, at the bottom where thumbs reach: Today · Diary · Patterns ·
//! Relax · More. The router's `<A>` marks the current page with `aria-current="page"`.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::icon::{Icon, IconName};

const ITEMS: [(&str, &str, IconName); 5] = [
    ("/", "Today", IconName::Today),
    ("/diary", "Diary", IconName::Diary),
    ("/patterns", "Patterns", IconName::Patterns),
    ("/relax", "Relax", IconName::Relax),
    ("/more", "More", IconName::More),
];

#[component]
pub fn BottomNav() -> impl IntoView {
    view! {
        <nav aria-label="Main" class="bottom-nav">
            <ul>
                {ITEMS
                    .into_iter()
                    .map(|(href, label, icon)| {
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
