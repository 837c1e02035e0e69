//! Accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::users;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub role: String,
    pub time_zone: String,
    pub must_change_password: bool,
    pub deactivated_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub text_size: String,
    pub theme: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    pub time_zone: &'a str,
    pub must_change_password: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Inserts a user; `Ok(false)` when the email is already taken.
pub fn insert(conn: &mut DbConn, user: &NewUser<'_>) -> QueryResult<bool> {
    match diesel::insert_into(users::table).values(user).execute(conn) {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<User>> {
    users::table.filter(users::email.eq(email)).select(User::as_select()).first(conn).optional()
}

pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<User>> {
    users::table.find(id).select(User::as_select()).first(conn).optional()
}

/// Several users at once (for showing names).
pub fn by_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<User>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    users::table.filter(users::id.eq_any(ids)).select(User::as_select()).load(conn)
}

/// Stores a new password hash and clears `must_change_password`; `Ok(false)` when the user is
/// unknown or deactivated.
pub fn set_password(conn: &mut DbConn, id: &str, password_hash: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(users::table.find(id).filter(users::deactivated_at.is_null()))
        .set((users::password_hash.eq(password_hash), users::must_change_password.eq(false), users::updated_at.eq(at)))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Sets `deactivated_at` (once); `Ok(false)` when the user is unknown or already deactivated.
pub fn deactivate(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(users::table.find(id).filter(users::deactivated_at.is_null()))
        .set((users::deactivated_at.eq(Some(at)), users::updated_at.eq(at)))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Removes what identifies a person from a deleted account, keeping the row so audit entries the
/// person made about others stay meaningful ("Deleted account read …"). The password can never
/// match again.
pub fn anonymise(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::email.eq(format!("deleted-{id}@deleted.invalid")),
            users::display_name.eq("Deleted account"),
            users::password_hash.eq(""),
            users::time_zone.eq("UTC"),
            users::deactivated_at.eq(Some(at)),
            users::updated_at.eq(at),
        ))
        .execute(conn)
}

pub fn set_time_zone(conn: &mut DbConn, id: &str, time_zone: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::time_zone.eq(time_zone), users::updated_at.eq(at)))
        .execute(conn)
        .map(|_| ())
}

/// What `PATCH /api/me` changes, already checked; `None` leaves a setting as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct SettingsChange<'a> {
    pub display_name: Option<&'a str>,
    pub time_zone: Option<&'a str>,
    pub text_size: Option<&'a str>,
    pub theme: Option<&'a str>,
    pub updated_at: Option<NaiveDateTime>,
}

/// `Ok(false)` when the user is unknown or deactivated.
pub fn change_settings(conn: &mut DbConn, id: &str, change: &SettingsChange<'_>) -> QueryResult<bool> {
    let changed =
        diesel::update(users::table.find(id).filter(users::deactivated_at.is_null())).set(change).execute(conn)?;
    Ok(changed == 1)
}

/// `Ok(false)` when the address is taken by another account (or the user is gone).
pub fn set_email(conn: &mut DbConn, id: &str, email: &str, at: NaiveDateTime) -> QueryResult<bool> {
    match diesel::update(users::table.find(id).filter(users::deactivated_at.is_null()))
        .set((users::email.eq(email), users::updated_at.eq(at)))
        .execute(conn)
    {
        Ok(changed) => Ok(changed == 1),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}
