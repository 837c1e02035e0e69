//! Web push under `/api/push`: the key phones subscribe with, a device's subscription, and a test
//! notification.

use actix_web::{HttpResponse, delete, get, post, web};
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::reminders::PushSubscriptionRequest;
use serde::Serialize;
use uuid::Uuid;

use super::run_db;
use crate::auth::caller::Caller;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::push::scheduler::{after_delivery, notice_for_test};
use crate::push::sender::Outcome;
use crate::push::subscription::Subscription;
use crate::push::{PushService, devices};

#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicKey {
    /// The VAPID application server key: base64url of an uncompressed P-256 point.
    pub public_key: String,
}

/// The key to pass to `pushManager.subscribe({applicationServerKey})`.
#[utoipa::path(tag = "push", responses(
    (status = 200, body = PublicKey),
    (status = 404, body = ErrorBody, description = "Push is turned off on this server (`push_off`)"),
))]
#[get("/push/public-key")]
pub async fn push_public_key(push: web::Data<PushService>) -> AppResult<HttpResponse> {
    let key = push.sender()?.vapid().public_key().to_owned();
    Ok(HttpResponse::Ok().json(PublicKey { public_key: key }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SubscriptionView {
    /// Keep it to remove this device later (`DELETE /api/push/subscriptions/{id}`).
    pub id: Uuid,
}

/// Turn notifications on for this device: the browser's `PushSubscription.toJSON()`. Sending the
/// same subscription again changes nothing.
#[utoipa::path(tag = "push", security(("bearer" = [])), request_body = PushSubscriptionRequest, responses(
    (status = 200, body = SubscriptionView),
    (status = 400, body = ErrorBody, description = "Not an https endpoint, or keys that are not a P-256 point and a 16-byte secret"),
    (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 409, body = ErrorBody, description = "Notifications are on for the most devices one account keeps"),
))]
#[post("/push/subscriptions")]
pub async fn add_push_subscription(
    caller: Caller,
    body: web::Json<PushSubscriptionRequest>,
    push: web::Data<PushService>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let device =
        Subscription::parse(&body, push.allow_localhost).map_err(|e| AppError::invalid_input(e.to_string()))?;
    let row = run_db(&pool, move |conn| devices::subscribe(conn, &caller, device)).await?;
    let id = row.id.parse().map_err(AppError::internal)?;
    Ok(HttpResponse::Ok().json(SubscriptionView { id }))
}

/// Turn notifications off for one device (the app does this when someone signs out).
#[utoipa::path(tag = "push", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The subscription")),
    responses(
        (status = 204, description = "Removed"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ))]
#[delete("/push/subscriptions/{id}")]
pub async fn delete_push_subscription(
    caller: Caller,
    path: web::Path<Uuid>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner().to_string();
    run_db(&pool, move |conn| devices::unsubscribe(conn, &caller, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TestResult {
    /// Devices the push service accepted the test for.
    pub sent: usize,
    /// Devices the push service no longer knows (now removed).
    pub removed: usize,
    /// Devices it could not reach.
    pub failed: usize,
}

/// Send one test notification to each of the caller's devices now.
#[utoipa::path(tag = "push", security(("bearer" = [])), responses(
    (status = 200, body = TestResult),
    (status = 400, body = ErrorBody, description = "No device has notifications turned on"),
    (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody, description = "Push is turned off on this server (`push_off`)"),
))]
#[post("/push/test")]
pub async fn send_test_push(
    caller: Caller,
    push: web::Data<PushService>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let sender = push.sender()?.clone();
    let devices = run_db(&pool, move |conn| devices::to_test(conn, &caller)).await?;
    let notice = notice_for_test();
    let outcomes = futures_util::future::join_all(devices.iter().map(|d| sender.deliver(d, &notice))).await;
    let pool = pool.get_ref().clone();
    for (device, outcome) in devices.iter().zip(&outcomes) {
        after_delivery(&pool, device, *outcome).await;
    }
    let count = |o: Outcome| outcomes.iter().filter(|x| **x == o).count();
    Ok(HttpResponse::Ok().json(TestResult {
        sent: count(Outcome::Delivered),
        removed: count(Outcome::Gone),
        failed: count(Outcome::Failed),
    }))
}
