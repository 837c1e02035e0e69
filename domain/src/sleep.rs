//! The Consensus Sleep Diary core (Carney 2012) and the numbers derived from it (`domain.md` §5).
//!
//! Times carry their UTC offset, so a night that crosses midnight — or a clock change — is measured in
//! real elapsed minutes. Times are kept to the minute: the diary asks for estimates, not clock-watching.
//!
//! **Total sleep time follows `domain.md` exactly: TST = TIB − SOL − WASO − terminal wake**, with TIB
//! measured from *into bed*. So time spent in bed before trying to sleep (reading, watching TV) counts
//! as sleep in TST and SE. Some scoring guides subtract it too; [`SleepMetrics::minutes_in_bed_before_trying`]
//! is reported so a later version can, and the choice is recorded here rather than hidden.

use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeDelta, Timelike};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// More than this and the number is not an estimate any more; it is likely a typo.
pub const MAX_AWAKENINGS: u32 = 99;
/// `domain.md` §5: sleep efficiency above 85% is good.
pub const GOOD_SLEEP_EFFICIENCY_PCT: f64 = 85.0;
const MINUTES_PER_DAY: i64 = 24 * 60;

/// Item 8: how well did you sleep?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SleepQuality {
    VeryPoor,
    Poor,
    Fair,
    Good,
    VeryGood,
}

impl SleepQuality {
    pub const ALL: [SleepQuality; 5] = [Self::VeryPoor, Self::Poor, Self::Fair, Self::Good, Self::VeryGood];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::VeryPoor => "very_poor",
            Self::Poor => "poor",
            Self::Fair => "fair",
            Self::Good => "good",
            Self::VeryGood => "very_good",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.as_str() == s)
    }

    /// Words for the answer buttons.
    pub fn label(self) -> &'static str {
        match self {
            Self::VeryPoor => "Very poor",
            Self::Poor => "Poor",
            Self::Fair => "Fair",
            Self::Good => "Good",
            Self::VeryGood => "Very good",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SleepError {
    #[error("The time you tried to sleep can't be before the time you got into bed.")]
    TriedBeforeIntoBed,
    #[error("Your final waking time can't be before the time you tried to sleep.")]
    FinalWakingBeforeTrying,
    #[error("The time you got out of bed can't be before your final waking time.")]
    OutOfBedBeforeFinalWaking,
    #[error("The time you got out of bed must be later than the time you got into bed.")]
    NoTimeInBed,
    #[error("These times add up to more than 24 hours in bed. Please check the dates.")]
    MoreThanADayInBed,
    #[error("The time it took to fall asleep is longer than the time between trying to sleep and finally waking.")]
    FallingAsleepTooLong,
    #[error(
        "Time to fall asleep plus time awake in the night comes to more than the time between trying to sleep and finally waking."
    )]
    AwakeTooLong,
    #[error("Please enter a number of awakenings from 0 to {MAX_AWAKENINGS}.")]
    TooManyAwakenings,
    #[error("The time you got into bed should be on the evening of {night_of} or in the early hours after it.")]
    IntoBedNotOnNight { night_of: NaiveDate },
}

impl SleepError {
    /// The diary item the error is about, so the app can show it next to that question.
    pub fn field(&self) -> &'static str {
        match self {
            Self::TriedBeforeIntoBed => "tried_to_sleep",
            Self::FinalWakingBeforeTrying => "final_waking",
            Self::OutOfBedBeforeFinalWaking | Self::NoTimeInBed | Self::MoreThanADayInBed => "out_of_bed",
            Self::FallingAsleepTooLong => "minutes_to_fall_asleep",
            Self::AwakeTooLong => "minutes_awake_in_night",
            Self::TooManyAwakenings => "awakenings",
            Self::IntoBedNotOnNight { .. } => "into_bed",
        }
    }
}

