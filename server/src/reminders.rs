//! A patient's reminders: what they set (kind, local time, weekdays), their quiet hours and time
//! zone, and when each reminder next fires in UTC. Only the patient reads or changes them: every
//! call goes through the gate as `Need::OwnDiary` on the caller's own id. The note a patient writes
//! on a reminder stays on the phone; nothing here ever sees it.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::reminders::{
    LocalTime, MissedReminder, QuietHours, ReminderError, ReminderKind, ReminderPatch, ReminderRequest,
    ReminderSettings, ReminderView, Weekdays, next_fire,
};
use uuid::Uuid;

use crate::access;
use crate::auth::caller::Caller;
use crate::db::reminders::{self, ReminderRow, SettingsRow};
use crate::db::{self, DbConn, entries, users};
use crate::error::{AppError, AppResult};

/// The most reminders one person keeps: far more than a day needs, and a bound on what one
/// account can make the scheduler send.
pub const MAX_REMINDERS: i64 = 50;

/// How far back the app's "You had a reminder at …" lines look.
pub const MISSED_WINDOW_HOURS: i64 = 24;

impl From<ReminderError> for AppError {
    fn from(e: ReminderError) -> Self {
        AppError::invalid_input(e.to_string())
    }
}

/// Where and when a person's reminders fire.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub zone: Tz,
    pub quiet: QuietHours,
}

impl Clock {
    pub fn of(time_zone: &str, settings: Option<&SettingsRow>) -> Self {
        let quiet = settings
            .and_then(|s| {
                Some(QuietHours {
                    start: LocalTime::parse(&s.quiet_start).ok()?,
                    end: LocalTime::parse(&s.quiet_end).ok()?,
                })
            })
            .unwrap_or_default();
        Self { zone: crate::zones::of(time_zone), quiet }
    }

    /// When `row` next fires after `after`; `None` while it is paused.
    pub fn next(&self, row: &ReminderRow, after: DateTime<Utc>) -> Option<NaiveDateTime> {
        if row.paused {
            return None;
        }
        let request = request_of(row).ok()?;
        let exempt = request.kind.spec().quiet_exempt;
        next_fire(&self.zone, request.local_time, request.weekdays, self.quiet, exempt, after).map(|t| t.naive_utc())
    }
}

fn clock_for(conn: &mut DbConn, user_id: &str) -> AppResult<(Clock, String)> {
    let user = users::by_id(conn, user_id)?.ok_or_else(AppError::session_expired)?;
    let settings = reminders::settings(conn, user_id)?;
    Ok((Clock::of(&user.time_zone, settings.as_ref()), user.time_zone))
}

fn request_of(row: &ReminderRow) -> Result<ReminderRequest, ReminderError> {
    Ok(ReminderRequest {
        kind: ReminderKind::parse(&row.kind)?,
        local_time: LocalTime::parse(&row.local_time)?,
        weekdays: u8::try_from(row.weekdays).ok().and_then(Weekdays::from_bits).ok_or(ReminderError::NoWeekdays)?,
        medication_id: row.medication_id.as_deref().and_then(|m| m.parse().ok()),
        paused: row.paused,
    })
}

fn view(row: &ReminderRow, time_zone: &str) -> AppResult<ReminderView> {
    let r = request_of(row).map_err(|e| AppError::internal(anyhow::anyhow!("stored reminder {}: {e}", row.id)))?;
    Ok(ReminderView {
        id: row.id.parse().map_err(|e| AppError::internal(anyhow::anyhow!("reminder id: {e}")))?,
        kind: r.kind,
        local_time: r.local_time,
        weekdays: r.weekdays,
        medication_id: r.medication_id,
        paused: r.paused,
        next_fire_at: row.next_fire_at.map(|t| t.and_utc()),
        time_zone: time_zone.to_owned(),
    })
}

