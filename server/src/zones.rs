//! Time zones, which only the server knows in full (`chrono-tz` is too big for the phone's app):
//! a person's zone is checked against the IANA database, and their "today" is the date there.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use evenkeel_domain::account::{AccountError, TimeZoneName};

/// A zone name a person gave: the right shape and a zone the IANA database knows.
pub fn checked(name: &str) -> Result<TimeZoneName, AccountError> {
    let name = TimeZoneName::parse(name)?;
    name.as_str().parse::<Tz>().map_err(|_| AccountError::InvalidTimeZone)?;
    Ok(name)
}

/// A stored zone. Accounts made before zones were checked may hold a name the database does not
/// know; they are treated as UTC rather than failing every reminder and chart.
pub fn of(stored: &str) -> Tz {
    stored.parse().unwrap_or(Tz::UTC)
}

/// The date it is now for someone in `zone`.
pub fn today_in(zone: Tz, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&zone).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn only_zones_the_database_knows() {
        assert!(checked("Europe/London").is_ok());
        assert!(checked("America/Argentina/Buenos_Aires").is_ok());
        assert!(checked("Foo/Bar").is_err());
        assert!(checked("Europe/Londn").is_err());
    }

    #[test]
    fn today_is_the_local_date() {
        let late_evening_utc = Utc.with_ymd_and_hms(2026, 12, 6, 23, 30, 0).unwrap();
        assert_eq!(today_in(of("Europe/London"), late_evening_utc).to_string(), "2026-12-06");
        assert_eq!(today_in(of("Australia/Sydney"), late_evening_utc).to_string(), "2026-12-07");
        assert_eq!(today_in(of("America/Los_Angeles"), late_evening_utc).to_string(), "2026-12-06");
        assert_eq!(of("Foo/Bar"), Tz::UTC);
    }
}
