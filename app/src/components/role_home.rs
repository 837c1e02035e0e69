//! Where each role starts, and the bottom navigation for carers, workers and admins (patients keep
//! Today · Diary · Patterns · Relax · More). Help stays one tap away in the top bar for everyone.

use evenkeel_domain::api::Role;
use leptos::prelude::*;

use crate::components::icon::IconName;
use crate::router::Here;
use crate::session::Session;

/// The first screen for this role.
pub fn home_for(role: Role) -> &'static str {
    match role {
        Role::Patient => "/",
        Role::Carer => "/people",
        Role::Worker => "/caseload",
        Role::Admin => "/admin",
    }
}

/// The bottom navigation for roles other than patient; `None` for a patient.
pub fn nav_items(role: Role) -> Option<&'static [(&'static str, &'static str, IconName)]> {
    match role {
        Role::Patient => None,
        Role::Carer => Some(&[("/people", "People", IconName::Diary), ("/more", "More", IconName::More)]),
        Role::Worker => Some(&[
            ("/caseload", "Caseload", IconName::Diary),
            ("/caseload/enrol", "Enrol", IconName::Today),
            ("/more", "More", IconName::More),
        ]),
        Role::Admin => Some(&[("/admin", "Workers", IconName::Diary), ("/more", "More", IconName::More)]),
    }
}

/// Patient-only screens: others opening them go to their own home instead.
const PATIENT_ONLY: [&str; 5] = ["/", "/diary", "/patterns", "/relax", "/medicines"];

/// Renders nothing; sends a carer, worker or admin who lands on a patient screen to their home.
#[component]
pub fn RoleHome() -> impl IntoView {
    let session = Session::expect();
    let here = Here::expect();
    Effect::new(move |_| {
        let Some(role) = session.profile().map(|p| p.role) else { return };
        if role == Role::Patient {
            return;
        }
        if PATIENT_ONLY.iter().any(|&path| here.is(path)) {
            here.go(home_for(role), true);
        }
    });
}

/// Whose diary the back link leads to: People for carers, Caseload for workers.
pub fn people_home() -> &'static str {
    match Session::expect().profile().map(|p| p.role) {
        Some(Role::Worker) => "/caseload",
        _ => "/people",
    }
}
