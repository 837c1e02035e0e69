//! What every entry form shares: a draft of the entry's JSON, checked as the person types with the
//! domain's own rules (so the words match what the server would say), saved to the phone with an
//! Undo offer, and the entry's sync state shown next to it.

use evenkeel_domain::diary::{EntryData, EntryError, EntryKind};
use leptos::prelude::*;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::components::undo_toast::Undo;
use crate::store::{Row, Store, SyncState};

#[derive(Clone, Copy)]
pub struct Draft {
    pub kind: EntryKind,
    /// The entry's id once saved (or when editing).
    pub id: RwSignal<Option<Uuid>>,
    pub fields: RwSignal<Map<String, Value>>,
    /// True after the person tried to save: then every message shows, not just touched fields.
    pub attempted: RwSignal<bool>,
    pub touched: RwSignal<Vec<&'static str>>,
    pub saving: RwSignal<bool>,
    /// A failure to keep it on the phone.
    pub failure: RwSignal<Option<String>>,
    pub error: Memo<Option<EntryError>>,
    // Taken from context when the form is made: async saves run outside the component's scope.
    store: Store,
    undo: Undo,
}

impl Draft {
    pub fn new(kind: EntryKind, editing: Option<&Row>) -> Self {
        let fields = editing.and_then(|r| r.data.as_object().cloned()).unwrap_or_default();
        let fields = RwSignal::new(fields);
        let error = Memo::new(move |_| fields.with(|f| EntryData::parse(kind, &Value::Object(f.clone())).err()));
        Self {
            kind,
            id: RwSignal::new(editing.map(|r| r.id)),
            fields,
            attempted: RwSignal::new(false),
            touched: RwSignal::new(Vec::new()),
            saving: RwSignal::new(false),
            failure: RwSignal::new(None),
            error,
            store: Store::expect(),
            undo: Undo::expect(),
        }
    }

    /// Reactive: one field's value.
    pub fn get(&self, key: &str) -> Option<Value> {
        self.fields.with(|f| f.get(key).cloned().filter(|v| !v.is_null()))
    }

    pub fn get_str(&self, key: &str) -> String {
        self.get(key).map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).unwrap_or_default()
    }

    pub fn get_u8(&self, key: &str) -> Option<u8> {
        self.get(key).and_then(|v| v.as_u64()).map(|n| n as u8)
    }

    pub fn set(&self, key: &'static str, value: Value) {
        self.fields.update(|f| {
            if value.is_null() {
                f.remove(key);
            } else {
                f.insert(key.to_owned(), value);
            }
        });
        self.touched.update(|t| {
            if !t.contains(&key) {
                t.push(key);
            }
        });
    }

    /// Text typed into a number box: a number when it reads as one, otherwise the text itself, so
    /// the domain's message ("must be a number …") explains the problem.
    pub fn set_number_text(&self, key: &'static str, text: &str) {
        let text = text.trim();
        let value = if text.is_empty() {
            Value::Null
        } else {
            text.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map_or(Value::String(text.into()), |n| {
                // Whole numbers as integers, so "20" is 20, not 20.0, in the canonical JSON.
                if n.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() < 1e15) {
                    Value::from(n.as_f64().unwrap_or_default() as i64)
                } else {
                    Value::Number(n)
                }
            })
        };
        self.set(key, value);
    }

    /// Reactive: the message for this field, once it was touched or a save was tried.
    pub fn message_for(&self, key: &'static str) -> Option<String> {
        let shown = self.attempted.get() || self.touched.with(|t| t.contains(&key));
        let error = self.error.get()?;
        let matches = error.field() == key || error.field().starts_with(&format!("{key}."));
        (shown && matches).then(|| error.to_string())
    }

    /// Reactive: the message for the whole form (any field), once a save was tried.
    pub fn form_message(&self) -> Option<String> {
        self.failure.get().or_else(|| self.attempted.get().then(|| self.error.get().map(|e| e.to_string())).flatten())
    }

    /// Validates and saves (a new entry or a new version of this one), then offers Undo.
    /// Returns true once it is on the phone.
    pub async fn save(self, undo_message: &str) -> bool {
        self.attempted.set(true);
        let data = self.fields.with_untracked(|f| EntryData::parse(self.kind, &Value::Object(f.clone())));
        let Ok(data) = data else { return false };
        let (store, undo) = (self.store, self.undo);
        let id = self.id.get_untracked();
        let previous = id.and_then(|id| store.row(id));
        self.saving.set(true);
        let result = store.save(id, &data).await;
        self.saving.try_set(false);
        match result {
            Ok(id) => {
                self.id.try_set(Some(id));
                self.failure.try_set(None);
                undo.offer(undo_message, id, self.kind, previous);
                true
            }
            Err(message) => {
                self.failure.try_set(Some(message));
                false
            }
        }
    }
}

/// The message under a field (linked by id from the control's `aria-describedby`).
#[component]
pub fn FieldMessage(id: String, #[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! { <p class="field-error" id=id aria-live="polite">{move || message.get()}</p> }
}

/// "Saved on this phone" / "Synced" / "Not saved: …" for one entry.
#[component]
pub fn SyncBadge(id: Uuid) -> impl IntoView {
    let store = Store::expect();
    move || match store.state(id) {
        SyncState::Local => {
            view! { <span class="sync-state local" data-state="local">"Saved on this phone"</span> }.into_any()
        }
        SyncState::Synced => view! { <span class="sync-state synced" data-state="synced">"Synced"</span> }.into_any(),
        SyncState::NotSaved(message) => {
            view! { <span class="sync-state rejected" data-state="rejected">{format!("Not saved: {message}")}</span> }
                .into_any()
        }
    }
}
