//! The medicine plan: the prescriber's reduction steps, entered by a project worker on the
//! prescriber's behalf (issue 13, `domain.md` §2).
//!
//! **The app never recommends, calculates or changes a dose.** A step holds the daily amount the
//! prescriber wrote, per medicine. The app adds only two facts: each step's oral morphine
//! equivalent (from the versioned table in [`crate::ome`]) and the change from the step before, as
//! a percentage, so a plan can be read on one scale. No "too fast" or "too slow": judging a plan is
//! the prescriber's.
//!
//! Every save is a new version. A pause, a slower step or a return to an earlier step is written as
//! a new version with a reason, so the history says who changed what, when and why.

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

use crate::dates::long_date;
use crate::diary::Medication;
use crate::ome::{OmeOutcome, Table};
use crate::patterns::caseload::DailyTotals;

pub const MAX_STEPS: usize = 26;
pub const MAX_MEDICINES_PER_STEP: usize = 4;
pub const MAX_REVIEW_DATES: usize = 12;
pub const MAX_PRESCRIBER_CHARS: usize = 80;
pub const MAX_HOW_CHARS: usize = 80;
pub const MAX_REASON_CHARS: usize = 300;
/// An upper bound that catches a slip of the finger (mg a day, or mcg/h for a patch).
pub const MAX_DAILY_AMOUNT: f64 = 5000.0;

/// The "above the step" flag: actual OME above the step on this many of the last [`FLAG_WINDOW_DAYS`].
pub const ABOVE_STEP_DAYS: usize = 5;
pub const FLAG_WINDOW_DAYS: u64 = 7;
/// The "a step starts soon" flag: a step starting today or in the next 3 days.
pub const STEP_SOON_DAYS: i64 = 3;
/// A check-in is invited in the first two weeks of a step.
pub const CHECK_IN_DAYS: i64 = 14;

/// One medicine's daily amount in a step, as the prescriber wrote it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepAmount {
    /// The patient's medicine (a `medication` diary entry).
    pub medication_id: Uuid,
    /// The total a day: mg for a medicine swallowed, mcg/h for a patch. Zero means stopped.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 5000))]
    pub daily_amount: f64,
    /// How it is taken, in the prescriber's words: "10 mg morning and evening".
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 80))]
    pub how: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanStep {
    pub starts_on: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 4))]
    pub amounts: Vec<StepAmount>,
}

/// `PUT /api/patients/{patient_id}/medicine-plan`: a new version of the whole plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MedicinePlanRequest {
    /// Who decided the plan: "Dr Patel, Riverside Surgery".
    #[cfg_attr(feature = "openapi", schema(max_length = 80, pattern = r"\S"))]
    pub prescriber: String,
    /// The day the plan (or this change) was agreed with the prescriber.
    pub agreed_on: NaiveDate,
    /// Each step starting after the one before.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 26))]
    pub steps: Vec<PlanStep>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 12))]
    pub review_dates: Vec<NaiveDate>,
    /// Why it changed; needed for every version after the first ("Paused for two weeks: a flare").
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub reason: String,
}

/// One step as everyone sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepView {
    pub starts_on: NaiveDate,
    pub amounts: Vec<StepAmountView>,
    /// OME mg a day of the step; `None` when some amount can't be converted (see `ome_note`).
    pub ome_mg: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ome_note: Option<String>,
    /// Change from the step before, in percent to one decimal place (−10.0 is a tenth less).
    pub change_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepAmountView {
    pub medication_id: Uuid,
    pub name: String,
    pub daily_amount: f64,
    /// "mg" or "mcg/h".
    pub unit: String,
    pub how: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MedicinePlanView {
    /// 1 for the first plan, then one more for each change.
    pub version: u32,
    pub prescriber: String,
    pub agreed_on: NaiveDate,
    pub steps: Vec<StepView>,
    pub review_dates: Vec<NaiveDate>,
    pub reason: String,
    /// The worker who entered this version.
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
    /// The OME table the figures come from.
    pub table_version: String,
    /// For the patient: "From Tuesday 3 March: Zomorph 20 mg a day (10 mg morning and evening)".
    pub this_step: Option<String>,
    pub next_step: Option<String>,
    /// The index in `steps` of the step in force today.
    pub current: Option<usize>,
}

/// `GET /api/patients/{patient_id}/medicine-plan`: the current version (none before the first), and
/// with `?versions=all` every version, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MedicinePlanResponse {
    pub current: Option<MedicinePlanView>,
    #[serde(default)]
    pub versions: Vec<MedicinePlanView>,
    /// For a project worker entering the plan: the patient's medicines a step can name.
    #[serde(default)]
    pub medicines: Vec<MedicineChoice>,
}

