//! Reminders in the real app at 390×844, and notifications in the real service worker.
//!
//! Chromium here cannot reach a push service (its own is Google's), so a browser subscription
//! cannot be made in this sandbox: the app says so after its wait. Everything on either side of
//! that link is real. A device subscribed through the API at the test's RFC 8291 receiver stands
//! in for the phone's push service: the server encrypts and signs a real message, the receiver
//! decrypts it, and the DevTools protocol delivers that payload to the app's service worker, whose
//! `push` handler shows the notification (read back with `registration.getNotifications()`). A
//! click is dispatched to the worker's `notificationclick` handler inside the worker itself; it
//! takes the open app to the reminder's screen.

use std::time::Duration;

use evenkeel_tests::api::changes;
use evenkeel_tests::browser::Browser;
use evenkeel_tests::people::{PASSWORD, Person};
use evenkeel_tests::push_receiver::PushReceiver;
use evenkeel_tests::{Api, Backend, TestServer, db};
use fantoccini::Locator;
use serde_json::{Value, json};

async fn signed_in(server: &TestServer, api: &Api) -> (Person, Browser) {
    let patient = api.patient_named("Alex Morgan").await;
    let browser = Browser::start().await;
    browser.sign_in(&server.base_url, &patient.email, PASSWORD).await;
    browser.wait_for("main[data-page='today']").await;
    (patient, browser)
}

async fn open_reminders(browser: &Browser) {
    browser.wait_for("nav a[href='/more']").await.click().await.expect("to More");
    browser.wait_for("#menu-reminders").await.click().await.expect("to Reminders");
    browser.wait_for("main[data-page='reminders'] #add-reminder").await;
}

/// The notifications the app's service worker is showing: [title, body, tag, url].
async fn notifications(browser: &Browser) -> Vec<Value> {
    let shown = browser
        .client
        .execute_async(
            "const done = arguments[0];
             navigator.serviceWorker.ready.then(r => r.getNotifications())
               .then(n => done(n.map(x => [x.title, x.body, x.tag, x.data && x.data.url])), () => done([]));",
            vec![],
        )
        .await
        .expect("read the shown notifications");
    shown.as_array().cloned().unwrap_or_else(|| panic!("a list of notifications: {shown}"))
}

