//! Web push: the deployment's VAPID key pair and each person's subscribed devices.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{push_subscriptions, push_vapid_keys};
use super::{DbConn, ignore_duplicate};

/// `Debug` leaves the private key out (see below): nothing secret reaches a log by accident.
#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = push_vapid_keys)]
pub struct VapidKeyRow {
    pub id: i32,
    /// The raw 32-byte P-256 private scalar, base64url without padding.
    pub private_key: String,
    /// The uncompressed public point (65 bytes), base64url without padding.
    pub public_key: String,
    pub created_at: NaiveDateTime,
}

/// The deployment's key pair: `candidate` is stored if no instance stored one before, and the
/// stored pair is returned either way, so instances starting together agree on one pair.
pub fn vapid_key_or_insert(conn: &mut DbConn, candidate: &VapidKeyRow) -> QueryResult<VapidKeyRow> {
    // Not in a transaction: a unique violation (another instance was first) is simply the answer.
    ignore_duplicate(diesel::insert_into(push_vapid_keys::table).values(candidate).execute(conn))?;
    push_vapid_keys::table.find(candidate.id).select(VapidKeyRow::as_select()).first(conn)
}

/// `Debug` leaves the endpoint and keys out: the endpoint's path names the device.
#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = push_subscriptions)]
pub struct SubscriptionRow {
    pub id: String,
    pub user_id: String,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub created_at: NaiveDateTime,
}

/// Stores a device; a replay (same endpoint) keeps one row, now the caller's, with the keys sent.
/// (Diesel's ON CONFLICT does not span both backends: insert, and update on a duplicate endpoint.
/// Not in a transaction, so on PostgreSQL the failed insert aborts nothing.)
pub fn upsert(conn: &mut DbConn, row: &SubscriptionRow) -> QueryResult<SubscriptionRow> {
    if !ignore_duplicate(diesel::insert_into(push_subscriptions::table).values(row).execute(conn))? {
        diesel::update(push_subscriptions::table.filter(push_subscriptions::endpoint.eq(&row.endpoint)))
            .set((
                push_subscriptions::user_id.eq(&row.user_id),
                push_subscriptions::p256dh.eq(&row.p256dh),
                push_subscriptions::auth.eq(&row.auth),
            ))
            .execute(conn)?;
    }
    push_subscriptions::table
        .filter(push_subscriptions::endpoint.eq(&row.endpoint))
        .select(SubscriptionRow::as_select())
        .first(conn)
}

pub fn for_user(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<SubscriptionRow>> {
    push_subscriptions::table
        .filter(push_subscriptions::user_id.eq(user_id))
        .order(push_subscriptions::created_at)
        .select(SubscriptionRow::as_select())
        .load(conn)
}

/// Devices of several people at once (one scheduler batch).
pub fn for_users(conn: &mut DbConn, user_ids: &[String]) -> QueryResult<Vec<SubscriptionRow>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    push_subscriptions::table
        .filter(push_subscriptions::user_id.eq_any(user_ids))
        .select(SubscriptionRow::as_select())
        .load(conn)
}

/// Removes one of the person's devices; `false` when they have none with that id.
pub fn delete_own(conn: &mut DbConn, user_id: &str, id: &str) -> QueryResult<bool> {
    diesel::delete(
        push_subscriptions::table.filter(push_subscriptions::id.eq(id)).filter(push_subscriptions::user_id.eq(user_id)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// The push service said this device is gone (404 or 410).
pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::delete(push_subscriptions::table.find(id)).execute(conn).map(|_| ())
}

pub fn delete_all_for_user(conn: &mut DbConn, user_id: &str) -> QueryResult<()> {
    diesel::delete(push_subscriptions::table.filter(push_subscriptions::user_id.eq(user_id))).execute(conn).map(|_| ())
}

impl std::fmt::Debug for VapidKeyRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VapidKeyRow").field("public_key", &self.public_key).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for SubscriptionRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubscriptionRow").field("id", &self.id).field("user_id", &self.user_id).finish_non_exhaustive()
    }
}
