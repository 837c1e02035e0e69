//! Registers `/sw.js`, which keeps the app's parts on the phone so the app opens with no signal,
//! and talks to it: which parts to keep, and whether this is the first open of a new version.

use evenkeel_domain::parts::Part;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(module = "/src/parts.js")]
extern "C" {
    #[wasm_bindgen(js_name = keep_for_offline)]
    fn keep_for_offline_js(parts: Vec<String>);
    /// True once, on the first open of a new version (the bundler writes the build into each page).
    pub fn build_changed() -> bool;
    /// Registers `/sw.js` and checks for a new build (nothing happens without service workers).
    pub fn register();
    /// Signing out: the server forgets this phone's push subscription and the browser ends it.
    pub fn forget_push(access_token: &str);
}

/// Asks the service worker to fetch these parts in the background (what it lacks) and keep them.
pub fn keep_for_offline(parts: &[Part]) {
    keep_for_offline_js(parts.iter().map(|p| p.name().to_owned()).collect());
}
