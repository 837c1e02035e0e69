//! Pacing plans (`../shared/domain.md` §4, the I-Engage pacing module): for an activity the patient
//! chooses, the baseline is 80% of the mean of three tries on different days, and the plan then
//! steps up by an agreed increase (10% by default). The target is arithmetic on the agreed plan
//! and nothing else: the app never raises it on its own. A step up, a hold or a step back is
//! something the patient or their worker chooses, and each is kept.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

use crate::diary::{ActivityEntry, ActivityKind};

/// The share of the mean of the tries that makes the baseline (a 20% buffer).
pub const BASELINE_SHARE: f64 = 0.8;
/// How many tries the baseline comes from, on different days.
pub const TRIES: usize = 3;
pub const DEFAULT_INCREASE_PCT: u8 = 10;
/// The largest step up a plan may agree, in percent.
pub const MAX_INCREASE_PCT: u8 = 25;
pub const MAX_ACTIVITY_CHARS: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PacingUnit {
    Minutes,
    Metres,
    Repetitions,
}

impl PacingUnit {
    pub const ALL: [PacingUnit; 3] = [Self::Minutes, Self::Metres, Self::Repetitions];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Minutes => "minutes",
            Self::Metres => "metres",
            Self::Repetitions => "repetitions",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == s)
    }

    /// The unit after a number: "8 minutes", "400 metres", "12 times".
    pub fn words(self) -> &'static str {
        match self {
            Self::Minutes => "minutes",
            Self::Metres => "metres",
            Self::Repetitions => "times",
        }
    }

    /// Targets are whole units, and never below this: a minute, 10 metres, once.
    fn step(self) -> f64 {
        match self {
            Self::Metres => 10.0,
            Self::Minutes | Self::Repetitions => 1.0,
        }
    }

    /// The largest try accepted: a day of minutes, 100 km, 10,000 times.
    fn max_try(self) -> f64 {
        match self {
            Self::Minutes => 24.0 * 60.0,
            Self::Metres => 100_000.0,
            Self::Repetitions => 10_000.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PacingAction {
    /// How the plan began (not something to ask for).
    Start,
    StepUp,
    /// Stay at this level for now (kept, so the plan shows it was a choice).
    Hold,
    StepBack,
}

impl PacingAction {
    pub const ALL: [PacingAction; 4] = [Self::Start, Self::StepUp, Self::Hold, Self::StepBack];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::StepUp => "step_up",
            Self::Hold => "hold",
            Self::StepBack => "step_back",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Start => "Started",
            Self::StepUp => "Stepped up",
            Self::Hold => "Held",
            Self::StepBack => "Stepped back",
        }
    }

    /// The level after this action from `level` (0 is the baseline; never below it).
    pub fn apply(self, level: u32) -> u32 {
        match self {
            Self::Start => 0,
            Self::StepUp => level.saturating_add(1),
            Self::Hold => level,
            Self::StepBack => level.saturating_sub(1),
        }
    }
}

/// One of the tries the baseline comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PacingTry {
    pub day: NaiveDate,
    /// How much, in the plan's unit, before it became too much: above zero, and at most the unit's
    /// largest try.
    #[cfg_attr(feature = "openapi", schema(exclusive_minimum = 0))]
    pub amount: f64,
}

/// `POST /api/patients/{patient_id}/pacing-plans`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PacingRequest {
    /// What, in the patient's words: "Walking", "Gardening".
    #[cfg_attr(feature = "openapi", schema(max_length = 60, pattern = r"\S"))]
    pub activity: String,
    pub unit: PacingUnit,
    /// Three tries on different days.
    #[cfg_attr(feature = "openapi", schema(min_items = 3, max_items = 3))]
    pub tries: Vec<PacingTry>,
    /// The agreed step up, in percent (10 if left out).
    #[serde(default = "default_increase", deserialize_with = "crate::whole::number")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 25))]
    pub increase_pct: u8,
}

fn default_increase() -> u8 {
    DEFAULT_INCREASE_PCT
}

