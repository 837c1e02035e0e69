//! Today's forms, fetched as a second-stage module. The patient's core (what a phone downloads
//! before Today works) leaves the five quick-log forms out: the bundler cuts them into a module of
//! their own at the `#[wasm_split]` point in `app/src/bin/patient.rs`, and Today asks for it a
//! second after it is drawn (or as a finger lands on the buttons), so it is there before a thumb
//! reaches a button without competing with Today's own bytes. The service worker keeps it with the
//! rest of the part, so after the first visit the forms open offline too.
//!
//! The split point sits in the patient binary, not here: its implementation is exported by name,
//! and in the library every part would export it and carry the forms with it.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::SplitLoaderError;

use crate::components::editor::EditorFn;

/// The forms' module could not be fetched (offline before it was ever kept, or the server was
/// unreachable). A later try starts afresh.
pub struct NeedsConnection;

impl From<SplitLoaderError> for NeedsConnection {
    fn from(_: SplitLoaderError) -> Self {
        Self
    }
}

/// The forms' module on its way: at once when it has arrived already; then its editor.
pub type Loading = Pin<Box<dyn Future<Output = Result<EditorFn, NeedsConnection>>>>;

/// Fetches the forms' module (the split point's wrapper, in the patient binary).
pub type Load = fn() -> Loading;

#[derive(Clone, Copy)]
enum State {
    Waiting,
    Fetching,
    Ready(EditorFn),
    Failed,
}

/// Where the forms are: in the page's context of the patient part.
#[derive(Clone, Copy)]
pub struct QuickForms {
    state: RwSignal<State>,
    load: Load,
}

impl QuickForms {
    pub fn provide(load: Load) {
        provide_context(Self { state: RwSignal::new(State::Waiting), load });
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// Starts fetching the forms unless they are here or on their way; after a failure, tries again.
    pub fn fetch(self) {
        if matches!(self.state.get_untracked(), State::Fetching | State::Ready(_)) {
            return;
        }
        self.start();
    }

    /// Starts fetching the forms if nothing has asked for them yet: a failure stays as it is until
    /// the person asks again (a retry in the background would swap the message they are reading).
    pub fn prefetch(self) {
        if matches!(self.state.get_untracked(), State::Waiting) {
            self.start();
        }
    }

    fn start(self) {
        self.state.set(State::Fetching);
        spawn_local(async move {
            let state = match (self.load)().await {
                Ok(editor) => State::Ready(editor),
                Err(NeedsConnection) => State::Failed,
            };
            self.state.set(state);
        });
    }

    /// The editor once the forms are here.
    pub fn editor(self) -> Option<EditorFn> {
        match self.state.get() {
            State::Ready(editor) => Some(editor),
            _ => None,
        }
    }

    pub fn failed(self) -> bool {
        matches!(self.state.get(), State::Failed)
    }
}
