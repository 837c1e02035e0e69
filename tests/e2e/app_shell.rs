//! The real app in headless Chromium at phone size: sign up, land on Today; then with the server
//! gone, a reload still opens the app shell and says it is offline.

use evenkeel_tests::browser::Browser;
use evenkeel_tests::{Backend, TestServer};

#[tokio::test]
async fn sign_up_lands_on_today_and_the_shell_opens_offline() {
    let server = TestServer::start(Backend::Sqlite).await;
    let browser = Browser::start().await;
    let c = &browser.client;

    c.goto(&server.url("/signup")).await.expect("open sign-up");
    browser.wait_for("#signup-name").await.send_keys("Alex").await.expect("type name");
    browser.wait_for("#signup-email").await.send_keys("alex@example.com").await.expect("type email");
    browser.wait_for("#signup-password").await.send_keys("kettle orchard blue").await.expect("type password");
    browser.wait_for("#signup-submit").await.click().await.expect("submit");

    let today = browser.wait_for("main[data-page='today']").await;
    let heading = today.find(fantoccini::Locator::Css("h1")).await.expect("a heading").text().await.unwrap_or_default();
    assert!(heading.contains("Alex"), "Today greets the person: {heading:?}");
    assert!(c.find(fantoccini::Locator::Css("nav[aria-label='Main']")).await.is_ok(), "bottom navigation");
    browser.screenshot("today").await;

    // Wait until the service worker controls the page and has the app shell cached.
    browser.wait_until_offline_ready().await;

    // Chromium's own verdict: installable (manifest, icons, service worker, secure origin).
    let installability = browser.cdp("Page.getInstallabilityErrors", serde_json::json!({})).await;
    assert_eq!(installability["installabilityErrors"], serde_json::json!([]), "{installability}");

    // The server goes away; the person reopens the app.
    let (_, _home) = server.stop().await;
    c.refresh().await.expect("reload");
    let banner = browser.wait_for("#offline-banner").await;
    let text = banner.text().await.unwrap_or_default();
    assert!(text.to_lowercase().contains("offline"), "{text:?}");
    browser.wait_for("nav[aria-label='Main']").await;
    browser.wait_for("main[data-page]").await;
    browser.screenshot("today-offline").await;
    browser.close().await;
}