/// Hands a decrypted payload to the service worker, as the phone's push service would, until
/// `shown` notifications are on the screen. DevTools' delivery is fire-and-forget: Chromium drops
/// one without a word when its worker is not running yet or is busy (seen in CI under load), where
/// a real push service would try again. One notification per kind (its tag), so a second delivery
/// of the same push cannot add one.
async fn deliver(browser: &Browser, server: &TestServer, payload: &Value, shown: usize) {
    let origin = server.base_url.trim_end_matches('/');
    let count = "const done = arguments[0];
                 navigator.serviceWorker.ready.then(r => r.getNotifications()).then(n => done(n.length), () => done(-1));";
    for _ in 0..5 {
        browser
            .wait_until_async(
                "const done = arguments[0];
                 navigator.serviceWorker.ready.then(r => done(!!r.active && r.active.state === 'activated'));",
                "service-worker-not-active",
            )
            .await;
        browser.cdp("ServiceWorker.enable", json!({})).await;
        browser
            .cdp(
                "ServiceWorker.deliverPushMessage",
                json!({"origin": origin, "registrationId": "0", "data": payload.to_string()}),
            )
            .await;
        for _ in 0..20 {
            let now = browser.client.execute_async(count, vec![]).await.expect("notifications");
            if now.as_u64() == Some(shown as u64) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    browser.failure_shot("push-not-shown").await;
    panic!("the push was delivered five times and {shown} notification(s) never showed");
}

#[tokio::test]
async fn reminders_are_set_paused_and_their_notes_stay_on_the_phone() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let (patient, browser) = signed_in(&server, &api).await;
    let medicine = changes::id();
    api.sync(&patient.token, 0, &[changes::medication(&medicine, "Zomorph", "morphine", 10.0)]).await;
    browser.client.refresh().await.expect("reload, to sync the medicine");
    browser.wait_for("main[data-page='today']").await;

    open_reminders(&browser).await;
    browser.wait_for("#no-reminders").await;
    let card = browser.text("#notifications").await;
    assert!(card.contains("No health details are ever in a notification"), "{card}");
    browser.wait_for("#notifications-on-button").await;
    let zone = browser.prop("#time-zone", "value").await;
    assert_eq!(zone.as_deref(), Some("Europe/London"));
    browser.screenshot("reminders-empty").await;

    // A dose reminder at 20:00 every day, with a note for the patient alone.
    browser.wait_for("#add-reminder").await.click().await.expect("add");
    browser.wait_for(".choice-card[data-kind='dose']").await.click().await.expect("dose");
    let chosen = browser.prop("#reminder-medicine", "value").await;
    assert_eq!(chosen.as_deref(), Some(medicine.as_str()), "the only medicine is chosen");
    browser.type_into("#reminder-time", "20:00").await;
    browser.type_into("#reminder-note", "The blue box, with food").await;
    browser.screenshot("reminders-form").await;
    browser.wait_for("#reminder-save").await.click().await.expect("save");
    let item = "#reminder-list li[data-kind='dose']";
    let shown = browser.text(item).await;
    assert!(shown.contains("A dose of Zomorph") && shown.contains("20:00 · Every day"), "{shown}");
    assert!(shown.contains("The blue box, with food"), "the note shows on this phone: {shown}");

    let stored = api.get("/api/reminders", Some(&patient.token)).await;
    assert_eq!((stored.body[0]["kind"].as_str(), stored.body[0]["local_time"].as_str()), (Some("dose"), Some("20:00")));
    assert_eq!(stored.body[0]["medication_id"], medicine.as_str());
    assert!(!stored.body.to_string().contains("blue box"), "the note never reaches the server: {}", stored.body);

    // Pause it: the list says so, and so does the server.
    browser
        .client
        .find(Locator::Css(&format!("{item} button[aria-label^='Pause']")))
        .await
        .expect("pause")
        .click()
        .await
        .expect("pause");
    browser
        .wait_until(
            "return document.querySelector(\"#reminder-list li[data-kind='dose']\").classList.contains('paused');",
            "not-paused",
        )
        .await;
    let paused = api.get("/api/reminders", Some(&patient.token)).await;
    assert_eq!((paused.body[0]["paused"].as_bool(), paused.body[0]["next_fire_at"].is_null()), (Some(true), true));
    browser.screenshot("reminders-list").await;
}

#[tokio::test]
async fn a_reminder_arrives_as_a_notification_and_a_tap_opens_its_screen() {
    let receiver = PushReceiver::start().await;
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let (patient, browser) = signed_in(&server, &api).await;
    let origin = server.base_url.trim_end_matches('/').to_owned();
    browser.cdp("Browser.grantPermissions", json!({"permissions": ["notifications"], "origin": origin})).await;
    api.send(
        reqwest::Method::PUT,
        "/api/reminders/settings",
        Some(&patient.token),
        None,
        Some(&json!({"time_zone": "Europe/London", "quiet_hours": {"start": "00:00", "end": "00:00"}})),
    )
    .await;

    // Turning on from the screen: the browser is asked (granted), and its push service cannot be
    // reached from here, which the screen says plainly instead of waiting for ever.
    open_reminders(&browser).await;
    // The button waits for the server's key, so the tap can ask the browser at once.
    browser
        .wait_until(
            "return document.getElementById('notifications-on-button')?.disabled === false;",
            "turn-on-disabled",
        )
        .await;
    browser.scroll_to("#notifications").await;
    browser.wait_for("#notifications-on-button").await.click().await.expect("turn on");
    // The app waits 15 s for the push service before it says so.
    browser
        .wait_until_within(
            "return (document.getElementById('notifications-message') || {}).textContent.includes('notification service');",
            "no-subscribe-message",
            Duration::from_secs(60),
        )
        .await;

    // The receiver's device stands in for this phone's subscription.
    let key = api.get("/api/push/public-key", None).await;
    receiver.trust_vapid_key(key.body["public_key"].as_str().unwrap_or_default());
    let device = api.post("/api/push/subscriptions", Some(&patient.token), &receiver.new_device()).await;
    let id = device.body["id"].as_str().unwrap_or_default().to_owned();
    browser
        .client
        .execute("localStorage.setItem('evenkeel.push-subscription', arguments[0]);", vec![json!(id)])
        .await
        .expect("id");
    browser.client.refresh().await.expect("reload");
    browser.wait_for("#notifications-on").await;
    browser.screenshot("reminders-notifications-on").await;

    // "Send a test": encrypted by the server, decrypted by the receiver, shown by the service worker.
    browser.scroll_to("#notifications").await;
    browser.wait_for("#send-test").await.click().await.expect("send a test");
    browser
        .wait_until(
            "return (document.getElementById('notifications-message') || {}).textContent.startsWith('Sent');",
            "test-not-sent",
        )
        .await;
    let test = receiver.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(test.len(), 1, "{:?}", receiver.rejections());
    deliver(&browser, &server, &test[0].payload, 1).await;

    // A relaxation reminder comes due and arrives the same way.
    api.post(
        "/api/reminders",
        Some(&patient.token),
        &json!({"kind": "relaxation", "local_time": "14:00", "weekdays": [1, 2, 3, 4, 5, 6, 7]}),
    )
    .await;
    db::make_reminders_due(&server.home.database_url, &patient.id, 1);
    let both = receiver.wait_for(2, Duration::from_secs(15)).await;
    assert_eq!(both.len(), 2, "{:?}", receiver.rejections());
    deliver(&browser, &server, &both[1].payload, 2).await;
    let shown = notifications(&browser).await;
    let relax = shown.iter().find(|n| n[2] == "evenkeel-relaxation").cloned().unwrap_or_default();
    assert_eq!(
        relax,
        json!([
            "Even Keel",
            "A few minutes of relaxation, if now suits you",
            "evenkeel-relaxation",
            "/relax?show=breathe"
        ])
    );
    assert!(shown.iter().any(|n| n[2] == "evenkeel-test"), "{shown:?}");

    // The app is open on Today; a tap on the notification takes it to the breathing pacer.
    browser.client.goto(&server.url("/")).await.expect("Today");
    browser.wait_for("main[data-page='today']").await;
    let clicked = browser
        .in_service_worker(
            "self.registration.getNotifications().then(ns => {
               const n = ns.find(x => x.tag === 'evenkeel-relaxation');
               self.dispatchEvent(new NotificationEvent('notificationclick', {notification: n}));
               return !!n;
             })",
        )
        .await;
    assert_eq!(clicked, json!(true));
    browser.wait_for("#pacer-start").await;
    let url = browser.client.current_url().await.expect("url");
    assert_eq!(
        (url.path(), url.query()),
        ("/relax", None),
        "opened from /relax?show=breathe, then taken off the address"
    );
    browser.screenshot("reminders-tap-opens-pacer").await;

    // Signing out: the server forgets this phone's subscription.
    let mine = format!("id = '{id}'");
    assert_eq!(db::count(&server.home.database_url, "push_subscriptions", &mine), 1);
    browser.wait_for("nav a[href='/more']").await.click().await.expect("to More");
    browser.scroll_to("#sign-out").await;
    browser.wait_for("#sign-out").await.click().await.expect("sign out");
    for _ in 0..50 {
        if db::count(&server.home.database_url, "push_subscriptions", &mine) == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(db::count(&server.home.database_url, "push_subscriptions", &mine), 0, "sign-out removes the device");
    let kept = browser.client.execute("return localStorage.getItem('evenkeel.push-subscription');", vec![]).await;
    assert_eq!(kept.ok(), Some(Value::Null), "and forgets its id on the phone");
}

