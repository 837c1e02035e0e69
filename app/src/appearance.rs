//! Applies the text size and theme from Settings to the page at once. At every page load
//! `app/html/page.html` applies them from the remembered profile before anything is drawn; this is
//! the same, for the moment the person changes them here or the server says they changed them on
//! another device (`Session::remember`).

use evenkeel_domain::settings::{TextSize, Theme};

pub fn apply(text_size: TextSize, theme: Theme) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else {
        return;
    };
    let dark = match theme {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|q| q.matches()),
    };
    let size = (text_size != TextSize::Normal).then_some(text_size.as_str());
    // Only what changed: touching the root's attributes restyles the whole page, and this runs at
    // every refresh of the session, usually with nothing new.
    let set = |name: &str, value: Option<&str>| {
        if root.get_attribute(name).as_deref() != value {
            let _ = match value {
                Some(value) => root.set_attribute(name, value),
                None => root.remove_attribute(name),
            };
        }
    };
    set("data-text-size", size);
    // The page's own listener reads the choice when the phone switches between light and dark.
    set("data-theme-choice", Some(theme.as_str()));
    set("data-theme", Some(if dark { "dark" } else { "light" }));
}
