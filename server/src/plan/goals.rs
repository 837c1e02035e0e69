//! Goals: the patient makes and changes their own (offline first: the phone makes the id and a
//! replay changes nothing; the change made later on a phone wins), a project worker holding the
//! `goals` scope suggests one, and anyone with `goals` reads them. Every saved change adds a version
//! to the goal's history.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::plan::goals::{
    CheckinOutcome, CheckinRequest, CheckinView, GoalChange, GoalRequest, GoalStatus, GoalView, GoalWords,
};
use evenkeel_domain::sharing::Scope;
use uuid::Uuid;

use crate::access::{Grant, Need};
use crate::db::goals::{self, CheckinRow, GoalRow, HistoryRow};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::insights::patient_today;
use crate::notes::{author_names, uuid};

fn not_found() -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        "We couldn't find that goal. It may have been made on another phone that hasn't synced yet.",
    )
}

fn invalid(e: evenkeel_domain::plan::goals::GoalError) -> AppError {
    AppError::invalid_input(e.to_string())
}

fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn date(raw: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|e| AppError::internal(anyhow::anyhow!("bad date {raw:?}: {e}")))
}

/// Stored status and outcome names back into their types; anything else is a server fault.
fn status(raw: &str) -> AppResult<GoalStatus> {
    GoalStatus::parse(raw).ok_or_else(|| AppError::internal(anyhow::anyhow!("bad goal status {raw:?}")))
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::<Utc>::from_naive_utc_and_offset(t, Utc)
}

fn row_of(grant: &Grant, id: &Uuid, words: &GoalWords, status: GoalStatus, changed_at: NaiveDateTime) -> GoalRow {
    let now = db::now();
    GoalRow {
        id: id.to_string(),
        patient_id: grant.patient_id().to_owned(),
        author_id: grant.actor_id().to_owned(),
        status: status.as_str().to_owned(),
        what: words.what.clone(),
        why: words.why.clone(),
        first_step: words.first_step.clone(),
        days_per_week: i32::from(words.days_per_week),
        review_on: words.review_on.map(date_text),
        client_updated_at: changed_at,
        created_at: now,
        updated_at: now,
    }
}

fn history_of(row: &GoalRow, changed_by: &str) -> HistoryRow {
    HistoryRow {
        id: db::new_id(),
        goal_id: row.id.clone(),
        patient_id: row.patient_id.clone(),
        changed_by: changed_by.to_owned(),
        status: row.status.clone(),
        what: row.what.clone(),
        why: row.why.clone(),
        first_step: row.first_step.clone(),
        days_per_week: row.days_per_week,
        review_on: row.review_on.clone(),
        changed_at: row.updated_at,
    }
}

/// Every goal of the grant's patient with its check-ins and history, oldest goal first.
pub fn all_of(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<GoalView>> {
    let patient = grant.patient();
    let rows = goals::for_patient(conn, patient)?;
    let history = goals::history_for_patient(conn, patient)?;
    let checkins = goals::checkins_for_patient(conn, patient)?;
    let people: Vec<String> =
        rows.iter().map(|r| r.author_id.clone()).chain(history.iter().map(|h| h.changed_by.clone())).collect();
    let names = author_names(conn, &people)?;
    let name = |id: &str| names.get(id).cloned().unwrap_or_default();
    let mut by_goal: HashMap<&str, Vec<CheckinView>> = HashMap::new();
    for c in &checkins {
        let outcome = CheckinOutcome::parse(&c.outcome)
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("bad check-in outcome {:?}", c.outcome)))?;
        by_goal.entry(&c.goal_id).or_default().push(CheckinView {
            week_start: date(&c.week_start)?,
            outcome,
            note: c.note.clone(),
        });
    }
    rows.iter()
        .map(|r| {
            let changes = history
                .iter()
                .filter(|h| h.goal_id == r.id)
                .map(|h| {
                    Ok(GoalChange {
                        at: utc(h.changed_at),
                        by_name: name(&h.changed_by),
                        status: status(&h.status)?,
                        what: h.what.clone(),
                    })
                })
                .collect::<AppResult<Vec<_>>>()?;
            Ok(GoalView {
                id: uuid(&r.id)?,
                words: GoalWords {
                    what: r.what.clone(),
                    why: r.why.clone(),
                    first_step: r.first_step.clone(),
                    days_per_week: u8::try_from(r.days_per_week).unwrap_or(1),
                    review_on: r.review_on.as_deref().map(date).transpose()?,
                },
                status: status(&r.status)?,
                proposed_by: (r.author_id != r.patient_id).then(|| name(&r.author_id)),
                created_at: utc(r.created_at),
                updated_at: utc(r.updated_at),
                checkins: by_goal.remove(r.id.as_str()).unwrap_or_default(),
                history: changes,
            })
        })
        .collect()
}

