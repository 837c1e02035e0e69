//! The sharing, people, audit, admin and "my data" calls of the server's API (issue 4), over the
//! shared `evenkeel_domain::sharing` types. Same rules as `api.rs`: every call answers
//! `Result<T, ApiError>`, telling "no answer" apart from "the server said no".

use evenkeel_domain::EntryKind;
use evenkeel_domain::error::{ErrorBody, ErrorCode};
use evenkeel_domain::relax_suggestions::{SuggestionRequest, SuggestionView};
use evenkeel_domain::session_notes::{SessionNoteRequest, SessionNoteView};
use evenkeel_domain::sharing::{
    AcceptCodeRequest, AuditPage, CodeResponse, CreateInviteRequest, CreateWorkerRequest, CreatedWorker,
    DeleteAccountRequest, EntryView, LinkView, NewNoteRequest, NoteView, Relation, Scope, UpdateLinkRequest,
};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use web_sys::RequestCredentials;

use leptos::prelude::untrack;

use crate::api::ApiError;
use crate::session::Session;

/// The signed-in person's calls. Take one with `SharingApi::expect()` while building a component (it
/// holds the session, so it also works inside `spawn_local`).
#[derive(Clone, Copy)]
pub struct SharingApi {
    session: Session,
}

impl SharingApi {
    pub fn expect() -> Self {
        Self { session: Session::expect() }
    }

    /// The relaxation tracks to choose from.
    pub async fn tracks(self) -> Result<Vec<evenkeel_domain::audio::TrackView>, ApiError> {
        json(self.call("GET", "/api/relaxation/tracks", None::<&()>).await?).await
    }

    /// Relaxation practice suggested to a patient and not yet dismissed.
    pub async fn relax_suggestions(self, patient: Uuid) -> Result<Vec<SuggestionView>, ApiError> {
        json(self.call("GET", &format!("/api/patients/{patient}/relax-suggestions"), None::<&()>).await?).await
    }

    /// A project worker suggests a track or a Learn page.
    pub async fn suggest(self, patient: Uuid, request: SuggestionRequest) -> Result<SuggestionView, ApiError> {
        json(self.call("POST", &format!("/api/patients/{patient}/relax-suggestions"), Some(&request)).await?).await
    }

    /// The patient puts a suggestion away.
    pub async fn dismiss_suggestion(self, id: Uuid) -> Result<(), ApiError> {
        self.call("POST", &format!("/api/me/relax-suggestions/{id}/dismiss"), None::<&()>).await.map(|_| ())
    }

    pub async fn links(self) -> Result<Vec<LinkView>, ApiError> {
        json(self.call("GET", "/api/links", None::<&()>).await?).await
    }

    pub async fn create_invite(self, relation: Relation, scopes: Vec<Scope>) -> Result<CodeResponse, ApiError> {
        json(self.call("POST", "/api/invites", Some(&CreateInviteRequest { relation, scopes })).await?).await
    }

    pub async fn accept_invite(self, code: String) -> Result<LinkView, ApiError> {
        json(self.call("POST", "/api/invites/accept", Some(&AcceptCodeRequest { code })).await?).await
    }

    pub async fn create_enrolment(self) -> Result<CodeResponse, ApiError> {
        json(self.call("POST", "/api/enrolments", None::<&()>).await?).await
    }

    pub async fn accept_enrolment(self, code: String) -> Result<LinkView, ApiError> {
        json(self.call("POST", "/api/enrolments/accept", Some(&AcceptCodeRequest { code })).await?).await
    }

    pub async fn update_link(self, id: Uuid, scopes: Vec<Scope>) -> Result<LinkView, ApiError> {
        json(self.call("PATCH", &format!("/api/links/{id}"), Some(&UpdateLinkRequest { scopes })).await?).await
    }

    pub async fn revoke_link(self, id: Uuid) -> Result<LinkView, ApiError> {
        json(self.call("DELETE", &format!("/api/links/{id}"), None::<&()>).await?).await
    }

    /// The last `days` days of one kind of a patient's diary.
    pub async fn entries(self, patient: Uuid, kind: EntryKind, days: u32) -> Result<Vec<EntryView>, ApiError> {
        let from = js_sys::Date::new(&(js_sys::Date::now() - f64::from(days) * 86_400_000.0).into());
        let from = String::from(from.to_iso_string());
        let path = format!("/api/patients/{patient}/entries?kind={}&from={}", kind.as_str(), encode(&from));
        json(self.call("GET", &path, None::<&()>).await?).await
    }

    pub async fn notes(self, patient: Uuid) -> Result<Vec<NoteView>, ApiError> {
        json(self.call("GET", &format!("/api/patients/{patient}/notes"), None::<&()>).await?).await
    }

    pub async fn add_note(self, patient: Uuid, text: String) -> Result<NoteView, ApiError> {
        json(self.call("POST", &format!("/api/patients/{patient}/notes"), Some(&NewNoteRequest { text })).await?).await
    }

    /// The signed-in project worker's own session notes about a patient, newest session first.
    pub async fn session_notes(self, patient: Uuid) -> Result<Vec<SessionNoteView>, ApiError> {
        json(self.call("GET", &format!("/api/patients/{patient}/session-notes"), None::<&()>).await?).await
    }

    pub async fn add_session_note(self, patient: Uuid, note: SessionNoteRequest) -> Result<SessionNoteView, ApiError> {
        json(self.call("POST", &format!("/api/patients/{patient}/session-notes"), Some(&note)).await?).await
    }

