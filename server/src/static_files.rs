//! Serves the built app from `dist/`: real files as themselves, every other path (a screen of the
//! app) as the page of the part that holds that screen (`evenkeel_domain::parts`). Hashed assets
//! are cached for a year; everything else is revalidated.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::HttpResponse;
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use evenkeel_domain::parts::Part;

pub fn service(dist: &Path) -> Files {
    let dist_for_pages = dist.to_path_buf();
    Files::new("/", dist).index_file("index.html").default_handler(fn_service(move |req: ServiceRequest| {
        let dist = dist_for_pages.clone();
        async move { part_page(req, &dist).await }
    }))
}

/// The HTML pages of every part, for the Content-Security-Policy's script hashes.
pub fn pages(dist: &Path) -> Vec<String> {
    Part::ALL.iter().filter_map(|part| std::fs::read_to_string(page_file(dist, *part)).ok()).collect()
}

fn page_file(dist: &Path, part: Part) -> PathBuf {
    dist.join(part.page().trim_start_matches('/'))
}

async fn part_page(req: ServiceRequest, dist: &Path) -> actix_web::Result<ServiceResponse> {
    let (req, _) = req.into_parts();
    // A missing file with an extension (an old asset, robots.txt) is a real 404, not the app.
    let looks_like_a_file = req.path().rsplit('/').next().is_some_and(|last| last.contains('.'));
    let page = page_file(dist, Part::for_path(req.path()));
    let response = match NamedFile::open(page) {
        Ok(file) if !looks_like_a_file => file.into_response(&req),
        Ok(_) => HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("Not found"),
        Err(_) => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("The app has not been built yet: run `scripts/build-app.sh` (the README's first command does)."),
    };
    Ok(ServiceResponse::new(req, response))
}

/// `Cache-Control` for a path: API answers are never stored; the bundler's content-hashed files never
/// change; the rest (index.html, sw.js, the manifest) must be revalidated so updates arrive.
pub fn cache_control_for(path: &str) -> &'static str {
    if is_track_file(path) {
        crate::routes::relaxation::CACHE_FOREVER
    } else if path.starts_with("/api/") || path == "/api" {
        "no-store"
    } else if is_hashed_asset(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// A relaxation track's audio or transcript: the same bytes forever under its id, and no health data.
fn is_track_file(path: &str) -> bool {
    path.strip_prefix("/api/relaxation/tracks/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(id, file)| uuid::Uuid::parse_str(id).is_ok() && matches!(file, "audio" | "transcript"))
}

/// The bundler names built assets `name-<16 hex digits>[_bg].ext`.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

pub fn set_cache_control(res: &mut ServiceResponse) {
    let value = cache_control_for(res.request().path());
    res.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashed_assets_are_cached_forever() {
        assert_eq!(cache_control_for("/evenkeel-app-0123456789abcdef_bg.wasm"), "public, max-age=31536000, immutable");
        assert_eq!(cache_control_for("/evenkeel-app-0123456789abcdef.js"), "public, max-age=31536000, immutable");
        assert_eq!(cache_control_for("/style-0123456789abcdef.css"), "public, max-age=31536000, immutable");
        assert_eq!(cache_control_for("/index.html"), "no-cache");
        assert_eq!(cache_control_for("/sw.js"), "no-cache");
        assert_eq!(cache_control_for("/manifest.webmanifest"), "no-cache");
        assert_eq!(cache_control_for("/api/me"), "no-store");
        let track = "/api/relaxation/tracks/9dd3a00e-1123-4ff8-a0f4-10ee708d62cc";
        assert_eq!(cache_control_for(&format!("{track}/audio")), "public, max-age=31536000, immutable");
        assert_eq!(cache_control_for(&format!("{track}/transcript")), "public, max-age=31536000, immutable");
        assert_eq!(cache_control_for("/api/relaxation/tracks"), "no-store");
        assert_eq!(cache_control_for("/api/relaxation/tracks/not-a-track/audio"), "no-store");
    }
}
