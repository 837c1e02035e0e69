use actix_web::{HttpResponse, get, web};
use evenkeel_domain::api::UserView;
use evenkeel_domain::error::ErrorBody;

use super::run_db;
use crate::accounts::user_view;
use crate::auth::caller::SignedIn;
use crate::db::{DbPool, users};
use crate::error::{AppError, AppResult};

/// The signed-in person. Also open to a person who must still replace their one-time password
/// (`must_change_password`), so the app can tell them what to do.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, body = UserView),
    (status = 401, body = ErrorBody),
))]
#[get("/me")]
pub async fn me(SignedIn(caller): SignedIn, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let user = run_db(&pool, move |conn| {
        users::by_id(conn, &caller.user_id)?
            .filter(|u| u.deactivated_at.is_none())
            .ok_or_else(AppError::session_expired)
    })
    .await?;
    Ok(HttpResponse::Ok().json(user_view(&user)?))
}
