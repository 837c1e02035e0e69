//! Daily rollups kept up to date as entries sync: after a batch is written, inside the same
//! transaction, the days it touched (where a changed entry was and where it is now, plus the week
//! after for a patch still worn) are recomputed from that patient's entries of those days with the
//! domain engine (`patterns::caseload::daily_totals`) and stored in `daily_rollups`. A change to a
//! medicine (which can change the OME of any past dose) recomputes the patient's whole diary. The
//! caseload then reads a fortnight of rows per patient, never the entries.

use std::collections::BTreeSet;

use chrono::{Days, Duration, NaiveDate, NaiveTime};
use evenkeel_domain::patterns::caseload::daily_totals;
use evenkeel_domain::patterns::{DiaryItem, PatternInput};
use evenkeel_domain::{EntryData, EntryKind};
use uuid::Uuid;

use crate::access::Granted;
use crate::db::DbConn;
use crate::db::daily_rollups::{self, Rollup};
use crate::db::entries::{self, Entry};
use crate::error::AppResult;

/// The longest a patch counts towards later days (`patterns::patch`: a 7-day buprenorphine patch).
const PATCH_DAYS: u64 = 7;
/// Days before the first recomputed day whose entries the engine needs (a patch put on earlier, with
/// margin); the engine's own look-back is for findings, not for totals.
const LOAD_BEFORE_DAYS: i64 = PATCH_DAYS as i64 + 2;

/// The days a stored entry counts towards: its local day, and for a night's sleep also the next day
/// (a night counts towards the morning it ended, and "into bed" may be either side of midnight).
pub fn days_of(row: &Entry) -> Vec<NaiveDate> {
    let local = (row.recorded_at + Duration::minutes(i64::from(row.tz_offset_min))).date();
    if row.kind == EntryKind::Sleep.as_str() {
        vec![local, local.checked_add_days(Days::new(1)).unwrap_or(local)]
    } else {
        vec![local]
    }
}

/// Parses stored rows into what the engine reads, skipping tombstones and anything unreadable.
pub fn parse_rows(rows: &[Entry]) -> Vec<(Uuid, EntryData)> {
    rows.iter().filter(|r| r.deleted_at.is_none()).filter_map(|r| parse(&r.id, &r.kind, r.data.as_deref())).collect()
}

fn parse(id: &str, kind: &str, data: Option<&str>) -> Option<(Uuid, EntryData)> {
    let id = id.parse().ok()?;
    let kind = EntryKind::parse(kind)?;
    let value = serde_json::from_str(data?).ok()?;
    Some((id, EntryData::parse(kind, &value).ok()?))
}

/// Recomputes the rollups of `days` (and the week after each, for patches), or of the whole diary
/// when `everything` is set.
pub fn refresh(conn: &mut DbConn, patient: Granted<'_>, days: &BTreeSet<NaiveDate>, everything: bool) -> AppResult<()> {
    if everything {
        let rows = entries::live_for_patient(conn, patient)?;
        daily_rollups::delete_for_patient(conn, patient)?;
        let parsed = parse_rows(&rows);
        let input = PatternInput::new(parsed, NaiveDate::MIN, NaiveDate::MIN, NaiveDate::MIN);
        let (Some(lo), Some(hi)) =
            (input.entries.iter().map(|e| e.day).min(), input.entries.iter().map(|e| e.day).max())
        else {
            return Ok(());
        };
        let hi = hi.checked_add_days(Days::new(PATCH_DAYS)).unwrap_or(hi);
        return store(conn, patient, PatternInput { from: lo, to: hi, today: hi, ..input });
    }
    let (Some(&lo), Some(&hi)) = (days.first(), days.last()) else { return Ok(()) };
    let medicines = entries::live_medicines(conn, patient)?;
    // Only a patch still worn carries a dose into later days; without one, the touched days are
    // all that can change, and a day's totals need only that day's entries (most batches: today).
    let (hi, before) = if wears_patches(&medicines) {
        (hi.checked_add_days(Days::new(PATCH_DAYS)).unwrap_or(hi), LOAD_BEFORE_DAYS)
    } else {
        (hi, 1)
    };
    // Stored times are UTC and days are the patient's local days: a day either side covers any offset.
    let load_from = lo.and_time(NaiveTime::MIN) - Duration::days(before);
    let load_to = hi.and_time(NaiveTime::MIN) + Duration::days(2);
    let kinds: Vec<&str> = EntryKind::ALL.iter().filter(|k| **k != EntryKind::Medication).map(|k| k.as_str()).collect();
    // Each row is parsed as it is read, so only the engine's own form of the entries is held.
    let mut input = PatternInput::new(parse_rows(&medicines), lo, hi, hi);
    entries::each_live_between(conn, patient, &kinds, load_from, load_to, |row| {
        if let Some((id, data)) = parse(&row.id, &row.kind, row.data.as_deref()) {
            input.entries.extend(DiaryItem::new(id, data));
        }
    })?;
    store(conn, patient, input)
}

fn wears_patches(medicines: &[Entry]) -> bool {
    parse_rows(medicines).iter().any(|(_, data)| matches!(data, EntryData::Medication(m) if m.is_patch()))
}

fn store(conn: &mut DbConn, patient: Granted<'_>, input: PatternInput) -> AppResult<()> {
    let rows: Vec<Rollup> =
        daily_totals(&input).iter().filter(|t| !t.is_empty()).map(|t| Rollup::new(patient.id(), t)).collect();
    daily_rollups::replace_days(conn, patient, input.from, input.to, &rows)?;
    Ok(())
}
