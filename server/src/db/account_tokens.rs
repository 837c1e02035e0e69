//! Single-use secrets tied to an account: a password reset link sent by email, a reset code the
//! practice reads out, a link confirming a new email address. Stored only as SHA-256 hashes (the
//! secrets are long and random, so a slow hash adds nothing), each valid until it expires or is used.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::account_tokens as at;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    ResetLink,
    ResetCode,
    EmailChange,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ResetLink => "reset_link",
            Self::ResetCode => "reset_code",
            Self::EmailChange => "email_change",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = at)]
pub struct AccountToken {
    pub id: String,
    pub user_id: String,
    pub purpose: String,
    pub secret_hash: String,
    pub new_email: Option<String>,
    pub issued_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = at)]
pub struct NewAccountToken<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub purpose: &'a str,
    pub secret_hash: &'a str,
    pub new_email: Option<&'a str>,
    pub issued_by: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// Stores a new secret, ending any earlier unused one of the same purpose for the person: only
/// the latest link or code works.
pub fn replace(conn: &mut DbConn, token: &NewAccountToken<'_>) -> QueryResult<()> {
    diesel::update(
        at::table
            .filter(at::user_id.eq(token.user_id))
            .filter(at::purpose.eq(token.purpose))
            .filter(at::used_at.is_null()),
    )
    .set(at::used_at.eq(Some(token.created_at)))
    .execute(conn)?;
    diesel::insert_into(at::table).values(token).execute(conn).map(|_| ())
}

fn names(purposes: &[Purpose]) -> Vec<&'static str> {
    purposes.iter().map(|p| p.as_str()).collect()
}

/// The secret with this hash and one of these purposes, whatever its state.
pub fn by_hash(conn: &mut DbConn, secret_hash: &str, purposes: &[Purpose]) -> QueryResult<Option<AccountToken>> {
    at::table
        .filter(at::secret_hash.eq(secret_hash))
        .filter(at::purpose.eq_any(names(purposes)))
        .select(AccountToken::as_select())
        .first(conn)
        .optional()
}

/// The secret with this hash and one of these purposes, if it is unused and unexpired.
pub fn live(
    conn: &mut DbConn,
    secret_hash: &str,
    purposes: &[Purpose],
    now: NaiveDateTime,
) -> QueryResult<Option<AccountToken>> {
    Ok(by_hash(conn, secret_hash, purposes)?.filter(|t| t.used_at.is_none() && t.expires_at > now))
}

/// Takes a live secret: marks it used (only one request can) and returns it. Writes first, so on
/// SQLite the transaction takes its write lock where the busy timeout applies.
pub fn take(
    conn: &mut DbConn,
    secret_hash: &str,
    purposes: &[Purpose],
    now: NaiveDateTime,
) -> QueryResult<Option<AccountToken>> {
    let changed = diesel::update(
        at::table
            .filter(at::secret_hash.eq(secret_hash))
            .filter(at::purpose.eq_any(names(purposes)))
            .filter(at::used_at.is_null())
            .filter(at::expires_at.gt(now)),
    )
    .set(at::used_at.eq(Some(now)))
    .execute(conn)?;
    if changed == 1 { by_hash(conn, secret_hash, purposes) } else { Ok(None) }
}

/// Ends every unused reset secret of the person (after a reset, whichever way it was done).
pub fn end_resets(conn: &mut DbConn, user_id: &str, at_time: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        at::table
            .filter(at::user_id.eq(user_id))
            .filter(at::purpose.eq_any([Purpose::ResetLink.as_str(), Purpose::ResetCode.as_str()]))
            .filter(at::used_at.is_null()),
    )
    .set(at::used_at.eq(Some(at_time)))
    .execute(conn)
}
