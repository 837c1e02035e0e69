//! Notes (observations) about a patient, written by a carer or worker with the `notes` scope.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::care_notes;
use super::{DbConn, of_patient, only_for};
use crate::access::Granted;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = care_notes)]
pub struct CareNote {
    pub id: String,
    pub patient_id: String,
    pub author_id: String,
    pub text: String,
    pub created_at: NaiveDateTime,
}

of_patient!(CareNote);

pub fn insert(conn: &mut DbConn, patient: Granted<'_>, note: &CareNote) -> QueryResult<()> {
    only_for(patient, [note])?;
    diesel::insert_into(care_notes::table).values(note).execute(conn).map(|_| ())
}

/// Notes about a patient, newest first.
pub fn about_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<CareNote>> {
    let patient_id = patient.id();
    care_notes::table
        .filter(care_notes::patient_id.eq(patient_id))
        .order((care_notes::created_at.desc(), care_notes::id.desc()))
        .select(CareNote::as_select())
        .load(conn)
}

pub fn delete_about_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<usize> {
    let patient_id = patient.id();
    diesel::delete(care_notes::table.filter(care_notes::patient_id.eq(patient_id))).execute(conn)
}
