//! Relax in the real app at 390×844: a kept track plays and seeks with the server gone (the
//! service worker answers Range requests from its cache); a minute of the breathing pacer becomes a
//! relaxation entry in the Diary, "Saved on this phone" and then "Synced"; with reduced motion the
//! pacer counts in words, with no moving shape.

use std::time::Duration;

use evenkeel_tests::browser::Browser;
use evenkeel_tests::people::PASSWORD;
use evenkeel_tests::{Api, Backend, TestServer};

/// A server, a new patient (Alex Morgan) and a phone signed in as them, on Today.
async fn alex_on_today() -> (TestServer, Api, evenkeel_tests::people::Person, Browser) {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let patient = api.patient_named("Alex Morgan").await;
    let browser = Browser::start().await;
    browser.sign_in(&server.base_url, &patient.email, PASSWORD).await;
    browser.wait_for("main[data-page='today']").await;
    (server, api, patient, browser)
}

/// Opens Relax from the bottom navigation and waits for the tracks.
async fn open_relax(browser: &Browser) {
    browser.wait_for("nav a[href='/relax']").await.click().await.expect("to Relax");
    browser.wait_for("main[data-page='relax'] #track-list li").await;
}

/// Waits until the service worker has the Relax part's page in its cache.
async fn wait_until_relax_is_kept(browser: &Browser) {
    browser
        .wait_until_async(
            "const done = arguments[0];
             caches.keys().then(async keys => {
               for (const k of keys) for (const r of await (await caches.open(k)).keys())
                 if (new URL(r.url).pathname === '/relax.html') return done(true);
               done(false);
             }).catch(() => done(false));",
            "relax-not-kept",
        )
        .await;
}

#[tokio::test]
async fn a_kept_track_plays_and_seeks_offline() {
    let (server, _api, _patient, browser) = alex_on_today().await;
    open_relax(&browser).await;
    browser.screenshot("relax").await;

    // Keep "Relaxed breathing" on the phone.
    let first = "#track-list li[data-track='9dd3a00e-1123-4ff8-a0f4-10ee708d62cc']";
    browser.wait_for(&format!("{first} button.keep")).await.click().await.expect("keep");
    browser.wait_for(&format!("{first}[data-kept='true']")).await;
    let storage = browser.text("#kept-storage").await;
    assert_eq!(storage, "Tracks kept on this phone use 1.2 MB.");
    browser.screenshot("relax-kept").await;
    wait_until_relax_is_kept(&browser).await;

    // The server goes away; Relax reopens from the phone, kept track first.
    let (_, _home) = server.stop().await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for("main[data-page='relax'] #track-list li").await;
    let kept_first = browser.attr("#track-list li:first-child", "data-kept").await;
    assert_eq!(kept_first.as_deref(), Some("true"), "kept tracks are listed first");

    // Play it, then seek to the middle: the position holds and it plays on from there.
    browser.wait_for(&format!("{first} button.play")).await.click().await.expect("open player");
    browser.wait_for("#player-play").await.click().await.expect("play");
    browser
        .wait_until(
            "const a = document.getElementById('player-audio'); return !!a && !a.paused && a.currentTime > 0.5;",
            "player-not-playing",
        )
        .await;
    let middle = browser
        .client
        .execute(
            "const a = document.getElementById('player-audio'); a.currentTime = a.duration / 2; return a.duration / 2;",
            vec![],
        )
        .await
        .expect("seek")
        .as_f64()
        .unwrap_or_default();
    assert!(middle > 60.0, "a three-minute track: {middle}");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let (at, error) = {
        let v = browser
            .client
            .execute("const a = document.getElementById('player-audio'); return [a.currentTime, a.error ? a.error.code : 0];", vec![])
            .await
            .expect("position");
        (v[0].as_f64().unwrap_or_default(), v[1].as_i64().unwrap_or(-1))
    };
    assert_eq!(error, 0, "no media error");
    assert!(at >= middle && at < middle + 5.0, "currentTime {at} is at the middle ({middle}) and moving on");
    browser.screenshot("relax-player-offline").await;
    // What lets <audio> seek in any file: a Range request answered from the phone with the slice.
    let slice = browser
        .client
        .execute_async(
            "const done = arguments[0];
             fetch(document.getElementById('player-audio').src, {headers: {Range: 'bytes=1000-1999'}})
               .then(async r => done([r.status, r.headers.get('content-range'), (await r.arrayBuffer()).byteLength]))
               .catch(e => done(String(e)));",
            vec![],
        )
        .await
        .expect("ranged fetch");
    assert_eq!(slice[0], 206, "a 206 from the kept copy: {slice}");
    let size = std::fs::metadata(evenkeel_tests::workspace_root().join("public/audio/relaxed-breathing.mp3"))
        .map(|m| m.len())
        .unwrap_or(0);
    assert_eq!(slice[1].as_str().unwrap_or_default(), format!("bytes 1000-1999/{size}"));
    assert_eq!(slice[2], 1000, "exactly the bytes asked for");
    browser.wait_for("#player-words").await.click().await.expect("words");
    browser
        .wait_until(
            "const t = document.getElementById('player-transcript'); return !!t && !t.textContent.includes('Loading');",
            "words-not-loaded",
        )
        .await;
    let words = browser.text("#player-transcript").await;
    assert!(words.contains("relaxed breathing"), "the words are kept too: {words}");
    browser.screenshot("relax-player-words").await;
    browser.close().await;
}

