//! Caseload flags for the project worker (`design.md` Patterns): a short list of facts worth a look,
//! computed from the same diary relative to `today` ("this week" = the 7 days ending today, "last week"
//! the 7 before). A flag is a prompt to talk, never a verdict; each says what was logged.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::finding::{one_dp, short_date, whole};
use super::index::Index;
use super::trends::{MIN_DAYS_PER_WEEK, OME_RISE_FRACTION, ome_mean};
use super::weeks::{Week, week_before};
use crate::ome::HIGH_DOSE_OME_MG_PER_DAY;

/// `design.md` / the issue: "no entries for 3+ days" — today minus the last day with an entry ≥ 3.
pub const NO_ENTRIES_DAYS: i64 = 3;
/// Pain up by ≥ 2 points week on week: about 2 points is the change Farrar 2001 found important
/// (`domain.md` §3).
pub const PAIN_RISE_POINTS: f64 = 2.0;
/// [ASSUMPTION] Stress up by ≥ 2 points on the 0–10 Stress NRS, by analogy with pain; no source.
pub const STRESS_RISE_POINTS: f64 = 2.0;
/// [ASSUMPTION] "Often" = 3 or more in the last 7 days, counting doses with the reason "withdrawal
/// feelings" and "how reducing feels" check-ins with a feeling at "quite a bit" or more.
pub const WITHDRAWAL_DOSES_PER_WEEK: u32 = 3;
/// PHQ-2 and GAD-2 ask about the last 2 weeks (`domain.md` §6), so the latest screen in the last 14 days
/// counts.
pub const SCREEN_DAYS: u64 = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// A day in the last 7 at or above 120 mg/day OME (Opioids Aware key messages 3–4).
    OmeHigh,
    /// This week's mean daily OME ≥ 10% above last week's ([ASSUMPTION]).
    OmeRising,
    NoRecentEntries,
    PainRising,
    StressRising,
    WithdrawalFeelingsOften,
    /// The latest PHQ-2 or GAD-2 in the last 14 days was positive (score ≥ 3, `domain.md` §6).
    MoodScreenPositive,
    /// On a service's waiting list for more than six weeks (`plan::services::LONG_WAIT_DAYS`): from
    /// the plan's referrals, not the diary.
    LongWait,
    /// Logged doses above the medicine plan's step on 5 of the last 7 days: "may want to talk".
    AboveMedicineStep,
    /// A medicine step starts today or in the next 3 days, so the worker can check in first.
    MedicineStepSoon,
    /// An open "I'd like to talk" request, with its age (overdue after 2 working days).
    AskedToTalk,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Flag {
    pub kind: FlagKind,
    /// What was logged, in the third person without a name ("Recorded doses reached…").
    pub detail: String,
}

/// The latest PHQ-2/GAD-2 answer considered by the mood-screen flag: its day and scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Screen {
    pub date: NaiveDate,
    pub phq2: Option<u8>,
    pub gad2: Option<u8>,
    pub positive: bool,
}

pub(crate) fn flags(ix: &Index) -> Vec<Flag> {
    let this = Week::ending(ix, ix.today);
    let last = Week::ending(ix, week_before(ix.today));
    let latest_screen =
        ix.moods.iter().rev().find(|(d, m)| (m.phq2.is_some() || m.gad2.is_some()) && ix.date(*d) <= ix.today).map(
            |(d, m)| Screen {
                date: ix.date(*d),
                phq2: m.phq2_score(),
                gad2: m.gad2_score(),
                positive: m.screen_positive(),
            },
        );
    flags_for(&this, &last, ix.from, ix.today, ix.last_entry_day, latest_screen)
}

