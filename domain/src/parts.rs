//! How the app reaches the phone: in parts, each its own page with its own code, so a phone
//! downloads only what the screen in front of it needs (`../shared/design.md`, "Loading").
//!
//! - **Sign-in** is a static page with a small script, no WebAssembly: it works within the first
//!   few kilobytes.
//! - **Patient** is the patient's core: Today and its quick logs, and Help, with the local store
//!   and sync. It is what a patient downloads before Today.
//! - Everything else is fetched when first needed: **Records** (the diary day by day, my
//!   medicines), **Patterns** (the engine and charts), **Relax** (tracks, the player and the
//!   breathing pacer), **Reminders** (reminders, quiet hours and turning notifications on), **Plan**
//!   (My plan: goals and the summaries of sessions),
//!   **Sharing** (sharing and My data), **Supporters** (carers', workers' and admins' screens) and
//!   **Account** (creating an account, choosing a password, and More).
//!
//! This table is the one place that says which part serves which path. The server uses it to
//! answer a page load, the service worker (which gets it written into `sw.js` by the bundler) to
//! answer one offline, and each part to notice a link that belongs to another part and load it.
//!
//! Adding a screen: put its route in the part it belongs to (never Sign-in or Patient unless it is
//! part of logging an entry), and, if its path starts a new prefix, add the prefix here.

use serde::Serialize;

use crate::api::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    SignIn,
    Account,
    Patient,
    Records,
    Patterns,
    Relax,
    Reminders,
    Plan,
    Sharing,
    Supporters,
}

/// Paths that belong to a part other than Patient: the path itself and everything below it.
/// Anything else (Today at `/`, Help, and unknown paths) is the patient's core.
pub const ROUTES: &[(&str, Part)] = &[
    ("/signin", Part::SignIn),
    ("/diary", Part::Records),
    ("/medicines", Part::Records),
    ("/signup", Part::Account),
    ("/password", Part::Account),
    ("/more", Part::Account),
    ("/settings", Part::Account),
    ("/devices", Part::Account),
    ("/patterns", Part::Patterns),
    ("/relax", Part::Relax),
    ("/reminders", Part::Reminders),
    ("/plan", Part::Plan),
    ("/sharing", Part::Sharing),
    ("/my-data", Part::Sharing),
    ("/people", Part::Supporters),
    ("/caseload", Part::Supporters),
    ("/admin", Part::Supporters),
];

impl Part {
    pub const ALL: [Part; 10] = [
        Part::SignIn,
        Part::Account,
        Part::Patient,
        Part::Records,
        Part::Patterns,
        Part::Relax,
        Part::Reminders,
        Part::Plan,
        Part::Sharing,
        Part::Supporters,
    ];

    /// The name used for its files (`patient-<hash>.js`) and in `parts.json`.
    pub fn name(self) -> &'static str {
        match self {
            Part::SignIn => "signin",
            Part::Account => "account",
            Part::Patient => "patient",
            Part::Records => "records",
            Part::Patterns => "patterns",
            Part::Relax => "relax",
            Part::Reminders => "reminders",
            Part::Plan => "plan",
            Part::Sharing => "sharing",
            Part::Supporters => "supporters",
        }
    }

    /// The HTML file in `dist/` that a page load of this part is answered with.
    pub fn page(self) -> &'static str {
        match self {
            Part::Patient => "/index.html",
            Part::SignIn => "/signin.html",
            Part::Records => "/records.html",
            Part::Account => "/account.html",
            Part::Patterns => "/patterns.html",
            Part::Relax => "/relax.html",
            Part::Reminders => "/reminders.html",
            Part::Plan => "/plan.html",
            Part::Sharing => "/sharing.html",
            Part::Supporters => "/supporters.html",
        }
    }

    /// Whether the part is a WebAssembly app (all but the static sign-in page).
    pub fn is_wasm(self) -> bool {
        self != Part::SignIn
    }

    /// The part that answers a page load of `path` (query and fragment already removed).
    pub fn for_path(path: &str) -> Part {
        ROUTES.iter().find(|(prefix, _)| path_is_under(path, prefix)).map_or(Part::Patient, |&(_, part)| part)
    }

    /// The parts someone in this role may open, fetched in the background once they are signed
    /// in so that all of their screens work offline afterwards.
    pub fn for_role(role: Role) -> &'static [Part] {
        match role {
            Role::Patient => &[
                Part::Patient,
                Part::Records,
                Part::Patterns,
                Part::Relax,
                Part::Reminders,
                Part::Plan,
                Part::Sharing,
                Part::Account,
            ],
            Role::Carer | Role::Worker | Role::Admin => &[Part::Supporters, Part::Patient, Part::Account],
        }
    }
}

/// `/sharing` and `/sharing/invite` are under `/sharing`; `/sharingx` is not.
fn path_is_under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_go_to_their_part() {
        assert_eq!(Part::for_path("/"), Part::Patient);
        assert_eq!(Part::for_path("/more"), Part::Account);
        assert_eq!(Part::for_path("/diary"), Part::Records);
        assert_eq!(Part::for_path("/no-such-page"), Part::Patient);
        assert_eq!(Part::for_path("/signin"), Part::SignIn);
        assert_eq!(Part::for_path("/signup"), Part::Account);
        assert_eq!(Part::for_path("/patterns"), Part::Patterns);
        assert_eq!(Part::for_path("/reminders"), Part::Reminders);
        assert_eq!(Part::for_path("/patterns/"), Part::Patterns);
        assert_eq!(Part::for_path("/sharing/invite"), Part::Sharing);
        assert_eq!(Part::for_path("/people/0b6c/notes"), Part::Supporters);
        assert_eq!(Part::for_path("/caseload/enrol"), Part::Supporters);
    }

    #[test]
    fn a_prefix_is_a_whole_path_segment() {
        assert_eq!(Part::for_path("/patternsx"), Part::Patient);
        assert_eq!(Part::for_path("/admin-help"), Part::Patient);
    }

    #[test]
    fn every_part_has_its_own_page_and_name() {
        for (i, a) in Part::ALL.iter().enumerate() {
            for b in &Part::ALL[i + 1..] {
                assert_ne!(a.page(), b.page());
                assert_ne!(a.name(), b.name());
            }
        }
    }

    #[test]
    fn everyone_can_reach_a_page_they_start_on() {
        // Every role's parts include the patient core (Help) and Account (More) for everyone.
        for role in [Role::Patient, Role::Carer, Role::Worker, Role::Admin] {
            assert!(Part::for_role(role).contains(&Part::Patient));
            assert!(Part::for_role(role).contains(&Part::Account));
            assert!(!Part::for_role(role).contains(&Part::SignIn));
        }
    }
}
