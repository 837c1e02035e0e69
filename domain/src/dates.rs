//! Dates in words, written out rather than asked of a browser's `Intl` (whose first use costs a
//! slow phone a noticeable pause while it loads its locale data), and the same on the server.

use chrono::{Datelike, NaiveDate};

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
    fn a_date_reads_as_words() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        assert_eq!(long_date(d), "Thursday 10 December");
    }
}
