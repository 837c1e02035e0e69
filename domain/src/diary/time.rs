//! The time an entry happened, as the phone saw it: an instant plus the UTC offset in force there.
//!
//! On the wire it is RFC 3339 with an offset (`2025-03-01T09:30:00+00:00`). The server stores it as a
//! UTC `NaiveDateTime` plus `tz_offset_min`, so "8 am" stays 8 am in charts even after travel or a
//! clock change. Sub-second parts are dropped: a diary doesn't need them.

use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Serialised always as `YYYY-MM-DDTHH:MM:SS±HH:MM`, so equal times give equal JSON text (the merge
/// tie-break compares JSON text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = DateTime))]
pub struct EntryTime(DateTime<FixedOffset>);

impl Serialize for EntryTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for EntryTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).ok_or_else(|| serde::de::Error::custom("expected an RFC 3339 time with an offset"))
    }
}

impl EntryTime {
    /// RFC 3339 with an offset (`Z` counts as +00:00). A time without an offset is refused: the
    /// offset is what makes the local hour meaningful.
    pub fn parse(raw: &str) -> Option<Self> {
        DateTime::parse_from_rfc3339(raw.trim()).ok().map(Self::from_datetime)
    }

    pub fn from_datetime(t: DateTime<FixedOffset>) -> Self {
        Self(t.with_nanosecond(0).unwrap_or(t))
    }

    /// Rebuild from what the server stores. `None` if the offset is not a real one (beyond ±24 h).
    pub fn from_utc_and_offset(utc: NaiveDateTime, tz_offset_min: i32) -> Option<Self> {
        let offset = FixedOffset::east_opt(tz_offset_min.checked_mul(60)?)?;
        Some(Self::from_datetime(utc.and_utc().with_timezone(&offset)))
    }

    /// The instant in UTC, for the `recorded_at` column.
    pub fn utc(&self) -> NaiveDateTime {
        self.0.naive_utc()
    }

    /// Minutes east of UTC (London in summer: 60), for the `tz_offset_min` column.
    pub fn tz_offset_min(&self) -> i32 {
        self.0.offset().local_minus_utc() / 60
    }

    /// The wall-clock time where the entry was made.
    pub fn local(&self) -> NaiveDateTime {
        self.0.naive_local()
    }

    pub fn as_datetime(&self) -> DateTime<FixedOffset> {
        self.0
    }

    pub fn to_rfc3339(&self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Secs, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_into_utc_and_offset_and_back() {
        let t = EntryTime::parse("2025-07-01T08:15:00+01:00").unwrap();
        assert_eq!(t.utc().to_string(), "2025-07-01 07:15:00");
        assert_eq!(t.tz_offset_min(), 60);
        assert_eq!(t.local().to_string(), "2025-07-01 08:15:00");
        let back = EntryTime::from_utc_and_offset(t.utc(), t.tz_offset_min()).unwrap();
        assert_eq!(back.to_rfc3339(), "2025-07-01T08:15:00+01:00");
    }

    #[test]
    fn negative_and_half_hour_offsets() {
        let t = EntryTime::parse("2025-01-01T23:30:00-03:30").unwrap();
        assert_eq!(t.tz_offset_min(), -210);
        assert_eq!(t.utc().to_string(), "2025-01-02 03:00:00");
        assert_eq!(EntryTime::from_utc_and_offset(t.utc(), -210).unwrap().to_rfc3339(), "2025-01-01T23:30:00-03:30");
    }

    #[test]
    fn needs_an_offset_and_drops_fractions() {
        assert!(EntryTime::parse("2025-07-01T08:15:00").is_none());
        assert!(EntryTime::parse("yesterday").is_none());
        let z = EntryTime::parse("2025-07-01T08:15:00.123Z").unwrap();
        assert_eq!(z.to_rfc3339(), "2025-07-01T08:15:00+00:00");
        assert_eq!(serde_json::to_value(z).unwrap(), "2025-07-01T08:15:00+00:00");
        assert!(EntryTime::from_utc_and_offset(z.utc(), 24 * 60).is_none());
    }
}
