//! Whether the server can be reached right now. Drives the offline banner; the session watches it
//! to fetch a fresh access token once the server is back.
//!
//! Offline means: a request failed with no answer, or the browser says it has no network. It ends
//! when a request gets any answer again; while offline we check every 15 seconds.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};

const RECHECK_EVERY: Duration = Duration::from_secs(15);

#[derive(Clone, Copy)]
pub struct Connectivity {
    reachable: RwSignal<bool>,
    checking: StoredValue<bool>,
}

impl Connectivity {
    /// Creates the shared state, listens to the browser's online/offline events and starts the
    /// re-check timer. Call once, at the top of the app.
    pub fn provide() -> Self {
        let this = Self { reachable: RwSignal::new(browser_says_online()), checking: StoredValue::new(false) };
        provide_context(this);

        // The browser knows first when the network drops; when it returns, ask the server itself.
        let offline = window_event_listener(leptos::ev::offline, move |_| this.reachable.set(false));
        let online = window_event_listener(leptos::ev::online, move |_| this.recheck());
        let timer = set_interval_with_handle(
            move || {
                if !this.reachable.get_untracked() {
                    this.recheck();
                }
            },
            RECHECK_EVERY,
        )
        .ok();
        on_cleanup(move || {
            offline.remove();
            online.remove();
            if let Some(timer) = timer {
                timer.clear();
            }
        });
        this
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// Reactive: true while the server cannot be reached.
    pub fn is_offline(&self) -> bool {
        !self.reachable.get()
    }

    pub fn is_offline_untracked(&self) -> bool {
        !self.reachable.get_untracked()
    }

    /// Learn from any API result: no answer means offline, any answer (even an error) means online.
    pub fn observe<T>(&self, result: &Result<T, ApiError>) {
        let reachable = !matches!(result, Err(ApiError::Unreachable));
        if self.reachable.get_untracked() != reachable {
            self.reachable.set(reachable);
        }
    }

    /// Ask the server whether it is there (one check at a time).
    pub fn recheck(self) {
        if self.checking.get_value() {
            return;
        }
        self.checking.set_value(true);
        spawn_local(async move {
            let result = api::health().await;
            self.checking.set_value(false);
            self.observe(&result);
        });
    }
}

fn browser_says_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}
