//! Looking straight into the server's database (SQLite file or PostgreSQL), for what the API does
//! not show: that a deleted account left nothing behind, or to move an invite past its expiry.
//! Values are formatted into the SQL by the tests (ids they made), never taken from outside.

use diesel::sql_types::BigInt;
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// `SELECT COUNT(*) FROM {table} WHERE {condition}`.
pub fn count(url: &str, table: &str, condition: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE {condition}");
    let query = diesel::sql_query(&sql);
    let counted = match url.strip_prefix("sqlite://") {
        Some(path) => query.get_result::<Count>(&mut SqliteConnection::establish(path).expect("open SQLite")),
        None => query.get_result::<Count>(&mut PgConnection::establish(url).expect("connect to PostgreSQL")),
    };
    counted.unwrap_or_else(|e| panic!("{sql}: {e}")).n
}

/// Runs one statement; returns the number of rows changed.
pub fn execute(url: &str, sql: &str) -> usize {
    let query = diesel::sql_query(sql);
    let done = match url.strip_prefix("sqlite://") {
        Some(path) => query.execute(&mut SqliteConnection::establish(path).expect("open SQLite")),
        None => query.execute(&mut PgConnection::establish(url).expect("connect to PostgreSQL")),
    };
    done.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Makes a person's reminders due `seconds_ago`, as if their time had just come (or had passed
/// while every instance was down): the scheduler's next tick claims them.
pub fn make_reminders_due(url: &str, user_id: &str, seconds_ago: i64) {
    let at = (chrono::Utc::now() - chrono::Duration::seconds(seconds_ago)).naive_utc().format("%Y-%m-%d %H:%M:%S%.6f");
    let changed = execute(url, &format!("UPDATE reminders SET next_fire_at = '{at}' WHERE user_id = '{user_id}'"));
    assert!(changed > 0, "the person has reminders to make due");
}
