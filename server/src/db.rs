//! The database: one connection type for SQLite and PostgreSQL, a pool, and embedded migrations.
//! Everything else touches the database only through the plain functions in `db/*.rs`, which take
//! `&mut DbConn` and are called from handlers through `web::block`.

pub mod account_tokens;
pub mod audio_tracks;
pub mod audit_log;
pub mod care_links;
pub mod care_notes;
pub mod contact_requests;
pub mod daily_rollups;
pub mod entries;
pub mod exercise;
pub mod goals;
pub mod invites;
pub mod medicine_plans;
pub mod pacing;
pub mod plan_summaries;
pub mod push;
pub mod rate_limits;
pub mod refresh_tokens;
pub mod relax_suggestions;
pub mod reminders;
pub mod schema;
pub mod services;
pub mod session_notes;
pub mod users;

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// One connection to either backend. Queries written with diesel's DSL run on both.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

pub type DbPool = r2d2::Pool<DbManager>;
pub type PooledConn = r2d2::PooledConnection<DbManager>;

/// Which backend a `DATABASE_URL` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A file path (the `sqlite://` prefix removed).
    Sqlite(String),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, DbSetupError> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(DbSetupError::BadUrl(url.to_owned()));
            }
            Ok(Self::Sqlite(path.to_owned()))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(url.to_owned()))
        } else {
            Err(DbSetupError::BadUrl(url.to_owned()))
        }
    }

    /// Connections per instance unless configured. SQLite writes one transaction at a time (our
    /// writers queue for it), so connections beyond a few serve only concurrent reads, and each
    /// keeps its own page cache, schema and prepared statements in this process: measured under
    /// sixteen syncing phones, RSS peaked at 70.9 MB with 8 connections and 55.6 MB with 4, with
    /// the same throughput within the machine's noise (BENCHMARKS.md, Memory). PostgreSQL's connections
    /// keep that memory in the database's own processes, and its writers do run side by side.
    pub fn default_pool_size(&self) -> u32 {
        match self {
            Self::Sqlite(_) => 4,
            Self::Postgres(_) => 8,
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("DATABASE_URL must start with sqlite:// or postgres:// (got {0:?})")]
    BadUrl(String),
    #[error("could not create the folder for the SQLite file {path}: {source}")]
    CreateDir { path: String, source: std::io::Error },
    #[error("could not open the SQLite database: {0}")]
    Open(String),
    #[error("could not connect to the database: {0}")]
    Connect(#[from] r2d2::PoolError),
    #[error("could not run the database migrations: {0}")]
    Migrate(String),
}

/// Opens connections for the pool, choosing the backend from the URL (diesel's own
/// `MultiConnection::establish` would let SQLite accept any string).
#[derive(Debug, Clone)]
pub struct DbManager {
    url: DatabaseUrl,
}

impl ManageConnection for DbManager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        match &self.url {
            DatabaseUrl::Postgres(url) => {
                PgConnection::establish(url).map(DbConn::Postgres).map_err(r2d2::Error::ConnectionError)
            }
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(path).map_err(r2d2::Error::ConnectionError)?;
                // WAL (set once in `connect`, it persists in the file) lets readers work while one
                // writer writes; NORMAL is durable across application crashes in WAL mode; the
                // busy timeout avoids "database is locked" under concurrent writers. No commit
                // checkpoints the WAL: `checkpoint_in_background` does, off the request path.
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                     PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {KEEP_LOG_FILE_UP_TO};",
                ))
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConn::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1").map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

/// Opens the pool (creating the SQLite file's folder if needed) and runs pending migrations.
pub fn connect(url: &DatabaseUrl, max_size: u32) -> Result<DbPool, DbSetupError> {
    if let DatabaseUrl::Sqlite(path) = url
        && let Some(dir) = std::path::Path::new(path).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|source| DbSetupError::CreateDir { path: path.clone(), source })?;
    }
    if let DatabaseUrl::Sqlite(path) = url {
        // Switch to WAL on one connection before the pool opens several at once: the switch needs
        // an exclusive lock and would fail with "database is locked" if they raced.
        SqliteConnection::establish(path)
            .and_then(|mut c| {
                c.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;")
                    .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))
            })
            .map_err(|e| DbSetupError::Open(e.to_string()))?;
    }
    // A pool smaller than 2 can deadlock when a request holds one connection and needs another.
    let pool = r2d2::Pool::builder()
        .max_size(max_size.max(2))
        .connection_timeout(Duration::from_secs(10))
        .build(DbManager { url: url.clone() })?;
    let mut conn = pool.get()?;
    run_migrations(&mut conn)?;
    if let DatabaseUrl::Sqlite(path) = url {
        checkpoint_in_background(path);
    }
    Ok(pool)
}

