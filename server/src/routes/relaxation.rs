//! Relaxation tracks under `/api/relaxation/tracks`: the list, uploads, retiring, and the audio and
//! transcript of each. The audio answers HTTP Range requests (206 with `Content-Range`, 416 past
//! the end), with a strong ETag and long caching: a track's bytes never change under its id.

use actix_multipart::Multipart;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use evenkeel_domain::audio::{self, AudioError, RangeAsk, TrackView};
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::relax_suggestions::{SuggestionRequest, SuggestionView};
use evenkeel_domain::sharing::Scope;
use futures_util::StreamExt;
use uuid::Uuid;

use super::run_db;
use crate::access::{self, Need};
use crate::auth::caller::Caller;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::relaxation::{self, UploadText, suggestions};

/// Audio and transcripts are the same bytes forever under one id.
pub const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";

/// The longest text field accepted in an upload's form.
const MAX_TEXT_FIELD_BYTES: usize = 100 * 1024;

/// The tracks to choose from: Even Keel's own first, then the practice's. Retired tracks are left out.
#[utoipa::path(tag = "relaxation", security(("bearer" = [])), responses(
    (status = 200, body = Vec<TrackView>), (status = 401, body = ErrorBody),
))]
#[get("/relaxation/tracks")]
pub async fn list_tracks(caller: Caller, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let tracks = run_db(&pool, move |conn| relaxation::list(conn, &caller)).await?;
    Ok(HttpResponse::Ok().json(tracks))
}

/// The form of an upload, for the OpenAPI document (the handler reads the parts as they stream,
/// and refuses a part it doesn't know: hence `deny_unknown_fields`).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct UploadForm {
    /// MP3, or AAC in M4A: at most 60 minutes and 60 MB. Checked by its bytes, not its name.
    #[schema(value_type = String, format = Binary, content_media_type = "audio/mpeg")]
    file: Vec<u8>,
    #[schema(max_length = 80, pattern = r"\S")]
    title: String,
    #[schema(max_length = 300, required = false)]
    description: String,
    /// What the track says, word for word (or what it sounds like, for one without words).
    #[schema(max_length = 20000, pattern = r"\S")]
    transcript: String,
    /// What it is for; `other` when left out.
    #[schema(pattern = "^(breathing|flare|body_scan|muscle_relaxation|bedtime|sleep_sound|other)?$", required = false)]
    kind: String,
    /// `true` (when left out) or `false`.
    #[schema(pattern = "^(true|false)?$", required = false)]
    has_words: String,
}

/// Add a practice's own track (project workers and admins): `multipart/form-data` with `file`
/// (MP3, or AAC in M4A; at most 60 minutes and 60 MB), `title`, `description`, `transcript`, and
/// optionally `kind` and `has_words` (`true`/`false`). The file is checked by its bytes.
#[utoipa::path(tag = "relaxation", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", content = UploadForm),
    responses(
        (status = 201, body = TrackView),
        (status = 400, body = ErrorBody, description = "A missing field, a damaged file or a track over 60 minutes"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody, description = "Over 60 MB"),
        (status = 415, body = ErrorBody, description = "Not audio that phones play"),
    ))]
#[post("/relaxation/tracks")]
pub async fn upload_track(caller: Caller, mut form: Multipart, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    // Refuse before reading megabytes from someone who may not upload.
    let who = caller.clone();
    run_db(&pool, move |conn| relaxation::may_upload(conn, &who)).await?;
    let mut text = UploadText::default();
    let mut file: Option<Vec<u8>> = None;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|e| AppError::invalid_input(format!("The upload could not be read ({e}).")))?;
        let name = field.name().unwrap_or_default().to_owned();
        let limit = if name == "file" { audio::MAX_BYTES as usize } else { MAX_TEXT_FIELD_BYTES };
        let mut bytes = Vec::new();
        while let Some(piece) = field.next().await {
            let piece = piece.map_err(|e| AppError::invalid_input(format!("The upload could not be read ({e}).")))?;
            if bytes.len() + piece.len() > limit {
                return Err(if name == "file" {
                    relaxation::refusal(AudioError::TooBig { bytes: (bytes.len() + piece.len()) as u64 })
                } else {
                    AppError::invalid_input(format!("The field \"{name}\" is too long."))
                });
            }
            bytes.extend_from_slice(&piece);
        }
        let as_text = || {
            String::from_utf8(bytes.clone()).map_err(|_| AppError::invalid_input(format!("\"{name}\" must be text.")))
        };
        match name.as_str() {
            "file" => file = Some(bytes),
            "title" => text.title = as_text()?,
            "description" => text.description = as_text()?,
            "transcript" => text.transcript = as_text()?,
            "kind" => text.kind = Some(as_text()?),
            "has_words" => text.has_words = Some(as_text()?),
            other => {
                return Err(AppError::invalid_input(format!(
                    "The upload has a field this server doesn't know (\"{other}\")."
                )));
            }
        }
    }
    let file = file.ok_or_else(|| AppError::invalid_input("Please choose an audio file to upload."))?;
    let track = run_db(&pool, move |conn| relaxation::upload(conn, &caller, &text, &file)).await?;
    Ok(HttpResponse::Created().json(track))
}

