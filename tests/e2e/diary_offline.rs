//! The diary works without a server: at phone size, sign up, add a medicine, log a dose and a pain
//! score in at most three taps each from Today, see both synced; then with the server gone log five
//! more pain scores, reload, find them still waiting on the phone, bring the server back on the same
//! port and watch them sync — and check the server holds each entry exactly once.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use evenkeel_tests::browser::Browser;
use evenkeel_tests::{Api, Backend, TestServer};
use fantoccini::Locator;
use serde_json::Value;

const PASSWORD: &str = "kettle orchard blue";

/// Clicks an element and counts the tap.
async fn tap(browser: &Browser, css: &str, taps: &mut u32) {
    browser.wait_for(css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    *taps += 1;
}

async fn count(browser: &Browser, css: &str) -> usize {
    browser.client.find_all(Locator::Css(css)).await.map(|v| v.len()).unwrap_or(0)
}

/// Waits until `css` matches exactly `n` elements.
async fn wait_count(browser: &Browser, css: &str, n: usize, secs: u64, shot: &str) {
    for _ in 0..secs * 5 {
        if count(browser, css).await == n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    browser.screenshot(shot).await;
    panic!("expected {n} × {css}, found {}", count(browser, css).await);
}

async fn ids(browser: &Browser, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for el in browser.client.find_all(Locator::Css(css)).await.unwrap_or_default() {
        if let Ok(Some(id)) = el.attr("data-id").await {
            out.push(id);
        }
    }
    out
}

async fn wait_for_service_worker(browser: &Browser) {
    for _ in 0..100 {
        let answer = browser
            .client
            .execute_async(
                "const done = arguments[0];
                 if (!navigator.serviceWorker || !navigator.serviceWorker.controller) { done(false); return; }
                 caches.keys().then(async keys => {
                   let n = 0, snippet = false;
                   for (const k of keys) for (const r of await (await caches.open(k)).keys()) {
                     n += 1; snippet = snippet || r.url.includes('/snippets/');
                   }
                   done(n >= 3 && snippet);
                 }).catch(() => done(false));",
                vec![],
            )
            .await
            .unwrap_or_default();
        if answer.as_bool() == Some(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the service worker never took control with the shell (and the IndexedDB snippet) cached");
}

#[tokio::test]
async fn log_offline_reload_and_sync_each_entry_once() {
    let server = TestServer::start(Backend::Sqlite).await;
    let base_url = server.base_url.clone();
    let browser = Browser::start().await;
    let c = &browser.client;
    let email = format!("d{}@example.com", uuid::Uuid::new_v4().simple());

    // Sign up in the app.
    c.goto(&server.url("/signup")).await.expect("open sign-up");
    browser.wait_for("#signup-name").await.send_keys("Sam").await.expect("name");
    browser.wait_for("#signup-email").await.send_keys(&email).await.expect("email");
    browser.wait_for("#signup-password").await.send_keys(PASSWORD).await.expect("password");
    browser.wait_for("#signup-submit").await.click().await.expect("submit");
    browser.wait_for("main[data-page='today']").await;
    wait_for_service_worker(&browser).await;

    // No medicines yet: "Took a dose" offers a friendly way to add one.
    browser.wait_for("#log-dose").await.click().await.expect("open dose");
    browser.wait_for("#no-medicines").await;
    browser.screenshot("diary-dose-no-medicines").await;
    browser.wait_for("#add-first-medicine").await.click().await.expect("to medicines");

    // Add a medicine.
    browser.wait_for("main[data-page='medicines']").await;
    browser.wait_for("#add-medicine").await.click().await.expect("add");
    browser.wait_for("#med-name").await.send_keys("Oxycodone").await.expect("name");
    browser.wait_for("#med-opioid option[value='oxycodone']").await.click().await.expect("opioid");
    browser.wait_for("#med-strength").await.send_keys("10").await.expect("strength");
    browser.wait_for("#med-schedule option[value='as_needed']").await.click().await.expect("schedule");
    browser.wait_for("#med-usual_amount").await.send_keys("10").await.expect("usual");
    browser.screenshot("diary-medicine-form").await;
    browser.wait_for("#med-save").await.click().await.expect("save medicine");
    browser.wait_for("li.medicine").await;
    browser.screenshot("diary-medicines").await;

    // Back to Today, as if opening the app. A dose in ≤ 3 taps.
    browser.wait_for("nav a[href='/']").await.click().await.expect("to Today");
    browser.wait_for("main[data-page='today'] #log-dose").await;
    let mut taps = 0;
    tap(&browser, "#log-dose", &mut taps).await;
    tap(&browser, ".med-button", &mut taps).await;
    browser.wait_for("[data-form='dose'] .saved-line .sync-state").await;
    assert!(taps <= 3, "a usual dose took {taps} taps");
    let dose_taps = taps;
    // Optional reasons: each tap updates the same entry.
    browser.wait_for("[data-reason='pain']").await.click().await.expect("reason pain");
    browser.wait_for("[data-reason='pain'][aria-pressed='true']").await;
    browser.wait_for("[data-reason='to_sleep']").await.click().await.expect("reason sleep");
    browser.wait_for("[data-reason='to_sleep'][aria-pressed='true']").await;
    browser.wait_for("#pain-before-6").await.click().await.expect("pain before");
    browser.wait_for("#pain-before-6[aria-pressed='true']").await;
    browser.screenshot("diary-dose-chips").await;
    browser.wait_for("#dose-done").await.click().await.expect("done");

    // A pain score in ≤ 3 taps.
    let mut taps = 0;
    tap(&browser, "#log-pain", &mut taps).await;
    tap(&browser, "#pain-7", &mut taps).await;
    browser.wait_for("[data-form='pain'] .saved-line .sync-state").await;
    assert!(taps <= 3, "a pain score took {taps} taps");
    let pain_taps = taps;
    browser.screenshot("diary-pain-saved").await;
    browser.wait_for("#pain-done").await.click().await.expect("done");

    // Both reach the server.
    wait_count(&browser, "li.entry[data-kind='dose'] [data-state='synced']", 1, 30, "diary-dose-not-synced").await;
    wait_count(&browser, "li.entry[data-kind='pain'] [data-state='synced']", 1, 30, "diary-pain-not-synced").await;
    assert_eq!(count(&browser, "li.entry[data-kind='dose']").await, 1, "one dose entry, updated in place");
    browser.screenshot("diary-today-synced").await;

    // The server goes away; five more pain scores.
    let (_, home) = server.stop().await;
    for score in 1..=5 {
        browser.wait_for("#log-pain").await.click().await.expect("pain now");
        browser.wait_for(&format!("#pain-{score}")).await.click().await.expect("score");
        browser.wait_for("[data-form='pain'] .saved-line .sync-state").await;
        browser.wait_for("#pain-done").await.click().await.expect("done");
    }
    wait_count(&browser, "li.entry[data-kind='pain'] [data-state='local']", 5, 20, "diary-offline-not-waiting").await;
    browser.screenshot("diary-offline-waiting").await;

    // Reload with no server: the app opens from the service worker and the phone still has them.
    c.refresh().await.expect("reload");
    browser.wait_for("main[data-page='today']").await;
    wait_count(&browser, "li.entry[data-kind='pain'] [data-state='local']", 5, 20, "diary-reload-lost").await;
    let waiting: HashSet<String> = ids(&browser, "li.entry[data-kind='pain']").await.into_iter().collect();
    assert_eq!(waiting.len(), 6, "six pain entries listed after the reload");
    browser.screenshot("diary-offline-after-reload").await;

    // The server comes back on the same port: they sync.
    let server = TestServer::restart_on_same_port(home, &base_url).await;
    assert_eq!(server.base_url, base_url);
    wait_count(&browser, "[data-state='local']", 0, 90, "diary-never-synced").await;
    wait_count(&browser, "li.entry[data-kind='pain'] [data-state='synced']", 6, 10, "diary-pain-not-all-synced").await;
    browser.screenshot("diary-back-online-synced").await;

    // The server holds exactly these entries, once each.
    let api = Api::new(&server.base_url);
    let login = api.login(&email, PASSWORD).await;
    let token = login.access_token();
    assert!(!token.is_empty(), "{:?}", login.body);
    let mut cursor = 0;
    let mut seen: HashMap<String, Value> = HashMap::new();
    let mut rows = 0;
    loop {
        let reply = api.sync(&token, cursor, &[]).await;
        assert_eq!(reply.status, reqwest::StatusCode::OK, "{:?}", reply.body);
        for change in reply.body["changes"].as_array().cloned().unwrap_or_default() {
            rows += 1;
            seen.insert(change["id"].as_str().unwrap_or_default().to_owned(), change);
        }
        cursor = reply.body["cursor"].as_i64().unwrap_or(cursor);
        if reply.body["more"] != Value::Bool(true) {
            break;
        }
    }
    assert_eq!(rows, seen.len(), "each entry comes back once");
    let live: Vec<&Value> = seen.values().filter(|c| c["op"] == "upsert").collect();
    let by_kind = |kind: &str| live.iter().filter(|c| c["kind"] == kind).count();
    assert_eq!((by_kind("medication"), by_kind("dose"), by_kind("pain")), (1, 1, 6), "{live:#?}");
    let pain_ids: HashSet<String> =
        live.iter().filter(|c| c["kind"] == "pain").map(|c| c["id"].as_str().unwrap_or_default().to_owned()).collect();
    assert_eq!(pain_ids, waiting, "the server holds the same pain entries the phone listed");
    let dose = live.iter().find(|c| c["kind"] == "dose").expect("the dose");
    assert_eq!(dose["data"]["reasons"], serde_json::json!(["pain", "to_sleep"]), "{dose:#}");
    assert_eq!(dose["data"]["pain_before"], 6, "{dose:#}");
    let mut scores: Vec<i64> =
        live.iter().filter(|c| c["kind"] == "pain").filter_map(|c| c["data"]["score"].as_i64()).collect();
    scores.sort_unstable();
    assert_eq!(scores, vec![1, 2, 3, 4, 5, 7]);

    println!("taps from Today: dose {dose_taps}, pain {pain_taps}");
    browser.close().await;
    let _ = server.stop().await;
}