/// How often the WAL is copied back into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);
/// The log is started over once it holds this many pages (64 MiB of 4 KiB pages).
const RESTART_AFTER_PAGES: i64 = 16_384;
/// The log's file keeps its size when the log starts over, up to this (`journal_size_limit`), so
/// that the writer who starts it over neither cuts the file back nor, in the next seconds, has the
/// disk find room for it again. The log reaches two to three times `RESTART_AFTER_PAGES` before
/// it starts over under a steady load (written while the checkpoints catch up), and at 64 MiB
/// the file was cut back at every start: traced, that writer's `ftruncate` alone took 3-7 ms
/// inside the writers' queue on a lightly loaded machine (BENCHMARKS.md, Sync).
const KEEP_LOG_FILE_UP_TO: u64 = 256 * 1024 * 1024;

/// Copies SQLite's write-ahead log back into the database file every second, on a thread of its
/// own with its own connection (issue 14, item 14). By default SQLite does this inside whichever
/// commit takes the log past 1,000 pages, and with `synchronous = NORMAL` that checkpoint is the
/// only commit that waits for the disk (fsync): measured, the sync benchmark's slowest 1 % were
/// requests queued behind it. A passive checkpoint blocks no writer or reader. The thread ends at
/// its first error (the database file removed, as tests do).
fn checkpoint_in_background(path: &str) {
    let path = path.to_owned();
    let started = std::thread::Builder::new().name("sqlite-checkpoint".into()).spawn(move || {
        let Ok(mut conn) = SqliteConnection::establish(&path) else { return };
        loop {
            std::thread::sleep(CHECKPOINT_EVERY);
            if !std::path::Path::new(&path).exists() {
                return;
            }
            let Ok(progress) = checkpoint(&mut conn).inspect_err(|e| tracing::warn!("SQLite checkpoint stopped: {e}"))
            else {
                return;
            };
            if progress.pages >= RESTART_AFTER_PAGES && start_over(&mut conn).is_err() {
                return;
            }
        }
    });
    if let Err(e) = started {
        tracing::error!("no background checkpoint: {e}; the log grows until the server restarts");
    }
}

/// Lets the next writer start the log over. SQLite does so only once a checkpoint has copied the
/// whole log with no writer between it and that writer, which under steady writing a passive
/// checkpoint a second never achieves (measured: 640 MB in a minute of the soak). So passive
/// checkpoints run back to back, each copying only what was written during the one before, until
/// one finds the whole log copied; then one more runs inside the writers' queue. (Running that
/// last one without the catch-up held the queue for a whole checkpoint: 80 ms in sync's p99.) In
/// any pause in writing none of this is needed: a passive checkpoint then catches up, and SQLite
/// starts the log over by itself at the next write. The step in the queue still waits for the disk
/// twice: under the sync benchmark's steady load it holds the writers 10-20 ms every two seconds
/// (BENCHMARKS.md, Sync, with the sizes tried).
fn start_over(conn: &mut SqliteConnection) -> diesel::QueryResult<()> {
    for _ in 0..100 {
        let progress = checkpoint(conn)?;
        if progress.copied >= progress.pages {
            break;
        }
    }
    // Caught up (or nearly): the last pages are copied inside the writers' queue, which is then
    // held for a few pages' copy, not a whole checkpoint.
    let _turn = SQLITE_WRITER.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    checkpoint(conn).map(|_| ())
}

#[derive(diesel::QueryableByName)]
struct Checkpointed {
    /// Pages in the log.
    #[diesel(sql_type = diesel::sql_types::BigInt, column_name = log)]
    pages: i64,
    /// Of which copied into the database file.
    #[diesel(sql_type = diesel::sql_types::BigInt, column_name = checkpointed)]
    copied: i64,
}

