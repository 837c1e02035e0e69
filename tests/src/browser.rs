//! Headless Chromium driven over WebDriver (Debian's chromium + chromedriver), sized like a phone.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

pub const PHONE_WIDTH: u32 = 390;
pub const PHONE_HEIGHT: u32 = 844;

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

impl Browser {
    pub async fn start() -> Self {
        Self::start_at(PHONE_WIDTH, PHONE_HEIGHT).await
    }

    /// A phone of another size (e.g. 360 px wide, the narrowest common one).
    pub async fn start_at(width: u32, height: u32) -> Self {
        let port = free_port();
        let driver = Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // A group of its own, with the Chromium it starts, so all of it can be stopped at once.
            .process_group(0)
            .spawn()
            .expect("chromedriver is installed (scripts/test.sh installs Debian's chromium-driver)");
        let profile = tempfile::tempdir().expect("profile dir");
        let caps = json!({
            "goog:chromeOptions": {
                "binary": std::env::var("CHROME_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", format!("--user-data-dir={}", profile.path().display()),
                    format!("--window-size={width},{height}"),
                ],
                "mobileEmulation": {
                    "deviceMetrics": {"width": width, "height": height, "pixelRatio": 1.0, "touch": true}
                }
            }
        });
        let caps = match caps {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("a JSON object literal"),
        };
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = String::new();
        for _ in 0..50 {
            match ClientBuilder::new(HttpConnector::new()).capabilities(caps.clone()).connect(&url).await {
                Ok(client) => return Self { client, driver, _profile: profile },
                Err(e) => last_error = e.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("could not start a browser session: {last_error}");
    }

    /// A new phone-sized browser, signed in as `email` (see [`Self::sign_in`]).
    pub async fn signed_in(base_url: &str, email: &str, password: &str) -> Self {
        let browser = Self::start().await;
        browser.sign_in(base_url, email, password).await;
        browser
    }

    /// Signs in through the sign-in page and waits for the signed-in frame (bottom navigation).
    pub async fn sign_in(&self, base_url: &str, email: &str, password: &str) {
        self.client.goto(&format!("{base_url}/signin")).await.expect("open sign-in");
        self.wait_for("#signin-email").await.send_keys(email).await.expect("email");
        self.wait_for("#signin-password").await.send_keys(password).await.expect("password");
        self.wait_for("#signin-submit").await.click().await.expect("sign in");
        self.wait_for("nav[aria-label='Main']").await;
    }

    /// Waits for an element, once the app shows its screen (it renders asynchronously, and draws
    /// its first screen hidden behind the page's placeholder until that screen is ready). Only "no
    /// such element" and a page changing under the command mean "not yet": any other WebDriver
    /// error (a bad selector, a lost session) fails the test at once.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        let mut last_error = String::new();
        for _ in 0..100 {
            match self.client.find(Locator::Css(css)).await {
                Ok(element) if !self.placeholder_showing().await => return element,
                Ok(_) => last_error = "the page's placeholder is still showing".into(),
                Err(e) if e.is_no_such_element() || page_changing(&e) => last_error = e.to_string(),
                Err(e) => {
                    self.failure_shot(&format!("error-{}", sanitize(css))).await;
                    panic!("find {css}: {e}");
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        self.failure_shot(&format!("missing-{}", sanitize(css))).await;
        panic!("{css} did not appear: {last_error}");
    }

    /// True also while the page is changing (asked again on the next round).
    async fn placeholder_showing(&self) -> bool {
        let script = "return !!document.getElementById('placeholder');";
        let answer = match self.client.execute(script, vec![]).await {
            Ok(answer) => answer,
            Err(e) if page_changing(&e) => return true,
            Err(e) => panic!("look for the placeholder: {e}"),
        };
        answer.as_bool().unwrap_or_else(|| panic!("the placeholder check answered {answer}"))
    }

    /// Saves what the phone shows as `test-artifacts/<name>.png`; fails the test if it cannot (a
    /// file an earlier run left there proves nothing).
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        self.try_screenshot(name).await.unwrap_or_else(|e| panic!("screenshot {name}: {e}"))
    }

    /// For a test that is failing already: the screenshot is a help, its own failure is not news.
    pub async fn failure_shot(&self, name: &str) {
        let _ = self.try_screenshot(name).await;
    }

    async fn try_screenshot(&self, name: &str) -> Result<PathBuf, String> {
        let dir = crate::workspace_root().join("test-artifacts");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = dir.join(format!("{name}.png"));
        let png = self.client.screenshot().await.map_err(|e| e.to_string())?;
        std::fs::write(&path, png).map_err(|e| e.to_string())?;
        Ok(path)
    }

    /// How many elements match `css` now; a WebDriver error fails the test (it is not zero).
    pub async fn count(&self, css: &str) -> usize {
        self.client.find_all(Locator::Css(css)).await.map(|v| v.len()).unwrap_or_else(|e| panic!("count {css}: {e}"))
    }

    /// Waits until the script returns true; on timeout saves a screenshot named `shot` and fails.
    pub async fn wait_until(&self, script: &str, shot: &str) {
        self.poll(script, shot, false, Duration::from_secs(20)).await;
    }

    /// Like [`Self::wait_until`] for a script that answers through its callback (`arguments[0]`).
    pub async fn wait_until_async(&self, script: &str, shot: &str) {
        self.poll(script, shot, true, Duration::from_secs(20)).await;
    }

    /// Like [`Self::wait_until_async`], for something that takes a while (a service worker's downloads).
    pub async fn wait_until_async_within(&self, script: &str, shot: &str, within: Duration) {
        self.poll(script, shot, true, within).await;
    }

    /// Like [`Self::wait_until`], for something the app itself waits a while for.
    pub async fn wait_until_within(&self, script: &str, shot: &str, within: Duration) {
        self.poll(script, shot, false, within).await;
    }

    /// Runs `script` until it returns true. A script that throws (say, reading an element not
    /// drawn yet) has simply not come true yet, and its last error is in the timeout's message;
    /// any other WebDriver error fails the test at once.
    async fn poll(&self, script: &str, shot: &str, with_callback: bool, within: Duration) {
        let deadline = std::time::Instant::now() + within;
        let mut last = String::from("never ran");
        while std::time::Instant::now() < deadline {
            let answer = if with_callback {
                self.client.execute_async(script, vec![]).await
            } else {
                self.client.execute(script, vec![]).await
            };
            match answer {
                Ok(v) if v.as_bool() == Some(true) => return,
                Ok(v) => last = format!("answered {v}"),
                Err(e) if e.is_javascript_error() || page_changing(&e) => last = e.to_string(),
                Err(e) => {
                    self.failure_shot(shot).await;
                    panic!("WebDriver error while waiting for {script}: {e}");
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        self.failure_shot(shot).await;
        panic!("timed out waiting for: {script} (last: {last})");
    }

    /// Brings `css` into view, waits for it, and clicks it (a real click, as a finger would).
    pub async fn click(&self, css: &str) {
        self.scroll_to(css).await;
        self.wait_for(css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Clicks the first element matching `css` whose text starts with `prefix` (e.g. a patient's
    /// link on the caseload); fails the test if none does.
    pub async fn click_starting_with(&self, css: &str, prefix: &str) {
        self.wait_for(css).await;
        let all = self.client.find_all(Locator::Css(css)).await.unwrap_or_else(|e| panic!("find {css}: {e}"));
        for element in all {
            let text = element.text().await.unwrap_or_else(|e| panic!("text of {css}: {e}"));
            if text.starts_with(prefix) {
                element.click().await.unwrap_or_else(|e| panic!("click {css} {prefix:?}: {e}"));
                return;
            }
        }
        self.failure_shot(&format!("no-{}", sanitize(prefix))).await;
        panic!("no {css} starts with {prefix:?}");
    }

    /// The text of the first element matching `css`, once there is one; a WebDriver error fails
    /// the test (it is not "").
    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css).await.text().await.unwrap_or_else(|e| panic!("text of {css}: {e}"))
    }

    /// The texts of every element matching `css` now, in page order (none is an empty list); a
    /// WebDriver error fails the test.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let all = self.client.find_all(Locator::Css(css)).await.unwrap_or_else(|e| panic!("find {css}: {e}"));
        let mut out = Vec::with_capacity(all.len());
        for element in all {
            out.push(element.text().await.unwrap_or_else(|e| panic!("text of {css}: {e}")));
        }
        out
    }

    /// Attribute `name` of every element matching `css` now that has it, in page order; a
    /// WebDriver error fails the test.
    pub async fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        let all = self.client.find_all(Locator::Css(css)).await.unwrap_or_else(|e| panic!("find {css}: {e}"));
        let mut out = Vec::with_capacity(all.len());
        for element in all {
            if let Some(value) = element.attr(name).await.unwrap_or_else(|e| panic!("{name} of {css}: {e}")) {
                out.push(value);
            }
        }
        out
    }

    /// Attribute `name` of the first element matching `css`, once there is one: `None` only when
    /// the element has no such attribute; a WebDriver error fails the test.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.wait_for(css).await.attr(name).await.unwrap_or_else(|e| panic!("{name} of {css}: {e}"))
    }

    /// Property `name` (e.g. an input's `value`) of the first element matching `css`, once there
    /// is one: `None` only when it is null or unset; a WebDriver error fails the test.
    pub async fn prop(&self, css: &str, name: &str) -> Option<String> {
        self.wait_for(css).await.prop(name).await.unwrap_or_else(|e| panic!("{name} of {css}: {e}"))
    }

    /// An input's current value ("" when it has none).
    pub async fn value(&self, css: &str) -> String {
        self.prop(css, "value").await.unwrap_or_default()
    }

    /// Sets an input's value as typing would (an `input` then a `change` event), so the app's
    /// handlers see it.
    pub async fn type_into(&self, css: &str, value: &str) {
        self.wait_for(css).await;
        let script = "const e = document.querySelector(arguments[0]); e.value = arguments[1];
                      e.dispatchEvent(new Event('input', {bubbles: true}));
                      e.dispatchEvent(new Event('change', {bubbles: true}));";
        self.client.execute(script, vec![json!(css), json!(value)]).await.expect("type");
    }

    /// Scrolls the element to the top of the screen. The app scrolls inside its shell, not the
    /// window (so `scrollIntoView`, which also scrolls the window, would leave clicks off target):
    /// this moves the nearest scrolling ancestor instead. No element yet, no scrolling; a
    /// WebDriver error fails the test.
    pub async fn scroll_to(&self, css: &str) {
        self.client
            .execute(
                "const el = document.querySelector(arguments[0]);
                 let box = el && el.parentElement;
                 while (box && !(box.scrollHeight > box.clientHeight && getComputedStyle(box).overflowY !== 'visible')) {
                   box = box.parentElement;
                 }
                 if (box) box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;",
                vec![json!(css)],
            )
            .await
            .unwrap_or_else(|e| panic!("scroll to {css}: {e}"));
    }

    /// Scrolls the page (inside the shell) back to the top.
    pub async fn scroll_to_top(&self) {
        self.client
            .execute(
                "let box = document.querySelector('main');
                 while (box && !(box.scrollHeight > box.clientHeight && getComputedStyle(box).overflowY !== 'visible')) {
                   box = box.parentElement;
                 }
                 if (box) box.scrollTop = 0;",
                vec![],
            )
            .await
            .expect("scroll to the top");
    }

    /// Ends the WebDriver session; a session that cannot be ended (it died) fails the test.
    pub async fn close(self) {
        self.client.clone().close().await.expect("end the browser session");
        // Dropping `self` stops chromedriver and anything of Chromium's still running.
    }
}

impl Drop for Browser {
    /// Stops chromedriver and every Chromium process it started. A test that fails never reaches
    /// [`Browser::close`]: killing chromedriver alone left its Chromium running, and leaked ones
    /// (one at 65 % of a core for half an hour) slowed every later test and measurement.
    fn drop(&mut self) {
        if matches!(self.driver.try_wait(), Ok(Some(_))) {
            return; // closed already: its group id may belong to someone else by now
        }
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.wait();
    }
}

/// ChromeDriver's answer to a command that a navigation interrupted (the app moving to another
/// part's page, a reload): the page is changing, which a wait should ride out, not fail on.
fn page_changing(e: &fantoccini::error::CmdError) -> bool {
    e.to_string().contains("aborted by navigation")
}

fn sanitize(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect()
}

/// A Chrome DevTools Protocol command sent through chromedriver (`goog/cdp/execute`), for what
/// WebDriver itself cannot ask, such as whether Chromium considers the app installable.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({"cmd": self.cmd, "params": self.params}).to_string()))
    }
}

impl Browser {
    pub async fn cdp(&self, cmd: &'static str, params: serde_json::Value) -> serde_json::Value {
        self.try_cdp(cmd, params).await.unwrap_or_else(|e| panic!("CDP {cmd} failed: {e}"))
    }

    pub async fn try_cdp(
        &self,
        cmd: &'static str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, fantoccini::error::CmdError> {
        self.client.issue_cmd(Cdp { cmd, params }).await
    }
}

impl Browser {
    /// Waits until the service worker controls the page and has cached the app shell, including
    /// the IndexedDB script (a wasm-bindgen snippet index.html does not name), so a reload without
    /// the server still opens the app.
    pub async fn wait_until_offline_ready(&self) {
        let mut last = String::from("never ran");
        for _ in 0..100 {
            let answer = self
                .client
                .execute_async(
                    "const done = arguments[0];
                     if (!navigator.serviceWorker || !navigator.serviceWorker.controller) { done(false); return; }
                     caches.keys().then(async keys => {
                       let n = 0, snippet = false;
                       for (const k of keys) for (const r of await (await caches.open(k)).keys()) {
                         n += 1; snippet = snippet || r.url.includes('/snippets/');
                       }
                       done(n >= 3 && snippet);
                     }).catch(() => done(false));",
                    vec![],
                )
                .await;
            match answer {
                Ok(v) if v.as_bool() == Some(true) => return,
                Ok(v) => last = format!("answered {v}"),
                Err(e) if e.is_javascript_error() => last = e.to_string(),
                Err(e) => {
                    self.failure_shot("service-worker-not-ready").await;
                    panic!("WebDriver error while waiting for the service worker: {e}");
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        self.failure_shot("service-worker-not-ready").await;
        panic!(
            "the service worker never took control with the app shell (and the IndexedDB snippet) cached (last: {last})"
        );
    }
}

impl Browser {
    /// Runs `expression` inside the page's service worker (not the page) through the DevTools
    /// protocol, straight to the worker's target: chromedriver's CDP reaches pages only. Returns
    /// the value it evaluates to (awaited if it is a promise).
    pub async fn in_service_worker(&self, expression: &str) -> serde_json::Value {
        use futures_util::{SinkExt, StreamExt};
        use tokio_tungstenite::tungstenite::Message;

        let address = self
            .client
            .capabilities()
            .and_then(|c| c.get("goog:chromeOptions"))
            .and_then(|o| o["debuggerAddress"].as_str())
            .expect("chromedriver reports the browser's DevTools address")
            .to_owned();
        let targets: serde_json::Value = reqwest::get(format!("http://{address}/json/list"))
            .await
            .expect("the DevTools target list")
            .json()
            .await
            .expect("JSON");
        let socket_url = targets
            .as_array()
            .into_iter()
            .flatten()
            .find(|t| t["type"] == "service_worker")
            .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            .unwrap_or_else(|| panic!("no service worker among the DevTools targets: {targets}"))
            .to_owned();
        let (mut socket, _) =
            tokio_tungstenite::connect_async(socket_url).await.expect("connect to the service worker");
        let ask = json!({"id": 1, "method": "Runtime.evaluate",
                         "params": {"expression": expression, "awaitPromise": true, "returnByValue": true}});
        socket.send(Message::text(ask.to_string())).await.expect("send to the service worker");
        while let Some(message) = socket.next().await {
            let message = message.expect("read from the service worker's DevTools connection");
            let Message::Text(text) = message else { continue };
            let reply: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("DevTools sent {text:?}, not JSON: {e}"));
            if reply["id"] == 1 {
                assert!(reply["result"]["exceptionDetails"].is_null(), "{expression} threw: {reply}");
                return reply["result"]["result"]["value"].clone();
            }
        }
        panic!("the service worker closed the DevTools connection");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ChromeDriver sends "aborted by navigation" as a bare string (fantoccini: not W3C); a full
    /// run failed on it. Only that answer means "the page is changing".
    #[test]
    fn only_a_navigation_abort_counts_as_the_page_changing() {
        use fantoccini::error::CmdError;
        assert!(page_changing(&CmdError::NotW3C(json!("aborted by navigation"))));
        assert!(!page_changing(&CmdError::NotW3C(json!("no such window"))));
        assert!(!page_changing(&CmdError::InvalidArgument("css".into(), "bad selector".into())));
    }
}
