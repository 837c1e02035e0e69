//! Invites (a patient invites a carer or project worker, choosing the scopes) and enrolments (a
//! worker gives a patient a code; the patient then chooses the scopes).

use evenkeel_domain::api::Role;
use evenkeel_domain::error::ErrorCode;
use evenkeel_domain::sharing::{CodeResponse, CreateInviteRequest, LinkState, LinkView, Relation, code};

use super::codes::{self, PURPOSE_ENROLMENT, PURPOSE_INVITE};
use super::links;
use crate::access::active_user;
use crate::auth::caller::Caller;
use crate::db::care_links::{self, CareLink};
use crate::db::invites::{self, Invite};
use crate::db::users::{self, User};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

pub fn create_invite(conn: &mut DbConn, caller: &Caller, req: &CreateInviteRequest) -> AppResult<CodeResponse> {
    let user = active_user(conn, caller)?;
    if user.role != Role::Patient.as_str() {
        return Err(AppError::new(ErrorCode::Forbidden, "Only patients can invite someone to see their diary."));
    }
    if req.scopes.is_empty() {
        return Err(AppError::invalid_input("Please choose at least one part of your diary to share."));
    }
    codes::issue(conn, PURPOSE_INVITE, &user.id, req.relation, &req.scopes)
}

pub fn create_enrolment(conn: &mut DbConn, caller: &Caller) -> AppResult<CodeResponse> {
    let user = active_user(conn, caller)?;
    if user.role != Role::Worker.as_str() {
        return Err(AppError::new(ErrorCode::Forbidden, "Only project workers can enrol patients."));
    }
    codes::issue(conn, PURPOSE_ENROLMENT, &user.id, Relation::Worker, &[])
}

fn code_not_found() -> AppError {
    AppError::new(
        ErrorCode::CodeNotFound,
        "That code doesn't match an invitation. Please check it (8 letters and numbers, like ABCD-EFGH) and try again.",
    )
}

/// Finds a usable code of `purpose`: it exists, is unused and has not expired.
fn usable(conn: &mut DbConn, typed: &str, purpose: &str) -> AppResult<Invite> {
    let canonical = code::normalize(typed).ok_or_else(code_not_found)?;
    let invite = invites::by_hash(conn, &codes::hash(&canonical))?
        .filter(|i| i.purpose == purpose)
        .ok_or_else(code_not_found)?;
    if invite.used_at.is_some() {
        return Err(AppError::new(
            ErrorCode::CodeUsed,
            "That code has already been used. Each code works once; please ask for a new one.",
        ));
    }
    if invite.expires_at <= db::now() {
        return Err(AppError::new(
            ErrorCode::CodeExpired,
            "That code has expired (codes last 7 days). Please ask for a new one.",
        ));
    }
    Ok(invite)
}

/// The code's creator, if their account is still active.
fn creator(conn: &mut DbConn, invite: &Invite) -> AppResult<User> {
    users::by_id(conn, &invite.created_by)?
        .filter(|u| u.deactivated_at.is_none())
        .ok_or_else(|| AppError::new(ErrorCode::CodeExpired, "That code is no longer valid. Please ask for a new one."))
}

fn claim(conn: &mut DbConn, invite: &Invite, user: &User) -> AppResult<()> {
    if invites::claim(conn, &invite.id, &user.id, db::now())? {
        Ok(())
    } else {
        Err(AppError::new(ErrorCode::CodeUsed, "That code has just been used. Please ask for a new one."))
    }
}

/// A signed-in (or just registered) carer or worker accepts a patient's invite: the link becomes
/// active with the invite's scopes (replacing those of an open link between the two, if any).
pub fn accept_invite(conn: &mut DbConn, member: &User, typed: &str) -> AppResult<LinkView> {
    let invite = usable(conn, typed, PURPOSE_INVITE)?;
    if member.role != invite.relation {
        let wanted = Relation::parse(&invite.relation).map_or("someone else", |r| match r {
            Relation::Carer => "a carer",
            Relation::Worker => "a project worker",
        });
        return Err(AppError::new(
            ErrorCode::WrongRelation,
            format!(
                "This invitation is for {wanted}, and your account is a {} account, so it can't be used here.",
                member.role
            ),
        ));
    }
    let patient = creator(conn, &invite)?;
    claim(conn, &invite, member)?;
    let now = db::now();
    let link = match care_links::between(conn, &patient.id, &member.id)?.filter(|l| l.state != "revoked") {
        Some(open) => {
            care_links::set_scopes_and_state(conn, &open.id, &invite.scopes, LinkState::Active.as_str(), now)?;
            open.id
        }
        None => {
            let id = db::new_id();
            care_links::insert(
                conn,
                &CareLink {
                    id: id.clone(),
                    patient_id: patient.id.clone(),
                    member_id: member.id.clone(),
                    relation: invite.relation.clone(),
                    scopes: invite.scopes.clone(),
                    state: LinkState::Active.as_str().to_owned(),
                    created_at: now,
                    updated_at: now,
                    revoked_at: None,
                },
            )?;
            id
        }
    };
    links::view_by_id(conn, &link)
}

/// A patient accepts a worker's enrolment code: a link in state `invited`, sharing nothing until
/// the patient chooses the scopes. An open link to that worker is kept as it is.
pub fn accept_enrolment(conn: &mut DbConn, patient: &User, typed: &str) -> AppResult<LinkView> {
    let invite = usable(conn, typed, PURPOSE_ENROLMENT)?;
    if patient.role != Role::Patient.as_str() {
        return Err(AppError::new(
            ErrorCode::WrongRelation,
            "Enrolment codes are for patients joining their practice's service; your account isn't a patient account.",
        ));
    }
    let worker = creator(conn, &invite)?;
    claim(conn, &invite, patient)?;
    if let Some(open) = care_links::between(conn, &patient.id, &worker.id)?.filter(|l| l.state != "revoked") {
        return links::view_by_id(conn, &open.id);
    }
    let now = db::now();
    let id = db::new_id();
    care_links::insert(
        conn,
        &CareLink {
            id: id.clone(),
            patient_id: patient.id.clone(),
            member_id: worker.id.clone(),
            relation: Relation::Worker.as_str().to_owned(),
            scopes: String::new(),
            state: LinkState::Invited.as_str().to_owned(),
            created_at: now,
            updated_at: now,
            revoked_at: None,
        },
    )?;
    links::view_by_id(conn, &id)
}

pub fn accept_invite_signed_in(conn: &mut DbConn, caller: &Caller, typed: &str) -> AppResult<LinkView> {
    let user = active_user(conn, caller)?;
    diesel::Connection::transaction(conn, |conn| accept_invite(conn, &user, typed))
}

pub fn accept_enrolment_signed_in(conn: &mut DbConn, caller: &Caller, typed: &str) -> AppResult<LinkView> {
    let user = active_user(conn, caller)?;
    diesel::Connection::transaction(conn, |conn| accept_enrolment(conn, &user, typed))
}
