//! `--demo`: demo accounts so a newcomer can sign in at once. Idempotent: existing ones are kept.

use evenkeel_domain::account::{DisplayName, Email, NewPassword, TimeZoneName};
use evenkeel_domain::api::Role;

use crate::accounts::{NewAccount, create_user};
use crate::auth::password;
use crate::db::DbConn;

/// The demo password: public on purpose (it is in the README), for the demo accounts only.
pub const DEMO_PASSWORD: &str = "even-keel-demo";

pub const DEMO_ACCOUNTS: [(&str, &str, Role); 3] = [
    ("patient@demo.test", "Alex (demo patient)", Role::Patient),
    ("carer@demo.test", "Sam (demo carer)", Role::Carer),
    ("worker@demo.test", "Jo (demo project worker)", Role::Worker),
];

pub fn seed(conn: &mut DbConn) -> anyhow::Result<()> {
    let hash = password::hash(DEMO_PASSWORD)?;
    println!("Demo accounts (password for each: {DEMO_PASSWORD}):");
    for (email, name, role) in DEMO_ACCOUNTS {
        let account = NewAccount {
            email: Email::parse(email)?,
            password: NewPassword::parse(DEMO_PASSWORD)?,
            display_name: DisplayName::parse(name)?,
            time_zone: TimeZoneName::parse("Europe/London")?,
        };
        let created = create_user(conn, &account, &hash, role, false).map_err(|e| anyhow::anyhow!("{e}"))?;
        let note = if created.is_some() { "created" } else { "already there" };
        println!("  {:<8} {email}  ({note})", role.as_str());
    }
    Ok(())
}
