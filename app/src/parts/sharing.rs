//! Sharing (invites with their QR code, scopes, who has looked) and My data (download, delete).

use evenkeel_domain::parts::Part;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::offline_banner::OfflineBanner;
use crate::components::shell::Shell;
use crate::pages::{my_data::MyData, sharing::Sharing, sharing_audit::SharingAudit, sharing_invite::SharingInvite};
use crate::parts::{Elsewhere, provide_state};

#[component]
pub fn App() -> impl IntoView {
    provide_state(Part::Sharing);
    view! {
        <Router>
            <OfflineBanner/>
            <Routes fallback=Elsewhere>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("sharing") view=Sharing/>
                    <Route path=path!("sharing/invite") view=SharingInvite/>
                    <Route path=path!("sharing/audit") view=SharingAudit/>
                    <Route path=path!("my-data") view=MyData/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
