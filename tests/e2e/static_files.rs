//! The built app is served as an installable PWA: real files as themselves, each screen's path as
//! the page of the part that holds it, hashed assets cached for good and compressed.

use evenkeel_tests::{Api, Backend, TestServer};
use reqwest::StatusCode;

async fn get(server: &TestServer, path: &str, accept_encoding: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .no_gzip()
        .build()
        .expect("client")
        .get(server.url(path))
        .header("accept-encoding", accept_encoding)
        .send()
        .await
        .expect("request")
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// The width and height written in a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    Some((w, h))
}

#[tokio::test]
async fn the_app_its_routes_and_its_files_are_served_properly() {
    let server = TestServer::start(Backend::Sqlite).await;

    let index = get(&server, "/", "identity").await;
    assert_eq!(index.status(), StatusCode::OK);
    assert!(header(&index, "content-type").starts_with("text/html"));
    assert_eq!(header(&index, "cache-control"), "no-cache");
    let csp = header(&index, "content-security-policy");
    assert!(csp.contains("'sha256-"), "the pages' start-up scripts must be allowed by hash: {csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let html = index.text().await.unwrap_or_default();

    // A screen's path opens the page of its part (an unknown one, the patient core, which says
    // "not found"); a missing file is a real 404.
    for (path, script) in [
        ("/no-such-screen", "/patient-"),
        ("/diary", "/records-"),
        ("/patterns", "/patterns-"),
        ("/sharing/invite", "/sharing-"),
        ("/people/0b6c0d2e", "/supporters-"),
        ("/signin", "/signin-"),
    ] {
        let res = get(&server, path, "identity").await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let text = res.text().await.unwrap_or_default();
        let first_script = text.split('"').find(|s| s.ends_with(".js") && s.starts_with('/')).unwrap_or_default();
        assert!(first_script.starts_with(script), "{path} opens the part of {script}: {first_script}");
    }
    assert_eq!(get(&server, "/robots-missing.txt", "identity").await.status(), StatusCode::NOT_FOUND);

    // Every page's start-up script is allowed by the policy, and only by its hash.
    for path in ["/patterns", "/signup", "/caseload"] {
        let res = get(&server, path, "identity").await;
        assert_eq!(header(&res, "content-security-policy"), csp, "one policy for every page");
        let text = res.text().await.unwrap_or_default();
        let script = text.split("<script type=\"module\">").nth(1).and_then(|s| s.split("</script>").next());
        let script = script.unwrap_or_else(|| panic!("{path} has its start-up script"));
        use base64::Engine;
        use sha2::Digest;
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script.as_bytes()));
        assert!(csp.contains(&hash), "{path}'s script is allowed: {csp}");
    }

    // The service worker is itself, at the root, never the HTML fallback.
    let sw = get(&server, "/sw.js", "identity").await;
    assert_eq!(sw.status(), StatusCode::OK);
    assert!(header(&sw, "content-type").contains("javascript"));
    assert_eq!(header(&sw, "cache-control"), "no-cache");

    // Hashed wasm: cached for a year, compressed with brotli when asked.
    let wasm_path =
        html.split(['"', '\'']).find(|s| s.ends_with("_bg.wasm")).expect("index.html names the wasm file").to_owned();
    let wasm = get(&server, &wasm_path, "br, gzip").await;
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(header(&wasm, "cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(header(&wasm, "content-encoding"), "br");
    // As application/wasm, which a browser needs to compile it while it downloads.
    assert_eq!(header(&wasm, "content-type"), "application/wasm");
    assert_eq!(header(&wasm, "vary"), "accept-encoding");
    let sent = wasm.bytes().await.expect("body").to_vec();
    let plain = get(&server, &wasm_path, "identity").await.bytes().await.expect("body").to_vec();
    let mut unpacked = Vec::new();
    brotli::BrotliDecompress(&mut sent.as_slice(), &mut unpacked).expect("brotli");
    assert!(unpacked == plain, "the brotli copy is the module itself");
    // Compressed once at brotli's best, not on the fly: smaller than brotli's quality 5 makes it.
    let mut quality_5 = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 5, ..Default::default() };
    brotli::BrotliCompress(&mut plain.as_slice(), &mut quality_5, &params).expect("brotli");
    assert!(sent.len() < quality_5.len() * 9 / 10, "{} bytes sent, {} at quality 5", sent.len(), quality_5.len());
    assert_eq!(header(&get(&server, &wasm_path, "gzip").await, "content-encoding"), "gzip");
    assert_eq!(header(&get(&server, &wasm_path, "br;q=0, gzip").await, "content-encoding"), "gzip");
}

