//! My plan in the real app at 390×844: Alex reads what she and Jo agreed, makes a goal and checks
//! in while the server is away, and both reach the server once, when it is back; Today shows her
//! next session. Jo suggests a goal from Alex's page and Alex accepts it. Sam, her carer, sees
//! her goals read-only.

use chrono::{Datelike, Duration, Utc};
use evenkeel_tests::browser::Browser;
use evenkeel_tests::people::{PASSWORD, admin};
use evenkeel_tests::{Api, Backend, TestServer};
use serde_json::json;

fn this_monday() -> String {
    let today = Utc::now().date_naive();
    (today - Duration::days(i64::from(today.weekday().num_days_from_monday()))).to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_goal_made_offline_reaches_the_plan_once_and_others_see_it() {
    // Its walks, logged as "for the last 4 / 20 minutes", must both start today.
    evenkeel_tests::midnight::clear_of_midnight(
        std::time::Duration::from_secs(10 * 60),
        std::time::Duration::from_secs(25 * 60),
    )
    .await;
    let server = TestServer::start(Backend::Sqlite).await;
    let base_url = server.base_url.clone();
    let api = Api::new(&base_url);
    let admin = admin(&server, &api).await;
    let alex = api.patient_named("Alex Morgan").await;
    let jo = api.worker(&admin, "Jo Okafor").await;
    api.link(&alex, &jo, "worker", &["goals", "notes", "pain", "plan"]).await;
    let sam = api.carer_of(&alex, "Sam Morgan", &["goals", "pain", "plan"]).await;
    let next = Utc::now().date_naive() + Duration::days(2);
    let summary = json!({
        "session_date": Utc::now().date_naive().to_string(),
        "talked_about": "How the walks have gone.",
        "agreed": "Try 15 minutes with a rest on the bench halfway.",
        "next_session": next.to_string(),
    });
    let wrote = api.post(&format!("/api/patients/{}/summaries", alex.id), Some(&jo.token), &summary).await;
    assert_eq!(wrote.status, reqwest::StatusCode::CREATED, "{:?}", wrote.body);

    // Today tells Alex when her next session is; a tap opens My plan.
    let browser = Browser::start().await;
    browser.sign_in(&base_url, &alex.email, PASSWORD).await;
    let line = browser.text("#plan-lines .plan-line").await;
    assert!(line.starts_with("Your next session with Jo Okafor is on "), "{line}");
    browser.click("#plan-lines .plan-line").await;
    browser.wait_for("main[data-page='plan'] #add-goal").await;
    let agreed = browser.text("#summaries .summary").await;
    assert!(agreed.contains("Try 15 minutes with a rest on the bench halfway."), "{agreed}");
    assert!(agreed.contains("Next session:"), "{agreed}");
    browser.wait_for("#no-goals").await;
    browser.screenshot("plan-empty").await;

    // The server goes away. Alex writes a goal, with the gentle ideas beside it, and checks in.
    let (_, home) = server.stop().await;
    browser.click("#add-goal").await;
    browser.type_into("#goal-what", "Walk more").await;
    browser.wait_until("return document.querySelectorAll('.ideas li').length >= 3", "plan-no-ideas").await;
    browser.screenshot("plan-goal-form-ideas").await;
    browser.type_into("#goal-what", "Walk to the park for 15 minutes").await;
    browser.type_into("#goal-why", "To see the ducks with Sam").await;
    browser.type_into("#goal-step", "Walk to the corner and back").await;
    browser.click("[data-days='3']").await;
    browser.click("#goal-save").await;
    browser.wait_for("#goal-list .goal[data-status='active'] [data-sync='waiting']").await;
    browser.click("#goal-list .goal .checkin [data-outcome='partly']").await;
    browser.wait_for("#goal-list .goal .checkin [data-outcome='partly'][aria-pressed='true']").await;
    browser.screenshot("plan-goal-offline").await;

    // Reload without a server: the goal and the check-in are still on the phone.
    browser.client.refresh().await.expect("reload");
    browser.wait_for("#goal-list .goal [data-sync='waiting']").await;
    browser.wait_for(".checkin [data-outcome='partly'][aria-pressed='true']").await;

    // The server is back: both arrive, once, and the card says no more than the goal.
    let server = TestServer::restart_on_same_port(home, &base_url).await;
    browser
        .wait_until_within(
            "return document.querySelector('#goal-list .goal') && !document.querySelector('[data-sync=\"waiting\"]')",
            "plan-never-synced",
            std::time::Duration::from_secs(90),
        )
        .await;
    let api = Api::new(&server.base_url);
    let goals = api.get(&format!("/api/patients/{}/goals", alex.id), Some(&alex.token)).await.body;
    let goals = goals.as_array().cloned().unwrap_or_default();
    assert_eq!(goals.len(), 1, "{goals:?}");
    assert_eq!(goals[0]["what"], "Walk to the park for 15 minutes");
    assert_eq!(goals[0]["days_per_week"], 3);
    assert_eq!(goals[0]["checkins"], json!([{"week_start": this_monday(), "outcome": "partly", "note": ""}]));
    assert_eq!(goals[0]["history"].as_array().map(Vec::len), Some(1));
    browser.screenshot("plan-goal-synced").await;

    // A pacing plan from three tries; its "so far today" moves with the walks logged on Today.
    browser.click("#add-pacing").await;
    browser.type_into("#pacing-activity", "Walking").await;
    for (i, amount) in ["7", "8", "7.5"].iter().enumerate() {
        browser.type_into(&format!("#try-amount-{i}"), amount).await;
    }
    let preview = browser.text("#pacing-preview").await;
    assert_eq!(preview, "Your baseline: 6 minutes (80% of the mean of your tries).");
    browser.screenshot("plan-pacing-form").await;
    browser.click("#pacing-save").await;
    assert_eq!(browser.text("#pacing-list .pacing-today").await, "Today's target is 6 minutes.");
    browser.screenshot("plan-pacing").await;
    browser.click("nav a[href='/']").await;
    browser.click("#log-activity").await;
    browser.type_into("#activity-what", "Walk to the shop").await;
    browser.type_into("#activity-minutes", "4").await;
    browser.click("[data-choice='effort-light']").await;
    browser.click("#activity-save").await;
    browser.wait_for("main[data-page='today'] #log-activity").await;
    browser.click("nav a[href='/more']").await;
    browser.click("#menu-plan").await;
    browser
        .wait_until(
            "const p = document.querySelector('#pacing-list .pacing-today');
             return !!p && p.textContent == '4 of 6 minutes today.'",
            "plan-pacing-not-moved",
        )
        .await;
    // A long walk later: well over the plan, which Patterns notes kindly beside the activity card.
    browser.click("nav a[href='/']").await;
    browser.click("#log-activity").await;
    browser.type_into("#activity-what", "Walk home the long way").await;
    browser.type_into("#activity-minutes", "20").await;
    browser.click("[data-choice='effort-moderate']").await;
    browser.click("#activity-save").await;
    browser.wait_for("main[data-page='today'] #log-activity").await;
    browser.click("nav a[href='/patterns']").await;
    let note = browser.text("#pacing-note p").await;
    assert_eq!(
        note,
        "On 1 of these days, walking went well over your plan's 6 minutes (24 minutes on the busiest). Big days happen; the plan is there to make the days after easier."
    );
    browser.scroll_to("#pacing-note").await;
    browser.screenshot("plan-pacing-note-in-patterns").await;
    browser.click("nav a[href='/more']").await;
    browser.click("#menu-plan").await;
    browser.wait_for("main[data-page='plan'] #add-goal").await;

    // An exercise list, written on the phone; today's exercise ticked off with pain before it.
    browser.click("#add-exercise").await;
    browser.type_into("#exercise-title", "Physio exercises").await;
    browser.type_into("#exercise-name-0", "Calf raises").await;
    browser.type_into("#exercise-amount-0", "15 times").await;
    browser.click("#exercise-save").await;
    browser.click("#exercise-list .exercise-today [data-exercise]").await;
    browser.wait_for("#exercise-list [data-exercise][aria-pressed='true']").await;
    browser
        .wait_until_async(
            &format!(
                "const done = arguments[0];
                 fetch('/api/patients/{}/exercise-plans', {{headers: {{Authorization: 'Bearer {}'}}}})
                   .then(r => r.json()).then(p => done(p.length == 1 && p[0].days.length == 1 && p[0].days[0].done.length == 1), () => done(false));",
                alex.id, alex.token
            ),
            "plan-exercise-not-ticked",
        )
        .await;
    browser.scroll_to("#exercise-list").await;
    browser.screenshot("plan-exercise").await;

    // Jo suggests a goal from Alex's page.
    let jos = Browser::start().await;
    jos.sign_in(&base_url, &jo.email, PASSWORD).await;
    jos.client.goto(&format!("{base_url}/people/{}", alex.id)).await.expect("Alex's page");
    jos.click("#suggest-goal").await;
    jos.type_into("#goal-what", "Breathing practice before bed").await;
    jos.click("[data-days='2']").await;
    jos.click("#goal-save").await;
    jos.wait_for("#shared-goals .goal[data-status='proposed']").await;
    jos.screenshot("plan-worker-suggested").await;

    // Jo adds an evening group to the directory and refers Alex to it.
    jos.client.goto(&format!("{base_url}/caseload/services")).await.expect("directory");
    jos.wait_for("#no-services").await;
    jos.type_into("#service-name", "Men in Sheds").await;
    jos.type_into("#service-offers", "Woodwork and company").await;
    jos.type_into("#service-start", "18:00").await;
    jos.type_into("#service-end", "20:30").await;
    jos.type_into("#service-place", "Unit 4, Mill Lane").await;
    jos.type_into("#service-contact", "shed@example.org").await;
    jos.click("#service-save").await;
    jos.wait_for("#directory-list .service").await;
    jos.screenshot("plan-directory-staff").await;
    jos.client.goto(&format!("{base_url}/people/{}", alex.id)).await.expect("Alex's page");
    jos.click("#refer-save").await;
    jos.wait_for("#shared-referrals .referral[data-status='suggested']").await;
    jos.screenshot("plan-worker-referred").await;
    jos.close().await;

    // Alex sees the suggestion and takes it on.
    browser.client.refresh().await.expect("reload");
    browser.click(".goal[data-status='proposed'] .accept-goal").await;
    browser
        .wait_until(
            "return document.querySelectorAll('#goal-list .goal[data-status=\"active\"]').length == 2",
            "plan-not-accepted",
        )
        .await;
    browser.screenshot("plan-two-goals").await;
    let referral = browser.text("#referral-list .referral").await;
    assert!(referral.contains("Men in Sheds") && referral.contains("shed@example.org"), "{referral}");
    browser.click("#referral-list [data-response='went']").await;
    browser.wait_for("#referral-list [data-response='went'][aria-pressed='true']").await;
    browser.scroll_to("#referral-list").await;
    browser.screenshot("plan-referral").await;
    // The directory, filtered to evenings and weekends.
    browser.click("#browse-services").await;
    browser.click("#outside-hours").await;
    assert!(browser.text("#service-list .service").await.contains("(outside working hours)"));
    browser.screenshot("plan-directory").await;
    browser.close().await;

    // Sam sees both read-only: no check-in, no changes.
    let sams = Browser::start().await;
    sams.sign_in(&base_url, &sam.email, PASSWORD).await;
    sams.client.goto(&format!("{base_url}/people/{}", alex.id)).await.expect("Alex's page");
    sams.wait_until("return document.querySelectorAll('#shared-goals .goal').length == 2", "plan-carer-goals").await;
    sams.wait_for("#shared-pacing .pacing").await;
    assert_eq!(sams.count("#shared-plan button, #shared-plan .checkin").await, 0, "read-only for a carer");
    let card = sams.text("#shared-goals .goal").await;
    assert!(card.contains("Walk to the park for 15 minutes"), "{card}");
    sams.scroll_to("#shared-plan").await;
    sams.screenshot("plan-carer").await;
    sams.close().await;
}

/// Alex, whose worker Jo wrote up today's session with the next one in two days: Today has a line
/// from My plan about it.
async fn alex_with_her_next_session_agreed(server: &TestServer) -> evenkeel_tests::people::Person {
    let api = Api::new(&server.base_url);
    let admin = admin(server, &api).await;
    let alex = api.patient_named("Alex Morgan").await;
    let jo = api.worker(&admin, "Jo Okafor").await;
    api.link(&alex, &jo, "worker", &["notes"]).await;
    let next = Utc::now().date_naive() + Duration::days(2);
    let summary = json!({
        "session_date": Utc::now().date_naive().to_string(),
        "talked_about": "Walks.",
        "agreed": "Keep going.",
        "next_session": next.to_string(),
    });
    api.post(&format!("/api/patients/{}/summaries", alex.id), Some(&jo.token), &summary).await;
    alex
}

/// The lines from My plan arrive with the network, after Today is drawn: they come in below the
/// quick-log buttons, so a thumb already reaching for "Pain now" does not find it moved.
#[tokio::test]
async fn todays_buttons_stay_put_when_the_plan_lines_arrive() {
    let server = TestServer::start(Backend::Sqlite).await;
    let alex = alex_with_her_next_session_agreed(&server).await;

    let browser = Browser::start().await;
    browser.sign_in(&server.base_url, &alex.email, PASSWORD).await;
    // A fresh open, as from the home screen: the page's Today, then the app's, then the lines.
    browser.client.refresh().await.expect("reload");
    browser.wait_for("#plan-lines .plan-line").await;
    let moved = browser
        .client
        .execute_async(
            "const done = arguments[0];
             new PerformanceObserver((list) => done(list.getEntries().flatMap(e => e.sources)
               .map(s => s.node ? s.node.className || s.node.nodeName : '(gone)')))
               .observe({type: 'layout-shift', buffered: true});
             setTimeout(() => done([]), 2000);",
            vec![],
        )
        .await
        .expect("layout shifts");
    let moved: Vec<String> = serde_json::from_value(moved).expect("a list of the moved elements");
    assert!(!moved.iter().any(|c| c.contains("quick")), "the quick-log buttons moved: {moved:?}");
}

/// The lines from My plan are remembered on the phone: on the next open they are on Today from
/// its first frame, even when the server does not answer for them (nothing arrives later to push
/// Today down), and signing out takes them off the phone with the rest of My plan.
#[tokio::test]
async fn todays_lines_from_my_plan_are_remembered_until_sign_out() {
    let server = TestServer::start(Backend::Sqlite).await;
    let alex = alex_with_her_next_session_agreed(&server).await;

    let browser = Browser::start().await;
    browser.sign_in(&server.base_url, &alex.email, PASSWORD).await;
    let line = browser.text("#plan-lines .plan-line").await;
    assert!(line.contains("next session"), "{line}");

    // The next open, with the server's answer for the lines blocked.
    browser.cdp("Network.enable", json!({})).await;
    browser.cdp("Network.setBypassServiceWorker", json!({ "bypass": true })).await;
    browser.cdp("Network.setBlockedURLs", json!({ "urls": ["*plan-today*"] })).await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for("main[data-page='today']").await;
    assert_eq!(browser.text("#plan-lines .plan-line").await, line, "remembered from the last open");
    browser.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await;

    // Signing out leaves nothing of them on the phone.
    browser.client.goto(&server.url("/more")).await.expect("more");
    browser.click("#sign-out").await;
    browser.wait_for("#signin-email").await;
    let kept = browser
        .client
        .execute("return localStorage.getItem('evenkeel.plan.today');", vec![])
        .await
        .expect("localStorage");
    assert!(kept.is_null(), "still on the phone after sign-out: {kept}");
    browser.close().await;
}
