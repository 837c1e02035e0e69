//! A person's devices with notifications on: subscribing one (at most [`MAX_DEVICES`]),
//! removing one, and listing them to send to. Each is the patient's own (see
//! `access::own_patient_id`).

use evenkeel_domain::error::ErrorCode;

use super::subscription::Subscription;
use crate::access;
use crate::auth::caller::Caller;
use crate::db::push::{self, SubscriptionRow};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

/// Devices one person may have notifications on: every phone and computer they use, with room to
/// spare, and a bound on what one account can make the server send.
pub const MAX_DEVICES: usize = 10;

/// Stores the device; the same device again (its endpoint) keeps its one row.
pub fn subscribe(conn: &mut DbConn, caller: &Caller, device: Subscription) -> AppResult<SubscriptionRow> {
    let me = access::own_patient_id(conn, caller, "POST /api/push/subscriptions")?;
    let devices = push::for_user(conn, &me)?;
    if devices.len() >= MAX_DEVICES && !devices.iter().any(|d| d.endpoint == device.endpoint) {
        // A good request that the devices already stored leave no room for: a conflict, not bad input.
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!(
                "Notifications are on for {MAX_DEVICES} devices already, the most one account keeps. \
                 Turn them off on one you no longer use, then try again."
            ),
        ));
    }
    let row = SubscriptionRow {
        id: db::new_id(),
        user_id: me,
        endpoint: device.endpoint,
        p256dh: device.p256dh,
        auth: device.auth,
        created_at: db::now(),
    };
    Ok(push::upsert(conn, &row)?)
}

pub fn unsubscribe(conn: &mut DbConn, caller: &Caller, id: &str) -> AppResult<()> {
    let me = access::own_patient_id(conn, caller, "DELETE /api/push/subscriptions/{id}")?;
    if push::delete_own(conn, &me, id)? { Ok(()) } else { Err(AppError::not_found()) }
}

/// The caller's devices, for "Send a test"; none is a 400 with what to do.
pub fn to_test(conn: &mut DbConn, caller: &Caller) -> AppResult<Vec<SubscriptionRow>> {
    let me = access::own_patient_id(conn, caller, "POST /api/push/test")?;
    let devices = push::for_user(conn, &me)?;
    if devices.is_empty() {
        return Err(AppError::invalid_input("Notifications aren't turned on for any of your devices yet."));
    }
    Ok(devices)
}