#[tokio::test]
async fn the_manifest_makes_the_app_installable() {
    let server = TestServer::start(Backend::Sqlite).await;
    let html = get(&server, "/", "identity").await.text().await.unwrap_or_default();
    assert!(html.contains("rel=manifest") || html.contains("rel=\"manifest\""), "index.html links the manifest");

    let manifest = Api::new(&server.base_url).get("/manifest.webmanifest", None).await;
    assert_eq!(manifest.status, StatusCode::OK);
    let m = &manifest.body;
    assert_eq!(m["name"], "Even Keel");
    assert_eq!(m["start_url"], "/");
    assert_eq!(m["display"], "standalone");
    assert!(m["theme_color"].is_string() && m["background_color"].is_string() && m["short_name"].is_string());

    let icons = m["icons"].as_array().expect("icons");
    let mut seen = Vec::new();
    for icon in icons {
        let src = icon["src"].as_str().unwrap_or_default();
        let bytes = get(&server, &format!("/{}", src.trim_start_matches('/')), "identity")
            .await
            .bytes()
            .await
            .unwrap_or_default();
        let (w, h) = png_size(&bytes).unwrap_or_else(|| panic!("{src} is not a PNG"));
        assert_eq!(icon["sizes"], format!("{w}x{h}"), "{src} has the size it claims");
        seen.push((w, icon["purpose"].as_str().unwrap_or("any").to_owned()));
    }
    for (size, purpose) in [(192, "any"), (512, "any"), (512, "maskable")] {
        assert!(seen.iter().any(|(w, p)| *w == size && p.contains(purpose)), "no {size} {purpose} icon in {seen:?}");
    }
}

/// HSTS, one year, on pages and API answers alike, but only when people reach the app over https.
#[tokio::test]
async fn an_https_public_origin_asks_browsers_to_stay_on_https() {
    let server = TestServer::start_with_args(Backend::Sqlite, &["--public-origin", "https://evenkeel.example"]).await;
    for path in ["/api/health", "/"] {
        let res = get(&server, path, "identity").await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&res, "strict-transport-security"), "max-age=31536000", "{path}");
    }
}

/// A plain-http run (no public origin, or an `http://` one) must stay reachable over http: no HSTS.
#[tokio::test]
async fn without_an_https_public_origin_there_is_no_hsts() {
    for args in [&[][..], &["--public-origin", "http://localhost:8080"][..]] {
        let server = TestServer::start_with_args(Backend::Sqlite, args).await;
        for path in ["/api/health", "/"] {
            let res = get(&server, path, "identity").await;
            assert_eq!(res.status(), StatusCode::OK, "{args:?} {path}");
            assert!(res.headers().get("strict-transport-security").is_none(), "{args:?} {path}: {:?}", res.headers());
        }
    }
}

#[tokio::test]
async fn a_public_origin_that_is_not_an_http_origin_stops_the_server_at_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    for origin in ["ftp://x", "https://x/path", "evenkeel.example"] {
        let mut cmd = tokio::process::Command::new(evenkeel_tests::server::binary());
        cmd.arg("serve")
            .env("EVENKEEL_PUBLIC_ORIGIN", origin)
            .env("EVENKEEL_ADDR", "127.0.0.1:0")
            .env("DATABASE_URL", format!("sqlite://{}", dir.path().join("db.sqlite").display()))
            .env("EVENKEEL_SECRET_KEY_FILE", dir.path().join("secret.key"))
            .env("EVENKEEL_PUSH", "false")
            // Should the check ever be skipped, the server would run on: stop it rather than hang.
            .kill_on_drop(true);
        let out = tokio::time::timeout(std::time::Duration::from_secs(30), cmd.output())
            .await
            .unwrap_or_else(|_| panic!("{origin}: the server started instead of stopping"))
            .expect("run evenkeel");
        assert!(!out.status.success(), "{origin} must stop the server");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("EVENKEEL_PUBLIC_ORIGIN"), "{origin}: {said}");
    }
}
