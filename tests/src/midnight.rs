//! For the few tests whose entries, dated minutes back or logged as "for the last N minutes", must
//! all fall on today: the app gives an activity to the day it started, so a 20-minute walk logged
//! at 00:10 is yesterday's, and such a test run just after midnight sees other days than it meant.

use std::time::Duration;

use chrono::{NaiveTime, Timelike, Utc};

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// Waits, when the clock is within `before` of midnight or `after` past it, until it is `after`
/// past: on the machine's clock (the browser's), in London (the test patients' time zone) and in
/// UTC (some tests' own dates).
pub async fn clear_of_midnight(before: Duration, after: Duration) {
    let now = Utc::now();
    let clocks = [chrono::Local::now().time(), now.with_timezone(&chrono_tz::Europe::London).time(), now.time()];
    let wait = clocks.into_iter().map(|now| wait_needed(now, before, after)).max().unwrap_or_default();
    if !wait.is_zero() {
        eprintln!("midnight is near: waiting {} s so this test's entries all fall on one day", wait.as_secs());
        tokio::time::sleep(wait).await;
    }
}

fn wait_needed(now: NaiveTime, before: Duration, after: Duration) -> Duration {
    let since_midnight = Duration::from_secs(u64::from(now.num_seconds_from_midnight()));
    if since_midnight < after {
        after - since_midnight
    } else if since_midnight > DAY - before {
        DAY - since_midnight + after
    } else {
        Duration::ZERO
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("a time")
    }

    #[test]
    fn waits_only_near_midnight_and_until_the_margin_has_passed() {
        let (before, after) = (Duration::from_secs(5 * 60), Duration::from_secs(25 * 60));
        assert_eq!(wait_needed(at(12, 0), before, after), Duration::ZERO);
        assert_eq!(wait_needed(at(23, 50), before, after), Duration::ZERO);
        assert_eq!(wait_needed(at(0, 25), before, after), Duration::ZERO);
        assert_eq!(wait_needed(at(0, 10), before, after), Duration::from_secs(15 * 60));
        assert_eq!(wait_needed(at(0, 0), before, after), after);
        assert_eq!(wait_needed(at(23, 57), before, after), Duration::from_secs(28 * 60));
    }
}
