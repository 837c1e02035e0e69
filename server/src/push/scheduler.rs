//! The scheduler every instance runs: each tick it claims the reminders that are due, moves each
//! on to its next time in the same transaction, and only then sends. A reminder is claimed by one
//! instance only (see `db::reminders::lock_due`), so with N instances it fires once.
//!
//! It runs on its own thread and runtime: encrypting a thousand messages, or waiting on a slow
//! push service, never holds up a request to the API.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use evenkeel_domain::reminders::{Due, ReminderKind, due_state};
use tokio::sync::Semaphore;

use super::sender::{Notice, Outcome, Sender};
use crate::db::push::{self, SubscriptionRow};
use crate::db::reminders::{self as reminder_rows, ReminderRow};
use crate::db::{DbConn, DbPool, users};
use crate::error::AppResult;
use crate::reminders::Clock;

/// Reminders claimed per transaction; a tick claims batches until none are left.
const BATCH: i64 = 200;
/// Messages in flight at once from one instance.
const IN_FLIGHT: usize = 64;

/// One claimed reminder, ready to go to every device of its person.
struct Claimed {
    kind: ReminderKind,
    send: bool,
    devices: Vec<SubscriptionRow>,
}

/// Starts the scheduler thread.
pub fn start(pool: DbPool, sender: Arc<Sender>, tick: Duration) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    std::thread::Builder::new().name("push-scheduler".into()).spawn(move || {
        runtime.block_on(async move {
            let limit = Arc::new(Semaphore::new(IN_FLIGHT));
            let mut ticks = tokio::time::interval_at(next_boundary(tick), tick);
            // After a slow tick, the next one keeps to the clock's boundaries.
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                ticks.tick().await;
                if let Err(e) = run_once(&pool, &sender, &limit).await {
                    tracing::warn!(error = %e, "push scheduler: this tick failed; the next one will try again");
                }
            }
        });
    })?;
    Ok(())
}

/// The next multiple of `tick` since the Unix epoch: a reminder set for 20:00 fires at 20:00:00,
/// not some seconds later, and every instance ticks at the same moment (the claim's locking, not
/// luck in timing, keeps each reminder to one instance).
fn next_boundary(tick: Duration) -> tokio::time::Instant {
    let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let tick_ms = tick.as_millis().max(1);
    let wait_ms = tick_ms - since_epoch.as_millis() % tick_ms;
    tokio::time::Instant::now() + Duration::from_millis(u64::try_from(wait_ms).unwrap_or(0))
}

/// Claims everything due now and starts sending it.
async fn run_once(pool: &DbPool, sender: &Arc<Sender>, limit: &Arc<Semaphore>) -> anyhow::Result<()> {
    loop {
        let claiming = pool.clone();
        let (locked, claimed) = tokio::task::spawn_blocking(move || -> AppResult<(usize, Vec<Claimed>)> {
            let mut conn = claiming.get()?;
            claim(&mut conn)
        })
        .await?
        .map_err(|e| anyhow::anyhow!("claiming due reminders: {e}"))?;
        let count = claimed.len();
        let (mut sending, mut skipped) = (0, 0);
        for reminder in claimed {
            if !reminder.send {
                skipped += 1;
                continue;
            }
            let notice = notice(reminder.kind);
            for device in reminder.devices {
                sending += 1;
                let permit = limit.clone().acquire_owned().await?;
                let (sender, notice, pool) = (sender.clone(), notice.clone(), pool.clone());
                tokio::spawn(async move {
                    let outcome = sender.deliver(&device, &notice).await;
                    drop(permit);
                    after_delivery(&pool, &device, outcome).await;
                });
            }
        }
        if count > 0 {
            tracing::info!(reminders = count, messages = sending, too_late = skipped, "push scheduler: reminders due");
        }
        // A full batch means more may be waiting.
        if locked < BATCH as usize {
            return Ok(());
        }
    }
}