pub fn list(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<GoalView>> {
    grant.covers(Need::Read(Scope::Goals))?;
    all_of(conn, grant)
}

fn one(conn: &mut DbConn, grant: &Grant, id: &str) -> AppResult<GoalView> {
    all_of(conn, grant)?.into_iter().find(|g| g.id.to_string() == id).ok_or_else(not_found)
}

/// The patient makes or changes their own goal (accepting a suggested one makes it active).
pub fn save_own(conn: &mut DbConn, grant: &Grant, id: &Uuid, req: &GoalRequest) -> AppResult<GoalView> {
    grant.covers(Need::Write(Scope::Goals))?;
    let today = patient_today(conn, grant.patient_id())?;
    let req = req.parse(today).map_err(invalid)?;
    let row = row_of(grant, id, &req.words, req.status, req.updated_at.naive_utc());
    let patient = grant.patient();
    // Begins with a write (the insert), so SQLite holds its write lock for the whole change.
    crate::db::write_transaction(conn, |conn| {
        let saved = goals::insert_new(conn, patient, &row)? || goals::update_if_newer(conn, patient, &row)?;
        if saved {
            goals::insert_history(conn, patient, &history_of(&row, grant.actor_id()))?;
        } else if goals::find(conn, patient, &row.id)?.is_none() {
            // Someone else's goal id: the same answer as no goal at all.
            return Err(not_found());
        }
        // A replay or an older change: the goal as it stands, for the phone to keep.
        one(conn, grant, &row.id)
    })
}

/// A project worker suggests a goal; it waits for the patient to accept it.
pub fn propose(conn: &mut DbConn, grant: &Grant, words: &GoalWords) -> AppResult<GoalView> {
    grant.covers(Need::Suggest(Scope::Goals))?;
    let today = patient_today(conn, grant.patient_id())?;
    let words = words.parse(today).map_err(invalid)?;
    let row = row_of(grant, &Uuid::new_v4(), &words, GoalStatus::Proposed, db::now());
    crate::db::write_transaction(conn, |conn| {
        goals::insert_new(conn, grant.patient(), &row)?;
        goals::insert_history(conn, grant.patient(), &history_of(&row, grant.actor_id()))?;
        one(conn, grant, &row.id)
    })
}

/// The patient's check-in for the week starting `week`, on one of their goals (not one still
/// waiting to be accepted).
pub fn check_in(
    conn: &mut DbConn,
    grant: &Grant,
    id: &Uuid,
    week: NaiveDate,
    req: &CheckinRequest,
) -> AppResult<GoalView> {
    grant.covers(Need::Write(Scope::Goals))?;
    let today = patient_today(conn, grant.patient_id())?;
    let req = req.parse(week, today).map_err(invalid)?;
    let goal = goals::find(conn, grant.patient(), &id.to_string())?.ok_or_else(not_found)?;
    if goal.status == GoalStatus::Proposed.as_str() {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "This goal is still a suggestion. Accept it first, then check in.",
        ));
    }
    let now = db::now();
    goals::put_checkin(
        conn,
        grant.patient(),
        &CheckinRow {
            goal_id: goal.id.clone(),
            week_start: date_text(week),
            patient_id: goal.patient_id.clone(),
            outcome: req.outcome.as_str().to_owned(),
            note: req.note,
            client_updated_at: req.updated_at.naive_utc(),
            updated_at: now,
        },
    )?;
    one(conn, grant, &goal.id)
}
