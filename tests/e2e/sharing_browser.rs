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
use reqwest::StatusCode;

const PASSWORD: &str = "kettle orchard blue";

/// Waits until `css` matches exactly `n` elements.
async fn wait_count(browser: &Browser, css: &str, n: usize, shot: &str) {
    for _ in 0..100 {
        if browser.count(css).await == n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    browser.screenshot(shot).await;
    panic!("expected {n} × {css}, found {}", browser.count(css).await);
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
    a.click("#signup-submit").await;
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
    a.click("nav a[href='/more']").await;
    a.click("#menu-sharing").await;
    a.wait_for("main[data-page='sharing'] #no-links").await;
    assert!(a.text("#shared-with").await.contains("Only you"), "nothing shared yet");
    a.screenshot("sharing-empty").await;
    a.click("#invite-someone").await;
    a.click("#invite-carer").await;
    a.click("#invite-scope-pain").await;
    assert_eq!(a.attr("#invite-scope-pain", "aria-checked").await.as_deref(), Some("true"));
    a.screenshot("sharing-invite-choose").await;
    a.click("#make-code").await;
    let code = a.text("#invite-code").await.trim().to_owned();
    assert!(code.len() == 9 && code.as_bytes()[4] == b'-', "a grouped code like ABCD-EFGH: {code:?}");
    assert!(a.text("#invite-expiry").await.contains("stops working on"));
    // The code is also a QR code to scan, with a text alternative.
    let label = a.attr("svg.qr[role='img']", "aria-label").await.unwrap_or_default();
    assert!(label.contains(&code), "the QR code's label names the code: {label:?}");
    let path = a.attr("svg.qr path.qr-dark", "d").await.unwrap_or_default();
    assert!(path.len() > 200, "the QR code has modules drawn");
    a.screenshot("sharing-invite-code").await;

    // Browser B (a fresh profile): the carer signs up with the code.
    let b = Browser::start().await;
    sign_up(&b, &server, "Sam", &carer_email).await;
    b.click("#signup-has-code").await;
    b.click("#signup-code-carer").await;
    b.wait_for("#signup-code").await.send_keys(&code.to_lowercase()).await.expect("code");
    b.screenshot("sharing-carer-signup").await;
    b.click("#signup-submit").await;

    // People I support → Alex: pain, and no doses.
    b.wait_for("main[data-page='people'] a.person-item").await;
    assert!(b.text("a.person-item").await.contains("Alex"));
    b.screenshot("sharing-carer-people").await;
    b.click("a.person-item").await;
    b.wait_for("main[data-page='person'] #shared-banner").await;
    wait_count(&b, "section[data-kind='pain'] li.shared-entry", 2, "sharing-carer-pain-missing").await;
    let banner = b.text("#shared-banner").await;
    assert_eq!(banner, "Alex shares: pain");
    // The carer also sees Alex's patterns, from the shared kinds only: pain, no doses.
    b.wait_for("#shared-patterns #period-28").await;
    b.wait_for("#shared-patterns figure.chart[data-chart='pain-doses'] svg").await;
    let patterns = b.text("#shared-patterns").await;
    assert!(!patterns.contains("OME") && !patterns.to_lowercase().contains("dose"), "{patterns}");
    // One chart, of pain only: no dose timing, reasons, activity or sleep cards.
    assert_eq!(b.count("#shared-patterns figure.chart").await, 1, "{patterns}");
    assert_eq!(b.text("#chart-pain-doses-title").await, "Pain");
    assert!(b.text("#shared-patterns figure[data-chart='pain-doses'] .takeaway").await.starts_with("Alex's pain"));
    let page = b.text("main[data-page='person']").await;
    assert!(page.contains("Pain 6 out of 10") && page.contains("Pain 4 out of 10"), "{page}");
    assert_eq!(b.count("section[data-kind='dose']").await, 0, "doses are not shared");
    assert!(!page.contains("Oxycodone") && !page.contains("Took"), "no medicine shown: {page}");
    assert_eq!(b.count("#note-text").await, 0, "notes are not shared, so no observation box");
    b.screenshot("sharing-carer-patient").await;

    // The carer's own token cannot read doses either (the server's gate, not only the screen).
    let carer = api.login(&carer_email, PASSWORD).await;
    let patient_id = login.body["user"]["id"].as_str().unwrap_or_default().to_owned();
    let doses = api.get(&format!("/api/patients/{patient_id}/entries?kind=dose"), Some(&carer.access_token())).await;
    assert_eq!(doses.status, StatusCode::FORBIDDEN, "{:?}", doses.body);

    // Browser A: Sam is listed, the summary says what is shared, and Sam's look is in the audit.
    a.client.goto(&server.url("/sharing")).await.expect("open sharing");
    a.wait_for("li.link[data-state='active']").await;
    let summary = a.text("#shared-with").await;
    assert_eq!(summary, "Shared with: Sam (carer) — pain");
    a.screenshot("sharing-with-sam").await;
    a.click("#menu-audit").await;
    a.wait_for("li.audit-row[data-subjects~='pain']").await;
    assert!(a.text("li.audit-row").await.contains("Sam (carer)"));
    a.screenshot("sharing-audit").await;

    // Stop sharing: a clear confirm, then it is gone.
    a.client.goto(&server.url("/sharing")).await.expect("open sharing");
    a.click("li.link [data-action='stop']").await;
    a.wait_for("li.link [data-action='confirm-stop']").await;
    a.screenshot("sharing-confirm-stop").await;
    a.click("li.link [data-action='confirm-stop']").await;
    a.wait_for("#no-links").await;
    assert!(a.text("#shared-with").await.contains("Only you"));

    // Browser B: the next page load says access has ended.
    b.client.refresh().await.expect("reload");
    let ended = b.text("#access-ended").await;
    assert!(ended.contains("Alex has stopped sharing their diary with you."), "{ended}");
    assert_eq!(b.count("li.shared-entry").await, 0);
    b.screenshot("sharing-carer-ended").await;

    a.close().await;
    b.close().await;
}

/// Every sharing screen at phone size, for looking at (`-- --ignored sharing_screens`): the patient's
/// Sharing with an active carer and a waiting enrolment, scope editing, audit, My data; the carer's
/// People and a diary with notes; the worker's Caseload and Enrol; the admin screen.
#[tokio::test]
#[ignore = "a walk-through that saves screenshots; run on demand"]
async fn sharing_screens() {
    use evenkeel_tests::people::{self, PASSWORD as P};
    use serde_json::json;
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let (admin, admin_password) = admin_with_password(&server, &api).await;
    let worker_email = format!("jo{}@example.com", uuid::Uuid::new_v4().simple());
    let made = api
        .post("/api/admin/workers", Some(&admin.token), &json!({"email": worker_email, "display_name": "Jo Smith"}))
        .await;
    let one_time = made.body["one_time_password"].as_str().unwrap_or_default().to_owned();
    let worker_login = api.first_sign_in(&worker_email, &one_time).await;
    let worker_password = P;
    let worker = people::Person {
        id: String::new(),
        email: worker_email.clone(),
        token: worker_login.access_token(),
        name: "Jo Smith".into(),
    };
    let alex = api.patient_named("Alex").await;
    let med = changes::id();
    let diary = [
        changes::pain(&changes::id(), 6, &hours_ago(3), &hours_ago(3)),
        changes::pain(&changes::id(), 4, &hours_ago(27), &hours_ago(27)),
        changes::medication(&med, "Oxycodone", "oxycodone", 10.0),
        changes::dose(&changes::id(), &med, 10.0, &hours_ago(2), &["pain"]),
        changes::dose(&changes::id(), &med, 5.0, &hours_ago(30), &["to_sleep"]),
    ];
    assert_eq!(api.sync(&alex.token, 0, &diary).await.status, StatusCode::OK);
    let sam = api.carer_of(&alex, "Sam", &["pain", "doses", "notes"]).await;
    let note = api
        .post(
            &format!("/api/patients/{}/notes", alex.id),
            Some(&sam.token),
            &json!({"text": "Alex walked to the shop and back today, with one rest on the bench."}),
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED, "{:?}", note.body);
    let enrol = api.post("/api/enrolments", Some(&worker.token), &json!({})).await;
    let code = enrol.body["code"].as_str().unwrap_or_default().to_owned();
    let accepted = api.post("/api/enrolments/accept", Some(&alex.token), &json!({"code": code})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);

    // Carer: People, then Alex's diary with notes.
    let b = Browser::signed_in(&server.base_url, &sam.email, P).await;
    b.wait_for("main[data-page='people'] a.person-item").await;
    b.screenshot("screens-carer-people").await;
    b.click("a.person-item").await;
    b.wait_for("section[data-kind='dose'] li.shared-entry").await;
    b.wait_for("li.note").await;
    b.screenshot("screens-carer-diary").await;
    b.client.execute("document.querySelector('.notes').scrollIntoView()", vec![]).await.expect("scroll");
    b.screenshot("screens-carer-notes").await;
    b.close().await;

    // Patient: Sharing (Sam active, Jo waiting), editing Sam's scopes, audit, My data.
    let login = api.login(&alex.email, P).await;
    assert_eq!(login.status, StatusCode::OK);
    let a = Browser::signed_in(&server.base_url, &alex.email, P).await;
    a.client.goto(&server.url("/sharing")).await.expect("sharing");
    a.wait_for("li.link[data-state='invited']").await;
    a.screenshot("screens-patient-sharing").await;
    a.client
        .execute("document.querySelector(\"li.link[data-state='active']\").scrollIntoView()", vec![])
        .await
        .expect("scroll");
    a.screenshot("screens-patient-sharing-2").await;
    a.click("li.link[data-state='active'] [data-action='edit']").await;
    a.screenshot("screens-patient-edit-scopes").await;
    // Confirm Jo's enrolment with pain and sleep.
    a.click("li.link[data-state='invited'] [data-scope='pain']").await;
    a.click("li.link[data-state='invited'] [data-scope='sleep']").await;
    a.click("li.link[data-state='invited'] [data-action='save']").await;
    wait_count(&a, "li.link[data-state='active']", 2, "screens-enrol-confirm").await;
    a.screenshot("screens-patient-sharing-after").await;
    a.client.goto(&server.url("/sharing/audit")).await.expect("audit");
    a.wait_for("li.audit-row").await;
    a.screenshot("screens-patient-audit").await;
    a.client.goto(&server.url("/my-data")).await.expect("my data");
    a.wait_for("#download-data").await;
    a.screenshot("screens-patient-my-data").await;
    a.close().await;

    // Worker: Caseload, a patient, Enrol.
    let w = Browser::signed_in(&server.base_url, &worker_email, worker_password).await;
    w.wait_for("main[data-page='caseload'] a.caseload-name").await;
    w.screenshot("screens-worker-caseload").await;
    w.click("a.caseload-name").await;
    w.wait_for("section[data-kind='pain']").await;
    w.screenshot("screens-worker-patient").await;
    w.client.goto(&server.url("/caseload/enrol")).await.expect("enrol");
    w.click("#make-enrolment").await;
    w.wait_for("#enrolment-code").await;
    w.screenshot("screens-worker-enrol").await;
    w.close().await;

    // Admin: make a worker, see the one-time password once.
    let ad = Browser::signed_in(&server.base_url, &admin.email, &admin_password).await;
    ad.wait_for("main[data-page='admin']").await;
    ad.wait_for("#worker-name").await.send_keys("Pat Lee").await.expect("name");
    ad.wait_for("#worker-email").await.send_keys("pat.lee@practice.example").await.expect("email");
    ad.click("#create-worker").await;
    ad.wait_for("li.made-worker .one-time-password").await;
    ad.screenshot("screens-admin").await;
    ad.close().await;
}

/// An admin made on the command line, signed in once to replace its one-time password; with the
/// password it then chose.
async fn admin_with_password(server: &TestServer, api: &Api) -> (evenkeel_tests::people::Person, String) {
    let email = format!("admin{}@example.com", uuid::Uuid::new_v4().simple());
    let one_time =
        evenkeel_tests::people::create_staff(&server.home.database_url, "create-admin", &email, "Practice Admin");
    let login = api.first_sign_in(&email, &one_time).await;
    let password = evenkeel_tests::people::PASSWORD.to_owned();
    let person = evenkeel_tests::people::Person {
        id: login.body["user"]["id"].as_str().unwrap_or_default().to_owned(),
        email,
        token: login.access_token(),
        name: "Practice Admin".into(),
    };
    (person, password)
}

/// A long "Who has looked" (the demo's eight weeks of Sam and Jo looking) opens on its newest 100
/// rows, each saying in words what was read; "Show earlier" adds the older ones and then goes away.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_has_looked_pages_back_through_a_long_history() {
    let server = TestServer::start_with_args(Backend::Sqlite, &["--demo"]).await;
    let b = Browser::start().await;
    b.sign_in(&server.base_url, "patient@demo.test", "even-keel-demo").await;
    b.client.goto(&server.url("/sharing/audit")).await.expect("open Who has looked");
    b.wait_until("return document.querySelectorAll('li.audit-row').length === 100", "audit-first-page").await;
    assert!(b.text("ul.audit-list").await.contains("Looked at your pain, activity and rest, mood and sleep"));
    b.scroll_to("#audit-older").await;
    b.screenshot("audit-show-earlier").await;
    b.click("#audit-older").await;
    b.wait_until(
        "return document.querySelectorAll('li.audit-row').length > 100 && !document.querySelector('#audit-older')",
        "audit-all",
    )
    .await;
    b.close().await;
}