#[tokio::test]
async fn a_minute_of_the_pacer_is_saved_then_synced() {
    let (server, _api, _patient, browser) = alex_on_today().await;
    let base_url = server.base_url.clone();
    browser.wait_until_offline_ready().await;
    open_relax(&browser).await;
    browser.wait_for("#open-pacer").await.click().await.expect("pacer");
    browser.wait_for("#pacer-patterns [data-pattern='relaxed'][aria-pressed='true']").await;
    browser.wait_for("#pacer-length [data-minutes='1'][aria-pressed='true']").await;
    browser.wait_for("#feel-before-7").await.click().await.expect("feel before");
    browser.screenshot("relax-pacer-choose").await;
    browser.wait_for("#pacer-start").await.click().await.expect("start");
    let words = browser.text("#pacer-words").await;
    assert!(words.starts_with("Breathe in… "), "{words}");
    browser.wait_for("#pacer-shape").await;
    tokio::time::sleep(Duration::from_secs(6)).await;
    browser.screenshot("relax-pacer-running").await;
    let words = browser.text("#pacer-words").await;
    assert!(words.starts_with("Breathe out… "), "five seconds in, then out: {words}");

    // The server goes away while the minute runs: the session is saved on the phone.
    let (_, home) = server.stop().await;
    tokio::time::sleep(Duration::from_secs(50)).await;
    browser.wait_until("return !!document.getElementById('pacer-done');", "pacer-not-done").await;
    let done = browser.text("#pacer-done").await;
    assert_eq!(done, "Well done. 1 min of breathing saved to your diary.");
    browser.wait_for("#feel-after-4").await.click().await.expect("feel after");
    browser.screenshot("relax-pacer-done").await;

    // In the Diary: "Saved on this phone", then "Synced" once the server is back.
    browser.client.goto(&format!("{base_url}/diary")).await.expect("diary");
    let entry = "li.entry[data-kind='relaxation']";
    browser.wait_for(&format!("{entry} [data-state='local']")).await;
    let text = browser.text(entry).await;
    assert!(text.contains("Relaxed breathing · 1 min"), "{text}");
    assert!(text.contains("Feeling 7 before, 4 after"), "{text}");
    assert!(text.contains("Saved on this phone"), "{text}");
    let edit = format!("{entry} [data-action='edit']");
    assert!(browser.count(&edit).await == 0, "no Edit button that would do nothing");
    browser.screenshot("relax-diary-local").await;
    let _server = TestServer::restart_on_same_port(home, &base_url).await;
    browser
        .wait_until(&format!("return !!document.querySelector(\"{entry} [data-state='synced']\");"), "relax-not-synced")
        .await;
    let text = browser.text(entry).await;
    assert!(text.contains("Synced"), "{text}");
    browser.close().await;
}

