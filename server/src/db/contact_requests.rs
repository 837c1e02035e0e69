//! "I'd like to talk" requests. The phone makes the id, so a request sent again is stored once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::contact_requests as requests;
use super::{DbConn, ignore_duplicate, of_patient, only_for};
use crate::access::Granted;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = requests, treat_none_as_null = true)]
pub struct RequestRow {
    pub id: String,
    pub patient_id: String,
    pub reason: String,
    pub note: String,
    pub good_times: String,
    pub sent_at: NaiveDateTime,
    pub received_at: NaiveDateTime,
    pub seen_at: Option<NaiveDateTime>,
    pub reply: Option<String>,
    /// The worker who last acted on it.
    pub worker_id: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
}

of_patient!(RequestRow);

/// Stores a request; `false` when one with its id exists already (a repeat, or someone else's id).
pub fn insert_new(conn: &mut DbConn, patient: Granted<'_>, row: &RequestRow) -> QueryResult<bool> {
    only_for(patient, [row])?;
    ignore_duplicate(conn.transaction(|c| diesel::insert_into(requests::table).values(row).execute(c)))
}

pub fn find(conn: &mut DbConn, patient: Granted<'_>, id: &str) -> QueryResult<Option<RequestRow>> {
    let mine = requests::table.find(id).filter(requests::patient_id.eq(patient.id()));
    mine.select(RequestRow::as_select()).first(conn).optional()
}

/// Whose request this is, for the gate to decide who may read it (the id alone, nothing it holds).
pub fn patient_of(conn: &mut DbConn, id: &str) -> QueryResult<Option<String>> {
    requests::table.find(id).select(requests::patient_id).first(conn).optional()
}

/// The patient's requests, newest first.
pub fn for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<RequestRow>> {
    let patient_id = patient.id();
    requests::table
        .filter(requests::patient_id.eq(patient_id))
        .order((requests::sent_at.desc(), requests::id))
        .select(RequestRow::as_select())
        .load(conn)
}

/// Open requests (not closed) of these patients, oldest first.
pub fn open_for(conn: &mut DbConn, patients: &[Granted<'_>]) -> QueryResult<Vec<RequestRow>> {
    let patient_ids: Vec<&str> = patients.iter().map(|p| p.id()).collect();
    requests::table
        .filter(requests::patient_id.eq_any(patient_ids))
        .filter(requests::closed_at.is_null())
        .order((requests::sent_at, requests::id))
        .select(RequestRow::as_select())
        .load(conn)
}

/// Saves what a worker did (seen, reply, closed), narrowed to the request's patient.
pub fn update(conn: &mut DbConn, patient: Granted<'_>, row: &RequestRow) -> QueryResult<()> {
    only_for(patient, [row])?;
    diesel::update(requests::table.filter(requests::id.eq(&row.id)).filter(requests::patient_id.eq(patient.id())))
        .set((
            requests::seen_at.eq(row.seen_at),
            requests::reply.eq(&row.reply),
            requests::worker_id.eq(&row.worker_id),
            requests::closed_at.eq(row.closed_at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn delete_for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<()> {
    let patient_id = patient.id();
    diesel::delete(requests::table.filter(requests::patient_id.eq(patient_id))).execute(conn).map(|_| ())
}
