//! Tells the person, kindly, that the server can't be reached and that the app still works.
//! Always in the page (hidden when online) so screen readers announce it when it appears.

use leptos::prelude::*;

use crate::connectivity::Connectivity;

#[component]
pub fn OfflineBanner() -> impl IntoView {
    let connectivity = Connectivity::expect();
    view! {
        <div id="offline-banner" role="status" class="offline-banner" hidden=move || !connectivity.is_offline()>
            <p>
                "You're offline. You can keep using the app; anything you log will be kept on this phone."
            </p>
            <button type="button" class="link-button" on:click=move |_| connectivity.recheck()>
                "Check again"
            </button>
        </div>
    }
}
