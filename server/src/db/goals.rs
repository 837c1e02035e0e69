//! Goals, their earlier versions and their weekly check-ins (see `evenkeel_domain::plan::goals`).
//! Every query is narrowed to one patient.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{goal_checkins, goal_history, goals};
use super::{DbConn, ignore_duplicate, of_patient, only_for};
use crate::access::Granted;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = goals, treat_none_as_null = true)]
pub struct GoalRow {
    pub id: String,
    pub patient_id: String,
    pub author_id: String,
    pub status: String,
    pub what: String,
    pub why: String,
    pub first_step: String,
    pub days_per_week: i32,
    /// `YYYY-MM-DD`.
    pub review_on: Option<String>,
    pub client_updated_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = goal_history)]
pub struct HistoryRow {
    pub id: String,
    pub goal_id: String,
    pub patient_id: String,
    pub changed_by: String,
    pub status: String,
    pub what: String,
    pub why: String,
    pub first_step: String,
    pub days_per_week: i32,
    pub review_on: Option<String>,
    pub changed_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = goal_checkins)]
pub struct CheckinRow {
    pub goal_id: String,
    /// The Monday of the week, `YYYY-MM-DD`.
    pub week_start: String,
    pub patient_id: String,
    pub outcome: String,
    pub note: String,
    pub client_updated_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

of_patient!(GoalRow, HistoryRow, CheckinRow);

/// Adds a goal; `false` when one with its id exists already (whoever's it is). Runs in a savepoint,
/// so inside a transaction a duplicate aborts nothing.
pub fn insert_new(conn: &mut DbConn, patient: Granted<'_>, row: &GoalRow) -> QueryResult<bool> {
    only_for(patient, [row])?;
    ignore_duplicate(conn.transaction(|c| diesel::insert_into(goals::table).values(row).execute(c)))
}

/// Replaces the patient's goal with `row` if `row` was changed later on the phone than the stored
/// one (last writer wins); `false` when it was not (an older change, a replay, or not theirs).
/// `author_id` and `created_at` are kept.
pub fn update_if_newer(conn: &mut DbConn, patient: Granted<'_>, row: &GoalRow) -> QueryResult<bool> {
    only_for(patient, [row])?;
    let changed = diesel::update(
        goals::table
            .filter(goals::id.eq(&row.id))
            .filter(goals::patient_id.eq(patient.id()))
            .filter(goals::client_updated_at.lt(row.client_updated_at)),
    )
    .set((
        goals::status.eq(&row.status),
        goals::what.eq(&row.what),
        goals::why.eq(&row.why),
        goals::first_step.eq(&row.first_step),
        goals::days_per_week.eq(row.days_per_week),
        goals::review_on.eq(&row.review_on),
        goals::client_updated_at.eq(row.client_updated_at),
        goals::updated_at.eq(row.updated_at),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

pub fn find(conn: &mut DbConn, patient: Granted<'_>, id: &str) -> QueryResult<Option<GoalRow>> {
    let mine = goals::table.find(id).filter(goals::patient_id.eq(patient.id()));
    mine.select(GoalRow::as_select()).first(conn).optional()
}

/// The patient's goals, oldest first.
pub fn for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<GoalRow>> {
    let patient_id = patient.id();
    goals::table
        .filter(goals::patient_id.eq(patient_id))
        .order((goals::created_at, goals::id))
        .select(GoalRow::as_select())
        .load(conn)
}

pub fn insert_history(conn: &mut DbConn, patient: Granted<'_>, row: &HistoryRow) -> QueryResult<()> {
    only_for(patient, [row])?;
    diesel::insert_into(goal_history::table).values(row).execute(conn).map(|_| ())
}

/// Every version of every goal of the patient, oldest first.
pub fn history_for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<HistoryRow>> {
    let patient_id = patient.id();
    goal_history::table
        .filter(goal_history::patient_id.eq(patient_id))
        .order((goal_history::changed_at, goal_history::id))
        .select(HistoryRow::as_select())
        .load(conn)
}

/// Saves a week's check-in: a new one, or a change made later on the phone than the stored one;
/// `false` when the stored one is as new or newer.
pub fn put_checkin(conn: &mut DbConn, patient: Granted<'_>, row: &CheckinRow) -> QueryResult<bool> {
    only_for(patient, [row])?;
    super::write_transaction(conn, |conn| {
        if ignore_duplicate(conn.transaction(|c| diesel::insert_into(goal_checkins::table).values(row).execute(c)))? {
            return Ok(true);
        }
        let changed = diesel::update(
            goal_checkins::table
                .filter(goal_checkins::goal_id.eq(&row.goal_id))
                .filter(goal_checkins::week_start.eq(&row.week_start))
                .filter(goal_checkins::patient_id.eq(patient.id()))
                .filter(goal_checkins::client_updated_at.lt(row.client_updated_at)),
        )
        .set((
            goal_checkins::outcome.eq(&row.outcome),
            goal_checkins::note.eq(&row.note),
            goal_checkins::client_updated_at.eq(row.client_updated_at),
            goal_checkins::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
        Ok(changed == 1)
    })
}

/// The patient's check-ins, newest week first.
pub fn checkins_for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<CheckinRow>> {
    let patient_id = patient.id();
    goal_checkins::table
        .filter(goal_checkins::patient_id.eq(patient_id))
        .order((goal_checkins::week_start.desc(), goal_checkins::goal_id))
        .select(CheckinRow::as_select())
        .load(conn)
}

/// Removes every goal of the patient with its history and check-ins (account deletion).
pub fn delete_for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<()> {
    let patient_id = patient.id();
    diesel::delete(goal_checkins::table.filter(goal_checkins::patient_id.eq(patient_id))).execute(conn)?;
    diesel::delete(goal_history::table.filter(goal_history::patient_id.eq(patient_id))).execute(conn)?;
    diesel::delete(goals::table.filter(goals::patient_id.eq(patient_id))).execute(conn)?;
    Ok(())
}