/// `POST /api/patients/{patient_id}/pacing-plans/{plan_id}/steps`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PacingStepRequest {
    /// `step_up`, `hold` or `step_back` (`start` is how a plan begins, not a step to ask for).
    #[cfg_attr(feature = "openapi", schema(schema_with = step_actions))]
    pub action: PacingAction,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PacingChange {
    pub at: DateTime<Utc>,
    pub by_name: String,
    pub action: PacingAction,
    /// The target after it.
    pub target: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PacingView {
    pub id: Uuid,
    pub activity: String,
    pub unit: PacingUnit,
    pub tries: Vec<PacingTry>,
    pub increase_pct: u8,
    /// 80% of the mean of the tries, before rounding.
    pub baseline: f64,
    /// How many steps up from the baseline the plan is now.
    pub level: u32,
    /// Today's target, in whole units.
    pub target: f64,
    /// The target one step up, should the patient choose it.
    pub next_target: f64,
    /// Where the target comes from, in words.
    pub explained: String,
    /// Oldest first.
    pub history: Vec<PacingChange>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PacingError {
    #[error("Please name the activity, like \"Walking\" or \"Gardening\".")]
    NoActivity,
    #[error("Please keep the activity's name under {MAX_ACTIVITY_CHARS} characters.")]
    ActivityTooLong,
    #[error("The baseline needs three tries, each on a different day.")]
    ThreeTries,
    #[error("The three tries need to be on different days.")]
    SameDay,
    #[error("Each try needs an amount above zero.")]
    TryAmount,
    #[error("A step up of 1% to {MAX_INCREASE_PCT}% can be agreed.")]
    Increase,
    #[error("A plan starts by itself: choose to step up, hold or step back.")]
    Start,
}

impl PacingError {
    pub fn field(&self) -> &'static str {
        match self {
            Self::NoActivity | Self::ActivityTooLong => "activity",
            Self::ThreeTries | Self::SameDay | Self::TryAmount => "tries",
            Self::Increase => "increase_pct",
            Self::Start => "action",
        }
    }
}

impl PacingRequest {
    /// Checks a new plan: a named activity, three tries on different days with amounts in range,
    /// and a step up of 1–25%.
    pub fn parse(&self) -> Result<PacingRequest, PacingError> {
        let activity = self.activity.trim();
        if activity.is_empty() {
            return Err(PacingError::NoActivity);
        }
        if activity.chars().count() > MAX_ACTIVITY_CHARS {
            return Err(PacingError::ActivityTooLong);
        }
        if self.tries.len() != TRIES {
            return Err(PacingError::ThreeTries);
        }
        let mut days: Vec<NaiveDate> = self.tries.iter().map(|t| t.day).collect();
        days.sort_unstable();
        days.dedup();
        if days.len() != TRIES {
            return Err(PacingError::SameDay);
        }
        if self.tries.iter().any(|t| !(t.amount > 0.0 && t.amount <= self.unit.max_try())) {
            return Err(PacingError::TryAmount);
        }
        if !(1..=MAX_INCREASE_PCT).contains(&self.increase_pct) {
            return Err(PacingError::Increase);
        }
        Ok(PacingRequest { activity: activity.to_owned(), ..self.clone() })
    }
}

/// The actions a step may ask for: every one but `start`.
#[cfg(feature = "openapi")]
fn step_actions() -> utoipa::openapi::schema::Object {
    crate::api::string_enum(
        PacingAction::ALL.into_iter().filter(|a| *a != PacingAction::Start).map(PacingAction::as_str),
    )
}

impl PacingStepRequest {
    pub fn parse(self) -> Result<PacingAction, PacingError> {
        if self.action == PacingAction::Start { Err(PacingError::Start) } else { Ok(self.action) }
    }
}

/// 80% of the mean of the tries, unrounded.
pub fn baseline(tries: &[PacingTry]) -> f64 {
    if tries.is_empty() {
        return 0.0;
    }
    let mean = tries.iter().map(|t| t.amount).sum::<f64>() / tries.len() as f64;
    mean * BASELINE_SHARE
}

/// The target at `level` steps up: baseline × (1 + increase)^level, rounded to the nearest whole
/// unit (10 metres for distance; halves round up), and never below one unit.
pub fn target(baseline: f64, increase_pct: u8, level: u32, unit: PacingUnit) -> f64 {
    let exact = baseline * (1.0 + f64::from(increase_pct) / 100.0).powi(level.min(1000) as i32);
    let step = unit.step();
    ((exact / step).round() * step).max(step)
}

/// A number as the plan shows it: "7", "7.5", "400".
pub fn amount(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 { format!("{}", rounded as i64) } else { format!("{rounded:.1}") }
}

/// "From your three tries (7, 8 and 7.5 minutes) the mean is 7.5; 80% of that, 6, is the baseline.
/// Stepped up twice by 10%: 7 minutes."
pub fn explain(tries: &[PacingTry], unit: PacingUnit, increase_pct: u8, level: u32) -> String {
    let list: Vec<String> = tries.iter().map(|t| amount(t.amount)).collect();
    let listed = match list.as_slice() {
        [a, b, c] => format!("{a}, {b} and {c}"),
        other => other.join(", "),
    };
    let base = baseline(tries);
    let mean = if tries.is_empty() { 0.0 } else { base / BASELINE_SHARE };
    let start = format!(
        "From your three tries ({listed} {}), the mean is {}; 80% of that, {}, is the baseline.",
        unit.words(),
        amount(mean),
        amount(base)
    );
    let now = amount(target(base, increase_pct, level, unit));
    let steps = match level {
        0 => format!(" Rounded: {now} {}.", unit.words()),
        1 => format!(" Stepped up once by {increase_pct}%: {now} {}.", unit.words()),
        2 => format!(" Stepped up twice by {increase_pct}%: {now} {}.", unit.words()),
        n => format!(" Stepped up {n} times by {increase_pct}%: {now} {}.", unit.words()),
    };
    start + &steps
}

/// Whether an activity entry's "what" is this plan's activity: any word of it begins with the
/// plan's first word, less an "-ing" ("Walking" counts "Walk to the shop" and "walked").
pub fn is_this_activity(plan_activity: &str, what: &str) -> bool {
    let first = plan_activity.split_whitespace().next().unwrap_or_default().to_lowercase();
    let stem = first.strip_suffix("ing").filter(|s| s.chars().count() >= 3).unwrap_or(&first);
    !stem.is_empty() && what.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(stem))
}

