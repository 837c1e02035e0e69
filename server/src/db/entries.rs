//! Diary entries of every kind, and each patient's change counter.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{entries, sync_counters};
use super::{DbConn, of_patient, only_for};
use crate::access::Granted;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = entries)]
pub struct Entry {
    pub id: String,
    pub patient_id: String,
    pub author_id: String,
    pub kind: String,
    pub recorded_at: NaiveDateTime,
    pub tz_offset_min: i32,
    pub data: Option<String>,
    pub ome_mg: Option<f64>,
    pub ome_table_version: Option<String>,
    pub client_updated_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub rev: i64,
}

of_patient!(Entry);

/// The rows with these ids that are the patient's own, and the ids among them that are another
/// patient's (the ids alone: what those rows hold is dropped here, never returned), so a phone
/// that sends such an id is told "not yours" instead of overwriting it.
///
/// One lookup by id, split here rather than in SQL: with `patient_id = ?` in the query and ten or
/// more ids, SQLite (with no statistics) plans it on the patient's index, `EXPLAIN QUERY PLAN`
/// shows, and reads every entry of theirs for each sync. Measured: the sync bench's open loop at
/// half its maximum went from a p99 of 7.4-9.5 ms to 4.4-6.1 s (BENCHMARKS.md, Sync).
pub fn by_ids(conn: &mut DbConn, patient: Granted<'_>, ids: &[String]) -> QueryResult<(Vec<Entry>, Vec<String>)> {
    if ids.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let rows: Vec<Entry> = entries::table.filter(entries::id.eq_any(ids)).select(Entry::as_select()).load(conn)?;
    let (own, others): (Vec<Entry>, Vec<Entry>) = rows.into_iter().partition(|r| r.patient_id == patient.id());
    Ok((own, others.into_iter().map(|r| r.id).collect()))
}

