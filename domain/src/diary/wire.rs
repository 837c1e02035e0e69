//! The `POST /api/sync` contract (`design.md`, "Offline-first sync").
//!
//! The phone sends its outbox as `changes`; the server applies them in one transaction, idempotently,
//! last-writer-wins per row ([`crate::merge`]), and answers with what it applied, what it refused
//! (with a sentence for the person), and everything of theirs that changed since `cursor`.
//!
//! A change that loses to a newer version is still *applied* (acknowledged: the phone may drop it from
//! its outbox); the newer version reaches the phone through `changes` and wins there by the same rule.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::error::EntryError;
use super::{EntryData, EntryKind, Op};

/// The most changes one sync request may carry; the app sends a longer outbox in several requests.
pub const MAX_CHANGES_PER_SYNC: usize = 500;

/// One outbox item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// Made by the phone when the entry was first created; the same for every later edit or delete.
    pub id: Uuid,
    pub kind: EntryKind,
    pub op: Op,
    /// The entry for `upsert` (its shape depends on `kind`); `null` or absent for `delete`.
    #[serde(default)]
    pub data: Value,
    /// When the phone made this change. Decides which of two edits wins.
    pub client_updated_at: DateTime<Utc>,
}

impl Change {
    /// Validate the data: `Some(entry)` for an upsert, `None` for a delete (any data is ignored).
    pub fn parse_data(&self) -> Result<Option<EntryData>, EntryError> {
        match self.op {
            Op::Upsert => EntryData::parse(self.kind, &self.data).map(Some),
            Op::Delete => Ok(None),
        }
    }

    /// The refusal to send back when the data doesn't parse.
    pub fn rejected(&self, error: &EntryError) -> Rejected {
        Rejected { id: self.id, error: error.code().to_owned(), message: error.to_string() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncRequest {
    /// The `cursor` from the last response; `null` on a phone's first sync.
    #[serde(default)]
    pub cursor: Option<i64>,
    #[serde(default)]
    pub changes: Vec<Change>,
}

/// A change the server refused. The phone keeps it, visibly, with this message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rejected {
    pub id: Uuid,
    /// Stable snake_case code, e.g. `invalid_entry`.
    pub error: String,
    /// A sentence for the person, e.g. "Pain score must be a whole number from 0 to 10."
    pub message: String,
}

/// A row as the server holds it now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServerChange {
    pub id: Uuid,
    pub kind: EntryKind,
    pub op: Op,
    /// The entry in canonical form; `null` when deleted.
    #[serde(default)]
    pub data: Value,
    pub client_updated_at: DateTime<Utc>,
    /// The server's counter for this row's latest write; the response `cursor` is the highest sent.
    pub rev: i64,
    /// For a dose: its oral morphine equivalent as the server computed and stored it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ome: Option<OmeFigure>,
}

/// An OME figure with the conversion table that produced it, so it can be reproduced later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OmeFigure {
    /// mg for a dose by mouth; mg per day for a patch put on.
    pub mg: f64,
    pub table_version: String,
}

impl ServerChange {
    /// The same version as a [`Change`], to feed the phone's local store through [`crate::merge::apply`].
    pub fn as_change(&self) -> Change {
        Change {
            id: self.id,
            kind: self.kind,
            op: self.op,
            data: self.data.clone(),
            client_updated_at: self.client_updated_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncResponse {
    pub applied: Vec<Uuid>,
    pub rejected: Vec<Rejected>,
    pub changes: Vec<ServerChange>,
    /// Pass this back as `cursor` next time.
    pub cursor: i64,
    /// More changes are waiting: sync again with the new cursor.
    #[serde(default)]
    pub more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_sync_request_from_json() {
        let req: SyncRequest = serde_json::from_value(json!({
            "cursor": null,
            "changes": [
                {"id": "0b6f1c1e-8a53-4f3e-9d3a-2b8f7c1e0a11", "kind": "pain", "op": "upsert",
                 "data": {"recorded_at": "2025-03-01T09:30:00+00:00", "score": 6},
                 "client_updated_at": "2025-03-01T09:30:05Z"},
                {"id": "1b6f1c1e-8a53-4f3e-9d3a-2b8f7c1e0a11", "kind": "dose", "op": "delete",
                 "client_updated_at": "2025-03-01T09:31:00Z"}
            ]
        }))
        .unwrap();
        assert_eq!(req.changes.len(), 2);
        assert!(matches!(req.changes[0].parse_data(), Ok(Some(EntryData::Pain(_)))));
        assert_eq!(req.changes[1].data, Value::Null);
        assert_eq!(req.changes[1].parse_data(), Ok(None));
    }

    #[test]
    fn a_bad_change_becomes_a_rejection_with_a_sentence() {
        let change: Change = serde_json::from_value(json!({
            "id": "0b6f1c1e-8a53-4f3e-9d3a-2b8f7c1e0a11", "kind": "pain", "op": "upsert",
            "data": {"recorded_at": "2025-03-01T09:30:00+00:00", "score": 12},
            "client_updated_at": "2025-03-01T09:30:05Z"
        }))
        .unwrap();
        let err = change.parse_data().unwrap_err();
        let rejected = change.rejected(&err);
        assert_eq!(
            serde_json::to_value(&rejected).unwrap(),
            json!({"id": "0b6f1c1e-8a53-4f3e-9d3a-2b8f7c1e0a11", "error": "invalid_entry", "message": "Pain score must be a whole number from 0 to 10."})
        );
    }
}
