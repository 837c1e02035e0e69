//! Exercise plans and the days ticked off on them. Every query is narrowed to one patient.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{exercise_days, exercise_plans};
use super::{DbConn, ignore_duplicate, of_patient, only_for};
use crate::access::Granted;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = exercise_plans)]
pub struct PlanRow {
    pub id: String,
    pub patient_id: String,
    pub author_id: String,
    pub title: String,
    /// The exercises as JSON text.
    pub exercises: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = exercise_days)]
pub struct DayRow {
    pub plan_id: String,
    /// `YYYY-MM-DD`.
    pub day: String,
    pub patient_id: String,
    /// Ticked exercise ids, comma-separated.
    pub done: String,
    pub pain_before: Option<i32>,
    pub pain_after: Option<i32>,
    pub updated_at: NaiveDateTime,
}

of_patient!(PlanRow, DayRow);

pub fn insert(conn: &mut DbConn, patient: Granted<'_>, row: &PlanRow) -> QueryResult<()> {
    only_for(patient, [row])?;
    diesel::insert_into(exercise_plans::table).values(row).execute(conn).map(|_| ())
}

/// Rewrites the patient's plan (its title and list, and who wrote it last); `false` when there is
/// no such plan of theirs.
pub fn replace(conn: &mut DbConn, patient: Granted<'_>, row: &PlanRow) -> QueryResult<bool> {
    only_for(patient, [row])?;
    let changed = diesel::update(
        exercise_plans::table
            .filter(exercise_plans::id.eq(&row.id))
            .filter(exercise_plans::patient_id.eq(patient.id())),
    )
    .set((
        exercise_plans::title.eq(&row.title),
        exercise_plans::exercises.eq(&row.exercises),
        exercise_plans::author_id.eq(&row.author_id),
        exercise_plans::updated_at.eq(row.updated_at),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

pub fn for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<PlanRow>> {
    let patient_id = patient.id();
    exercise_plans::table
        .filter(exercise_plans::patient_id.eq(patient_id))
        .order((exercise_plans::created_at, exercise_plans::id))
        .select(PlanRow::as_select())
        .load(conn)
}

/// Saves what was done on a day (replacing that day's earlier ticks).
pub fn put_day(conn: &mut DbConn, patient: Granted<'_>, row: &DayRow) -> QueryResult<()> {
    only_for(patient, [row])?;
    super::write_transaction(conn, |conn| {
        if ignore_duplicate(conn.transaction(|c| diesel::insert_into(exercise_days::table).values(row).execute(c)))? {
            return Ok(());
        }
        diesel::update(
            exercise_days::table
                .filter(exercise_days::plan_id.eq(&row.plan_id))
                .filter(exercise_days::day.eq(&row.day))
                .filter(exercise_days::patient_id.eq(patient.id())),
        )
        .set((
            exercise_days::done.eq(&row.done),
            exercise_days::pain_before.eq(row.pain_before),
            exercise_days::pain_after.eq(row.pain_after),
            exercise_days::updated_at.eq(row.updated_at),
        ))
        .execute(conn)
        .map(|_| ())
    })
}

/// The patient's days on or after `from` (`YYYY-MM-DD`), newest first.
pub fn days_since(conn: &mut DbConn, patient: Granted<'_>, from: &str) -> QueryResult<Vec<DayRow>> {
    let patient_id = patient.id();
    exercise_days::table
        .filter(exercise_days::patient_id.eq(patient_id))
        .filter(exercise_days::day.ge(from))
        .order(exercise_days::day.desc())
        .select(DayRow::as_select())
        .load(conn)
}

pub fn delete_for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<()> {
    let patient_id = patient.id();
    diesel::delete(exercise_days::table.filter(exercise_days::patient_id.eq(patient_id))).execute(conn)?;
    diesel::delete(exercise_plans::table.filter(exercise_plans::patient_id.eq(patient_id))).execute(conn)?;
    Ok(())
}