/// Why a patch can't be applied. A patch that names a kind other than `dose` and a medicine is
/// wrong in itself (400); any other medicine mismatch is with the stored reminder (a dose reminder
/// made without naming its medicine, a medicine for a reminder that isn't a dose), so 409.
fn patch_refused(patch: &ReminderPatch, e: ReminderError) -> AppError {
    let wrong_in_itself = patch.kind.is_some_and(|k| k != ReminderKind::Dose) && patch.medication_id.is_some();
    match e {
        ReminderError::DoseNeedsMedicine | ReminderError::MedicineOnlyForDose if !wrong_in_itself => {
            AppError::new(ErrorCode::Conflict, e.to_string())
        }
        e => e.into(),
    }
}

/// A dose reminder names one of the patient's own medicines, still in their list.
fn check_medicine(conn: &mut DbConn, grant: &access::Grant, request: &ReminderRequest) -> AppResult<()> {
    let Some(id) = request.medication_id else { return Ok(()) };
    let id = id.to_string();
    if entries::live_medicines(conn, grant.patient())?.iter().any(|m| m.id == id) {
        Ok(())
    } else {
        // The request is well formed; what it points to isn't there.
        Err(AppError::new(
            ErrorCode::NotFound,
            "That medicine isn't in your list. Add it under Medicines first, then choose it here.",
        ))
    }
}

fn write_request(row: &mut ReminderRow, r: &ReminderRequest) {
    row.kind = r.kind.as_str().to_owned();
    row.local_time = r.local_time.to_string();
    row.weekdays = i32::from(r.weekdays.bits());
    row.medication_id = r.medication_id.map(|m| m.to_string());
    row.paused = r.paused;
}

pub fn list(conn: &mut DbConn, caller: &Caller) -> AppResult<Vec<ReminderView>> {
    let me = access::own_patient_id(conn, caller, "GET /api/reminders")?;
    let (_, zone) = clock_for(conn, &me)?;
    reminders::for_user(conn, &me)?.iter().map(|r| view(r, &zone)).collect()
}

pub fn create(conn: &mut DbConn, caller: &Caller, request: &ReminderRequest) -> AppResult<ReminderView> {
    request.validate()?;
    let grant = access::own_patient(conn, caller, "POST /api/reminders")?;
    check_medicine(conn, &grant, request)?;
    let me = grant.patient_id();
    if reminders::count_for(conn, me)? >= MAX_REMINDERS {
        // Not the request's fault but the list's: a conflict with what is stored.
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!("You have {MAX_REMINDERS} reminders, the most the app keeps. Delete one to add another."),
        ));
    }
    let (clock, zone) = clock_for(conn, me)?;
    let now = db::now();
    let mut row = ReminderRow {
        id: db::new_id(),
        user_id: me.to_owned(),
        kind: String::new(),
        local_time: String::new(),
        weekdays: 0,
        medication_id: None,
        paused: false,
        next_fire_at: None,
        last_due_at: None,
        created_at: now,
        updated_at: now,
    };
    write_request(&mut row, request);
    row.next_fire_at = clock.next(&row, Utc::now());
    reminders::insert(conn, &row)?;
    view(&row, &zone)
}

fn not_found() -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        "That reminder isn't there any more. It may have been deleted on another device.",
    )
}

/// Changes a reminder. The row is locked first, so a change made as the reminder comes due never
/// puts back a time the scheduler has just claimed (which would send it twice).
pub fn update(conn: &mut DbConn, caller: &Caller, id: &Uuid, patch: &ReminderPatch) -> AppResult<ReminderView> {
    let grant = access::own_patient(conn, caller, "PATCH /api/reminders/{id}")?;
    let me = grant.patient_id();
    let (clock, zone) = clock_for(conn, me)?;
    crate::db::write_transaction(conn, |conn| {
        let mut row = reminders::lock_own(conn, me, Some(&id.to_string()))?.pop().ok_or_else(not_found)?;
        let current = request_of(&row).map_err(|e| AppError::internal(anyhow::anyhow!("stored reminder: {e}")))?;
        let next = patch.apply(&current).map_err(|e| patch_refused(patch, e))?;
        // Only a medicine chosen now is checked (a change to a dose reminder must name one):
        // pausing a reminder for a medicine since stopped must still work.
        if patch.medication_id.is_some() {
            check_medicine(conn, &grant, &next)?;
        }
        write_request(&mut row, &next);
        row.next_fire_at = clock.next(&row, after_last_due(&row));
        row.updated_at = db::now();
        reminders::save(conn, &row)?;
        view(&row, &zone)
    })
}

