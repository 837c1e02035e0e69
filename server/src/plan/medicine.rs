//! The medicine plan (see `evenkeel_domain::plan::medicine`): a project worker holding `plan`
//! enters the prescriber's steps as a new version; the patient and anyone holding `plan` read it.
//! Actual OME against the plan also needs `doses`, checked (and audited) as a read of its own.

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use evenkeel_domain::diary::Medication;
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::ome::Table;
use evenkeel_domain::patterns::PatternInput;
use evenkeel_domain::patterns::caseload::daily_totals;
use evenkeel_domain::plan::medicine::{
    self as plan, CheckinDay, MedicineChoice, MedicinePlanRequest, MedicinePlanResponse, MedicinePlanView, PlanDays,
    PlanStep,
};
use evenkeel_domain::sharing::Scope;
use uuid::Uuid;

use crate::access::{Grant, Granted, Need};
use crate::db::medicine_plans::{self, VersionRow};
use crate::db::{self, DbConn, entries};
use crate::error::{AppError, AppResult};
use crate::insights::patient_today;
use crate::notes::author_names;
use crate::rollups::parse_rows;

/// Days the chart shows by default: four weeks.
const CHART_DAYS: u64 = 28;

fn bad_row(what: &str) -> AppError {
    AppError::internal(anyhow::anyhow!("bad stored medicine plan: {what}"))
}

/// The patient's medicine list, by entry id.
pub fn medicines(conn: &mut DbConn, patient: Granted<'_>) -> AppResult<HashMap<Uuid, Medication>> {
    let rows = entries::live_medicines(conn, patient)?;
    Ok(parse_rows(&rows)
        .into_iter()
        .filter_map(|(id, data)| match data {
            evenkeel_domain::EntryData::Medication(m) => Some((id, m)),
            _ => None,
        })
        .collect())
}

/// A stored version as the request it was saved from.
pub fn request_of(row: &VersionRow) -> AppResult<MedicinePlanRequest> {
    Ok(MedicinePlanRequest {
        prescriber: row.prescriber.clone(),
        agreed_on: NaiveDate::parse_from_str(&row.agreed_on, "%Y-%m-%d").map_err(|_| bad_row(&row.id))?,
        steps: serde_json::from_str(&row.steps).map_err(|_| bad_row(&row.id))?,
        review_dates: serde_json::from_str(&row.review_dates).map_err(|_| bad_row(&row.id))?,
        reason: row.reason.clone(),
    })
}

fn views(conn: &mut DbConn, patient: Granted<'_>, rows: &[VersionRow]) -> AppResult<Vec<MedicinePlanView>> {
    let meds = medicines(conn, patient)?;
    let today = patient_today(conn, patient.id())?;
    let authors: Vec<String> = rows.iter().map(|r| r.author_id.clone()).collect();
    let names = author_names(conn, &authors)?;
    rows.iter()
        .map(|r| {
            let entered = (
                names.get(&r.author_id).cloned().unwrap_or_default(),
                DateTime::<Utc>::from_naive_utc_and_offset(r.created_at, Utc),
            );
            Ok(plan::view(u32::try_from(r.version).unwrap_or(0), &request_of(r)?, &meds, entered, today))
        })
        .collect()
}

/// `GET …/medicine-plan`: the current version, and every version when asked.
pub fn read(conn: &mut DbConn, grant: &Grant, all: bool) -> AppResult<MedicinePlanResponse> {
    grant.covers(Need::Read(Scope::Plan))?;
    let rows = medicine_plans::for_patient(conn, grant.patient())?;
    let shown = if all { &rows[..] } else { &rows[..rows.len().min(1)] };
    let mut versions = views(conn, grant.patient(), shown)?;
    let current = versions.first().cloned();
    if !all {
        versions.clear();
    }
    // The medicine list is for the worker who enters the plan; a carer sees only what a plan names.
    let medicines = if grant.relation() == Some(evenkeel_domain::sharing::Relation::Worker) {
        let mut list: Vec<MedicineChoice> = medicines(conn, grant.patient())?
            .into_iter()
            .filter(|(_, m)| m.opioid != evenkeel_domain::ome::Opioid::OtherNotOpioid)
            .map(|(id, m)| MedicineChoice {
                id,
                unit: if m.opioid.is_patch() { "mcg/h" } else { "mg" }.to_owned(),
                name: m.name,
            })
            .collect();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        list
    } else {
        Vec::new()
    };
    Ok(MedicinePlanResponse { current, versions, medicines })
}