pub fn insert_all(conn: &mut DbConn, patient: Granted<'_>, rows: &[Entry]) -> QueryResult<()> {
    only_for(patient, rows)?;
    // Chunked: SQLite allows at most 32766 bound parameters per statement (14 per row here).
    for chunk in rows.chunks(500) {
        // Multi-row INSERT is backend-specific in diesel, so pick the backend here.
        let insert = diesel::insert_into(entries::table).values(chunk);
        match conn {
            DbConn::Sqlite(c) => insert.execute(c)?,
            DbConn::Postgres(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// Replaces a row's content (same id, same patient).
pub fn replace(conn: &mut DbConn, patient: Granted<'_>, row: &Entry) -> QueryResult<()> {
    only_for(patient, [row])?;
    diesel::update(entries::table.find(&row.id).filter(entries::patient_id.eq(patient.id())))
        .set((
            entries::kind.eq(&row.kind),
            entries::recorded_at.eq(row.recorded_at),
            entries::tz_offset_min.eq(row.tz_offset_min),
            entries::data.eq(&row.data),
            entries::ome_mg.eq(row.ome_mg),
            entries::ome_table_version.eq(&row.ome_table_version),
            entries::client_updated_at.eq(row.client_updated_at),
            entries::updated_at.eq(row.updated_at),
            entries::deleted_at.eq(row.deleted_at),
            entries::rev.eq(row.rev),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A patient's rows changed after `cursor`, oldest change first, at most `limit`.
pub fn changed_since(conn: &mut DbConn, patient: Granted<'_>, cursor: i64, limit: i64) -> QueryResult<Vec<Entry>> {
    let patient_id = patient.id();
    entries::table
        .filter(entries::patient_id.eq(patient_id))
        .filter(entries::rev.gt(cursor))
        .order((entries::rev.asc(), entries::id.asc()))
        .limit(limit)
        .select(Entry::as_select())
        .load(conn)
}

/// Live (not deleted) entries of one kind for a patient in a time range, oldest first.
pub fn of_kind_between(
    conn: &mut DbConn,
    patient: Granted<'_>,
    kind: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<Entry>> {
    let patient_id = patient.id();
    entries::table
        .filter(entries::patient_id.eq(patient_id))
        .filter(entries::kind.eq(kind))
        .filter(entries::deleted_at.is_null())
        .filter(entries::recorded_at.ge(from))
        .filter(entries::recorded_at.lt(to))
        .order(entries::recorded_at.asc())
        .select(Entry::as_select())
        .load(conn)
}

/// Takes the patient's counter row for writing at the start of a sync transaction, creating it the
/// first time. Beginning with a write matters on both backends: PostgreSQL then serialises a
/// patient's concurrent batches on this row (no two read the same old state), and SQLite takes its
/// write lock while the busy timeout still applies, instead of failing with "database is locked"
/// when a read transaction later tries to upgrade.
pub fn lock_counter(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<()> {
    let patient_id = patient.id();
    let locked = diesel::update(sync_counters::table.find(patient_id))
        .set(sync_counters::rev.eq(sync_counters::rev))
        .execute(conn)?;
    if locked == 0 {
        create_counter(conn, patient)?;
    }
    Ok(())
}

/// Gives a new patient their counter row, so even their very first sync finds a row to lock.
pub fn create_counter(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<()> {
    let patient_id = patient.id();
    diesel::insert_into(sync_counters::table)
        .values((sync_counters::patient_id.eq(patient_id), sync_counters::rev.eq(0_i64)))
        .execute(conn)
        .map(|_| ())
}

/// Bumps the patient's change counter and returns the new value. Must run inside the sync
/// transaction: on PostgreSQL the UPDATE holds the counter row's lock until commit, so concurrent
/// batches for one patient (from any server instance) commit in counter order.
pub fn next_rev(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<i64> {
    let patient_id = patient.id();
    let bumped = diesel::update(sync_counters::table.find(patient_id))
        .set(sync_counters::rev.eq(sync_counters::rev + 1))
        .execute(conn)?;
    if bumped == 0 {
        diesel::insert_into(sync_counters::table)
            .values((sync_counters::patient_id.eq(patient_id), sync_counters::rev.eq(1_i64)))
            .execute(conn)?;
    }
    current_rev(conn, patient)
}

pub fn current_rev(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<i64> {
    let patient_id = patient.id();
    Ok(sync_counters::table.find(patient_id).select(sync_counters::rev).first(conn).optional()?.unwrap_or(0))
}

/// Every live medicine of a patient (they have no time of their own).
pub fn live_medicines(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<Entry>> {
    let patient_id = patient.id();
    entries::table
        .filter(entries::patient_id.eq(patient_id))
        .filter(entries::kind.eq("medication"))
        .filter(entries::deleted_at.is_null())
        .select(Entry::as_select())
        .load(conn)
}

/// What the pattern engine reads of an entry: no owner, revision or timestamps of our own.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = entries)]
pub struct EntryContent {
    pub id: String,
    pub kind: String,
    pub data: Option<String>,
}

/// The content of live entries of the given kinds (medicines excluded) whose time falls in
/// `[from, to)`, oldest first, handed to `each` one row at a time as it is read. For a day's
/// rollups on every sync: a patient who logs thousands of entries in a day would otherwise have
/// each sync hold them all as whole rows, then again parsed (BENCHMARKS.md, Memory).
pub fn each_live_between(
    conn: &mut DbConn,
    patient: Granted<'_>,
    kinds: &[&str],
    from: NaiveDateTime,
    to: NaiveDateTime,
    mut each: impl FnMut(EntryContent),
) -> QueryResult<()> {
    let rows = timed_between(patient, kinds, from, to)
        .select(EntryContent::as_select())
        .load_iter::<EntryContent, diesel::connection::DefaultLoadingMode>(conn)?;
    for row in rows {
        each(row?);
    }
    Ok(())
}

/// The query for live entries of the given kinds, medicines excepted (they have no time of their
/// own), whose time falls in `[from, to)`, oldest first.
fn timed_between<'a>(
    patient: Granted<'a>,
    kinds: &[&str],
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> entries::BoxedQuery<'a, <DbConn as diesel::Connection>::Backend> {
    let kinds: Vec<String> = kinds.iter().filter(|k| **k != "medication").map(|k| (*k).to_owned()).collect();
    entries::table
        .filter(entries::patient_id.eq(patient.id()))
        .filter(entries::kind.eq_any(kinds))
        .filter(entries::deleted_at.is_null())
        .filter(entries::recorded_at.ge(from))
        .filter(entries::recorded_at.lt(to))
        .order(entries::recorded_at.asc())
        .into_boxed()
}

/// Live entries of the given kinds whose time falls in `[from, to)`, plus every live medicine (they
/// have no time of their own), oldest first.
pub fn live_of_kinds_between(
    conn: &mut DbConn,
    patient: Granted<'_>,
    kinds: &[&str],
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<Entry>> {
    let mut rows: Vec<Entry> = timed_between(patient, kinds, from, to).select(Entry::as_select()).load(conn)?;
    if kinds.contains(&"medication") {
        rows.splice(0..0, live_medicines(conn, patient)?);
    }
    Ok(rows)
}

/// Live entries of one kind of these patients since `since`, oldest first (the caseload's
/// withdrawal check-ins: a handful per patient).
pub fn live_of_kind_for_patients_since(
    conn: &mut DbConn,
    patients: &[Granted<'_>],
    kind: &str,
    since: NaiveDateTime,
) -> QueryResult<Vec<Entry>> {
    let patient_ids: Vec<&str> = patients.iter().map(|p| p.id()).collect();
    entries::table
        .filter(entries::patient_id.eq_any(patient_ids))
        .filter(entries::kind.eq(kind))
        .filter(entries::deleted_at.is_null())
        .filter(entries::recorded_at.ge(since))
        .order(entries::recorded_at.asc())
        .select(Entry::as_select())
        .load(conn)
}

/// Every live entry of a patient, oldest first (for their export).
pub fn live_for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<Entry>> {
    let patient_id = patient.id();
    entries::table
        .filter(entries::patient_id.eq(patient_id))
        .filter(entries::deleted_at.is_null())
        .order((entries::kind.asc(), entries::recorded_at.asc()))
        .select(Entry::as_select())
        .load(conn)
}

/// Removes a patient's diary for good: every entry, tombstones included, and the change counter.
pub fn delete_for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<usize> {
    let patient_id = patient.id();
    let rows = diesel::delete(entries::table.filter(entries::patient_id.eq(patient_id))).execute(conn)?;
    diesel::delete(sync_counters::table.filter(sync_counters::patient_id.eq(patient_id))).execute(conn)?;
    super::daily_rollups::delete_for_patient(conn, patient)?;
    Ok(rows)
}
