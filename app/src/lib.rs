//! Even Keel's phone app: a Leptos app rendered in the browser (CSR), built into `dist/` by
//! `evenkeel-bundler` as several parts (`parts`), each its own WebAssembly file and page, so a
//! phone downloads only what the screen in front of it needs.
//!
//! Every part sets up the same shared state (connectivity, the session that uses it, the local
//! diary store and its sync loop, the Undo offer), registers the service worker for offline use,
//! and routes its own screens inside the signed-in `Shell` (top bar with "Need help now?", bottom
//! navigation). Sign-in itself is a static page (`app/html/signin.html`).

pub mod account_api;
pub mod api;
pub mod appearance;
pub mod components;
pub mod connectivity;
pub mod insights_api;
pub mod local_storage;
pub mod pages;
pub mod parts;
pub mod plan_api;
pub mod reminders_api;
pub mod router;
pub mod service_worker;
pub mod session;
pub mod sharing_api;
pub mod store;
pub mod timers;
