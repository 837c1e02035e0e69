//! The offline-first sync: a phone sends the changes in its outbox and receives what changed on the
//! server since its cursor. One transaction per batch; idempotent (a replay changes nothing);
//! last writer wins per entry by `client_updated_at` (the rule in `domain::merge`); deletes are
//! tombstones; an invalid change is rejected with a sentence while the rest apply.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use evenkeel_domain::diary::{DoseEntry, Medication, OmeFigure};
use evenkeel_domain::merge::{self, VersionMeta};
use evenkeel_domain::{Change, EntryData, EntryKind, Op, Rejected, ServerChange, SyncResponse, Table};
use serde_json::Value;
use uuid::Uuid;

use crate::access::{Grant, Granted, Need};
use crate::db::entries::{self, Entry};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

/// Changes returned per answer at most; the phone asks again while `more` is true. Kept small so
/// that a phone catching up (a new phone, or Today opened with an empty cache) takes in a bounded
/// amount per answer; see BENCHMARKS.md for what the first answer costs a phone.
const CHANGES_PAGE: i64 = 200;

/// A change as it arrived: parsed, or already refused at the edge (e.g. an unknown kind).
pub type Incoming = Result<Change, Rejected>;

fn reject(id: Uuid, error: &str, message: &str) -> Rejected {
    Rejected { id, error: error.to_owned(), message: message.to_owned() }
}

/// Applies one batch to the granted patient's own diary (they are also the author) and returns what
/// the phone needs.
pub fn sync(conn: &mut DbConn, grant: &Grant, cursor: i64, incoming: Vec<Incoming>) -> AppResult<SyncResponse> {
    grant.covers(Need::OwnDiary)?;
    let patient = grant.patient();
    // Each step is a phase of the `Server-Timing` profile (`timing`); on PostgreSQL the counter's
    // row lock is where concurrent batches of one patient wait, so it counts as "lock" too.
    use crate::timing::phase;
    crate::db::write_transaction(conn, |conn| {
        if !incoming.is_empty() {
            phase("lock", || entries::lock_counter(conn, patient))?;
        }
        let (batch, applied, rejected) = phase("apply", || -> AppResult<_> {
            let mut batch = Batch::load(conn, patient, &incoming)?;
            let mut applied = Vec::new();
            let mut rejected = Vec::new();
            for change in incoming {
                match change.and_then(|c| batch.apply(conn, c)) {
                    Ok(id) => applied.push(id),
                    Err(r) => rejected.push(r),
                }
            }
            Ok((batch, applied, rejected))
        })?;
        let (touched, medicine_changed) = (batch.touched.clone(), batch.medicine_changed);
        let changed = phase("write", || batch.write(conn))?;
        if changed {
            phase("rollups", || crate::rollups::refresh(conn, patient, &touched, medicine_changed))?;
        }
        let (changes, cursor, more) = phase("changes", || changes_since(conn, patient, cursor))?;
        Ok(SyncResponse { applied, rejected, changes, cursor, more })
    })
}

/// The rows a batch touches, as they will be after it.
struct Batch<'p> {
    patient: Granted<'p>,
    /// The patient's own rows the batch names (and medicines its doses name), as they will be.
    rows: HashMap<String, Entry>,
    /// Ids the batch names that are another patient's entries.
    not_ours: Vec<String>,
    /// Ids of rows that did not exist before this batch.
    new: Vec<String>,
    /// Ids of rows this batch changed (new or existing).
    dirty: Vec<String>,
    /// Local days whose rollups the batch changes (where changed entries were and are now).
    touched: BTreeSet<NaiveDate>,
    /// A medicine changed: every past dose's OME may change, so all rollups are recomputed.
    medicine_changed: bool,
}

impl<'p> Batch<'p> {
    fn load(conn: &mut DbConn, patient: Granted<'p>, incoming: &[Incoming]) -> AppResult<Self> {
        let ids: Vec<String> = incoming.iter().filter_map(|c| c.as_ref().ok()).map(|c| c.id.to_string()).collect();
        let (own, not_ours) = entries::by_ids(conn, patient, &ids)?;
        Ok(Self {
            patient,
            rows: own.into_iter().map(|row| (row.id.clone(), row)).collect(),
            not_ours,
            new: Vec::new(),
            dirty: Vec::new(),
            touched: BTreeSet::new(),
            medicine_changed: false,
        })
    }