/// Minutes of the plan's activity logged on `day` (the entries' own local date); rests don't count.
pub fn minutes_on<'a>(
    plan_activity: &str,
    day: NaiveDate,
    entries: impl IntoIterator<Item = &'a ActivityEntry>,
) -> u32 {
    entries
        .into_iter()
        .filter(|a| a.kind == ActivityKind::Activity && a.started_at.local().date() == day)
        .filter(|a| is_this_activity(plan_activity, &a.what))
        .map(|a| u32::from(a.minutes))
        .sum()
}

/// A day "well over" a pacing target: more than 30% above it, the upper end of the boom-and-bust
/// heuristic in `../shared/domain.md` §4 (activity 20–30% above baseline) [ASSUMPTION].
pub const WELL_OVER_SHARE: f64 = 1.3;

/// The days in `from..=to` when the plan's activity went well over its target, with the minutes.
pub fn days_well_over<'a>(
    plan_activity: &str,
    target: f64,
    from: NaiveDate,
    to: NaiveDate,
    entries: impl IntoIterator<Item = &'a ActivityEntry> + Clone,
) -> Vec<(NaiveDate, u32)> {
    from.iter_days()
        .take_while(|d| *d <= to)
        .map(|d| (d, minutes_on(plan_activity, d, entries.clone())))
        .filter(|(_, minutes)| f64::from(*minutes) > target * WELL_OVER_SHARE)
        .collect()
}

/// Said kindly beside the boom-and-bust card: "On 2 of these days, walking went well over your
/// plan's 7 minutes (25 minutes on the busiest). Big days happen; the plan is there to make the
/// days after easier."
pub fn well_over_line(activity: &str, target: f64, over: &[(NaiveDate, u32)]) -> Option<String> {
    let most = over.iter().map(|(_, m)| *m).max()?;
    let days =
        if over.len() == 1 { "On 1 of these days".to_owned() } else { format!("On {} of these days", over.len()) };
    Some(format!(
        "{days}, {} went well over your plan's {} minutes ({most} minutes on the busiest). Big days happen; the plan is there to make the days after easier.",
        activity.to_lowercase(),
        amount(target)
    ))
}

/// "Walking: 7 of 8 minutes today.", and a rest suggested once the target is reached.
pub fn progress_line(activity: &str, done: u32, target: f64) -> String {
    format!("{activity}: {}", progress(done, target))
}

