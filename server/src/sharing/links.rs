//! Care links as people see them: list mine, and — for the patient — change what a link shares or
//! end it. Changes take effect on the very next request: the gate reads the link every time.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::sharing::{LinkState, LinkView, Relation, Scope, scopes_from_text, scopes_to_text};

use crate::access::active_user;
use crate::auth::caller::Caller;
use crate::db::care_links::{self, CareLink};
use crate::db::users::{self, User};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

fn utc(t: chrono::NaiveDateTime) -> DateTime<Utc> {
    DateTime::<Utc>::from_naive_utc_and_offset(t, Utc)
}

fn uuid(id: &str) -> AppResult<uuid::Uuid> {
    id.parse().map_err(|e| AppError::internal(anyhow::anyhow!("stored id {id:?} is not a uuid: {e}")))
}

fn views(conn: &mut DbConn, links: Vec<CareLink>) -> AppResult<Vec<LinkView>> {
    let ids: Vec<String> = links.iter().flat_map(|l| [l.patient_id.clone(), l.member_id.clone()]).collect();
    let names: HashMap<String, String> =
        users::by_ids(conn, &ids)?.into_iter().map(|u: User| (u.id, u.display_name)).collect();
    let name = |id: &str| names.get(id).cloned().unwrap_or_default();
    links
        .into_iter()
        .map(|l| {
            Ok(LinkView {
                id: uuid(&l.id)?,
                patient_id: uuid(&l.patient_id)?,
                patient_name: name(&l.patient_id),
                member_id: uuid(&l.member_id)?,
                member_name: name(&l.member_id),
                relation: Relation::parse(&l.relation)
                    .ok_or_else(|| AppError::internal(anyhow::anyhow!("bad relation {:?}", l.relation)))?,
                scopes: scopes_from_text(&l.scopes),
                state: LinkState::parse(&l.state)
                    .ok_or_else(|| AppError::internal(anyhow::anyhow!("bad link state {:?}", l.state)))?,
                created_at: utc(l.created_at),
                updated_at: utc(l.updated_at),
            })
        })
        .collect()
}

pub fn view_by_id(conn: &mut DbConn, id: &str) -> AppResult<LinkView> {
    let link = care_links::by_id(conn, id)?.ok_or_else(AppError::not_found)?;
    views(conn, vec![link])?.pop().ok_or_else(AppError::not_found)
}

/// My links: a patient's carers and workers, or a carer's or worker's patients.
pub fn list(conn: &mut DbConn, caller: &Caller) -> AppResult<Vec<LinkView>> {
    let user = active_user(conn, caller)?;
    let links = care_links::involving(conn, &user.id)?;
    views(conn, links)
}

fn link_not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, "We couldn't find that connection.")
}

/// The link, if the caller is its patient. Its member gets 403; anyone else 404.
fn patients_link(conn: &mut DbConn, caller: &Caller, link_id: &str) -> AppResult<CareLink> {
    let user = active_user(conn, caller)?;
    let link = care_links::by_id(conn, link_id)?.ok_or_else(link_not_found)?;
    if link.patient_id == user.id {
        Ok(link)
    } else if link.member_id == user.id {
        Err(AppError::new(ErrorCode::Forbidden, "Only the patient can change what they share."))
    } else {
        Err(link_not_found())
    }
}

/// Sets the scopes; an `invited` link (from an enrolment) becomes `active`.
pub fn update(conn: &mut DbConn, caller: &Caller, link_id: &str, scopes: &[Scope]) -> AppResult<LinkView> {
    let link = patients_link(conn, caller, link_id)?;
    if link.state == LinkState::Revoked.as_str() {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "You stopped sharing with this person. To share again, make a new invitation.",
        ));
    }
    care_links::set_scopes_and_state(conn, &link.id, &scopes_to_text(scopes), LinkState::Active.as_str(), db::now())?;
    view_by_id(conn, &link.id)
}

/// Ends the link at once. Ending an ended link changes nothing.
pub fn revoke(conn: &mut DbConn, caller: &Caller, link_id: &str) -> AppResult<LinkView> {
    let link = patients_link(conn, caller, link_id)?;
    care_links::revoke(conn, &link.id, db::now())?;
    view_by_id(conn, &link.id)
}
