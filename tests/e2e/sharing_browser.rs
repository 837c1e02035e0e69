//! Sharing in two browsers at phone size: a patient signs up (browser A) and invites a carer to see
//! only their pain diary, through the app; the carer signs up with that code in a second, fresh
//! browser (B) and sees the patient's pain entries but not their doses; the patient sees the carer's
//! look in "Who has looked at my diary", then stops sharing; the carer's next page load says, kindly,
//! that access has ended.

use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use evenkeel_tests::api::changes;
use evenkeel_tests::browser::Browser;
use evenkeel_tests::{Api, Backend, TestServer};
use fantoccini::Locator;
use reqwest::StatusCode;

const PASSWORD: &str = "kettle orchard blue";

async fn click(browser: &Browser, css: &str) {
    browser.wait_for(css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn text(browser: &Browser, css: &str) -> String {
    browser.wait_for(css).await.text().await.unwrap_or_default()
}

async fn count(browser: &Browser, css: &str) -> usize {
    browser.client.find_all(Locator::Css(css)).await.map(|v| v.len()).unwrap_or(0)
}

/// Waits until `css` matches exactly `n` elements.
async fn wait_count(browser: &Browser, css: &str, n: usize, shot: &str) {
    for _ in 0..100 {
        if count(browser, css).await == n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    browser.screenshot(shot).await;
    panic!("expected {n} × {css}, found {}", count(browser, css).await);
}

async fn sign_up(browser: &Browser, server: &TestServer, name: &str, email: &str) {
    browser.client.goto(&server.url("/signup")).await.expect("open sign-up");
    browser.wait_for("#signup-name").await.send_keys(name).await.expect("name");
    browser.wait_for("#signup-email").await.send_keys(email).await.expect("email");
    browser.wait_for("#signup-password").await.send_keys(PASSWORD).await.expect("password");
}

fn hours_ago(h: i64) -> String {
    (Utc::now() - chrono::Duration::hours(h)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[tokio::test]
async fn invite_a_carer_to_see_pain_only_then_stop_sharing() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let patient_email = format!("alex{}@example.com", uuid::Uuid::new_v4().simple());
    let carer_email = format!("sam{}@example.com", uuid::Uuid::new_v4().simple());

    // Browser A: the patient signs up.
    let a = Browser::start().await;
    sign_up(&a, &server, "Alex", &patient_email).await;
    click(&a, "#signup-submit").await;
    a.wait_for("main[data-page='today']").await;

    // Their diary, sent as their phone would: two pain scores, a medicine and a dose.
    let login = api.login(&patient_email, PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
    let token = login.access_token();
    let med = changes::id();
    let sent = [
        changes::pain(&changes::id(), 6, &hours_ago(3), &hours_ago(3)),
        changes::pain(&changes::id(), 4, &hours_ago(27), &hours_ago(27)),
        changes::medication(&med, "Oxycodone", "oxycodone", 10.0),
        changes::dose(&changes::id(), &med, 10.0, &hours_ago(2), &["pain"]),
    ];
    let synced = api.sync(&token, 0, &sent).await;
    assert_eq!(synced.status, StatusCode::OK, "{:?}", synced.body);
    assert_eq!(synced.body["applied"].as_array().map(Vec::len), Some(4), "{:?}", synced.body);

    // More → Sharing → Invite someone: a carer, pain only.
    click(&a, "nav a[href='/more']").await;
    click(&a, "#menu-sharing").await;
    a.wait_for("main[data-page='sharing'] #no-links").await;
    assert!(text(&a, "#shared-with").await.contains("Only you"), "nothing shared yet");
    a.screenshot("sharing-empty").await;
    click(&a, "#invite-someone").await;
    click(&a, "#invite-carer").await;
    click(&a, "#invite-scope-pain").await;
    assert_eq!(
        a.wait_for("#invite-scope-pain").await.attr("aria-checked").await.ok().flatten().as_deref(),
        Some("true")
    );
    a.screenshot("sharing-invite-choose").await;
    click(&a, "#make-code").await;
    let code = text(&a, "#invite-code").await.trim().to_owned();
    assert!(code.len() == 9 && code.as_bytes()[4] == b'-', "a grouped code like ABCD-EFGH: {code:?}");
    assert!(text(&a, "#invite-expiry").await.contains("stops working on"));
    a.wait_for("svg.qr path").await;
    a.screenshot("sharing-invite-code").await;

    // Browser B (a fresh profile): the carer signs up with the code.
    let b = Browser::start().await;
    sign_up(&b, &server, "Sam", &carer_email).await;
    click(&b, "#signup-has-code").await;
    click(&b, "#signup-code-carer").await;
    b.wait_for("#signup-code").await.send_keys(&code.to_lowercase()).await.expect("code");
    b.screenshot("sharing-carer-signup").await;
    click(&b, "#signup-submit").await;

    // People I support → Alex: pain, and no doses.
    b.wait_for("main[data-page='people'] a.person-item").await;
    assert!(text(&b, "a.person-item").await.contains("Alex"));
    b.screenshot("sharing-carer-people").await;
    click(&b, "a.person-item").await;
    b.wait_for("main[data-page='person'] #shared-banner").await;
    wait_count(&b, "section[data-kind='pain'] li.shared-entry", 2, "sharing-carer-pain-missing").await;
    let banner = text(&b, "#shared-banner").await;
    assert_eq!(banner, "Alex shares: pain");
    let page = text(&b, "main[data-page='person']").await;
    assert!(page.contains("Pain 6 out of 10") && page.contains("Pain 4 out of 10"), "{page}");
    assert_eq!(count(&b, "section[data-kind='dose']").await, 0, "doses are not shared");
    assert!(!page.contains("Oxycodone") && !page.contains("Took"), "no medicine shown: {page}");
    assert_eq!(count(&b, "#note-text").await, 0, "notes are not shared, so no observation box");
    b.screenshot("sharing-carer-patient").await;

    // The carer's own token cannot read doses either (the server's gate, not only the screen).
    let carer = api.login(&carer_email, PASSWORD).await;
    let patient_id = login.body["user"]["id"].as_str().unwrap_or_default().to_owned();
    let doses = api.get(&format!("/api/patients/{patient_id}/entries?kind=dose"), Some(&carer.access_token())).await;
    assert_eq!(doses.status, StatusCode::FORBIDDEN, "{:?}", doses.body);

    // Browser A: Sam is listed, the summary says what is shared, and Sam's look is in the audit.
    a.client.goto(&server.url("/sharing")).await.expect("open sharing");
    a.wait_for("li.link[data-state='active']").await;
    let summary = text(&a, "#shared-with").await;
    assert_eq!(summary, "Shared with: Sam (carer) — pain");
    a.screenshot("sharing-with-sam").await;
    click(&a, "#menu-audit").await;
    a.wait_for("li.audit-row[data-scope='pain']").await;
    assert!(text(&a, "li.audit-row").await.contains("Sam (carer)"));
    a.screenshot("sharing-audit").await;

    // Stop sharing: a clear confirm, then it is gone.
    a.client.goto(&server.url("/sharing")).await.expect("open sharing");
    click(&a, "li.link [data-action='stop']").await;
    a.wait_for("li.link [data-action='confirm-stop']").await;
    a.screenshot("sharing-confirm-stop").await;
    click(&a, "li.link [data-action='confirm-stop']").await;
    a.wait_for("#no-links").await;
    assert!(text(&a, "#shared-with").await.contains("Only you"));

    // Browser B: the next page load says access has ended.
    b.client.refresh().await.expect("reload");
    let ended = text(&b, "#access-ended").await;
    assert!(ended.contains("Alex has stopped sharing their diary with you."), "{ended}");
    assert_eq!(count(&b, "li.shared-entry").await, 0);
    b.screenshot("sharing-carer-ended").await;

    a.close().await;
    b.close().await;
}
