//! How many calendar days one patch counts towards a day's OME.
//!
//! A patch dose entry means "put a patch on" (see [`crate::diary::dose`]); the table gives OME **per
//! day while worn**. It counts in full on the day it was put on and each following day until the same
//! medicine's next patch goes on, or until its usual wear time is up, whichever comes first. Counting
//! whole days is a charting approximation: the day a patch is changed counts once, not twice.

use chrono::NaiveDate;

use crate::ome::Opioid;

/// Buprenorphine 7-day patch: one patch for seven days (`domain.md` §1, "7-day patch").
pub const BUPRENORPHINE_7DAY_WEAR_DAYS: u32 = 7;
/// Buprenorphine twice-weekly patch: 3.5 days, counted as **4 calendar days** because a patch put on
/// in the morning is still worn on the fourth day; the next application (say Monday → Thursday) cuts
/// it to 3, so a Monday/Thursday routine alternates 3 and 4 days and covers the week exactly.
pub const BUPRENORPHINE_TWICE_WEEKLY_WEAR_DAYS: u32 = 4;
/// Fentanyl patch: [ASSUMPTION] 72 hours, the usual fentanyl patch interval. This is NOT in
/// `domain.md`; it is counted as 3 calendar days.
pub const FENTANYL_WEAR_DAYS: u32 = 3;

/// The usual number of calendar days one patch counts for, or `None` for a medicine that isn't a patch.
pub fn usual_wear_days(opioid: Opioid) -> Option<u32> {
    match opioid {
        Opioid::BuprenorphinePatch7day => Some(BUPRENORPHINE_7DAY_WEAR_DAYS),
        Opioid::BuprenorphinePatchTwiceWeekly => Some(BUPRENORPHINE_TWICE_WEEKLY_WEAR_DAYS),
        Opioid::FentanylPatch => Some(FENTANYL_WEAR_DAYS),
        _ => None,
    }
}

/// Days a patch put on `applied` counts for, starting with that day. `next_application` is the date the
/// same medicine's next patch went on (a later day; patches put on the same day are worn together).
/// Never less than 1: the day it went on always counts.
pub fn days_worn(opioid: Opioid, applied: NaiveDate, next_application: Option<NaiveDate>) -> u32 {
    let usual = usual_wear_days(opioid).unwrap_or(1);
    let until_next = next_application
        .map(|next| (next - applied).num_days())
        .filter(|gap| *gap > 0)
        .map_or(u32::MAX, |gap| u32::try_from(gap).unwrap_or(u32::MAX));
    usual.min(until_next).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, day).unwrap()
    }

    #[test]
    fn usual_wear_times() {
        assert_eq!(days_worn(Opioid::BuprenorphinePatch7day, d(3), None), 7);
        assert_eq!(days_worn(Opioid::BuprenorphinePatchTwiceWeekly, d(3), None), 4);
        assert_eq!(days_worn(Opioid::FentanylPatch, d(3), None), 3);
        assert_eq!(usual_wear_days(Opioid::Morphine), None);
    }

    #[test]
    fn the_next_patch_takes_over() {
        // Monday 3 March and Thursday 6 March: Mon–Wed (3 days), then Thu–Sun (4 days) = one week.
        assert_eq!(days_worn(Opioid::BuprenorphinePatchTwiceWeekly, d(3), Some(d(6))), 3);
        assert_eq!(days_worn(Opioid::BuprenorphinePatchTwiceWeekly, d(6), Some(d(10))), 4);
        // A 7-day patch changed early on day 5 counts 5 days.
        assert_eq!(days_worn(Opioid::BuprenorphinePatch7day, d(3), Some(d(8))), 5);
        // A next patch later than the usual time doesn't stretch the old one.
        assert_eq!(days_worn(Opioid::FentanylPatch, d(3), Some(d(10))), 3);
        // Same day (worn together) or a bad date: the day it went on still counts.
        assert_eq!(days_worn(Opioid::FentanylPatch, d(3), Some(d(3))), 3);
        assert_eq!(days_worn(Opioid::FentanylPatch, d(3), Some(d(1))), 3);
    }
}