/// The answers as given, before checking.
#[derive(Debug, Clone, PartialEq)]
pub struct SleepDiaryInput {
    pub into_bed: DateTime<FixedOffset>,
    pub tried_to_sleep: DateTime<FixedOffset>,
    /// SOL: minutes from trying to sleep to falling asleep.
    pub minutes_to_fall_asleep: u32,
    /// Awakenings, not counting the final one.
    pub awakenings: u32,
    /// WASO: total minutes awake during those awakenings.
    pub minutes_awake_in_night: u32,
    pub final_waking: DateTime<FixedOffset>,
    pub out_of_bed: DateTime<FixedOffset>,
    pub quality: SleepQuality,
}

/// One night's diary whose times and minutes fit together. Build with [`SleepDiary::new`].
/// Serialises times as `2025-03-01T22:30:00+00:00`, like every other entry time.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SleepDiary {
    #[serde(serialize_with = "rfc3339")]
    into_bed: DateTime<FixedOffset>,
    #[serde(serialize_with = "rfc3339")]
    tried_to_sleep: DateTime<FixedOffset>,
    minutes_to_fall_asleep: u32,
    awakenings: u32,
    minutes_awake_in_night: u32,
    #[serde(serialize_with = "rfc3339")]
    final_waking: DateTime<FixedOffset>,
    #[serde(serialize_with = "rfc3339")]
    out_of_bed: DateTime<FixedOffset>,
    quality: SleepQuality,
}

fn rfc3339<S: serde::Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Secs, false))
}

/// Derived numbers, all in whole minutes except efficiency.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SleepMetrics {
    /// TIB: out of bed − into bed.
    pub time_in_bed_min: i64,
    /// SOL.
    pub sleep_onset_latency_min: i64,
    /// WASO.
    pub wake_after_sleep_onset_min: i64,
    pub awakenings: u32,
    /// Out of bed − final waking.
    pub terminal_wake_min: i64,
    /// TST = TIB − SOL − WASO − terminal wake (`domain.md` §5).
    pub total_sleep_time_min: i64,
    /// SE = TST / TIB × 100, from 0 to 100.
    pub sleep_efficiency_pct: f64,
    /// Tried to sleep − into bed. Counted inside TST by the formula above; reported for transparency.
    pub minutes_in_bed_before_trying: i64,
}

fn to_minute(t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    t.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(t)
}