/// The flags from a fortnight's summary: this week and last week (7 days each, ending `today`), the
/// latest day with an entry (up to `today`), and the latest mood screen (up to `today`). `from` names
/// the start of what was looked at when there is no entry at all. Shared by [`flags`] (from the diary)
/// and [`super::caseload::flags_from_totals`] (from stored daily totals), so both give the same list.
pub(crate) fn flags_for(
    this: &Week,
    last: &Week,
    from: NaiveDate,
    today: NaiveDate,
    last_entry_day: Option<NaiveDate>,
    latest_screen: Option<Screen>,
) -> Vec<Flag> {
    let mut out = Vec::new();
    let mut flag = |kind, detail: String| out.push(Flag { kind, detail });

    if this.ome_high_days > 0 {
        flag(
            FlagKind::OmeHigh,
            format!(
                "Recorded doses reached {} mg/day OME or more on {} of the last 7 days (highest {} mg).",
                whole(HIGH_DOSE_OME_MG_PER_DAY),
                this.ome_high_days,
                whole(this.ome_max.unwrap_or_default()),
            ),
        );
    }
    if let (Some(now), Some(before)) = (ome_mean(this), ome_mean(last))
        && before > 0.0
        && now >= before * (1.0 + OME_RISE_FRACTION)
    {
        flag(
            FlagKind::OmeRising,
            format!("Average OME {} mg/day this week, up from {} mg/day last week.", whole(now), whole(before)),
        );
    }
    let quiet = match last_entry_day {
        Some(d) => (today - d).num_days(),
        // Nothing at all: count from the first day looked at.
        None => (today - from).num_days() + 1,
    };
    if quiet >= NO_ENTRIES_DAYS {
        let detail = match last_entry_day {
            Some(d) => format!("No diary entries for {quiet} days (last on {}).", short_date(d)),
            None => format!("No diary entries since {}.", short_date(from)),
        };
        flag(FlagKind::NoRecentEntries, detail);
    }
    let rising = |now: Option<f64>, before: Option<f64>, points: f64| match (now, before) {
        (Some(a), Some(b)) if a >= b + points => Some((a, b)),
        _ => None,
    };
    // Minimum data: 3 days with a score in each week ([ASSUMPTION], as for the weekly finding).
    if this.pain.n >= MIN_DAYS_PER_WEEK
        && last.pain.n >= MIN_DAYS_PER_WEEK
        && let Some((a, b)) = rising(this.pain.mean(), last.pain.mean(), PAIN_RISE_POINTS)
    {
        flag(FlagKind::PainRising, format!("Average pain {} this week, up from {} last week.", one_dp(a), one_dp(b)));
    }
    if this.stress.n >= MIN_DAYS_PER_WEEK
        && last.stress.n >= MIN_DAYS_PER_WEEK
        && let Some((a, b)) = rising(this.stress.mean(), last.stress.mean(), STRESS_RISE_POINTS)
    {
        flag(
            FlagKind::StressRising,
            format!("Average stress {} this week, up from {} last week.", one_dp(a), one_dp(b)),
        );
    }
    if this.withdrawal_doses + this.withdrawal_checkins >= WITHDRAWAL_DOSES_PER_WEEK {
        let doses = (this.withdrawal_doses > 0)
            .then(|| format!("{} doses logged with the reason “feeling unwell without it”", this.withdrawal_doses));
        let checkins = (this.withdrawal_checkins > 0)
            .then(|| format!("{} check-ins with a feeling at “quite a bit” or more", this.withdrawal_checkins));
        let what: Vec<String> = [doses, checkins].into_iter().flatten().collect();
        flag(FlagKind::WithdrawalFeelingsOften, format!("In the last 7 days: {}.", what.join(" and ")));
    }
    let screen_from = today.checked_sub_days(Days::new(SCREEN_DAYS - 1)).unwrap_or(today);
    if let Some(screen) = latest_screen.filter(|s| s.date >= screen_from && s.date <= today)
        && screen.positive
    {
        let scores: Vec<String> = [("PHQ-2", screen.phq2), ("GAD-2", screen.gad2)]
            .into_iter()
            .filter_map(|(name, s)| Some(format!("{name} {}", s?)))
            .collect();
        flag(
            FlagKind::MoodScreenPositive,
            format!("The mood check on {} was positive ({}).", short_date(screen.date), scores.join(", ")),
        );
    }
    out
}
