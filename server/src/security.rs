//! Security headers for every response, and a Content-Security-Policy strict enough to allow only
//! our own scripts: the inline start-up script of each part's page is allowed by its SHA-256 hash
//! (computed from the built pages at start), and WebAssembly by 'wasm-unsafe-eval'. When the public
//! origin (EVENKEEL_PUBLIC_ORIGIN) is `https://`, HSTS too.

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

/// One year, for the app's own host only. No `includeSubDomains`: the practice's other hosts under
/// the same domain are not ours to commit to https. No `preload`: it asks browsers to hard-code the
/// whole domain (and needs `includeSubDomains`), which only the domain's owner can decide.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// The headers every response carries. HSTS follows the public origin, not the connection: behind a
/// TLS-terminating proxy the server itself sees plain http, and a plain-http local run (no origin,
/// or an `http://` one) must get no HSTS at all.
pub fn headers(csp: &str, public_origin: Option<&PublicOrigin>) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add(("Content-Security-Policy", csp.to_owned()))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add(("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"));
    match public_origin {
        Some(origin) if origin.is_https() => headers.add(("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)),
        _ => headers,
    }
}

/// EVENKEEL_PUBLIC_ORIGIN, checked at start: the scheme, host and port people use to reach the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOrigin {
    origin: String,
    https: bool,
}

impl PublicOrigin {
    /// `http://host[:port]` or `https://host[:port]` (a trailing `/` is dropped); another scheme, a
    /// path, a query or user info is refused with a sentence that names the variable.
    pub fn parse(value: &str) -> Result<Self, String> {
        let refuse = || {
            format!(
                "EVENKEEL_PUBLIC_ORIGIN must be an http:// or https:// origin without a path, \
                 such as https://evenkeel.practice.example (got {value:?})"
            )
        };
        let (scheme, rest) = value.trim().split_once("://").ok_or_else(refuse)?;
        let https = match scheme.to_ascii_lowercase().as_str() {
            "https" => true,
            "http" => false,
            _ => return Err(refuse()),
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if !is_host_and_port(authority) {
            return Err(refuse());
        }
        let scheme = if https { "https" } else { "http" };
        Ok(Self { origin: format!("{scheme}://{}", authority.to_ascii_lowercase()), https })
    }

    pub fn as_str(&self) -> &str {
        &self.origin
    }

    pub fn is_https(&self) -> bool {
        self.https
    }
}

/// `host`, `host:port` or `[ipv6]:port`, where a host is a DNS name or IPv4 address (letters, digits,
/// `-` and `.`; international names in their `xn--` form).
fn is_host_and_port(authority: &str) -> bool {
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (authority, None),
    };
    let port_ok = port.is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok());
    let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => v6.contains(':') && v6.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.'),
        None => !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'),
    };
    port_ok && host_ok
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

    #[test]
    fn a_public_origin_is_a_scheme_and_a_host_and_nothing_more() {
        for (value, origin, https) in [
            ("https://evenkeel.practice.example", "https://evenkeel.practice.example", true),
            ("https://EvenKeel.Example/", "https://evenkeel.example", true),
            ("http://localhost:8080", "http://localhost:8080", false),
            ("HTTP://127.0.0.1", "http://127.0.0.1", false),
            ("https://[::1]:8443", "https://[::1]:8443", true),
        ] {
            let parsed = PublicOrigin::parse(value).unwrap_or_else(|e| panic!("{value}: {e}"));
            assert_eq!((parsed.as_str(), parsed.is_https()), (origin, https), "{value}");
        }
        for value in [
            "",
            "evenkeel.example",
            "ftp://x",
            "https://",
            "https://x/path",
            "https://x//",
            "https://x?query",
            "https://x#top",
            "https://user@x",
            "https://x:",
            "https://x:99999",
            "https://x:+1",
            "https://exa mple.org",
        ] {
            let said = PublicOrigin::parse(value).err().unwrap_or_else(|| panic!("{value:?} must be refused"));
            assert!(said.contains("EVENKEEL_PUBLIC_ORIGIN"), "{said}");
        }
    }
}