/// `PUT …/medicine-plan`: a worker holding `plan` saves a new version. Two saves at once can't
/// both be version N: the later one is refused and asked to look again.
pub fn save(conn: &mut DbConn, grant: &Grant, req: &MedicinePlanRequest) -> AppResult<MedicinePlanView> {
    grant.covers(Need::Suggest(Scope::Plan))?;
    let patient = grant.patient();
    let latest = medicine_plans::for_patient(conn, patient)?.first().map_or(0, |r| r.version);
    let meds = medicines(conn, patient)?;
    let checked = req.parse(latest > 0, &meds).map_err(|e| AppError::invalid_input(e.to_string()))?;
    let row = VersionRow {
        id: db::new_id(),
        patient_id: patient.id().to_owned(),
        version: latest + 1,
        prescriber: checked.prescriber.clone(),
        agreed_on: checked.agreed_on.format("%Y-%m-%d").to_string(),
        steps: serde_json::to_string(&checked.steps).map_err(AppError::internal)?,
        review_dates: serde_json::to_string(&checked.review_dates).map_err(AppError::internal)?,
        reason: checked.reason.clone(),
        author_id: grant.actor_id().to_owned(),
        created_at: db::now(),
    };
    if !medicine_plans::insert(conn, patient, &row)? {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "Someone changed this plan a moment ago. Please reload it and make your change again.",
        ));
    }
    views(conn, patient, std::slice::from_ref(&row))?.pop().ok_or_else(|| bad_row(&row.id))
}

/// The current plan's steps with each step's OME, for Today, the flags and the chart.
pub struct Current {
    pub view: MedicinePlanView,
    pub steps: Vec<PlanStep>,
}

impl Current {
    pub fn step_ome(&self) -> Vec<Option<f64>> {
        self.view.steps.iter().map(|s| s.ome_mg).collect()
    }
}

pub fn current(conn: &mut DbConn, patient: Granted<'_>) -> AppResult<Option<Current>> {
    let Some(row) = medicine_plans::for_patient(conn, patient)?.into_iter().next() else {
        return Ok(None);
    };
    let steps = request_of(&row)?.steps;
    let view = views(conn, patient, std::slice::from_ref(&row))?.pop().ok_or_else(|| bad_row(&row.id))?;
    Ok(Some(Current { view, steps }))
}

/// The chart's data. `doses`: a grant to read doses too (the patient's own, or a second read
/// through the gate), or `None` when the caller doesn't hold it.
pub fn days(conn: &mut DbConn, grant: &Grant, doses: Option<&Grant>) -> AppResult<PlanDays> {
    grant.covers(Need::Read(Scope::Plan))?;
    let patient = grant.patient();
    let today = patient_today(conn, patient.id())?;
    let from = today.checked_sub_days(Days::new(CHART_DAYS - 1)).unwrap_or(today);
    let plan_now = current(conn, patient)?;
    let mut kinds = vec!["withdrawal"];
    if doses.is_some() {
        kinds.extend(["dose", "medication"]);
    }
    let range = crate::insights::DateRange { from, to: today };
    let lo = range.from.and_time(chrono::NaiveTime::MIN) - chrono::Duration::days(16);
    let hi = range.to.and_time(chrono::NaiveTime::MIN) + chrono::Duration::days(2);
    let rows = entries::live_of_kinds_between(conn, patient, &kinds, lo, hi)?;
    let input = PatternInput::new(parse_rows(&rows), from, today, today);
    let checkins = input
        .entries
        .iter()
        .filter(|e| e.day >= from && e.day <= today)
        .filter_map(|e| match &e.data {
            evenkeel_domain::EntryData::Withdrawal(w) => Some(CheckinDay {
                day: e.day,
                strong: w
                    .feelings
                    .present()
                    .filter(|(_, _, h)| *h >= evenkeel_domain::diary::HowMuch::QuiteABit)
                    .count() as u32,
                any: w.feelings.present().count() as u32,
            }),
            _ => None,
        })
        .collect();
    let (steps, step_ome) = plan_now.as_ref().map_or((Vec::new(), Vec::new()), |c| (c.steps.clone(), c.step_ome()));
    let days = if doses.is_some() {
        let actual: HashMap<NaiveDate, Option<f64>> =
            daily_totals(&input).iter().map(|t| (t.date, plan::actual_of(t))).collect();
        plan::against_plan(&actual, &steps, &step_ome, from, today)
    } else {
        Vec::new()
    };
    Ok(PlanDays {
        from,
        to: today,
        observation: plan::observation(&days, &steps, today),
        with_doses: doses.is_some(),
        step_starts: steps.iter().map(|s| s.starts_on).filter(|d| *d >= from && *d <= today).collect(),
        days,
        checkins,
        table_version: Table::current().version.to_owned(),
    })
}
