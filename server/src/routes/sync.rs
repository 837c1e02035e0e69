use actix_web::{HttpResponse, post, web};
use evenkeel_domain::diary::MAX_CHANGES_PER_SYNC;
use evenkeel_domain::error::{ErrorBody, ErrorCode};
use evenkeel_domain::{SyncRequest, SyncResponse};
use serde::Deserialize;
use serde_json::Value;

use crate::access::{self, Need};
use crate::auth::caller::Caller;
use crate::auth::rate_limit::SyncLimits;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::{sync, timing};
use actix_web::http::header::ContentType;
use std::time::Instant;

/// The body as it arrives: changes stay raw JSON so one malformed change is rejected on its own
/// instead of failing the batch.
#[derive(Deserialize)]
pub struct RawSyncRequest {
    #[serde(default)]
    cursor: Option<i64>,
    #[serde(default)]
    changes: Vec<Value>,
}

/// Send the phone's waiting changes; receive everything that changed since `cursor`.
#[utoipa::path(tag = "diary", request_body = SyncRequest, security(("bearer" = [])), responses(
    (status = 200, body = SyncResponse),
    (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 413, body = ErrorBody), (status = 429, body = ErrorBody),
))]
#[post("/sync")]
pub async fn sync_diary(
    caller: Caller,
    body: web::Json<RawSyncRequest>,
    pool: web::Data<DbPool>,
    limits: web::Data<SyncLimits>,
) -> AppResult<HttpResponse> {
    let patient_id = caller.user_id.clone();
    if !limits.per_account.allow(&patient_id) {
        return Err(AppError::new(
            ErrorCode::TooManyRequests,
            "Your phone is syncing very often. It will try again in a minute; nothing is lost.",
        ));
    }
    let body = body.into_inner();
    if body.changes.len() > MAX_CHANGES_PER_SYNC {
        return Err(AppError::new(
            ErrorCode::PayloadTooLarge,
            format!("Please send at most {MAX_CHANGES_PER_SYNC} changes at once; the rest can follow."),
        ));
    }
    let incoming = body
        .changes
        .into_iter()
        .map(sync::parse_incoming)
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| AppError::invalid_input("Every change needs an \"id\" that is a UUID."))?;
    let cursor = body.cursor.unwrap_or(0).max(0);
    let asked = Instant::now();
    let (response, mut phases) = web::block(move || {
        let waited = asked.elapsed();
        let (response, mut phases) = timing::recorded(|| -> AppResult<SyncResponse> {
            let mut conn = timing::phase("pool", || pool.get())?;
            access::with_grant(&mut conn, &caller, &patient_id, Need::OwnDiary, "POST /api/sync", |conn, grant| {
                sync::sync(conn, grant, cursor, incoming)
            })
        });
        // Waiting for a blocking thread comes first, though it is known only once one runs.
        phases.add("queue", waited);
        (response, phases)
    })
    .await
    .map_err(AppError::from)?;
    let response = response?;
    let json = Instant::now();
    let body = serde_json::to_vec(&response).map_err(AppError::internal)?;
    phases.add("json", json.elapsed());
    let mut answer = HttpResponse::Ok();
    if timing::enabled() {
        answer.insert_header(("server-timing", phases.header_value()));
    }
    Ok(answer.content_type(ContentType::json()).body(body))
}
