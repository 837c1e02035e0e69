//! Registers `/sw.js`, which keeps the app shell on the phone so the app opens with no signal.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

pub fn register() {
    let Some(window) = web_sys::window() else { return };
    let navigator = window.navigator();
    // Absent on plain http (not localhost) and in some private modes: the app then just works online.
    let supported = js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if !supported {
        return;
    }
    let promise = navigator.service_worker().register("/sw.js");
    leptos::task::spawn_local(async move {
        if let Err(error) = JsFuture::from(promise).await {
            web_sys::console::warn_2(&JsValue::from_str("Even Keel: offline support is unavailable:"), &error);
        }
    });
}
