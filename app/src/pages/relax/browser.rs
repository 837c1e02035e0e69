//! The browser APIs of `relax.js`, each optional: the kept-audio cache, wake lock, lock-screen
//! controls, soft tones and vibration.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/relax.js")]
extern "C" {
    #[wasm_bindgen(js_name = keepTrack, catch)]
    pub async fn keep_track(audio_url: &str, transcript_url: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = forgetTrack, catch)]
    pub async fn forget_track(audio_url: &str, transcript_url: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = keptPaths, catch)]
    async fn kept_paths_js() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = keptText, catch)]
    async fn kept_text_js(url: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = prefersReducedMotion)]
    pub fn prefers_reduced_motion() -> bool;
    #[wasm_bindgen(js_name = wakeLock)]
    async fn wake_lock_js() -> JsValue;
    #[wasm_bindgen(js_name = releaseWakeLock)]
    pub fn release_wake_lock(lock: &JsValue);
    #[wasm_bindgen(js_name = mediaSession)]
    pub fn media_session(
        title: &str,
        on_play: &Closure<dyn Fn()>,
        on_pause: &Closure<dyn Fn()>,
        on_back: &Closure<dyn Fn()>,
    );
    pub fn tone(from: f64, to: f64, seconds: f64);
    pub fn vibrate(ms: u32);
}

/// The paths (`/api/relaxation/tracks/…/audio`) kept on this phone.
pub async fn kept_paths() -> Vec<String> {
    let Ok(list) = kept_paths_js().await else { return Vec::new() };
    js_sys::Array::from(&list).iter().filter_map(|v| v.as_string()).collect()
}

/// A kept transcript's words.
pub async fn kept_text(url: &str) -> Option<String> {
    kept_text_js(url).await.ok()?.as_string()
}

/// Keeps the screen on while the pacer runs; `None` where the browser can't.
pub async fn wake_lock() -> Option<JsValue> {
    let lock = wake_lock_js().await;
    (!lock.is_null() && !lock.is_undefined()).then_some(lock)
}

/// "4.1 MB" for a size in bytes.
pub fn megabytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_000_000.0)
}