/// A device the push service no longer knows is removed; outcomes are counted in the log.
pub async fn after_delivery(pool: &DbPool, device: &SubscriptionRow, outcome: Outcome) {
    match outcome {
        Outcome::Delivered => tracing::debug!("push delivered"),
        Outcome::Failed => tracing::info!("push not delivered after retries"),
        Outcome::Gone => {
            let (pool, id) = (pool.clone(), device.id.clone());
            let removed = tokio::task::spawn_blocking(move || -> AppResult<()> {
                let mut conn = pool.get()?;
                Ok(push::delete(&mut conn, &id)?)
            })
            .await;
            if matches!(removed, Ok(Ok(()))) {
                tracing::info!("push service says a device unsubscribed; removed it");
            } else {
                tracing::warn!("could not remove a subscription the push service says is gone");
            }
        }
    }
}

/// The notification for a kind: its words and link, how long the push service may keep it, and
/// a topic so a newer one of the same kind replaces one still waiting.
pub fn notice(kind: ReminderKind) -> Notice {
    let spec = kind.spec();
    let payload = serde_json::to_vec(&kind.payload()).unwrap_or_default();
    let urgency = match spec.urgency {
        evenkeel_domain::reminders::Urgency::VeryLow => web_push::Urgency::VeryLow,
        evenkeel_domain::reminders::Urgency::Low => web_push::Urgency::Low,
        evenkeel_domain::reminders::Urgency::Normal => web_push::Urgency::Normal,
        evenkeel_domain::reminders::Urgency::High => web_push::Urgency::High,
    };
    Notice { payload, ttl: spec.ttl_seconds, urgency, topic: Some(spec.name.replace('_', "-")) }
}

/// One transaction: lock a batch of due reminders, move each to its next time, and read the
/// devices to send to. A reminder more than 30 minutes late (every instance was down) is moved on
/// without sending; the app's catch-up line mentions it.
/// Answers how many rows it locked, and the reminders to send.
fn claim(conn: &mut DbConn) -> AppResult<(usize, Vec<Claimed>)> {
    crate::db::write_transaction(conn, |conn| {
        let now = Utc::now();
        let due = reminder_rows::lock_due(conn, now.naive_utc(), BATCH)?;
        let locked = due.len();
        if due.is_empty() {
            return Ok((0, Vec::new()));
        }
        let people: Vec<String> = due.iter().map(|r| r.user_id.clone()).collect();
        let zones: HashMap<String, String> =
            users::by_ids(conn, &people)?.into_iter().map(|u| (u.id, u.time_zone)).collect();
        let settings: HashMap<String, _> =
            reminder_rows::settings_for(conn, &people)?.into_iter().map(|s| (s.user_id.clone(), s)).collect();
        let mut devices: HashMap<String, Vec<SubscriptionRow>> = HashMap::new();
        for d in push::for_users(conn, &people)? {
            devices.entry(d.user_id.clone()).or_default().push(d);
        }
        let mut out = Vec::with_capacity(due.len());
        for row in due {
            let Some(due_at) = row.next_fire_at else { continue };
            let clock = Clock::of(zones.get(&row.user_id).map_or("UTC", String::as_str), settings.get(&row.user_id));
            let next = clock.next(&row, now);
            reminder_rows::advance(conn, &row.id, next, due_at)?;
            if let Some(c) = claimed(&row, due_state(due_at.and_utc(), now) == Due::Send, &devices) {
                out.push(c);
            }
        }
        Ok((locked, out))
    })
}

fn claimed(row: &ReminderRow, send: bool, devices: &HashMap<String, Vec<SubscriptionRow>>) -> Option<Claimed> {
    Some(Claimed {
        kind: ReminderKind::parse(&row.kind).ok()?,
        send,
        devices: devices.get(&row.user_id).cloned().unwrap_or_default(),
    })
}

/// "Send a test": what a reminder will look like, with no kind of its own.
pub fn notice_for_test() -> Notice {
    let payload = serde_json::json!({
        "title": "Even Keel",
        "body": "Notifications are working. Reminders will look like this.",
        "url": "/reminders",
        "kind": "test",
    });
    Notice { payload: payload.to_string().into_bytes(), ttl: 600, urgency: web_push::Urgency::Normal, topic: None }
}
