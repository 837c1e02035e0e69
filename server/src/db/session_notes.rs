//! Session notes: a project worker's private record of their one-to-one sessions with a patient.
//! Every query for a worker is narrowed to both the patient and the author, so a note is only ever
//! found by the worker who wrote it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::session_notes;
use super::{DbConn, of_patient, only_for};
use crate::access::Granted;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = session_notes)]
pub struct SessionNoteRow {
    pub id: String,
    pub patient_id: String,
    pub author_id: String,
    /// `YYYY-MM-DD`.
    pub session_date: String,
    pub text: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

of_patient!(SessionNoteRow);

pub fn insert(conn: &mut DbConn, patient: Granted<'_>, note: &SessionNoteRow) -> QueryResult<()> {
    only_for(patient, [note])?;
    diesel::insert_into(session_notes::table).values(note).execute(conn).map(|_| ())
}

/// The notes `author_id` wrote about `patient_id`: newest session first, and the latest written
/// first within a day.
pub fn by_author_about(conn: &mut DbConn, patient: Granted<'_>, author_id: &str) -> QueryResult<Vec<SessionNoteRow>> {
    let patient_id = patient.id();
    session_notes::table
        .filter(session_notes::patient_id.eq(patient_id))
        .filter(session_notes::author_id.eq(author_id))
        .order((session_notes::session_date.desc(), session_notes::created_at.desc(), session_notes::id.desc()))
        .select(SessionNoteRow::as_select())
        .load(conn)
}

/// One note, if `author_id` wrote it about `patient_id`.
pub fn find_own(
    conn: &mut DbConn,
    id: &str,
    patient: Granted<'_>,
    author_id: &str,
) -> QueryResult<Option<SessionNoteRow>> {
    let patient_id = patient.id();
    session_notes::table
        .filter(session_notes::id.eq(id))
        .filter(session_notes::patient_id.eq(patient_id))
        .filter(session_notes::author_id.eq(author_id))
        .select(SessionNoteRow::as_select())
        .first(conn)
        .optional()
}

/// Changes the date and text of a note `author_id` wrote about `patient_id`; `false` when there is
/// no such note (someone else's, or none).
pub fn update_own(
    conn: &mut DbConn,
    id: &str,
    patient: Granted<'_>,
    author_id: &str,
    session_date: &str,
    text: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let patient_id = patient.id();
    let changed = diesel::update(
        session_notes::table
            .filter(session_notes::id.eq(id))
            .filter(session_notes::patient_id.eq(patient_id))
            .filter(session_notes::author_id.eq(author_id)),
    )
    .set((session_notes::session_date.eq(session_date), session_notes::text.eq(text), session_notes::updated_at.eq(at)))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Every worker's notes about a patient (for the patient's own export), newest session first.
pub fn about_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<SessionNoteRow>> {
    let patient_id = patient.id();
    session_notes::table
        .filter(session_notes::patient_id.eq(patient_id))
        .order((session_notes::session_date.desc(), session_notes::created_at.desc(), session_notes::id.desc()))
        .select(SessionNoteRow::as_select())
        .load(conn)
}

pub fn delete_about_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<usize> {
    let patient_id = patient.id();
    diesel::delete(session_notes::table.filter(session_notes::patient_id.eq(patient_id))).execute(conn)
}
