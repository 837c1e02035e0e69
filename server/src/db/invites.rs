//! Invite and enrolment codes, stored only as SHA-256 hashes. Single use: `claim` marks a code used
//! only if nobody did first.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::invites;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = invites)]
pub struct Invite {
    pub id: String,
    pub code_hash: String,
    /// `invite` (made by a patient) or `enrolment` (made by a worker).
    pub purpose: String,
    pub created_by: String,
    pub relation: String,
    pub scopes: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub used_by: Option<String>,
}

/// Inserts a code; `Ok(false)` when the hash already exists (a collision: make another code).
pub fn insert(conn: &mut DbConn, invite: &Invite) -> QueryResult<bool> {
    match diesel::insert_into(invites::table).values(invite).execute(conn) {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn by_hash(conn: &mut DbConn, code_hash: &str) -> QueryResult<Option<Invite>> {
    invites::table.filter(invites::code_hash.eq(code_hash)).select(Invite::as_select()).first(conn).optional()
}

/// Marks the code used by `user_id`; `Ok(false)` when someone used it first.
pub fn claim(conn: &mut DbConn, id: &str, user_id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(invites::table.find(id).filter(invites::used_at.is_null()))
        .set((invites::used_at.eq(Some(at)), invites::used_by.eq(Some(user_id))))
        .execute(conn)?;
    Ok(changed == 1)
}

pub fn delete_created_by(conn: &mut DbConn, user_id: &str) -> QueryResult<usize> {
    diesel::delete(invites::table.filter(invites::created_by.eq(user_id))).execute(conn)
}
