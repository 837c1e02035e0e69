//! A short confirmation that follows the person to the next screen ("Your password is saved."),
//! where a page that moves them along cannot show it itself. It sits where the Undo offer does,
//! just above the bottom navigation, for a few seconds, only on the screen it was meant for (so it
//! doesn't follow them further), and is announced politely. When the next screen belongs to
//! another part of the app (a new page load), the notice waits for it in sessionStorage.

use std::time::Duration;

use leptos::prelude::*;

use crate::router::Here;

const SHOW_FOR: Duration = Duration::from_secs(6);
/// A notice on its way to a screen of another part: "path\ntext".
const WAITING_KEY: &str = "evenkeel.notice";

#[derive(Clone, Copy)]
pub struct Notice {
    /// The screen's path and the words.
    text: RwSignal<Option<(String, String)>>,
    serial: StoredValue<u64>,
}

impl Notice {
    pub fn provide() -> Self {
        let this = Self { text: RwSignal::new(None), serial: StoredValue::new(0) };
        provide_context(this);
        if let Some(storage) = session_storage()
            && let Ok(Some(waiting)) = storage.get_item(WAITING_KEY)
            && let Some((path, text)) = waiting.split_once('\n')
        {
            this.display(path, text.to_owned());
        }
        this
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// Shows `text` on the screen at `path` for a few seconds; a newer notice replaces it.
    pub fn show_on(self, path: &str, text: impl Into<String>) {
        let text = text.into();
        if let Some(storage) = session_storage() {
            let _ = storage.set_item(WAITING_KEY, &format!("{path}\n{text}"));
        }
        self.display(path, text);
    }

    fn display(self, path: &str, text: String) {
        // Arrived: shown on its own screen, it must not show again on the next page load.
        if same_screen(&current_path(), path) {
            forget_waiting();
        }
        let serial = self.serial.get_value() + 1;
        self.serial.set_value(serial);
        self.text.set(Some((path.to_owned(), text)));
        set_timeout(
            move || {
                if self.serial.get_value() == serial {
                    self.text.set(None);
                    forget_waiting();
                }
            },
            SHOW_FOR,
        );
    }

    /// Shows `text` on the screen the person is on now.
    pub fn show_here(self, text: impl Into<String>) {
        self.show_on(&current_path(), text);
    }
}

/// The place the notice appears. The live region is always there, so the words are announced.
#[component]
pub fn NoticeToast() -> impl IntoView {
    let notice = Notice::expect();
    let here = Here::expect();
    let text = move || notice.text.get().filter(|(path, _)| here.is(path)).map(|(_, text)| text);
    view! {
        <div class="notice-area" role="status">
            {move || text().map(|text| view! { <p id="notice" class="notice-toast">{text}</p> })}
        </div>
    }
}

fn same_screen(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

fn current_path() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default()
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn forget_waiting() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(WAITING_KEY);
    }
}
