//! "My sleep window", as information, not advice: the last 7 nights' average time in bed, time
//! asleep and sleep efficiency (`domain.md` §5: SE = TST / TIB × 100; a week of nights is the usual
//! minimum). And the sleep hygiene tips a person can choose to try, in our own words from the NHS /
//! Sleep Council list in the same section.
//!
//! Decisions: efficiency over the week is total time asleep over total time in bed (each night
//! weighted by its length), not the mean of the nightly percentages; the window needs at least 5 of
//! the last 7 nights, and says how many more it needs otherwise. Changing a sleep window is planned
//! with a worker or GP (CBT-I), so nothing here suggests one.

use chrono::{Days, NaiveDate};

use crate::diary::medication::word_enum;
use crate::sleep::SleepMetrics;

/// Nights looked at, and how many of them must be logged.
pub const WINDOW_NIGHTS: u64 = 7;
pub const MIN_NIGHTS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SleepWindow {
    /// Too few nights: how many more are needed.
    NeedsNights(usize),
    Known {
        nights: usize,
        mean_in_bed_min: i64,
        mean_asleep_min: i64,
        efficiency_pct: f64,
    },
}

/// The window over the 7 nights ending on the morning of `today` (`nights` are the morning each
/// night ended, with its metrics).
pub fn sleep_window(nights: &[(NaiveDate, SleepMetrics)], today: NaiveDate) -> SleepWindow {
    let first = today.checked_sub_days(Days::new(WINDOW_NIGHTS - 1)).unwrap_or(today);
    let recent: Vec<&SleepMetrics> =
        nights.iter().filter(|(morning, _)| *morning >= first && *morning <= today).map(|(_, m)| m).collect();
    if recent.len() < MIN_NIGHTS {
        return SleepWindow::NeedsNights(MIN_NIGHTS - recent.len());
    }
    let n = recent.len() as i64;
    let in_bed: i64 = recent.iter().map(|m| m.time_in_bed_min).sum();
    let asleep: i64 = recent.iter().map(|m| m.total_sleep_time_min).sum();
    SleepWindow::Known {
        nights: recent.len(),
        mean_in_bed_min: in_bed / n,
        mean_asleep_min: asleep / n,
        efficiency_pct: if in_bed > 0 { asleep as f64 * 100.0 / in_bed as f64 } else { 0.0 },
    }
}

word_enum!(
    /// The sleep hygiene tips a person can choose to try.
    SleepTip, TIP_WORDS {
        SameTimes => "same_times", NoNaps => "no_naps", DarkQuiet => "dark_quiet", MoveEarly => "move_early",
        LessCaffeine => "less_caffeine", LightEvening => "light_evening", ScreensOff => "screens_off",
        WindDown => "wind_down", GetUp => "get_up", NoSleepingTablets => "no_sleeping_tablets",
    }
);

impl SleepTip {
    pub const ALL: [SleepTip; 10] = [
        Self::SameTimes,
        Self::NoNaps,
        Self::DarkQuiet,
        Self::MoveEarly,
        Self::LessCaffeine,
        Self::LightEvening,
        Self::ScreensOff,
        Self::WindDown,
        Self::GetUp,
        Self::NoSleepingTablets,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::SameTimes => "Same times every day",
            Self::NoNaps => "Skip daytime naps",
            Self::DarkQuiet => "A dark, quiet, comfortable room",
            Self::MoveEarly => "Move earlier in the day",
            Self::LessCaffeine => "Less caffeine",
            Self::LightEvening => "A lighter evening",
            Self::ScreensOff => "Screens off before bed",
            Self::WindDown => "Wind down and write worries down",
            Self::GetUp => "If awake, get up for a while",
            Self::NoSleepingTablets => "Go easy on sleeping tablets",
        }
    }

    /// A sentence or two in our own words (from the NHS / Sleep Council tips, `domain.md` §5).
    pub fn text(self) -> &'static str {
        match self {
            Self::SameTimes => {
                "Going to bed and getting up at about the same times, weekends too, helps your body clock settle."
            }
            Self::NoNaps => {
                "A nap can make the night harder. If you need to rest, lie down without sleeping, or keep it short and early."
            }
            Self::DarkQuiet => "Curtains or a mask, earplugs, and pillows that support the parts that hurt.",
            Self::MoveEarly => {
                "Gentle activity helps sleep, best more than four hours before bed. Pace it, as with any activity."
            }
            Self::LessCaffeine => {
                "Tea, coffee, cola and energy drinks can keep you awake for many hours. Try none after midday."
            }
            Self::LightEvening => {
                "No big meal late, and go easy on alcohol: it may help you drop off but wakes you later."
            }
            Self::ScreensOff => "Put phones and tablets away for the last half hour, or dim them right down.",
            Self::WindDown => "A calm half hour before bed. Writing worries down can help them wait until tomorrow.",
            Self::GetUp => "After about 20 minutes awake, go somewhere calm and dim, and come back to bed when sleepy.",
            Self::NoSleepingTablets => {
                "Over-the-counter sleeping tablets aren't meant for regular use. Your GP or pharmacist can talk it through."
            }
        }
    }
}

/// At most this many tips are tried at once.
pub const MAX_TIPS: usize = 3;

/// Where the phone keeps the tips being tried (localStorage: comma-separated words).
pub const TIPS_STORAGE_KEY: &str = "evenkeel.sleep-tips";

/// Keeps known words only, in the order of [`SleepTip::ALL`], at most [`MAX_TIPS`].
pub fn chosen_tips(words: &[String]) -> Vec<SleepTip> {
    SleepTip::ALL.into_iter().filter(|t| words.iter().any(|w| w == t.as_str())).take(MAX_TIPS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn night(in_bed: i64, asleep: i64) -> SleepMetrics {
        SleepMetrics {
            time_in_bed_min: in_bed,
            sleep_onset_latency_min: 0,
            wake_after_sleep_onset_min: in_bed - asleep,
            awakenings: 1,
            terminal_wake_min: 0,
            total_sleep_time_min: asleep,
            sleep_efficiency_pct: asleep as f64 * 100.0 / in_bed as f64,
            minutes_in_bed_before_trying: 0,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn five_of_the_last_seven_nights_give_a_window() {
        // Mornings 1–7 December; the night ending 30 November is outside the week.
        let mut nights = vec![(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), night(600, 100))];
        for d in 1..=4 {
            nights.push((day(d), night(480, 360)));
        }
        assert_eq!(sleep_window(&nights, day(7)), SleepWindow::NeedsNights(1));
        nights.push((day(6), night(540, 486)));
        // (4 × 480 + 540) / 5 = 492 in bed; (4 × 360 + 486) / 5 = 385.2 asleep; 1926 / 2460 = 78.3%.
        match sleep_window(&nights, day(7)) {
            SleepWindow::Known { nights, mean_in_bed_min, mean_asleep_min, efficiency_pct } => {
                assert_eq!((nights, mean_in_bed_min, mean_asleep_min), (5, 492, 385));
                assert!((efficiency_pct - 78.29).abs() < 0.01, "{efficiency_pct}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(sleep_window(&[], day(7)), SleepWindow::NeedsNights(5));
    }

    #[test]
    fn at_most_three_known_tips_are_kept() {
        let keys: Vec<String> =
            ["screens_off", "made_up", "no_naps", "same_times", "less_caffeine"].map(String::from).to_vec();
        assert_eq!(chosen_tips(&keys), vec![SleepTip::SameTimes, SleepTip::NoNaps, SleepTip::LessCaffeine]);
    }
}
