//! Care links between a patient and a carer or worker (`invited → active → revoked`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::care_links;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = care_links)]
pub struct CareLink {
    pub id: String,
    pub patient_id: String,
    pub member_id: String,
    pub relation: String,
    pub scopes: String,
    pub state: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, link: &CareLink) -> QueryResult<()> {
    diesel::insert_into(care_links::table).values(link).execute(conn).map(|_| ())
}

pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<CareLink>> {
    care_links::table.find(id).select(CareLink::as_select()).first(conn).optional()
}

/// The link between this patient and member that is not revoked, if any; otherwise the latest
/// revoked one (so a revoked member can be told sharing stopped).
pub fn between(conn: &mut DbConn, patient_id: &str, member_id: &str) -> QueryResult<Option<CareLink>> {
    let links: Vec<CareLink> = care_links::table
        .filter(care_links::patient_id.eq(patient_id))
        .filter(care_links::member_id.eq(member_id))
        .order(care_links::updated_at.desc())
        .select(CareLink::as_select())
        .load(conn)?;
    let open = links.iter().position(|l| l.state != "revoked");
    Ok(match open {
        Some(i) => links.into_iter().nth(i),
        None => links.into_iter().next(),
    })
}

/// Every link where the person is the patient or the member, newest first.
pub fn involving(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<CareLink>> {
    care_links::table
        .filter(care_links::patient_id.eq(user_id).or(care_links::member_id.eq(user_id)))
        .order(care_links::created_at.desc())
        .select(CareLink::as_select())
        .load(conn)
}

/// The member's active links, oldest first.
pub fn active_for_member(conn: &mut DbConn, member_id: &str) -> QueryResult<Vec<CareLink>> {
    care_links::table
        .filter(care_links::member_id.eq(member_id))
        .filter(care_links::state.eq("active"))
        .order(care_links::created_at.asc())
        .select(CareLink::as_select())
        .load(conn)
}

pub fn set_scopes_and_state(
    conn: &mut DbConn,
    id: &str,
    scopes: &str,
    state: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(care_links::table.find(id))
        .set((care_links::scopes.eq(scopes), care_links::state.eq(state), care_links::updated_at.eq(at)))
        .execute(conn)
}

pub fn revoke(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(care_links::table.find(id).filter(care_links::state.ne("revoked")))
        .set((care_links::state.eq("revoked"), care_links::updated_at.eq(at), care_links::revoked_at.eq(Some(at))))
        .execute(conn)
}

/// Revokes every open link the person is part of (on either side).
pub fn revoke_all_involving(conn: &mut DbConn, user_id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        care_links::table
            .filter(care_links::patient_id.eq(user_id).or(care_links::member_id.eq(user_id)))
            .filter(care_links::state.ne("revoked")),
    )
    .set((care_links::state.eq("revoked"), care_links::updated_at.eq(at), care_links::revoked_at.eq(Some(at))))
    .execute(conn)
}
