//! Waiting without blocking the page: a promise that a browser timer resolves.

/// Resolves after `ms` milliseconds; with 0, in the browser's next task, so the page can draw and
/// answer a tap in between two slices of work.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
