//! Registers `/sw.js`, which keeps the app's parts on the phone so the app opens with no signal,
//! and talks to it: which parts to keep, and whether this is the first open of a new version.

use evenkeel_domain::parts::Part;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/sw_client.js")]
extern "C" {
    #[wasm_bindgen(js_name = keep_for_offline)]
    fn keep_for_offline_js(parts: Vec<String>);
    /// True once, on the first open of a new version (the bundler writes the build into each page).
    pub fn build_changed() -> bool;
}

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

/// Asks the service worker to fetch these parts in the background (what it lacks) and keep them.
pub fn keep_for_offline(parts: &[Part]) {
    keep_for_offline_js(parts.iter().map(|p| p.name().to_owned()).collect());
}