#[tokio::test]
async fn with_reduced_motion_the_pacer_counts_in_words() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let patient = api.patient_named("Alex Morgan").await;
    let browser = Browser::start().await;
    browser
        .cdp(
            "Emulation.setEmulatedMedia",
            serde_json::json!({"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]}),
        )
        .await;
    browser.sign_in(&server.base_url, &patient.email, PASSWORD).await;
    browser.wait_for("main[data-page='today']").await;
    open_relax(&browser).await;
    browser.wait_for("#open-pacer").await.click().await.expect("pacer");
    browser.wait_for("#pacer-patterns [data-pattern='box']").await.click().await.expect("box");
    browser.wait_for("#pacer-start").await.click().await.expect("start");
    let first = browser.text("#pacer-words").await;
    assert!(browser.count("#pacer-shape").await == 0, "no moving shape");
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let later = browser.text("#pacer-words").await;
    assert_eq!(first, "Breathe in… 1");
    assert!(later == "Breathe in… 3" || later == "Breathe in… 4", "the count moves on: {later}");
    browser.screenshot("relax-pacer-reduced-motion").await;
    browser.wait_for("#pacer-stop").await.click().await.expect("stop");
    let done = browser.text("#pacer-done").await;
    assert!(done.contains("under a minute aren't saved"), "{done}");
    browser.close().await;
}

/// One night of the sleep diary: in bed 22:30–07:00, 30 minutes to fall asleep, 30 awake in the
/// night, awake from 06:30: 510 minutes in bed, 420 asleep (82%).
fn night(night_of: chrono::NaiveDate) -> serde_json::Value {
    let next = night_of.succ_opt().unwrap_or(night_of);
    let at = |d: chrono::NaiveDate, t: &str| format!("{d}T{t}:00+00:00");
    serde_json::json!({"id": uuid::Uuid::new_v4().to_string(), "kind": "sleep", "op": "upsert", "client_updated_at": at(next, "07:05"),
        "data": {"night_of": night_of.to_string(), "into_bed": at(night_of, "22:30"), "tried_to_sleep": at(night_of, "22:30"),
                 "minutes_to_fall_asleep": 30, "awakenings": 1, "minutes_awake_in_night": 30,
                 "final_waking": at(next, "06:30"), "out_of_bed": at(next, "07:00"), "quality": "fair"}})
}

#[tokio::test]
async fn sleep_and_learn_work_and_keep_what_was_written() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let patient = api.patient_named("Alex Morgan").await;
    let today = chrono::Utc::now().date_naive();
    let nights: Vec<_> =
        (1..=5).filter_map(|back| today.checked_sub_days(chrono::Days::new(back))).map(night).collect();
    let reply = api.sync(&patient.token, 0, &nights).await;
    assert_eq!(reply.body["applied"].as_array().map(Vec::len), Some(5), "{:?}", reply.body);
    let browser = Browser::start().await;
    browser.sign_in(&server.base_url, &patient.email, PASSWORD).await;
    browser.wait_for("main[data-page='today']").await;
    open_relax(&browser).await;

    // The sleep window from five nights: information, with its formula.
    browser.wait_for("#open-sleep").await.click().await.expect("sleep");
    browser
        .wait_until(
            "const w = document.getElementById('sleep-window'); return !!w && w.textContent.includes('82%');",
            "no-sleep-window",
        )
        .await;
    let window = browser.text("#sleep-window").await;
    assert!(window.contains("8 h 30 min") && window.contains("7 h"), "{window}");

    // Three tips at most; a fourth is refused kindly; the choice stays after a reload.
    for tip in ["same_times", "less_caffeine", "screens_off", "no_naps"] {
        browser.wait_for(&format!("#sleep-tips [data-tip='{tip}']")).await.click().await.expect("tip");
    }
    let chosen = || browser.texts("#sleep-tips [aria-pressed='true'] .choice-title");
    assert_eq!(chosen().await, ["Same times every day", "Less caffeine", "Screens off before bed"]);
    let full = browser.text(".sleep-screen .form-error").await;
    assert_eq!(full, "Up to three at a time: untick one to choose another.");
    // This morning's ticks go on last night's sleep diary.
    browser.wait_for("#tips-this-morning [data-tried='less_caffeine']").await.click().await.expect("tick");
    browser.wait_for("#tips-this-morning [data-tried='less_caffeine'][aria-pressed='true']").await;
    browser.scroll_to_top().await;
    browser.screenshot("relax-sleep-top").await;
    browser
        .wait_for("#worries")
        .await
        .send_keys("Ring the surgery about the repeat prescription")
        .await
        .expect("worries");
    browser.screenshot("relax-sleep").await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for("#open-sleep").await.click().await.expect("sleep again");
    browser.wait_for("#sleep-tips").await;
    assert_eq!(chosen().await.len(), 3, "the tips are kept on the phone");
    browser.wait_for("#tips-this-morning [data-tried='less_caffeine'][aria-pressed='true']").await;
    let worries = browser.value("#worries").await;
    assert_eq!(worries, "Ring the surgery about the repeat prescription");
    browser.wait_for(".sleep-screen .back-button").await.click().await.expect("back");

    // Learn: a page about medicines in plain, non-judging words; the flare plan is kept.
    browser.wait_for("#learn-list [data-page='medicines']").await.click().await.expect("learn");
    browser
        .wait_until("return document.querySelector(\"main[data-page='relax']\").scrollTop === 0;", "learn-not-at-top")
        .await;
    let page = browser.text("[data-learn='medicines']").await;
    assert!(page.contains("tolerance") && page.contains("planned with your GP"), "{page}");
    // The safety fact of domain.md §2: tolerance falls while reducing.
    assert!(page.contains("Going back quickly to an earlier, higher dose can then be dangerous"), "{page}");
    for word in ["addict", "abuse", "battl"] {
        assert!(!page.to_lowercase().contains(word), "{word} in {page}");
    }
    browser.screenshot("relax-learn-medicines").await;
    browser.wait_for("[data-learn='medicines'] .back-button").await.click().await.expect("back");
    browser.wait_for("#learn-list [data-page='flares']").await.click().await.expect("flares");
    browser.wait_for("#flare-0").await.send_keys("Heat pack, slow breathing").await.expect("plan");
    browser.client.refresh().await.expect("reload");
    browser.wait_for("#learn-list [data-page='flares']").await.click().await.expect("flares again");
    let plan = browser.value("#flare-0").await;
    assert_eq!(plan, "Heat pack, slow breathing");
    browser.screenshot("relax-learn-flare-plan").await;
    browser.close().await;
}

