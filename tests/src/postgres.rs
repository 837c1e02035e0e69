//! A fresh PostgreSQL database per test, dropped afterwards.

use diesel::{Connection, PgConnection, RunQueryDsl};

pub const ENV: &str = "TEST_POSTGRES_URL";

/// True when `TEST_POSTGRES_URL` is set; otherwise prints that `test` was skipped.
pub fn available(test: &str) -> bool {
    let set = std::env::var(ENV).is_ok_and(|v| !v.is_empty());
    if !set {
        println!("SKIPPED {test}: set {ENV} (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run it");
    }
    set
}

/// A database made for one test. Dropping it drops the database.
pub struct TestDatabase {
    admin_url: String,
    pub name: String,
    pub url: String,
}

impl TestDatabase {
    pub fn create() -> Self {
        let admin_url = std::env::var(ENV).expect("TEST_POSTGRES_URL is set");
        let name = format!("evenkeel_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::establish(&admin_url).expect("connect to TEST_POSTGRES_URL");
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut conn).expect("create database");
        let url = replace_database(&admin_url, &name);
        Self { admin_url, name, url }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Ok(mut conn) = PgConnection::establish(&self.admin_url) {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).execute(&mut conn);
        }
    }
}

/// `postgres://u@h:5432/postgres?x` with the database name replaced.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_part = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{host_part}/{name}?{q}"),
        None => format!("{host_part}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_database_name_is_replaced() {
        assert_eq!(super::replace_database("postgres://p@h:5432/postgres", "x"), "postgres://p@h:5432/x");
        assert_eq!(super::replace_database("postgres://p@h", "x"), "postgres://p@h/x");
        assert_eq!(
            super::replace_database("postgres://p@h/db?sslmode=disable", "x"),
            "postgres://p@h/x?sslmode=disable"
        );
    }
}