/// A medicine a step can name, with the unit its daily amount is in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MedicineChoice {
    pub id: Uuid,
    pub name: String,
    /// "mg" for a medicine swallowed, "mcg/h" for a patch.
    pub unit: String,
}

/// Said on every screen that shows the plan (`domain.md` §2).
pub const WHOSE_PLAN: &str = "This plan is your prescriber's. The app shows it; it never suggests or changes a dose.";
/// Always beside the plan.
pub const TALK_FIRST: &str = "Thinking of changing how you take your medicine? Talk to someone first.";
/// Beside the steps (`domain.md` §2): tolerance falls during a reduction.
pub const TOLERANCE: &str = "As a dose comes down, the body gets used to less. Going back quickly to an earlier, higher dose can be dangerous, so talk to your GP first.";

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MedicinePlanError {
    #[error("Please say who prescribed this plan.")]
    NoPrescriber,
    #[error("Please add at least one step.")]
    NoSteps,
    #[error("A plan can hold up to {MAX_STEPS} steps.")]
    TooManySteps,
    #[error("Each step needs at least one medicine, and at most {MAX_MEDICINES_PER_STEP}.")]
    StepMedicines,
    #[error("Each step starts after the one before it.")]
    StepOrder,
    #[error("A medicine appears twice in one step.")]
    SameMedicineTwice,
    #[error("A daily amount is a number from 0 to 5000.")]
    Amount,
    #[error("That medicine isn't on the patient's medicine list.")]
    UnknownMedicine,
    #[error("Please say why the plan changed.")]
    NoReason,
    #[error("A plan can have up to {MAX_REVIEW_DATES} review dates.")]
    TooManyReviews,
    #[error("Please keep this shorter.")]
    TooLong { field: &'static str },
}

impl MedicinePlanError {
    pub fn field(&self) -> &'static str {
        match self {
            Self::NoPrescriber => "prescriber",
            Self::NoSteps | Self::TooManySteps | Self::StepMedicines | Self::StepOrder => "steps",
            Self::SameMedicineTwice | Self::Amount | Self::UnknownMedicine => "steps",
            Self::NoReason => "reason",
            Self::TooManyReviews => "review_dates",
            Self::TooLong { field } => field,
        }
    }
}

fn trimmed(raw: &str, max: usize, field: &'static str) -> Result<String, MedicinePlanError> {
    let t = raw.trim();
    if t.chars().count() > max {
        return Err(MedicinePlanError::TooLong { field });
    }
    Ok(t.to_owned())
}

impl MedicinePlanRequest {
    /// Checks and tidies a plan. `is_change`: an earlier version exists, so a reason is needed.
    /// `medicines`: the patient's medicine list, which every amount must name.
    pub fn parse(
        &self,
        is_change: bool,
        medicines: &HashMap<Uuid, Medication>,
    ) -> Result<MedicinePlanRequest, MedicinePlanError> {
        let prescriber = trimmed(&self.prescriber, MAX_PRESCRIBER_CHARS, "prescriber")?;
        if prescriber.is_empty() {
            return Err(MedicinePlanError::NoPrescriber);
        }
        let reason = trimmed(&self.reason, MAX_REASON_CHARS, "reason")?;
        if is_change && reason.is_empty() {
            return Err(MedicinePlanError::NoReason);
        }
        if self.steps.is_empty() {
            return Err(MedicinePlanError::NoSteps);
        }
        if self.steps.len() > MAX_STEPS {
            return Err(MedicinePlanError::TooManySteps);
        }
        if self.steps.windows(2).any(|w| w[1].starts_on <= w[0].starts_on) {
            return Err(MedicinePlanError::StepOrder);
        }
        let steps = self.steps.iter().map(|s| parse_step(s, medicines)).collect::<Result<_, _>>()?;
        if self.review_dates.len() > MAX_REVIEW_DATES {
            return Err(MedicinePlanError::TooManyReviews);
        }
        let mut review_dates = self.review_dates.clone();
        review_dates.sort();
        review_dates.dedup();
        Ok(MedicinePlanRequest { prescriber, agreed_on: self.agreed_on, steps, review_dates, reason })
    }
}

