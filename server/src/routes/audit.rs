use actix_web::{HttpResponse, get, web};
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::sharing::AuditPage;
use serde::Deserialize;

use super::run_db;
use crate::audit::{self, Cursor};
use crate::auth::caller::Caller;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// The `next_before` of the previous page; the newest rows when absent. (Its shape is that of
    /// `audit::Cursor`, so any marker of that shape is a place in the log to start from.)
    #[param(pattern = r"^-?[0-9]{1,18}\.[0-9A-Za-z-]{1,64}$")]
    before: Option<String>,
    /// Rows per page, 1 to 500 (100 when absent).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
}

/// For a patient: who looked at or added to their diary (name, relation, what they read, when),
/// newest first, a page at a time.
#[utoipa::path(tag = "sharing", security(("bearer" = [])), params(AuditQuery), responses(
    (status = 200, body = AuditPage),
    (status = 400, body = ErrorBody, description = "A page marker this server did not give out, or a `limit` outside 1 to 500"),
    (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
))]
#[get("/audit")]
pub async fn my_audit(
    caller: Caller,
    query: web::Query<AuditQuery>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let before = query.before.as_deref().map(Cursor::parse).transpose()?;
    let size = query.limit.unwrap_or(audit::PAGE);
    // Refused rather than clamped: the document says 1 to 500, and a client asking for 0 or 10,000
    // rows has a bug to hear about.
    if !(1..=audit::MAX_PAGE).contains(&size) {
        return Err(AppError::invalid_input(format!("Please ask for 1 to {} rows at a time.", audit::MAX_PAGE)));
    }
    let page = run_db(&pool, move |conn| audit::my_audit(conn, &caller, before.as_ref(), size)).await?;
    Ok(HttpResponse::Ok().json(page))
}
