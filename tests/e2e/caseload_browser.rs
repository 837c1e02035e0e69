//! The project worker's caseload and patient page in a browser (issue 5), on the `--demo` server: Jo
//! (worker@demo.test) signs in at phone size and sees a table with Alex (eight weeks of diary) and a
//! second patient with nothing logged; flags are chips in words and the last entry is relative time;
//! sorting by name flips the order and `aria-sort`; at desktop width it is a real table. Opening
//! Alex shows findings about Alex by name (boom and bust or evening doses), the five chart cards with
//! third-person takeaways and the boom-and-bust days marked, a 90-day period gives 13 weeks of figures, and the GP summary and CSV downloads are fetched and saved.

use evenkeel_tests::browser::Browser;
use evenkeel_tests::people::Person;
use evenkeel_tests::{Api, Backend, TestServer};
use reqwest::StatusCode;
use serde_json::json;

const DEMO_PASSWORD: &str = "even-keel-demo";

/// The patients' names in the order the table shows them.
async fn names(browser: &Browser) -> Vec<String> {
    browser.texts("tr.caseload-row a.caseload-name").await
}

async fn metrics(browser: &Browser, width: u32, height: u32, mobile: bool) {
    browser
        .cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        )
        .await;
}

#[tokio::test]
async fn a_worker_sorts_the_caseload_and_opens_alex_patterns_and_summary() {
    let server = TestServer::start_with_args(Backend::Sqlite, &["--demo"]).await;
    let api = Api::new(&server.base_url);

    // A second patient (nothing logged yet) shares with the demo worker, so sorting has something to do.
    let login = api.login("worker@demo.test", DEMO_PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
    let worker = Person {
        id: login.body["user"]["id"].as_str().unwrap_or_default().to_owned(),
        email: "worker@demo.test".into(),
        token: login.access_token(),
        name: "Jo".into(),
    };
    let bea = api.patient_named("Bea Test").await;
    api.link(&bea, &worker, "worker", &["pain", "doses", "mood"]).await;

    // Sign in as the worker at phone size: the caseload is their home.
    let b = Browser::start().await;
    b.client.goto(&server.url("/signin")).await.expect("open sign-in");
    b.wait_for("#signin-email").await.send_keys("worker@demo.test").await.expect("email");
    b.wait_for("#signin-password").await.send_keys(DEMO_PASSWORD).await.expect("password");
    b.click("#signin-submit").await;
    b.wait_for("main[data-page='caseload'] #caseload-table").await;
    b.wait_until("return document.querySelectorAll('tr.caseload-row').length === 2", "caseload-rows").await;
    assert!(b.text("#caseload-table caption").await.contains("2 patients"));
    assert!(b.count("#enrol-patient").await >= 1, "the Enrol link stays");

    // Alex: at least one flag chip in words, and a last entry as relative time with the exact date.
    let rows = names(&b).await;
    let alex = rows.iter().position(|n| n.starts_with("Alex")).expect("Alex is on the caseload");
    let alex_css = format!("tr.caseload-row:nth-child({})", alex + 1);
    let alex_text = b.text(&alex_css).await;
    let chips = b.texts(&format!("{alex_css} li.flag-chip .flag-label")).await;
    let last = b.text(&format!("{alex_css} .last-entry")).await;
    assert!(
        !chips.is_empty() || ["Today", "Yesterday", "days ago"].iter().any(|w| last.contains(w)),
        "Alex shows a flag or a last entry: {alex_text}"
    );
    assert!(b.attr(&format!("{alex_css} .last-entry"), "title").await.is_some_and(|t| !t.is_empty()));
    // The default order puts most to look at first.
    assert_eq!(b.attr("th.cl-col-flags", "aria-sort").await.as_deref(), Some("descending"));
    b.screenshot("caseload-phone").await;

    // Sort by name: A to Z, then Z to A; aria-sort follows, and only one header has it.
    b.click("#sort-name").await;
    b.wait_until(
        "return document.querySelector('th.cl-col-name').getAttribute('aria-sort') === 'ascending'",
        "sort-asc",
    )
    .await;
    assert_eq!(b.attr("th.cl-col-flags", "aria-sort").await, None);
    let up = names(&b).await;
    assert!(up[0].starts_with("Alex") && up[1].starts_with("Bea"), "{up:?}");
    b.click("#sort-name").await;
    b.wait_until(
        "return document.querySelector('th.cl-col-name').getAttribute('aria-sort') === 'descending'",
        "sort-desc",
    )
    .await;
    let down = names(&b).await;
    assert!(down[0].starts_with("Bea") && down[1].starts_with("Alex"), "{down:?}");
    b.screenshot("caseload-phone-sorted").await;

    // At desktop width it is a real table (header cells, not cards).
    metrics(&b, 1280, 800, false).await;
    b.wait_until(
        "return getComputedStyle(document.querySelector('th.cl-col-name')).display === 'table-cell'",
        "desktop",
    )
    .await;
    b.screenshot("caseload-desktop").await;
    metrics(&b, 390, 844, true).await;

    // Open Alex: findings about Alex by name.
    b.click_starting_with("a.caseload-name", "Alex").await;
    b.wait_for("main[data-page='person'] #shared-patterns").await;
    b.wait_for("#findings li.finding").await;
    let key =
        "#findings li.finding[data-kind='boom_and_bust'], #findings li.finding[data-kind='doses_evening_high_stress']";
    let finding = b.text(key).await;
    assert!(finding.contains("Alex") && !finding.contains("Morgan"), "about Alex by first name: {finding}");
    assert_eq!(b.attr("#period-28", "aria-pressed").await.as_deref(), Some("true"));
    b.screenshot("caseload-alex-patterns").await;
    // Each dose names its medicine (the medicines list is read whatever its age).
    b.wait_for("section[data-kind='dose'] li.shared-entry").await;
    let doses = b.text("section[data-kind='dose']").await;
    assert!(doses.contains("Morphine MR") || doses.contains("Oxycodone"), "{doses}");
    assert!(!doses.contains("no longer listed"), "{doses}");

    // The same charts Alex sees, told about Alex: every shared kind has its card, each takeaway is in
    // the third person, and the boom-and-bust days are marked on the activity chart.
    for chart in ["pain-doses", "dose-timing", "reasons", "activity", "sleep", "practice"] {
        b.wait_for(&format!("#shared-patterns figure.chart[data-chart='{chart}'] svg[role='img']")).await;
    }
    let takeaways = b
        .client
        .execute(
            "return [...document.querySelectorAll('#shared-patterns figure.chart .takeaway')].map(e => e.textContent)",
            vec![],
        )
        .await
        .expect("takeaways");
    let takeaways: Vec<String> = serde_json::from_value(takeaways).unwrap_or_default();
    assert_eq!(takeaways.len(), 6, "{takeaways:?}");
    for t in &takeaways {
        let words: Vec<&str> = t.split(|c: char| !c.is_alphanumeric()).collect();
        assert!(!words.iter().any(|w| matches!(*w, "you" | "You" | "your" | "Your")), "third person: {t}");
    }
    assert!(takeaways.iter().any(|t| t.contains("Alex")), "{takeaways:?}");
    b.wait_for("#shared-patterns figure[data-chart='activity'] rect.episode").await;
    b.scroll_to("#shared-patterns section.chart-card").await;
    b.screenshot("caseload-alex-charts").await;
    b.scroll_to_top().await;

    // 90 days: thirteen weeks of figures.
    b.click("#period-90").await;
    b.wait_until("return document.querySelectorAll('#week-table tbody tr').length === 13", "period-90").await;
    assert_eq!(b.attr("#period-90", "aria-pressed").await.as_deref(), Some("true"));

    // The GP summary and the CSV: fetched with the worker's token and saved as files.
    b.click("#download-summary").await;
    b.wait_until("return document.querySelector('#download-status').dataset.ok === 'true'", "summary-download").await;
    let status = b.text("#download-status").await;
    assert!(status.contains("gp-summary") && status.contains(".html"), "{status}");
    b.click("#download-csv").await;
    b.wait_until("const s = document.querySelector('#download-status'); return s.dataset.ok === 'true' && s.textContent.includes('.csv')",
        "csv-download",
    )
    .await;
    b.screenshot("caseload-alex-downloads").await;

    // And the summary really is Alex's page (the same call the button makes).
    let links = api.get("/api/links", Some(&worker.token)).await;
    let alex_patient = links.body.as_array().and_then(|l| {
        l.iter()
            .find(|x| x["patient_name"].as_str().is_some_and(|n| n.starts_with("Alex")))
            .map(|x| x["patient_id"].clone())
    });
    let id = alex_patient.and_then(|v| v.as_str().map(str::to_owned)).expect("Alex's link");
    let summary = api.get(&format!("/api/patients/{id}/summary"), Some(&worker.token)).await;
    assert_eq!(summary.status, StatusCode::OK);

    b.close().await;
}
