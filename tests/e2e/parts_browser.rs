//! The app in parts, in headless Chromium:
//! - every screen of every role, opened at 360 px (the narrowest common phone), fits the width:
//!   nothing makes the page scroll sideways (a phone would zoom out to fit it);
//! - a signed-in patient's screens — Patterns included, never opened — work offline after the
//!   first visit, because the service worker fetched them in the background;
//! - offline, a part this phone has never fetched says "This part needs a connection once";
//! - Today's forms come as a second-stage module, fetched once Today is drawn, and a form tapped
//!   when they cannot be fetched says so instead of leaving a blank screen;
//! - moving between screens of one part draws the new screen without loading a page, and Back
//!   returns; a link's query reaches its screen.

use evenkeel_tests::api::changes;
use evenkeel_tests::browser::Browser;
use evenkeel_tests::people::{PASSWORD, Person};
use evenkeel_tests::{Api, Backend, TestServer};

/// The phone's width. Compared with this, not with `innerWidth`: on a phone, content wider than
/// the screen widens the layout viewport itself (the page is zoomed out to fit), so `innerWidth`
/// grows with the problem.
const PHONE: i64 = 360;

/// Opens `path` as a fresh page load, waits for its screen, and fails if anything on it is wider
/// than the phone.
async fn assert_fits(browser: &Browser, server: &TestServer, path: &str, ready: &str) {
    browser.client.goto(&server.url(path)).await.expect("open the screen");
    let shot = format!("narrow{}", path.replace('/', "-"));
    browser
        .wait_until(
            &format!(
                "return !!document.querySelector({ready:?}) && !document.querySelector('main.starting, #placeholder');"
            ),
            &shot,
        )
        .await;
    let widths = browser
        .client
        .execute(
            "const main = document.querySelector('main');
             return [document.documentElement.scrollWidth, innerWidth, main.scrollWidth, main.clientWidth];",
            vec![],
        )
        .await
        .expect("measure");
    let [doc, inner, main, main_client] = [0, 1, 2, 3].map(|i| widths[i].as_i64().unwrap_or(i64::MAX));
    if doc > PHONE || inner > PHONE || main > main_client {
        browser.screenshot(&shot).await;
    }
    assert!(
        doc <= PHONE && inner <= PHONE,
        "{path}: the page is {doc} px wide ({inner} px viewport) on a {PHONE} px phone"
    );
    assert!(main <= main_client, "{path}: the screen scrolls sideways ({main} px in {main_client} px)");
}

#[tokio::test]
async fn every_screen_of_every_role_fits_a_360_px_phone() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let patient = api.patient_named("Alex Morgan").await;
    api.send_demo_diary(&patient.token, 4).await;
    // A dose two hours ago, so Today always shows "How is your pain now?" and its scale is measured
    // too (whether yesterday's evening dose still asks depends on the hour).
    let (med, two_hours) = (changes::id(), (chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc3339());
    let dose = changes::dose(&changes::id(), &med, 10.0, &two_hours, &["pain"]);
    let reply = api.sync(&patient.token, 0, &[changes::medication(&med, "Zomorph", "morphine", 10.0), dose]).await;
    assert_eq!(reply.status, reqwest::StatusCode::OK, "{:?}", reply.body);
    let carer = api.carer_of(&patient, "Sam Morgan", &["pain", "activity", "doses", "mood", "sleep", "notes"]).await;
    let admin = evenkeel_tests::people::admin(&server, &api).await;
    let worker = api.worker(&admin, "Jo Okafor").await;
    api.link(&patient, &worker, "worker", &["pain", "activity", "doses", "mood", "sleep", "notes"]).await;
    let person = format!("/people/{}", patient.id);

    let browser = Browser::start_at(PHONE as u32, 780).await;
    for (path, ready) in
        [("/signin", "#signin-email"), ("/signup", "#signup-email"), ("/help", "main[data-page='help']")]
    {
        assert_fits(&browser, &server, path, ready).await;
    }

    let screens: [(&str, &[(&str, &str)]); 4] = [
        (
            &patient.email,
            &[
                ("/", "main[data-page='today'] #pain-after-prompt"),
                ("/diary", "main[data-page='diary']"),
                ("/patterns", "figure[data-chart='pain-doses']"),
                ("/relax", "main[data-page='relax']"),
                ("/more", "main[data-page='more']"),
                ("/medicines", "main[data-page='medicines']"),
                ("/help", "main[data-page='help']"),
                ("/sharing", "main[data-page='sharing']"),
                ("/sharing/invite", "main[data-page]"),
                ("/sharing/audit", "main[data-page]"),
                ("/my-data", "main[data-page]"),
                ("/password", "main[data-page]"),
            ],
        ),
        (
            &carer.email,
            &[("/people", "main[data-page]"), ("/people/add", "main[data-page]"), ("/more", "main[data-page='more']")],
        ),
        (
            &worker.email,
            &[
                ("/caseload", "main[data-page]"),
                ("/caseload/enrol", "main[data-page]"),
                ("/more", "main[data-page='more']"),
            ],
        ),
        (&admin.email, &[("/admin", "main[data-page]"), ("/more", "main[data-page='more']")]),
    ];
    for (email, paths) in screens {
        let browser = Browser::start_at(PHONE as u32, 780).await;
        browser.sign_in(&server.base_url, email, PASSWORD).await;
        for (path, ready) in paths {
            assert_fits(&browser, &server, path, ready).await;
        }
        if email == carer.email || email == worker.email {
            assert_fits(&browser, &server, &person, "figure[data-chart]").await;
        }
        browser.close().await;
    }
    browser.close().await;
}

