//! One row of totals per patient and local day (`domain::patterns::caseload::DailyTotals`), kept up to
//! date by the sync (see `crate::rollups`) and read by the caseload. Only the figures the caseload
//! uses are stored (diesel's default table width is 16 columns); the others read back as `None`.

use chrono::NaiveDate;
use diesel::prelude::*;
use evenkeel_domain::patterns::caseload::{DailyTotals, MoodScreen};

use super::schema::daily_rollups;
use super::{DbConn, of_patient, only_for};
use crate::access::Granted;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = daily_rollups)]
pub struct Rollup {
    pub patient_id: String,
    /// `YYYY-MM-DD`, so text order is date order.
    pub day: String,
    pub entries: i32,
    pub pain_mean: Option<f64>,
    pub doses: i32,
    pub withdrawal_doses: i32,
    pub ome_mg: Option<f64>,
    pub ome_complete: bool,
    pub active_minutes: i32,
    pub rest_minutes: i32,
    pub stress_mean: Option<f64>,
    pub screen_phq2: Option<i32>,
    pub screen_gad2: Option<i32>,
    pub screen_positive: Option<bool>,
    pub last_entry_at: Option<chrono::NaiveDateTime>,
    pub last_tz_offset_min: i32,
}

pub fn day_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl Rollup {
    pub fn new(patient_id: &str, t: &DailyTotals) -> Self {
        Self {
            patient_id: patient_id.to_owned(),
            day: day_text(t.date),
            entries: count(t.entries),
            pain_mean: t.pain_mean,
            doses: count(t.doses),
            withdrawal_doses: count(t.withdrawal_doses),
            ome_mg: t.ome_mg,
            ome_complete: t.ome_complete,
            active_minutes: count(t.active_minutes),
            rest_minutes: count(t.rest_minutes),
            stress_mean: t.stress_mean,
            screen_phq2: t.screen.and_then(|s| s.phq2).map(i32::from),
            screen_gad2: t.screen.and_then(|s| s.gad2).map(i32::from),
            screen_positive: t.screen.map(|s| s.positive),
            last_entry_at: t.last_entry_at,
            last_tz_offset_min: t.last_tz_offset_min,
        }
    }

    pub fn date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.day, "%Y-%m-%d").ok()
    }

    pub fn totals(&self) -> Option<DailyTotals> {
        let small = |v: i32| u8::try_from(v).ok();
        let n = |v: i32| u32::try_from(v).unwrap_or(0);
        Some(DailyTotals {
            date: self.date()?,
            entries: n(self.entries),
            pain_mean: self.pain_mean,
            pain_max: None,
            peg: None,
            doses: n(self.doses),
            withdrawal_doses: n(self.withdrawal_doses),
            // Read from the check-ins themselves by the caseload (the table is at diesel's 16 columns).
            withdrawal_checkins: 0,
            ome_mg: self.ome_mg,
            ome_complete: self.ome_complete,
            active_minutes: n(self.active_minutes),
            rest_minutes: n(self.rest_minutes),
            has_activity: self.active_minutes + self.rest_minutes > 0,
            sleep_efficiency: None,
            stress_mean: self.stress_mean,
            mood_mean: None,
            screen: self.screen_positive.map(|positive| MoodScreen {
                phq2: self.screen_phq2.and_then(small),
                gad2: self.screen_gad2.and_then(small),
                positive,
            }),
            last_entry_at: self.last_entry_at,
            last_tz_offset_min: self.last_tz_offset_min,
        })
    }
}

of_patient!(Rollup);

/// Replaces the patient's rows for the days `from..=to` with `rows` (days with nothing are left out).
pub fn replace_days(
    conn: &mut DbConn,
    patient: Granted<'_>,
    from: NaiveDate,
    to: NaiveDate,
    rows: &[Rollup],
) -> QueryResult<()> {
    only_for(patient, rows)?;
    let patient_id = patient.id();
    diesel::delete(
        daily_rollups::table
            .filter(daily_rollups::patient_id.eq(patient_id))
            .filter(daily_rollups::day.ge(day_text(from)))
            .filter(daily_rollups::day.le(day_text(to))),
    )
    .execute(conn)?;
    // SQLite allows at most 32766 bound parameters per statement (21 per row here).
    for chunk in rows.chunks(500) {
        let insert = diesel::insert_into(daily_rollups::table).values(chunk);
        match conn {
            DbConn::Sqlite(c) => insert.execute(c)?,
            DbConn::Postgres(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// Every row of these patients from `since` on, by patient then day.
pub fn for_patients_since(conn: &mut DbConn, patients: &[Granted<'_>], since: NaiveDate) -> QueryResult<Vec<Rollup>> {
    let patient_ids: Vec<&str> = patients.iter().map(|p| p.id()).collect();
    if patient_ids.is_empty() {
        return Ok(Vec::new());
    }
    daily_rollups::table
        .filter(daily_rollups::patient_id.eq_any(patient_ids))
        .filter(daily_rollups::day.ge(day_text(since)))
        .order((daily_rollups::patient_id.asc(), daily_rollups::day.asc()))
        .select(Rollup::as_select())
        .load(conn)
}

/// Rows of one patient over `from..=to`, oldest first.
pub fn for_patient_between(
    conn: &mut DbConn,
    patient: Granted<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<Rollup>> {
    let patient_id = patient.id();
    daily_rollups::table
        .filter(daily_rollups::patient_id.eq(patient_id))
        .filter(daily_rollups::day.ge(day_text(from)))
        .filter(daily_rollups::day.le(day_text(to)))
        .order(daily_rollups::day.asc())
        .select(Rollup::as_select())
        .load(conn)
}

/// The latest row with an entry, on or before `until` (one index lookup on the primary key).
pub fn last_with_entries(conn: &mut DbConn, patient: Granted<'_>, until: NaiveDate) -> QueryResult<Option<Rollup>> {
    let patient_id = patient.id();
    daily_rollups::table
        .filter(daily_rollups::patient_id.eq(patient_id))
        .filter(daily_rollups::day.le(day_text(until)))
        .filter(daily_rollups::entries.gt(0))
        .order(daily_rollups::day.desc())
        .select(Rollup::as_select())
        .first(conn)
        .optional()
}

pub fn delete_for_patient(conn: &mut DbConn, patient: Granted<'_>) -> QueryResult<usize> {
    let patient_id = patient.id();
    diesel::delete(daily_rollups::table.filter(daily_rollups::patient_id.eq(patient_id))).execute(conn)
}
