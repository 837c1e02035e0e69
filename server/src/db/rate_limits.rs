//! Rate-limit counters in the database, so every instance counts against one allowance.

use diesel::prelude::*;

use super::DbConn;
use super::schema::rate_limit_counts as rl;

/// Counts one hit for `key_hash` in window `window`, returning the hits there so far (this one
/// included). One atomic upsert, so concurrent instances never lose a count. A key's first hit in
/// a window sweeps the limit's rows older than the previous window.
pub fn bump(conn: &mut DbConn, bucket: &str, key_hash: &str, window: i64) -> QueryResult<i32> {
    let row = (rl::bucket.eq(bucket), rl::key_hash.eq(key_hash), rl::window_start.eq(window), rl::hits.eq(1));
    // diesel's MultiConnection has no upsert, so each backend gets the same statement.
    macro_rules! upsert {
        ($conn:expr) => {
            diesel::insert_into(rl::table)
                .values(row)
                .on_conflict((rl::bucket, rl::key_hash, rl::window_start))
                .do_update()
                .set(rl::hits.eq(rl::hits + 1))
                .returning(rl::hits)
                .get_result::<i32>($conn)
        };
    }
    let hits = match conn {
        DbConn::Postgres(c) => upsert!(c)?,
        DbConn::Sqlite(c) => upsert!(c)?,
    };
    if hits == 1 {
        diesel::delete(rl::table.filter(rl::bucket.eq(bucket)).filter(rl::window_start.lt(window - 1)))
            .execute(conn)?;
    }
    Ok(hits)
}

/// The hits counted for `key_hash` in window `window` (0 when none).
pub fn hits(conn: &mut DbConn, bucket: &str, key_hash: &str, window: i64) -> QueryResult<i32> {
    rl::table
        .filter(rl::bucket.eq(bucket))
        .filter(rl::key_hash.eq(key_hash))
        .filter(rl::window_start.eq(window))
        .select(rl::hits)
        .first(conn)
        .optional()
        .map(Option::unwrap_or_default)
}