fn parse_step(step: &PlanStep, medicines: &HashMap<Uuid, Medication>) -> Result<PlanStep, MedicinePlanError> {
    if step.amounts.is_empty() || step.amounts.len() > MAX_MEDICINES_PER_STEP {
        return Err(MedicinePlanError::StepMedicines);
    }
    let mut amounts = Vec::with_capacity(step.amounts.len());
    for a in &step.amounts {
        if !a.daily_amount.is_finite() || !(0.0..=MAX_DAILY_AMOUNT).contains(&a.daily_amount) {
            return Err(MedicinePlanError::Amount);
        }
        if !medicines.contains_key(&a.medication_id) {
            return Err(MedicinePlanError::UnknownMedicine);
        }
        if amounts.iter().any(|b: &StepAmount| b.medication_id == a.medication_id) {
            return Err(MedicinePlanError::SameMedicineTwice);
        }
        amounts.push(StepAmount { how: trimmed(&a.how, MAX_HOW_CHARS, "how")?, ..a.clone() });
    }
    Ok(PlanStep { starts_on: step.starts_on, amounts })
}

/// Hundredths of a mg, so sums and percentages are exact.
fn centi(mg: f64) -> i64 {
    (mg * 100.0).round() as i64
}

/// A step's OME a day: the sum over its medicines, or the reason one can't be converted.
pub fn step_ome(step: &PlanStep, medicines: &HashMap<Uuid, Medication>, table: &Table) -> Result<f64, String> {
    let mut total = 0i64;
    for a in &step.amounts {
        let Some(m) = medicines.get(&a.medication_id) else {
            return Err("A medicine in this step is no longer on the medicine list.".to_owned());
        };
        if a.daily_amount == 0.0 {
            continue;
        }
        let outcome = if m.opioid.is_patch() {
            table.ome_mg_per_day_for_patch(m.opioid, a.daily_amount)
        } else {
            table.ome_for_dose(m.opioid, a.daily_amount)
        };
        match outcome {
            OmeOutcome::Converted { mg } => total += centi(mg),
            OmeOutcome::NotAnOpioid => {}
            OmeOutcome::NotConverted(why) => return Err(why.message),
        }
    }
    Ok(total as f64 / 100.0)
}

/// The change from `before` to `now` in percent, to one decimal place, computed in whole hundredths
/// of a mg so that 60 → 54 is exactly −10.0. `None` from zero (no percentage of nothing).
pub fn change_pct(before: f64, now: f64) -> Option<f64> {
    let (b, n) = (centi(before), centi(now));
    if b <= 0 {
        return None;
    }
    // Tenths of a percent, rounded half away from zero.
    let num = (n - b) * 1000;
    let tenths = if num >= 0 { (num + b / 2) / b } else { -((-num + b / 2) / b) };
    Some(tenths as f64 / 10.0)
}

/// The index of the step in force on `day`: the last one started on or before it.
pub fn step_on(steps: &[PlanStep], day: NaiveDate) -> Option<usize> {
    steps.iter().rposition(|s| s.starts_on <= day)
}

/// The steps as everyone sees them: names, units, OME and change.
pub fn step_views(steps: &[PlanStep], medicines: &HashMap<Uuid, Medication>, table: &Table) -> Vec<StepView> {
    let mut out: Vec<StepView> = Vec::with_capacity(steps.len());
    for step in steps {
        let ome = step_ome(step, medicines, table);
        let before = out.last().and_then(|s| s.ome_mg);
        let change_pct = match (&ome, before) {
            (Ok(now), Some(b)) => change_pct(b, *now),
            _ => None,
        };
        let amounts = step
            .amounts
            .iter()
            .map(|a| {
                let m = medicines.get(&a.medication_id);
                StepAmountView {
                    medication_id: a.medication_id,
                    name: m.map_or_else(|| "A medicine no longer listed".to_owned(), |m| m.name.clone()),
                    daily_amount: a.daily_amount,
                    unit: if m.is_some_and(|m| m.opioid.is_patch()) { "mcg/h" } else { "mg" }.to_owned(),
                    how: a.how.clone(),
                }
            })
            .collect();
        out.push(StepView {
            starts_on: step.starts_on,
            amounts,
            ome_mg: ome.as_ref().ok().copied(),
            ome_note: ome.err(),
            change_pct,
        });
    }
    out
}

fn amount_words(a: &StepAmountView) -> String {
    // `{}` writes 20.0 as "20" and 12.5 as "12.5": the amount as the prescriber wrote it.
    let amount = a.daily_amount;
    let main = if a.daily_amount == 0.0 {
        format!("{} stopped", a.name)
    } else if a.unit == "mcg/h" {
        format!("{} {amount} mcg/h patch", a.name)
    } else {
        format!("{} {amount} mg a day", a.name)
    };
    if a.how.is_empty() { main } else { format!("{main} ({})", a.how) }
}

