//! "I'd like to talk" (see `evenkeel_domain::plan::contact`): the patient sends a request (their
//! own, `patient-only`); every project worker on an active link holding `plan` sees it on their
//! caseload, and one of them marks it seen, replies in a line, and closes it.

use chrono::{DateTime, Utc};
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::plan::contact::{
    self as contact, ContactPatch, ContactReason, ContactRequestBody, ContactRequestView,
};
use evenkeel_domain::sharing::Scope;
use uuid::Uuid;

use crate::access::{self, Grant, Need};
use crate::auth::caller::Caller;
use crate::db::contact_requests::{self as requests, RequestRow};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::notes::{author_names, uuid};

fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, "We couldn't find that request.")
}

fn invalid(e: contact::ContactError) -> AppError {
    AppError::invalid_input(e.to_string())
}

fn utc(t: chrono::NaiveDateTime) -> DateTime<Utc> {
    DateTime::<Utc>::from_naive_utc_and_offset(t, Utc)
}

fn views(conn: &mut DbConn, rows: &[RequestRow]) -> AppResult<Vec<ContactRequestView>> {
    let mut people: Vec<String> = rows.iter().map(|r| r.patient_id.clone()).collect();
    people.extend(rows.iter().filter_map(|r| r.worker_id.clone()));
    let names = author_names(conn, &people)?;
    let now = Utc::now();
    rows.iter()
        .map(|r| {
            let reason =
                ContactReason::parse(&r.reason).ok_or_else(|| AppError::internal(anyhow::anyhow!("bad reason")))?;
            let status = contact::status(r.seen_at.is_some(), r.reply.is_some(), r.closed_at.is_some());
            let worker = r.worker_id.as_ref().and_then(|w| names.get(w)).cloned();
            Ok(ContactRequestView {
                id: uuid(&r.id)?,
                patient_id: uuid(&r.patient_id)?,
                patient_name: names.get(&r.patient_id).cloned().unwrap_or_default(),
                reason,
                reason_label: reason.label().to_owned(),
                note: r.note.clone(),
                good_times: r.good_times.clone(),
                sent_at: utc(r.sent_at),
                status,
                status_line: contact::status_line(status, worker.as_deref()),
                worker_name: worker,
                reply: r.reply.clone(),
                overdue: contact::is_overdue(r.sent_at.date(), now.date_naive(), r.closed_at.is_none()),
                age: contact::age(utc(r.sent_at), now),
            })
        })
        .collect()
}

/// The patient's requests, newest first (the patient, or anyone holding `plan`).
pub fn list(conn: &mut DbConn, grant: &Grant) -> AppResult<Vec<ContactRequestView>> {
    grant.covers(Need::Read(Scope::Plan))?;
    let rows = requests::for_patient(conn, grant.patient())?;
    views(conn, &rows)
}

/// The patient sends a request. The phone's id makes a repeat harmless: the stored one comes back.
/// The same id with a different body (or someone else's id) is refused.
pub fn send(conn: &mut DbConn, grant: &Grant, body: &ContactRequestBody) -> AppResult<(bool, ContactRequestView)> {
    grant.covers(Need::Write(Scope::Plan))?;
    let body = body.parse().map_err(invalid)?;
    let now = db::now();
    // A phone clock far ahead can't push a request to the back of the queue.
    let sent_at = body.sent_at.naive_utc().min(now);
    let row = RequestRow {
        id: body.id.to_string(),
        patient_id: grant.patient_id().to_owned(),
        reason: body.reason.as_str().to_owned(),
        note: body.note.clone(),
        good_times: body.good_times.clone(),
        sent_at,
        received_at: now,
        seen_at: None,
        reply: None,
        worker_id: None,
        closed_at: None,
    };
    let created = requests::insert_new(conn, grant.patient(), &row)?;
    // Someone else's id finds nothing here: the same answer as no request at all.
    let stored = requests::find(conn, grant.patient(), &row.id)?.ok_or_else(not_found)?;
    if !created && (stored.reason != row.reason || stored.note != row.note || stored.good_times != row.good_times) {
        return Err(invalid(contact::ContactError::DifferentBody));
    }
    let view = views(conn, std::slice::from_ref(&stored))?.pop().ok_or_else(not_found)?;
    Ok((created, view))
}

/// `GET /api/contact-requests`: the open requests of every patient on the caller's caseload who
/// shares `plan`, oldest first; each such patient leaves one audit row (`access::caseload`).
pub fn open_for_worker(conn: &mut DbConn, caller: &Caller) -> AppResult<Vec<ContactRequestView>> {
    let grants = access::caseload(conn, caller, &[Scope::Plan], "GET /api/contact-requests")?;
    let patients: Vec<access::Granted<'_>> =
        grants.iter().filter(|g| g.scopes().contains(&Scope::Plan)).map(|g| g.patient()).collect();
    let rows = requests::open_for(conn, &patients)?;
    views(conn, &rows)
}

/// The patient a request belongs to, for the gate (404 for an unknown id).
pub fn patient_of(conn: &mut DbConn, id: &Uuid) -> AppResult<String> {
    requests::patient_of(conn, &id.to_string())?.ok_or_else(not_found)
}

/// `PATCH /api/contact-requests/{id}`: a worker on an active link holding `plan`.
pub fn change(conn: &mut DbConn, grant: &Grant, id: &Uuid, patch: &ContactPatch) -> AppResult<ContactRequestView> {
    grant.covers(Need::Suggest(Scope::Plan))?;
    let patch = patch.parse().map_err(invalid)?;
    let mut row = requests::find(conn, grant.patient(), &id.to_string())?.ok_or_else(not_found)?;
    let now = db::now();
    if patch.seen || patch.reply.is_some() {
        row.seen_at = row.seen_at.or(Some(now));
    }
    if patch.reply.is_some() {
        row.reply = patch.reply;
    }
    if patch.close {
        row.closed_at = row.closed_at.or(Some(now));
    }
    row.worker_id = Some(grant.actor_id().to_owned());
    requests::update(conn, grant.patient(), &row)?;
    views(conn, std::slice::from_ref(&row))?.pop().ok_or_else(not_found)
}
