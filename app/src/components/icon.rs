//! Small line icons drawn with SVG paths (no icon font, no extra requests). Decorative only:
//! every icon sits next to its text, so they are hidden from screen readers.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconName {
    Today,
    Diary,
    Patterns,
    Relax,
    More,
    Help,
    Keel,
}

impl IconName {
    fn path(self) -> &'static str {
        match self {
            Self::Today => {
                "M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4"
            }
            Self::Diary => {
                "M6 3h12a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H6a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zM8 3v18M11 8h5M11 12h5"
            }
            Self::Patterns => "M3 3v18h18M7 15l4-4l3 3l6-7",
            Self::Relax => "M2 9q2.5-3 5 0t5 0t5 0t5 0M2 15q2.5-3 5 0t5 0t5 0t5 0",
            Self::More => "M5 12h.01M12 12h.01M19 12h.01",
            Self::Help => "M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z",
            Self::Keel => "M3 13q3-4 6 0t6 0t6 0M6 17q2-2 6-2t6 2",
        }
    }
}

#[component]
pub fn Icon(name: IconName) -> impl IntoView {
    // The "More" dots need a thicker stroke to be seen.
    let width = if name == IconName::More { "3.5" } else { "2" };
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"
            fill="none" stroke="currentColor" stroke-width=width stroke-linecap="round" stroke-linejoin="round">
            <path d=name.path()/>
        </svg>
    }
}
