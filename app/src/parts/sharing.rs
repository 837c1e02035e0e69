//! Sharing (invites with their QR code, scopes, who has looked) and My data (download, delete).

use evenkeel_domain::parts::Part;
use leptos::prelude::*;

use crate::pages::{my_data::MyData, sharing::Sharing, sharing_audit::SharingAudit, sharing_invite::SharingInvite};
use crate::router::{Route, Screen};

#[component]
pub fn App() -> impl IntoView {
    crate::parts::app(Part::Sharing, routes)
}

fn routes(path: &str) -> Option<Route> {
    let screen: Screen = match path {
        "sharing" => || view! { <Sharing/> }.into_any(),
        "sharing/invite" => || view! { <SharingInvite/> }.into_any(),
        "sharing/audit" => || view! { <SharingAudit/> }.into_any(),
        "my-data" => || view! { <MyData/> }.into_any(),
        _ => return None,
    };
    Some(Route::Framed(screen))
}
