//! Even Keel's phone app: a Leptos app rendered in the browser (CSR), built by Trunk into `dist/`.
//!
//! `App` sets up the shared state (connectivity, the session that uses it, the local diary store
//! and its sync loop, the Undo offer), registers the
//! service worker for offline use, and routes: the sign-in pages stand alone; every other page sits
//! in the signed-in `Shell` (top bar with "Need help now?", bottom navigation).

pub mod api;
pub mod components;
pub mod connectivity;
pub mod insights_api;
pub mod pages;
pub mod service_worker;
pub mod session;
pub mod sharing_api;
pub mod store;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::notice::Notice;
use crate::components::offline_banner::OfflineBanner;
use crate::components::shell::Shell;
use crate::components::undo_toast::Undo;
use crate::connectivity::Connectivity;
use crate::pages::{
    admin::Admin,
    choose_password::ChoosePassword,
    my_data::MyData,
    people::{AddPerson, Enrol, People},
    person::Person,
};
use crate::pages::{diary::Diary, help::Help, more::More, not_found::NotFound, patterns::Patterns};
use crate::pages::{medicines::Medicines, relax::Relax, sign_in::SignIn, sign_up::SignUp, today::Today};
use crate::pages::{sharing::Sharing, sharing_audit::SharingAudit, sharing_invite::SharingInvite};
use crate::session::Session;
use crate::store::Store;
use crate::store::sync::Syncer;

#[component]
pub fn App() -> impl IntoView {
    let connectivity = Connectivity::provide();
    let session = Session::provide(connectivity);
    // The diary on this phone (IndexedDB), and the loop that keeps it in step with the server.
    let store = Store::provide();
    Syncer::provide(store, session, connectivity);
    Undo::provide();
    Notice::provide();
    service_worker::register();

    view! {
        <Router>
            <OfflineBanner/>
            <Routes fallback=NotFound>
                <Route path=path!("/signin") view=SignIn/>
                <Route path=path!("/signup") view=SignUp/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=Today/>
                    <Route path=path!("diary") view=Diary/>
                    <Route path=path!("patterns") view=Patterns/>
                    <Route path=path!("relax") view=Relax/>
                    <Route path=path!("more") view=More/>
                    <Route path=path!("medicines") view=Medicines/>
                    <Route path=path!("help") view=Help/>
                    // Sharing (issue 4): the patient's side, carers' and workers' screens, admin, my data.
                    <Route path=path!("sharing") view=Sharing/>
                    <Route path=path!("sharing/invite") view=SharingInvite/>
                    <Route path=path!("sharing/audit") view=SharingAudit/>
                    <Route path=path!("people") view=People/>
                    <Route path=path!("people/add") view=AddPerson/>
                    <Route path=path!("people/:patient_id") view=Person/>
                    <Route path=path!("caseload") view=crate::pages::caseload::Caseload/>
                    <Route path=path!("caseload/enrol") view=Enrol/>
                    <Route path=path!("admin") view=Admin/>
                    <Route path=path!("my-data") view=MyData/>
                    <Route path=path!("password") view=ChoosePassword/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
