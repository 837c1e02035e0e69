//! "What we agreed": the summaries a project worker writes for a patient after a session.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::plan_summaries;
use super::{DbConn, of_patient, only_for};
use crate::access::Granted;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = plan_summaries)]
pub struct SummaryRow {
    pub id: String,
    pub patient_id: String,
    pub author_id: String,
    /// `YYYY-MM-DD`.
    pub session_date: String,
    pub talked_about: String,
    pub agreed: String,
    /// `YYYY-MM-DD`.
    pub next_session: Option<String>,
    pub created_at: NaiveDateTime,
}

of_patient!(SummaryRow);

pub fn insert(conn: &mut DbConn, patient: Granted<'_>, row: &SummaryRow) -> QueryResult<()> {
    only_for(patient, [row])?;
    diesel::insert_into(plan_summaries::table).values(row).execute(conn).map(|_| ())
}

/// The patient's summaries, newest session first (the latest written first within a day).
pub fn for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<SummaryRow>> {
    let patient_id = patient.id();
    plan_summaries::table
        .filter(plan_summaries::patient_id.eq(patient_id))
        .order((plan_summaries::session_date.desc(), plan_summaries::created_at.desc(), plan_summaries::id.desc()))
        .select(SummaryRow::as_select())
        .load(conn)
}

pub fn delete_for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<usize> {
    let patient_id = patient.id();
    diesel::delete(plan_summaries::table.filter(plan_summaries::patient_id.eq(patient_id))).execute(conn)
}
