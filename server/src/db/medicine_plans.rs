//! Medicine plan versions (see `evenkeel_domain::plan::medicine`): rows are only ever added. Every
//! query is narrowed to one patient.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::medicine_plan_versions as versions;
use super::{DbConn, ignore_duplicate, of_patient, only_for};
use crate::access::Granted;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = versions)]
pub struct VersionRow {
    pub id: String,
    pub patient_id: String,
    pub version: i32,
    pub prescriber: String,
    /// `YYYY-MM-DD`.
    pub agreed_on: String,
    /// The steps as JSON text.
    pub steps: String,
    /// The review dates as JSON text.
    pub review_dates: String,
    pub reason: String,
    pub author_id: String,
    pub created_at: NaiveDateTime,
}

of_patient!(VersionRow);

/// Adds a version; `false` when the patient already has one with that number (two saves at once:
/// the later one must look again). Runs in a savepoint.
pub fn insert(conn: &mut DbConn, patient: Granted<'_>, row: &VersionRow) -> QueryResult<bool> {
    only_for(patient, [row])?;
    ignore_duplicate(conn.transaction(|c| diesel::insert_into(versions::table).values(row).execute(c)))
}

/// Every version, newest first.
pub fn for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<Vec<VersionRow>> {
    let patient_id = patient.id();
    versions::table
        .filter(versions::patient_id.eq(patient_id))
        .order(versions::version.desc())
        .select(VersionRow::as_select())
        .load(conn)
}

/// The current version of each of these patients' plans.
pub fn latest_for(conn: &mut DbConn, patients: &[Granted<'_>]) -> QueryResult<Vec<VersionRow>> {
    let patient_ids: Vec<&str> = patients.iter().map(|p| p.id()).collect();
    let rows: Vec<VersionRow> = versions::table
        .filter(versions::patient_id.eq_any(patient_ids))
        .order((versions::patient_id, versions::version.desc()))
        .select(VersionRow::as_select())
        .load(conn)?;
    let mut latest: Vec<VersionRow> = Vec::new();
    for row in rows {
        if latest.last().is_none_or(|l| l.patient_id != row.patient_id) {
            latest.push(row);
        }
    }
    Ok(latest)
}

pub fn delete_for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<()> {
    let patient_id = patient.id();
    diesel::delete(versions::table.filter(versions::patient_id.eq(patient_id))).execute(conn).map(|_| ())
}
