//! The audit log: who read or added to whose diary, which scope, where and when. No health content.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::audit_log;
use crate::access::Granted;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: String,
    pub actor_id: String,
    pub patient_id: String,
    pub scope: String,
    pub action: String,
    pub endpoint: String,
    pub at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &AuditRow) -> QueryResult<()> {
    diesel::insert_into(audit_log::table).values(row).execute(conn).map(|_| ())
}

/// Several rows in one statement per chunk (a caseload view writes one per patient and scope).
pub fn insert_all(conn: &mut DbConn, rows: &[AuditRow]) -> QueryResult<()> {
    for chunk in rows.chunks(1000) {
        let insert = diesel::insert_into(audit_log::table).values(chunk);
        match conn {
            DbConn::Sqlite(c) => insert.execute(c)?,
            DbConn::Postgres(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// What is recorded about a patient's diary, newest first: after the row at `before` (time, id)
/// when given, and at most `limit` rows when given.
pub fn about_patient(
    conn: &mut DbConn,
    patient: Granted<'_>,
    before: Option<(NaiveDateTime, &str)>,
    limit: Option<i64>,
) -> QueryResult<Vec<AuditRow>> {
    let mut query = audit_log::table
        .filter(audit_log::patient_id.eq(patient.id()))
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .select(AuditRow::as_select())
        .into_boxed();
    if let Some((at, id)) = before {
        query = query.filter(audit_log::at.lt(at).or(audit_log::at.eq(at).and(audit_log::id.lt(id.to_owned()))));
    }
    if let Some(limit) = limit {
        query = query.limit(limit);
    }
    query.load(conn)
}

pub fn delete_about_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<usize> {
    diesel::delete(audit_log::table.filter(audit_log::patient_id.eq(patient.id()))).execute(conn)
}
