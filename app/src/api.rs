//! A small typed client for the server's JSON API, over the shared `evenkeel_domain` types.
//!
//! Every call answers `Result<T, ApiError>` and tells apart "the server could not be reached" (the
//! app keeps working offline) from "the server said no" (show its `message` next to the form).

use evenkeel_domain::api::{AuthResponse, ChangePasswordRequest, LoginRequest, RegisterRequest, UserView};
use evenkeel_domain::diary::{SyncRequest, SyncResponse};
use evenkeel_domain::error::{ErrorBody, ErrorCode};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use web_sys::RequestCredentials;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: no signal, the server is down, or a gateway in front of it says so.
    Unreachable,
    /// The server answered with an error; `body.message` is written for the person.
    Failed { status: u16, body: ErrorBody },
}

impl ApiError {
    /// A sentence to show the person, saying what happened and what to do.
    pub fn message(&self) -> String {
        match self {
            Self::Unreachable => {
                "We couldn't reach Even Keel just now. Please check your signal or Wi-Fi and try again.".into()
            }
            Self::Failed { body, .. } => body.message.clone(),
        }
    }

    /// The server's error code, when it answered.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Unreachable => None,
            Self::Failed { body, .. } => Some(body.error),
        }
    }

    /// True when the server says this browser is not (or no longer) signed in.
    pub fn is_unauthorised(&self) -> bool {
        matches!(self, Self::Failed { status: 401, .. })
    }
}

pub async fn register(request: &RegisterRequest) -> Result<AuthResponse, ApiError> {
    read_json(send(post("/api/auth/register").json(request)).await?).await
}

pub async fn login(request: &LoginRequest) -> Result<AuthResponse, ApiError> {
    read_json(send(post("/api/auth/login").json(request)).await?).await
}

/// Swaps the HttpOnly refresh cookie for a new access token (and a new cookie). The server rotates
/// the cookie and treats a used one coming back after its grace period as stolen.
///
/// The patient page's first script starts this call before the app's code has arrived
/// (`app/html/patient.html`); the first refresh takes that answer instead of asking twice.
pub async fn refresh() -> Result<AuthResponse, ApiError> {
    if let Some(early) = take_early_refresh() {
        let response = wasm_bindgen_futures::JsFuture::from(early).await.map_err(|_| ApiError::Unreachable)?;
        let response = Response::from(web_sys::Response::from(response));
        return read_json(check(response).await?).await;
    }
    read_json(send(post("/api/auth/refresh").build()).await?).await
}

/// The refresh the page started (`window.evenkeelRefresh`), once.
fn take_early_refresh() -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let key = wasm_bindgen::JsValue::from_str("evenkeelRefresh");
    let early = js_sys::Reflect::get(&window, &key).ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    early.dyn_into::<js_sys::Promise>().ok()
}

pub async fn logout() -> Result<(), ApiError> {
    send(post("/api/auth/logout").build()).await.map(|_| ())
}

/// Replaces the password; answers a new session (and a new refresh cookie) like a sign-in.
pub async fn change_password(access_token: &str, request: &ChangePasswordRequest) -> Result<AuthResponse, ApiError> {
    let builder = post("/api/auth/password").header("Authorization", &format!("Bearer {access_token}"));
    read_json(send(builder.json(request)).await?).await
}

pub async fn me(access_token: &str) -> Result<UserView, ApiError> {
    get_authorised("/api/me", access_token).await
}

/// Sends the outbox and fetches what changed since `cursor` (see `store::sync`).
pub async fn sync(access_token: &str, request: &SyncRequest) -> Result<SyncResponse, ApiError> {
    let builder = post("/api/sync").header("Authorization", &format!("Bearer {access_token}"));
    read_json(send(builder.json(request)).await?).await
}

/// Today's "You had a reminder at 20:00 to …" lines for reminders that came due after `since`
/// (an ISO instant). Only each `line` is read: the core carries none of the kinds' words.
pub async fn missed_reminders(access_token: &str, since: &str) -> Result<Vec<MissedLine>, ApiError> {
    get_authorised(&format!("/api/reminders/missed?since={since}"), access_token).await
}

#[derive(serde::Deserialize)]
pub struct MissedLine {
    pub line: String,
}

/// Today's lines from My plan (a goal's check-in this week, the next session), worded by the
/// server like the missed reminders, each with where a tap goes.
/// Read as `MissedLine`s: every line leads to My plan, and sharing the type keeps Today small.
pub async fn plan_today(access_token: &str) -> Result<Vec<MissedLine>, ApiError> {
    get_authorised("/api/me/plan-today", access_token).await
}

/// A cheap "is the server there?" check used while offline.
pub async fn health() -> Result<(), ApiError> {
    send(with_defaults(Request::get("/api/health")).build()).await.map(|_| ())
}

async fn get_authorised<T: DeserializeOwned>(path: &str, access_token: &str) -> Result<T, ApiError> {
    let request = with_defaults(Request::get(path)).header("Authorization", &format!("Bearer {access_token}"));
    read_json(send(request.build()).await?).await
}

fn post(path: &str) -> RequestBuilder {
    with_defaults(Request::post(path))
}

/// Same-origin credentials so the refresh cookie (Path=/api/auth) travels with auth calls.
fn with_defaults(builder: RequestBuilder) -> RequestBuilder {
    builder.credentials(RequestCredentials::SameOrigin).header("Accept", "application/json")
}

/// Sends a request built by gloo-net; turns network failures and error statuses into `ApiError`.
async fn send(request: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    // Building only fails if our own body cannot be serialised: report it like a server error.
    let request = request.map_err(|_| unexpected(0))?;
    check(request.send().await.map_err(|_| ApiError::Unreachable)?).await
}

/// Turns error statuses into `ApiError`.
async fn check(response: Response) -> Result<Response, ApiError> {
    let status = response.status();
    if response.ok() {
        return Ok(response);
    }
    // A proxy or load balancer answering for a server that is down: treat it as offline.
    if matches!(status, 502..=504) {
        return Err(ApiError::Unreachable);
    }
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str::<ErrorBody>(&text).ok().or_else(|| message_only(&text, status));
    Err(body.map_or_else(|| unexpected(status), |body| ApiError::Failed { status, body }))
}

/// An error code this build does not know yet still carries a readable `message`: keep it.
fn message_only(text: &str, status: u16) -> Option<ErrorBody> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let message = value.get("message")?.as_str()?.to_owned();
    Some(ErrorBody { error: code_for_status(status), message })
}

fn unexpected(status: u16) -> ApiError {
    ApiError::Failed {
        status,
        body: ErrorBody {
            error: code_for_status(status),
            message: "Something went wrong on our side. Please try again in a moment.".into(),
        },
    }
}

fn code_for_status(status: u16) -> ErrorCode {
    match status {
        400 => ErrorCode::InvalidInput,
        401 => ErrorCode::NotSignedIn,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        409 => ErrorCode::EmailTaken,
        429 => ErrorCode::TooManyRequests,
        503 => ErrorCode::Unavailable,
        _ => ErrorCode::Internal,
    }
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    response.json::<T>().await.map_err(|_| unexpected(status))
}
