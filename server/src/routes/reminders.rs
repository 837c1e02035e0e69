//! A patient's reminders under `/api/reminders`: the list, adding, changing, pausing and deleting
//! one, quiet hours and time zone, and the reminders that came due while the app was closed.

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, Utc};
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::reminders::{MissedReminder, ReminderPatch, ReminderRequest, ReminderSettings, ReminderView};
use serde::Deserialize;
use uuid::Uuid;

use super::run_db;
use crate::auth::caller::Caller;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::reminders;

/// The caller's reminders, in time order.
#[utoipa::path(tag = "reminders", security(("bearer" = [])), responses(
    (status = 200, body = Vec<ReminderView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
))]
#[get("/reminders")]
pub async fn list_reminders(caller: Caller, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let list = run_db(&pool, move |conn| reminders::list(conn, &caller)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Add a reminder: a kind, a local time (`HH:MM`), weekdays (1 = Monday … 7 = Sunday), and for a
/// dose the medicine it is for. Its next time is worked out in the patient's time zone.
#[utoipa::path(tag = "reminders", security(("bearer" = [])), request_body = ReminderRequest, responses(
    (status = 201, body = ReminderView),
    (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody, description = "The medicine isn't in the patient's list"),
    (status = 409, body = ErrorBody, description = "The patient has the most reminders the app keeps"),
))]
#[post("/reminders")]
pub async fn add_reminder(
    caller: Caller,
    body: web::Json<ReminderRequest>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let request = body.into_inner();
    let made = run_db(&pool, move |conn| reminders::create(conn, &caller, &request)).await?;
    Ok(HttpResponse::Created().json(made))
}

/// Change, pause (`{"paused": true}`) or restart a reminder; absent fields stay as they are.
#[utoipa::path(tag = "reminders", security(("bearer" = [])), request_body = ReminderPatch,
    params(("id" = Uuid, Path, description = "The reminder")),
    responses(
        (status = 200, body = ReminderView),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such reminder, or the medicine isn't in the patient's list"),
        (status = 409, body = ErrorBody, description = "The change doesn't fit the reminder as stored: a dose reminder with no medicine, or a medicine on another kind"),
    ))]
#[patch("/reminders/{id}")]
pub async fn edit_reminder(
    caller: Caller,
    path: web::Path<Uuid>,
    body: web::Json<ReminderPatch>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let (id, patch) = (path.into_inner(), body.into_inner());
    let changed = run_db(&pool, move |conn| reminders::update(conn, &caller, &id, &patch)).await?;
    Ok(HttpResponse::Ok().json(changed))
}

#[utoipa::path(tag = "reminders", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The reminder")),
    responses(
        (status = 204, description = "Deleted"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[delete("/reminders/{id}")]
pub async fn delete_reminder(
    caller: Caller,
    path: web::Path<Uuid>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    run_db(&pool, move |conn| reminders::delete(conn, &caller, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's time zone and quiet hours (default 22:00–07:00).
#[utoipa::path(tag = "reminders", security(("bearer" = [])), responses(
    (status = 200, body = ReminderSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
))]
#[get("/reminders/settings")]
pub async fn reminder_settings(caller: Caller, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let settings = run_db(&pool, move |conn| reminders::settings(conn, &caller)).await?;
    Ok(HttpResponse::Ok().json(settings))
}

/// Change the time zone (an IANA name such as `Europe/London`) and quiet hours; every reminder's
/// next time is worked out again.
#[utoipa::path(tag = "reminders", security(("bearer" = [])), request_body = ReminderSettings, responses(
    (status = 200, body = ReminderSettings),
    (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
))]
#[put("/reminders/settings")]
pub async fn save_reminder_settings(
    caller: Caller,
    body: web::Json<ReminderSettings>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let wanted = body.into_inner();
    let saved = run_db(&pool, move |conn| reminders::save_settings(conn, &caller, &wanted)).await?;
    Ok(HttpResponse::Ok().json(saved))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MissedQuery {
    /// When the app was last open (RFC 3339); at most a day back is looked at.
    pub since: DateTime<Utc>,
}

/// Reminders that came due after `since`: the app shows "You had a reminder at 20:00 to …" for
/// each instead of a pile of notifications.
#[utoipa::path(tag = "reminders", security(("bearer" = [])), params(MissedQuery), responses(
    (status = 200, body = Vec<MissedReminder>),
    (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
))]
#[get("/reminders/missed")]
pub async fn missed_reminders(
    caller: Caller,
    query: web::Query<MissedQuery>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let since = query.into_inner().since;
    let missed = run_db(&pool, move |conn| reminders::missed(conn, &caller, since)).await?;
    Ok(HttpResponse::Ok().json(missed))
}
