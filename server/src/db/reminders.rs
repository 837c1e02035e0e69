//! A patient's reminders and quiet hours, and the scheduler's claim of the ones that are due.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{reminder_settings, reminders};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = reminders, treat_none_as_null = true)]
pub struct ReminderRow {
    pub id: String,
    pub user_id: String,
    pub kind: String,
    /// "HH:MM" in the person's time zone.
    pub local_time: String,
    /// Bit 0 = Monday … bit 6 = Sunday.
    pub weekdays: i32,
    pub medication_id: Option<String>,
    pub paused: bool,
    pub next_fire_at: Option<NaiveDateTime>,
    pub last_due_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &ReminderRow) -> QueryResult<()> {
    diesel::insert_into(reminders::table).values(row).execute(conn).map(|_| ())
}

pub fn count_for(conn: &mut DbConn, user_id: &str) -> QueryResult<i64> {
    reminders::table.filter(reminders::user_id.eq(user_id)).count().get_result(conn)
}

pub fn for_user(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ReminderRow>> {
    reminders::table
        .filter(reminders::user_id.eq(user_id))
        .order((reminders::local_time, reminders::created_at))
        .select(ReminderRow::as_select())
        .load(conn)
}

/// The person's reminders (all, or the one with `id`), locked for the rest of the transaction so
/// that a change and the scheduler's claim never overwrite each other: `FOR UPDATE` on
/// PostgreSQL; on SQLite a write first, which takes the one write lock.
pub fn lock_own(conn: &mut DbConn, user_id: &str, id: Option<&str>) -> QueryResult<Vec<ReminderRow>> {
    // Written out per backend: the selection's type names the backend it loads from.
    macro_rules! mine {
        ($c:expr $(, $lock:ident)?) => {{
            let all = reminders::table.filter(reminders::user_id.eq(user_id));
            match id {
                Some(id) => all.filter(reminders::id.eq(id)).select(ReminderRow::as_select())$(.$lock())?.load($c),
                None => all.select(ReminderRow::as_select())$(.$lock())?.load($c),
            }
        }};
    }
    match conn {
        DbConn::Postgres(c) => mine!(c, for_update),
        DbConn::Sqlite(c) => {
            diesel::sql_query("UPDATE reminders SET paused = paused WHERE 0").execute(c)?;
            mine!(c)
        }
    }
}

/// Writes every column of the row (by id): only for a row read with [`lock_own`] in the same
/// transaction.
pub fn save(conn: &mut DbConn, row: &ReminderRow) -> QueryResult<()> {
    diesel::update(reminders::table.find(&row.id)).set(row).execute(conn).map(|_| ())
}

pub fn delete_own(conn: &mut DbConn, user_id: &str, id: &str) -> QueryResult<bool> {
    diesel::delete(reminders::table.filter(reminders::id.eq(id)).filter(reminders::user_id.eq(user_id)))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn delete_all_for_user(conn: &mut DbConn, user_id: &str) -> QueryResult<()> {
    diesel::delete(reminders::table.filter(reminders::user_id.eq(user_id))).execute(conn)?;
    diesel::delete(reminder_settings::table.filter(reminder_settings::user_id.eq(user_id))).execute(conn)?;
    Ok(())
}

/// The person's reminders that came due after `since` (the app's "You had a reminder at …").
pub fn due_since(conn: &mut DbConn, user_id: &str, since: NaiveDateTime) -> QueryResult<Vec<ReminderRow>> {
    reminders::table
        .filter(reminders::user_id.eq(user_id))
        .filter(reminders::last_due_at.gt(since))
        .order(reminders::last_due_at)
        .select(ReminderRow::as_select())
        .load(conn)
}

/// Locks up to `limit` reminders due at `now` for this transaction, so that no other instance
/// claims them: PostgreSQL skips rows another instance holds (`FOR UPDATE SKIP LOCKED`); SQLite
/// has one writer, and the no-op write first takes the write lock for the whole transaction (a
/// read first would fail at once, not wait, when it later has to upgrade).
pub fn lock_due(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<ReminderRow>> {
    // Written out per backend: the selection's type names the backend it loads from.
    macro_rules! due {
        () => {
            reminders::table
                .filter(reminders::next_fire_at.le(now))
                .filter(reminders::paused.eq(false))
                .order(reminders::next_fire_at)
                .limit(limit)
                .select(ReminderRow::as_select())
        };
    }
    match conn {
        DbConn::Postgres(c) => due!().for_update().skip_locked().load(c),
        DbConn::Sqlite(c) => {
            diesel::sql_query("UPDATE reminders SET paused = paused WHERE 0").execute(c)?;
            due!().load(c)
        }
    }
}

/// Moves a claimed reminder on: when it next fires, and when it last came due.
pub fn advance(conn: &mut DbConn, id: &str, next: Option<NaiveDateTime>, due: NaiveDateTime) -> QueryResult<()> {
    diesel::update(reminders::table.find(id))
        .set((reminders::next_fire_at.eq(next), reminders::last_due_at.eq(due)))
        .execute(conn)
        .map(|_| ())
}

pub fn set_next(conn: &mut DbConn, id: &str, next: Option<NaiveDateTime>) -> QueryResult<()> {
    diesel::update(reminders::table.find(id)).set(reminders::next_fire_at.eq(next)).execute(conn).map(|_| ())
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = reminder_settings)]
pub struct SettingsRow {
    pub user_id: String,
    pub quiet_start: String,
    pub quiet_end: String,
    pub updated_at: NaiveDateTime,
}

pub fn settings(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<SettingsRow>> {
    reminder_settings::table.find(user_id).select(SettingsRow::as_select()).first(conn).optional()
}

pub fn settings_for(conn: &mut DbConn, user_ids: &[String]) -> QueryResult<Vec<SettingsRow>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    reminder_settings::table
        .filter(reminder_settings::user_id.eq_any(user_ids))
        .select(SettingsRow::as_select())
        .load(conn)
}

/// Update, or insert the first time (inside the caller's transaction, which began with a write).
pub fn save_settings(conn: &mut DbConn, row: &SettingsRow) -> QueryResult<()> {
    let updated = diesel::update(reminder_settings::table.find(&row.user_id)).set(row).execute(conn)?;
    if updated == 0 {
        diesel::insert_into(reminder_settings::table).values(row).execute(conn)?;
    }
    Ok(())
}
