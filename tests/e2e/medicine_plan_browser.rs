//! The medicine plan in the real app at 390×844 (issue 13): Alex sees this step and the next on My
//! plan, with "talk to someone first". With the server away she checks in on how reducing feels
//! and asks to talk; both wait on her phone and arrive once when the server is back. Jo's caseload
//! then lists Alex first, with "Asked to talk"; Jo replies from Alex's page, and Alex sees
//! "Jo Okafor will call you".

use chrono::{Duration, Utc};
use evenkeel_tests::api::changes;
use evenkeel_tests::browser::Browser;
use evenkeel_tests::people::{PASSWORD, admin};
use evenkeel_tests::{Api, Backend, TestServer, db};
use serde_json::json;

fn day(offset: i64) -> String {
    (Utc::now().date_naive() + Duration::days(offset)).to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_check_in_and_a_request_to_talk_made_offline_reach_the_worker_and_the_reply_comes_back() {
    let server = TestServer::start(Backend::Sqlite).await;
    let base_url = server.base_url.clone();
    let api = Api::new(&base_url);
    let admin = admin(&server, &api).await;
    let alex = api.patient_named("Alex Morgan").await;
    let jo = api.worker(&admin, "Jo Okafor").await;
    let bea = api.patient_named("Bea Hughes").await;
    api.link(&alex, &jo, "worker", &["plan", "doses", "pain"]).await;
    api.link(&bea, &jo, "worker", &["plan", "doses", "pain"]).await;
    let oxy = changes::id();
    assert_eq!(
        api.sync(&alex.token, 0, &[changes::medication(&oxy, "OxyContin", "oxycodone", 10.0)]).await.status,
        reqwest::StatusCode::OK
    );
    let plan = json!({
        "prescriber": "Dr Patel, Riverside Surgery",
        "agreed_on": day(-12),
        "steps": [
            {"starts_on": day(-10), "amounts": [{"medication_id": oxy, "daily_amount": 40.0, "how": "20 mg morning and evening"}]},
            {"starts_on": day(5), "amounts": [{"medication_id": oxy, "daily_amount": 30.0, "how": "20 mg morning, 10 mg evening"}]},
        ],
    });
    let saved = api
        .send(
            reqwest::Method::PUT,
            &format!("/api/patients/{}/medicine-plan", alex.id),
            Some(&jo.token),
            None,
            Some(&plan),
        )
        .await;
    assert_eq!(saved.status, reqwest::StatusCode::OK, "{:?}", saved.body);

    // My plan shows this step and the next, and that the plan is the prescriber's.
    let browser = Browser::start().await;
    browser.sign_in(&base_url, &alex.email, PASSWORD).await;
    browser.click("nav a[href='/more']").await;
    browser.click("#menu-plan").await;
    let this_step = browser.text("#this-step").await;
    assert!(this_step.ends_with(": OxyContin 40 mg a day (20 mg morning and evening)"), "{this_step}");
    let next = browser.text("#next-step").await;
    assert!(next.starts_with("Next: From ") && next.contains("OxyContin 30 mg a day"), "{next}");
    let section = browser.text(".medicine-section").await;
    assert!(
        section.contains("Talk to someone first.") && section.contains("never suggests or changes a dose"),
        "{section}"
    );
    let tolerance = browser.text("#medicine-plan #tolerance").await;
    assert!(tolerance.contains("Going back quickly to an earlier, higher dose can be dangerous"), "{tolerance}");
    browser.screenshot("medicine-plan").await;

    // The server goes away. Alex checks in, then asks to talk: both wait on the phone.
    let (_, home) = server.stop().await;
    browser.click("#check-in-reducing").await;
    browser.click("[data-feeling='aches'] [data-how='quite_a_bit']").await;
    browser.click("[data-feeling='trouble_sleeping'] [data-how='a_lot']").await;
    browser.wait_for("[data-feeling='aches'] [data-how='quite_a_bit'][aria-pressed='true']").await;
    browser.screenshot("medicine-check-in").await;
    browser.click("#save-check-in").await;
    let after = browser.text("#after-check-in").await;
    assert!(after.contains("strongest in the first few days"), "{after}");
    assert!(after.contains("Going back quickly to an earlier, higher dose can be dangerous"), "{after}");
    browser.screenshot("medicine-after-check-in").await;
    browser.click("#after-check-in .button.primary").await;
    let form = browser.text("#talk-form").await;
    assert!(form.contains("isn't watched around the clock"), "{form}");
    assert_eq!(browser.count("#talk-form a[href='tel:111'], #talk-form a[href='tel:999']").await, 2);
    browser.click("#talk-form [data-reason='pause_reduction']").await;
    browser.type_into("#talk-note", "The aches are hard this week.").await;
    browser.type_into("#talk-times", "Weekday mornings").await;
    browser.screenshot("medicine-talk-form").await;
    browser.click("#send-talk").await;
    let waiting = browser.text("#talk-list").await;
    assert!(waiting.contains("Saved on this phone"), "{waiting}");
    browser.screenshot("medicine-talk-waiting").await;

    // The server is back: the request and the check-in arrive, once each.
    let server = TestServer::restart_on_same_port(home, &base_url).await;
    let url = server.home.database_url.clone();
    browser
        .wait_until_within(
            "const l = document.querySelector('#talk-list'); return !!l && l.textContent.includes('Sent') && !l.textContent.includes('Saved on this phone')",
            "medicine-talk-never-sent",
            std::time::Duration::from_secs(90),
        )
        .await;
    for _ in 0..60 {
        if db::count(&url, "entries", "kind = 'withdrawal'") == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert_eq!(db::count(&url, "entries", "kind = 'withdrawal'"), 1, "the check-in arrived once");
    assert_eq!(db::count(&url, "contact_requests", "1 = 1"), 1, "the request arrived once");

    // Jo's caseload lists Alex first, asking to talk (Bea has no flag worth more).
    let jos = Browser::start().await;
    jos.sign_in(&base_url, &jo.email, PASSWORD).await;
    jos.wait_for("main[data-page='caseload'] #caseload-table").await;
    let first = jos.text("#caseload-table tbody tr:first-child").await;
    assert!(first.contains("Alex Morgan") && first.contains("Asked to talk"), "{first}");
    jos.screenshot("medicine-caseload-asked").await;

    // Jo replies from Alex's page; Alex sees it.
    jos.client.goto(&format!("{base_url}/people/{}", alex.id)).await.expect("Alex's page");
    jos.wait_for("#shared-medicine-plan").await;
    jos.wait_for("figure[data-chart='medicine-plan'] svg[role='img']").await;
    jos.scroll_to("#shared-medicine-plan").await;
    jos.screenshot("medicine-worker-plan").await;
    jos.type_into("#talk-requests .talk-reply-input", "I'll ring you tomorrow morning.").await;
    jos.click("#talk-requests .talk-send-reply").await;
    jos.wait_until(
        "return document.querySelector('#talk-requests .talk-status').textContent.includes('will call you')",
        "medicine-reply-not-saved",
    )
    .await;
    jos.screenshot("medicine-worker-replied").await;

    // Jo enters a pause as a new version, from the prescriber's decision: the form starts from the
    // plan as it stands, and a change needs its reason.
    jos.click("#edit-medicine-plan").await;
    let prescriber = jos.prop("#plan-prescriber", "value").await;
    assert_eq!(prescriber.as_deref(), Some("Dr Patel, Riverside Surgery"));
    jos.type_into("#step-1-date", &day(12)).await;
    jos.click("#plan-save").await;
    jos.wait_until(
        "return document.querySelector('#plan-editor .form-error').textContent == 'Please say why the plan changed.'",
        "medicine-plan-reason-not-asked",
    )
    .await;
    jos.type_into("#plan-reason", "Paused for a week, as Dr Patel agreed.").await;
    jos.screenshot("medicine-plan-editor").await;
    jos.click("#plan-save").await;
    jos.wait_until("return !document.querySelector('#plan-editor')", "medicine-plan-not-saved").await;
    let plan = api.get(&format!("/api/patients/{}/medicine-plan", alex.id), Some(&alex.token)).await.body;
    assert_eq!(plan["current"]["version"], 2, "{plan}");
    assert_eq!(plan["current"]["steps"][1]["starts_on"], day(12));
    assert_eq!(plan["current"]["steps"][1]["amounts"][0]["daily_amount"].as_f64(), Some(30.0));
    browser.client.refresh().await.expect("reload");
    browser
        .wait_until_within(
            "const l = document.querySelector('#talk-list'); return !!l && l.textContent.includes('Jo Okafor will call you')",
            "medicine-reply-not-seen",
            std::time::Duration::from_secs(30),
        )
        .await;
    let mine = browser.text("#talk-list").await;
    assert!(mine.contains("I'll ring you tomorrow morning."), "{mine}");
    browser.scroll_to("#talk-list").await;
    browser.screenshot("medicine-reply-seen").await;
    jos.close().await;
    browser.close().await;
}
