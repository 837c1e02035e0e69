//! Pacing plans and each choice made on them (see `evenkeel_domain::plan::pacing`). Every query is
//! narrowed to one patient.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{pacing_changes, pacing_plans};
use super::{DbConn, of_patient, only_for};
use crate::access::Granted;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pacing_plans)]
pub struct PacingRow {
    pub id: String,
    pub patient_id: String,
    pub author_id: String,
    pub activity: String,
    pub unit: String,
    /// `YYYY-MM-DD=amount;…`.
    pub tries: String,
    pub increase_pct: i32,
    pub level: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pacing_changes)]
pub struct ChangeRow {
    pub id: String,
    pub plan_id: String,
    pub patient_id: String,
    pub changed_by: String,
    pub action: String,
    /// The level after the change.
    pub level: i32,
    pub changed_at: NaiveDateTime,
}

of_patient!(PacingRow, ChangeRow);

pub fn insert(conn: &mut DbConn, patient: Granted<'_>, row: &PacingRow, first: &ChangeRow) -> QueryResult<()> {
    only_for(patient, [row])?;
    only_for(patient, [first])?;
    super::write_transaction(conn, |conn| {
        diesel::insert_into(pacing_plans::table).values(row).execute(conn)?;
        diesel::insert_into(pacing_changes::table).values(first).execute(conn).map(|_| ())
    })
}

/// Applies a choice: sets the level from `from_level` (only if nobody changed it meanwhile) and
/// keeps the change; `false` when the level had moved on.
pub fn change_level(conn: &mut DbConn, patient: Granted<'_>, from_level: i32, change: &ChangeRow) -> QueryResult<bool> {
    only_for(patient, [change])?;
    super::write_transaction(conn, |conn| {
        let moved = diesel::update(
            pacing_plans::table
                .filter(pacing_plans::id.eq(&change.plan_id))
                .filter(pacing_plans::patient_id.eq(patient.id()))
                .filter(pacing_plans::level.eq(from_level)),
        )
        .set((pacing_plans::level.eq(change.level), pacing_plans::updated_at.eq(change.changed_at)))
        .execute(conn)?;
        if moved == 1 {
            diesel::insert_into(pacing_changes::table).values(change).execute(conn)?;
        }
        Ok(moved == 1)
    })
}

/// The patient's plans, oldest first.
pub fn for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<PacingRow>> {
    let patient_id = patient.id();
    pacing_plans::table
        .filter(pacing_plans::patient_id.eq(patient_id))
        .order((pacing_plans::created_at, pacing_plans::id))
        .select(PacingRow::as_select())
        .load(conn)
}

/// Every change to the patient's plans, oldest first.
pub fn changes_for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<ChangeRow>> {
    let patient_id = patient.id();
    pacing_changes::table
        .filter(pacing_changes::patient_id.eq(patient_id))
        .order((pacing_changes::changed_at, pacing_changes::id))
        .select(ChangeRow::as_select())
        .load(conn)
}

pub fn delete_for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<()> {
    let patient_id = patient.id();
    diesel::delete(pacing_changes::table.filter(pacing_changes::patient_id.eq(patient_id))).execute(conn)?;
    diesel::delete(pacing_plans::table.filter(pacing_plans::patient_id.eq(patient_id))).execute(conn)?;
    Ok(())
}
