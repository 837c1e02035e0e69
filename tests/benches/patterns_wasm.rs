//! The pattern engine in the browser: `compute` over 2 years of dense diary, timed inside the release
//! build of the app (WASM) in headless Chromium at `/patterns?bench=1`, against the very same
//! computation run natively in this process, in the same run on the same machine.
//!
//! `scripts/build-app.sh --features bench --dist dist-bench && EVENKEEL_TEST_DIST=dist-bench cargo
//! bench -p evenkeel-tests --bench patterns_wasm` (needs `target/release/evenkeel`; the bench page
//! is test code, so only the `bench` feature builds it, never `dist/`). The aim is ≤ 100 ms in WASM
//! for the 2 years.
//!
//! The diary is what the app's bench page builds: `demo_weeks(2024-01-01, 104, seed)` for seeds 1–4
//! merged into one (~29,000 entries; see `app/src/pages/patterns/bench.rs`).

use std::time::{Duration, Instant};

use evenkeel_domain::patterns::speed_check::{self, Figures, RUNS, WEEKS};
use evenkeel_tests::browser::Browser;
use evenkeel_tests::{Api, Backend, TestServer};
use fantoccini::Locator;

const PASSWORD: &str = "kettle orchard blue";

fn native() -> Figures {
    let origin = Instant::now();
    speed_check::run(|| origin.elapsed().as_secs_f64() * 1e3)
}

async fn wasm() -> Figures {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let email = format!("bench{}@example.com", uuid::Uuid::new_v4().simple());
    let reply = api.register(&email, PASSWORD).await;
    assert_eq!(reply.status, reqwest::StatusCode::CREATED, "{:?}", reply.body);
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&server.url("/signin")).await.expect("open sign-in");
    browser.wait_for("#signin-email").await.send_keys(&email).await.expect("email");
    browser.wait_for("#signin-password").await.send_keys(PASSWORD).await.expect("password");
    browser.wait_for("#signin-submit").await.click().await.expect("sign in");
    browser.wait_for("nav[aria-label='Main']").await;
    c.goto(&server.url("/patterns?bench=1")).await.expect("open the bench page");
    let result = c
        .wait()
        .at_most(Duration::from_secs(600))
        .for_element(Locator::Css("#bench-result[data-median-ms]"))
        .await
        .expect("the bench page reports");
    let number = async |name: &str| -> f64 {
        let value = result.attr(name).await.ok().flatten().unwrap_or_default();
        value.parse().unwrap_or_else(|_| panic!("{name}={value:?}"))
    };
    let figures = Figures {
        entries: number("data-entries").await as usize,
        input_ms: number("data-input-ms").await,
        whole_ms: number("data-median-ms").await,
        days90_ms: number("data-median-90-ms").await,
    };
    let agent = c.execute("return navigator.userAgent", vec![]).await.unwrap_or_default();
    println!("browser: {}", agent.as_str().unwrap_or("?"));
    browser.close().await;
    let _ = server.stop().await;
    figures
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that doesn't match skips this bench.
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if !filter.is_empty() && !filter.iter().any(|f| "patterns_wasm".contains(f.as_str())) {
        return;
    }
    let native = native();
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let wasm = runtime.block_on(wasm());
    assert_eq!(native.entries, wasm.entries, "both sides computed the same diary");

    println!();
    println!("pattern engine, {} diary entries over {WEEKS} weeks, median of {RUNS} runs", native.entries);
    println!("                              native      WASM (Chromium)   WASM / native");
    for (what, n, w) in [
        ("compute, 2 years", native.whole_ms, wasm.whole_ms),
        ("compute, last 90 days", native.days90_ms, wasm.days90_ms),
        ("build the input", native.input_ms, wasm.input_ms),
    ] {
        println!("{what:<26} {n:>9.2} ms   {w:>12.2} ms   {:>10.1}×", w / n);
    }
    println!("aim ≤ 100 ms in WASM for 2 years: {}", if wasm.whole_ms <= 100.0 { "met" } else { "NOT met" });
}
