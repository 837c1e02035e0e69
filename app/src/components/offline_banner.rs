//! Tells the person, kindly, that the server can't be reached and that the app still works.
//! Always in the page (hidden when online) so screen readers announce it when it appears.

use leptos::prelude::*;

use crate::connectivity::Connectivity;
use crate::session::{Session, Status};

#[component]
pub fn OfflineBanner() -> impl IntoView {
    let connectivity = Connectivity::expect();
    let session = Session::expect();
    // Signed out, the app can't do much offline: say so rather than promise what it can't keep.
    let message = move || match session.status() {
        Status::SignedOut => "You're offline. Signing in needs a connection, so please try again when you have signal.",
        _ => "You're offline. You can keep using the app; anything you log will be kept on this phone.",
    };
    view! {
        <div id="offline-banner" role="status" class="offline-banner" hidden=move || !connectivity.is_offline()>
            <p>{message}</p>
            <button type="button" class="link-button" on:click=move |_| connectivity.recheck()>
                "Check again"
            </button>
        </div>
    }
}
