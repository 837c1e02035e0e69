//! "What we agreed": a project worker on an active link writes a summary of a session for the
//! patient (`Need::WriteSessionNotes`, as for their private notes); the patient reads them, and so
//! does anyone holding the `notes` scope.

use chrono::{DateTime, NaiveDate, Utc};
use evenkeel_domain::plan::summaries::{Summary, SummaryRequest, SummaryView};
use evenkeel_domain::sharing::Scope;

use crate::access::{Grant, Need};
use crate::db::plan_summaries::{self, SummaryRow};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::insights::patient_today;
use crate::notes::{author_names, uuid};

fn date(raw: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|e| AppError::internal(anyhow::anyhow!("bad date {raw:?}: {e}")))
}

fn views(conn: &mut DbConn, rows: Vec<SummaryRow>) -> AppResult<Vec<SummaryView>> {
    let ids: Vec<String> = rows.iter().map(|r| r.author_id.clone()).collect();
    let names = author_names(conn, &ids)?;
    rows.into_iter()
        .map(|r| {
            Ok(SummaryView {
                id: uuid(&r.id)?,
                author_name: names.get(&r.author_id).cloned().unwrap_or_default(),
                session_date: date(&r.session_date)?,
                talked_about: r.talked_about,
                agreed: r.agreed,
                next_session: r.next_session.as_deref().map(date).transpose()?,
                created_at: DateTime::<Utc>::from_naive_utc_and_offset(r.created_at, Utc),
            })
        })
        .collect()
}

/// The patient's summaries, newest session first.
pub fn list(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<SummaryView>> {
    grant.covers(Need::Read(Scope::Notes))?;
    let rows = plan_summaries::for_patient(conn, grant.patient())?;
    views(conn, rows)
}

/// Everything written for the patient (their export), whoever holds the grant for it.
pub fn all_of(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<SummaryView>> {
    grant.covers(Need::OwnDiary)?;
    let rows = plan_summaries::for_patient(conn, grant.patient())?;
    views(conn, rows)
}

pub fn add(conn: &mut DbConn, grant: &Grant, req: &SummaryRequest) -> AppResult<SummaryView> {
    grant.covers(Need::WriteSessionNotes)?;
    let today = patient_today(conn, grant.patient_id())?;
    let summary = Summary::parse(req, today).map_err(|e| AppError::invalid_input(e.to_string()))?;
    let row = SummaryRow {
        id: db::new_id(),
        patient_id: grant.patient_id().to_owned(),
        author_id: grant.actor_id().to_owned(),
        session_date: summary.session_date.format("%Y-%m-%d").to_string(),
        talked_about: summary.talked_about,
        agreed: summary.agreed,
        next_session: summary.next_session.map(|d| d.format("%Y-%m-%d").to_string()),
        created_at: db::now(),
    };
    plan_summaries::insert(conn, grant.patient(), &row)?;
    views(conn, vec![row])?.pop().ok_or_else(AppError::not_found)
}

/// The next session booked in the latest summary, with its worker's name, if it is today or later.
pub fn next_session(conn: &mut DbConn, grant: &Grant, today: NaiveDate) -> AppResult<Option<(String, NaiveDate)>> {
    let Some(latest) = plan_summaries::for_patient(conn, grant.patient())?.into_iter().next() else {
        return Ok(None);
    };
    let Some(next) = latest.next_session.as_deref().map(date).transpose()?.filter(|d| *d >= today) else {
        return Ok(None);
    };
    let name =
        author_names(conn, std::slice::from_ref(&latest.author_id))?.remove(&latest.author_id).unwrap_or_default();
    Ok(Some((name, next)))
}
