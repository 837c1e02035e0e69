//! The sync loop: sends the outbox to `POST /api/sync` and takes in what changed elsewhere.
//!
//! It runs after every local change, on start, when the server is back, when a new access token
//! arrives, and every 30 seconds. One run at a time; a request made while running sets `again`.
//! - Batches of at most 500 changes; on 413 (too big) the batch is halved and sent again.
//! - The loop repeats while the server says `more` or the outbox still has unsent items.
//! - No answer, 5xx or 429: wait (2 s, 4 s, … up to 5 min, with jitter) and try again. The
//!   offline banner tells the person; nothing they logged is lost meanwhile.
//! - 401: ask the session for a new token once. If the session has ended, the outbox stays on the
//!   phone and is sent after the next sign-in.

use std::time::Duration;

use evenkeel_domain::diary::{MAX_CHANGES_PER_SYNC, SyncRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Store;
use crate::api::{self, ApiError};
use crate::connectivity::Connectivity;
use crate::session::{Session, Status};

const EVERY: Duration = Duration::from_secs(30);
const FIRST_RETRY_MS: f64 = 2_000.0;
const LONGEST_RETRY_MS: f64 = 300_000.0;
/// A guard against a server that keeps saying `more` without moving the cursor.
const MAX_ROUNDS: usize = 200;

#[derive(Clone, Copy)]
pub struct Syncer {
    store: Store,
    session: Session,
    connectivity: Connectivity,
    running: StoredValue<bool>,
    again: StoredValue<bool>,
    failures: StoredValue<u32>,
    retry: StoredValue<Option<TimeoutHandle>>,
    refreshed_for_401: StoredValue<bool>,
    batch: StoredValue<usize>,
}

impl Syncer {
    pub fn provide(store: Store, session: Session, connectivity: Connectivity) -> Self {
        let this = Self {
            store,
            session,
            connectivity,
            running: StoredValue::new(false),
            again: StoredValue::new(false),
            failures: StoredValue::new(0),
            retry: StoredValue::new(None),
            refreshed_for_401: StoredValue::new(false),
            batch: StoredValue::new(MAX_CHANGES_PER_SYNC),
        };
        provide_context(this);

        // Whose diary: make sure the phone holds this person's entries before anything is sent.
        Effect::new(move |_| {
            if let (true, Some(user)) = (store.loaded(), session.user()) {
                spawn_local(async move {
                    if store.claim(user.id).await.is_ok() {
                        this.kick_now();
                    }
                });
            }
        });
        // Signed out from another device (a lost phone, say): remove the diary, as a sign-out here
        // would. A session that merely ended keeps it, to sync at the next sign-in.
        Effect::new(move |_| {
            if session.signed_out_elsewhere() {
                spawn_local(async move {
                    let _ = store.clear().await;
                    crate::pages::plan::offline::forget();
                });
            }
        });
        // A local change: send it soon (but respect a back-off the server asked for).
        Effect::new(move |previous: Option<u64>| {
            let edits = store.local_edits();
            if previous.is_some_and(|p| p != edits) {
                this.kick();
            }
            edits
        });
        // Back online, or a fresh token: try at once.
        Effect::new(move |_| {
            let online = !connectivity.is_offline();
            let _ = session.token_epoch();
            if online && session.status() == Status::SignedIn {
                this.kick_now();
            }
        });
        let timer = set_interval_with_handle(move || this.kick(), EVERY).ok();
        on_cleanup(move || {
            if let Some(timer) = timer {
                timer.clear();
            }
        });
        this
    }

    /// Starts a run unless one is running (then it goes round again) or a retry is scheduled.
    pub fn kick(self) {
        if self.retry.with_value(Option::is_some) {
            return;
        }
        self.start();
    }

    /// Starts a run now, cancelling any scheduled retry.
    pub fn kick_now(self) {
        if let Some(handle) = self.retry.get_value() {
            handle.clear();
        }
        self.retry.set_value(None);
        self.start();
    }

    fn start(self) {
        if self.running.get_value() {
            self.again.set_value(true);
            return;
        }
        self.running.set_value(true);
        spawn_local(async move {
            self.run().await;
            self.running.set_value(false);
        });
    }

    async fn run(self) {
        for _ in 0..MAX_ROUNDS {
            self.again.set_value(false);
            let Some(token) = self.session.access_token() else { return };
            let owner_known = self.session.user().is_some_and(|u| self.store.owner() == Some(u.id));
            if !self.store.loaded_untracked() || !owner_known {
                return;
            }
            let changes = self.store.next_batch(self.batch.get_value());
            let sent = changes.len();
            let request = SyncRequest { cursor: self.store.cursor(), changes };
            let result = api::sync(&token, &request).await;
            self.connectivity.observe(&result);
            match result {
                Ok(response) => {
                    // Reading the answer was one browser task; taking it in starts the next, so a
                    // tap between the two is answered at once.
                    crate::timers::sleep_ms(0).await;
                    self.failures.set_value(0);
                    self.refreshed_for_401.set_value(false);
                    let more = response.more;
                    if self.store.apply_response(&request.changes, response).await.is_err() {
                        return self.back_off();
                    }
                    let unsent = !self.store.next_batch(1).is_empty();
                    if !(more || (unsent && sent > 0) || self.again.get_value()) {
                        return;
                    }
                }
                Err(ApiError::Failed { status: 413, .. }) if sent > 1 => self.batch.set_value(sent / 2),
                Err(ApiError::Failed { status: 401, .. }) => {
                    // Once per failure streak: the session refreshes (or ends, keeping the outbox).
                    if !self.refreshed_for_401.get_value() {
                        self.refreshed_for_401.set_value(true);
                        self.session.refresh();
                    }
                    return;
                }
                // Only patients keep a diary; nothing here can change that.
                Err(ApiError::Failed { status: 403, .. }) => return,
                Err(_) => return self.back_off(),
            }
        }
    }

    /// Try again after 2 s, 4 s, 8 s … up to 5 minutes, each with ±25 % jitter so phones spread out.
    fn back_off(self) {
        let failures = self.failures.get_value();
        self.failures.set_value(failures.saturating_add(1));
        let base = (FIRST_RETRY_MS * 2f64.powi(failures.min(16) as i32)).min(LONGEST_RETRY_MS);
        let jitter = 0.75 + js_sys::Math::random() * 0.5;
        let after = Duration::from_millis((base * jitter) as u64);
        let handle = set_timeout_with_handle(
            move || {
                self.retry.set_value(None);
                self.start();
            },
            after,
        )
        .ok();
        self.retry.set_value(handle);
    }
}
