//! "Saved. Undo" — for a few seconds after every save or delete (ux.md principle 3: undo, not
//! "are you sure?"). One offer at a time; a newer one replaces it. Sits just above the bottom
//! navigation, in thumb reach, and is announced politely to screen readers.

use std::time::Duration;

use evenkeel_domain::diary::EntryKind;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::store::{Row, Store};

const SHOW_FOR: Duration = Duration::from_secs(6);

#[derive(Debug, Clone)]
struct Offer {
    serial: u64,
    message: String,
    id: Uuid,
    kind: EntryKind,
    /// The version before the change (None: the entry is new, so undo deletes it).
    previous: Option<Row>,
}

#[derive(Clone, Copy)]
pub struct Undo {
    offer: RwSignal<Option<Offer>>,
    serial: StoredValue<u64>,
}

impl Undo {
    pub fn provide() -> Self {
        let this = Self { offer: RwSignal::new(None), serial: StoredValue::new(0) };
        provide_context(this);
        this
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// Offers to put back `previous` for a while.
    pub fn offer(self, message: impl Into<String>, id: Uuid, kind: EntryKind, previous: Option<Row>) {
        let serial = self.serial.get_value() + 1;
        self.serial.set_value(serial);
        self.offer.set(Some(Offer { serial, message: message.into(), id, kind, previous }));
        set_timeout(
            move || {
                if self.offer.with_untracked(|o| o.as_ref().is_some_and(|o| o.serial == serial)) {
                    self.offer.set(None);
                }
            },
            SHOW_FOR,
        );
    }

    /// Forget the offer (e.g. when the entry is edited again and the offer would undo too much).
    pub fn dismiss(self) {
        self.offer.set(None);
    }
}

#[component]
pub fn UndoToast() -> impl IntoView {
    let undo = Undo::expect();
    let store = Store::expect();
    let message = move || undo.offer.with(|o| o.as_ref().map(|o| o.message.clone()));
    // An offer belongs to the screen it was made on: moving to another page ends it.
    let here = crate::router::Here::expect();
    Effect::new(move |previous: Option<String>| {
        let path = here.path();
        if previous.is_some_and(|p| p != path) {
            undo.dismiss();
        }
        path
    });
    let on_undo = move |_| {
        let Some(offer) = undo.offer.get_untracked() else { return };
        undo.offer.set(None);
        spawn_local(async move {
            let _ = store.restore(offer.id, offer.kind, offer.previous).await;
        });
    };
    view! {
        <div class="undo-toast" role="status" aria-live="polite" hidden=move || message().is_none()>
            <p id="undo-message">{message}</p>
            <button id="undo" type="button" class="link-button" on:click=on_undo>"Undo"</button>
        </div>
    }
}
