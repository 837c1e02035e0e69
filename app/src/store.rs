//! The diary as this phone holds it: every entry and every change not yet acknowledged by the
//! server, kept in IndexedDB (`idb.js`) and mirrored in memory for the screens.
//!
//! - A change is written to IndexedDB — the entry and its outbox item in one transaction — and only
//!   then shown as saved. Screens render from here, so the app works with no network at all.
//! - An outbox item is the exact version to send. It leaves the outbox only when the server has
//!   acknowledged *that* version: a newer edit made while a sync was on its way stays queued.
//! - Refused items stay, with the server's sentence, until the person edits or deletes the entry.
//! - Versions from the server are merged with the shared rule (`evenkeel_domain::merge`), so a
//!   newer local edit still waiting to be sent is never overwritten.
//!
//! The sync loop lives in `store::sync`; times and days in `store::clock`.

pub mod clock;
pub mod describe;
pub mod sync;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use evenkeel_domain::diary::{Change, EntryData, EntryKind, Op, SyncResponse};
use evenkeel_domain::merge::{Stored, wins};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/idb.js")]
extern "C" {
    #[wasm_bindgen(js_name = idbLoad, catch)]
    async fn idb_load() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = idbCommit, catch)]
    async fn idb_commit(ops: &str) -> Result<JsValue, JsValue>;
}

/// Said when IndexedDB refuses a write (storage full, or switched off in a private window).
pub const NOT_KEPT: &str =
    "This couldn't be saved on your phone. Your browser may be out of space or in a private mode. Please try again.";

/// One entry as this phone holds it. `data` is the canonical JSON (`EntryData::to_json`), or null
/// once deleted (the row stays as a tombstone so an older copy can't bring it back).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    pub id: Uuid,
    pub kind: EntryKind,
    #[serde(default)]
    pub data: Value,
    pub deleted: bool,
    pub client_updated_at: DateTime<Utc>,
    /// True once the server holds this version (for looking at the store; screens use the outbox).
    #[serde(default)]
    pub synced: bool,
    /// `data` as a typed entry, parsed the first time a screen asks and then kept, rather than
    /// parsed by every screen on every change; not stored (IndexedDB keeps the JSON). Parts that
    /// never read entries (sign-up, sharing) never parse one, so the parsing stays out of them.
    #[serde(skip)]
    parsed: OnceLock<Option<EntryData>>,
}

/// The same version of the same entry, whether or not either copy has been parsed yet.
impl PartialEq for Row {
    fn eq(&self, other: &Self) -> bool {
        (self.id, self.kind, &self.data, self.deleted, self.client_updated_at, self.synced)
            == (other.id, other.kind, &other.data, other.deleted, other.client_updated_at, other.synced)
    }
}

impl Row {
    fn new(
        id: Uuid,
        kind: EntryKind,
        data: Value,
        deleted: bool,
        client_updated_at: DateTime<Utc>,
        synced: bool,
    ) -> Self {
        Self { id, kind, data, deleted, client_updated_at, synced, parsed: OnceLock::new() }
    }

    fn entry_ref(&self) -> Option<&EntryData> {
        let parse = || if self.deleted { None } else { EntryData::parse(self.kind, &self.data).ok() };
        self.parsed.get_or_init(parse).as_ref()
    }

    fn stored(&self) -> Stored {
        Stored {
            id: self.id,
            kind: self.kind,
            data: (!self.deleted).then(|| self.data.clone()),
            deleted: self.deleted,
            client_updated_at: self.client_updated_at,
        }
    }

    /// The typed entry, if it is not deleted (and parses, which our own canonical JSON always does).
    pub fn entry(&self) -> Option<EntryData> {
        self.entry_ref().cloned()
    }
}

/// A change waiting for the server: the exact version that will be sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub id: Uuid,
    pub kind: EntryKind,
    pub op: Op,
    #[serde(default)]
    pub data: Value,
    pub client_updated_at: DateTime<Utc>,
    /// The server's sentence when it refused this version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl OutboxItem {
    pub fn change(&self) -> Change {
        Change {
            id: self.id,
            kind: self.kind,
            op: self.op,
            data: self.data.clone(),
            client_updated_at: self.client_updated_at,
        }
    }
}

