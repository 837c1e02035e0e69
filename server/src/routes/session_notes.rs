//! A project worker's private session notes about a patient, under
//! `/api/patients/{patient_id}/session-notes`. Through the gate like every patient route, with
//! `x-scope: own-session-notes`: an active worker link (any scopes), and only the caller's own
//! notes. Carers and the patient get 403; no link gets 404.

use actix_web::{HttpResponse, get, post, put, web};
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::session_notes::{SessionNoteRequest, SessionNoteView};
use uuid::Uuid;

use super::run_db;
use crate::access::{self, Need};
use crate::auth::caller::Caller;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::session_notes;

/// The caller's own session notes about a patient, newest session first. Only the project worker
/// who wrote a note sees it; every read is in the patient's audit log.
#[utoipa::path(tag = "sharing", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("own-session-notes"))),
    responses(
        (status = 200, body = Vec<SessionNoteView>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not a project worker on an active link (or the patient themself)"),
        (status = 404, body = ErrorBody, description = "No such patient, or no link to them"),
    ))]
#[get("/patients/{patient_id}/session-notes")]
pub async fn list_session_notes(
    caller: Caller,
    path: web::Path<Uuid>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let notes = run_db(&pool, move |conn| {
        access::with_grant(
            conn,
            &caller,
            &patient_id,
            Need::ReadSessionNotes,
            "GET /api/patients/{patient_id}/session-notes",
            session_notes::list,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(notes))
}

/// Write a session note (the day of the session, today or earlier, and up to 5000 characters).
#[utoipa::path(tag = "sharing", security(("bearer" = [])), request_body = SessionNoteRequest,
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("own-session-notes"))),
    responses(
        (status = 201, body = SessionNoteView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[post("/patients/{patient_id}/session-notes")]
pub async fn add_session_note(
    caller: Caller,
    path: web::Path<Uuid>,
    body: web::Json<SessionNoteRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let request = body.into_inner();
    let saved = run_db(&pool, move |conn| {
        access::with_grant(
            conn,
            &caller,
            &patient_id,
            Need::WriteSessionNotes,
            "POST /api/patients/{patient_id}/session-notes",
            |conn, grant| {
                let note = session_notes::parse(conn, grant, &request)?;
                session_notes::add(conn, grant, note)
            },
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(saved))
}

/// Change the date or text of one of the caller's own session notes. Anyone else's note is 404.
#[utoipa::path(tag = "sharing", security(("bearer" = [])), request_body = SessionNoteRequest,
    params(
        ("patient_id" = Uuid, Path, description = "The patient"),
        ("note_id" = Uuid, Path, description = "The note"),
    ),
    extensions(("x-scope" = json!("own-session-notes"))),
    responses(
        (status = 200, body = SessionNoteView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such patient or link, or not a note the caller wrote"),
    ))]
#[put("/patients/{patient_id}/session-notes/{note_id}")]
pub async fn edit_session_note(
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<SessionNoteRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let (patient_id, note_id) = path.into_inner();
    let (patient_id, note_id) = (patient_id.to_string(), note_id.to_string());
    let request = body.into_inner();
    let saved = run_db(&pool, move |conn| {
        access::with_grant(
            conn,
            &caller,
            &patient_id,
            Need::WriteSessionNotes,
            "PUT /api/patients/{patient_id}/session-notes/{note_id}",
            |conn, grant| {
                let note = session_notes::parse(conn, grant, &request)?;
                session_notes::edit(conn, grant, &note_id, note)
            },
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(saved))
}
