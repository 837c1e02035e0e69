//! Notes about a patient: observations added by a carer or worker holding the `notes` scope (or by
//! the patient), shown with their author's name.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use evenkeel_domain::sharing::{MAX_NOTE_CHARS, NoteView, Scope};

use crate::access::{Grant, Need};
use crate::db::care_notes::{self, CareNote};
use crate::db::{self, DbConn, users};
use crate::error::{AppError, AppResult};
use uuid::Uuid;

/// A note's text, trimmed and checked.
pub fn parse_text(raw: &str) -> AppResult<String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(AppError::invalid_input("Please write something in the note."));
    }
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(AppError::invalid_input(format!("Please keep a note under {MAX_NOTE_CHARS} characters.")));
    }
    Ok(text.to_owned())
}

/// The display names of the notes' authors, by user id, in one query (for notes and session notes).
pub fn author_names(conn: &mut DbConn, author_ids: &[String]) -> AppResult<HashMap<String, String>> {
    Ok(users::by_ids(conn, author_ids)?.into_iter().map(|u| (u.id, u.display_name)).collect())
}

/// A stored id as a UUID; a malformed one is a server fault, not the caller's.
pub fn uuid(id: &str) -> AppResult<Uuid> {
    id.parse().map_err(|e| AppError::internal(anyhow::anyhow!("bad id {id:?}: {e}")))
}

pub fn views(conn: &mut DbConn, notes: Vec<CareNote>) -> AppResult<Vec<NoteView>> {
    let ids: Vec<String> = notes.iter().map(|n| n.author_id.clone()).collect();
    let names = author_names(conn, &ids)?;
    notes
        .into_iter()
        .map(|n| {
            Ok(NoteView {
                id: uuid(&n.id)?,
                patient_id: uuid(&n.patient_id)?,
                author_id: uuid(&n.author_id)?,
                author_name: names.get(&n.author_id).cloned().unwrap_or_default(),
                text: n.text,
                created_at: DateTime::<Utc>::from_naive_utc_and_offset(n.created_at, Utc),
            })
        })
        .collect()
}

pub fn add(conn: &mut DbConn, grant: &Grant, text: String) -> AppResult<NoteView> {
    grant.covers(Need::Write(Scope::Notes))?;
    let note = CareNote {
        id: db::new_id(),
        patient_id: grant.patient_id().to_owned(),
        author_id: grant.actor_id().to_owned(),
        text,
        created_at: db::now(),
    };
    care_notes::insert(conn, grant.patient(), &note)?;
    views(conn, vec![note])?.pop().ok_or_else(AppError::not_found)
}

pub fn list(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<NoteView>> {
    grant.covers(Need::Read(Scope::Notes))?;
    let notes = care_notes::about_patient(conn, grant.patient())?;
    views(conn, notes)
}
