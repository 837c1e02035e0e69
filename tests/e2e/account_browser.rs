//! Accounts for real life in a browser at 360×780, the narrowest common phone (issue 15):
//! - "Forgot your password?" with a reset code from the practice, on a phone whose session ended
//!   while an entry waited to be sent: the diary stays and the entry syncs after the reset;
//! - text at "larger" on Today, the dose form, Patterns and the caseload: no sideways scroll, no
//!   clipped button;
//! - the dark theme chosen in Settings, applied at once and after a reload.

use std::time::Duration;

use evenkeel_tests::browser::Browser;
use evenkeel_tests::people::{PASSWORD, admin};
use evenkeel_tests::{Api, Backend, TestServer, db};
use reqwest::StatusCode;
use serde_json::json;

const WIDTH: u32 = 360;
const HEIGHT: u32 = 780;
const NEW_PASSWORD: &str = "lighthouse meadow seven";
const DEMO_PASSWORD: &str = "even-keel-demo";

#[tokio::test]
async fn a_patient_gets_back_in_with_a_practice_code_and_keeps_the_diary() {
    let server = TestServer::start(Backend::Sqlite).await;
    let base_url = server.base_url.clone();
    let api = Api::new(&server.base_url);
    let practice = admin(&server, &api).await;
    let jo = api.worker(&practice, "Jo").await;
    let sam = api.patient_named("Sam").await;
    api.link(&sam, &jo, "worker", &["pain"]).await;

    let b = Browser::start_at(WIDTH, HEIGHT).await;
    b.sign_in(&base_url, &sam.email, PASSWORD).await;
    b.wait_for("main[data-page='today']").await;
    b.wait_until_offline_ready().await;

    // Sam phones the practice; Jo checks it's Sam and reads out a code.
    let code = api.post(&format!("/api/patients/{}/reset-code", sam.id), Some(&jo.token), &json!({})).await;
    assert_eq!(code.status, StatusCode::OK, "{:?}", code.body);
    let code = code.body["code"].as_str().unwrap_or_default().to_owned();

    // No signal: a pain score waits on the phone, through a reload.
    let (_, home) = server.stop().await;
    b.click("#log-pain").await;
    b.click("#pain-4").await;
    b.wait_for("[data-form='pain'] .saved-line .sync-state").await;
    b.click("#pain-done").await;
    b.client.refresh().await.expect("reload");
    b.wait_until(
        "return document.querySelectorAll(\"li.entry[data-kind='pain'] [data-state='local']\").length === 1",
        "reset-waiting",
    )
    .await;

    // Meanwhile the session ends on the server (as after weeks away); the signal comes back.
    let now = chrono::Utc::now().naive_utc().format("%Y-%m-%d %H:%M:%S%.6f");
    db::execute(
        &home.database_url,
        &format!("UPDATE refresh_tokens SET revoked_at = '{now}' WHERE user_id = '{}'", sam.id),
    );
    let server = TestServer::restart_on_same_port(home, &base_url).await;
    b.wait_until_within(
        "return !!document.querySelector(\"main[data-page='signin']:not([hidden])\")",
        "reset-no-signin",
        Duration::from_secs(90),
    )
    .await;
    b.screenshot("account-signin-forgot-link").await;

    // Forgot your password? → I have a reset code → the code as read out (capitals, no dashes).
    b.click("#forgot-link").await;
    b.wait_for("#have-code").await;
    b.screenshot("account-forgot").await;
    b.click("#have-code").await;
    b.type_into("#reset-code", &code.replace('-', " ").to_uppercase()).await;
    b.type_into("#reset-password", NEW_PASSWORD).await;
    b.screenshot("account-reset").await;
    b.click("#reset-submit").await;

    // Signed in again on Today: the entry that waited is still listed, and now reaches the server.
    b.wait_for("main[data-page='today']").await;
    b.wait_until_within(
        "return document.querySelectorAll(\"li.entry[data-kind='pain'] [data-state='synced']\").length === 1",
        "reset-not-synced",
        Duration::from_secs(60),
    )
    .await;
    b.screenshot("account-after-reset").await;
    let api = Api::new(&server.base_url);
    assert_eq!(api.login(&sam.email, PASSWORD).await.status, StatusCode::UNAUTHORIZED, "the old password is gone");
    let token = api.login(&sam.email, NEW_PASSWORD).await.access_token();
    let pulled = api.sync(&token, 0, &[]).await;
    let pain: Vec<_> = pulled.body["changes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|c| c["kind"] == "pain")
        .collect();
    assert_eq!(pain.len(), 1, "{:?}", pulled.body);
    assert_eq!(pain[0]["data"]["score"], 4);
    b.close().await;
    let _ = server.stop().await;
}

/// Sideways scroll anywhere, and buttons, links and fields cut off at the screen's edge or their
/// own (text that doesn't fit): what a person at "larger" text would stumble on.
const LAYOUT_PROBLEMS: &str = r#"
    const width = document.documentElement.clientWidth;
    const problems = [];
    // The innermost elements of `box` whose right edge passes `right`, so a failure says where to look.
    const sticking = (box, right) => {
      const edge = (e) => e.getBoundingClientRect().right + (parseFloat(getComputedStyle(e).marginRight) || 0);
      const out = [...box.querySelectorAll("*")].filter((e) => edge(e) > right + 1);
      const innermost = out.filter((e) => !out.some((o) => o !== e && e.contains(o)));
      return innermost.slice(0, 4).map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(edge(e))}px)`).join(", ");
    };
    if (document.documentElement.scrollWidth > width + 1) {
      problems.push(`page ${document.documentElement.scrollWidth}px wide: ${sticking(document.body, width)}`);
    }
    for (const m of document.querySelectorAll("main, .page")) {
      if (m.scrollWidth > m.clientWidth + 1) {
        // Text runs past its own box without moving the box: name the boxes it overflows.
        const spilling = [...m.querySelectorAll("*")].filter((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible").map((e) => e.className).slice(0, 3);
        problems.push(`${m.dataset.page || m.className} scrolls sideways (${m.scrollWidth} in ${m.clientWidth}px): ${sticking(m, m.getBoundingClientRect().left + m.clientWidth)} ${spilling.join(", ")}`);
      }
    }
    for (const e of document.querySelectorAll("button, a.button, .menu-item, input, select, textarea")) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || getComputedStyle(e).visibility === "hidden") continue;
      if (e.closest(".chart-scroll, .visually-hidden, .sr-only")) continue;
      const name = e.id || e.getAttribute("aria-label") || e.textContent.trim().slice(0, 30) || e.className;
      if (r.left < -1 || r.right > width + 1) problems.push(`${name} reaches ${Math.round(r.left)}–${Math.round(r.right)}px`);
      if (e.tagName === "BUTTON" && e.scrollWidth > e.clientWidth + 2) problems.push(`${name}: text wider than the button`);
    }
    return problems;"#;

async fn check_layout(b: &Browser, screen: &str) {
    b.screenshot(&format!("larger-{screen}")).await;
    let problems = b.client.execute(LAYOUT_PROBLEMS, vec![]).await.expect("measure the layout");
    assert_eq!(problems, json!([]), "{screen} at larger text on a 360 px phone");
}

#[tokio::test]
async fn larger_text_fits_a_small_phone_and_the_dark_theme_is_kept() {
    let server = TestServer::start_with_args(Backend::Sqlite, &["--demo"]).await;
    let api = Api::new(&server.base_url);
    for email in ["patient@demo.test", "worker@demo.test"] {
        let token = api.login(email, DEMO_PASSWORD).await.access_token();
        let set = api
            .send(reqwest::Method::PATCH, "/api/me", Some(&token), None, Some(&json!({"text_size": "larger"})))
            .await;
        assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    }

    let b = Browser::start_at(WIDTH, HEIGHT).await;
    b.sign_in(&server.base_url, "patient@demo.test", DEMO_PASSWORD).await;
    b.wait_for("main[data-page='today']").await;
    // The setting made on the server applies on this phone: 21 px text.
    b.wait_until("return document.documentElement.dataset.textSize === 'larger' && getComputedStyle(document.documentElement).fontSize === '21px'", "larger-not-applied").await;
    check_layout(&b, "today").await;
    b.click("#log-dose").await;
    b.wait_for("[data-form='dose']").await;
    check_layout(&b, "dose-form").await;
    b.client.goto(&server.url("/patterns")).await.expect("patterns");
    b.wait_for("main[data-page='patterns'] .chart-card").await;
    check_layout(&b, "patterns").await;
    b.client.goto(&server.url("/settings")).await.expect("settings");
    b.wait_for("#theme-dark").await;
    check_layout(&b, "settings").await;

    // Dark, chosen here: at once, on every screen, and still after a reload.
    b.click("#theme-dark").await;
    b.wait_until("return document.documentElement.dataset.theme === 'dark' && getComputedStyle(document.body).backgroundColor === 'rgb(17, 26, 26)'", "dark-not-applied").await;
    b.wait_until(
        "return document.querySelector('#theme-dark').getAttribute('aria-pressed') === 'true'",
        "dark-not-pressed",
    )
    .await;
    // Buttons fade to their new colours; the picture is of where they end.
    tokio::time::sleep(Duration::from_millis(500)).await;
    b.screenshot("dark-settings").await;
    b.client.goto(&server.url("/")).await.expect("today");
    b.wait_for("main[data-page='today']").await;
    b.wait_until("return document.documentElement.dataset.theme === 'dark'", "dark-lost-on-today").await;
    b.screenshot("dark-today").await;
    b.client.goto(&server.url("/patterns")).await.expect("patterns");
    b.wait_for("main[data-page='patterns'] .chart-card").await;
    b.screenshot("dark-patterns").await;
    let login = api.login("patient@demo.test", DEMO_PASSWORD).await;
    assert_eq!(login.body["user"]["theme"], "dark", "saved on the server for every device");

    // Signed-in devices: this phone and the demo's iPad (plus the API's own sign-ins above); the
    // iPad is signed out from here.
    b.client.goto(&server.url("/devices")).await.expect("devices");
    b.wait_for("li.device[data-this='true']").await;
    b.wait_until(
        "return [...document.querySelectorAll('li.device h2')].some((h) => h.textContent.includes('Safari on iPad'))",
        "devices-no-ipad",
    )
    .await;
    check_layout(&b, "devices").await;
    let before = b.count("li.device").await;
    b.click("li.device[data-this='false']:has(h2) .sign-out-device").await;
    b.wait_until(
        &format!("return document.querySelectorAll('li.device').length === {}", before - 1),
        "devices-not-signed-out",
    )
    .await;
    assert!(b.text("#devices-message").await.contains("signed out"));
    b.screenshot("dark-devices").await;

    // The worker's caseload at larger text.
    b.client.goto(&server.url("/more")).await.expect("more");
    b.click("#sign-out").await;
    b.wait_for("#signin-email").await;
    b.sign_in(&server.base_url, "worker@demo.test", DEMO_PASSWORD).await;
    b.wait_for("main[data-page='caseload'] #caseload-table").await;
    check_layout(&b, "caseload").await;
    b.close().await;
    let _ = server.stop().await;
}