/// Waits until the service worker has every file of these parts in its cache.
async fn wait_until_kept(browser: &Browser, parts: &[&str]) {
    let script = format!(
        "const parts = {parts:?};
         const done = arguments[0];
         fetch('/parts.json').then(r => r.json()).then(async m => {{
           const keys = await caches.keys();
           const cache = await caches.open(keys.find(k => k === 'evenkeel-' + m.build));
           for (const p of parts) for (const f of [m.parts[p].page, ...m.parts[p].files])
             if (!(await cache.match(f))) return done(false);
           done(!!navigator.serviceWorker.controller);
         }}).catch(() => done(false));"
    );
    browser.wait_until_async_within(&script, "parts-not-kept", std::time::Duration::from_secs(30)).await;
}

#[tokio::test]
async fn a_patients_screens_work_offline_after_the_first_visit() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let patient = api.patient_named("Alex Morgan").await;
    api.send_demo_diary(&patient.token, 2).await;

    let browser = Browser::start().await;
    browser.sign_in(&server.base_url, &patient.email, PASSWORD).await;
    browser.wait_for("main[data-page='today']").await;
    // Today only: Patterns, Diary, Sharing were never opened. The service worker fetches them.
    wait_until_kept(&browser, &["patient", "records", "patterns", "sharing", "account"]).await;
    // The diary has reached this phone's store (IndexedDB) before the network goes.
    let stored = "const done = arguments[0];
         const open = indexedDB.open('evenkeel');
         open.onsuccess = () => {
           try {
             const count = open.result.transaction('entries').objectStore('entries').count();
             count.onsuccess = () => done(count.result > 50);
             count.onerror = () => done(false);
           } catch (e) { done(false); }
         };
         open.onerror = () => done(false);";
    browser.wait_until_async_within(stored, "parts-diary-not-stored", std::time::Duration::from_secs(30)).await;

    let base = server.base_url.clone();
    let (_, _home) = server.stop().await;
    let c = &browser.client;
    for (path, ready) in [
        ("/patterns", "figure[data-chart='pain-doses']"),
        ("/diary", "main[data-page='diary']"),
        ("/sharing", "main[data-page='sharing']"),
        ("/medicines", "main[data-page='medicines']"),
        ("/", "main[data-page='today']"),
    ] {
        c.goto(&format!("{base}{path}")).await.expect("open offline");
        browser.wait_for(ready).await;
        browser.wait_for("#offline-banner:not([hidden])").await;
    }
    // Today's forms (a second-stage module) were kept too: a pain score can be logged offline.
    browser.click("#log-pain").await;
    browser.wait_for("#pain-6").await;
    browser.screenshot("patterns-offline-never-opened-online").await;
    browser.close().await;
}

#[tokio::test]
async fn offline_a_part_never_fetched_says_it_needs_a_connection_once() {
    let server = TestServer::start(Backend::Sqlite).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    // A first visit to sign-in: the service worker keeps sign-in and the patient core only.
    c.goto(&server.url("/signin")).await.expect("open sign-in");
    browser.wait_for("#signin-email").await;
    wait_until_kept(&browser, &["signin", "patient"]).await;
    let base = server.base_url.clone();
    let (_, _home) = server.stop().await;

    c.goto(&format!("{base}/caseload")).await.expect("open offline");
    let text = browser.text("main[data-page='needs-connection']").await;
    assert!(text.contains("This part needs a connection once"), "{text:?}");
    browser.screenshot("needs-connection").await;

    // What it did keep still opens: the sign-in page, offline.
    c.goto(&format!("{base}/signin")).await.expect("open sign-in offline");
    browser.wait_for("#signin-email").await;
    browser.close().await;
}

