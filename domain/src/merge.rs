//! The merge rule shared by the server and the phone's local store: last writer wins per entry, by
//! `client_updated_at`, with a deterministic tie-break so that every copy ends in the same state
//! whatever order changes arrive in, however often they are replayed.
//!
//! Versions are totally ordered by, in turn:
//! 1. `client_updated_at` — the later edit wins;
//! 2. delete beats upsert — when in doubt, a deletion the person asked for sticks;
//! 3. the entry kind (an id should never change kind; this only keeps the order total);
//! 4. the canonical JSON text of the data (object keys sorted) — arbitrary but the same everywhere.
//!
//! A change replaces the stored version only if it is strictly greater, so re-applying anything is a
//! no-op. Deletes leave a tombstone, so an older upsert arriving late can't bring an entry back; a
//! *newer* upsert does (an edit made on another phone after the delete).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

use crate::diary::{Change, EntryKind, Op};

/// An entry as a store holds it. `data` is `None` once deleted.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub id: Uuid,
    pub kind: EntryKind,
    pub data: Option<Value>,
    pub deleted: bool,
    pub client_updated_at: DateTime<Utc>,
}

/// What the merge rule looks at in one version of an entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VersionMeta<'a> {
    pub client_updated_at: DateTime<Utc>,
    pub deleted: bool,
    pub kind: EntryKind,
    /// Ignored for deletes.
    pub data: Option<&'a Value>,
}

/// An incoming version.
pub type ChangeMeta<'a> = VersionMeta<'a>;
/// The version currently stored.
pub type StoredMeta<'a> = VersionMeta<'a>;

impl Change {
    pub fn meta(&self) -> ChangeMeta<'_> {
        let deleted = self.op == Op::Delete;
        VersionMeta {
            client_updated_at: self.client_updated_at,
            deleted,
            kind: self.kind,
            data: (!deleted).then_some(&self.data),
        }
    }
}

impl Stored {
    pub fn meta(&self) -> StoredMeta<'_> {
        VersionMeta {
            client_updated_at: self.client_updated_at,
            deleted: self.deleted,
            kind: self.kind,
            data: if self.deleted { None } else { self.data.as_ref() },
        }
    }

    /// The store's row as the version to send to other devices.
    pub fn as_change(&self) -> Change {
        Change {
            id: self.id,
            kind: self.kind,
            op: if self.deleted { Op::Delete } else { Op::Upsert },
            data: if self.deleted { Value::Null } else { self.data.clone().unwrap_or(Value::Null) },
            client_updated_at: self.client_updated_at,
        }
    }
}

/// The total order on versions described in the module doc.
pub fn compare(a: &VersionMeta<'_>, b: &VersionMeta<'_>) -> Ordering {
    let data =
        |v: &VersionMeta<'_>| if v.deleted { String::new() } else { v.data.map(canonical_json).unwrap_or_default() };
    a.client_updated_at
        .cmp(&b.client_updated_at)
        .then(a.deleted.cmp(&b.deleted))
        .then(a.kind.cmp(&b.kind))
        .then_with(|| data(a).cmp(&data(b)))
}

/// Should `incoming` replace `current`? Yes if nothing is stored, or if it is strictly newer by
/// [`compare`]. An identical version does not win, which is what makes replays no-ops.
pub fn wins(incoming: &ChangeMeta<'_>, current: Option<&StoredMeta<'_>>) -> bool {
    current.is_none_or(|c| compare(incoming, c) == Ordering::Greater)
}

/// Apply one change to a store held as a map. Returns whether anything changed.
pub fn apply(state: &mut BTreeMap<Uuid, Stored>, change: &Change) -> bool {
    let current = state.get(&change.id);
    if !wins(&change.meta(), current.map(Stored::meta).as_ref()) {
        return false;
    }
    let deleted = change.op == Op::Delete;
    let stored = Stored {
        id: change.id,
        kind: change.kind,
        data: (!deleted).then(|| change.data.clone()),
        deleted,
        client_updated_at: change.client_updated_at,
    };
    state.insert(change.id, stored);
    true
}

