//! Pacing plans: the patient or their project worker (holding `plan`) makes one and chooses each
//! step up, hold or step back; anyone holding `plan` reads them. The target is worked out from the
//! stored plan on every read (`evenkeel_domain::plan::pacing`), never stored, so it cannot drift.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::plan::pacing::{
    self as rules, PacingAction, PacingChange, PacingRequest, PacingTry, PacingUnit, PacingView,
};
use evenkeel_domain::sharing::Scope;
use evenkeel_domain::{EntryData, EntryKind};
use uuid::Uuid;

use crate::access::{Grant, Need};
use crate::db::pacing::{self, ChangeRow, PacingRow};
use crate::db::{self, DbConn, entries};
use crate::error::{AppError, AppResult};
use crate::notes::{author_names, uuid};

fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, "We couldn't find that pacing plan.")
}

fn bad_row(what: &str) -> AppError {
    AppError::internal(anyhow::anyhow!("bad stored pacing plan: {what}"))
}

fn tries_text(tries: &[PacingTry]) -> String {
    tries.iter().map(|t| format!("{}={}", t.day.format("%Y-%m-%d"), t.amount)).collect::<Vec<_>>().join(";")
}

fn tries_of(text: &str) -> AppResult<Vec<PacingTry>> {
    text.split(';')
        .map(|t| {
            let (day, amount) = t.split_once('=').ok_or_else(|| bad_row(text))?;
            Ok(PacingTry {
                day: NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| bad_row(text))?,
                amount: amount.parse().map_err(|_| bad_row(text))?,
            })
        })
        .collect()
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::<Utc>::from_naive_utc_and_offset(t, Utc)
}

fn level_of(row: &PacingRow) -> u32 {
    u32::try_from(row.level).unwrap_or(0)
}

/// The grant's patient's plans, oldest first, with their targets worked out and their history.
pub fn all_of(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<PacingView>> {
    let rows = pacing::for_patient(conn, grant.patient())?;
    let changes = pacing::changes_for_patient(conn, grant.patient())?;
    let ids: Vec<String> = changes.iter().map(|c| c.changed_by.clone()).collect();
    let names = author_names(conn, &ids)?;
    let mut by_plan: HashMap<&str, Vec<&ChangeRow>> = HashMap::new();
    for c in &changes {
        by_plan.entry(&c.plan_id).or_default().push(c);
    }
    rows.iter()
        .map(|r| {
            let unit = PacingUnit::parse(&r.unit).ok_or_else(|| bad_row(&r.unit))?;
            let tries = tries_of(&r.tries)?;
            let increase = u8::try_from(r.increase_pct).map_err(|_| bad_row("increase"))?;
            let base = rules::baseline(&tries);
            let level = level_of(r);
            let history = by_plan
                .get(r.id.as_str())
                .into_iter()
                .flatten()
                .map(|c| {
                    Ok(PacingChange {
                        at: utc(c.changed_at),
                        by_name: names.get(&c.changed_by).cloned().unwrap_or_default(),
                        action: PacingAction::parse(&c.action).ok_or_else(|| bad_row(&c.action))?,
                        target: rules::target(base, increase, u32::try_from(c.level).unwrap_or(0), unit),
                    })
                })
                .collect::<AppResult<Vec<_>>>()?;
            Ok(PacingView {
                id: uuid(&r.id)?,
                activity: r.activity.clone(),
                unit,
                explained: rules::explain(&tries, unit, increase, level),
                target: rules::target(base, increase, level, unit),
                next_target: rules::target(base, increase, level + 1, unit),
                tries,
                increase_pct: increase,
                baseline: base,
                level,
                history,
                created_at: utc(r.created_at),
            })
        })
        .collect()
}

pub fn list(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<PacingView>> {
    grant.covers(Need::Read(Scope::Plan))?;
    all_of(conn, grant)
}

fn one(conn: &mut DbConn, grant: &Grant, id: &str) -> AppResult<PacingView> {
    all_of(conn, grant)?.into_iter().find(|p| p.id.to_string() == id).ok_or_else(not_found)
}

pub fn create(conn: &mut DbConn, grant: &Grant, req: &PacingRequest) -> AppResult<PacingView> {
    grant.covers(Need::Agree(Scope::Plan))?;
    let req = req.parse().map_err(|e| AppError::invalid_input(e.to_string()))?;
    let now = db::now();
    let row = PacingRow {
        id: db::new_id(),
        patient_id: grant.patient_id().to_owned(),
        author_id: grant.actor_id().to_owned(),
        activity: req.activity,
        unit: req.unit.as_str().to_owned(),
        tries: tries_text(&req.tries),
        increase_pct: i32::from(req.increase_pct),
        level: 0,
        created_at: now,
        updated_at: now,
    };
    let start = ChangeRow {
        id: db::new_id(),
        plan_id: row.id.clone(),
        patient_id: row.patient_id.clone(),
        changed_by: grant.actor_id().to_owned(),
        action: PacingAction::Start.as_str().to_owned(),
        level: 0,
        changed_at: now,
    };
    pacing::insert(conn, grant.patient(), &row, &start)?;
    one(conn, grant, &row.id)
}

/// A step up, a hold or a step back, chosen by the patient or their worker.
pub fn step(conn: &mut DbConn, grant: &Grant, id: &Uuid, action: PacingAction) -> AppResult<PacingView> {
    grant.covers(Need::Agree(Scope::Plan))?;
    let id = id.to_string();
    let row = pacing::for_patient(conn, grant.patient())?.into_iter().find(|p| p.id == id).ok_or_else(not_found)?;
    let change = ChangeRow {
        id: db::new_id(),
        plan_id: id.clone(),
        patient_id: row.patient_id.clone(),
        changed_by: grant.actor_id().to_owned(),
        action: action.as_str().to_owned(),
        level: i32::try_from(action.apply(level_of(&row))).unwrap_or(row.level),
        changed_at: db::now(),
    };
    if !pacing::change_level(conn, grant.patient(), row.level, &change)? {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "This plan was changed on another device just now. Please look at it again before choosing.",
        ));
    }
    one(conn, grant, &id)
}

/// Minutes of each plan's activity the patient logged on `today` (their own diary only).
pub fn minutes_today(conn: &mut DbConn, grant: &Grant, today: NaiveDate) -> AppResult<Vec<(PacingView, u32)>> {
    grant.covers(Need::OwnDiary)?;
    let plans = all_of(conn, grant)?;
    if plans.is_empty() {
        return Ok(Vec::new());
    }
    let from = today.and_time(NaiveTime::MIN) - Duration::days(1);
    let to = today.and_time(NaiveTime::MIN) + Duration::days(2);
    let rows = entries::live_of_kinds_between(conn, grant.patient(), &[EntryKind::Activity.as_str()], from, to)?;
    let activities: Vec<_> = rows
        .iter()
        .filter_map(|e| serde_json::from_str(e.data.as_deref()?).ok())
        .filter_map(|json| match EntryData::parse(EntryKind::Activity, &json) {
            Ok(EntryData::Activity(a)) => Some(a),
            _ => None,
        })
        .collect();
    Ok(plans
        .into_iter()
        .filter(|p| p.unit == PacingUnit::Minutes)
        .map(|p| {
            let done = rules::minutes_on(&p.activity, today, &activities);
            (p, done)
        })
        .collect())
}