fn checkpoint(conn: &mut SqliteConnection) -> diesel::QueryResult<Checkpointed> {
    use diesel::RunQueryDsl;
    // Read to the end, so the statement is done and this connection keeps no read lock: a reader
    // on the log would stop it starting over.
    diesel::sql_query("PRAGMA wal_checkpoint(PASSIVE)").load(conn)?.pop().ok_or(diesel::result::Error::NotFound)
}

pub fn run_migrations(conn: &mut DbConn) -> Result<(), DbSetupError> {
    let result = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        DbConn::Postgres(c) => {
            // Several instances may start at once on one database: a session-level advisory lock
            // lets exactly one migrate while the others wait, then find nothing pending.
            let lock = |c: &mut PgConnection, sql: &str| {
                c.batch_execute(sql).map_err(|e| DbSetupError::Migrate(format!("migration lock: {e}")))
            };
            lock(c, &format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))?;
            let result = c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ());
            lock(c, &format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))?;
            result
        }
    };
    result.map_err(|e| DbSetupError::Migrate(e.to_string()))
}

/// Any fixed number, the same in every instance ("EVENKEEL" in ASCII, shortened to fit a bigint).
const MIGRATION_LOCK_KEY: i64 = 0x4556_454E_4B45;

/// Reverts every migration (used by the migration round-trip test).
pub fn revert_all_migrations(conn: &mut DbConn) -> Result<(), DbSetupError> {
    let result = match conn {
        DbConn::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        DbConn::Postgres(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| DbSetupError::Migrate(e.to_string()))
}

/// A comparable description of the schema: every table's columns (name, type, nullability) and
/// every index, sorted. Used to check that down-then-up gives the schema we started with.
pub fn describe_schema(conn: &mut DbConn) -> Result<Vec<String>, diesel::result::Error> {
    use diesel::RunQueryDsl;
    use diesel::sql_types::Text;

    #[derive(diesel::QueryableByName)]
    struct Line {
        #[diesel(sql_type = Text)]
        line: String,
    }
    let sql = match conn {
        DbConn::Sqlite(_) => {
            "SELECT m.name || '.' || p.name || ' ' || p.type || CASE WHEN p.\"notnull\" THEN ' not null' ELSE '' END AS line \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations' \
             UNION ALL SELECT 'index ' || name AS line FROM sqlite_master \
             WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"
        }
        DbConn::Postgres(_) => {
            "SELECT table_name || '.' || column_name || ' ' || data_type || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END AS line \
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations' \
             UNION ALL SELECT 'index ' || indexname AS line FROM pg_indexes \
             WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'"
        }
    };
    let mut lines: Vec<String> = diesel::sql_query(sql).load::<Line>(conn)?.into_iter().map(|l| l.line).collect();
    lines.sort();
    Ok(lines)
}

/// SQLite takes one writer at a time. Its own busy handler makes the others sleep and retry with
/// backoff, which is not first come, first served: under a sustained load one unlucky writer can
/// wait past the busy timeout and fail. So this process's writers queue here first, woken in turn
/// when the one before finishes; the busy timeout is left for writers in other processes.
static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A transaction that will write. On SQLite it begins with `BEGIN IMMEDIATE`, taking the write lock
/// at once (after this process's earlier writers, see [`SQLITE_WRITER`]). A plain (deferred)
/// transaction reads first and upgrades to a writer later; if another connection wrote in between,
/// SQLite answers that upgrade with "database is locked" at once, without waiting: under load, a
/// 500. PostgreSQL's ordinary transaction is used as it is. Nested inside another transaction, it
/// is a savepoint.
pub fn write_transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    type Manager = <DbConn as Connection>::TransactionManager;
    let DbConn::Sqlite(sqlite) = conn else { return conn.transaction(f) };
    if AnsiTransactionManager::transaction_manager_status_mut(sqlite).transaction_depth()?.is_some() {
        return conn.transaction(f);
    }
    let _turn = crate::timing::phase("lock", || {
        let turn = SQLITE_WRITER.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE").map(|()| turn)
    })?;
    match f(conn) {
        Ok(value) => {
            crate::timing::phase("commit", || Manager::commit_transaction(conn))?;
            Ok(value)
        }
        Err(e) => {
            Manager::rollback_transaction(conn)?;
            Err(e)
        }
    }
}