/// Now, or the moment it last came due if that is later (another instance's clock may run
/// ahead): a time already claimed is never handed out again.
fn after_last_due(row: &ReminderRow) -> DateTime<Utc> {
    row.last_due_at.map_or_else(Utc::now, |due| Utc::now().max(due.and_utc()))
}

pub fn delete(conn: &mut DbConn, caller: &Caller, id: &Uuid) -> AppResult<()> {
    let me = access::own_patient_id(conn, caller, "DELETE /api/reminders/{id}")?;
    if reminders::delete_own(conn, &me, &id.to_string())? { Ok(()) } else { Err(not_found()) }
}

pub fn settings(conn: &mut DbConn, caller: &Caller) -> AppResult<ReminderSettings> {
    let me = access::own_patient_id(conn, caller, "GET /api/reminders/settings")?;
    let (clock, zone) = clock_for(conn, &me)?;
    Ok(ReminderSettings { time_zone: zone, quiet_hours: clock.quiet })
}

/// Changes the person's time zone and quiet hours, and works out every reminder's next time again.
pub fn save_settings(conn: &mut DbConn, caller: &Caller, wanted: &ReminderSettings) -> AppResult<ReminderSettings> {
    let zone = crate::zones::checked(&wanted.time_zone)?;
    let me = access::own_patient_id(conn, caller, "PUT /api/reminders/settings")?;
    // Begins with a write, so SQLite holds its write lock for the whole change; the reminders
    // are locked before they are read, as in `update`.
    crate::db::write_transaction(conn, |conn| {
        let now = db::now();
        users::set_time_zone(conn, &me, zone.as_str(), now)?;
        let row = SettingsRow {
            user_id: me.clone(),
            quiet_start: wanted.quiet_hours.start.to_string(),
            quiet_end: wanted.quiet_hours.end.to_string(),
            updated_at: now,
        };
        reminders::save_settings(conn, &row)?;
        let clock = Clock::of(zone.as_str(), Some(&row));
        for reminder in reminders::lock_own(conn, &me, None)? {
            reminders::set_next(conn, &reminder.id, clock.next(&reminder, after_last_due(&reminder)))?;
        }
        Ok(ReminderSettings { time_zone: zone.as_str().to_owned(), quiet_hours: clock.quiet })
    })
}

/// Reminders that came due after `since` (at most a day back): the app shows a quiet line for
/// each instead of a pile of notifications.
pub fn missed(conn: &mut DbConn, caller: &Caller, since: DateTime<Utc>) -> AppResult<Vec<MissedReminder>> {
    let me = access::own_patient_id(conn, caller, "GET /api/reminders/missed")?;
    let floor = Utc::now() - TimeDelta::hours(MISSED_WINDOW_HOURS);
    let rows = reminders::due_since(conn, &me, since.max(floor).naive_utc())?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let r = request_of(row).ok()?;
            Some(MissedReminder::new(r.kind, row.last_due_at?.and_utc(), r.local_time))
        })
        .collect())
}

/// Everything push-related about a person goes with their account.
pub fn forget(conn: &mut DbConn, user_id: &str) -> AppResult<()> {
    reminders::delete_all_for_user(conn, user_id)?;
    crate::db::push::delete_all_for_user(conn, user_id)?;
    Ok(())
}