/// "7 of 8 minutes today.", "today's target is 8 minutes." before any, and once it is reached
/// "8 of 8 minutes. That's today's target: a good time for a rest."
pub fn progress(done: u32, target: f64) -> String {
    let target_text = amount(target);
    if done == 0 {
        format!("today's target is {target_text} minutes.")
    } else if f64::from(done) >= target {
        format!("{done} of {target_text} minutes. That's today's target: a good time for a rest.")
    } else {
        format!("{done} of {target_text} minutes today.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diary::EntryTime;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn tries(amounts: [f64; 3]) -> Vec<PacingTry> {
        ["2026-01-05", "2026-01-06", "2026-01-08"]
            .iter()
            .zip(amounts)
            .map(|(d, amount)| PacingTry { day: day(d), amount })
            .collect()
    }

    fn request(amounts: [f64; 3]) -> PacingRequest {
        PacingRequest {
            activity: " Walking ".into(),
            unit: PacingUnit::Minutes,
            tries: tries(amounts),
            increase_pct: 10,
        }
    }

    #[test]
    fn the_baseline_is_eighty_percent_of_the_mean_of_three_tries() {
        // domain.md §4: a 7-minute tolerance gives a 6-minute baseline (7 × 0.8 = 5.6, rounded).
        let t = tries([7.0, 7.0, 7.0]);
        assert!((baseline(&t) - 5.6).abs() < 1e-9);
        assert_eq!(target(baseline(&t), 10, 0, PacingUnit::Minutes), 6.0);
        let t = tries([7.0, 8.0, 7.5]);
        assert!((baseline(&t) - 6.0).abs() < 1e-9);
    }

    #[test]
    fn steps_compound_and_round_to_whole_units() {
        let base = 6.0;
        let targets: Vec<f64> = (0..5).map(|l| target(base, 10, l, PacingUnit::Minutes)).collect();
        // 6, 6.6, 7.26, 7.986, 8.78: the nearest whole minute.
        assert_eq!(targets, [6.0, 7.0, 7.0, 8.0, 9.0]);
        assert_eq!(target(437.0, 10, 1, PacingUnit::Metres), 480.0, "480.7 m: to the nearest 10 m");
        assert_eq!(target(2.5, 10, 0, PacingUnit::Repetitions), 3.0, "halves round up");
    }

    #[test]
    fn a_target_never_falls_below_one_unit() {
        assert_eq!(target(0.2, 10, 0, PacingUnit::Minutes), 1.0);
        assert_eq!(target(3.0, 10, 0, PacingUnit::Metres), 10.0);
    }

    #[test]
    fn holds_keep_the_level_and_step_backs_never_go_below_the_baseline() {
        use PacingAction::*;
        let level = [StepUp, StepUp, Hold, StepBack, Hold, StepUp].iter().fold(0, |l, a| a.apply(l));
        assert_eq!(level, 2);
        assert_eq!([StepBack, StepBack].iter().fold(1, |l, a| a.apply(l)), 0);
        assert_eq!(Start.apply(7), 0);
    }

    #[test]
    fn where_the_target_comes_from_is_said_in_words() {
        let t = tries([7.0, 8.0, 7.5]);
        assert_eq!(
            explain(&t, PacingUnit::Minutes, 10, 2),
            "From your three tries (7, 8 and 7.5 minutes), the mean is 7.5; 80% of that, 6, is the baseline. Stepped up twice by 10%: 7 minutes."
        );
        assert!(explain(&t, PacingUnit::Minutes, 10, 0).ends_with("Rounded: 6 minutes."));
    }

    #[test]
    fn a_plan_needs_three_tries_on_different_days_and_a_modest_step() {
        assert_eq!(request([7.0, 8.0, 7.5]).parse().unwrap().activity, "Walking");
        let mut r = request([7.0, 8.0, 7.5]);
        r.tries.pop();
        assert_eq!(r.parse(), Err(PacingError::ThreeTries));
        let mut r = request([7.0, 8.0, 7.5]);
        r.tries[2].day = r.tries[0].day;
        assert_eq!(r.parse(), Err(PacingError::SameDay));
        assert_eq!(request([7.0, 0.0, 7.5]).parse(), Err(PacingError::TryAmount));
        assert_eq!(request([7.0, f64::NAN, 7.5]).parse(), Err(PacingError::TryAmount));
        assert_eq!(request([7.0, 2000.0, 7.5]).parse(), Err(PacingError::TryAmount), "over a day of minutes");
        let mut r = request([7.0, 8.0, 7.5]);
        r.increase_pct = 30;
        assert_eq!(r.parse().unwrap_err().field(), "increase_pct");
        r.activity = "  ".into();
        assert_eq!(r.parse(), Err(PacingError::NoActivity));
        assert_eq!(PacingStepRequest { action: PacingAction::Start }.parse(), Err(PacingError::Start));
    }

    #[test]
    fn activity_entries_count_when_they_name_the_activity() {
        assert!(is_this_activity("Walking", "Walk to the shop"));
        assert!(is_this_activity("Walking", "walked the dog"));
        assert!(is_this_activity("Gardening", "Gardening: weeding"));
        assert!(!is_this_activity("Walking", "Ironing"));
        assert!(!is_this_activity("", "Walk"));
    }

    #[test]
    fn minutes_today_add_up_the_activity_and_leave_out_rests_and_other_days() {
        let entry = |at: &str, minutes: u16, what: &str, kind: ActivityKind| ActivityEntry {
            started_at: EntryTime::parse(at).unwrap(),
            minutes,
            what: what.into(),
            effort: None,
            kind,
            rest_break_taken: None,
            felt_after: None,
        };
        let entries = [
            entry("2026-01-05T09:00:00+00:00", 5, "Walk to the corner", ActivityKind::Activity),
            entry("2026-01-05T15:00:00+00:00", 3, "walked back", ActivityKind::Activity),
            entry("2026-01-05T16:00:00+00:00", 20, "Walking", ActivityKind::Rest),
            entry("2026-01-05T17:00:00+00:00", 30, "Ironing", ActivityKind::Activity),
            entry("2026-01-04T23:30:00+00:00", 9, "Walk", ActivityKind::Activity),
            // Just after midnight where the patient is: still the 5th there.
            entry("2026-01-05T00:30:00+01:00", 2, "Walk", ActivityKind::Activity),
        ];
        assert_eq!(minutes_on("Walking", day("2026-01-05"), &entries), 10);
        assert_eq!(progress_line("Walking", 7, 8.0), "Walking: 7 of 8 minutes today.");
        assert_eq!(progress_line("Walking", 0, 8.0), "Walking: today's target is 8 minutes.");
        assert!(progress_line("Walking", 8, 8.0).ends_with("a good time for a rest."));
    }

    #[test]
    fn days_well_over_the_target_are_noted_kindly() {
        let walk = |at: &str, minutes: u16| ActivityEntry {
            started_at: EntryTime::parse(at).unwrap(),
            minutes,
            what: "Walk".into(),
            effort: None,
            kind: ActivityKind::Activity,
            rest_break_taken: None,
            felt_after: None,
        };
        let entries = [
            walk("2026-01-05T10:00:00+00:00", 8),
            walk("2026-01-06T10:00:00+00:00", 9),
            walk("2026-01-07T10:00:00+00:00", 25),
        ];
        // Target 7: 9 is within 30% (9.1), 25 is well over.
        let over = days_well_over("Walking", 7.0, day("2026-01-01"), day("2026-01-10"), &entries);
        assert_eq!(over, vec![(day("2026-01-07"), 25)]);
        assert_eq!(
            well_over_line("Walking", 7.0, &over).as_deref(),
            Some(
                "On 1 of these days, walking went well over your plan's 7 minutes (25 minutes on the busiest). Big days happen; the plan is there to make the days after easier."
            )
        );
        assert_eq!(well_over_line("Walking", 7.0, &[]), None);
    }

    proptest! {
        #[test]
        fn a_step_up_never_lowers_and_a_step_back_never_raises_the_target(
            base in 0.1f64..500.0, pct in 1u8..=25, level in 0u32..30,
        ) {
            let unit = PacingUnit::Minutes;
            let now = target(base, pct, level, unit);
            prop_assert!(target(base, pct, PacingAction::StepUp.apply(level), unit) >= now);
            prop_assert!(target(base, pct, PacingAction::StepBack.apply(level), unit) <= now);
            prop_assert!(now >= 1.0 && now.fract() == 0.0);
        }
    }
}
