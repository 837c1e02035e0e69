//! A new project worker in the browser, at phone size: signs in with the one-time password from
//! the practice, lands on "Choose your password", cannot get to the caseload (by address or after
//! a reload) until they have chosen, can still open help, is told plainly what is wrong, then
//! chooses a password and reaches the caseload with a short confirmation.

use std::time::Duration;

use evenkeel_tests::browser::Browser;
use evenkeel_tests::people::create_staff;
use evenkeel_tests::{Api, Backend, TestServer};
use reqwest::StatusCode;

const NEW_PASSWORD: &str = "harbour lantern seven";

/// Types into a field as a person would, replacing what was there (`bind:value` listens to input).
async fn fill(browser: &Browser, css: &str, value: &str) {
    browser.wait_for(css).await;
    browser
        .client
        .execute(
            "const el = document.querySelector(arguments[0]); el.value = arguments[1];
             el.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![serde_json::json!(css), serde_json::json!(value)],
        )
        .await
        .unwrap_or_else(|e| panic!("fill {css}: {e}"));
}

async fn path(browser: &Browser) -> String {
    browser.client.current_url().await.expect("the current address").path().to_owned()
}

/// Waits until `css` has text containing `expected`.
async fn wait_for_text(browser: &Browser, css: &str, expected: &str) {
    for _ in 0..100 {
        if browser.text(css).await.contains(expected) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    browser.screenshot("password-text-missing").await;
    panic!("{css} never said {expected:?}; it says {:?}", browser.text(css).await);
}

#[tokio::test]
async fn a_new_worker_chooses_a_password_before_reaching_the_caseload() {
    let server = TestServer::start(Backend::Sqlite).await;
    let email = "jo@practice.example";
    let one_time = create_staff(&server.home.database_url, "create-worker", email, "Jo Worker");

    // Sign in with the one-time password: straight to "Choose your password", without navigation.
    let b = Browser::start().await;
    b.client.goto(&server.url("/signin")).await.expect("open sign-in");
    b.wait_for("#signin-email").await.send_keys(email).await.expect("email");
    b.wait_for("#signin-password").await.send_keys(&one_time).await.expect("password");
    b.click("#signin-submit").await;
    b.wait_for("main[data-page='password']").await;
    assert_eq!(path(&b).await, "/password");
    assert_eq!(b.text("main[data-page='password'] h1").await, "Choose your password");
    assert_eq!(b.text("label[for='password-current']").await, "One-time password");
    assert_eq!(b.text("label[for='password-new']").await, "New password");
    assert!(b.text("#password-new-hint").await.contains("At least 10 characters"));
    assert!(b.count(".bottom-nav").await == 0, "no way round it");
    assert!(b.count("#password-sign-out").await >= 1, "a way out");
    b.screenshot("password-first-sign-in").await;

    // Opening the caseload by its address (a fresh start of the app) comes back here.
    b.client.goto(&server.url("/caseload")).await.expect("open caseload");
    b.wait_for("main[data-page='password']").await;
    assert_eq!(path(&b).await, "/password");
    assert!(b.count("main[data-page='caseload']").await == 0);

    // Help stays one tap away, with a way back.
    b.click("a.help-link").await;
    b.wait_for("main[data-page='help']").await;
    b.scroll_to("p.back-link").await;
    b.screenshot("password-help-on-the-way").await;
    b.click("p.back-link a[href='/password']").await;
    b.wait_for("main[data-page='password']").await;

    // The show button reveals what was typed (the one-time password is long and random).
    fill(&b, "#password-current", "not the one I was given").await;
    b.click("#password-current + button.reveal").await;
    assert_eq!(b.attr("#password-current", "type").await.as_deref(), Some("text"));

    // A weak new password is explained as it is typed, with the sign-up rule.
    fill(&b, "#password-new", "short").await;
    wait_for_text(&b, "#password-new-error", "at least 10 characters").await;
    // A wrong one-time password: said plainly, in an alert.
    fill(&b, "#password-new", NEW_PASSWORD).await;
    b.click("#password-submit").await;
    wait_for_text(&b, "#form-error[role='alert']", "That isn't your current password.").await;
    b.screenshot("password-wrong-one-time").await;

    // The right one: on to the caseload, with a short confirmation.
    fill(&b, "#password-current", &one_time).await;
    b.click("#password-submit").await;
    b.wait_for("main[data-page='caseload']").await;
    assert_eq!(path(&b).await, "/caseload");
    wait_for_text(&b, "#notice", "Your password is saved.").await;
    assert!(b.count(".bottom-nav").await >= 1);
    b.screenshot("password-chosen-caseload").await;

    // More offers to change it again, now as "Current password".
    b.click(".bottom-nav a[href='/more']").await;
    b.click("#menu-password").await;
    assert_eq!(b.text("main[data-page='password'] h1").await, "Change your password");
    assert_eq!(b.text("label[for='password-current']").await, "Current password");
    assert!(b.count("#password-sign-out").await == 0);
    assert!(b.count("#notice").await == 0, "the confirmation stayed on the caseload");
    b.screenshot("password-change-from-more").await;
    b.close().await;

    // The new password is the one that signs in.
    let api = Api::new(&server.base_url);
    let login = api.login(email, NEW_PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
    assert_eq!(login.body["user"]["must_change_password"], false);
    assert_eq!(api.login(email, &one_time).await.status, StatusCode::UNAUTHORIZED);
}
