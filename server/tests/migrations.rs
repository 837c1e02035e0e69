//! Migrations run forwards, back and forwards again to the same schema, on each backend.

#![allow(clippy::unwrap_used)]

use diesel::Connection;
use evenkeel_server::db::{self, DatabaseUrl, DbConn};

fn round_trip(mut conn: DbConn) {
    db::run_migrations(&mut conn).expect("up");
    let first = db::describe_schema(&mut conn).expect("describe");
    assert!(first.iter().any(|l| l.starts_with("users.email ")), "{first:#?}");

    db::revert_all_migrations(&mut conn).expect("down");
    let empty = db::describe_schema(&mut conn).expect("describe");
    assert!(empty.is_empty(), "down left tables behind: {empty:#?}");

    db::run_migrations(&mut conn).expect("up again");
    assert_eq!(db::describe_schema(&mut conn).expect("describe"), first);
}

#[test]
fn sqlite_migrations_round_trip() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.db");
    let conn = diesel::SqliteConnection::establish(&path.display().to_string()).expect("open");
    round_trip(DbConn::Sqlite(conn));
}

#[test]
fn postgres_migrations_round_trip() {
    let Some(admin_url) = std::env::var("TEST_POSTGRES_URL").ok().filter(|v| !v.is_empty()) else {
        println!("SKIPPED postgres_migrations_round_trip: set TEST_POSTGRES_URL to run it");
        return;
    };
    use diesel::RunQueryDsl;
    let name = format!("evenkeel_migr_{}", uuid::Uuid::new_v4().simple());
    let mut admin = diesel::PgConnection::establish(&admin_url).expect("connect");
    diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).expect("create db");
    let url = format!("{}/{name}", admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base));
    let result = std::panic::catch_unwind(|| {
        let conn = diesel::PgConnection::establish(&url).expect("connect to test db");
        round_trip(DbConn::Postgres(conn));
    });
    let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin);
    result.expect("round trip");
}

#[test]
fn a_database_url_names_its_backend() {
    assert_eq!(DatabaseUrl::parse("sqlite://data/x.db").unwrap().backend_name(), "sqlite");
    assert_eq!(DatabaseUrl::parse("postgres://u@h/db").unwrap().backend_name(), "postgres");
    assert!(DatabaseUrl::parse("mysql://u@h/db").is_err());
    assert!(DatabaseUrl::parse("sqlite://").is_err());
}
