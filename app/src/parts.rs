//! The app's parts, each its own WebAssembly file with its own page (`evenkeel_domain::parts` says
//! which paths each answers). Every part starts the same way — the shared state, the service
//! worker, the frame — and routes only its own screens (`crate::router`). A tap on a link to another
//! part's screen, or a move the code makes there, loads that part's page (from the service worker's
//! cache when it has it, so hopping between parts costs no network).
//!
//! Adding a screen: add its route to the part it belongs to below and, for a new path prefix, to
//! `evenkeel_domain::parts::ROUTES`. A new screen never goes into `patient` (what a patient
//! downloads before Today) unless it is part of logging an entry.

pub mod account;
pub mod patient;
pub mod patterns;
pub mod plan;
pub mod records;
pub mod relax;
pub mod reminders;
pub mod sharing;
pub mod supporters;

use evenkeel_domain::parts::Part;
use leptos::prelude::*;

use crate::components::notice::Notice;
use crate::components::offline_banner::OfflineBanner;
use crate::components::undo_toast::Undo;
use crate::connectivity::Connectivity;
use crate::router::{Here, Routes, Screens};
use crate::service_worker;
use crate::session::Session;
use crate::store::Store;
use crate::store::sync::Syncer;

/// Which part this WebAssembly file is.
#[derive(Clone, Copy)]
pub struct ThisPart(pub Part);

/// Starts a part: mounts the part's app behind the page's placeholder, which stays until the app
/// has a screen to show in its place ([`reveal`]), so a phone never sees an empty frame between
/// the two.
pub fn start<V: IntoView + 'static>(app: fn() -> V) {
    // No panic hook: the app is built with `panic=immediate-abort` (see the bundler), so a panic
    // stops the module without formatting a message a hook could show.
    leptos::mount::mount_to_body(app);
}

/// Takes the page's placeholder away, showing the app drawn behind it (app.css hides the app while
/// the placeholder is there). Called once a screen is ready; harmless when already done.
pub fn reveal() {
    if let Some(placeholder) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("placeholder"))
    {
        placeholder.remove();
    }
}

/// A part's page: the state every part shares, the offline banner and the screen the address shows.
pub fn app(part: Part, routes: Routes) -> impl IntoView {
    provide_state(part, routes);
    view! { <OfflineBanner/> <Screens/> }
}

/// The state every part shares: where the page is (this part's `routes`), connectivity, the
/// session, the diary on this phone and its sync loop, the Undo offer and notices; registers the
/// service worker and asks it to keep this person's parts for offline use.
fn provide_state(part: Part, routes: Routes) {
    provide_context(ThisPart(part));
    Here::provide(routes);
    let connectivity = Connectivity::provide();
    let session = Session::provide(connectivity);
    let store = Store::provide();
    Syncer::provide(store, session, connectivity);
    Undo::provide();
    let notice = Notice::provide();
    service_worker::register();
    if service_worker::build_changed() {
        // Gentle, once: the service worker fetched this version in the background last time.
        notice.show_here("Even Keel was updated to a new version.");
    }
    // Once we know who is signed in, fetch the rest of their screens in the background.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(role) = session.profile().map(|p| p.role) else { return false };
        service_worker::keep_for_offline(Part::for_role(role));
        true
    });
}
