use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;
use evenkeel_domain::api::Health;
use evenkeel_domain::error::ErrorBody;

use super::run_db;
use crate::db::DbPool;
use crate::error::AppResult;

/// Is the server up, and can it reach its database?
#[utoipa::path(tag = "system", responses(
    (status = 200, body = Health),
    (status = 503, body = ErrorBody, description = "The database cannot be reached"),
))]
#[get("/health")]
pub async fn health(pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let backend = run_db(&pool, |conn| {
        conn.batch_execute("SELECT 1")?;
        Ok(match conn {
            crate::db::DbConn::Sqlite(_) => "sqlite",
            crate::db::DbConn::Postgres(_) => "postgres",
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(Health { status: "ok".into(), database: backend.into() }))
}
