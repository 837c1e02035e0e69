//! Relaxation practice a project worker suggested to a patient (tracks and Learn pages).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{relax_suggestions, users};
use super::{DbConn, of_patient, only_for};
use crate::access::Granted;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = relax_suggestions)]
pub struct SuggestionRow {
    pub id: String,
    pub patient_id: String,
    pub worker_id: String,
    pub item_kind: String,
    pub item_id: String,
    pub created_at: NaiveDateTime,
    pub dismissed_at: Option<NaiveDateTime>,
}

of_patient!(SuggestionRow);

pub fn insert(conn: &mut DbConn, patient: Granted<'_>, row: &SuggestionRow) -> QueryResult<()> {
    only_for(patient, [row])?;
    diesel::insert_into(relax_suggestions::table).values(row).execute(conn).map(|_| ())
}

/// A patient's suggestions not yet dismissed, newest first, with the worker's name.
pub fn open_for(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<(SuggestionRow, String)>> {
    let patient_id = patient.id();
    relax_suggestions::table
        .inner_join(users::table.on(users::id.eq(relax_suggestions::worker_id)))
        .filter(relax_suggestions::patient_id.eq(patient_id))
        .filter(relax_suggestions::dismissed_at.is_null())
        .order((relax_suggestions::created_at.desc(), relax_suggestions::id.desc()))
        .select((SuggestionRow::as_select(), users::display_name))
        .load(conn)
}

/// Dismisses one of the patient's own suggestions; `false` when there is none open with that id.
pub fn dismiss(conn: &mut DbConn, id: &str, patient: Granted<'_>, at: NaiveDateTime) -> QueryResult<bool> {
    let patient_id = patient.id();
    let changed = diesel::update(
        relax_suggestions::table
            .filter(relax_suggestions::id.eq(id))
            .filter(relax_suggestions::patient_id.eq(patient_id))
            .filter(relax_suggestions::dismissed_at.is_null()),
    )
    .set(relax_suggestions::dismissed_at.eq(at))
    .execute(conn)?;
    Ok(changed == 1)
}
