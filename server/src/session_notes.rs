//! Session notes (see `evenkeel_domain::session_notes`): a project worker writes, lists and edits
//! their own notes about a patient, through a [`Grant`] for `Need::ReadSessionNotes` or
//! `Need::WriteSessionNotes` (an active worker link, any scopes). Every query is narrowed to the
//! grant's actor as author, so one worker never sees another's notes. The patient's export reads
//! them all with [`views`].

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike, Utc};
use evenkeel_domain::session_notes::{SessionNote, SessionNoteRequest, SessionNoteView};

use crate::access::{Grant, Need};
use crate::db::session_notes::{self, SessionNoteRow};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::notes::{author_names, uuid};

/// A request checked into a [`SessionNote`], against the patient's today in their time zone (one
/// day of slack for a worker whose own date is ahead).
pub fn parse(conn: &mut DbConn, grant: &Grant, req: &SessionNoteRequest) -> AppResult<SessionNote> {
    let today = crate::insights::patient_today(conn, grant.patient_id())?;
    SessionNote::parse(req, today).map_err(|e| AppError::invalid_input(e.to_string()))
}

/// Now, to the microsecond: what PostgreSQL keeps, so the note a POST returns is the note a GET
/// reads back, on both backends.
fn now() -> NaiveDateTime {
    let now = db::now();
    now.with_nanosecond(now.nanosecond() / 1000 * 1000).unwrap_or(now)
}

fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub fn views(conn: &mut DbConn, rows: Vec<SessionNoteRow>) -> AppResult<Vec<SessionNoteView>> {
    let ids: Vec<String> = rows.iter().map(|n| n.author_id.clone()).collect();
    let names = author_names(conn, &ids)?;
    let utc = |t| DateTime::<Utc>::from_naive_utc_and_offset(t, Utc);
    rows.into_iter()
        .map(|n| {
            let session_date = NaiveDate::parse_from_str(&n.session_date, "%Y-%m-%d").map_err(|e| {
                AppError::internal(anyhow::anyhow!("bad session date {:?} on note {}: {e}", n.session_date, n.id))
            })?;
            Ok(SessionNoteView {
                id: uuid(&n.id)?,
                patient_id: uuid(&n.patient_id)?,
                author_id: uuid(&n.author_id)?,
                author_name: names.get(&n.author_id).cloned().unwrap_or_default(),
                session_date,
                text: n.text,
                created_at: utc(n.created_at),
                updated_at: utc(n.updated_at),
            })
        })
        .collect()
}

/// The grant's worker's notes about the patient, newest session first.
pub fn list(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<SessionNoteView>> {
    grant.covers(Need::ReadSessionNotes)?;
    let rows = session_notes::by_author_about(conn, grant.patient(), grant.actor_id())?;
    views(conn, rows)
}

pub fn add(conn: &mut DbConn, grant: &Grant, note: SessionNote) -> AppResult<SessionNoteView> {
    grant.covers(Need::WriteSessionNotes)?;
    let now = now();
    let row = SessionNoteRow {
        id: db::new_id(),
        patient_id: grant.patient_id().to_owned(),
        author_id: grant.actor_id().to_owned(),
        session_date: date_text(note.session_date),
        text: note.text,
        created_at: now,
        updated_at: now,
    };
    session_notes::insert(conn, grant.patient(), &row)?;
    views(conn, vec![row])?.pop().ok_or_else(AppError::not_found)
}

/// Changes one of the grant's worker's own notes; someone else's note (or none) is "not found".
pub fn edit(conn: &mut DbConn, grant: &Grant, note_id: &str, note: SessionNote) -> AppResult<SessionNoteView> {
    grant.covers(Need::WriteSessionNotes)?;
    let (patient, author) = (grant.patient(), grant.actor_id());
    let date = date_text(note.session_date);
    if !session_notes::update_own(conn, note_id, patient, author, &date, &note.text, now())? {
        return Err(not_found());
    }
    let row = session_notes::find_own(conn, note_id, patient, author)?.ok_or_else(not_found)?;
    views(conn, vec![row])?.pop().ok_or_else(not_found)
}

fn not_found() -> AppError {
    AppError::new(evenkeel_domain::error::ErrorCode::NotFound, "We couldn't find that session note.")
}
