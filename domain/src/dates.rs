//! Dates in words, written out rather than asked of a browser's `Intl` (whose first use costs a
//! slow phone a noticeable pause while it loads its locale data), and the same on the server.

use chrono::{Datelike, NaiveDate, NaiveTime};

/// Weekday names, Monday first (as `Weekday::num_days_from_monday`).
pub const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Digits only, as a number ("2026" → 2026); anything else is `None`.
fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// `YYYY-MM-DD`, as a date input gives it. Written out rather than with chrono's `parse_from_str`:
/// its format-string reader is about 8 KB of WebAssembly that the phone's core would otherwise carry.
pub fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(y)? as i32, digits(m)?, digits(d)?)
}

/// `HH:MM`, as a time input gives it.
pub fn parse_hm(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(digits(h)?, digits(m)?, 0)
}

/// "Tuesday 3 June".
pub fn long_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        DAYS[date.weekday().num_days_from_monday() as usize],
        date.day(),
        MONTHS[date.month0() as usize]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_as_inputs_give_them() {
        assert_eq!(parse_ymd("2026-12-06"), NaiveDate::from_ymd_opt(2026, 12, 6));
        for bad in ["2026-13-01", "2026-02-30", "26-12-06", "2026-12-6", "2026-12-06x", "", "2026-1a-06", "+026-12-06"]
        {
            assert_eq!(parse_ymd(bad), None, "{bad}");
        }
        assert_eq!(parse_hm("07:05"), NaiveTime::from_hms_opt(7, 5, 0));
        for bad in ["7:05", "24:00", "07:60", "07-05", ""] {
            assert_eq!(parse_hm(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_date_reads_as_words() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        assert_eq!(long_date(d), "Thursday 10 December");
    }
}
