//! Where each role starts, and the bottom navigation for carers, workers and admins (patients keep
//! Today · Diary · Patterns · Relax · More). Help stays one tap away in the top bar for everyone.

use evenkeel_domain::api::Role;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::components::icon::IconName;
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
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        let Some(role) = session.profile().map(|p| p.role) else { return };
        if role == Role::Patient {
            return;
        }
        let path = location.pathname.get();
        let path = if path.len() > 1 { path.trim_end_matches('/') } else { path.as_str() };
        if PATIENT_ONLY.contains(&path) {
            navigate(home_for(role), NavigateOptions { replace: true, ..Default::default() });
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
