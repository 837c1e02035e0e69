//! Rotating refresh tokens, stored only as SHA-256 hashes and grouped into families (one family per
//! sign-in). Rotation marks the old token used; a used token presented again revokes its family.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::refresh_tokens as rt;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rt)]
pub struct RefreshToken {
    pub id: String,
    pub user_id: String,
    pub family_id: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = rt)]
pub struct NewRefreshToken<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub family_id: &'a str,
    pub token_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, token: &NewRefreshToken<'_>) -> QueryResult<()> {
    diesel::insert_into(rt::table).values(token).execute(conn).map(|_| ())
}

pub fn by_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<RefreshToken>> {
    rt::table.filter(rt::token_hash.eq(hash)).select(RefreshToken::as_select()).first(conn).optional()
}

/// Locks the row of the token with this hash for the rest of the transaction and says whether it
/// exists and is unrevoked. Call it first in the transaction:
/// - on SQLite a write as the first statement takes the write lock where the busy timeout applies
///   (a read first, then a write, fails at once with "database is locked" when another refresh
///   committed in between, as two tabs refreshing together do);
/// - on PostgreSQL it waits for a sign-out, password change or detected reuse in flight and then
///   sees its result, so a revoked family never gets a new token.
pub fn lock_if_live(conn: &mut DbConn, token_hash: &str) -> QueryResult<bool> {
    let changed = diesel::update(rt::table.filter(rt::token_hash.eq(token_hash)).filter(rt::revoked_at.is_null()))
        .set(rt::id.eq(rt::id))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Marks the token used, but only if nobody else did first. `Ok(false)` means another request
/// rotated it already (so this presentation is a reuse).
pub fn mark_used(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(rt::table.filter(rt::id.eq(id)).filter(rt::used_at.is_null()))
        .set(rt::used_at.eq(Some(at)))
        .execute(conn)?;
    Ok(changed == 1)
}

pub fn revoke_family(conn: &mut DbConn, family_id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(rt::table.filter(rt::family_id.eq(family_id)).filter(rt::revoked_at.is_null()))
        .set(rt::revoked_at.eq(Some(at)))
        .execute(conn)
}

pub fn revoke_all_for_user(conn: &mut DbConn, user_id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(rt::table.filter(rt::user_id.eq(user_id)).filter(rt::revoked_at.is_null()))
        .set(rt::revoked_at.eq(Some(at)))
        .execute(conn)
}