#[tokio::test]
async fn today_mentions_reminders_from_while_the_app_was_closed_and_links_open_their_forms() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let (patient, browser) = signed_in(&server, &api).await;
    api.post(
        "/api/reminders",
        Some(&patient.token),
        &json!({"kind": "sleep_diary", "local_time": "08:30", "weekdays": [1, 2, 3, 4, 5, 6, 7]}),
    )
    .await;
    // The app was last open two hours ago; the reminder came due 45 minutes ago, with every
    // instance down (too late to send), so the app is the only place left to mention it.
    let two_hours_ago =
        (chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    browser
        .client
        .execute("localStorage.setItem('evenkeel.last-open', arguments[0]);", vec![json!(two_hours_ago)])
        .await
        .expect("set");
    db::make_reminders_due(&server.home.database_url, &patient.id, 45 * 60);
    tokio::time::sleep(Duration::from_secs(3)).await;
    browser.client.refresh().await.expect("reload");
    let line = browser.text("#missed-reminders").await;
    assert!(line.contains("You had a reminder at 08:30 to fill in your sleep diary"), "{line}");
    browser.screenshot("today-missed-reminder").await;
    browser.wait_for("#missed-reminders button").await.click().await.expect("OK");
    browser.wait_until("return !document.getElementById('missed-reminders');", "missed-line-stays").await;
    // Opened again, nothing new has come due.
    browser.client.refresh().await.expect("reload");
    browser.wait_for("main[data-page='today'] #quick-log-title").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(browser.count("#missed-reminders").await == 0, "no line once seen");

    // Each reminder's link opens its screen.
    for (path, form) in [
        ("/?log=dose", "[data-form='dose']"),
        ("/?log=sleep", "[data-form='sleep']"),
        ("/?log=pain", "[data-form='pain']"),
    ] {
        browser.client.goto(&server.url(path)).await.expect("open the link");
        browser.wait_for(form).await;
        let url = browser.client.current_url().await.expect("url");
        assert_eq!(url.query(), None, "{path}: the link is taken off the address");
    }
    browser.client.goto(&server.url("/relax?show=sleep")).await.expect("open the link");
    browser.wait_for("#window-title").await;
}

#[tokio::test]
async fn a_refusal_is_explained_once_and_an_iphone_tab_is_shown_the_home_screen_way() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let (_patient, browser) = signed_in(&server, &api).await;
    let origin = server.base_url.trim_end_matches('/').to_owned();
    browser
        .cdp(
            "Browser.setPermission",
            json!({"permission": {"name": "notifications"}, "setting": "denied", "origin": origin}),
        )
        .await;
    open_reminders(&browser).await;
    let said = browser.text("#notifications-denied").await;
    assert!(said.contains("allow them in your settings"), "{said}");
    browser.screenshot("reminders-denied").await;
    browser.client.find(Locator::Css("#notifications-denied button")).await.expect("OK").click().await.expect("OK");
    browser.client.refresh().await.expect("reload");
    browser.wait_for("#notifications .hint").await;
    assert!(browser.count("#notifications-denied").await == 0, "explained once, never again");

    let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    browser.cdp("Emulation.setUserAgentOverride", json!({"userAgent": iphone, "platform": "iPhone"})).await;
    browser.client.refresh().await.expect("reload");
    let steps = browser.text("#notifications").await;
    assert!(steps.contains("Add to Home Screen"), "{steps}");
    browser.screenshot("reminders-iphone").await;
}