/// Where an entry is, in the words every entry shows (ux.md principle 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncState {
    /// On this phone only, waiting to be sent.
    Local,
    Synced,
    /// The server refused it; its message says why.
    NotSaved(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct MetaItem {
    key: String,
    value: Value,
}

#[derive(Debug, Deserialize)]
struct Snapshot {
    entries: Vec<Row>,
    outbox: Vec<OutboxItem>,
    meta: Vec<MetaItem>,
}

/// One step of an IndexedDB transaction (see `idb.js`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
enum DbOp {
    PutEntry(Row),
    PutOutbox(OutboxItem),
    Meta(MetaItem),
    Clear(bool),
    Ack(Version),
    Reject(Rejection),
    DropOutbox(Version),
}

#[derive(Debug, Serialize)]
struct Version {
    id: Uuid,
    version: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
struct Rejection {
    id: Uuid,
    version: DateTime<Utc>,
    message: String,
}

const CURSOR_KEY: &str = "cursor";
/// Entries written to IndexedDB per transaction while taking in a sync answer (see
/// [`Store::apply_response`]): a quarter of the server's page of 200.
const SLICE: usize = 50;
const OWNER_KEY: &str = "owner";

#[derive(Clone, Copy)]
pub struct Store {
    rows: RwSignal<BTreeMap<Uuid, Row>>,
    outbox: RwSignal<BTreeMap<Uuid, OutboxItem>>,
    cursor: StoredValue<Option<i64>>,
    owner: StoredValue<Option<Uuid>>,
    /// False until IndexedDB has been read (screens show nothing rather than "no entries").
    loaded: RwSignal<bool>,
    /// Counts local changes; the sync loop watches it.
    local_edits: RwSignal<u64>,
    /// The last `client_updated_at` handed out, so two quick edits never share one.
    last_stamp: StoredValue<i64>,
    /// Set when this phone cannot keep data (no IndexedDB): said once, calmly, on Today.
    unavailable: RwSignal<bool>,
    /// True once a sync has brought everything the server held (or an earlier one had, and left
    /// its cursor): only then does an empty day on this phone mean nothing was logged.
    caught_up: RwSignal<bool>,
}

impl Store {
    pub fn provide() -> Self {
        let this = Self {
            rows: RwSignal::new(BTreeMap::new()),
            outbox: RwSignal::new(BTreeMap::new()),
            cursor: StoredValue::new(None),
            owner: StoredValue::new(None),
            loaded: RwSignal::new(false),
            local_edits: RwSignal::new(0),
            last_stamp: StoredValue::new(0),
            unavailable: RwSignal::new(false),
            caught_up: RwSignal::new(false),
        };
        provide_context(this);
        spawn_local(async move { this.load().await });
        this
    }

    pub fn expect() -> Self {
        expect_context()
    }

    async fn load(self) {
        let snapshot = match idb_load().await {
            Ok(text) => text.as_string().and_then(|t| serde_json::from_str::<Snapshot>(&t).ok()),
            Err(_) => None,
        };
        match snapshot {
            Some(s) => {
                for item in s.meta {
                    match item.key.as_str() {
                        CURSOR_KEY => {
                            self.cursor.set_value(item.value.as_i64());
                            self.caught_up.set(item.value.as_i64().is_some());
                        }
                        OWNER_KEY => self.owner.set_value(item.value.as_str().and_then(|s| Uuid::parse_str(s).ok())),
                        _ => {}
                    }
                }
                self.rows.set(s.entries.into_iter().map(|r| (r.id, r)).collect());
                self.outbox.set(s.outbox.into_iter().map(|i| (i.id, i)).collect());
            }
            None => self.unavailable.set(true),
        }
        self.loaded.set(true);
    }

    pub fn loaded(&self) -> bool {
        self.loaded.get()
    }

    pub fn loaded_untracked(&self) -> bool {
        self.loaded.get_untracked()
    }

    pub fn unavailable(&self) -> bool {
        self.unavailable.get()
    }

    /// Reactive: see the field.
    pub fn caught_up(&self) -> bool {
        self.caught_up.get()
    }

    pub fn local_edits(&self) -> u64 {
        self.local_edits.get()
    }

    /// Reactive: one entry as held now.
    pub fn row(&self, id: Uuid) -> Option<Row> {
        self.rows.with(|rows| rows.get(&id).cloned())
    }

    /// Reactive: entries not deleted, of the given kinds (all kinds when empty).
    pub fn live(&self, kinds: &[EntryKind]) -> Vec<Row> {
        self.live_where(kinds, |_| true)
    }

    /// Reactive: like [`Store::live`], keeping only the entries `keep` accepts. Only those are
    /// copied, so a screen that needs a few entries of a long diary (Today) stays quick.
    pub fn live_where(&self, kinds: &[EntryKind], keep: impl Fn(&EntryData) -> bool) -> Vec<Row> {
        self.rows.with(|rows| {
            rows.values()
                .filter(|r| kinds.is_empty() || kinds.contains(&r.kind))
                .filter(|r| r.entry_ref().is_some_and(&keep))
                .cloned()
                .collect()
        })
    }

    /// Reactive: where this entry is.
    pub fn state(&self, id: Uuid) -> SyncState {
        self.outbox.with(|outbox| match outbox.get(&id) {
            None => SyncState::Synced,
            Some(OutboxItem { error: Some(message), .. }) => SyncState::NotSaved(message.clone()),
            Some(_) => SyncState::Local,
        })
    }

    /// Reactive: how many changes have not reached the server (refused ones included).
    pub fn waiting_count(&self) -> usize {
        self.outbox.with(BTreeMap::len)
    }

    pub fn cursor(&self) -> Option<i64> {
        self.cursor.get_value()
    }

    /// Saves a new entry (`id` None) or a new version of one. Resolves once it is on the phone.
    pub async fn save(self, id: Option<Uuid>, data: &EntryData) -> Result<Uuid, String> {
        let id = id.unwrap_or_else(evenkeel_domain::ids::new_id);
        self.write(id, data.kind(), Op::Upsert, data.to_json()).await.map(|()| id)
    }

    /// Deletes an entry (a tombstone that syncs like any other change).
    pub async fn delete(self, id: Uuid) -> Result<(), String> {
        let Some(kind) = self.rows.with_untracked(|rows| rows.get(&id).map(|r| r.kind)) else { return Ok(()) };
        self.write(id, kind, Op::Delete, Value::Null).await
    }

    /// Undo: puts back an earlier version (as a new change), or deletes an entry that didn't exist.
    pub async fn restore(self, id: Uuid, kind: EntryKind, previous: Option<Row>) -> Result<(), String> {
        match previous {
            Some(row) if !row.deleted => self.write(id, kind, Op::Upsert, row.data).await,
            _ => self.write(id, kind, Op::Delete, Value::Null).await,
        }
    }

    async fn write(self, id: Uuid, kind: EntryKind, op: Op, data: Value) -> Result<(), String> {
        let stamp = self.stamp();
        let deleted = op == Op::Delete;
        let row = Row::new(id, kind, data.clone(), deleted, stamp, false);
        let item = OutboxItem { id, kind, op, data, client_updated_at: stamp, error: None };
        commit(&[DbOp::PutEntry(row.clone()), DbOp::PutOutbox(item.clone())]).await?;
        self.rows.update(|rows| {
            rows.insert(id, row);
        });
        self.outbox.update(|outbox| {
            outbox.insert(id, item);
        });
        self.local_edits.update(|n| *n += 1);
        Ok(())
    }

    /// A strictly increasing "now" for `client_updated_at` (the newest edit must win).
    fn stamp(self) -> DateTime<Utc> {
        let now = js_sys::Date::now() as i64;
        let ms = now.max(self.last_stamp.get_value() + 1);
        self.last_stamp.set_value(ms);
        DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }

    /// Up to `max` changes to send: medicines first (a dose needs its medicine), oldest first.
    /// Refused items wait for the person to edit them.
    pub fn next_batch(&self, max: usize) -> Vec<Change> {
        self.outbox.with_untracked(|outbox| {
            let mut items: Vec<&OutboxItem> = outbox.values().filter(|i| i.error.is_none()).collect();
            items.sort_by_key(|i| (i.kind != EntryKind::Medication, i.client_updated_at));
            items.into_iter().take(max).map(OutboxItem::change).collect()
        })
    }

    /// Takes in the server's answer to `sent`: acknowledgements, refusals, newer versions, cursor.
    ///
    /// Newer versions go to IndexedDB in slices of [`SLICE`], each its own transaction, with a
    /// browser task between them: a first sync brings the whole diary, and in one piece it held
    /// the page for longer than a tap should wait. The acknowledgements and the cursor go last, so
    /// a page closed halfway asks again from the old cursor, and the merge rule passes over what
    /// already arrived.
    pub async fn apply_response(self, sent: &[Change], response: SyncResponse) -> Result<(), String> {
        let version_sent = |id: &Uuid| sent.iter().find(|c| c.id == *id).map(|c| c.client_updated_at);
        let mut settled = Vec::new();
        for id in &response.applied {
            if let Some(version) = version_sent(id) {
                settled.push(DbOp::Ack(Version { id: *id, version }));
            }
        }
        for r in &response.rejected {
            if let Some(version) = version_sent(&r.id) {
                settled.push(DbOp::Reject(Rejection { id: r.id, version, message: r.message.clone() }));
            }
        }
        // Newer versions from the server (another phone, or an edit that beat ours). Read in place:
        // a copy of the whole diary per answer would cost a long diary dearly.
        let mut incoming = Vec::new();
        let mut incoming_rows = Vec::new();
        self.rows.with_untracked(|rows| {
            self.outbox.with_untracked(|outbox| {
                for server in &response.changes {
                    let change = server.as_change();
                    let current = rows.get(&change.id).map(Row::stored);
                    if !wins(&change.meta(), current.as_ref().map(Stored::meta).as_ref()) {
                        continue;
                    }
                    let deleted = change.op == Op::Delete;
                    let data = if deleted { Value::Null } else { change.data.clone() };
                    let row = Row::new(change.id, change.kind, data, deleted, change.client_updated_at, true);
                    // An older local version still queued has lost already: it need not be sent.
                    if let Some(item) = outbox.get(&change.id)
                        && item.client_updated_at < change.client_updated_at
                    {
                        incoming.push(DbOp::DropOutbox(Version { id: item.id, version: item.client_updated_at }));
                    }
                    incoming.push(DbOp::PutEntry(row.clone()));
                    incoming_rows.push(row);
                }
            })
        });
        // An entry's outbox drop sits just before it, so a slice never parts the two.
        let mut slice_start = 0;
        while slice_start < incoming.len() {
            let mut end = (slice_start + SLICE).min(incoming.len());
            if matches!(incoming.get(end.wrapping_sub(1)), Some(DbOp::DropOutbox(_))) {
                end += 1;
            }
            commit(&incoming[slice_start..end]).await?;
            crate::timers::sleep_ms(0).await;
            slice_start = end;
        }
        settled.push(DbOp::Meta(MetaItem { key: CURSOR_KEY.into(), value: response.cursor.into() }));
        commit(&settled).await?;

        // The same steps in memory, with the same "only if still that version" checks.
        self.cursor.set_value(Some(response.cursor));
        let ops: Vec<&DbOp> = settled.iter().chain(&incoming).collect();
        self.outbox.update(|outbox| {
            for op in &ops {
                match op {
                    DbOp::Ack(v) | DbOp::DropOutbox(v)
                        if outbox.get(&v.id).is_some_and(|i| i.client_updated_at == v.version) =>
                    {
                        outbox.remove(&v.id);
                    }
                    DbOp::Reject(r) => {
                        if let Some(item) = outbox.get_mut(&r.id).filter(|i| i.client_updated_at == r.version) {
                            item.error = Some(r.message.clone());
                        }
                    }
                    _ => {}
                }
            }
        });
        self.rows.update(|rows| {
            for op in &ops {
                if let DbOp::Ack(v) = op
                    && let Some(row) = rows.get_mut(&v.id).filter(|r| r.client_updated_at == v.version)
                {
                    row.synced = true;
                }
            }
            for row in incoming_rows {
                // Re-check against what is held *now*: a local edit may have landed meanwhile.
                let newer = wins(
                    &row.stored().as_change().meta(),
                    rows.get(&row.id).map(Row::stored).as_ref().map(Stored::meta).as_ref(),
                );
                if newer {
                    rows.insert(row.id, row);
                }
            }
        });
        if !response.more {
            self.caught_up.set(true);
        }
        Ok(())
    }

    /// Whose diary this phone holds. A different person signing in starts from an empty store, so
    /// nobody sees (or sends) someone else's entries.
    pub async fn claim(self, user: Uuid) -> Result<(), String> {
        if self.owner.get_value() == Some(user) {
            return Ok(());
        }
        let mut ops = Vec::new();
        if self.owner.get_value().is_some() {
            ops.push(DbOp::Clear(true));
        }
        ops.push(DbOp::Meta(MetaItem { key: OWNER_KEY.into(), value: user.to_string().into() }));
        commit(&ops).await?;
        if self.owner.get_value().is_some() {
            self.forget_in_memory();
        }
        self.owner.set_value(Some(user));
        Ok(())
    }

    pub fn owner(&self) -> Option<Uuid> {
        self.owner.get_value()
    }

    /// Signing out on purpose: remove every entry from this phone.
    pub async fn clear(self) -> Result<(), String> {
        commit(&[DbOp::Clear(true)]).await?;
        self.forget_in_memory();
        self.owner.set_value(None);
        Ok(())
    }

    fn forget_in_memory(self) {
        self.rows.set(BTreeMap::new());
        self.outbox.set(BTreeMap::new());
        self.cursor.set_value(None);
        self.caught_up.set(false);
    }
}

async fn commit(ops: &[DbOp]) -> Result<(), String> {
    let json = serde_json::to_string(ops).map_err(|_| NOT_KEPT.to_owned())?;
    idb_commit(&json).await.map(|_| ()).map_err(|error| {
        web_sys::console::warn_2(&JsValue::from_str("Even Keel: IndexedDB write failed:"), &error);
        NOT_KEPT.to_owned()
    })
}