#[tokio::test]
async fn todays_forms_come_as_a_second_stage_module() {
    let server = TestServer::start(Backend::Sqlite).await;
    let patient = Api::new(&server.base_url).patient_named("Alex Morgan").await;
    let browser = Browser::start().await;
    // The forms' module cannot be fetched (the service worker is bypassed, so the page's own
    // request is the one blocked).
    browser.cdp("Network.enable", serde_json::json!({})).await;
    browser.cdp("Network.setBypassServiceWorker", serde_json::json!({ "bypass": true })).await;
    browser.cdp("Network.setBlockedURLs", serde_json::json!({ "urls": ["*split_forms*"] })).await;
    browser.sign_in(&server.base_url, &patient.email, PASSWORD).await;
    browser.wait_for("main[data-page='today']").await;

    browser.click("#log-pain").await;
    let alert = browser.text(".editor [role='alert']").await;
    assert!(alert.contains("This part needs a connection once"), "{alert:?}");
    browser.screenshot("forms-need-a-connection").await;

    browser.cdp("Network.setBlockedURLs", serde_json::json!({ "urls": [] })).await;
    browser.click(".editor button.button").await;
    browser.wait_for("#pain-6").await.click().await.expect("a score");
    browser.wait_for(".saved-line").await;

    // The forms came as their own module, after the page's first one.
    let modules = browser
        .client
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.wasm'));",
            vec![],
        )
        .await
        .expect("resources");
    let modules: Vec<&str> = modules.as_array().into_iter().flatten().filter_map(|v| v.as_str()).collect();
    assert!(modules.first().is_some_and(|m| m.contains("/patient-") && !m.contains("split_forms")), "{modules:?}");
    assert!(modules.iter().any(|m| m.contains("/patient-split_forms-")), "{modules:?}");
    browser.close().await;
}

/// A new patient, Alex, signed in on Today (in a fresh browser).
async fn alex_on_today() -> (TestServer, Api, Person, Browser) {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let patient = api.patient_named("Alex Morgan").await;
    let browser = Browser::start().await;
    browser.sign_in(&server.base_url, &patient.email, PASSWORD).await;
    browser.wait_for("main[data-page='today']").await;
    (server, api, patient, browser)
}

#[tokio::test]
async fn links_between_parts_open_the_other_part_and_back_returns() {
    let (_server, _api, _alex, browser) = alex_on_today().await;

    // Today (patient core) → Patterns (its own part), by the bottom navigation.
    browser.wait_for("nav[aria-label='Main'] a[href='/patterns']").await.click().await.expect("tap Patterns");
    browser.wait_for("main[data-page='patterns']").await;
    let page = browser.client.execute("return document.querySelector('meta[name=\"evenkeel-build\"]') && document.querySelector('link[rel=modulepreload]').href;", vec![]).await.expect("js");
    assert!(page.as_str().unwrap_or_default().contains("/patterns-"), "the Patterns part is running: {page}");

    // Back goes to Today again.
    browser.client.back().await.expect("back");
    browser.wait_for("main[data-page='today']").await;

    // More (core) → Sharing (its own part) → back to More, within and across parts.
    browser.wait_for("nav[aria-label='Main'] a[href='/more']").await.click().await.expect("tap More");
    browser.wait_for("#menu-sharing").await.click().await.expect("tap Sharing");
    browser.wait_for("main[data-page='sharing']").await;
    browser.wait_for("nav[aria-label='Main'] a[href='/']").await.click().await.expect("tap Today");
    browser.wait_for("main[data-page='today']").await;
    browser.close().await;
}

/// Whether the page that set `window.samePage` is still the one showing (no page load since).
async fn same_page(browser: &Browser) -> bool {
    let script = "return window.samePage === true;";
    browser.client.execute(script, vec![]).await.expect("js").as_bool().expect("a boolean")
}

async fn mark_page(browser: &Browser) {
    browser.client.execute("window.samePage = true;", vec![]).await.expect("js");
}