/// "From Tuesday 3 March: Zomorph 20 mg a day (10 mg morning and evening)".
pub fn step_line(step: &StepView) -> String {
    let what: Vec<String> = step.amounts.iter().map(amount_words).collect();
    format!("From {}: {}", long_date(step.starts_on), what.join("; "))
}

/// Fills in the patient's lines and the step in force on `today`.
pub fn with_today(mut view: MedicinePlanView, today: NaiveDate) -> MedicinePlanView {
    let current = view.steps.iter().rposition(|s| s.starts_on <= today);
    let next = view.steps.iter().position(|s| s.starts_on > today);
    view.this_step = current.map(|i| step_line(&view.steps[i]));
    view.next_step = next.map(|i| format!("Next: {}", step_line(&view.steps[i])));
    view.current = current;
    view
}

/// For Today: a line on the first day of a step, and for the days just before one starts.
pub fn today_line(view: &MedicinePlanView, today: NaiveDate) -> Option<String> {
    let step = view.steps.iter().find(|s| {
        let days = (s.starts_on - today).num_days();
        (0..=1).contains(&days)
    })?;
    let when = if step.starts_on == today { "today" } else { "tomorrow" };
    Some(format!("Your next medicine step starts {when}: {}", step_line(step)))
}

/// Days in the first two weeks of the step in force, when a check-in is invited.
pub fn in_first_fortnight(steps: &[PlanStep], today: NaiveDate) -> bool {
    step_on(steps, today).is_some_and(|i| within_fortnight(steps[i].starts_on, today))
}

fn within_fortnight(start: NaiveDate, today: NaiveDate) -> bool {
    (today - start).num_days() < CHECK_IN_DAYS
}

impl MedicinePlanView {
    /// [`in_first_fortnight`] for the plan as the phone holds it (its step in force, `current`).
    pub fn invites_check_in(&self, today: NaiveDate) -> bool {
        self.current.and_then(|i| self.steps.get(i)).is_some_and(|s| within_fortnight(s.starts_on, today))
    }
}

/// One day of actual against planned, for the chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayAgainstPlan {
    pub day: NaiveDate,
    /// OME of the doses logged that local day (0 when none were logged; `None` when some dose could
    /// not be converted).
    pub actual_mg: Option<f64>,
    /// The step's OME that day; `None` before the plan or when the step can't be converted.
    pub planned_mg: Option<f64>,
}

impl DayAgainstPlan {
    /// Above the step by more than rounding (0.5 mg).
    pub fn is_above(&self) -> bool {
        matches!((self.actual_mg, self.planned_mg), (Some(a), Some(p)) if centi(a) > centi(p) + 50)
    }

    pub fn matches(&self) -> bool {
        matches!((self.actual_mg, self.planned_mg), (Some(a), Some(p)) if (centi(a) - centi(p)).abs() <= 50)
    }
}

/// A day's actual OME from the pattern engine's totals: 0 when no opioid dose was logged, `None`
/// when some dose couldn't be converted (the total would be too low to compare).
pub fn actual_of(t: &DailyTotals) -> Option<f64> {
    if t.ome_complete { Some(t.ome_mg.unwrap_or(0.0)) } else { None }
}

