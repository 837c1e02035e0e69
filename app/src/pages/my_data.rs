//! My data (More → My data): download everything as a zip, or delete the account for good
//! (password to confirm; says plainly what goes).

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::components::text_field::TextField;
use crate::session::Session;
use crate::sharing_api::SharingApi;
use crate::store::Store;

/// Hands bytes to the browser as a file download (a Blob URL and an `<a download>`).
fn save_file(bytes: &[u8], name: &str, mime: &str) -> Result<(), ()> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|_| ())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ())?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or(())?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(|_| ())?.dyn_into().map_err(|_| ())?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

#[component]
pub fn MyData() -> impl IntoView {
    let api = SharingApi::expect();
    let session = Session::expect();
    let store = Store::expect();
    let download_state = RwSignal::new(None::<String>);
    let downloading = RwSignal::new(false);
    let password = RwSignal::new(String::new());
    let delete_error = RwSignal::new(None::<String>);
    let deleting = RwSignal::new(false);

    let download = move |_| {
        if downloading.get_untracked() {
            return;
        }
        downloading.set(true);
        download_state.set(Some("Preparing your download…".into()));
        spawn_local(async move {
            let result = api.export().await;
            downloading.try_set(false);
            let message = match result {
                Ok(bytes) => match save_file(&bytes, "evenkeel-export.zip", "application/zip") {
                    Ok(()) => "Downloaded: evenkeel-export.zip (in your downloads).".to_owned(),
                    Err(()) => "This browser wouldn't save the file. Please try another browser.".to_owned(),
                },
                Err(e) => e.message(),
            };
            download_state.try_set(Some(message));
        });
    };

    let password_error = Signal::derive(move || delete_error.get());
    let delete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if deleting.get_untracked() {
            return;
        }
        let typed = password.get_untracked();
        if typed.is_empty() {
            delete_error.set(Some("Type your password to confirm it is you.".into()));
            return;
        }
        deleting.set(true);
        delete_error.set(None);
        spawn_local(async move {
            let result = api.delete_account(typed).await;
            deleting.try_set(false);
            match result {
                Ok(()) => {
                    // Everything is gone on the server: clear this phone too, then sign out.
                    let _ = store.clear().await;
                    session.sign_out();
                }
                Err(e) => {
                    delete_error.try_set(Some(e.message()));
                }
            }
        });
    };

    view! {
        <main class="page my-data" data-page="my-data">
            <p class="back-row"><a class="back-button" href="/more">"‹ More"</a></p>
            <h1>"My data"</h1>
            <section class="card" aria-labelledby="download-title">
                <h2 id="download-title">"Download everything"</h2>
                <p>"A zip file with your account, every diary entry (as spreadsheets too), who you share with, notes, and who has looked at your diary."</p>
                <button type="button" class="button primary wide" id="download-data" on:click=download
                    aria-disabled=move || downloading.get().then_some("true")>"Download my data"</button>
                <p role="status" id="download-status">{move || download_state.get()}</p>
            </section>
            <section class="card danger-zone" aria-labelledby="delete-title">
                <h2 id="delete-title">"Delete my account"</h2>
                <p>"This can't be undone. It removes:"</p>
                <ul>
                    <li>"your whole diary — pain, doses, activity, mood and sleep"</li>
                    <li>"notes about you, and the record of who looked at your diary"</li>
                    <li>"all sharing: carers and workers stop seeing anything at once"</li>
                    <li>"your sign-in on every phone and computer"</li>
                </ul>
                <p>"You may want to download your data first."</p>
                <form class="code-form" novalidate on:submit=delete>
                    <TextField id="delete-password" label="Your password" value=password error=password_error
                        input_type="password" autocomplete="current-password" hint="To make sure it is really you."/>
                    <button type="submit" class="button danger wide" id="delete-account"
                        aria-disabled=move || deleting.get().then_some("true")>
                        {move || if deleting.get() { "Deleting…" } else { "Delete my account for good" }}
                    </button>
                </form>
            </section>
        </main>
    }
}
