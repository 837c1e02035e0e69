//! Practice admins manage project worker accounts: create one (with a one-time password) and
//! deactivate one. Admins see no health data: nothing here reads a diary.

use evenkeel_domain::api::Role;
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::sharing::{CreateWorkerRequest, CreatedWorker};

use crate::access::active_user;
use crate::accounts::{create_staff, user_view};
use crate::auth::caller::Caller;
use crate::auth::password::Turn;
use crate::db::{self, DbConn, care_links, refresh_tokens, users};
use crate::error::{AppError, AppResult};

fn require_admin(conn: &mut DbConn, caller: &Caller) -> AppResult<()> {
    let user = active_user(conn, caller)?;
    if user.role == Role::Admin.as_str() {
        Ok(())
    } else {
        Err(AppError::new(ErrorCode::Forbidden, "Only practice admins can manage worker accounts."))
    }
}

pub fn create_worker(
    conn: &mut DbConn,
    turn: &Turn,
    caller: &Caller,
    req: &CreateWorkerRequest,
) -> AppResult<CreatedWorker> {
    require_admin(conn, caller)?;
    let (user, one_time) = create_staff(conn, turn, &req.email, &req.display_name, Role::Worker)?;
    Ok(CreatedWorker { user: user_view(&user)?, one_time_password: one_time })
}

/// Deactivates a worker: sign-in and refresh are refused, their access token stops working on the
/// next request (every gate checks), and their care links are revoked so their patients see it.
pub fn deactivate_worker(conn: &mut DbConn, caller: &Caller, worker_id: &str) -> AppResult<()> {
    require_admin(conn, caller)?;
    let worker = users::by_id(conn, worker_id)?;
    deactivate(conn, worker)
}

/// The same from the command line (`evenkeel admin deactivate-worker --email …`), for the practice.
pub fn deactivate_worker_by_email(conn: &mut DbConn, email: &str) -> AppResult<()> {
    let worker = users::by_email(conn, &email.trim().to_lowercase())?;
    deactivate(conn, worker)
}

fn deactivate(conn: &mut DbConn, worker: Option<users::User>) -> AppResult<()> {
    let worker = worker
        .filter(|u| u.role == Role::Worker.as_str())
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, "We couldn't find that worker account."))?;
    crate::db::write_transaction(conn, |conn| {
        let now = db::now();
        users::deactivate(conn, &worker.id, now)?;
        refresh_tokens::revoke_all_for_user(conn, &worker.id, now)?;
        care_links::revoke_all_involving(conn, &worker.id, now)?;
        Ok(())
    })
}
