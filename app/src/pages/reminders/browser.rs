//! The browser side of notifications (`push.js`), and the small things kept only on this phone:
//! each reminder's note (it never leaves the phone) and this phone's subscription id.

use std::collections::BTreeMap;

use uuid::Uuid;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/push.js")]
extern "C" {
    #[wasm_bindgen(js_name = pushSupport)]
    fn push_support() -> String;
    #[wasm_bindgen(js_name = pushSubscribe)]
    fn push_subscribe_js(public_key: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = pushUnsubscribe, catch)]
    pub async fn push_unsubscribe() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = phoneTimeZone)]
    pub fn phone_time_zone() -> String;
    #[wasm_bindgen(js_name = timeZones)]
    fn time_zones_js() -> js_sys::Array;
}

/// What this browser can do about notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// No Push API here (an old browser).
    Unsupported,
    /// An iPhone Safari tab: push works once the app is on the Home Screen.
    NeedsHomeScreen,
    NotAsked,
    Granted,
    Denied,
}

pub fn support() -> Support {
    match push_support().as_str() {
        "ios-home-screen" => Support::NeedsHomeScreen,
        "default" => Support::NotAsked,
        "granted" => Support::Granted,
        "denied" => Support::Denied,
        _ => Support::Unsupported,
    }
}

/// Starts the permission request now, inside the tap (Safari refuses it otherwise); the
/// returned promise gives the subscription's JSON, or fails with the permission's state.
pub fn subscribe(public_key: &str) -> wasm_bindgen_futures::JsFuture {
    wasm_bindgen_futures::JsFuture::from(push_subscribe_js(public_key))
}

pub fn time_zones() -> Vec<String> {
    time_zones_js().iter().filter_map(|v| v.as_string()).collect()
}

const NOTES: &str = "evenkeel.reminder-notes";
/// This phone's subscription id, to remove it at sign-out (read by `parts.js` too).
pub const SUBSCRIPTION_ID: &str = "evenkeel.push-subscription";
/// The "how to allow notifications" help was shown and put away: never shown again.
const DENIED_HELP_SEEN: &str = "evenkeel.push-denied-seen";

pub use crate::local_storage::{get, remove, set};

/// Every reminder's note, by reminder id.
pub fn notes() -> BTreeMap<Uuid, String> {
    get(NOTES).and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default()
}

pub fn set_note(id: Uuid, note: &str) {
    let mut all = notes();
    let note = note.trim();
    if note.is_empty() {
        all.remove(&id);
    } else {
        all.insert(id, note.to_owned());
    }
    if let Ok(json) = serde_json::to_string(&all) {
        set(NOTES, &json);
    }
}

pub fn denied_help_seen() -> bool {
    get(DENIED_HELP_SEEN).is_some()
}

pub fn put_denied_help_away() {
    set(DENIED_HELP_SEEN, "1");
}
