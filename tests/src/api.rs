//! A small HTTP client for the API that keeps the refresh cookie by hand, so tests can present an
//! old cookie on purpose.

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

#[derive(Clone)]
pub struct Api {
    pub http: reqwest::Client,
    pub base_url: String,
}

/// A response, read completely.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The `ek_refresh` cookie value this response set, if any.
    pub fn refresh_cookie(&self) -> Option<String> {
        self.set_cookie_header()
            .and_then(|h| h.split(';').next())
            .and_then(|kv| kv.strip_prefix("ek_refresh="))
            .map(str::to_owned)
    }

    pub fn set_cookie_header(&self) -> Option<&str> {
        self.headers
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("ek_refresh="))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn access_token(&self) -> String {
        self.body["access_token"].as_str().unwrap_or_default().to_owned()
    }

    /// Asserts the standard error shape and returns the code.
    #[track_caller]
    pub fn error_code(&self) -> &str {
        let message = self.body["message"].as_str().unwrap_or_default();
        assert!(message.len() > 10, "error without a human message: {:?}", self.body);
        self.body["error"].as_str().unwrap_or_default()
    }
}

impl Api {
    pub fn new(base_url: &str) -> Self {
        // Drop idle connections before the server's 5 s keep-alive does: reusing one the server is
        // closing at that moment fails the request ("IncompleteMessage") in slow browser tests.
        let http =
            reqwest::Client::builder().pool_idle_timeout(std::time::Duration::from_secs(2)).build().unwrap_or_default();
        Self { http, base_url: base_url.to_owned() }
    }

    pub async fn read(response: Response) -> Reply {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply { status, headers, body }
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        cookie: Option<&str>,
        body: Option<&Value>,
    ) -> Reply {
        let mut req = self.http.request(method, format!("{}{}", self.base_url, path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(cookie) = cookie {
            req = req.header(reqwest::header::COOKIE, format!("ek_refresh={cookie}"));
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        Self::read(req.send().await.expect("request reaches the server")).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::GET, path, token, None, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.send(Method::POST, path, token, None, Some(body)).await
    }

    /// Registers a patient and returns the reply (201 expected).
    pub async fn register(&self, email: &str, password: &str) -> Reply {
        self.post(
            "/api/auth/register",
            None,
            &json!({"email": email, "password": password, "display_name": "Test Person", "time_zone": "Europe/London"}),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.post("/api/auth/login", None, &json!({"email": email, "password": password})).await
    }

    /// Signs in from a browser with this user agent (what "Signed-in devices" labels it by).
    pub async fn login_on(&self, device_user_agent: &str, email: &str, password: &str) -> Reply {
        let req = self
            .http
            .post(format!("{}/api/auth/login", self.base_url))
            .header(reqwest::header::USER_AGENT, device_user_agent)
            .json(&json!({"email": email, "password": password}));
        Self::read(req.send().await.expect("request reaches the server")).await
    }

    pub async fn refresh(&self, cookie: &str) -> Reply {
        self.send(Method::POST, "/api/auth/refresh", None, Some(cookie), None).await
    }

    /// `POST /api/auth/password` with the signed-in person's access token.
    pub async fn change_password(&self, token: &str, current: &str, new: &str) -> Reply {
        self.post("/api/auth/password", Some(token), &json!({"current_password": current, "new_password": new})).await
    }

    pub async fn logout(&self, cookie: &str) -> Reply {
        self.send(Method::POST, "/api/auth/logout", None, Some(cookie), None).await
    }

    /// Posts raw bytes with a content type (for malformed-input tests).
    pub async fn post_raw(&self, path: &str, content_type: &str, body: Vec<u8>) -> Reply {
        let req = self
            .http
            .post(format!("{}{}", self.base_url, path))
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body);
        Self::read(req.send().await.expect("request reaches the server")).await
    }
}

/// Builders for diary changes as a phone sends them.
pub mod changes {
    use serde_json::{Value, json};

    pub fn id() -> String {
        evenkeel_domain::ids::new_id().to_string()
    }

    pub fn pain(id: &str, score: i64, at: &str, updated: &str) -> Value {
        json!({"id": id, "kind": "pain", "op": "upsert",
               "data": {"recorded_at": at, "score": score}, "client_updated_at": updated})
    }

    pub fn medication(id: &str, name: &str, opioid: &str, strength: f64) -> Value {
        json!({"id": id, "kind": "medication", "op": "upsert",
               "data": {"name": name, "opioid": opioid, "strength": strength, "unit": "mg", "form": "tablet",
                        "schedule": "as_needed", "usual_amount": strength},
               "client_updated_at": "2026-11-01T08:00:00Z"})
    }

    pub fn dose(id: &str, medication_id: &str, mg: f64, at: &str, reasons: &[&str]) -> Value {
        json!({"id": id, "kind": "dose", "op": "upsert",
               "data": {"medication_id": medication_id, "amount": mg, "taken_at": at, "reasons": reasons},
               "client_updated_at": at})
    }

    pub fn activity(id: &str, what: &str, minutes: i64, at: &str) -> Value {
        json!({"id": id, "kind": "activity", "op": "upsert",
               "data": {"started_at": at, "minutes": minutes, "what": what, "effort": "light", "kind": "activity"},
               "client_updated_at": at})
    }

    pub fn delete(id: &str, kind: &str, updated: &str) -> Value {
        json!({"id": id, "kind": kind, "op": "delete", "client_updated_at": updated})
    }
}

impl Api {
    pub async fn sync(&self, token: &str, cursor: i64, changes: &[serde_json::Value]) -> Reply {
        self.post("/api/sync", Some(token), &serde_json::json!({"cursor": cursor, "changes": changes})).await
    }

    /// Sends `weeks` of the demo generator's diary (seed 5) ending yesterday, as a phone would.
    pub async fn send_demo_diary(&self, token: &str, weeks: u32) {
        let today = chrono::Utc::now().date_naive();
        let start = today.checked_sub_days(chrono::Days::new(u64::from(weeks) * 7)).expect("a start date");
        let updated = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let changes: Vec<serde_json::Value> = evenkeel_domain::patterns::demo::demo_weeks(start, weeks, 5)
            .into_iter()
            .map(|(id, data)| {
                serde_json::json!({"id": id, "kind": data.kind(), "op": "upsert", "data": data.to_json(), "client_updated_at": updated})
            })
            .collect();
        for chunk in changes.chunks(400) {
            let reply = self.sync(token, i64::MAX / 2, chunk).await;
            assert_eq!(reply.status, reqwest::StatusCode::OK, "{:?}", reply.body);
            assert_eq!(reply.body["applied"].as_array().map(Vec::len), Some(chunk.len()), "{:?}", reply.body);
        }
    }

    /// Registers a fresh patient and returns their access token.
    pub async fn new_patient(&self) -> String {
        let email = format!("p{}@example.com", uuid::Uuid::new_v4().simple());
        let reply = self.register(&email, "kettle orchard blue").await;
        assert_eq!(reply.status, reqwest::StatusCode::CREATED, "{:?}", reply.body);
        reply.access_token()
    }
}
