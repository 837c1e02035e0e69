//! Web push under `/api/push`: the key phones subscribe with, a device's subscription, and a test
//! notification.

use actix_web::{HttpResponse, delete, get, post, web};
use evenkeel_domain::error::ErrorBody;
use evenkeel_domain::reminders::PushSubscriptionRequest;
use serde::Serialize;
use uuid::Uuid;

use super::run_db;
use crate::access::{self, Need};
use crate::auth::caller::Caller;
use crate::db::push::{self, SubscriptionRow};
use crate::db::{self, DbPool};
use crate::error::{AppError, AppResult};
use crate::push::PushService;
use crate::push::scheduler::{after_delivery, notice_for_test};
use crate::push::sender::Outcome;
use crate::push::subscription::Subscription;

#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicKey {
    /// The VAPID application server key: base64url of an uncompressed P-256 point.
    pub public_key: String,
}

/// The key to pass to `pushManager.subscribe({applicationServerKey})`.
#[utoipa::path(tag = "push", responses(
    (status = 200, body = PublicKey),
    (status = 503, body = ErrorBody, description = "Push is turned off on this server"),
))]
#[get("/push/public-key")]
pub async fn push_public_key(push: web::Data<PushService>) -> AppResult<HttpResponse> {
    let key = push.sender()?.vapid().public_key().to_owned();
    Ok(HttpResponse::Ok().json(PublicKey { public_key: key }))
}

/// Devices one person may have notifications on: every phone and computer they use, with room to
/// spare, and a bound on what one account can make the server send.
const MAX_DEVICES: usize = 10;

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
    let row = run_db(&pool, move |conn| {
        let grant = access::require(conn, &caller, &caller.user_id, Need::OwnDiary, "POST /api/push/subscriptions")?;
        let devices = push::for_user(conn, grant.patient_id())?;
        if devices.len() >= MAX_DEVICES && !devices.iter().any(|d| d.endpoint == device.endpoint) {
            return Err(AppError::invalid_input(format!(
                "Notifications are on for {MAX_DEVICES} devices already, the most one account keeps. \
                 Turn them off on one you no longer use, then try again."
            )));
        }
        let row = SubscriptionRow {
            id: db::new_id(),
            user_id: grant.patient_id().to_owned(),
            endpoint: device.endpoint,
            p256dh: device.p256dh,
            auth: device.auth,
            created_at: db::now(),
        };
        Ok(push::upsert(conn, &row)?)
    })
    .await?;
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
    run_db(&pool, move |conn| {
        let grant =
            access::require(conn, &caller, &caller.user_id, Need::OwnDiary, "DELETE /api/push/subscriptions/{id}")?;
        if push::delete_own(conn, grant.patient_id(), &id)? { Ok(()) } else { Err(AppError::not_found()) }
    })
    .await?;
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
    (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 503, body = ErrorBody),
))]
#[post("/push/test")]
pub async fn send_test_push(
    caller: Caller,
    push: web::Data<PushService>,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let sender = push.sender()?.clone();
    let devices = run_db(&pool, move |conn| {
        let grant = access::require(conn, &caller, &caller.user_id, Need::OwnDiary, "POST /api/push/test")?;
        Ok(push::for_user(conn, grant.patient_id())?)
    })
    .await?;
    if devices.is_empty() {
        return Err(AppError::invalid_input("Notifications aren't turned on for any of your devices yet."));
    }
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
