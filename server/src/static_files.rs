//! Serves the built app from `dist/`: real files as themselves, every other path (a screen of the
//! app) as the page of the part that holds that screen (`evenkeel_domain::parts`). Hashed assets
//! are cached for a year; everything else is revalidated.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{ACCEPT_ENCODING, CACHE_CONTROL, ContentEncoding, HeaderValue, VARY};
use actix_web::{HttpRequest, HttpResponse, web};
use evenkeel_domain::parts::Part;

/// The app's files: its scripts, modules and stylesheets from their brotli copies where the browser
/// takes brotli, then every other file, then every screen's page.
pub fn configure(cfg: &mut web::ServiceConfig, dist: &Path) {
    let dist_for_assets = dist.to_path_buf();
    cfg.route(
        "/{file:[^/]+[.](?:wasm|js|css)}",
        web::get().to(move |req: HttpRequest| {
            let dist = dist_for_assets.clone();
            async move { asset(&req, &dist) }
        }),
    );
    let dist_for_pages = dist.to_path_buf();
    cfg.service(Files::new("/", dist).index_file("index.html").default_handler(fn_service(
        move |req: ServiceRequest| {
            let dist = dist_for_pages.clone();
            async move { part_page(req, &dist).await }
        },
    )));
}

/// A script, module or stylesheet: its `.br` copy (written by the bundler at brotli's best) when
/// it is a hashed file and the browser takes brotli, else the file itself (which the server
/// compresses on the fly).
fn asset(req: &HttpRequest, dist: &Path) -> actix_web::Result<HttpResponse> {
    let name = req.match_info().query("file");
    // One plain file name in dist/, never a way out of it.
    if name.starts_with('.') || name.contains(['/', '\\']) {
        return Ok(HttpResponse::NotFound().finish());
    }
    let path = dist.join(name);
    // Only a hashed file's copy: its name changes with its bytes, so the copy cannot be stale.
    if is_hashed_asset(name) && takes_brotli(req) {
        let mut compressed = path.clone().into_os_string();
        compressed.push(".br");
        if let Ok(file) = NamedFile::open(compressed) {
            let ext = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or_default();
            let mut response = file
                .set_content_type(actix_files::file_extension_to_mime(ext))
                .set_content_encoding(ContentEncoding::Brotli)
                .into_response(req);
            response.headers_mut().insert(VARY, HeaderValue::from_static("accept-encoding"));
            return Ok(response);
        }
    }
    Ok(NamedFile::open(path)?.into_response(req))
}

/// Whether `Accept-Encoding` names brotli without refusing it (`br;q=0`).
fn takes_brotli(req: &HttpRequest) -> bool {
    let Some(accepted) = req.headers().get(ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    accepted.split(',').any(|coding| {
        let mut fields = coding.split(';').map(str::trim);
        fields.next().is_some_and(|name| name.eq_ignore_ascii_case("br"))
            && fields.all(|f| f.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()).is_none_or(|q| q > 0.0))
    })
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
    fn brotli_is_sent_only_when_the_browser_takes_it() {
        let takes = |accepted: &str| {
            takes_brotli(
                &actix_web::test::TestRequest::default().insert_header((ACCEPT_ENCODING, accepted)).to_http_request(),
            )
        };
        assert!(takes("gzip, deflate, br, zstd"));
        assert!(takes("BR;q=0.5"));
        assert!(!takes("gzip, deflate"));
        assert!(!takes("br;q=0, gzip"));
        assert!(!takes("brotli"));
        assert!(!takes_brotli(&actix_web::test::TestRequest::default().to_http_request()));
    }

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