/// Each local day `from..=to` with its actual OME (`actual`: the day's total from the pattern
/// engine, which already places each dose on the local day it was taken) and the step's planned OME.
pub fn against_plan(
    actual: &HashMap<NaiveDate, Option<f64>>,
    steps: &[PlanStep],
    step_ome: &[Option<f64>],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<DayAgainstPlan> {
    from.iter_days()
        .take_while(|d| *d <= to)
        .map(|day| DayAgainstPlan {
            day,
            actual_mg: actual.get(&day).copied().unwrap_or(Some(0.0)),
            planned_mg: step_on(steps, day).and_then(|i| step_ome.get(i).copied().flatten()),
        })
        .collect()
}

/// `GET …/medicine-plan/days`: each day's actual OME against the plan, and the check-ins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDays {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Empty when the caller doesn't hold `doses` (the plan alone is then shown).
    pub days: Vec<DayAgainstPlan>,
    /// Whether actual OME was read (`doses`).
    pub with_doses: bool,
    /// The step dates inside the period.
    pub step_starts: Vec<NaiveDate>,
    /// Each day with a "how reducing feels" check-in, and how many feelings were there.
    pub checkins: Vec<CheckinDay>,
    /// "In the first week of this step, most days matched the plan."
    pub observation: Option<String>,
    pub table_version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinDay {
    pub day: NaiveDate,
    /// Feelings at "quite a bit" or "a lot".
    pub strong: u32,
    /// Feelings there at all.
    pub any: u32,
}

/// Days above the step in the 7 days ending `today`, when it reaches [`ABOVE_STEP_DAYS`].
pub fn above_step_days(days: &[DayAgainstPlan], today: NaiveDate) -> Option<usize> {
    let start = today.checked_sub_days(Days::new(FLAG_WINDOW_DAYS - 1))?;
    let n = days.iter().filter(|d| d.day >= start && d.day <= today && d.is_above()).count();
    (n >= ABOVE_STEP_DAYS).then_some(n)
}

/// A step starting today or in the next [`STEP_SOON_DAYS`] days.
pub fn step_starting_soon(steps: &[PlanStep], today: NaiveDate) -> Option<NaiveDate> {
    steps.iter().map(|s| s.starts_on).find(|d| (0..=STEP_SOON_DAYS).contains(&(*d - today).num_days()))
}

/// The sentence under the chart: how the first week of the step in force went, as an observation.
pub fn observation(days: &[DayAgainstPlan], steps: &[PlanStep], today: NaiveDate) -> Option<String> {
    let i = step_on(steps, today)?;
    let start = steps[i].starts_on;
    let first_week: Vec<&DayAgainstPlan> =
        days.iter().filter(|d| d.day >= start && d.day <= today && (d.day - start).num_days() < 7).collect();
    if first_week.len() < 3 {
        return None;
    }
    // No dose logged at all is more likely an empty diary than a day without medicine.
    if first_week.iter().all(|d| d.actual_mg == Some(0.0)) {
        return Some("No doses were logged in this step yet, so there is nothing to set against the plan.".to_owned());
    }
    let matched = first_week.iter().filter(|d| d.matches()).count();
    let above = first_week.iter().filter(|d| d.is_above()).count();
    let period = if first_week.len() >= 7 { "In the first week of this step" } else { "So far in this step" };
    Some(if matched * 2 > first_week.len() {
        format!("{period}, most days matched the plan.")
    } else if above * 2 > first_week.len() {
        format!("{period}, most days were above the plan. That can happen; it may help to talk it through.")
    } else {
        format!("{period}, {matched} of {} days matched the plan.", first_week.len())
    })
}

/// What the patient sees when the plan is read on a day: the whole view for `today`.
pub fn view(
    version: u32,
    req: &MedicinePlanRequest,
    medicines: &HashMap<Uuid, Medication>,
    entered: (String, DateTime<Utc>),
    today: NaiveDate,
) -> MedicinePlanView {
    let table = Table::current();
    with_today(
        MedicinePlanView {
            version,
            prescriber: req.prescriber.clone(),
            agreed_on: req.agreed_on,
            steps: step_views(&req.steps, medicines, table),
            review_dates: req.review_dates.clone(),
            reason: req.reason.clone(),
            entered_by: entered.0,
            entered_at: entered.1,
            table_version: table.version.to_owned(),
            this_step: None,
            next_step: None,
            current: None,
        },
        today,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diary::EntryData;
    use serde_json::json;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const ZOMORPH: Uuid = Uuid::from_u128(1);
    const OXY: Uuid = Uuid::from_u128(2);
    const PATCH: Uuid = Uuid::from_u128(3);
    const METHADONE: Uuid = Uuid::from_u128(4);

    fn medicines() -> HashMap<Uuid, Medication> {
        let med = |v| match EntryData::parse(crate::diary::EntryKind::Medication, &v).unwrap() {
            EntryData::Medication(m) => m,
            _ => unreachable!(),
        };
        HashMap::from([
            (
                ZOMORPH,
                med(
                    json!({"name": "Zomorph", "opioid": "morphine", "strength": 10.0, "unit": "mg", "form": "capsule", "schedule": "scheduled", "usual_amount": 10.0}),
                ),
            ),
            (
                OXY,
                med(
                    json!({"name": "OxyContin", "opioid": "oxycodone", "strength": 10.0, "unit": "mg", "form": "tablet", "schedule": "scheduled", "usual_amount": 10.0}),
                ),
            ),
            (
                PATCH,
                med(
                    json!({"name": "Fentanyl patch", "opioid": "fentanyl_patch", "strength": 25.0, "unit": "mcg_per_hour", "form": "patch", "schedule": "scheduled", "usual_amount": 1.0}),
                ),
            ),
            (
                METHADONE,
                med(
                    json!({"name": "Methadone", "opioid": "methadone", "strength": 1.0, "unit": "mg_per_ml", "form": "liquid", "schedule": "scheduled", "usual_amount": 10.0}),
                ),
            ),
        ])
    }

    fn step(starts: &str, amounts: &[(Uuid, f64)]) -> PlanStep {
        PlanStep {
            starts_on: day(starts),
            amounts: amounts
                .iter()
                .map(|(id, a)| StepAmount { medication_id: *id, daily_amount: *a, how: String::new() })
                .collect(),
        }
    }

    fn request(steps: Vec<PlanStep>) -> MedicinePlanRequest {
        MedicinePlanRequest {
            prescriber: " Dr Patel ".to_owned(),
            agreed_on: day("2027-02-20"),
            steps,
            review_dates: vec![day("2027-04-01"), day("2027-03-15"), day("2027-04-01")],
            reason: String::new(),
        }
    }

    #[test]
    fn step_ome_and_change_are_exact() {
        let meds = medicines();
        let table = Table::current();
        let steps = [
            step("2027-03-03", &[(OXY, 40.0)]),                 // 40 × 1.5 = 60
            step("2027-03-17", &[(OXY, 36.0)]),                 // 54: exactly −10.0%
            step("2027-03-31", &[(OXY, 30.0), (ZOMORPH, 5.0)]), // 45 + 5 = 50: −7.4% (−7.407…)
            step("2027-04-14", &[(PATCH, 25.0)]),               // 60 mg/day from the patch table: +20.0%
            step("2027-04-28", &[(PATCH, 0.0)]),                // stopped: 0, −100.0%
        ];
        let views = step_views(&steps, &meds, table);
        let ome: Vec<Option<f64>> = views.iter().map(|v| v.ome_mg).collect();
        assert_eq!(ome, [Some(60.0), Some(54.0), Some(50.0), Some(60.0), Some(0.0)]);
        let pct: Vec<Option<f64>> = views.iter().map(|v| v.change_pct).collect();
        assert_eq!(pct, [None, Some(-10.0), Some(-7.4), Some(20.0), Some(-100.0)]);
        assert_eq!(change_pct(0.0, 10.0), None, "no percentage of nothing");
        assert_eq!(change_pct(40.0, 39.98), Some(-0.1), "−0.05% rounds half away from zero");
        assert_eq!(change_pct(40.0, 40.02), Some(0.1));
        assert_eq!(change_pct(30.0, 29.99), Some(0.0));
        assert_eq!(views[3].amounts[0].unit, "mcg/h");
    }

    #[test]
    fn a_step_that_cannot_be_converted_says_why_and_breaks_no_later_change() {
        let meds = medicines();
        let steps = [step("2027-03-03", &[(METHADONE, 30.0)]), step("2027-03-17", &[(METHADONE, 25.0)])];
        let views = step_views(&steps, &meds, Table::current());
        assert_eq!(views[0].ome_mg, None);
        assert!(views[0].ome_note.as_deref().unwrap().contains("no fixed conversion"), "{:?}", views[0].ome_note);
        assert_eq!(views[1].change_pct, None);
    }

    #[test]
    fn a_plan_is_checked_and_a_change_needs_a_reason() {
        let meds = medicines();
        let ok = request(vec![step("2027-03-03", &[(OXY, 40.0)]), step("2027-03-17", &[(OXY, 36.0)])]);
        let parsed = ok.parse(false, &meds).unwrap();
        assert_eq!(parsed.prescriber, "Dr Patel");
        assert_eq!(parsed.review_dates, [day("2027-03-15"), day("2027-04-01")]);
        assert_eq!(ok.parse(true, &meds), Err(MedicinePlanError::NoReason));
        let mut changed = ok.clone();
        changed.reason = "Paused for two weeks: a flare".to_owned();
        assert!(changed.parse(true, &meds).is_ok());
        let err = |steps| request(steps).parse(false, &meds).unwrap_err();
        assert_eq!(err(vec![]), MedicinePlanError::NoSteps);
        assert_eq!(
            err(vec![step("2027-03-17", &[(OXY, 36.0)]), step("2027-03-03", &[(OXY, 40.0)])]),
            MedicinePlanError::StepOrder
        );
        assert_eq!(err(vec![step("2027-03-03", &[(OXY, -1.0)])]), MedicinePlanError::Amount);
        assert_eq!(err(vec![step("2027-03-03", &[(Uuid::from_u128(9), 1.0)])]), MedicinePlanError::UnknownMedicine);
        assert_eq!(err(vec![step("2027-03-03", &[(OXY, 1.0), (OXY, 2.0)])]), MedicinePlanError::SameMedicineTwice);
        assert_eq!(MedicinePlanError::NoReason.to_string(), "Please say why the plan changed.");
    }

    #[test]
    fn versions_keep_history() {
        // A later version is a new record built from its own request; an earlier one is untouched.
        let meds = medicines();
        let at = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let first = request(vec![step("2027-03-03", &[(OXY, 40.0)]), step("2027-03-17", &[(OXY, 36.0)])]);
        let v1 = view(1, &first.parse(false, &meds).unwrap(), &meds, ("Jo".to_owned(), at), day("2027-03-10"));
        let mut paused = first.clone();
        paused.steps[1].starts_on = day("2027-03-31");
        paused.reason = "A pause: a flare".to_owned();
        let v2 = view(2, &paused.parse(true, &meds).unwrap(), &meds, ("Jo".to_owned(), at), day("2027-03-10"));
        assert_eq!(v1.steps[1].starts_on, day("2027-03-17"));
        assert_eq!(v2.steps[1].starts_on, day("2027-03-31"));
        assert_eq!((v1.version, v2.version, v2.reason.as_str()), (1, 2, "A pause: a flare"));
    }

    #[test]
    fn this_step_and_the_next_in_words() {
        let meds = medicines();
        let mut req = request(vec![step("2027-03-03", &[(OXY, 40.0)]), step("2027-03-17", &[(OXY, 35.0)])]);
        req.steps[0].amounts[0].how = "20 mg morning and evening".to_owned();
        let at = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let v = view(1, &req, &meds, ("Jo".to_owned(), at), day("2027-03-10"));
        assert_eq!(
            v.this_step.as_deref(),
            Some("From Wednesday 3 March: OxyContin 40 mg a day (20 mg morning and evening)")
        );
        assert_eq!(v.next_step.as_deref(), Some("Next: From Wednesday 17 March: OxyContin 35 mg a day"));
        assert_eq!(v.current, Some(0));
        let before = with_today(v.clone(), day("2027-03-01"));
        assert_eq!((before.current, before.this_step.is_none()), (None, true));
        assert_eq!(
            today_line(&v, day("2027-03-17")).as_deref(),
            Some("Your next medicine step starts today: From Wednesday 17 March: OxyContin 35 mg a day")
        );
        assert!(today_line(&v, day("2027-03-16")).unwrap().contains("tomorrow"));
        assert_eq!(today_line(&v, day("2027-03-18")), None);
    }

    fn days_with(actual: &[(&str, Option<f64>)], steps: &[PlanStep], from: &str, to: &str) -> Vec<DayAgainstPlan> {
        let meds = medicines();
        let ome: Vec<Option<f64>> = step_views(steps, &meds, Table::current()).iter().map(|s| s.ome_mg).collect();
        let actual = actual.iter().map(|(d, mg)| (day(d), *mg)).collect();
        against_plan(&actual, steps, &ome, day(from), day(to))
    }

    #[test]
    fn actual_against_planned_is_matched_by_the_patients_local_day() {
        use crate::patterns::caseload::daily_totals;
        use crate::patterns::input::PatternInput;
        // 20 mg oxycodone at 23:30 in Madrid (+01:00) is 22:30 UTC on the 9th; at 00:30 in Madrid
        // on the 11th it is still the 10th in UTC. Each counts on its local day.
        let meds = medicines();
        let dose = |at: &str| {
            EntryData::parse(
                crate::diary::EntryKind::Dose,
                &json!({"medication_id": OXY, "amount": 20.0, "taken_at": at, "reasons": ["pain"]}),
            )
            .unwrap()
        };
        let mut entries: Vec<(Uuid, EntryData)> =
            meds.iter().map(|(id, m)| (*id, EntryData::Medication(m.clone()))).collect();
        entries.push((Uuid::from_u128(10), dose("2027-03-09T23:30:00+01:00")));
        entries.push((Uuid::from_u128(11), dose("2027-03-11T00:30:00+01:00")));
        let input = PatternInput::new(entries, day("2027-03-08"), day("2027-03-11"), day("2027-03-11"));
        let actual: HashMap<NaiveDate, Option<f64>> =
            daily_totals(&input).iter().map(|t| (t.date, actual_of(t))).collect();
        let steps = [step("2027-03-10", &[(OXY, 20.0)])];
        let ome = [Some(30.0)];
        let days = against_plan(&actual, &steps, &ome, day("2027-03-08"), day("2027-03-11"));
        let pairs: Vec<(NaiveDate, Option<f64>, Option<f64>)> =
            days.iter().map(|d| (d.day, d.actual_mg, d.planned_mg)).collect();
        assert_eq!(
            pairs,
            [
                (day("2027-03-08"), Some(0.0), None),
                (day("2027-03-09"), Some(30.0), None),
                (day("2027-03-10"), Some(0.0), Some(30.0)),
                (day("2027-03-11"), Some(30.0), Some(30.0)),
            ]
        );
        assert!(days[3].matches() && !days[3].is_above());
    }

    #[test]
    fn the_above_the_step_flag_at_its_boundaries() {
        let steps = [step("2027-03-01", &[(OXY, 20.0)])]; // 30 mg OME a day
        let week = |above: usize, mg: f64| {
            let actual: Vec<(String, Option<f64>)> =
                (1..=7).map(|i| (format!("2027-03-{:02}", 7 + i), Some(if i <= above { mg } else { 30.0 }))).collect();
            let actual: Vec<(&str, Option<f64>)> = actual.iter().map(|(d, m)| (d.as_str(), *m)).collect();
            above_step_days(&days_with(&actual, &steps, "2027-03-01", "2027-03-14"), day("2027-03-14"))
        };
        assert_eq!(week(4, 45.0), None, "4 of 7 days is not enough");
        assert_eq!(week(5, 45.0), Some(5));
        assert_eq!(week(7, 30.5), None, "within rounding of the step is not above");
        assert_eq!(week(5, 30.6), Some(5));
        // Days before the window don't count.
        let early: Vec<(String, Option<f64>)> = (1..=7).map(|i| (format!("2027-03-{:02}", i), Some(60.0))).collect();
        let early: Vec<(&str, Option<f64>)> = early.iter().map(|(d, m)| (d.as_str(), *m)).collect();
        assert_eq!(above_step_days(&days_with(&early, &steps, "2027-03-01", "2027-03-14"), day("2027-03-14")), None);
    }

    #[test]
    fn a_step_starting_soon_and_the_first_fortnight() {
        let steps = [step("2027-03-03", &[(OXY, 40.0)]), step("2027-03-17", &[(OXY, 36.0)])];
        assert_eq!(step_starting_soon(&steps, day("2027-03-13")), None);
        assert_eq!(step_starting_soon(&steps, day("2027-03-14")), Some(day("2027-03-17")));
        assert_eq!(step_starting_soon(&steps, day("2027-03-17")), Some(day("2027-03-17")));
        assert_eq!(step_starting_soon(&steps, day("2027-03-18")), None);
        assert!(in_first_fortnight(&steps, day("2027-03-16")));
        assert!(in_first_fortnight(&steps, day("2027-03-30")));
        assert!(!in_first_fortnight(&steps, day("2027-03-31")));
        assert!(!in_first_fortnight(&steps, day("2027-03-02")));
    }

    #[test]
    fn the_observation_reads_the_first_week_of_the_step() {
        let steps = [step("2027-03-01", &[(OXY, 20.0)])];
        let week: Vec<(String, Option<f64>)> =
            (1..=7).map(|i| (format!("2027-03-{:02}", i), Some(if i == 3 { 45.0 } else { 30.0 }))).collect();
        let week: Vec<(&str, Option<f64>)> = week.iter().map(|(d, m)| (d.as_str(), *m)).collect();
        let days = days_with(&week, &steps, "2027-03-01", "2027-03-09");
        assert_eq!(
            observation(&days, &steps, day("2027-03-09")).as_deref(),
            Some("In the first week of this step, most days matched the plan.")
        );
        assert_eq!(
            observation(&days, &steps, day("2027-03-03")).as_deref(),
            Some("So far in this step, most days matched the plan.")
        );
        let above: Vec<(String, Option<f64>)> = (1..=7).map(|i| (format!("2027-03-{:02}", i), Some(45.0))).collect();
        let above: Vec<(&str, Option<f64>)> = above.iter().map(|(d, m)| (d.as_str(), *m)).collect();
        let days = days_with(&above, &steps, "2027-03-01", "2027-03-09");
        assert!(observation(&days, &steps, day("2027-03-09")).unwrap().contains("most days were above the plan"));
        assert_eq!(observation(&days, &steps, day("2027-03-02")), None, "too early to say");
        let nothing: Vec<(String, Option<f64>)> = (1..=7).map(|i| (format!("2027-03-{:02}", i), Some(0.0))).collect();
        let nothing: Vec<(&str, Option<f64>)> = nothing.iter().map(|(d, m)| (d.as_str(), *m)).collect();
        let days = days_with(&nothing, &steps, "2027-03-01", "2027-03-09");
        assert!(observation(&days, &steps, day("2027-03-09")).unwrap().starts_with("No doses were logged"));
    }
}
