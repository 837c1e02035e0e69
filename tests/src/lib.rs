//! Support for the end-to-end tests: start the real `evenkeel` binary on a fresh database, talk to
//! it over HTTP, and drive the real app in headless Chromium.

pub mod api;
pub mod browser;
pub mod db;
pub mod midnight;
pub mod people;
pub mod postgres;
pub mod push_receiver;
pub mod server;
pub mod smtp_receiver;
pub mod tokens;

pub use api::Api;
pub use server::{Backend, TestServer};

/// The workspace root (the tests crate lives one level below it).
pub fn workspace_root() -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The files of a `My data` export zip by name (without the `evenkeel-export/` folder), as text.
pub fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut files = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("a file in the zip");
        let mut text = String::new();
        file.read_to_string(&mut text).expect("UTF-8 text");
        files.insert(file.name().trim_start_matches("evenkeel-export/").to_owned(), text);
    }
    files
}

/// Runs the same test body on each backend: `both_backends!(name, async_fn)` makes `name::sqlite`
/// and `name::postgres` (the latter says it was skipped when `TEST_POSTGRES_URL` is not set).
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if !$crate::postgres::available(concat!(module_path!(), "::postgres")) {
                    return;
                }
                super::$name($crate::Backend::Postgres).await;
            }
        }
    )*};
}