    /// Applies one change in memory. `Ok(id)` means acknowledged: written, or already superseded
    /// by a newer version (which reaches the phone through `changes`).
    fn apply(&mut self, conn: &mut DbConn, mut change: Change) -> Result<Uuid, Rejected> {
        let id = change.id;
        let key = id.to_string();
        if self.not_ours.contains(&key) {
            return Err(reject(id, "not_yours", "This entry can't be changed from your account."));
        }
        if self.rows.get(&key).is_some_and(|current| current.kind != change.kind.as_str()) {
            return Err(reject(id, "kind_mismatch", "This entry already exists as a different kind of entry."));
        }
        let data = change.parse_data().map_err(|e| change.rejected(&e))?;
        // Store and compare the canonical form, so every copy of an entry is byte-for-byte alike.
        if let Some(data) = &data {
            change.data = data.to_json();
        }
        let existed = self.rows.contains_key(&key);
        if !self.wins_over_current(&change) {
            return Ok(id);
        }
        let ome = match &data {
            Some(EntryData::Dose(dose)) => {
                let medication = self.medication(conn, dose.medication_id).ok_or_else(|| {
                    reject(
                        id,
                        "unknown_medication",
                        "This dose names a medicine that isn't in your list. Please add the medicine first.",
                    )
                })?;
                dose_ome(dose, &medication)
            }
            _ => None,
        };
        let row = self.next_row(&change, data.as_ref(), ome);
        if let Some(previous) = self.rows.get(&key) {
            self.touched.extend(crate::rollups::days_of(previous));
        }
        self.touched.extend(crate::rollups::days_of(&row));
        if change.kind == EntryKind::Medication {
            self.medicine_changed = true;
        }
        if !existed {
            self.new.push(key.clone());
        }
        if !self.dirty.contains(&key) {
            self.dirty.push(key.clone());
        }
        self.rows.insert(key, row);
        Ok(id)
    }

    fn wins_over_current(&self, change: &Change) -> bool {
        let current = self.rows.get(&change.id.to_string());
        let stored_data = current.and_then(|r| r.data.as_deref()).and_then(|t| serde_json::from_str::<Value>(t).ok());
        let current_meta = current.map(|r| VersionMeta {
            client_updated_at: r.client_updated_at.and_utc(),
            deleted: r.deleted_at.is_some(),
            kind: change.kind,
            data: stored_data.as_ref(),
        });
        merge::wins(&change.meta(), current_meta.as_ref())
    }

    fn next_row(&self, change: &Change, data: Option<&EntryData>, ome: Option<f64>) -> Entry {
        let now = db::now();
        let previous = self.rows.get(&change.id.to_string());
        let client_updated_at = change.client_updated_at.naive_utc();
        let (recorded_at, tz_offset_min) = match data.and_then(EntryData::recorded_at) {
            Some(t) => (t.utc(), t.tz_offset_min()),
            None => previous.map_or((client_updated_at, 0), |p| (p.recorded_at, p.tz_offset_min)),
        };
        let deleted = change.op == Op::Delete;
        Entry {
            id: change.id.to_string(),
            patient_id: self.patient.id().to_owned(),
            author_id: self.patient.id().to_owned(),
            kind: change.kind.as_str().to_owned(),
            recorded_at,
            tz_offset_min,
            // A deleted entry keeps no health data, only the tombstone that stops a late edit.
            data: (!deleted).then(|| change.data.to_string()),
            ome_mg: ome,
            ome_table_version: ome.map(|_| Table::current().version.to_owned()),
            client_updated_at,
            created_at: previous.map_or(now, |p| p.created_at),
            updated_at: now,
            deleted_at: deleted.then_some(now),
            rev: previous.map_or(0, |p| p.rev),
        }
    }

    /// The patient's medicine with this id: from this batch if it is here, else from the database.
    fn medication(&mut self, conn: &mut DbConn, id: Uuid) -> Option<Medication> {
        let key = id.to_string();
        if !self.rows.contains_key(&key) {
            let row = entries::by_ids(conn, self.patient, std::slice::from_ref(&key)).ok()?.0.into_iter().next()?;
            self.rows.insert(key.clone(), row);
        }
        let row = self.rows.get(&key)?;
        if row.kind != EntryKind::Medication.as_str() {
            return None;
        }
        // A medicine deleted later still tells what an earlier dose was; only its data is gone.
        let data: Value = serde_json::from_str(row.data.as_deref()?).ok()?;
        Medication::parse(&data).ok()
    }

