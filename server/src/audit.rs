//! The patient's view of the audit log: who looked at (or added to) their diary, newest first, a
//! page at a time, and all of it in the patient's data download. One row stands for one request
//! by one person, listing every part of the diary it read.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use evenkeel_domain::api::Role;
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::sharing::{AuditPage, AuditSubject, AuditView};

use crate::access::{self, Granted, active_user};
use crate::auth::caller::Caller;
use crate::db::audit_log::{self, AuditRow};
use crate::db::{DbConn, care_links, users};
use crate::error::{AppError, AppResult};

/// Rows on one page unless the caller asks for fewer or more (up to [`MAX_PAGE`]).
pub const PAGE: i64 = 100;
pub const MAX_PAGE: i64 = 500;

/// Where the next, older page starts: just after this row (rows are ordered by time, then id).
/// Written as `<nanoseconds since the epoch>.<row id>`; callers treat it as opaque.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub at: NaiveDateTime,
    pub id: String,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{}.{}", self.at.and_utc().timestamp_nanos_opt().unwrap_or_default(), self.id)
    }

    pub fn parse(s: &str) -> AppResult<Self> {
        let unreadable = || AppError::invalid_input("That page marker isn't one this server gave out.");
        let (nanos, id) = s.split_once('.').ok_or_else(unreadable)?;
        let nanos: i64 = nanos.parse().map_err(|_| unreadable())?;
        if id.is_empty() || id.len() > 64 {
            return Err(unreadable());
        }
        Ok(Self { at: DateTime::from_timestamp_nanos(nanos).naive_utc(), id: id.to_owned() })
    }
}

/// The rows, subjects joined by commas, as the patient reads them (names and relations as now).
fn views(conn: &mut DbConn, patient_id: &str, rows: Vec<AuditRow>) -> AppResult<Vec<AuditView>> {
    let mut actor_ids: Vec<String> = rows.iter().map(|r| r.actor_id.clone()).collect();
    actor_ids.sort();
    actor_ids.dedup();
    let names: HashMap<String, String> =
        users::by_ids(conn, &actor_ids)?.into_iter().map(|u| (u.id, u.display_name)).collect();
    let mut relations = HashMap::new();
    for actor in &actor_ids {
        let link = care_links::between(conn, patient_id, actor)?;
        relations.insert(actor.clone(), link.and_then(|l| evenkeel_domain::sharing::Relation::parse(&l.relation)));
    }
    let bad = |what: &str, value: &str| AppError::internal(anyhow::anyhow!("bad audit {what} {value:?}"));
    rows.into_iter()
        .map(|r| {
            let subjects = r
                .scope
                .split(',')
                .map(|s| AuditSubject::parse(s).ok_or_else(|| bad("subject", s)))
                .collect::<AppResult<Vec<_>>>()?;
            Ok(AuditView {
                id: r.id.parse().map_err(|_| bad("id", &r.id))?,
                actor_id: r.actor_id.parse().map_err(|_| bad("actor", &r.actor_id))?,
                actor_name: names.get(&r.actor_id).cloned().unwrap_or_default(),
                relation: relations.get(&r.actor_id).copied().flatten(),
                subjects,
                action: r.action,
                endpoint: r.endpoint,
                at: DateTime::<Utc>::from_naive_utc_and_offset(r.at, Utc),
            })
        })
        .collect()
}

/// One page, newest first, starting after `before` (from the top when `None`).
pub fn page_about(conn: &mut DbConn, patient: Granted<'_>, before: Option<&Cursor>, size: i64) -> AppResult<AuditPage> {
    let size = size.clamp(1, MAX_PAGE);
    // One more than asked for says whether an older page exists.
    let mut rows = audit_log::about_patient(conn, patient, before.map(|c| (c.at, c.id.as_str())), Some(size + 1))?;
    let more = rows.len() as i64 > size;
    rows.truncate(size as usize);
    let next_before = more.then(|| rows.last().map(|r| Cursor { at: r.at, id: r.id.clone() }.encode())).flatten();
    Ok(AuditPage { rows: views(conn, patient.id(), rows)?, next_before })
}

/// Every row about the patient, newest first (for their data download: nothing left out).
pub fn all_about(conn: &mut DbConn, patient: Granted<'_>) -> AppResult<Vec<AuditView>> {
    let rows = audit_log::about_patient(conn, patient, None, None)?;
    views(conn, patient.id(), rows)
}

/// `GET /api/audit`: for patients only (nobody else has a diary to be looked at).
pub fn my_audit(conn: &mut DbConn, caller: &Caller, before: Option<&Cursor>, size: i64) -> AppResult<AuditPage> {
    let user = active_user(conn, caller)?;
    if user.role != Role::Patient.as_str() {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "The record of who looked at a diary is for the patient whose diary it is.",
        ));
    }
    let grant = access::own_patient(conn, caller, "GET /api/audit")?;
    page_about(conn, grant.patient(), before, size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_what_it_wrote_to_the_nanosecond() {
        let at = DateTime::from_timestamp_nanos(1_796_000_000_123_456_789).naive_utc();
        let cursor = Cursor { at, id: "3f2a-row".into() };
        assert_eq!(Cursor::parse(&cursor.encode()).unwrap(), cursor);
    }

    #[test]
    fn a_made_up_cursor_is_a_clear_400() {
        for bad in ["", "yesterday", "12", "abc.def", "12."] {
            let e = Cursor::parse(bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput, "{bad}");
        }
    }
}
