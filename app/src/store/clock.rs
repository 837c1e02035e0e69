//! Times as the person lives them. An entry is stored as RFC 3339 with the phone's UTC offset at
//! the moment of logging (so "8 am" stays 8 am after travel or a clock change), and shown in that
//! same wall-clock time. chrono's own clock does not work in the browser, so "now" comes from JS.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Timelike};
use evenkeel_domain::diary::EntryTime;

/// Minutes east of UTC on this phone at that local date and time (JS counts west, so flip it).
fn offset_minutes(date: &js_sys::Date) -> i32 {
    -(date.get_timezone_offset() as i32)
}

/// Now, with the phone's current offset.
pub fn now() -> EntryTime {
    let js = js_sys::Date::new_0();
    at_instant(&js).unwrap_or_else(|| EntryTime::from_datetime(DateTime::UNIX_EPOCH.fixed_offset()))
}

/// Now minus some minutes (e.g. the start of an activity that just ended).
pub fn minutes_ago(minutes: u32) -> EntryTime {
    let js = js_sys::Date::new(&(js_sys::Date::now() - f64::from(minutes) * 60_000.0).into());
    at_instant(&js).unwrap_or_else(now)
}

fn at_instant(js: &js_sys::Date) -> Option<EntryTime> {
    let offset = FixedOffset::east_opt(offset_minutes(js) * 60)?;
    let utc = DateTime::from_timestamp_millis(js.get_time() as i64)?;
    Some(EntryTime::from_datetime(utc.with_timezone(&offset)))
}

/// A wall-clock time on this phone (e.g. "went to bed at 23:00") with the offset in force then.
pub fn local(naive: NaiveDateTime) -> Option<EntryTime> {
    let js = js_sys::Date::new_with_year_month_day_hr_min_sec(
        naive.year() as u32,
        naive.month0() as i32,
        naive.day() as i32,
        naive.hour() as i32,
        naive.minute() as i32,
        0,
    );
    let offset = FixedOffset::east_opt(offset_minutes(&js) * 60)?;
    naive.and_local_timezone(offset).single().map(EntryTime::from_datetime)
}

/// Today's date on this phone.
pub fn today() -> NaiveDate {
    let js = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(js.get_full_year() as i32, js.get_month() + 1, js.get_date()).unwrap_or_default()
}

/// "14:05".
pub fn clock(t: &EntryTime) -> String {
    let local = t.local();
    format!("{:02}:{:02}", local.hour(), local.minute())
}

pub use evenkeel_domain::dates::{DAYS, MONTHS, long_date};

/// "Today", "Yesterday", or "Tuesday 3 June" (with the year when it isn't this year).
pub fn day_heading(date: NaiveDate) -> String {
    let today = today();
    if date == today {
        return "Today".into();
    }
    if today.pred_opt() == Some(date) {
        return "Yesterday".into();
    }
    if date.year() == today.year() { long_date(date) } else { format!("{} {}", long_date(date), date.year()) }
}

/// "1 h 5 min", "45 min".
pub fn duration(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}
