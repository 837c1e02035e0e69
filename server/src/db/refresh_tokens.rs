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
    /// "Chrome on Android", from the user agent at sign-in.
    pub device: String,
    /// [`SIGNED_OUT_REMOTELY`] when the person signed this device out from another.
    pub revoked_reason: Option<String>,
}

/// Why a family was revoked when the person did it from another device.
pub const SIGNED_OUT_REMOTELY: &str = "signed_out_remotely";

#[derive(Debug, Insertable)]
#[diesel(table_name = rt)]
pub struct NewRefreshToken<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub family_id: &'a str,
    pub token_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub device: &'a str,
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

/// One signed-in device: a family with a token that can still be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    pub family_id: String,
    pub device: String,
    pub first_seen: NaiveDateTime,
    pub last_seen: NaiveDateTime,
}

/// The person's signed-in devices, most recently seen first. A family counts while it holds an
/// unused, unrevoked, unexpired token (the one its device will present next); first and last seen
/// are its first sign-in and its latest refresh.
pub fn live_families(conn: &mut DbConn, user_id: &str, now: NaiveDateTime) -> QueryResult<Vec<Family>> {
    use diesel::dsl::{max, min};
    let live: Vec<String> = rt::table
        .filter(rt::user_id.eq(user_id))
        .filter(rt::used_at.is_null())
        .filter(rt::revoked_at.is_null())
        .filter(rt::expires_at.gt(now))
        .select(rt::family_id)
        .distinct()
        .load(conn)?;
    if live.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, Option<NaiveDateTime>, Option<NaiveDateTime>)> = rt::table
        .filter(rt::family_id.eq_any(&live))
        .group_by(rt::family_id)
        .select((rt::family_id, min(rt::created_at), max(rt::created_at)))
        .load(conn)?;
    // The label of the family's first token: every rotation copies it.
    let devices: Vec<(String, String)> = rt::table
        .filter(rt::family_id.eq_any(&live))
        .filter(rt::used_at.is_null())
        .select((rt::family_id, rt::device))
        .load(conn)?;
    let mut families: Vec<Family> = rows
        .into_iter()
        .filter_map(|(family_id, first, last)| {
            let device = devices.iter().find(|(f, _)| *f == family_id).map(|(_, d)| d.clone()).unwrap_or_default();
            Some(Family { family_id, device, first_seen: first?, last_seen: last? })
        })
        .collect();
    families.sort_by(|a, b| b.last_seen.cmp(&a.last_seen).then_with(|| a.family_id.cmp(&b.family_id)));
    Ok(families)
}

/// Revokes one of the person's families; `Ok(false)` when it is not theirs or already ended.
pub fn revoke_family_of(conn: &mut DbConn, user_id: &str, family_id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(
        rt::table.filter(rt::user_id.eq(user_id)).filter(rt::family_id.eq(family_id)).filter(rt::revoked_at.is_null()),
    )
    .set((rt::revoked_at.eq(Some(at)), rt::revoked_reason.eq(SIGNED_OUT_REMOTELY)))
    .execute(conn)?;
    Ok(changed > 0)
}

/// Revokes every family of the person but `keep` (signing out every other device).
pub fn revoke_all_but(conn: &mut DbConn, user_id: &str, keep: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        rt::table.filter(rt::user_id.eq(user_id)).filter(rt::family_id.ne(keep)).filter(rt::revoked_at.is_null()),
    )
    .set((rt::revoked_at.eq(Some(at)), rt::revoked_reason.eq(SIGNED_OUT_REMOTELY)))
    .execute(conn)
}
