//! Security headers for every response, and a Content-Security-Policy strict enough to allow only
//! our own scripts: the inline start-up script of each part's page is allowed by its SHA-256 hash
//! (computed from the built pages at start), and WebAssembly by 'wasm-unsafe-eval'.

use actix_web::middleware::DefaultHeaders;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// The CSP for the app's built pages.
pub fn content_security_policy(pages: &[String]) -> String {
    let hashes: std::collections::BTreeSet<String> = pages
        .iter()
        .flat_map(|page| inline_scripts(page))
        .map(|body| format!(" 'sha256-{}'", STANDARD.encode(Sha256::digest(body.as_bytes()))))
        .collect();
    let hashes: String = hashes.into_iter().collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; media-src 'self' blob:; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The bodies of `<script>` elements that have no `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attrs, after) = rest.split_once('>')?;
        if attrs.contains("src=") {
            return None;
        }
        let (body, _) = after.split_once("</script>")?;
        Some(body)
    })
}

pub fn headers(csp: &str) -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Content-Security-Policy", csp.to_owned()))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add(("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_hash_and_external_ones_by_self() {
        let page =
            |body: &str| format!(r#"<html><script src="/a.js"></script><script type="module">{body}</script></html>"#);
        let csp = content_security_policy(&[page("init()"), page("start()"), page("start()")]);
        for script in ["init()", "start()"] {
            let expected = STANDARD.encode(Sha256::digest(script.as_bytes()));
            assert!(csp.contains(&format!("'sha256-{expected}'")), "{csp}");
        }
        assert_eq!(csp.matches("'sha256-").count(), 2, "each page's script once");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
    }
}
