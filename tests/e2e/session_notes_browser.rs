//! Session notes in the browser, at phone size, on the `--demo` server: the demo project worker Jo
//! signs in, opens Alex Rowan (a new patient who shares only pain with him) from the caseload,
//! reads the honest line about who sees the notes, writes a note (the date field starts at today;
//! an empty note is caught at once), sees it listed with its line breaks, reloads and still sees
//! it, edits it in place (it then says "edited"), and when the server can't be reached the typed
//! text stays in the box until saving works again. Alex then sees, in her own browser, that Jo
//! read and wrote session notes about her.

use chrono::{Days, Local};
use evenkeel_tests::browser::Browser;
use evenkeel_tests::people::{PASSWORD, Person};
use evenkeel_tests::{Api, Backend, TestServer};
use reqwest::StatusCode;
use serde_json::json;

fn label(date: chrono::NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// The demo worker's sign-in (the demo accounts need no password change).
const DEMO_WORKER: &str = "worker@demo.test";
const DEMO_PASSWORD: &str = "even-keel-demo";

#[tokio::test]
async fn a_worker_writes_reloads_and_edits_a_session_note() {
    let server = TestServer::start_with_args(Backend::Sqlite, &["--demo"]).await;
    let api = Api::new(&server.base_url);
    let login = api.login(DEMO_WORKER, DEMO_PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
    let jo = Person {
        id: login.body["user"]["id"].as_str().unwrap_or_default().to_owned(),
        email: DEMO_WORKER.into(),
        token: login.access_token(),
        name: "Jo".into(),
    };
    let alex = api.patient_named("Alex Rowan").await;
    api.link(&alex, &jo, "worker", &["pain"]).await;

    // Jo signs in and opens Alex from the caseload.
    let b = Browser::start().await;
    b.client.goto(&server.url("/signin")).await.expect("open sign-in");
    b.wait_for("#signin-email").await.send_keys(DEMO_WORKER).await.expect("email");
    b.wait_for("#signin-password").await.send_keys(DEMO_PASSWORD).await.expect("password");
    b.click("#signin-submit").await;
    b.wait_for("main[data-page='caseload'] a.caseload-name").await;
    b.click_starting_with("a.caseload-name", "Alex Rowan").await;
    b.wait_for("main[data-page='person'] #session-notes").await;
    assert_eq!(
        b.text("#session-notes-privacy").await,
        "Private: only you see these here. They are part of Alex Rowan's record: Alex Rowan gets them in a download of their data, and sees when you read or write them."
    );
    b.wait_for("#no-session-notes").await;
    let today = Local::now().date_naive();
    assert_eq!(b.value("#session-date").await, today.format("%Y-%m-%d").to_string(), "the date starts at today");

    // An empty note is caught before it is sent.
    b.click("#session-save").await;
    b.wait_until("return document.querySelector('#session-error').textContent.length > 0", "empty-note").await;
    assert_eq!(b.text("#session-error").await, "Please write something in the note.");
    assert_eq!(b.attr("#session-text", "aria-invalid").await.as_deref(), Some("true"));

    // A note with a line break: saved, listed with the break kept, and the box emptied.
    b.wait_for("#session-text")
        .await
        .send_keys("Talked about pacing.\nAgreed a short walk each morning.")
        .await
        .expect("type");
    b.click("#session-save").await;
    b.wait_for("#session-note-list li.session-note").await;
    assert_eq!(
        b.text("li.session-note .session-note-text").await,
        "Talked about pacing.\nAgreed a short walk each morning."
    );
    assert_eq!(b.text("li.session-note .session-note-date").await, label(today));
    assert_eq!(b.value("#session-text").await, "");
    assert_eq!(b.text("#session-error").await, "");
    b.screenshot("session-notes-written").await;

    // After a reload it is still there (it came from the server).
    b.client.refresh().await.expect("reload");
    b.wait_for("#session-note-list li.session-note").await;
    assert!(b.text("li.session-note .session-note-text").await.starts_with("Talked about pacing."));
    let stored = api.get(&format!("/api/patients/{}/session-notes", alex.id), Some(&jo.token)).await;
    assert_eq!(stored.body[0]["text"], "Talked about pacing.\nAgreed a short walk each morning.");

    // Edit in place: the text and the day change, and it says "edited".
    b.click("li.session-note .session-note-edit").await;
    let edit_text = b.wait_for("li.session-note.editing .session-edit-text").await;
    assert!(b.value("li.session-note.editing .session-edit-text").await.starts_with("Talked about pacing."));
    edit_text.clear().await.expect("clear");
    edit_text.send_keys("Talked about pacing and sleep.").await.expect("type");
    let yesterday = today.checked_sub_days(Days::new(1)).unwrap_or(today);
    b.client
        .execute(
            "const d = document.querySelector('li.session-note.editing .session-edit-date');
             d.value = arguments[0]; d.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![json!(yesterday.format("%Y-%m-%d").to_string())],
        )
        .await
        .expect("set the date");
    b.click("li.session-note.editing .session-edit-save").await;
    b.wait_until("return !document.querySelector('li.session-note.editing')", "edit-saved").await;
    assert_eq!(b.text("li.session-note .session-note-text").await, "Talked about pacing and sleep.");
    assert_eq!(b.text("li.session-note .session-note-date").await, format!("{} · edited", label(yesterday)));
    b.screenshot("session-notes-edited").await;

    // The server goes away while Jo writes a second note: the text stays, with a calm message.
    let base_url = server.base_url.clone();
    let (_, home) = server.stop().await;
    b.wait_for("#session-text").await.send_keys("Second session: relaxation practice.").await.expect("type");
    b.click("#session-save").await;
    b.wait_until("return document.querySelector('#session-error').textContent.length > 0", "offline-save").await;
    assert!(b.text("#session-error").await.contains("couldn't reach"), "{}", b.text("#session-error").await);
    assert_eq!(b.value("#session-text").await, "Second session: relaxation practice.", "nothing typed is lost");
    let server = TestServer::restart_on_same_port(home, &base_url).await;
    b.click("#session-save").await;
    b.wait_until("return document.querySelectorAll('#session-note-list li.session-note').length === 2", "retry").await;
    // Today's session is listed above yesterday's.
    let listed = b.texts("li.session-note .session-note-text").await;
    assert_eq!(listed.first().map(String::as_str), Some("Second session: relaxation practice."), "{listed:?}");
    assert_eq!(b.value("#session-text").await, "");

    // A half-written edit survives another note being saved above it (the list is redrawn).
    b.click("li.session-note .session-note-edit").await;
    b.wait_for("li.session-note.editing .session-edit-text")
        .await
        .send_keys(" Plan for bad days.")
        .await
        .expect("type");
    b.wait_for("#session-text").await.send_keys("Third note.").await.expect("type");
    b.click("#session-save").await;
    b.wait_until("return document.querySelectorAll('#session-note-list li.session-note').length === 3", "third").await;
    let kept = b.value("li.session-note.editing .session-edit-text").await;
    assert!(kept.contains("Plan for bad days."), "the draft is kept: {kept:?}");

    b.close().await;

    // Alex, in her own browser, sees in "Who has looked at my diary" that Jo read and wrote his
    // session notes about her, in plain words, and not the notes themselves.
    let a = Browser::start().await;
    a.client.goto(&server.url("/signin")).await.expect("open sign-in");
    a.wait_for("#signin-email").await.send_keys(&alex.email).await.expect("email");
    a.wait_for("#signin-password").await.send_keys(PASSWORD).await.expect("password");
    a.click("#signin-submit").await;
    a.wait_for("main[data-page='today']").await;
    a.client.goto(&server.url("/sharing/audit")).await.expect("open the audit");
    a.wait_for("li.audit-row[data-subjects~='session_notes']").await;
    let seen = a.texts("li.audit-row[data-subjects~='session_notes']").await;
    let all = seen.join("\n");
    for words in [
        "Jo Okafor (project worker)",
        "Read their session notes about you",
        "Wrote a session note about you",
        "Changed one of their session notes about you",
    ] {
        assert!(all.contains(words), "{words:?} in {all}");
    }
    assert!(!all.contains("pacing"), "the audit names no content: {all}");
    a.screenshot("session-notes-audit").await;
    a.close().await;
    drop(server);
}