    /// Writes every changed row with one new revision number; false when nothing changed.
    fn write(self, conn: &mut DbConn) -> AppResult<bool> {
        if self.dirty.is_empty() {
            return Ok(false);
        }
        let rev = entries::next_rev(conn, self.patient)?;
        let mut rows = self.rows;
        let mut inserts = Vec::new();
        for key in &self.dirty {
            let Some(mut row) = rows.remove(key) else { continue };
            row.rev = rev;
            if self.new.contains(key) {
                inserts.push(row);
            } else {
                entries::replace(conn, self.patient, &row)?;
            }
        }
        entries::insert_all(conn, self.patient, &inserts)?;
        Ok(true)
    }
}

/// OME of one dose: mg for a dose by mouth, mg/day for a patch put on.
fn dose_ome(dose: &DoseEntry, medication: &Medication) -> Option<f64> {
    let table = Table::current();
    let outcome = match (dose.oral_dose(medication), dose.applied_patch(medication)) {
        (Some(oral), _) => table.ome_for_dose(oral.opioid, oral.mg),
        (None, Some(patch)) => table.ome_mg_per_day_for_patch(patch.opioid, patch.mcg_per_hour),
        (None, None) => return None,
    };
    outcome.mg()
}

fn changes_since(conn: &mut DbConn, patient: Granted<'_>, cursor: i64) -> AppResult<(Vec<ServerChange>, i64, bool)> {
    let mut rows = entries::changed_since(conn, patient, cursor, CHANGES_PAGE)?;
    let more = rows.len() as i64 == CHANGES_PAGE;
    if more {
        // Never split one revision across pages: drop the last, possibly partial, revision.
        let last = rows.last().map(|r| r.rev).unwrap_or(cursor);
        if rows.iter().any(|r| r.rev != last) {
            rows.retain(|r| r.rev != last);
        }
    }
    let next_cursor = match rows.last() {
        Some(row) => row.rev,
        None => entries::current_rev(conn, patient)?.max(cursor),
    };
    let changes = rows.iter().map(server_change).collect::<AppResult<Vec<_>>>()?;
    Ok((changes, next_cursor, more))
}

pub fn server_change(row: &Entry) -> AppResult<ServerChange> {
    let bad = |what: &str| AppError::internal(anyhow::anyhow!("stored entry {} has a bad {what}", row.id));
    Ok(ServerChange {
        id: row.id.parse().map_err(|_| bad("id"))?,
        kind: EntryKind::parse(&row.kind).ok_or_else(|| bad("kind"))?,
        op: if row.deleted_at.is_some() { Op::Delete } else { Op::Upsert },
        data: match &row.data {
            Some(text) => serde_json::from_str(text).map_err(|_| bad("data"))?,
            None => Value::Null,
        },
        client_updated_at: DateTime::<Utc>::from_naive_utc_and_offset(row.client_updated_at, Utc),
        rev: row.rev,
        ome: match (row.ome_mg, &row.ome_table_version) {
            (Some(mg), Some(version)) => Some(OmeFigure { mg, table_version: version.clone() }),
            _ => None,
        },
    })
}

/// Turns one raw JSON change into a `Change`, or a rejection naming its id. `None` when even the
/// id is unreadable (the whole request is then refused: there is nothing to acknowledge).
pub fn parse_incoming(raw: Value) -> Option<Incoming> {
    let id: Uuid = raw.get("id")?.as_str()?.parse().ok()?;
    Some(serde_json::from_value::<Change>(raw).map_err(|e| {
        let detail = e.to_string();
        let message = if detail.contains("unknown variant") && detail.contains("medication") {
            "This change is of a kind the server doesn't know. Kinds are medication, pain, activity, dose, mood and sleep."
        } else {
            "This change is missing something or has something in the wrong form (id, kind, op, data, client_updated_at)."
        };
        reject(id, "invalid_change", message)
    }))
}
