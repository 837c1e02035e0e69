//! What the pattern engine reads: the person's diary entries as parsed [`EntryData`], their medicine
//! list, the period to look at and today's date (passed in: the engine never reads a clock).
//!
//! Days are the person's **local** days: each entry is placed by its own wall-clock time, from the UTC
//! offset it was saved with, so a dose at 23:30 in Spain counts on the Spanish day.

use std::collections::HashMap;

use chrono::{Days, NaiveDate, NaiveDateTime};
use uuid::Uuid;

use crate::diary::{EntryData, EntryTime, Medication};

/// One dated diary entry (anything but a medicine).
#[derive(Debug, Clone, PartialEq)]
pub struct DiaryItem {
    pub id: Uuid,
    /// When it happened, with the offset it was logged in. For a night's sleep: into bed.
    pub at: EntryTime,
    /// The local day it counts towards. A night's sleep counts towards the day it ended (the morning
    /// after `night_of`), so a day's row reads "how I slept last night" and pairs with that day's pain.
    pub day: NaiveDate,
    pub data: EntryData,
}

impl DiaryItem {
    /// `None` for a medicine, which has no time.
    pub fn new(id: Uuid, data: EntryData) -> Option<Self> {
        let at = data.recorded_at()?;
        let day = match &data {
            EntryData::Sleep(s) => s.night_of.checked_add_days(Days::new(1)).unwrap_or(s.night_of),
            _ => at.local().date(),
        };
        Some(Self { id, at, day, data })
    }

    /// Wall-clock time where it was logged.
    pub fn local(&self) -> NaiveDateTime {
        self.at.local()
    }
}

/// Everything [`super::compute`] needs. Entries outside `from..=to` may be included: the days before
/// `from` give the "usual level" baselines (up to 14 days) and the first days of a paced activity, and
/// entries up to `today` feed the caseload flags.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternInput {
    pub entries: Vec<DiaryItem>,
    pub medications: HashMap<Uuid, Medication>,
    /// First day of the period, inclusive.
    pub from: NaiveDate,
    /// Last day of the period, inclusive.
    pub to: NaiveDate,
    /// The person's local date now; "this week" for the flags ends here.
    pub today: NaiveDate,
}

impl PatternInput {
    /// From `(id, entry)` pairs as both the phone's store and the server hold them: medicines go to the
    /// medicine list, everything else becomes a [`DiaryItem`]. Ids are expected to be unique.
    pub fn new(
        entries: impl IntoIterator<Item = (Uuid, EntryData)>,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Self {
        let mut items = Vec::new();
        let mut medications = HashMap::new();
        for (id, data) in entries {
            match data {
                EntryData::Medication(m) => {
                    medications.insert(id, m);
                }
                other => items.extend(DiaryItem::new(id, other)),
            }
        }
        Self { entries: items, medications, from, to, today }
    }
}
