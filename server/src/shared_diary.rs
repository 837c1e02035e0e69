//! Reading a patient's diary entries of one kind, for the patient or a linked carer or worker
//! holding the kind's scope. Needs a `Grant` from the gate.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use evenkeel_domain::EntryKind;
use evenkeel_domain::diary::OmeFigure;
use evenkeel_domain::sharing::{EntryView, Scope};
use serde_json::Value;

use crate::access::{Grant, Need};
use crate::db::DbConn;
use crate::db::entries::{self, Entry};
use crate::error::{AppError, AppResult};

/// Days shown when no range is asked for.
pub const DEFAULT_DAYS: i64 = 28;
/// The longest range one request may ask for: a year and a day (so "this date last year to today"
/// fits). Longer histories are read a year at a time, which keeps each answer a bounded size. Not
/// for medicines: the list is short, and a dose made today may name a medicine added years ago.
pub const MAX_DAYS: i64 = 367;

/// A time range `[from, to)` in UTC.
#[derive(Debug, Clone, Copy)]
pub struct Range {
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
}

/// `from`/`to` as RFC 3339 times or `YYYY-MM-DD` dates (a `to` date includes that whole day);
/// by default the last 28 days up to now; at most [`MAX_DAYS`] for any kind but medicines.
pub fn parse_range(kind: EntryKind, from: Option<&str>, to: Option<&str>) -> AppResult<Range> {
    let to = match to {
        Some(text) => parse_time(text, true)?,
        None => Utc::now().naive_utc(),
    };
    let from = match from {
        Some(text) => parse_time(text, false)?,
        None => to - Duration::days(DEFAULT_DAYS),
    };
    if from >= to {
        return Err(AppError::invalid_input("The start of the range must be before its end."));
    }
    if kind != EntryKind::Medication && to - from > Duration::days(MAX_DAYS) {
        return Err(AppError::invalid_input("Please ask for at most a year of entries at a time."));
    }
    Ok(Range { from, to })
}

fn parse_time(text: &str, end_of_day: bool) -> AppResult<NaiveDateTime> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.naive_utc());
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        AppError::invalid_input(format!(
            "{text:?} isn't a date or time we understand. Use a date like 2026-11-01 or a time like 2026-11-01T09:00:00Z."
        ))
    })?;
    let day = if end_of_day { date.succ_opt().unwrap_or(date) } else { date };
    Ok(day.and_hms_opt(0, 0, 0).unwrap_or_default())
}

pub fn entry_view(row: &Entry) -> AppResult<EntryView> {
    let bad = |what: &str| AppError::internal(anyhow::anyhow!("stored entry {} has a bad {what}", row.id));
    Ok(EntryView {
        id: row.id.parse().map_err(|_| bad("id"))?,
        kind: EntryKind::parse(&row.kind).ok_or_else(|| bad("kind"))?,
        data: match &row.data {
            Some(text) => serde_json::from_str(text).map_err(|_| bad("data"))?,
            None => Value::Null,
        },
        recorded_at: DateTime::<Utc>::from_naive_utc_and_offset(row.recorded_at, Utc),
        tz_offset_min: row.tz_offset_min,
        ome: match (row.ome_mg, &row.ome_table_version) {
            (Some(mg), Some(version)) => Some(OmeFigure { mg, table_version: version.clone() }),
            _ => None,
        },
    })
}

/// The granted patient's live entries of `kind` in `range`, oldest first.
pub fn entries_of_kind(conn: &mut DbConn, grant: &Grant, kind: EntryKind, range: Range) -> AppResult<Vec<EntryView>> {
    grant.covers(Need::Read(Scope::for_kind(kind)))?;
    let rows = entries::of_kind_between(conn, grant.patient(), kind.as_str(), range.from, range.to)?;
    rows.iter().map(entry_view).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_accept_dates_and_times() {
        let r = parse_range(EntryKind::Pain, Some("2026-11-01"), Some("2026-11-02")).unwrap();
        assert_eq!(r.from.to_string(), "2026-11-01 00:00:00");
        assert_eq!(r.to.to_string(), "2026-11-03 00:00:00", "a `to` date includes that day");
        let r = parse_range(EntryKind::Pain, Some("2026-11-01T09:00:00+01:00"), Some("2026-11-01T10:00:00Z")).unwrap();
        assert_eq!(r.from.to_string(), "2026-11-01 08:00:00");
        assert!(parse_range(EntryKind::Pain, Some("yesterday"), None).is_err());
        assert!(parse_range(EntryKind::Pain, Some("2026-11-05"), Some("2026-11-01")).is_err());
        assert!(parse_range(EntryKind::Pain, Some("2025-11-01"), Some("2026-11-01")).is_ok(), "a year and a day");
        let too_long = parse_range(EntryKind::Pain, Some("2024-11-01"), Some("2026-11-01")).unwrap_err();
        assert_eq!(too_long.body().message, "Please ask for at most a year of entries at a time.");
        assert!(parse_range(EntryKind::Medication, Some("2016-11-01"), None).is_ok(), "medicines: any range");
        let default = parse_range(EntryKind::Pain, None, None).unwrap();
        assert_eq!((default.to - default.from).num_days(), DEFAULT_DAYS);
    }
}