/// Short, unique ids for rows, stored as text on both backends.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// A row of one patient's health data: whose it is.
pub(crate) trait OfPatient {
    fn patient_id(&self) -> &str;
}

/// Implements [`OfPatient`] for row types with a `patient_id` field.
macro_rules! of_patient {
    ($($row:ty),+ $(,)?) => {
        $(impl $crate::db::OfPatient for $row {
            fn patient_id(&self) -> &str {
                &self.patient_id
            }
        })+
    };
}
pub(crate) use of_patient;

/// Refuses rows for anyone but `patient`, before any SQL. The writes of one patient's health data
/// take the `Granted` patient beside their rows and call this first, so the gate's proof covers
/// what they write as it covers what the reads return. A row for someone else is a fault upstream
/// (a handler that built it from the wrong id): an error, never written.
pub(crate) fn only_for<'r, R: OfPatient + 'r>(
    patient: crate::access::Granted<'_>,
    rows: impl IntoIterator<Item = &'r R>,
) -> diesel::QueryResult<()> {
    match rows.into_iter().find(|r| r.patient_id() != patient.id()) {
        None => Ok(()),
        Some(_) => {
            Err(diesel::result::Error::QueryBuilderError("a row for another patient than the granted one".into()))
        }
    }
}

/// `Ok(true)` when the row went in, `Ok(false)` when an equal key was already there (a unique-key
/// violation); any other error stays an error.
pub(crate) fn ignore_duplicate(inserted: diesel::QueryResult<usize>) -> diesel::QueryResult<bool> {
    match inserted {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh SQLite file through the pool, with a table to fill (the folder goes with the guard).
    fn filler_database() -> (tempfile::TempDir, String, DbPool) {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("wal.db").to_string_lossy().into_owned();
        let pool = connect(&DatabaseUrl::Sqlite(path.clone()), 2).expect("a pool");
        pool.get().expect("a connection").batch_execute("CREATE TABLE filler (body BLOB)").expect("a table");
        (dir, path, pool)
    }

    /// No request checkpoints the WAL any more (`wal_autocheckpoint = 0`), so without the
    /// background thread the database file would never receive what was written.
    #[test]
    fn writes_reach_the_sqlite_file_without_any_request_checkpointing() {
        let (_dir, path, pool) = filler_database();
        let mut conn = pool.get().expect("a connection");
        let size = || std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let before = size();
        for _ in 0..64 {
            write_transaction(&mut conn, |c| c.batch_execute("INSERT INTO filler VALUES (randomblob(65536))"))
                .expect("a write");
        }
        // Waiting for the thread, not timing it: the bound only stops a broken build hanging.
        let waited_until = std::time::Instant::now() + Duration::from_secs(60);
        while size() < before + 4 * 1024 * 1024 && std::time::Instant::now() < waited_until {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(
            size() >= before + 4 * 1024 * 1024,
            "the 4 MiB written reached the file: {} → {} bytes",
            before,
            size()
        );
    }

    /// Issue 14, item 16: a transaction that reads, then writes after another connection has
    /// written, must wait its turn rather than fail. A deferred transaction on SQLite fails such
    /// an upgrade at once with "database is locked" (a 500 under load). Here the first writer
    /// reads, then gives the second 300 ms to read and write before it writes itself; with
    /// `write_transaction` the second waits for the first instead, and both rows go in.
    #[test]
    fn a_reader_that_writes_waits_its_turn_instead_of_failing() {
        let (_dir, _path, pool) = filler_database();
        let (first_read, second_may_go) = std::sync::mpsc::channel::<()>();
        let (second_done, first_may_write) = std::sync::mpsc::channel::<()>();
        let count = "SELECT count(*) FROM filler";
        let first = {
            let pool = pool.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().expect("a connection");
                write_transaction(&mut conn, |c| {
                    c.batch_execute(count)?;
                    first_read.send(()).expect("the second writer listens");
                    // A stand-in for the rest of a request's reads: long enough for a deferred
                    // second writer to commit in between (it signals), not needed otherwise.
                    let _ = first_may_write.recv_timeout(Duration::from_millis(300));
                    c.batch_execute("INSERT INTO filler VALUES (x'01')")
                })
            })
        };
        second_may_go.recv().expect("the first writer has read");
        let mut conn = pool.get().expect("a connection");
        let second = write_transaction(&mut conn, |c| {
            c.batch_execute(count)?;
            c.batch_execute("INSERT INTO filler VALUES (x'02')")
        });
        let _ = second_done.send(());
        let first = first.join().expect("the first writer finished");
        assert!(first.is_ok() && second.is_ok(), "first: {first:?}, second: {second:?}");
    }

    /// Issue 14, item 15: every write of one patient's health data refuses a row for anyone but
    /// the granted patient, before any SQL (the guard's own error, not a database one; a missing
    /// guard would write the row or fail on a foreign key instead). Where a write takes two rows,
    /// each is tried as the stranger.
    #[test]
    fn every_patient_write_refuses_a_row_for_another_patient() {
        use crate::access::Granted;
        let (_dir, _path, pool) = filler_database();
        let mut conn = pool.get().expect("a connection");
        let c = &mut *conn;
        let (alex, at) = (Granted::unattended("alex"), now());
        let (a, b) = ("alex".to_owned(), "bea".to_owned());
        let refused = |what: &str, result: diesel::QueryResult<()>| match result {
            Err(diesel::result::Error::QueryBuilderError(e)) if e.to_string().contains("another patient") => {}
            other => panic!("{what}: {other:?}"),
        };
        let entry = |patient_id: &String| entries::Entry {
            id: "e".into(),
            patient_id: patient_id.clone(),
            author_id: patient_id.clone(),
            kind: "pain".into(),
            recorded_at: at,
            tz_offset_min: 0,
            data: None,
            ome_mg: None,
            ome_table_version: None,
            client_updated_at: at,
            created_at: at,
            updated_at: at,
            deleted_at: None,
            rev: 1,
        };
        refused("entries::insert_all", entries::insert_all(c, alex, &[entry(&a), entry(&b)]));
        refused("entries::replace", entries::replace(c, alex, &entry(&b)));
        let goal = goals::GoalRow {
            id: "g".into(),
            patient_id: b.clone(),
            author_id: b.clone(),
            status: "active".into(),
            what: "Walk".into(),
            why: String::new(),
            first_step: String::new(),
            days_per_week: 3,
            review_on: None,
            client_updated_at: at,
            created_at: at,
            updated_at: at,
        };
        refused("goals::insert_new", goals::insert_new(c, alex, &goal).map(drop));
        refused("goals::update_if_newer", goals::update_if_newer(c, alex, &goal).map(drop));
        let history = goals::HistoryRow {
            id: "h".into(),
            goal_id: "g".into(),
            patient_id: b.clone(),
            changed_by: b.clone(),
            status: "active".into(),
            what: "Walk".into(),
            why: String::new(),
            first_step: String::new(),
            days_per_week: 3,
            review_on: None,
            changed_at: at,
        };
        refused("goals::insert_history", goals::insert_history(c, alex, &history));
        let checkin = goals::CheckinRow {
            goal_id: "g".into(),
            week_start: "2026-11-30".into(),
            patient_id: b.clone(),
            outcome: "done".into(),
            note: String::new(),
            client_updated_at: at,
            updated_at: at,
        };
        refused("goals::put_checkin", goals::put_checkin(c, alex, &checkin).map(drop));
        let pacing_plan = |patient_id: &String| pacing::PacingRow {
            id: "p".into(),
            patient_id: patient_id.clone(),
            author_id: patient_id.clone(),
            activity: "Walking".into(),
            unit: "minutes".into(),
            tries: String::new(),
            increase_pct: 10,
            level: 0,
            created_at: at,
            updated_at: at,
        };
        let step = |patient_id: &String| pacing::ChangeRow {
            id: "s".into(),
            plan_id: "p".into(),
            patient_id: patient_id.clone(),
            changed_by: patient_id.clone(),
            action: "hold".into(),
            level: 1,
            changed_at: at,
        };
        refused("pacing::insert (plan)", pacing::insert(c, alex, &pacing_plan(&b), &step(&a)));
        refused("pacing::insert (first change)", pacing::insert(c, alex, &pacing_plan(&a), &step(&b)));
        refused("pacing::change_level", pacing::change_level(c, alex, 0, &step(&b)).map(drop));
        let exercises = exercise::PlanRow {
            id: "x".into(),
            patient_id: b.clone(),
            author_id: b.clone(),
            title: "Physio".into(),
            exercises: "[]".into(),
            created_at: at,
            updated_at: at,
        };
        refused("exercise::insert", exercise::insert(c, alex, &exercises));
        refused("exercise::replace", exercise::replace(c, alex, &exercises).map(drop));
        let day = exercise::DayRow {
            plan_id: "x".into(),
            day: "2026-12-01".into(),
            patient_id: b.clone(),
            done: String::new(),
            pain_before: None,
            pain_after: None,
            updated_at: at,
        };
        refused("exercise::put_day", exercise::put_day(c, alex, &day));
        let referral = |patient_id: &String| services::ReferralRow {
            id: "r".into(),
            patient_id: patient_id.clone(),
            service_id: "svc".into(),
            author_id: patient_id.clone(),
            status: "suggested".into(),
            waiting_since: None,
            response: None,
            created_at: at,
            updated_at: at,
        };
        let status = |patient_id: &String| services::ChangeRow {
            id: "rc".into(),
            referral_id: "r".into(),
            patient_id: patient_id.clone(),
            changed_by: patient_id.clone(),
            status: "waiting_list".into(),
            waiting_since: None,
            changed_at: at,
        };
        refused("services::insert_referral (referral)", services::insert_referral(c, alex, &referral(&b), &status(&a)));
        refused(
            "services::insert_referral (first status)",
            services::insert_referral(c, alex, &referral(&a), &status(&b)),
        );
        refused("services::change_status", services::change_status(c, alex, &status(&b)).map(drop));
        let request = contact_requests::RequestRow {
            id: "q".into(),
            patient_id: b.clone(),
            reason: "feelings".into(),
            note: String::new(),
            good_times: String::new(),
            sent_at: at,
            received_at: at,
            seen_at: None,
            reply: None,
            worker_id: None,
            closed_at: None,
        };
        refused("contact_requests::insert_new", contact_requests::insert_new(c, alex, &request).map(drop));
        refused("contact_requests::update", contact_requests::update(c, alex, &request));
        let note = care_notes::CareNote {
            id: "n".into(),
            patient_id: b.clone(),
            author_id: b.clone(),
            text: "A hard week".into(),
            created_at: at,
        };
        refused("care_notes::insert", care_notes::insert(c, alex, &note));
        let session_note = session_notes::SessionNoteRow {
            id: "sn".into(),
            patient_id: b.clone(),
            author_id: b.clone(),
            session_date: "2026-12-01".into(),
            text: "Talked about pacing".into(),
            created_at: at,
            updated_at: at,
        };
        refused("session_notes::insert", session_notes::insert(c, alex, &session_note));
        let summary = plan_summaries::SummaryRow {
            id: "m".into(),
            patient_id: b.clone(),
            author_id: b.clone(),
            session_date: "2026-12-01".into(),
            talked_about: String::new(),
            agreed: String::new(),
            next_session: None,
            created_at: at,
        };
        refused("plan_summaries::insert", plan_summaries::insert(c, alex, &summary));
        let version = medicine_plans::VersionRow {
            id: "v".into(),
            patient_id: b.clone(),
            version: 1,
            prescriber: String::new(),
            agreed_on: "2026-12-01".into(),
            steps: "[]".into(),
            review_dates: "[]".into(),
            reason: String::new(),
            author_id: b.clone(),
            created_at: at,
        };
        refused("medicine_plans::insert", medicine_plans::insert(c, alex, &version).map(drop));
        let suggestion = relax_suggestions::SuggestionRow {
            id: "rs".into(),
            patient_id: b.clone(),
            worker_id: b.clone(),
            item_kind: "track".into(),
            item_id: "breathing".into(),
            created_at: at,
            dismissed_at: None,
        };
        refused("relax_suggestions::insert", relax_suggestions::insert(c, alex, &suggestion));
        let rollup = daily_rollups::Rollup {
            patient_id: b.clone(),
            day: "2026-12-01".into(),
            entries: 1,
            pain_mean: None,
            doses: 0,
            withdrawal_doses: 0,
            ome_mg: None,
            ome_complete: true,
            active_minutes: 0,
            rest_minutes: 0,
            stress_mean: None,
            screen_phq2: None,
            screen_gad2: None,
            screen_positive: None,
            last_entry_at: None,
            last_tz_offset_min: 0,
        };
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
        refused("daily_rollups::replace_days", daily_rollups::replace_days(c, alex, day, day, &[rollup]));
    }

    fn wal_size(path: &str) -> u64 {
        std::fs::metadata(format!("{path}-wal")).map(|m| m.len()).unwrap_or(0)
    }

    /// How many times the log has started over: SQLite counts it in the log file's header (the
    /// "checkpoint sequence number", bytes 12-15, big-endian), written by the first commit after.
    fn log_starts(path: &str) -> u32 {
        let mut header = [0u8; 16];
        std::io::Read::read_exact(&mut std::fs::File::open(format!("{path}-wal")).expect("the log"), &mut header)
            .expect("a log header");
        u32::from_be_bytes([header[12], header[13], header[14], header[15]])
    }

    /// One commit of 64 KiB, a moment after the one before, as requests arrive: an insert, then a
    /// delete, so the table stays small while the log grows.
    fn write_a_moment_later(conn: &mut DbConn, n: u64) {
        write_transaction(conn, |c| {
            c.batch_execute(if n.is_multiple_of(2) {
                "INSERT INTO filler VALUES (randomblob(65536))"
            } else {
                "DELETE FROM filler WHERE rowid = (SELECT min(rowid) FROM filler)"
            })
        })
        .expect("a write");
        std::thread::sleep(Duration::from_micros(500));
    }

    /// Writes steadily until the log file has passed `bytes`.
    fn write_steadily_past(conn: &mut DbConn, path: &str, bytes: u64) {
        // A bound only to stop a broken build hanging; nothing is measured against the clock.
        let waited_until = std::time::Instant::now() + Duration::from_secs(120);
        let mut n = 0;
        while wal_size(path) <= bytes && std::time::Instant::now() < waited_until {
            n += 1;
            write_a_moment_later(conn, n);
        }
        assert!(wal_size(path) > bytes, "the writing filled the log past {bytes} bytes");
    }

    /// In a pause the background checkpoint catches up, and the next writer starts the log over
    /// (SQLite does, with nothing held in the queue). The file keeps its size for the log to
    /// come, rather than being cut back and grown again.
    #[test]
    fn the_sqlite_log_starts_over_when_writing_pauses_and_keeps_its_file() {
        let (_dir, path, pool) = filler_database();
        let mut conn = pool.get().expect("a connection");
        write_steadily_past(&mut conn, &path, RESTART_AFTER_PAGES as u64 * 4096 + 8 * 1024 * 1024);
        let (largest, starts) = (wal_size(&path), log_starts(&path));
        // Then one small write a second, until the log starts over. Bounded only to stop a hang.
        let waited_until = std::time::Instant::now() + Duration::from_secs(60);
        while log_starts(&path) == starts && std::time::Instant::now() < waited_until {
            std::thread::sleep(CHECKPOINT_EVERY);
            write_transaction(&mut conn, |c| c.batch_execute("INSERT INTO filler VALUES (randomblob(16))"))
                .expect("a write");
        }
        assert!(log_starts(&path) > starts, "the log started over");
        assert!(wal_size(&path) >= largest, "the file was kept: {largest} bytes, then {}", wal_size(&path));
    }

    /// Under steady writing a passive checkpoint never reaches the end of the log, so without the
    /// occasional checkpoint in the writers' queue the log grows for as long as the writing lasts.
    #[test]
    fn the_sqlite_log_starts_over_under_steady_writing() {
        let (_dir, path, pool) = filler_database();
        let mut conn = pool.get().expect("a connection");
        write_steadily_past(&mut conn, &path, RESTART_AFTER_PAGES as u64 * 4096);
        // Then on, until the log starts over or its file has grown past what it may keep, which
        // without starting over it does within seconds (285 MB in five).
        let (starts, mut n) = (log_starts(&path), 0);
        while log_starts(&path) == starts && wal_size(&path) <= KEEP_LOG_FILE_UP_TO {
            n += 1;
            write_a_moment_later(&mut conn, n);
        }
        assert!(log_starts(&path) > starts, "the log started over: its file reached {} bytes", wal_size(&path));
    }
}