fn minutes(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> i64 {
    (to - from).num_minutes()
}

impl SleepDiary {
    pub fn new(input: SleepDiaryInput) -> Result<Self, SleepError> {
        let into_bed = to_minute(input.into_bed);
        let tried_to_sleep = to_minute(input.tried_to_sleep);
        let final_waking = to_minute(input.final_waking);
        let out_of_bed = to_minute(input.out_of_bed);
        if tried_to_sleep < into_bed {
            return Err(SleepError::TriedBeforeIntoBed);
        }
        if final_waking < tried_to_sleep {
            return Err(SleepError::FinalWakingBeforeTrying);
        }
        if out_of_bed < final_waking {
            return Err(SleepError::OutOfBedBeforeFinalWaking);
        }
        let in_bed = minutes(into_bed, out_of_bed);
        if in_bed <= 0 {
            return Err(SleepError::NoTimeInBed);
        }
        if in_bed > MINUTES_PER_DAY {
            return Err(SleepError::MoreThanADayInBed);
        }
        if input.awakenings > MAX_AWAKENINGS {
            return Err(SleepError::TooManyAwakenings);
        }
        let available = minutes(tried_to_sleep, final_waking);
        let sol = i64::from(input.minutes_to_fall_asleep);
        if sol > available {
            return Err(SleepError::FallingAsleepTooLong);
        }
        if sol + i64::from(input.minutes_awake_in_night) > available {
            return Err(SleepError::AwakeTooLong);
        }
        Ok(Self {
            into_bed,
            tried_to_sleep,
            minutes_to_fall_asleep: input.minutes_to_fall_asleep,
            awakenings: input.awakenings,
            minutes_awake_in_night: input.minutes_awake_in_night,
            final_waking,
            out_of_bed,
            quality: input.quality,
        })
    }

    pub fn into_bed(&self) -> DateTime<FixedOffset> {
        self.into_bed
    }
    pub fn tried_to_sleep(&self) -> DateTime<FixedOffset> {
        self.tried_to_sleep
    }
    pub fn minutes_to_fall_asleep(&self) -> u32 {
        self.minutes_to_fall_asleep
    }
    pub fn awakenings(&self) -> u32 {
        self.awakenings
    }
    pub fn minutes_awake_in_night(&self) -> u32 {
        self.minutes_awake_in_night
    }
    pub fn final_waking(&self) -> DateTime<FixedOffset> {
        self.final_waking
    }
    pub fn out_of_bed(&self) -> DateTime<FixedOffset> {
        self.out_of_bed
    }
    pub fn quality(&self) -> SleepQuality {
        self.quality
    }

    pub fn metrics(&self) -> SleepMetrics {
        let tib = minutes(self.into_bed, self.out_of_bed);
        let sol = i64::from(self.minutes_to_fall_asleep);
        let waso = i64::from(self.minutes_awake_in_night);
        let terminal = minutes(self.final_waking, self.out_of_bed);
        let tst = tib - sol - waso - terminal;
        SleepMetrics {
            time_in_bed_min: tib,
            sleep_onset_latency_min: sol,
            wake_after_sleep_onset_min: waso,
            awakenings: self.awakenings,
            terminal_wake_min: terminal,
            total_sleep_time_min: tst,
            // tib > 0 and 0 ≤ tst ≤ tib are guaranteed by `new`.
            sleep_efficiency_pct: tst as f64 / tib as f64 * 100.0,
            minutes_in_bed_before_trying: minutes(self.into_bed, self.tried_to_sleep),
        }
    }

    /// `night_of` is the date of the evening the night began; getting into bed after midnight is
    /// still that night.
    pub fn check_night_of(&self, night_of: NaiveDate) -> Result<(), SleepError> {
        let bed_date = self.into_bed.date_naive();
        if bed_date == night_of || Some(bed_date) == night_of.checked_add_days(Days::new(1)) {
            Ok(())
        } else {
            Err(SleepError::IntoBedNotOnNight { night_of })
        }
    }
}

/// For a form that asks only clock times: place them on the night of `night_of`, each at or after the
/// one before. An into-bed time before noon is taken as after midnight (so still the night of
/// `night_of`). The app attaches the local offset to each result.
pub fn place_clock_times(
    night_of: NaiveDate,
    into_bed: NaiveTime,
    tried_to_sleep: NaiveTime,
    final_waking: NaiveTime,
    out_of_bed: NaiveTime,
) -> [NaiveDateTime; 4] {
    let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN);
    let bed_day = if into_bed < noon { night_of + Days::new(1) } else { night_of };
    let first = bed_day.and_time(into_bed);
    let next = |prev: NaiveDateTime, t: NaiveTime| {
        let same_day = prev.date().and_time(t);
        if same_day >= prev { same_day } else { same_day + TimeDelta::days(1) }
    };
    let tried = next(first, tried_to_sleep);
    let woke = next(tried, final_waking);
    let up = next(woke, out_of_bed);
    [first, tried, woke, up]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn night() -> SleepDiaryInput {
        SleepDiaryInput {
            into_bed: at("2025-03-01T22:30:00+00:00"),
            tried_to_sleep: at("2025-03-01T23:00:00+00:00"),
            minutes_to_fall_asleep: 30,
            awakenings: 2,
            minutes_awake_in_night: 40,
            final_waking: at("2025-03-02T06:30:00+00:00"),
            out_of_bed: at("2025-03-02T07:00:00+00:00"),
            quality: SleepQuality::Fair,
        }
    }

    #[test]
    fn metrics_of_a_night_crossing_midnight() {
        let m = SleepDiary::new(night()).unwrap().metrics();
        assert_eq!(m.time_in_bed_min, 510);
        assert_eq!(m.terminal_wake_min, 30);
        assert_eq!(m.total_sleep_time_min, 510 - 30 - 40 - 30);
        assert_eq!(m.minutes_in_bed_before_trying, 30);
        assert!((m.sleep_efficiency_pct - 410.0 / 510.0 * 100.0).abs() < 1e-9);
    }

    #[test]
    fn a_clock_change_in_the_night_is_real_time() {
        // UK clocks go forward at 01:00 GMT on 30 March 2025: in bed 23:00 GMT, up 07:00 BST = 7 h.
        let input = SleepDiaryInput {
            into_bed: at("2025-03-29T23:00:00+00:00"),
            tried_to_sleep: at("2025-03-29T23:00:00+00:00"),
            minutes_to_fall_asleep: 0,
            awakenings: 0,
            minutes_awake_in_night: 0,
            final_waking: at("2025-03-30T07:00:00+01:00"),
            out_of_bed: at("2025-03-30T07:00:00+01:00"),
            quality: SleepQuality::Good,
        };
        let m = SleepDiary::new(input).unwrap().metrics();
        assert_eq!(m.time_in_bed_min, 7 * 60);
        assert_eq!(m.sleep_efficiency_pct, 100.0);
    }

    #[test]
    fn seconds_are_dropped() {
        let mut input = night();
        input.into_bed = at("2025-03-01T22:30:59+00:00");
        let diary = SleepDiary::new(input).unwrap();
        assert_eq!(diary.into_bed(), at("2025-03-01T22:30:00+00:00"));
    }

    #[test]
    fn times_out_of_order_are_explained() {
        let mut i = night();
        i.tried_to_sleep = at("2025-03-01T22:00:00+00:00");
        assert_eq!(SleepDiary::new(i).unwrap_err(), SleepError::TriedBeforeIntoBed);
        let mut i = night();
        i.final_waking = at("2025-03-01T22:45:00+00:00");
        assert_eq!(SleepDiary::new(i).unwrap_err(), SleepError::FinalWakingBeforeTrying);
        let mut i = night();
        i.out_of_bed = at("2025-03-02T06:00:00+00:00");
        assert_eq!(SleepDiary::new(i).unwrap_err(), SleepError::OutOfBedBeforeFinalWaking);
        let e = SleepError::OutOfBedBeforeFinalWaking;
        assert_eq!(e.to_string(), "The time you got out of bed can't be before your final waking time.");
        assert_eq!(e.field(), "out_of_bed");
    }

    #[test]
    fn bounds_on_time_in_bed() {
        let mut i = night();
        i.tried_to_sleep = i.into_bed;
        i.final_waking = i.into_bed;
        i.out_of_bed = i.into_bed;
        i.minutes_to_fall_asleep = 0;
        i.minutes_awake_in_night = 0;
        assert_eq!(SleepDiary::new(i).unwrap_err(), SleepError::NoTimeInBed);
        let mut i = night();
        i.final_waking = at("2025-03-02T22:31:00+00:00");
        i.out_of_bed = at("2025-03-02T22:31:00+00:00");
        assert_eq!(SleepDiary::new(i).unwrap_err(), SleepError::MoreThanADayInBed);
    }

    #[test]
    fn minutes_awake_must_fit_the_night() {
        let mut i = night();
        i.minutes_to_fall_asleep = 7 * 60 + 31; // tried 23:00, woke 06:30 = 450 min
        assert_eq!(SleepDiary::new(i).unwrap_err(), SleepError::FallingAsleepTooLong);
        let mut i = night();
        i.minutes_awake_in_night = 421;
        assert_eq!(SleepDiary::new(i).unwrap_err(), SleepError::AwakeTooLong);
        let mut i = night();
        i.minutes_awake_in_night = 420; // exactly fills the time: zero sleep, still valid
        let m = SleepDiary::new(i).unwrap().metrics();
        assert_eq!(m.total_sleep_time_min, 30); // the half hour before trying, per domain.md's formula
        let mut i = night();
        i.awakenings = 100;
        assert_eq!(SleepDiary::new(i).unwrap_err(), SleepError::TooManyAwakenings);
    }

    #[test]
    fn night_of_is_the_evening_date() {
        let d = SleepDiary::new(night()).unwrap();
        let date = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(d.check_night_of(date("2025-03-01")).is_ok());
        assert!(d.check_night_of(date("2025-02-28")).is_ok()); // bed after midnight of the 28th
        let err = d.check_night_of(date("2025-03-02")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "The time you got into bed should be on the evening of 2025-03-02 or in the early hours after it."
        );
    }

    #[test]
    fn clock_times_are_placed_across_midnight() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let night_of = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        let [bed, tried, woke, up] = place_clock_times(night_of, t(22, 30), t(23, 0), t(6, 30), t(7, 0));
        assert_eq!(bed.to_string(), "2025-03-01 22:30:00");
        assert_eq!(tried.to_string(), "2025-03-01 23:00:00");
        assert_eq!(woke.to_string(), "2025-03-02 06:30:00");
        assert_eq!(up.to_string(), "2025-03-02 07:00:00");
        let [bed, tried, ..] = place_clock_times(night_of, t(1, 15), t(1, 15), t(9, 0), t(9, 30));
        assert_eq!(bed.to_string(), "2025-03-02 01:15:00");
        assert_eq!(tried, bed);
    }

    fn valid_input() -> impl Strategy<Value = SleepDiaryInput> {
        // Gaps: into→tried, tried→woke, woke→up, with TIB from 1 min to 24 h.
        (0i64..600, 0i64..1000, 0i64..300, -720i32..840, 0u32..=MAX_AWAKENINGS, any::<(u16, u16)>(), 0i64..100_000)
            .prop_filter("tib in 1..=1440", |(a, b, c, ..)| (1..=MINUTES_PER_DAY).contains(&(a + b + c)))
            .prop_map(|(a, b, c, offset_min, awakenings, (s1, s2), start_min)| {
                let offset = FixedOffset::east_opt(offset_min * 60).unwrap();
                let start = at("2024-01-01T00:00:00+00:00").with_timezone(&offset) + TimeDelta::minutes(start_min);
                let sol = i64::from(s1) % (b + 1);
                let waso = i64::from(s2) % (b - sol + 1);
                SleepDiaryInput {
                    into_bed: start,
                    tried_to_sleep: start + TimeDelta::minutes(a),
                    minutes_to_fall_asleep: sol as u32,
                    awakenings,
                    minutes_awake_in_night: waso as u32,
                    final_waking: start + TimeDelta::minutes(a + b),
                    out_of_bed: start + TimeDelta::minutes(a + b + c),
                    quality: SleepQuality::Good,
                }
            })
    }

    proptest! {
        #[test]
        fn efficiency_is_a_percentage_and_sleep_fits_in_bed(input in valid_input()) {
            let m = SleepDiary::new(input).unwrap().metrics();
            prop_assert!((0.0..=100.0).contains(&m.sleep_efficiency_pct));
            prop_assert!(m.total_sleep_time_min <= m.time_in_bed_min);
            prop_assert!(m.total_sleep_time_min >= 0);
        }

        #[test]
        fn anything_accepted_has_sensible_metrics(
            minutes in proptest::array::uniform4(-2000i64..2000),
            sol in 0u32..2000, waso in 0u32..2000, awakenings in 0u32..200,
        ) {
            let base = at("2025-06-01T22:00:00+01:00");
            let input = SleepDiaryInput {
                into_bed: base + TimeDelta::minutes(minutes[0]),
                tried_to_sleep: base + TimeDelta::minutes(minutes[1]),
                minutes_to_fall_asleep: sol,
                awakenings,
                minutes_awake_in_night: waso,
                final_waking: base + TimeDelta::minutes(minutes[2]),
                out_of_bed: base + TimeDelta::minutes(minutes[3]),
                quality: SleepQuality::Poor,
            };
            if let Ok(diary) = SleepDiary::new(input) {
                let m = diary.metrics();
                prop_assert!((0.0..=100.0).contains(&m.sleep_efficiency_pct));
                prop_assert!((0..=m.time_in_bed_min).contains(&m.total_sleep_time_min));
                prop_assert!(m.time_in_bed_min <= MINUTES_PER_DAY);
            }
        }
    }
}
