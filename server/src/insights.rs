//! What comes out of the diary: the patterns as JSON, the GP summary page, CSV and FHIR exports (all
//! through a [`Grant`] for `Need::ReadShared`, so a carer or worker sees only the kinds they hold the
//! scopes for), and the worker's caseload (from `daily_rollups`, see `crate::rollups`).

pub mod caseload;
pub mod export;
pub mod plan_flags;
pub mod summary;

use chrono::{Days, Duration, NaiveDate, NaiveTime, Utc};
use evenkeel_domain::patterns::{self, PatternInput, Patterns};
use evenkeel_domain::sharing::Scope;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{Grant, Need};
use crate::db::entries::{self, Entry};
use crate::db::{DbConn, users};
use crate::error::{AppError, AppResult};
use crate::rollups::parse_rows;

/// Days shown when no range is asked for.
pub const DEFAULT_DAYS: u64 = 28;
/// The longest range one request may ask for.
pub const MAX_DAYS: i64 = 3 * 366;

/// Local dates, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The patient's local date now, in the time zone of their account.
pub fn patient_today(conn: &mut DbConn, patient_id: &str) -> AppResult<NaiveDate> {
    let zone = users::by_id(conn, patient_id)?.map_or(chrono_tz::Tz::UTC, |u| crate::zones::of(&u.time_zone));
    Ok(crate::zones::today_in(zone, Utc::now()))
}

/// `from`/`to` as `YYYY-MM-DD` (local dates, inclusive); by default the 28 days ending today.
pub fn parse_dates(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> AppResult<DateRange> {
    let date = |text: &str| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            AppError::invalid_input(format!("{text:?} isn't a date we understand. Use a date like 2026-11-01."))
        })
    };
    let to = match to {
        Some(t) => date(t)?,
        None => today,
    };
    let from = match from {
        Some(f) => date(f)?,
        None => to.checked_sub_days(Days::new(DEFAULT_DAYS - 1)).unwrap_or(to),
    };
    if from > to {
        return Err(AppError::invalid_input("The start of the range must not be after its end."));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(AppError::invalid_input("Please ask for at most three years at a time."));
    }
    Ok(DateRange { from, to })
}

/// The granted kinds' live entries that count towards `range` (with the engine's 14-day look-back and
/// a day's margin for time zones), plus the medicines when doses are granted.
pub fn load_entries(conn: &mut DbConn, grant: &Grant, range: DateRange, look_back: bool) -> AppResult<Vec<Entry>> {
    let kinds: Vec<&str> = grant.kinds().iter().map(|k| k.as_str()).collect();
    let back = if look_back { 16 } else { 2 };
    let from = range.from.and_time(NaiveTime::MIN) - Duration::days(back);
    let to = range.to.and_time(NaiveTime::MIN) + Duration::days(2);
    Ok(entries::live_of_kinds_between(conn, grant.patient(), &kinds, from, to)?)
}

/// The patient's display name (for third-person sentences and page titles).
pub fn patient_name(conn: &mut DbConn, grant: &Grant) -> AppResult<String> {
    Ok(users::by_id(conn, grant.patient_id())?.map(|u| u.display_name).unwrap_or_default())
}

/// `GET /api/patients/{patient_id}/patterns`.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PatternsView {
    pub patient_id: Uuid,
    pub patient_name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The patient's local date now.
    pub today: NaiveDate,
    /// The diary scopes the patterns were computed from: everything for the patient, what is shared
    /// for a carer or worker (kinds outside them are left out entirely).
    pub scopes: Vec<Scope>,
    /// Findings' `takeaway` is in the second person for the patient, third person ("Alex's doses…")
    /// for anyone else.
    pub patterns: Patterns,
}

/// The patterns of `range` from the granted kinds.
pub fn patterns(conn: &mut DbConn, grant: &Grant, from: Option<&str>, to: Option<&str>) -> AppResult<PatternsView> {
    grant.covers(Need::ReadShared)?;
    let today = patient_today(conn, grant.patient_id())?;
    let range = parse_dates(from, to, today)?;
    let (name, patterns) = compute(conn, grant, range, today)?;
    Ok(PatternsView {
        patient_id: grant.patient_id().parse().map_err(|_| AppError::internal(anyhow::anyhow!("bad patient id")))?,
        patient_name: name,
        from: range.from,
        to: range.to,
        today,
        scopes: grant.diary_scopes().to_vec(),
        patterns,
    })
}

/// Runs the engine over the granted entries; findings are told about the patient by name for others.
pub fn compute(conn: &mut DbConn, grant: &Grant, range: DateRange, today: NaiveDate) -> AppResult<(String, Patterns)> {
    let rows = load_entries(conn, grant, range, true)?;
    let name = patient_name(conn, grant)?;
    let input = PatternInput::new(parse_rows(&rows), range.from, range.to, today);
    let mut patterns = patterns::compute(&input);
    if grant.relation().is_some() {
        for finding in &mut patterns.findings {
            finding.takeaway = finding.takeaway_about(&name);
        }
    }
    Ok((name, patterns))
}
