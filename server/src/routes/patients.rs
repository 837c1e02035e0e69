//! Another person's diary — or your own — under `/api/patients/{patient_id}/…`. Every handler here
//! goes through the gate (`access::with_grant`) and declares the scope it needs in the OpenAPI
//! document as `x-scope` (a scope name, or `by-kind` when the `kind` parameter decides), which the
//! authorization-matrix test reads.

use actix_web::{HttpResponse, get, post, web};
use evenkeel_domain::EntryKind;
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::sharing::{EntryView, NewNoteRequest, NoteView, Scope};
use serde::Deserialize;
use uuid::Uuid;

use super::run_db;
use crate::access::{self, Need};
use crate::auth::caller::Caller;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::{notes, shared_diary};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntriesQuery {
    /// Which kind of entry; the scope needed follows from it (medication and dose → `doses`).
    pub kind: EntryKind,
    /// Start (RFC 3339 time or `YYYY-MM-DD`); default 28 days before `to`.
    #[param(value_type = Option<DateOrTime>, inline)]
    pub from: Option<String>,
    /// End (RFC 3339 time, or `YYYY-MM-DD` for the end of that day); default now. After `from`,
    /// and at most a year after it unless `kind` is `medication`.
    #[param(value_type = Option<DateOrTime>, inline)]
    pub to: Option<String>,
}

/// A bound as `shared_diary::parse_time` reads it: an RFC 3339 time or a `YYYY-MM-DD` date.
pub struct DateOrTime;

impl utoipa::PartialSchema for DateOrTime {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{AnyOfBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
        let string =
            |format| ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::KnownFormat(format)));
        AnyOfBuilder::new().item(string(KnownFormat::DateTime)).item(string(KnownFormat::Date)).into()
    }
}

impl utoipa::ToSchema for DateOrTime {}

/// A patient's live diary entries of one kind, for the patient or a linked carer or worker holding
/// the kind's scope. Reads by others are written to the patient's audit log. `from`/`to` default to
/// the last 28 days and may span at most a year (367 days; medicines excepted): longer histories
/// are read a year at a time.
#[utoipa::path(tag = "sharing", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient"), EntriesQuery),
    extensions(("x-scope" = json!("by-kind"))),
    responses(
        (status = 200, body = Vec<EntryView>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Linked, but this is not shared (or the link is not active)"),
        (status = 404, body = ErrorBody, description = "No such patient, or no link to them"),
    ))]
#[get("/patients/{patient_id}/entries")]
pub async fn patient_entries(
    caller: Caller,
    path: web::Path<Uuid>,
    query: web::Query<EntriesQuery>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let query = query.into_inner();
    let range = shared_diary::parse_range(query.kind, query.from.as_deref(), query.to.as_deref())?;
    let need = Need::Read(Scope::for_kind(query.kind));
    let entries = run_db(&pool, move |conn| {
        access::with_grant(conn, &caller, &patient_id, need, "GET /api/patients/{patient_id}/entries", |conn, grant| {
            shared_diary::entries_of_kind(conn, grant, query.kind, range)
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(entries))
}

/// Notes about a patient, newest first, each with its author's name.
#[utoipa::path(tag = "sharing", security(("bearer" = [])),
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("notes"))),
    responses(
        (status = 200, body = Vec<NoteView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[get("/patients/{patient_id}/notes")]
pub async fn patient_notes(caller: Caller, path: web::Path<Uuid>, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let notes = run_db(&pool, move |conn| {
        access::with_grant(
            conn,
            &caller,
            &patient_id,
            Need::Read(Scope::Notes),
            "GET /api/patients/{patient_id}/notes",
            notes::list,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(notes))
}

/// Add an observation about a patient (up to 2000 characters), as a linked carer or worker holding
/// `notes`, or as the patient.
#[utoipa::path(tag = "sharing", security(("bearer" = [])), request_body = NewNoteRequest,
    params(("patient_id" = Uuid, Path, description = "The patient")),
    extensions(("x-scope" = json!("notes"))),
    responses(
        (status = 201, body = NoteView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[post("/patients/{patient_id}/notes")]
pub async fn add_patient_note(
    caller: Caller,
    path: web::Path<Uuid>,
    body: web::Json<NewNoteRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let patient_id = path.into_inner().to_string();
    let text = notes::parse_text(&body.text)?;
    let note = run_db(&pool, move |conn| {
        access::with_grant(
            conn,
            &caller,
            &patient_id,
            Need::Write(Scope::Notes),
            "POST /api/patients/{patient_id}/notes",
            |conn, grant| notes::add(conn, grant, text),
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(note))
}