#[tokio::test]
async fn moves_within_a_part_need_no_page_load_and_back_returns() {
    let (server, api, patient, browser) = alex_on_today().await;
    let today_item = "nav[aria-label='Main'] a[href='/'][aria-current='page']";
    assert_eq!(browser.count(today_item).await, 1, "Today is marked as the current page");

    // Today → Help: both are the patient core's.
    mark_page(&browser).await;
    browser.click(".help-link").await;
    browser.wait_for("main[data-page='help']").await;
    assert!(same_page(&browser).await, "Help was drawn without a page load");
    assert_eq!(browser.count(today_item).await, 0, "Today is no longer marked current");
    browser.client.back().await.expect("back");
    browser.wait_for("main[data-page='today']").await;
    assert!(same_page(&browser).await, "Back drew Today without a page load");
    assert_eq!(browser.count(today_item).await, 1);

    // A carer: People → the person's page (one part, the id in the path) and back.
    let carer = api.carer_of(&patient, "Sam Morgan", &["pain"]).await;
    let browser2 = Browser::start().await;
    browser2.sign_in(&server.base_url, &carer.email, PASSWORD).await;
    browser2.wait_for(".person-item").await;
    mark_page(&browser2).await;
    browser2.click(".person-item").await;
    browser2.wait_for("main[data-page='person']").await;
    assert!(browser2.text("main[data-page='person']").await.contains("Alex"), "the person's own page");
    assert!(same_page(&browser2).await, "the person's page was drawn without a page load");
    browser2.client.back().await.expect("back");
    browser2.wait_for(".person-item").await;
    assert!(same_page(&browser2).await);
    // More and Help are the supporters' part's own too: a carer's navigation stays in one page.
    browser2.click("nav[aria-label='Main'] a[href='/more']").await;
    browser2.wait_for("main[data-page='more']").await;
    assert_eq!(browser2.count("nav[aria-label='Main'] a[href='/more'][aria-current='page']").await, 1);
    browser2.click(".help-link").await;
    browser2.wait_for("main[data-page='help']").await;
    assert!(same_page(&browser2).await, "More and Help were drawn without a page load");
    browser2.screenshot("carer-help-in-part").await;
    browser2.close().await;

    browser.close().await;

    // A link's query reaches its screen: a practice's QR code link fills in its code, decoded.
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/signup?enrolment=WXYZ%2D2345", server.base_url)).await.expect("open");
    let code = browser.prop("#signup-code", "value").await;
    assert_eq!(code.as_deref(), Some("WXYZ-2345"));
    assert_eq!(browser.count("#signup-code-practice[aria-checked='true']").await, 1, "'My GP practice' is chosen");
    browser.close().await;
}

/// Copies `dist/` so a test can publish a "new version" of it without touching the real one.
fn copy_of_dist(to: &std::path::Path) {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read dist") {
            let entry = entry.expect("entry");
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }
    copy(&evenkeel_tests::server::dist(), to);
}

/// Publishes a new build in `dist`: the same code under a new build id, as a deploy would.
fn publish_new_build(dist: &std::path::Path, old: &str, new: &str) {
    for entry in std::fs::read_dir(dist).expect("read dist") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if name.ends_with(".html") || name == "sw.js" || name == "parts.json" {
            let text = std::fs::read_to_string(&path).expect("read");
            std::fs::write(&path, text.replace(old, new)).expect("write");
        }
    }
}

async fn build_on_page(browser: &Browser) -> String {
    let script = "const m = document.querySelector('meta[name=\"evenkeel-build\"]'); return m ? m.content : '';";
    let answer = browser.client.execute(script, vec![]).await.expect("read the page's build");
    answer.as_str().unwrap_or_else(|| panic!("the build is a string: {answer}")).to_owned()
}

