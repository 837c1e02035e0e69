//! Applies the text size and theme from Settings to the page at once. At every page load
//! `app/html/page.html` applies them from the remembered profile before anything is drawn; this is
//! the same, for the moment the person changes them here or the server says they changed them on
//! another device (`Session::remember`).

use evenkeel_domain::settings::{TextSize, Theme};

pub fn apply(text_size: TextSize, theme: Theme) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else {
        return;
    };
    let _ = match text_size {
        TextSize::Normal => root.remove_attribute("data-text-size"),
        other => root.set_attribute("data-text-size", other.as_str()),
    };
    // The page's own listener reads the choice when the phone switches between light and dark.
    let _ = root.set_attribute("data-theme-choice", theme.as_str());
    let dark = match theme {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|q| q.matches()),
    };
    let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
}