/// Retire a track (practice admins): it leaves the list, and minutes already logged with it keep
/// their meaning.
#[utoipa::path(tag = "relaxation", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The track")),
    responses(
        (status = 204, description = "Retired"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[post("/relaxation/tracks/{id}/retire")]
pub async fn retire_track(caller: Caller, path: web::Path<Uuid>, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let id = path.into_inner().to_string();
    run_db(&pool, move |conn| relaxation::retire(conn, &caller, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A track's audio, whole (200) or the bytes a `Range` header asks for (206); 416 for a range past
/// the end. No sign-in: an `<audio>` element cannot send a token, and tracks hold no health data.
#[utoipa::path(tag = "relaxation",
    params(("id" = Uuid, Path, description = "The track")),
    responses(
        (status = 200, description = "The whole file", content_type = "audio/mpeg"),
        (status = 206, description = "The part asked for, with Content-Range", content_type = "audio/mpeg"),
        (status = 304, description = "Not changed (If-None-Match)"),
        (status = 404, body = ErrorBody),
        (status = 416, body = ErrorBody, description = "The range starts past the end"),
    ))]
#[get("/relaxation/tracks/{id}/audio")]
pub async fn track_audio(req: HttpRequest, path: web::Path<Uuid>, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let track = run_db(&pool, move |conn| relaxation::find(conn, &id)).await?;
    let etag = format!("\"{}\"", track.sha256);
    let len = u64::try_from(track.byte_size).unwrap_or(0);
    let headers = req.headers();
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return Ok(HttpResponse::NotModified().insert_header((header::ETAG, etag)).finish());
    }
    // A Range with an If-Range naming another version gets the whole new file.
    let if_range_ok = headers.get(header::IF_RANGE).and_then(|v| v.to_str().ok()).is_none_or(|v| v.trim() == etag);
    let range = if if_range_ok { headers.get(header::RANGE).and_then(|v| v.to_str().ok()) } else { None };
    let (status, start, end) = match audio::range_ask(range, len) {
        RangeAsk::Unsatisfiable => {
            let body = AppError::new(
                evenkeel_domain::error::ErrorCode::RangeNotSatisfiable,
                "That part of the track is past its end.",
            );
            return Ok(HttpResponse::RangeNotSatisfiable()
                .insert_header((header::CONTENT_RANGE, format!("bytes */{len}")))
                .json(body.body()));
        }
        RangeAsk::Whole if len == 0 => return Err(AppError::not_found()),
        RangeAsk::Whole => (actix_web::http::StatusCode::OK, 0, len - 1),
        RangeAsk::Part { start, end } => (actix_web::http::StatusCode::PARTIAL_CONTENT, start, end),
    };
    let media_type = track.media_type.clone();
    let bytes = run_db(&pool, move |conn| relaxation::read(conn, &track, start, end)).await?;
    let mut answer = HttpResponse::build(status);
    answer
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_str(&media_type).unwrap_or(HeaderValue::from_static("audio/mpeg")),
        ))
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        .insert_header((header::ETAG, etag));
    if status == actix_web::http::StatusCode::PARTIAL_CONTENT {
        answer.insert_header((header::CONTENT_RANGE, format!("bytes {start}-{end}/{len}")));
    }
    // Audio is already compressed: no gzip or brotli on top (which would also hide the length).
    answer.insert_header((header::CONTENT_ENCODING, "identity"));
    Ok(answer.body(bytes))
}

/// A track's transcript, as plain text.
#[utoipa::path(tag = "relaxation",
    params(("id" = Uuid, Path, description = "The track")),
    responses((status = 200, description = "The words of the track", content_type = "text/plain"), (status = 404, body = ErrorBody)))]
#[get("/relaxation/tracks/{id}/transcript")]
pub async fn track_transcript(path: web::Path<Uuid>, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let track = run_db(&pool, move |conn| relaxation::find(conn, &id)).await?;
    Ok(HttpResponse::Ok().content_type("text/plain; charset=utf-8").body(track.transcript))
}

/// The relaxation practice suggested to a patient and not yet dismissed: for the patient, and for
/// those they share relaxation with (audited).
#[utoipa::path(tag = "relaxation", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("relaxation"))),
    responses(
        (status = 200, body = Vec<SuggestionView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[get("/patients/{patient_id}/relax-suggestions")]
pub async fn list_relax_suggestions(
    caller: Caller,
    path: web::Path<Uuid>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let list = run_db(&pool, move |conn| {
        access::with_grant(
            conn,
            &caller,
            &patient_id,
            Need::Read(Scope::Relaxation),
            "GET /api/patients/{patient_id}/relax-suggestions",
            suggestions::list,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// A project worker suggests a track or a Learn page; it shows at the top of the patient's Relax.
/// Needs an active worker link holding the `relaxation` scope.
#[utoipa::path(tag = "relaxation", security(("bearer" = [])), request_body = SuggestionRequest,
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("worker-suggestion"))),
    responses(
        (status = 201, body = SuggestionView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[post("/patients/{patient_id}/relax-suggestions")]
pub async fn add_relax_suggestion(
    caller: Caller,
    path: web::Path<Uuid>,
    body: web::Json<SuggestionRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let request = body.into_inner();
    let made = run_db(&pool, move |conn| {
        access::with_grant(
            conn,
            &caller,
            &patient_id,
            Need::Suggest(Scope::Relaxation),
            "POST /api/patients/{patient_id}/relax-suggestions",
            |conn, grant| suggestions::suggest(conn, grant, &request),
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(made))
}

/// The patient puts a suggestion away.
#[utoipa::path(tag = "relaxation", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The suggestion")),
    responses(
        (status = 204, description = "Dismissed"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a patient: only the patient dismisses from their own Relax"),
        (status = 404, body = ErrorBody),
    ))]
#[post("/me/relax-suggestions/{id}/dismiss")]
pub async fn dismiss_relax_suggestion(
    caller: Caller,
    path: web::Path<Uuid>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner().to_string();
    run_db(&pool, move |conn| suggestions::dismiss(conn, &caller, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