#[tokio::test]
async fn an_update_arrives_in_the_background_and_is_used_on_the_next_open() {
    let dir = tempfile::tempdir().expect("a folder");
    let dist = dir.path().join("dist");
    copy_of_dist(&dist);
    let dist_arg = dist.display().to_string();
    let server = TestServer::start_with_args(Backend::Sqlite, &["--dist", &dist_arg]).await;
    let api = Api::new(&server.base_url);
    let patient = api.patient_named("Alex Morgan").await;
    let browser = Browser::start().await;
    browser.sign_in(&server.base_url, &patient.email, PASSWORD).await;
    browser.wait_for("main[data-page='today']").await;
    wait_until_kept(&browser, &["patient", "patterns"]).await;
    let old = build_on_page(&browser).await;
    assert_eq!(old.len(), 16, "the page carries its build: {old:?}");

    let new = "0123456789abcdef";
    publish_new_build(&dist, &old, new);
    // The next open still runs the version this phone has whole; the new one downloads meanwhile.
    browser.client.refresh().await.expect("reopen");
    browser.wait_for("main[data-page='today']").await;
    assert_eq!(build_on_page(&browser).await, old, "no half-updated app: the open uses the cached build");
    wait_until_kept(&browser, &["patient", "patterns"]).await;

    // It downloads while this open is in use (the app asks for a new build on every open)…
    let new_cache_active = format!(
        "const done = arguments[0];
         navigator.serviceWorker.getRegistration().then(async r => done(
           !!r && !!r.active && r.active.state === 'activated' && !r.installing && !r.waiting
           && (await caches.keys()).includes('evenkeel-{new}')
         )).catch(() => done(false));"
    );
    // The new build is fetched in the background and takes over.
    browser.wait_until_async(&new_cache_active, "parts-new-build-not-active").await;
    assert_eq!(build_on_page(&browser).await, old, "the open in use keeps the code it started with");

    // …and the next open uses it, and says so once, gently.
    browser.client.refresh().await.expect("reopen");
    browser.wait_for("main[data-page='today']").await;
    assert_eq!(build_on_page(&browser).await, new, "the next open uses the new build");
    let notice = browser.text("#notice").await;
    assert_eq!(notice, "Even Keel was updated to a new version.");
    browser.screenshot("updated").await;
    // Once: the open after that says nothing.
    browser.client.refresh().await.expect("reopen");
    browser.wait_for("main[data-page='today']").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(browser.count("#notice").await == 0, "the update is mentioned once");
    browser.close().await;
}

/// Where Today's landmarks are, as `[top, left, width, height]` each: the greeting, the date, the
/// six quick-log buttons and the entries heading, inside `root`.
const TODAY_GEOMETRY: &str = "(root) => [
    '.greeting', '.date', '.quick-grid button:nth-child(1)', '.quick-grid button:nth-child(2)',
    '.quick-grid button:nth-child(3)', '.quick-grid button:nth-child(4)', '.quick-grid button:nth-child(5)',
    '.quick-grid button:nth-child(6)', '.entries h2',
  ].map((css) => { const e = root.querySelector(css); if (!e) return null;
                   const r = e.getBoundingClientRect(); return [r.top, r.left, r.width, r.height].map(Math.round); })";

/// The patient page shows Today's own layout before the app's code has run (a slow phone sees the
/// real screen at once), and the app takes its place without anything moving: the greeting, the
/// date, the six buttons and the entries heading sit exactly where the placeholder drew them.
#[tokio::test]
async fn today_takes_the_place_of_its_placeholder_without_moving() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let patient = api.patient_named("Alex Morgan").await;
    // One pain score from a minute ago, and no doses: a dose from the last 12 hours would rightly
    // add "How is your pain now?" above the entries, and whether one is due would depend on the
    // hour the test runs.
    let minute_ago = (chrono::Utc::now() - chrono::Duration::minutes(1)).to_rfc3339();
    let reply = api.sync(&patient.token, 0, &[changes::pain(&changes::id(), 4, &minute_ago, &minute_ago)]).await;
    assert_eq!(reply.status, reqwest::StatusCode::OK, "{:?}", reply.body);
    let browser = Browser::start_at(390, 844).await;
    browser.sign_in(&server.base_url, &patient.email, PASSWORD).await;
    browser.wait_for("#log-pain").await;

    // Read the placeholder's layout as the page is parsed, before the app's code can have run
    // (it starts only after its WebAssembly has been fetched and compiled).
    let record = format!(
        "document.addEventListener('DOMContentLoaded', () => {{
           const root = document.getElementById('placeholder');
           window.placeholderGeometry = root ? ({TODAY_GEOMETRY})(root) : 'no placeholder';
         }});"
    );
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": record })).await;
    browser.client.goto(&server.url("/")).await.expect("open Today");
    browser.wait_for("#log-pain").await;
    let drawn = browser.client.execute("return window.placeholderGeometry;", vec![]).await.expect("placeholder");
    let script = format!("return ({TODAY_GEOMETRY})(document.querySelector(\"main[data-page='today']\"));");
    let app = browser.client.execute(&script, vec![]).await.expect("app");
    let greeting = browser.text("main[data-page='today'] .greeting").await;
    browser.screenshot("today-after-placeholder").await;
    assert!(greeting.ends_with(", Alex Morgan"), "the greeting names the person: {greeting:?}");
    assert!(drawn.as_array().is_some_and(|a| a.iter().all(|r| r.is_array())), "the placeholder drew Today: {drawn}");
    assert_eq!(drawn, app, "Today moved when the app took over from its placeholder");
}