    pub async fn edit_session_note(
        self,
        patient: Uuid,
        id: Uuid,
        note: SessionNoteRequest,
    ) -> Result<SessionNoteView, ApiError> {
        json(self.call("PUT", &format!("/api/patients/{patient}/session-notes/{id}"), Some(&note)).await?).await
    }

    /// One page of "Who has looked", newest first: the newest, or the one older than `before`.
    pub async fn audit(self, before: Option<String>) -> Result<AuditPage, ApiError> {
        let path = match before {
            Some(marker) => format!("/api/audit?before={}", encode(&marker)),
            None => "/api/audit".to_owned(),
        };
        json(self.call("GET", &path, None::<&()>).await?).await
    }

    pub async fn create_worker(self, email: String, display_name: String) -> Result<CreatedWorker, ApiError> {
        json(self.call("POST", "/api/admin/workers", Some(&CreateWorkerRequest { email, display_name })).await?).await
    }

    pub async fn deactivate_worker(self, id: Uuid) -> Result<(), ApiError> {
        self.call("DELETE", &format!("/api/admin/workers/{id}"), None::<&()>).await.map(|_| ())
    }

    /// Everything about me as a zip (bytes).
    pub async fn export(self) -> Result<Vec<u8>, ApiError> {
        let response = self.call("GET", "/api/me/export", None::<&()>).await?;
        response.binary().await.map_err(|_| unexpected(response.status()))
    }

    pub async fn delete_account(self, password: String) -> Result<(), ApiError> {
        self.call("DELETE", "/api/me", Some(&DeleteAccountRequest { password })).await.map(|_| ())
    }

    /// The project worker's caseload (issue 5), in the order the links were made.
    pub async fn caseload(self) -> Result<Vec<crate::insights_api::CaseloadRow>, ApiError> {
        json(self.call("GET", "/api/caseload", None::<&()>).await?).await
    }

    /// A patient's patterns over local days `from..=to` (`YYYY-MM-DD`; the server's defaults when empty).
    pub async fn patterns(
        self,
        patient: Uuid,
        from: Option<String>,
        to: Option<String>,
    ) -> Result<crate::insights_api::PatternsView, ApiError> {
        let path = crate::insights_api::dated(&format!("/api/patients/{patient}/patterns"), from, to);
        json(self.call("GET", &path, None::<&()>).await?).await
    }

    /// Any authorised GET answered as text (the GP summary, CSV and FHIR downloads).
    pub async fn text(self, path: &str) -> Result<String, ApiError> {
        let response = self.call("GET", path, None::<&()>).await?;
        response.text().await.map_err(|_| unexpected(response.status()))
    }

    /// One authorised call. When the access token has run out (401), the session refreshes once and
    /// the call is tried again; a second 401 is returned as it is.
    pub(crate) async fn call<B: Serialize>(
        self,
        method: &str,
        path: &str,
        body: Option<&B>,
    ) -> Result<Response, ApiError> {
        let session = self.session;
        let first = send(method, path, body, session.access_token()).await;
        match first {
            Err(e) if e.is_unauthorised() => {
                let before = untrack(|| session.token_epoch());
                session.refresh();
                // Wait (briefly) for the new token.
                for _ in 0..50 {
                    crate::timers::sleep_ms(100).await;
                    if untrack(|| session.token_epoch()) != before {
                        return send(method, path, body, session.access_token()).await;
                    }
                }
                Err(e)
            }
            other => other,
        }
    }
}

fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

async fn send<B: Serialize>(
    method: &str,
    path: &str,
    body: Option<&B>,
    token: Option<String>,
) -> Result<Response, ApiError> {
    let builder = match method {
        "POST" => Request::post(path),
        "PATCH" => Request::patch(path),
        "PUT" => Request::put(path),
        "DELETE" => Request::delete(path),
        _ => Request::get(path),
    };
    let mut builder: RequestBuilder =
        builder.credentials(RequestCredentials::SameOrigin).header("Accept", "application/json");
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => builder.json(body),
        None => builder.build(),
    };
    let request = request.map_err(|_| unexpected(0))?;
    let response = request.send().await.map_err(|_| ApiError::Unreachable)?;
    let status = response.status();
    if response.ok() {
        return Ok(response);
    }
    if matches!(status, 502..=504) {
        return Err(ApiError::Unreachable);
    }
    let text = response.text().await.unwrap_or_default();
    match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) => Err(ApiError::Failed { status, body }),
        Err(_) => {
            let message = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned));
            Err(match message {
                Some(message) => ApiError::Failed { status, body: ErrorBody { error: code_for(status), message } },
                None => unexpected(status),
            })
        }
    }
}

pub(crate) async fn json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    response.json::<T>().await.map_err(|_| unexpected(status))
}

fn code_for(status: u16) -> ErrorCode {
    match status {
        400 => ErrorCode::InvalidInput,
        401 => ErrorCode::NotSignedIn,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        410 => ErrorCode::CodeExpired,
        _ => ErrorCode::Internal,
    }
}

fn unexpected(status: u16) -> ApiError {
    ApiError::Failed {
        status,
        body: ErrorBody {
            error: code_for(status),
            message: "Something went wrong on our side. Please try again in a moment.".into(),
        },
    }
}

/// The HTTP status of a refusal, if the server answered.
pub fn status_of(error: &ApiError) -> Option<u16> {
    match error {
        ApiError::Failed { status, .. } => Some(*status),
        ApiError::Unreachable => None,
    }
}
