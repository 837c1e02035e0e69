//! Exercise plans: the patient or their project worker (holding `plan`) writes and rewrites a list;
//! the patient ticks off each day; anyone holding `plan` reads them, with the last four weeks.

use chrono::{DateTime, Days, NaiveDate, Utc};
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::plan::exercise::{
    Exercise, ExerciseDay, ExerciseDayRequest, ExercisePlanRequest, ExercisePlanView, compare,
};
use evenkeel_domain::sharing::Scope;
use uuid::Uuid;

use crate::access::{Grant, Need};
use crate::db::exercise::{self, DayRow, PlanRow};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::insights::patient_today;
use crate::notes::{author_names, uuid};

/// How far back a plan's days are shown.
const DAYS_SHOWN: u64 = 28;

fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, "We couldn't find that exercise plan.")
}

fn bad_row(what: &str) -> AppError {
    AppError::internal(anyhow::anyhow!("bad stored exercise plan: {what}"))
}

fn invalid(e: evenkeel_domain::plan::exercise::ExerciseError) -> AppError {
    AppError::invalid_input(e.to_string())
}

fn exercises_of(row: &PlanRow) -> AppResult<Vec<Exercise>> {
    serde_json::from_str(&row.exercises).map_err(|_| bad_row(&row.id))
}

fn day_of(row: &DayRow) -> AppResult<ExerciseDay> {
    Ok(ExerciseDay {
        day: NaiveDate::parse_from_str(&row.day, "%Y-%m-%d").map_err(|_| bad_row(&row.day))?,
        done: row
            .done
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().map_err(|_| bad_row(s)))
            .collect::<AppResult<_>>()?,
        pain_before: row.pain_before.and_then(|p| u8::try_from(p).ok()),
        pain_after: row.pain_after.and_then(|p| u8::try_from(p).ok()),
    })
}

pub fn all_of(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<ExercisePlanView>> {
    let patient = grant.patient();
    let rows = exercise::for_patient(conn, patient)?;
    let today = patient_today(conn, patient.id())?;
    let from = today.checked_sub_days(Days::new(DAYS_SHOWN)).unwrap_or(today).format("%Y-%m-%d").to_string();
    let days = exercise::days_since(conn, patient, &from)?;
    let authors: Vec<String> = rows.iter().map(|r| r.author_id.clone()).collect();
    let names = author_names(conn, &authors)?;
    rows.iter()
        .map(|r| {
            let days: Vec<ExerciseDay> =
                days.iter().filter(|d| d.plan_id == r.id).map(day_of).collect::<AppResult<_>>()?;
            Ok(ExercisePlanView {
                id: uuid(&r.id)?,
                title: r.title.clone(),
                exercises: exercises_of(r)?,
                written_by: names.get(&r.author_id).cloned().unwrap_or_default(),
                updated_at: DateTime::<Utc>::from_naive_utc_and_offset(r.updated_at, Utc),
                compared: compare(&days),
                days,
            })
        })
        .collect()
}

pub fn list(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<ExercisePlanView>> {
    grant.covers(Need::Read(Scope::Plan))?;
    all_of(conn, grant)
}

fn one(conn: &mut DbConn, grant: &Grant, id: &str) -> AppResult<ExercisePlanView> {
    all_of(conn, grant)?.into_iter().find(|p| p.id.to_string() == id).ok_or_else(not_found)
}

fn row_of(grant: &Grant, id: String, req: &ExercisePlanRequest) -> AppResult<PlanRow> {
    let now = db::now();
    Ok(PlanRow {
        id,
        patient_id: grant.patient_id().to_owned(),
        author_id: grant.actor_id().to_owned(),
        title: req.title.clone(),
        exercises: serde_json::to_string(&req.exercises).map_err(AppError::internal)?,
        created_at: now,
        updated_at: now,
    })
}

pub fn create(conn: &mut DbConn, grant: &Grant, req: &ExercisePlanRequest) -> AppResult<ExercisePlanView> {
    grant.covers(Need::Agree(Scope::Plan))?;
    let row = row_of(grant, db::new_id(), &req.parse().map_err(invalid)?)?;
    exercise::insert(conn, grant.patient(), &row)?;
    one(conn, grant, &row.id)
}

pub fn rewrite(conn: &mut DbConn, grant: &Grant, id: &Uuid, req: &ExercisePlanRequest) -> AppResult<ExercisePlanView> {
    grant.covers(Need::Agree(Scope::Plan))?;
    let row = row_of(grant, id.to_string(), &req.parse().map_err(invalid)?)?;
    if !exercise::replace(conn, grant.patient(), &row)? {
        return Err(not_found());
    }
    one(conn, grant, &row.id)
}

/// The patient's ticks for a day (a repeat replaces them).
pub fn tick(
    conn: &mut DbConn,
    grant: &Grant,
    id: &Uuid,
    day: NaiveDate,
    req: &ExerciseDayRequest,
) -> AppResult<ExercisePlanView> {
    grant.covers(Need::Write(Scope::Plan))?;
    let id = id.to_string();
    let plan = exercise::for_patient(conn, grant.patient())?.into_iter().find(|p| p.id == id).ok_or_else(not_found)?;
    let today = patient_today(conn, grant.patient_id())?;
    let checked = req.parse(day, today, &exercises_of(&plan)?).map_err(invalid)?;
    exercise::put_day(
        conn,
        grant.patient(),
        &DayRow {
            plan_id: id.clone(),
            day: day.format("%Y-%m-%d").to_string(),
            patient_id: plan.patient_id.clone(),
            done: checked.done.iter().map(Uuid::to_string).collect::<Vec<_>>().join(","),
            pain_before: checked.pain_before.map(i32::from),
            pain_after: checked.pain_after.map(i32::from),
            updated_at: db::now(),
        },
    )?;
    one(conn, grant, &id)
}