/// JSON text with object keys sorted at every level, independent of how the `Value` was built (and of
/// serde_json's `preserve_order` feature, which another crate in the build could switch on).
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(item, out);
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;
    use serde_json::json;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_740_000_000 + secs, 0).unwrap()
    }

    fn id(n: u8) -> Uuid {
        Uuid::from_bytes([n; 16])
    }

    fn upsert(n: u8, secs: i64, data: Value) -> Change {
        Change { id: id(n), kind: EntryKind::Pain, op: Op::Upsert, data, client_updated_at: at(secs) }
    }

    fn delete(n: u8, secs: i64) -> Change {
        Change { id: id(n), kind: EntryKind::Pain, op: Op::Delete, data: Value::Null, client_updated_at: at(secs) }
    }

    fn fold<'a>(changes: impl IntoIterator<Item = &'a Change>) -> BTreeMap<Uuid, Stored> {
        let mut state = BTreeMap::new();
        for c in changes {
            apply(&mut state, c);
        }
        state
    }

    #[test]
    fn later_edit_wins_whatever_the_order() {
        let old = upsert(1, 0, json!({"score": 3}));
        let new = upsert(1, 10, json!({"score": 5}));
        assert_eq!(fold([&old, &new]), fold([&new, &old]));
        assert_eq!(fold([&old, &new])[&id(1)].data, Some(json!({"score": 5})));
    }

    #[test]
    fn delete_beats_upsert_at_the_same_moment_and_leaves_a_tombstone() {
        let edit = upsert(1, 5, json!({"score": 3}));
        let del = delete(1, 5);
        let state = fold([&del, &edit]);
        assert!(state[&id(1)].deleted);
        assert_eq!(state[&id(1)].data, None);
        // An older edit arriving late doesn't resurrect it; a newer one does.
        let mut state = fold([&del]);
        assert!(!apply(&mut state, &upsert(1, 1, json!({"score": 9}))));
        assert!(apply(&mut state, &upsert(1, 6, json!({"score": 9}))));
        assert!(!state[&id(1)].deleted);
    }

    #[test]
    fn equal_times_break_ties_by_canonical_json() {
        let a = upsert(1, 0, json!({"score": 3}));
        let b = upsert(1, 0, json!({"score": 4}));
        assert_eq!(fold([&a, &b]), fold([&b, &a]));
        assert_eq!(fold([&a, &b])[&id(1)].data, Some(json!({"score": 4})));
    }

    #[test]
    fn replays_change_nothing() {
        let c = upsert(1, 0, json!({"score": 3}));
        let mut state = BTreeMap::new();
        assert!(apply(&mut state, &c));
        assert!(!apply(&mut state, &c));
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v = json!({"b": [{"z": 1, "a": null}], "a": "x\"y", "c": 1.5});
        assert_eq!(canonical_json(&v), r#"{"a":"x\"y","b":[{"a":null,"z":1}],"c":1.5}"#);
    }

    #[test]
    fn a_stored_row_goes_back_out_as_a_change() {
        let c = upsert(1, 0, json!({"score": 3}));
        let state = fold([&c]);
        assert_eq!(state[&id(1)].as_change(), c);
        let d = delete(2, 0);
        assert_eq!(fold([&d])[&id(2)].as_change(), d);
    }

    fn change() -> impl Strategy<Value = Change> {
        let data = prop::sample::select(vec![
            json!({"score": 1}),
            json!({"score": 2}),
            json!({"score": 2, "note": "a"}),
            json!({"note": "a", "score": 2.0}),
            json!({"nested": {"b": 1, "a": [1, 2]}}),
        ]);
        let kind = prop::sample::select(vec![EntryKind::Pain, EntryKind::Mood]);
        (0u8..3, kind, any::<bool>(), 0i64..3, data).prop_map(|(n, kind, is_delete, secs, data)| Change {
            id: id(n),
            kind,
            op: if is_delete { Op::Delete } else { Op::Upsert },
            data: if is_delete { Value::Null } else { data },
            client_updated_at: at(secs),
        })
    }

    fn shuffled() -> impl Strategy<Value = (Vec<Change>, Vec<Change>)> {
        prop::collection::vec(change(), 0..12).prop_flat_map(|cs| (Just(cs.clone()), Just(cs).prop_shuffle()))
    }

    proptest! {
        #[test]
        fn any_order_converges((changes, other_order) in shuffled()) {
            prop_assert_eq!(fold(&changes), fold(&other_order));
        }

        #[test]
        fn duplicates_and_replays_converge((changes, other_order) in shuffled(), dup in any::<prop::sample::Index>()) {
            let mut noisy = other_order.clone();
            if !changes.is_empty() {
                noisy.insert(dup.index(noisy.len() + 1), changes[dup.index(changes.len())].clone());
            }
            noisy.extend(changes.iter().cloned());
            prop_assert_eq!(fold(&changes), fold(&noisy));
        }

        #[test]
        fn applying_a_batch_twice_changes_nothing(changes in prop::collection::vec(change(), 0..12)) {
            let mut state = fold(&changes);
            let before = state.clone();
            for c in &changes {
                prop_assert!(!apply(&mut state, c));
            }
            prop_assert_eq!(state, before);
        }

        #[test]
        fn the_result_is_the_greatest_version_of_each_entry(changes in prop::collection::vec(change(), 0..12)) {
            let state = fold(&changes);
            for (id, stored) in &state {
                let best = changes.iter().filter(|c| c.id == *id).max_by(|a, b| compare(&a.meta(), &b.meta())).unwrap();
                prop_assert_eq!(compare(&stored.meta(), &best.meta()), Ordering::Equal);
            }
            prop_assert_eq!(state.len(), changes.iter().map(|c| c.id).collect::<std::collections::BTreeSet<_>>().len());
        }
    }
}