#[tokio::test]
async fn a_workers_suggestion_shows_on_relax_until_hidden() {
    let server = TestServer::start(Backend::Sqlite).await;
    let api = Api::new(&server.base_url);
    let admin = evenkeel_tests::people::admin(&server, &api).await;
    let alex = api.patient_named("Alex Morgan").await;
    let jo = api.worker(&admin, "Jo Okafor").await;
    api.link(&alex, &jo, "worker", &["pain", "relaxation"]).await;

    // Jo suggests the pacing page from Alex's page.
    let worker = Browser::start().await;
    worker.sign_in(&server.base_url, &jo.email, PASSWORD).await;
    worker.client.goto(&server.url(&format!("/people/{}", alex.id))).await.expect("Alex's page");
    worker.wait_for("#suggest-choice option[value='page:pacing']").await.click().await.expect("choose");
    worker.wait_for("#suggest-send").await.click().await.expect("suggest");
    let status = worker.text("#suggest-status").await;
    assert_eq!(
        status,
        "Suggested to Alex Morgan: Pacing and the over-activity trap. It shows at the top of their Relax."
    );
    worker.screenshot("relax-worker-suggests").await;
    worker.close().await;

    // Alex sees it at the top of Relax, opens it, then hides it for good.
    let browser = Browser::start().await;
    browser.sign_in(&server.base_url, &alex.email, PASSWORD).await;
    browser.wait_for("main[data-page='today']").await;
    open_relax(&browser).await;
    let card = browser.text(".suggestion[data-suggestion='pacing']").await;
    assert!(card.contains("Suggested by Jo Okafor") && card.contains("Pacing and the over-activity trap"), "{card}");
    browser.screenshot("relax-suggested").await;
    browser.wait_for(".suggestion .open-suggestion").await.click().await.expect("read");
    browser.wait_for("[data-learn='pacing']").await;
    browser.wait_for("[data-learn='pacing'] .back-button").await.click().await.expect("back");
    browser.wait_for(".suggestion .dismiss-suggestion").await.click().await.expect("hide");
    browser.wait_until("return !document.querySelector('.suggestion');", "suggestion-not-hidden").await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for("main[data-page='relax'] #track-list li").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(browser.count(".suggestion").await == 0, "hidden for good");
    browser.close().await;
}
